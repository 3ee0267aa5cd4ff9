/* test_capitals.c: amounts on a receipt in Chinese capitals (大写金额) — 整 only when there are
 * no 角 and 分, one 零 for a run of zeros inside the number and across 万 and 亿, 角 and 分, the
 * negative of a reversal, and the largest amounts the books take. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/capitals.h"

static void
check(int64_t fen, const char *want)
{
	char out[CAPITALS_MAX];
	size_t n = capitals_of(fen, out);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void
whole_yuan_end_in_zheng(void **state)
{
	(void)state;
	check(13500, "壹佰叁拾伍元整");
	check(100, "壹元整");
	check(1000, "壹拾元整");
	check(27000, "贰佰柒拾元整");
	check(0, "零元整");
}

static void
zeros_inside_are_one_ling(void **state)
{
	(void)state;
	check(100500, "壹仟零伍元整");
	check(1000500, "壹万零伍元整");
	check(1050000, "壹万零伍佰元整");
	check(10000500, "壹拾万零伍元整");
	check(10010000, "壹拾万零壹佰元整");
	check(1100000, "壹万壹仟元整");
	check(100000000, "壹佰万元整");
}

static void
jiao_and_fen(void **state)
{
	(void)state;
	check(1000530, "壹万零伍元叁角");
	check(105, "壹元零伍分");
	check(5, "伍分");
	check(30, "叁角");
	check(35, "叁角伍分");
	check(12345, "壹佰贰拾叁元肆角伍分");
	check(1030, "壹拾元叁角");
}

static void
large_amounts_cross_wan_and_yi(void **state)
{
	(void)state;
	check(INT64_C(10000000000), "壹亿元整");
	check(INT64_C(10001000000), "壹亿零壹万元整");
	check(INT64_C(10000000100), "壹亿零壹元整");
	check(INT64_C(12345678900), "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整");
	check(INT64_C(1000000000000000), "壹拾万亿元整");
	check(INT64_C(999999999999999), "玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
}

static void
a_reversal_is_negative(void **state)
{
	(void)state;
	check(-13500, "负壹佰叁拾伍元整");
	check(-5, "负伍分");
}

static void
beyond_the_books_writes_nothing(void **state)
{
	(void)state;
	check(INT64_C(1000000000000001), "");
	check(INT64_MIN, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_yuan_end_in_zheng),
		cmocka_unit_test(zeros_inside_are_one_ling),
		cmocka_unit_test(jiao_and_fen),
		cmocka_unit_test(large_amounts_cross_wan_and_yi),
		cmocka_unit_test(a_reversal_is_negative),
		cmocka_unit_test(beyond_the_books_writes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
