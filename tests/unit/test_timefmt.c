/* test_timefmt.c: W3C date-times as Open311 clients send them are read to the right instant
 * whatever their zone, and anything without a time or a zone is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/timefmt.h"

#include <stdio.h>
#include <time.h>

/* 2026-11-27T07:30:00+08:00 */
#define T0 INT64_C(1795735800)

static void
the_same_instant_in_any_zone_reads_the_same(void **state)
{
	int64_t t;
	const char *same[] = {
		"2026-11-27T07:30:00+08:00", "2026-11-26T23:30:00Z", "2026-11-26T23:30:00z", "2026-11-26t23:30Z",
		"2026-11-26T18:30:00-05:00", "2026-11-27T07:30:00.999+08:00", "2026-11-27T07:30 08:00",
		"2026-11-27T05:00:00+05:30",
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		assert_int_equal(time_parse_w3c(same[i], &t), 0);
		assert_int_equal(t, T0);
	}
	char out[26];
	time_rfc3339(T0, out);
	assert_string_equal(out, "2026-11-27T07:30:00+08:00");
}

static void
day_and_year_boundaries_are_exact(void **state)
{
	int64_t t;
	assert_int_equal(time_parse_w3c("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(time_parse_w3c("2024-02-29T23:59:59+00:00", &t), 0);
	assert_int_equal(t, INT64_C(1709251199));
	assert_int_equal(time_parse_w3c("2027-01-01T00:00:00+08:00", &t), 0);
	assert_int_equal(t, INT64_C(1798732800));
}

static void
a_date_without_time_or_zone_is_refused(void **state)
{
	int64_t t = 42;
	const char *bad[] = {
		"", "2026-11-27", "2026-11-27T07:30:00", "2026-11-27 07:30:00+08:00", "2026-11-27T7:30:00+08:00",
		"2026-11-27T24:00:00Z", "2026-11-27T07:60:00Z", "2026-11-27T07:30:60Z", "2026-02-30T07:30:00Z",
		"2025-02-29T07:30:00Z", "2026-13-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-11-27T07:30:00+0800",
		"2026-11-27T07:30:00+15:00", "2026-11-27T07:30:00+08:60", "2026-11-27T07:30:00Zjunk",
		"2026-11-27T07:30:00.+08:00", "2026-11-27T07:30:00+08:00 ", "2026-11-27T07", "2026-11-27T07:30:0Z",
		"yesterday",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (time_parse_w3c(bad[i], &t) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(t, 42);
	}
}

/* How a date is stored: the instant its day begins in Beijing, 16:00 UTC the day before — so an
 * instant just before that midnight belongs to the day before, one at it to the day. */
static void
a_day_begins_at_midnight_in_beijing(void **state)
{
	int64_t midnight;
	assert_int_equal(date_parse_local("2026-11-27", &midnight), 0);
	assert_int_equal(day_start_local(T0), midnight);
	assert_int_equal(day_start_local(midnight), midnight);
	assert_int_equal(day_start_local(midnight + 86399), midnight);
	assert_int_equal(day_start_local(midnight - 1), midnight - 86400);
	assert_int_equal(midnight % 86400, 16 * 3600);
}

/* Each formatter against the C library asked the same with the +08:00 offset added. */
static void
agrees_at(int64_t t)
{
	time_t b = (time_t)(t + 8 * 3600);
	struct tm tm;
	gmtime_r(&b, &tm);
	char got[26], want[32];
	strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
	time_rfc3339(t, got);
	assert_string_equal(got, want);
	strftime(want, sizeof want, "%Y-%m-%d %H:%M", &tm);
	time_local(t, got);
	assert_string_equal(got, want);
	strftime(want, sizeof want, "%Y-%m-%d", &tm);
	date_local(t, got);
	assert_string_equal(got, want);
}

/* The formatting is integer arithmetic of its own (no gmtime_r/strftime: their time-zone lock);
 * the C library is the yardstick: every 3,593rd second of 1970..2100 (so every minute and second
 * of the hour comes round) and each second around midnights, leap days and year ends. */
static void
formatting_agrees_with_the_c_library(void **state)
{
	(void)state;
	int64_t checked = 0;
	for (int64_t t = -8 * 3600; t < INT64_C(4102444800); t += 3600 - 7, checked++)
		agrees_at(t);
	assert_true(checked > 1000000);
	const int64_t edges[] = {0, INT64_C(951753600), INT64_C(1709164800), INT64_C(1798732800), INT64_C(4107456000)};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		for (int64_t t = edges[i] - 8 * 3600 - 2; t <= edges[i] - 8 * 3600 + 2; t++)
			agrees_at(t);
	char got[26];
	time_rfc3339(INT64_C(1795735800), got);
	assert_string_equal(got, "2026-11-27T07:30:00+08:00");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_same_instant_in_any_zone_reads_the_same),
		cmocka_unit_test(day_and_year_boundaries_are_exact),
		cmocka_unit_test(a_date_without_time_or_zone_is_refused),
		cmocka_unit_test(a_day_begins_at_midnight_in_beijing),
		cmocka_unit_test(formatting_agrees_with_the_c_library),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
