/* test_i18n.c: every message exists in zh-CN and English with the same printf slots, a counted
 * message's two English forms too, and English reads "1 problem" but "2 problems"; the browser's
 * language is honoured and zh-CN is the fallback. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "web/i18n.h"
#include "web/req.h"

/* The conversion letters of s's printf slots, in order ("%s ... %d" -> "sd"); "%%" is no slot. */
static void
slots(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = s; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		while (*p && strchr("-+ #0123456789.*lhjztL", *p))
			p++;
		if (*p == '\0')
			break;
		if (n + 1 < cap)
			out[n++] = *p;
	}
	out[n] = '\0';
}

/* Every text the catalogue holds for m in language l: a plain message's one text twice, a counted
 * message's forms for 1 and for any other count (in Chinese the same text twice). */
static void
texts(enum lang l, enum msg m, const char *out[2])
{
	out[0] = i18n_form(l, m, 1);
	out[1] = i18n_form(l, m, 2);
}

static void
every_message_has_text_in_both_languages(void **state)
{
	(void)state;
	for (int m = 0; m < MSG__COUNT; m++)
		for (int l = 0; l < LANG__COUNT; l++) {
			const char *t[2];
			texts((enum lang)l, (enum msg)m, t);
			for (int f = 0; f < 2; f++)
				if (t[f] == NULL || *t[f] == '\0')
					fail_msg("message %d is empty in %s", m, lang_code((enum lang)l));
		}
}

static void
both_languages_have_the_same_printf_slots(void **state)
{
	(void)state;
	/* a translation with a missing or extra %s would read garbage off the stack; so would a counted
	 * message's one form whose slots are not its other form's, read with the same arguments */
	for (int m = 0; m < MSG__COUNT; m++) {
		const char *zh = i18n_form(LANG_ZH, (enum msg)m, 2), *t[2];
		char want[16], got[16];
		slots(zh, want, sizeof want);
		texts(LANG_EN, (enum msg)m, t);
		for (int f = 0; f < 2; f++) {
			slots(t[f], got, sizeof got);
			if (strcmp(want, got) != 0)
				fail_msg("message %d: zh slots \"%s\", en slots \"%s\"\n  zh: %s\n  en: %s", m, want, got, zh,
				         t[f]);
		}
	}
}

static void
a_counted_message_has_two_english_forms_and_one_chinese(void **state)
{
	(void)state;
	int counted = 0;
	for (int m = 0; m < MSG__COUNT; m++) {
		if (!i18n_counted((enum msg)m))
			continue;
		counted++;
		const char *one = i18n_form(LANG_EN, (enum msg)m, 1), *other = i18n_form(LANG_EN, (enum msg)m, 2);
		if (strcmp(one, other) == 0)
			fail_msg("message %d is counted but reads the same for 1 and 2: %s", m, one);
		/* every count but 1 takes the other form: none, several, and a negative that slipped through */
		const long long others[] = {0, 2, 3, 11, 21, 100, -1, -2};
		for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
			assert_ptr_equal(i18n_form(LANG_EN, (enum msg)m, others[i]), other);
		/* Chinese has no plural: one text for every count */
		assert_ptr_equal(i18n_form(LANG_ZH, (enum msg)m, 1), i18n_form(LANG_ZH, (enum msg)m, 2));
	}
	assert_true(counted >= 40); /* the catalogue's counted messages, not an empty mechanism */
}

static void
a_plain_message_reads_the_same_for_any_count(void **state)
{
	(void)state;
	for (int m = 0; m < MSG__COUNT; m++) {
		if (i18n_counted((enum msg)m))
			continue;
		for (int l = 0; l < LANG__COUNT; l++) {
			const char *t = i18n_get((enum lang)l, (enum msg)m);
			assert_ptr_equal(i18n_form((enum lang)l, (enum msg)m, 1), t);
			assert_ptr_equal(i18n_form((enum lang)l, (enum msg)m, 2), t);
		}
	}
}

/* Whether the word at p (after a count's slot and a space) is an English plural a count of 1
 * would misread: "problems", "days" but not "is", "yuan", "awaiting". */
