/* test_decimal.c: money and area are exact two-place decimals; anything else is refused, never rounded. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/decimal.h"

/* Parses a C string; the value is only meaningful when the result is YL_OK. */
static enum yl_err
parse(const char *s, bool allow_negative, int64_t *v)
{
	*v = 0;
	return dec_parse(s, strlen(s), allow_negative, v);
}

static void
assert_parses(const char *s, bool allow_negative, int64_t hundredths)
{
	int64_t v;
	if (parse(s, allow_negative, &v) != YL_OK)
		fail_msg("\"%s\" was refused", s);
	assert_int_equal(v, hundredths);
}

static void
assert_refused(const char *s, bool allow_negative)
{
	int64_t v;
	if (parse(s, allow_negative, &v) != ERR_INVALID)
		fail_msg("\"%s\" was accepted as %lld", s, (long long)v);
}

static void
area_as_people_write_it_is_read_in_hundredths(void **state)
{
	(void)state;
	assert_parses("63.5", false, 6350);
	assert_parses("63.50", false, 6350);
	assert_parses("0.05", false, 5);
	assert_parses("1234", false, 123400);
	assert_parses("0", false, 0);
	assert_parses("0.5", false, 50);
	assert_parses("10.01", false, 1001);
}

static void
three_decimals_are_refused_not_rounded(void **state)
{
	(void)state;
	assert_refused("12.345", false);
	assert_refused("12.340", false); /* even when the third digit is a harmless zero */
	assert_refused("0.001", false);
}

static void
exponents_and_signs_other_than_a_leading_minus_are_refused(void **state)
{
	(void)state;
	assert_refused("1e3", false);
	assert_refused("1E3", true);
	assert_refused("+1", false);
	assert_refused("+1", true);
	assert_refused("--1", true);
	assert_refused("1-", true);
	assert_refused("0x10", false);
}

static void
spaces_and_empty_input_are_refused(void **state)
{
	(void)state;
	assert_refused(" 1", false);
	assert_refused("1 ", false);
	assert_refused("1 000", false);
	assert_refused("", false);
	assert_refused("-", true);
}

static void
a_lone_point_or_a_missing_side_is_refused(void **state)
{
	(void)state;
	assert_refused(".", false);
	assert_refused("1.", false);
	assert_refused(".5", false);
	assert_refused("1..5", false);
	assert_refused("1.5.0", false);
	assert_refused("1,5", false); /* a decimal comma is not guessed at */
}

static void
leading_zeros_are_refused(void **state)
{
	(void)state;
	assert_refused("007", false);
	assert_refused("00", false);
	assert_refused("00.5", false);
	assert_refused("-01", true);
	assert_parses("0.07", false, 7);
}

static void
negative_amounts_only_where_allowed(void **state)
{
	(void)state;
	assert_refused("-12.05", false);
	assert_parses("-12.05", true, -1205);
	assert_parses("-0.05", true, -5);
}

static void
negative_zero_is_refused(void **state)
{
	(void)state;
	assert_refused("-0", true);
	assert_refused("-0.0", true);
	assert_refused("-0.00", true);
}

static void
the_largest_magnitude_is_accepted_and_one_hundredth_more_is_not(void **state)
{
	(void)state;
	assert_parses("10000000000000", false, DEC_MAX);
	assert_parses("10000000000000.00", false, DEC_MAX);
	assert_parses("-10000000000000", true, -DEC_MAX);
	assert_refused("10000000000000.01", false);
	assert_refused("-10000000000000.01", true);
	assert_refused("10000000000001", false);
}

static void
digits_beyond_int64_are_refused_without_overflow(void **state)
{
	(void)state;
	assert_refused("9223372036854775807", false);
	assert_refused("99999999999999999999999999999999", false);
	assert_refused("-99999999999999999999999999999999.99", true);
}

static void
only_the_given_length_is_read(void **state)
{
	(void)state;
	int64_t v = 0;
	/* "12.345" cut after five bytes is "12.34" */
	assert_int_equal(dec_parse("12.345", 5, false, &v), YL_OK);
	assert_int_equal(v, 1234);
	/* an embedded NUL is a byte like any other, and not a digit */
	assert_int_equal(dec_parse("1\0", 2, false, &v), ERR_INVALID);
	assert_int_equal(dec_parse("5", 0, false, &v), ERR_INVALID);
}

static void
format_writes_two_places_and_a_leading_minus(void **state)
{
	(void)state;
	char out[24];
	assert_int_equal(dec_format(6350, out), 5);
	assert_string_equal(out, "63.50");
	dec_format(5, out);
	assert_string_equal(out, "0.05");
	dec_format(0, out);
	assert_string_equal(out, "0.00");
	dec_format(-1205, out);
	assert_string_equal(out, "-12.05");
	dec_format(-5, out);
	assert_string_equal(out, "-0.05");
	dec_format(DEC_MAX, out);
	assert_string_equal(out, "10000000000000.00");
}

static void
format_fits_the_most_negative_int64_in_24_bytes(void **state)
{
	(void)state;
	char out[24];
	size_t n = dec_format(INT64_MIN, out);
	assert_string_equal(out, "-92233720368547758.08");
	assert_int_equal(n, strlen(out));
}

static void
what_format_writes_parse_reads_back(void **state)
{
	(void)state;
	static const int64_t values[] = {
		0, 1, 5, 10, 99, 100, 101, 6350, 123456, -1, -99, -100, -1205, DEC_MAX, -DEC_MAX,
		DEC_MAX - 1, 999999999999999,
	};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		char out[24];
		size_t n = dec_format(values[i], out);
		assert_int_equal(n, strlen(out));
		int64_t back = 0;
		assert_int_equal(dec_parse(out, n, true, &back), YL_OK);
		assert_int_equal(back, values[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(area_as_people_write_it_is_read_in_hundredths),
		cmocka_unit_test(three_decimals_are_refused_not_rounded),
		cmocka_unit_test(exponents_and_signs_other_than_a_leading_minus_are_refused),
		cmocka_unit_test(spaces_and_empty_input_are_refused),
		cmocka_unit_test(a_lone_point_or_a_missing_side_is_refused),
		cmocka_unit_test(leading_zeros_are_refused),
		cmocka_unit_test(negative_amounts_only_where_allowed),
		cmocka_unit_test(negative_zero_is_refused),
		cmocka_unit_test(the_largest_magnitude_is_accepted_and_one_hundredth_more_is_not),
		cmocka_unit_test(digits_beyond_int64_are_refused_without_overflow),
		cmocka_unit_test(only_the_given_length_is_read),
		cmocka_unit_test(format_writes_two_places_and_a_leading_minus),
		cmocka_unit_test(format_fits_the_most_negative_int64_in_24_bytes),
		cmocka_unit_test(what_format_writes_parse_reads_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
