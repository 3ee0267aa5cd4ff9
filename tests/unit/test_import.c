/* test_import.c: the household import's rules — CSV reading, encodings, row validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/charset.h"
#include "core/csv.h"
#include "core/registry.h"

#define HEADER "building,stairwell,floor,room,area_m2,area_source,owner_ref,owner_name,owner_kind,status\n"

static struct import_result
parse(struct arena *a, const char *text)
{
	struct import_result r;
	import_parse(a, text, strlen(text), &r);
	return r;
}

static void
csv_reads_quotes_doubled_quotes_and_crlf(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\n1,2,3\n";
	struct csv c;
	struct csv_row r;
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c, a, &r), 1);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[1], "b,c");
	assert_string_equal(r.fields[2], "say \"hi\"");
	assert_int_equal(csv_next(&c, a, &r), 1);
	assert_int_equal(r.line, 3); /* the blank line is skipped but counted */
	assert_string_equal(r.fields[2], "3");
	assert_int_equal(csv_next(&c, a, &r), 0);
	arena_free(a);
}

static void
csv_refuses_an_unclosed_quote(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *text = "a,\"b\n";
	struct csv c;
	struct csv_row r;
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c, a, &r), -1);
	arena_free(a);
}

static void
a_clean_file_imports_every_row_and_groups_owners_by_ref(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct import_result r = parse(a, HEADER "3,2,3,301,63.5,register,A1,张秀英,person,delivered\n"
	                                         "3栋,2单元,3,302,70,,A1,张秀英,,\n"
	                                         "3号楼,1,1,101,45.05,survey,,原单位,developer,unsold\n");
	assert_int_equal(r.nerrors, 0);
	assert_int_equal(r.nrows, 3);
	assert_int_equal(r.owners, 2);
	assert_string_equal(r.rows[0].building, "3栋");
	assert_string_equal(r.rows[0].stairwell, "2单元");
	assert_int_equal(r.rows[0].area, 6350);
	assert_int_equal(r.rows[1].area_source, AREA_REGISTER); /* blank means the default */
	assert_int_equal(r.rows[1].status, UNIT_DELIVERED);
	assert_int_equal(r.rows[2].owner_kind, OWNER_DEVELOPER);
	assert_string_equal(r.rows[2].owner_ref, "unit:3栋/1单元/101"); /* blank ref: one owner per unit */
	arena_free(a);
}

static void
columns_may_come_in_any_order_and_optional_ones_may_be_missing(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct import_result r = parse(a, "room,area_m2,building,floor,stairwell\n101,50,1,1,1\n");
	assert_int_equal(r.nerrors, 0);
	assert_int_equal(r.nrows, 1);
	assert_string_equal(r.rows[0].room, "101");
	arena_free(a);
}

static void
every_bad_row_is_reported_with_line_and_column(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct import_result r = parse(a, HEADER "3,2,3,301,63.555,register,,,,\n" /* line 2 */
	                                         "3,2,3,302,-1,register,,,,\n"     /* line 3 */
	                                         "楼A,2,3,303,50,register,,,,\n"   /* line 4 */
	                                         "3,2,3,304,50,register,,,,\n"     /* line 5: fine */
	                                         "3,2,3,304,50,register,,,,\n"     /* line 6: duplicate */
	                                         "3,2,3,305,50,sworn,,,,\n"        /* line 7 */
	                                         "3,2,3,306,1e3,register,,,,\n");  /* line 8 */
	assert_int_equal(r.nerrors, 6);
	assert_int_equal(r.errors[0].line, 2);
	assert_string_equal(r.errors[0].field, "area_m2");
	assert_int_equal(r.errors[0].problem, IMP_BAD_AREA);
	assert_int_equal(r.errors[1].line, 3);
	assert_int_equal(r.errors[1].problem, IMP_BAD_AREA);
	assert_int_equal(r.errors[2].line, 4);
	assert_string_equal(r.errors[2].field, "building");
	assert_int_equal(r.errors[2].problem, IMP_BAD_BUILDING);
	assert_int_equal(r.errors[3].line, 6);
	assert_int_equal(r.errors[3].problem, IMP_DUPLICATE_UNIT);
	assert_int_equal(r.errors[4].line, 7);
	assert_int_equal(r.errors[4].problem, IMP_BAD_AREA_SOURCE);
	assert_int_equal(r.errors[5].line, 8);
	arena_free(a);
}

