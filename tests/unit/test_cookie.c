/* test_cookie.c: the Cookie header is read leniently: odd cookies are dropped, never fatal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "web/cookie.h"
#include "web/form.h"

static int
arena_setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int
arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static struct kvlist
parse(void **state, const char *s)
{
	struct kvlist l;
	cookie_parse(*state, s, strlen(s), &l);
	return l;
}

static void
pairs_are_split_on_semicolons(void **state)
{
	struct kvlist l = parse(state, "sid=abc123; lang=en; large=1");
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "sid"), "abc123");
	assert_string_equal(kv_get(&l, "lang"), "en");
	assert_string_equal(kv_get(&l, "large"), "1");
}

static void
quotes_around_a_value_are_removed(void **state)
{
	struct kvlist l = parse(state, "sid=\"abc\"; empty=\"\"");
	assert_string_equal(kv_get(&l, "sid"), "abc");
	assert_int_equal(kv_find(&l, "sid")->value_len, 3);
	assert_string_equal(kv_get(&l, "empty"), "");
}

static void
spaces_and_tabs_around_names_and_values_are_ignored(void **state)
{
	struct kvlist l = parse(state, "  a = 1 ;\tb\t=\t2\t;;; c=3");
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].name, "a");
	assert_string_equal(l.v[0].value, "1");
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_string_equal(kv_get(&l, "c"), "3");
}

static void
a_space_inside_a_value_is_kept(void **state)
{
	struct kvlist l = parse(state, "note=hello world");
	assert_string_equal(kv_get(&l, "note"), "hello world");
}

static void
pairs_without_equals_or_without_a_name_are_skipped(void **state)
{
	struct kvlist l = parse(state, "junk; =orphan; sid=s1; ;=; trailing");
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "sid"), "s1");
}

static void
only_the_first_equals_separates_name_from_value(void **state)
{
	struct kvlist l = parse(state, "t=a=b==; e=");
	assert_string_equal(kv_get(&l, "t"), "a=b==");
	assert_string_equal(kv_get(&l, "e"), "");
}

static void
a_cookie_that_is_not_utf8_is_skipped_and_the_others_kept(void **state)
{
	/* a stray cookie from another app on the same host must not lock a resident out */
	struct kvlist l = parse(state, "bad=\xff\xfe; sid=s1; \xc0\x80=x; ok=中文");
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "sid"), "s1");
	assert_string_equal(kv_get(&l, "ok"), "中文");
	assert_null(kv_get(&l, "bad"));
}

static void
a_cookie_holding_nul_is_skipped(void **state)
{
	struct kvlist l;
	static const char h[] = "a=x\0y; sid=s1";
	cookie_parse(*state, h, sizeof h - 1, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "sid"), "s1");
}

static void
at_most_64_cookies_are_kept(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	for (int i = 0; i < 200; i++)
		buf_printf(&b, "c%d=%d; ", i, i);
	struct kvlist l;
	cookie_parse(*state, b.p, b.len, &l);
	assert_int_equal(l.n, 64);
	assert_string_equal(kv_get(&l, "c0"), "0");
	assert_string_equal(kv_get(&l, "c63"), "63");
	assert_null(kv_get(&l, "c64"));
}

static void
an_empty_header_gives_no_cookies(void **state)
{
	struct kvlist l = parse(state, "");
	assert_int_equal(l.n, 0);
	l = parse(state, " ; ;\t");
	assert_int_equal(l.n, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(pairs_are_split_on_semicolons),
		T(quotes_around_a_value_are_removed),
		T(spaces_and_tabs_around_names_and_values_are_ignored),
		T(a_space_inside_a_value_is_kept),
		T(pairs_without_equals_or_without_a_name_are_skipped),
		T(only_the_first_equals_separates_name_from_value),
		T(a_cookie_that_is_not_utf8_is_skipped_and_the_others_kept),
		T(a_cookie_holding_nul_is_skipped),
		T(at_most_64_cookies_are_kept),
		T(an_empty_header_gives_no_cookies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