static int
looks_plural(const char *p)
{
	static const char *const fine[] = {"is", "was", "has", "yes"};
	size_t n = 0;
	while (isalpha((unsigned char)p[n]) || p[n] == '-')
		n++;
	if (n < 2 || p[n - 1] != 's')
		return 0;
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
		if (strlen(fine[i]) == n && strncmp(p, fine[i], n) == 0)
			return 0;
	return 1;
}

/* Whether English text en puts a plural noun right after an integer slot ("%lld problems"). */
static int
blind_plural(const char *en)
{
	for (const char *p = en; (p = strchr(p, '%')) != NULL;) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		while (*p && strchr("-+ #0123456789.*hjztL", *p))
			p++;
		while (*p == 'l')
			p++;
		if (*p == '\0')
			return 0;
		if ((*p == 'd' || *p == 'u' || *p == 'i') && p[1] == ' ' && looks_plural(p + 2))
			return 1;
		p++;
	}
	return 0;
}

static void
no_plain_english_message_puts_a_plural_noun_after_a_count(void **state)
{
	(void)state;
	/* the checker itself */
	assert_true(blind_plural("%lld problems"));
	assert_true(blind_plural("%s: %d buildings, %d units"));
	assert_true(blind_plural("at most %zu characters"));
	assert_false(blind_plural("%s days (%lld resolved)")); /* a decimal's "1.5 days" is plural */
	assert_false(blind_plural("%lld awaiting acceptance, 100%% is done"));
	assert_false(blind_plural("Owners: %lld (units: %lld)"));
	/* "%lld problems" as a plain message reads "1 problems": it belongs in a MSGN, or its sentence
	 * reworded so no noun follows the count ("units: %d") */
	for (int m = 0; m < MSG__COUNT; m++)
		if (!i18n_counted((enum msg)m) && blind_plural(i18n_get(LANG_EN, (enum msg)m)))
			fail_msg("message %d reads \"1 …s\" for a count of 1: %s", m, i18n_get(LANG_EN, (enum msg)m));
}

static void
counted_messages_read_right_for_1_and_2(void **state)
{
	(void)state;
	struct req rq = {0};
	rq.a = arena_new();
	assert_non_null(rq.a);
	rq.lang = LANG_EN;
	/* the count alone */
	assert_string_equal(req_tn(&rq, MSG_PB_COUNT, 1, 1LL), "1 problem");
	assert_string_equal(req_tn(&rq, MSG_PB_COUNT, 2, 2LL), "2 problems");
	assert_string_equal(req_tn(&rq, MSG_PB_COUNT, 0, 0LL), "0 problems");
	assert_string_equal(req_tn(&rq, MSG_USERS_COUNT, 1, 1), "1 user");
	assert_string_equal(req_tn(&rq, MSG_AUDIT_COUNT, 1, 1), "1 entry");
	assert_string_equal(req_tn(&rq, MSG_AUDIT_COUNT, 2, 2), "2 entries");
	/* the count after other slots: the noun follows it, so it chooses */
	assert_string_equal(req_tn(&rq, MSG_FE_RUN_ROW, 1, "2026-03", 1LL, "120.50"), "2026-03: 1 bill, 120.50 yuan in all");
	assert_string_equal(req_tn(&rq, MSG_FE_RUN_ROW, 2, "2026-03", 2LL, "241.00"),
	                    "2026-03: 2 bills, 241.00 yuan in all");
	assert_string_equal(req_tn(&rq, MSG_ERR_TOO_LONG, 1, "x", 1), "\"x\" is too long (at most 1 character).");
	assert_string_equal(req_tn(&rq, MSG_ERR_TOO_LONG, 64, "city", 64), "\"city\" is too long (at most 64 characters).");
	/* "1 of 1 place taken" but "1 of 2 places taken": the noun follows the second count */
	assert_string_equal(req_tn(&rq, MSG_AC_TAKEN_OF, 1, 1LL, 1LL), "1 of 1 place taken");
	assert_string_equal(req_tn(&rq, MSG_AC_TAKEN_OF, 2, 1LL, 2LL), "1 of 2 places taken");
	/* the verb and the pronoun agree with the count too */
	assert_string_equal(req_tn(&rq, MSG_DI_PENDING, 1, 1LL, "2026-03"),
	                    "1 expense of 2026-03 is waiting for approval; decide it first.");
	assert_string_equal(req_tn(&rq, MSG_DI_PENDING, 2, 2LL, "2026-03"),
	                    "2 expenses of 2026-03 are waiting for approval; decide them first.");
	assert_string_equal(req_tn(&rq, MSG_FE_SKIPPED, 1, 1LL),
	                    "1 unit has some months of this period billed already and is skipped.");
	/* a chart's unit is counted with no slot at all */
	assert_string_equal(i18n_form(LANG_EN, MSG_DB_UNIT_PROBLEMS, 1), " problem");
	assert_string_equal(i18n_form(LANG_EN, MSG_DB_UNIT_PROBLEMS, 2), " problems");
	/* Chinese: the one text, whatever the count */
	rq.lang = LANG_ZH;
	assert_string_equal(req_tn(&rq, MSG_PB_COUNT, 1, 1LL), "共 1 个问题");
	assert_string_equal(req_tn(&rq, MSG_PB_COUNT, 2, 2LL), "共 2 个问题");
	assert_string_equal(req_tn(&rq, MSG_FE_RUN_ROW, 1, "2026-03", 1LL, "120.50"), "2026-03：1 张账单，合计 120.50 元");
	arena_free(rq.a);
}

