/* test_utf8.c: only well-formed UTF-8 (Unicode table 3-7) passes the edge; nothing else is stored. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/utf8.h"

/* Byte strings are spelled out in hex so the test shows exactly what is checked. */
#define VALID(lit) assert_true(utf8_valid(lit, sizeof(lit) - 1))
#define INVALID(lit) assert_false(utf8_valid(lit, sizeof(lit) - 1))

static void
ascii_and_the_empty_string_are_valid(void **state)
{
	(void)state;
	VALID("");
	VALID("Building 3, unit 502");
	VALID("\x01\x1f\x7f"); /* control characters are UTF-8; only NUL is refused */
}

static void
chinese_text_is_valid(void **state)
{
	(void)state;
	VALID("院里人的事，院里人做主");
	VALID("\xe4\xb8\xad"); /* 中 */
}

static void
four_byte_emoji_are_valid(void **state)
{
	(void)state;
	VALID("\xf0\x9f\x98\x80"); /* U+1F600 */
	VALID("赞\xf0\x9f\x91\x8d");
}

static void
the_edges_of_each_length_are_valid(void **state)
{
	(void)state;
	VALID("\xc2\x80");         /* U+0080, the first two-byte character */
	VALID("\xdf\xbf");         /* U+07FF */
	VALID("\xe0\xa0\x80");     /* U+0800, the first three-byte character */
	VALID("\xed\x9f\xbf");     /* U+D7FF, just below the surrogates */
	VALID("\xee\x80\x80");     /* U+E000, just above them */
	VALID("\xef\xbf\xbf");     /* U+FFFF */
	VALID("\xf0\x90\x80\x80"); /* U+10000 */
	VALID("\xf4\x8f\xbf\xbf"); /* U+10FFFF, the last code point */
}

static void
overlong_forms_are_refused(void **state)
{
	(void)state;
	INVALID("\xc0\x80");         /* NUL in two bytes: the classic filter bypass */
	INVALID("\xc1\xbf");         /* U+007F in two bytes */
	INVALID("\xc0\xaf");         /* '/' in two bytes: path traversal in old decoders */
	INVALID("\xe0\x80\x80");     /* NUL in three bytes */
	INVALID("\xe0\x9f\xbf");     /* U+07FF in three bytes */
	INVALID("\xf0\x80\x80\x80"); /* NUL in four bytes */
	INVALID("\xf0\x8f\xbf\xbf"); /* U+FFFF in four bytes */
}

static void
surrogates_are_refused(void **state)
{
	(void)state;
	INVALID("\xed\xa0\x80");                 /* U+D800 */
	INVALID("\xed\xbf\xbf");                 /* U+DFFF */
	INVALID("\xed\xa0\xbd\xed\xb8\x80");     /* a CESU-8 surrogate pair for U+1F600 */
}

static void
code_points_beyond_u10ffff_are_refused(void **state)
{
	(void)state;
	INVALID("\xf4\x90\x80\x80"); /* U+110000 */
	INVALID("\xf5\x80\x80\x80");
	INVALID("\xf8\x88\x80\x80\x80"); /* old five-byte form */
	INVALID("\xfe");
	INVALID("\xff");
}

static void
truncated_sequences_are_refused(void **state)
{
	(void)state;
	INVALID("\xe4\xb8");         /* 中 missing its last byte */
	INVALID("\xf0\x9f\x98");     /* emoji missing its last byte */
	INVALID("\xc2");
	INVALID("abc\xe4");          /* cut at the end of an otherwise fine string */
	INVALID("\xe4\xb8 x");       /* cut in the middle */
	/* the same bytes are fine when the length covers the whole character */
	assert_false(utf8_valid("\xe4\xb8\xad", 2));
	assert_true(utf8_valid("\xe4\xb8\xad", 3));
}

static void
stray_and_wrong_continuation_bytes_are_refused(void **state)
{
	(void)state;
	INVALID("\x80");
	INVALID("a\xbf");
	INVALID("\xe4\x41\x80");     /* lead byte followed by ASCII */
	INVALID("\xe4\xb8\xc0");     /* lead byte followed by another lead byte */
	INVALID("\xc2\xc2\x80");
}

static void
nul_bytes_are_refused_anywhere(void **state)
{
	(void)state;
	INVALID("\0");
	INVALID("abc\0def");
	INVALID("中\0");
}

static void
characters_are_counted_not_bytes(void **state)
{
	(void)state;
	const char *s = "a中\xf0\x9f\x98\x80z";
	assert_int_equal(utf8_chars(s, strlen(s)), 4);
	assert_int_equal(utf8_chars("院里", strlen("院里")), 2);
	assert_int_equal(utf8_chars("", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_and_the_empty_string_are_valid),
		cmocka_unit_test(chinese_text_is_valid),
		cmocka_unit_test(four_byte_emoji_are_valid),
		cmocka_unit_test(the_edges_of_each_length_are_valid),
		cmocka_unit_test(overlong_forms_are_refused),
		cmocka_unit_test(surrogates_are_refused),
		cmocka_unit_test(code_points_beyond_u10ffff_are_refused),
		cmocka_unit_test(truncated_sequences_are_refused),
		cmocka_unit_test(stray_and_wrong_continuation_bytes_are_refused),
		cmocka_unit_test(nul_bytes_are_refused_anywhere),
		cmocka_unit_test(characters_are_counted_not_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
