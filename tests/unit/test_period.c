/* test_period.c: months, quarters and years as bills and disclosures write them (core/period.c)
 * — parsing and formatting, refusals, month arithmetic across years, and Beijing's months. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/period.h"

static void
months_quarters_and_years_parse_and_format_back(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
		int first, months;
	} ok[] = {
		{"2026-11", "2026-11", 202611, 1}, {"2026-01", "2026-01", 202601, 1}, {"2026-Q4", "2026-Q4", 202610, 3},
		{"2026-q1", "2026-Q1", 202601, 3}, {"2026", "2026", 202601, 12},      {"2999-12", "2999-12", 299912, 1},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct period p;
		assert_int_equal(period_parse(ok[i].in, &p), YL_OK);
		assert_int_equal(p.first, ok[i].first);
		assert_int_equal(p.months, ok[i].months);
		char b[12];
		period_format(p, b);
		assert_string_equal(b, ok[i].out);
	}
	int m;
	assert_int_equal(month_parse("2026-11", &m), YL_OK);
	assert_int_equal(m, 202611);
	char b[8];
	month_format(202701, b);
	assert_string_equal(b, "2027-01");
}

static void
malformed_periods_are_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {"2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-11", "2026-1", "1999-12", "3000",
	                                  "2026-11-01", "2026/11", " 2026-11", "2026-11 ", "", "２０２６", "2026-QQ", NULL};
	for (size_t i = 0; bad[i]; i++) {
		struct period p;
		assert_int_equal(period_parse(bad[i], &p), ERR_INVALID);
	}
	struct period p;
	assert_int_equal(period_parse(NULL, &p), ERR_INVALID);
	int m;
	assert_int_equal(month_parse("2026-Q4", &m), ERR_INVALID);
	assert_int_equal(month_parse("2026", &m), ERR_INVALID);
	assert_false(month_valid(202613));
	assert_false(month_valid(202600));
	assert_true(month_valid(202612));
}

static void
month_arithmetic_crosses_years(void **state)
{
	(void)state;
	assert_int_equal(month_add(202611, 1), 202612);
	assert_int_equal(month_add(202612, 1), 202701);
	assert_int_equal(month_add(202601, -1), 202512);
	assert_int_equal(month_add(202611, 14), 202701 + 100);
	assert_int_equal(month_add(202611, -23), 202412);
	assert_int_equal(month_diff(202611, 202702), 3);
	assert_int_equal(month_diff(202702, 202611), -3);
	assert_int_equal(month_diff(202601, 202601), 0);
	assert_int_equal(period_last((struct period){202610, 3}), 202612);
	assert_int_equal(period_last((struct period){202601, 12}), 202612);
	assert_true(period_contains((struct period){202610, 3}, 202612));
	assert_false(period_contains((struct period){202610, 3}, 202701));
	assert_false(period_contains((struct period){202610, 3}, 202609));
}

static void
months_are_beijing_months(void **state)
{
	(void)state;
	/* 2026-11-30T16:00:00Z is 2026-12-01 00:00 in Beijing */
	int64_t dec1 = 1796054400;
	assert_int_equal(month_of(dec1), 202612);
	assert_int_equal(month_of(dec1 - 1), 202611);
	assert_int_equal(month_start(202612), dec1);
	assert_int_equal(month_start(month_add(202611, 1)), dec1);
	/* New Year in Beijing: 2026-12-31T16:00:00Z */
	assert_int_equal(month_of(month_start(202701)), 202701);
	assert_int_equal(month_of(month_start(202701) - 1), 202612);
	assert_int_equal(month_start(202701) - month_start(202612), 31 * 86400);
	/* before the epoch and a leap February */
	assert_int_equal(month_of(0), 197001);
	assert_int_equal(month_start(202403) - month_start(202402), 29 * 86400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(months_quarters_and_years_parse_and_format_back),
		cmocka_unit_test(malformed_periods_are_refused),
		cmocka_unit_test(month_arithmetic_crosses_years),
		cmocka_unit_test(months_are_beijing_months),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
