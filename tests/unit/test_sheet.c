/* test_sheet.c: staff exports — CSV bytes exactly (BOM, CRLF, RFC 4180 quoting, padding), every
 * formula lead neutralised and numbers never, and the XLSX read back through a small zip reader
 * of our own: no formulas, strings as strings, numbers as values, a safe sheet name, and no
 * file left in TMPDIR on success or failure. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "web/sheet.h"

static char tmpdir[] = "/tmp/yl-sheet-test-XXXXXX";

/* Every test renders with TMPDIR pointing at a directory of its own, so leftovers show. */
static int
group_setup(void **state)
{
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return setenv("TMPDIR", tmpdir, 1);
}

static int
group_teardown(void **state)
{
	return rmdir(tmpdir);
}

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

static int
files_in(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* --- a reader for just enough of ZIP (PKWARE APPNOTE 4.3): the end record, the central
 * directory, local headers, and stored or deflated members. */

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long
u32(const unsigned char *p)
{
	return (unsigned long)u16(p) | (unsigned long)u16(p + 2) << 16;
}

/* The member called name, inflated and NUL-terminated in the arena; NULL when absent. */
static char *
zip_member(struct arena *a, const unsigned char *z, size_t n, const char *name)
{
	if (n < 22)
		return NULL;
	size_t end = n - 22;
	while (u32(z + end) != 0x06054b50UL) {
		if (end == 0)
			return NULL;
		end--;
	}
	unsigned count = u16(z + end + 10);
	size_t at = u32(z + end + 16);
	for (unsigned i = 0; i < count; i++) {
		assert_true(at + 46 <= n);
		assert_true(u32(z + at) == 0x02014b50UL);
		unsigned method = u16(z + at + 10);
		size_t csize = u32(z + at + 20), usize = u32(z + at + 24);
		size_t nlen = u16(z + at + 28), xlen = u16(z + at + 30), clen = u16(z + at + 32);
		size_t local = u32(z + at + 42);
		const char *mname = (const char *)z + at + 46;
		at += 46 + nlen + xlen + clen;
		if (nlen != strlen(name) || memcmp(mname, name, nlen) != 0)
			continue;

		assert_true(local + 30 <= n && u32(z + local) == 0x04034b50UL);
		size_t data = local + 30 + u16(z + local + 26) + u16(z + local + 28);
		assert_true(data + csize <= n);
		char *out = arena_alloc(a, usize + 1);
		if (method == 0) {
			assert_int_equal(csize, usize);
			memcpy(out, z + data, usize);
		} else {
			assert_int_equal(method, 8);
			z_stream zs = {0};
			assert_int_equal(inflateInit2(&zs, -MAX_WBITS), Z_OK);
			zs.next_in = (unsigned char *)(z + data);
			zs.avail_in = (uInt)csize;
			zs.next_out = (unsigned char *)out;
			zs.avail_out = (uInt)usize;
			assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
			assert_int_equal(zs.total_out, usize);
			inflateEnd(&zs);
		}
		out[usize] = '\0';
		return out;
	}
	return NULL;
}

/* The workbook's parts as text, asserting the render left nothing in TMPDIR. */
struct xlsx {
	char *workbook, *sheet, *styles;
};

static struct xlsx
render(struct arena *a, const struct sheet *s)
{
	assert_int_equal(files_in(tmpdir), 0);
	unsigned char *p = (unsigned char *)"x";
	size_t n = 1;
	assert_int_equal(sheet_xlsx(s, a, &p, &n), 0);
	assert_int_equal(files_in(tmpdir), 0);
	assert_true(n > 4);
	assert_memory_equal(p, "PK", 2);
	struct xlsx x = {
		.workbook = zip_member(a, p, n, "xl/workbook.xml"),
		.sheet = zip_member(a, p, n, "xl/worksheets/sheet1.xml"),
		.styles = zip_member(a, p, n, "xl/styles.xml"),
	};
	assert_non_null(x.workbook);
	assert_non_null(x.sheet);
	assert_non_null(x.styles);
	/* constant-memory mode: every string is inline in the worksheet, none shared */
	assert_null(zip_member(a, p, n, "xl/sharedStrings.xml"));
	return x;
}

/* Every occurrence of text in the worksheet is an inline string's text, neutralised. */
static void
only_as_neutralised_text(const char *xml, const char *text)
{
	static const char open[] = "<is><t>'";
	size_t seen = 0;
	for (const char *q = strstr(xml, text); q != NULL; q = strstr(q + 1, text)) {
		if ((size_t)(q - xml) < sizeof open - 1 || memcmp(q - (sizeof open - 1), open, sizeof open - 1) != 0)
			fail_msg("%s is not an inline string with its apostrophe: %.40s", text, q - 10);
		seen++;
	}
	assert_true(seen > 0);
}

static const char *const four[] = {"楼栋", "户号", "面积(m²)", "备注"};

static void
csv_is_bom_crlf_and_rfc4180_quoting(void **state)
{
	struct sheet *s = sheet_new(*state, "住户", 4, four);
	sheet_text(s, "1号楼");
	sheet_int(s, 101);
	sheet_fixed2(s, 6350);
	sheet_text(s, "东,西");
	sheet_row_end(s);
	sheet_text(s, "2号楼");
	sheet_int(s, -5);
	sheet_fixed2(s, -5);
	sheet_text(s, "他说\"好\"");
	sheet_row_end(s);
	sheet_text(s, NULL);
	sheet_text(s, "");
	sheet_fixed2(s, 0);
	sheet_text(s, "第一行\r\n第二行\n第三行");
	sheet_row_end(s);
	sheet_text(s, "只有一格");   /* padded to four */
	sheet_row_end(s);
	sheet_row_end(s);             /* an empty row stays a row */
	sheet_fixed2(s, INT64_MIN);
	sheet_int(s, INT64_MIN);      /* the last row, never ended */

	struct buf b;
	buf_init(&b, *state, 0);
	sheet_csv(s, &b);
	static const char want[] =
		"\xEF\xBB\xBF"
		"楼栋,户号,面积(m²),备注\r\n"
		"1号楼,101,63.50,\"东,西\"\r\n"
		"2号楼,-5,-0.05,\"他说\"\"好\"\"\"\r\n"
		",,0.00,\"第一行\r\n第二行\n第三行\"\r\n"
		"只有一格,,,\r\n"
		",,,\r\n"
		"-92233720368547758.08,-9223372036854775808,,\r\n";
	assert_int_equal(b.len, sizeof want - 1);
	assert_string_equal(b.p, want);
}

static void
csv_neutralises_every_formula_lead_and_no_number(void **state)
{
	static const struct {
		const char *in, *csv;
	} cases[] = {
		{"=1+1", "'=1+1"},
		{"+86 138 0000 0000", "'+86 138 0000 0000"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=x", "'\t=x"},
		{"\r=x", "\"'\r=x\""},                      /* quoted for the CR, apostrophe inside */
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
		{"  =1+1", "'  =1+1"},                      /* past leading spaces */
		{"\xE3\x80\x80=1", "'\xE3\x80\x80=1"},      /* past an ideographic space */
		{"＝1+1", "'＝1+1"},
		{"＋86", "'＋86"},
		{"－5", "'－5"},
		{"＠x", "'＠x"},
		/* not leads: inside the text, after other characters, or already an apostrophe */
		{"a=1", "a=1"},
		{"1-2", "1-2"},
		{"'=1", "'=1"},
		{"\n=1", "\"\n=1\""},
		{"x\t=1", "x\t=1"},
		{"１２", "１２"},
	};
	const char *const h[] = {"v"};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sheet *s = sheet_new(*state, "t", 1, h);
		sheet_text(s, cases[i].in);
		sheet_row_end(s);
		struct buf b;
		buf_init(&b, *state, 0);
		sheet_csv(s, &b);
		const char *got = b.p + strlen("\xEF\xBB\xBFv\r\n");
		char *want = arena_printf(*state, "%s\r\n", cases[i].csv);
		if (strcmp(got, want) != 0)
			fail_msg("case %zu: got [%s] want [%s]", i, got, want);
	}

	/* a number is a number, negative or not; a header is text like any other */
	const char *const lead[] = {"=H", "-"};
	struct sheet *s = sheet_new(*state, "t", 2, lead);
	sheet_int(s, -5);
	sheet_fixed2(s, -12345);
	sheet_row_end(s);
	struct buf b;
	buf_init(&b, *state, 0);
	sheet_csv(s, &b);
	assert_string_equal(b.p, "\xEF\xBB\xBF'=H,'-\r\n-5,-123.45\r\n");
}

static void
xlsx_has_no_formula_and_neutralised_strings(void **state)
{
	const char *const h[] = {"名称", "=头", "数量", "金额"};
	struct sheet *s = sheet_new(*state, "财务[2024]:月报/明细*?\\", 4, h);
	static const char *const evil[] = {"=1+1", "+86 138", "-5", "@SUM(A1)", "\t=x", "=cmd|' /C calc'!A0"};
	for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		sheet_text(s, evil[i]);
		sheet_text(s, "普通文字 & <b>");
		sheet_int(s, -5);
		sheet_fixed2(s, 123456);
		sheet_row_end(s);
	}
	struct xlsx x = render(*state, s);

	/* no formula anywhere in the worksheet; every text cell an inline string, neutralised,
	 * and XML escaping the rest */
	assert_null(strstr(x.sheet, "<f>"));
	assert_null(strstr(x.sheet, "<f "));
	only_as_neutralised_text(x.sheet, "=1+1</t>");
	only_as_neutralised_text(x.sheet, "+86 138</t>");
	only_as_neutralised_text(x.sheet, "-5</t>");
	only_as_neutralised_text(x.sheet, "@SUM(A1)</t>");
	only_as_neutralised_text(x.sheet, "\t=x</t>");
	only_as_neutralised_text(x.sheet, "=cmd|' /C calc'!A0</t>");
	only_as_neutralised_text(x.sheet, "=头</t>");
	assert_non_null(strstr(x.sheet, "<c r=\"B1\" s=\"1\" t=\"inlineStr\"><is><t>'=头</t></is></c>"));
	assert_non_null(strstr(x.sheet, "<c r=\"A2\" t=\"inlineStr\"><is><t>'=1+1</t></is></c>"));
	assert_non_null(strstr(x.sheet, "<t>普通文字 &amp; &lt;b&gt;</t>"));
	/* numbers are values: the integer bare, the money a 2-decimal number with format 0.00 */
	assert_non_null(strstr(x.sheet, "<c r=\"C2\"><v>-5</v></c>"));
	assert_non_null(strstr(x.sheet, "<v>1234.56</v>"));
	assert_non_null(strstr(x.styles, "formatCode=\"0.00\""));
	/* the header row is frozen and the columns are sized */
	assert_non_null(strstr(x.sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
	assert_non_null(strstr(x.sheet, "<cols>"));
	/* the worksheet name lost []:*?/\ */
	assert_non_null(strstr(x.workbook, "<sheet name=\"财务_2024__月报_明细___\""));
}

static void
xlsx_text_survives_excels_escapes_and_length(void **state)
{
	const char *const h[] = {"v"};
	struct sheet *s = sheet_new(*state, "t", 1, h);
	sheet_text(s, "_x003D_1+1");          /* Excel would read back "=1+1" */
	sheet_row_end(s);
	sheet_text(s, "a_X0009_b _x12_ _xZZZZ_");
	sheet_row_end(s);
	sheet_text(s, "响铃\x07");            /* not allowed in XML as it is */
	sheet_row_end(s);
	/* 40,000 characters, an apostrophe added: Excel holds 32,767 */
	size_t n = 40000;
	char *big = arena_alloc(*state, 3 * n + 2);
	big[0] = '-';
	for (size_t i = 1; i < n; i++)
		memcpy(big + 1 + 3 * (i - 1), "长", 3);
	big[1 + 3 * (n - 1)] = '\0';
	sheet_text(s, big);
	sheet_row_end(s);
	struct xlsx x = render(*state, s);

	assert_non_null(strstr(x.sheet, "<t>_x005F_x003D_1+1</t>"));
	assert_non_null(strstr(x.sheet, "<t>a_x005F_X0009_b _x12_ _xZZZZ_</t>"));
	assert_non_null(strstr(x.sheet, "<t>响铃_x0007_</t>"));
	const char *t = strstr(x.sheet, "<t>'-长");
	assert_non_null(t);
	t += 3;
	const char *e = strstr(t, "</t>");
	assert_non_null(e);
	assert_int_equal(e - t, 2 + 3 * (32767 - 2)); /* "'-" and 32,765 three-byte characters */
}

static void
xlsx_sheet_names_are_made_valid(void **state)
{
	static const struct {
		const char *title, *name;
	} cases[] = {
		{"  2024年第三季度  ", "2024年第三季度"},
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"},
		{"'引号'", "_引号_"},
		{"history", "history_"},
		{"   ", "Sheet1"},
		{NULL, "Sheet1"},
		{"a\tb", "a_b"},
	};
	const char *const h[] = {"v"};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sheet *s = sheet_new(*state, cases[i].title, 1, h);
		struct xlsx x = render(*state, s);
		char *want = arena_printf(*state, "<sheet name=\"%s\"", cases[i].name);
		if (strstr(x.workbook, want) == NULL)
			fail_msg("case %zu: %s not in %s", i, want, x.workbook);
	}
}

static void
xlsx_numbers_past_15_digits_stay_exact_as_text(void **state)
{
	const char *const h[] = {"a", "b", "c", "d"};
	struct sheet *s = sheet_new(*state, "大数", 4, h);
	sheet_int(s, INT64_C(999999999999999));
	sheet_int(s, INT64_C(1000000000000000));
	sheet_fixed2(s, INT64_C(999999999999999));
	sheet_fixed2(s, INT64_C(-1000000000000000));
	sheet_row_end(s);
	struct xlsx x = render(*state, s);
	assert_non_null(strstr(x.sheet, "<v>999999999999999</v>"));
	assert_non_null(strstr(x.sheet, "<v>9999999999999.99</v>"));
	assert_non_null(strstr(x.sheet, "<t>1000000000000000</t>"));
	assert_non_null(strstr(x.sheet, "<t>-10000000000000.00</t>"));
}

static void
xlsx_failures_leave_nothing_on_disk(void **state)
{
	/* more columns than Excel has: libxlsxwriter refuses */
	size_t ncols = 16385;
	const char **h = arena_zalloc(*state, ncols * sizeof *h);
	h[0] = "a";
	struct sheet *s = sheet_new(*state, "wide", ncols, (const char *const *)h);
	sheet_int(s, 1);
	sheet_row_end(s);
	unsigned char *p = (unsigned char *)"x";
	size_t n = 1;
	assert_int_equal(sheet_xlsx(s, *state, &p, &n), -1);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_int_equal(files_in(tmpdir), 0);

	/* no temporary directory to write in */
	const char *const one[] = {"a"};
	s = sheet_new(*state, "t", 1, one);
	char *gone = arena_printf(*state, "%s/absent", tmpdir);
	setenv("TMPDIR", gone, 1);
	int rc = sheet_xlsx(s, *state, &p, &n);
	setenv("TMPDIR", tmpdir, 1);
	assert_int_equal(rc, -1);
	assert_null(p);
	assert_int_equal(files_in(tmpdir), 0);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
ten_thousand_rows_render(void **state)
{
	const char *const h[] = {"楼栋", "单元", "户号", "业主", "电话", "面积(m²)", "应缴(元)", "备注"};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct sheet *s = sheet_new(*state, "物业费台账", 8, h);
	for (int i = 0; i < 10000; i++) {
		char owner[32], phone[32];
		snprintf(owner, sizeof owner, "业主%05d", i);
		snprintf(phone, sizeof phone, "+86 138%08d", i);
		sheet_text(s, i % 2 ? "3号楼" : "12号楼");
		sheet_int(s, i % 6 + 1);
		sheet_int(s, 100 + i % 1800);
		sheet_text(s, owner);
		sheet_text(s, phone);
		sheet_fixed2(s, 5000 + i * 7 % 9000);
		sheet_fixed2(s, 120000 + i * 13 % 90000);
		sheet_text(s, i % 97 ? NULL : "=HYPERLINK(\"http://x\")");
		sheet_row_end(s);
	}
	double fill = seconds_since(&t0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct buf b;
	buf_init(&b, *state, 0);
	sheet_csv(s, &b);
	double csv = seconds_since(&t0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	unsigned char *p;
	size_t n;
	assert_int_equal(sheet_xlsx(s, *state, &p, &n), 0);
	double xlsx = seconds_since(&t0);
	assert_int_equal(files_in(tmpdir), 0);

	char *xml = zip_member(*state, p, n, "xl/worksheets/sheet1.xml");
	assert_non_null(xml);
	assert_non_null(strstr(xml, "<row r=\"10001\""));
	assert_null(strstr(xml, "<f>"));
	/* a TAP comment, for the record; no assertion on time */
	printf("# 10,000 rows x 8: fill %.3f s, CSV %.3f s (%zu bytes), XLSX %.3f s (%zu bytes)\n",
	       fill, csv, b.len, xlsx, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(csv_is_bom_crlf_and_rfc4180_quoting, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(csv_neutralises_every_formula_lead_and_no_number, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(xlsx_has_no_formula_and_neutralised_strings, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(xlsx_text_survives_excels_escapes_and_length, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(xlsx_sheet_names_are_made_valid, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(xlsx_numbers_past_15_digits_stay_exact_as_text, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(xlsx_failures_leave_nothing_on_disk, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(ten_thousand_rows_render, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