static void
a_counted_message_read_without_its_count_never_shows_a_wrong_form(void **state)
{
	(void)state;
#ifdef NDEBUG
	/* a release build that missed a call site shows the form most counts take */
	assert_string_equal(i18n_get(LANG_EN, MSG_PB_COUNT), "%lld problems");
	assert_string_equal(i18n_get(LANG_ZH, MSG_PB_COUNT), "共 %lld 个问题");
#else
	/* a debug build (the one the HTTP tests run) stops, so the call site is found */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* quiet: the assertion's message is the expected outcome, not news */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(2);
		(void)i18n_get(LANG_EN, MSG_PB_COUNT);
		_exit(0);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
#endif
}

static void
the_slot_counter_sees_what_printf_sees(void **state)
{
	(void)state;
	char out[16];
	slots("%s 有 %d 户，占 100%%，%-5.2ld", out, sizeof out);
	assert_string_equal(out, "sdd");
}

static void
zh_cn_comes_first(void **state)
{
	(void)state;
	assert_string_equal(i18n_get(LANG_ZH, MSG_SITE_NAME), "院里");
	assert_string_equal(i18n_get(LANG_EN, MSG_SITE_NAME), "Yuanli");
}

static void
an_unknown_message_is_empty_not_null(void **state)
{
	(void)state;
	assert_string_equal(i18n_get(LANG_ZH, MSG__COUNT), "");
	assert_string_equal(i18n_get(LANG_EN, (enum msg)(MSG__COUNT + 5)), "");
}

static void
every_role_has_a_display_name(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__COUNT; r++)
		for (int l = 0; l < LANG__COUNT; l++)
			assert_true(strlen(i18n_role((enum lang)l, (enum role)r)) > 0);
	assert_string_equal(i18n_role(LANG_ZH, ROLE_HEAD), "邻长");
	assert_string_equal(i18n_role(LANG_EN, ROLE_HEAD), "Neighbourhood head");
}

static void
an_english_browser_gets_english(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate("en-US,en;q=0.9"), LANG_EN);
	assert_int_equal(i18n_negotiate("en"), LANG_EN);
	assert_int_equal(i18n_negotiate("EN-gb"), LANG_EN);
}

static void
a_chinese_browser_gets_chinese(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate("zh-CN,zh;q=0.9,en;q=0.8"), LANG_ZH);
	assert_int_equal(i18n_negotiate("zh-TW"), LANG_ZH);
}

static void
q_values_decide_not_the_order(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate("en;q=0.5, zh;q=0.8"), LANG_ZH);
	assert_int_equal(i18n_negotiate("zh;q=0.3,en;q=0.7"), LANG_EN);
	assert_int_equal(i18n_negotiate("fr-FR, en;q=0.9, zh;q=0.8"), LANG_EN);
}