static void
a_missing_required_column_is_reported_before_any_row(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct import_result r = parse(a, "building,stairwell,floor,room\n1,1,1,101\n");
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].line, 1);
	assert_string_equal(r.errors[0].field, "area_m2");
	assert_int_equal(r.errors[0].problem, IMP_MISSING_COLUMN);
	r = parse(a, "building,stairwell,floor,room,area_m2,colour\n");
	assert_int_equal(r.errors[0].problem, IMP_UNKNOWN_COLUMN);
	arena_free(a);
}

static void
one_owner_ref_with_two_names_is_refused(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct import_result r = parse(a, HEADER "1,1,1,101,50,,X,王伟,,\n1,1,1,102,50,,X,李伟,,\n");
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].line, 3);
	assert_int_equal(r.errors[0].problem, IMP_OWNER_MISMATCH);
	arena_free(a);
}

static void
a_header_alone_is_no_import(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct import_result r = parse(a, HEADER);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].problem, IMP_NO_ROWS);
	arena_free(a);
}

static void
building_and_stairwell_names_are_normalised(void **state)
{
	(void)state;
	char out[REG_NAME_MAX];
	assert_true(registry_building("12", out));
	assert_string_equal(out, "12栋");
	assert_true(registry_building("12号楼", out));
	assert_string_equal(out, "12栋");
	assert_true(registry_building("A幢", out));
	assert_string_equal(out, "A栋");
	assert_false(registry_building("", out));
	assert_false(registry_building("栋", out));
	assert_false(registry_building("07", out));
	assert_false(registry_building("3 栋", out));
	assert_true(registry_stairwell("2单元", out));
	assert_string_equal(out, "2单元");
	assert_false(registry_stairwell("100", out));
	int f;
	assert_true(registry_floor("-1", &f));
	assert_int_equal(f, -1);
	assert_false(registry_floor("-0", &f));
	assert_false(registry_floor("100", &f));
	assert_false(registry_room("3 01"));
	assert_true(registry_room("3-01"));
}

static void
gbk_text_is_converted_and_utf8_kept_as_it_is(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *out;
	size_t n, bad;
	const char *used;
	/* "中南" in GBK is D6 D0 C4 CF */
	assert_int_equal(charset_to_utf8(a, "\xD6\xD0\xC4\xCF", 4, NULL, &out, &n, &used, &bad), YL_OK);
	assert_string_equal(out, "中南");
	assert_string_equal(used, "gb18030");
	assert_int_equal(charset_to_utf8(a, "\xEF\xBB\xBF中南", 9, NULL, &out, &n, &used, &bad), YL_OK);
	assert_string_equal(out, "中南"); /* the BOM is dropped */
	assert_string_equal(used, "utf-8");
	assert_int_equal(charset_to_utf8(a, "\xD6\xD0", 2, "GBK", &out, &n, &used, &bad), YL_OK);
	assert_string_equal(out, "中");
	arena_free(a);
}

static void
bytes_valid_in_no_declared_encoding_are_refused_with_their_offset(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *out;
	size_t n, bad;
	const char *used;
	assert_int_equal(charset_to_utf8(a, "ab\xFF\xFF", 4, "utf-8", &out, &n, &used, &bad), ERR_INVALID);
	assert_int_equal(bad, 2);
	assert_int_equal(charset_to_utf8(a, "ab\x81", 3, "gbk", &out, &n, &used, &bad), ERR_INVALID);
	assert_int_equal(charset_to_utf8(a, "ab", 2, "latin-1", &out, &n, &used, &bad), ERR_MALFORMED);
	arena_free(a);
}

static void
names_and_phones_are_masked_for_strangers(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(mask_name(a, "张秀英"), "张**");
	assert_string_equal(mask_name(a, "王伟"), "王*");
	assert_string_equal(mask_name(a, "Li"), "L*");
	assert_string_equal(mask_phone(a, "13812341234"), "138****1234");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_reads_quotes_doubled_quotes_and_crlf),
		cmocka_unit_test(csv_refuses_an_unclosed_quote),
		cmocka_unit_test(a_clean_file_imports_every_row_and_groups_owners_by_ref),
		cmocka_unit_test(columns_may_come_in_any_order_and_optional_ones_may_be_missing),
		cmocka_unit_test(every_bad_row_is_reported_with_line_and_column),
		cmocka_unit_test(a_missing_required_column_is_reported_before_any_row),
		cmocka_unit_test(one_owner_ref_with_two_names_is_refused),
		cmocka_unit_test(a_header_alone_is_no_import),
		cmocka_unit_test(building_and_stairwell_names_are_normalised),
		cmocka_unit_test(gbk_text_is_converted_and_utf8_kept_as_it_is),
		cmocka_unit_test(bytes_valid_in_no_declared_encoding_are_refused_with_their_offset),
		cmocka_unit_test(names_and_phones_are_masked_for_strangers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
