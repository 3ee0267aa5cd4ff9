/* test_i18n.c: every message exists in zh-CN and English with the same printf slots; the browser's
 * language is honoured and zh-CN is the fallback. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "web/i18n.h"

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

static void
every_message_has_text_in_both_languages(void **state)
{
	(void)state;
	for (int m = 0; m < MSG__COUNT; m++)
		for (int l = 0; l < LANG__COUNT; l++) {
			const char *s = i18n_get((enum lang)l, (enum msg)m);
			if (s == NULL || *s == '\0')
				fail_msg("message %d is empty in %s", m, lang_code((enum lang)l));
		}
}

static void
both_languages_have_the_same_printf_slots(void **state)
{
	(void)state;
	/* a translation with a missing or extra %s would read garbage off the stack */
	for (int m = 0; m < MSG__COUNT; m++) {
		char zh[16], en[16];
		slots(i18n_get(LANG_ZH, (enum msg)m), zh, sizeof zh);
		slots(i18n_get(LANG_EN, (enum msg)m), en, sizeof en);
		if (strcmp(zh, en) != 0)
			fail_msg("message %d: zh slots \"%s\", en slots \"%s\"\n  zh: %s\n  en: %s", m, zh, en,
			         i18n_get(LANG_ZH, (enum msg)m), i18n_get(LANG_EN, (enum msg)m));
	}
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