static void
a_language_refused_with_q_0_is_not_chosen(void **state)
{
	(void)state;
	/* RFC 9110 §12.4.2: q=0 means "not acceptable", so this is no English browser */
	assert_int_equal(i18n_negotiate("en;q=0"), LANG_ZH);
	assert_int_equal(i18n_negotiate("fr, en;q=0.000"), LANG_ZH);
}

static void
no_header_or_another_language_falls_back_to_chinese(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate(NULL), LANG_ZH);
	assert_int_equal(i18n_negotiate(""), LANG_ZH);
	assert_int_equal(i18n_negotiate("fr"), LANG_ZH);
	assert_int_equal(i18n_negotiate("*"), LANG_ZH);
	assert_int_equal(i18n_negotiate("de-DE,fr;q=0.5"), LANG_ZH);
}

static void
a_tag_that_merely_starts_with_en_is_not_english(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate("eng"), LANG_ZH);
	assert_int_equal(i18n_negotiate("english"), LANG_ZH);
}

static void
garbled_headers_fall_back_to_chinese(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate(";;;,,,"), LANG_ZH);
	assert_int_equal(i18n_negotiate(";q="), LANG_ZH);
	assert_int_equal(i18n_negotiate(" , ; q=1"), LANG_ZH);
}

static void
language_codes_are_read_in_short_and_long_form(void **state)
{
	(void)state;
	assert_int_equal(lang_from_code("zh"), LANG_ZH);
	assert_int_equal(lang_from_code("zh-CN"), LANG_ZH);
	assert_int_equal(lang_from_code("zh-cn"), LANG_ZH);
	assert_int_equal(lang_from_code("en"), LANG_EN);
	assert_int_equal(lang_from_code("en-US"), LANG_EN);
}

static void
an_unknown_language_code_is_minus_one(void **state)
{
	(void)state;
	assert_int_equal(lang_from_code("fr"), -1);
	assert_int_equal(lang_from_code(""), -1);
	assert_int_equal(lang_from_code(NULL), -1);
	assert_int_equal(lang_from_code("english"), -1);
}

static void
language_codes_round_trip(void **state)
{
	(void)state;
	for (int l = 0; l < LANG__COUNT; l++)
		assert_int_equal(lang_from_code(lang_code((enum lang)l)), l);
	assert_string_equal(lang_code(LANG_ZH), "zh-CN");
	assert_string_equal(lang_code(LANG_EN), "en");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_message_has_text_in_both_languages),
		cmocka_unit_test(both_languages_have_the_same_printf_slots),
		cmocka_unit_test(the_slot_counter_sees_what_printf_sees),
		cmocka_unit_test(a_counted_message_has_two_english_forms_and_one_chinese),
		cmocka_unit_test(a_plain_message_reads_the_same_for_any_count),
		cmocka_unit_test(no_plain_english_message_puts_a_plural_noun_after_a_count),
		cmocka_unit_test(counted_messages_read_right_for_1_and_2),
		cmocka_unit_test(a_counted_message_read_without_its_count_never_shows_a_wrong_form),
		cmocka_unit_test(zh_cn_comes_first),
		cmocka_unit_test(an_unknown_message_is_empty_not_null),
		cmocka_unit_test(every_role_has_a_display_name),
		cmocka_unit_test(an_english_browser_gets_english),
		cmocka_unit_test(a_chinese_browser_gets_chinese),
		cmocka_unit_test(q_values_decide_not_the_order),
		cmocka_unit_test(a_language_refused_with_q_0_is_not_chosen),
		cmocka_unit_test(no_header_or_another_language_falls_back_to_chinese),
		cmocka_unit_test(a_tag_that_merely_starts_with_en_is_not_english),
		cmocka_unit_test(garbled_headers_fall_back_to_chinese),
		cmocka_unit_test(language_codes_are_read_in_short_and_long_form),
		cmocka_unit_test(an_unknown_language_code_is_minus_one),
		cmocka_unit_test(language_codes_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
