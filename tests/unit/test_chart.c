/* test_chart.c: the server-drawn SVG charts — labels escaped, empty data said in words, one bar,
 * huge values without overflow, donut shares summing to the whole, the figures in desc and table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "web/chart.h"
#include "web/html.h"

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

typedef void (*drawer)(struct html *h, const struct chart *c);

static const char *
draw(void **state, drawer f, const struct chart_point *p, size_t n, int decimals, const char *unit)
{
	struct html h = {0};
	buf_init(&h.b, *state, 0);
	struct chart c = {.id = "c1", .title = "问题 <按类别>", .unit = unit, .empty = "暂无数据", .decimals = decimals,
	                  .points = p, .n = n};
	f(&h, &c);
	return h.b.p;
}

static int
count(const char *s, const char *needle)
{
	int k = 0;
	for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		k++;
	return k;
}

/* the width="…" of the i-th bar */
static long
bar_width(const char *s, int i)
{
	const char *p = s;
	for (int k = 0; k <= i; k++) {
		p = strstr(p, "class=\"chart-bar\"");
		assert_non_null(p);
		p++;
	}
	p = strstr(p, "width=\"");
	assert_non_null(p);
	return strtol(p + 7, NULL, 10);
}

static void
labels_and_titles_are_escaped(void **state)
{
	struct chart_point p[] = {{"<script>alert(1)</script>", 3}, {"A&B \"楼\"", 1}};
	drawer all[] = {chart_bar, chart_line, chart_donut};
	for (size_t k = 0; k < 3; k++) {
		const char *s = draw(state, all[k], p, 2, 0, "件");
		assert_null(strstr(s, "<script>"));
		assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
		assert_non_null(strstr(s, "A&amp;B &quot;楼&quot;"));
		assert_non_null(strstr(s, "<title id=\"c1-t\">问题 &lt;按类别&gt;</title>"));
		assert_non_null(strstr(s, "role=\"img\""));
		assert_non_null(strstr(s, "aria-labelledby=\"c1-t c1-d\""));
	}
}

static void
the_description_writes_every_figure(void **state)
{
	struct chart_point p[] = {{"1栋", 1234}, {"2栋", 5}};
	const char *s = draw(state, chart_bar, p, 2, 2, "元");
	assert_non_null(strstr(s, "<desc id=\"c1-d\">1栋: 12.34元; 2栋: 0.05元</desc>"));
	s = draw(state, chart_line, p, 2, 1, "%");
	assert_non_null(strstr(s, "1栋: 123.4%; 2栋: 0.5%"));
}

static void
empty_data_is_said_in_words(void **state)
{
	drawer all[] = {chart_bar, chart_line, chart_donut};
	for (size_t k = 0; k < 3; k++) {
		const char *s = draw(state, all[k], NULL, 0, 0, "");
		assert_null(strstr(s, "<svg"));
		assert_non_null(strstr(s, "暂无数据"));
		assert_non_null(strstr(s, "问题 &lt;按类别&gt;"));
	}
	/* a donut of zeros has no parts to draw either */
	struct chart_point z[] = {{"a", 0}, {"b", 0}};
	const char *s = draw(state, chart_donut, z, 2, 0, "");
	assert_null(strstr(s, "<svg"));
	assert_non_null(strstr(s, "暂无数据"));
}

static void
one_bar_is_full_length(void **state)
{
	struct chart_point p[] = {{"只有一项", 7}};
	const char *s = draw(state, chart_bar, p, 1, 0, "件");
	assert_int_equal(count(s, "class=\"chart-bar\""), 1);
	assert_int_equal(bar_width(s, 0), CHART_BAR_MAX);
	/* a line of one point is a dot in the middle */
	s = draw(state, chart_line, p, 1, 0, "件");
	assert_int_equal(count(s, "class=\"chart-dot\""), 1);
}

static void
bars_are_exact_fractions_of_the_largest(void **state)
{
	struct chart_point p[] = {{"a", 100}, {"b", 50}, {"c", 1}, {"d", 0}, {"e", -5}};
	const char *s = draw(state, chart_bar, p, 5, 0, "");
	assert_int_equal(bar_width(s, 0), CHART_BAR_MAX);
	assert_int_equal(bar_width(s, 1), CHART_BAR_MAX / 2);
	assert_int_equal(bar_width(s, 2), CHART_BAR_MAX / 100); /* 4.4 → 4 */
	assert_int_equal(bar_width(s, 3), 0);
	assert_int_equal(bar_width(s, 4), 0); /* drawn as 0 ... */
	assert_non_null(strstr(s, "e: -5")); /* ... and told as it is */
}

static void
huge_values_do_not_overflow(void **state)
{
	struct chart_point p[] = {{"max", INT64_MAX}, {"half", INT64_MAX / 2}, {"almost", INT64_MAX - 1}};
	const char *s = draw(state, chart_bar, p, 3, 2, "元");
	assert_int_equal(bar_width(s, 0), CHART_BAR_MAX);
	assert_int_equal(bar_width(s, 1), CHART_BAR_MAX / 2 - 1); /* floor(440 · (2^62 − 1/2) / (2^63 − 1)) */
	assert_int_equal(bar_width(s, 2), CHART_BAR_MAX - 1);
	assert_non_null(strstr(s, "92233720368547758.07元"));
	int64_t bp[3];
	uint64_t rem[3];
	chart_shares(p, 3, bp, rem);
	assert_int_equal(bp[0] + bp[1] + bp[2], 10000);
	assert_int_equal(bp[0], 4000);
	assert_int_equal(bp[1], 2000);
	assert_int_equal(bp[2], 4000);
	s = draw(state, chart_donut, p, 3, 0, "");
	assert_non_null(strstr(s, "stroke-dasharray=\"4000 6000\""));
}

static void
donut_shares_sum_to_the_whole(void **state)
{
	(void)state;
	/* thirds: 3333 + 3333 + 3333 leaves one basis point, which goes to the first */
	struct chart_point p[] = {{"a", 1}, {"b", 1}, {"c", 1}};
	int64_t bp[3];
	uint64_t rem[3];
	chart_shares(p, 3, bp, rem);
	assert_int_equal(bp[0], 3334);
	assert_int_equal(bp[1], 3333);
	assert_int_equal(bp[2], 3333);
	/* a negative part counts as nothing */
	struct chart_point q[] = {{"a", 3}, {"b", -7}, {"c", 1}};
	chart_shares(q, 3, bp, rem);
	assert_int_equal(bp[0], 7500);
	assert_int_equal(bp[1], 0);
	assert_int_equal(bp[2], 2500);
	/* many small parts of odd sizes */
	struct chart_point r[7];
	for (int i = 0; i < 7; i++)
		r[i] = (struct chart_point){"x", 1 + i * 13};
	int64_t b7[7];
	uint64_t rem7[7];
	chart_shares(r, 7, b7, rem7);
	int64_t sum = 0;
	for (int i = 0; i < 7; i++)
		sum += b7[i];
	assert_int_equal(sum, 10000);
}

static void
the_donut_draws_parts_and_a_legend(void **state)
{
	struct chart_point p[] = {{"已解决", 3}, {"处理中", 1}};
	const char *s = draw(state, chart_donut, p, 2, 0, "件");
	assert_int_equal(count(s, "class=\"chart-part\""), 2);
	assert_non_null(strstr(s, "stroke-dasharray=\"7500 2500\" stroke-dashoffset=\"0\""));
	assert_non_null(strstr(s, "stroke-dasharray=\"2500 7500\" stroke-dashoffset=\"-7500\""));
	assert_non_null(strstr(s, "已解决 3件 (75.0%)"));
	assert_non_null(strstr(s, "处理中 1件 (25.0%)"));
}

static void
a_flat_line_divides_by_nothing(void **state)
{
	struct chart_point p[] = {{"9月", 0}, {"10月", 0}, {"11月", 0}};
	const char *s = draw(state, chart_line, p, 3, 0, "件");
	assert_int_equal(count(s, "class=\"chart-dot\""), 3);
	assert_non_null(strstr(s, "points=\"90,224 220,224 350,224\""));
	assert_int_equal(count(s, "class=\"chart-tick\""), 3); /* three points: each labelled */
	/* four points: the first and the last labelled (two in between would touch on a phone) */
	struct chart_point four[] = {{"8月", 1}, {"9月", 2}, {"10月", 3}, {"11月", 4}};
	s = draw(state, chart_line, four, 4, 0, "件");
	assert_int_equal(count(s, "class=\"chart-tick\""), 2);
	/* many points: the first, the middle and the last */
	struct chart_point m[40];
	for (int i = 0; i < 40; i++)
		m[i] = (struct chart_point){"m", i};
	s = draw(state, chart_line, m, 40, 0, "");
	assert_int_equal(count(s, "class=\"chart-tick\""), 3);
	assert_int_equal(count(s, "class=\"chart-dot\""), 40);
}

static void
the_table_holds_the_same_figures(void **state)
{
	struct html h = {0};
	buf_init(&h.b, *state, 0);
	struct chart_point p[] = {{"<1栋>", 1234}, {"2栋", 0}};
	struct chart c = {.id = "t", .title = "收入", .unit = "元", .decimals = 2, .points = p, .n = 2};
	chart_table(&h, &c, "楼栋", "金额");
	assert_string_equal(h.b.p, "<table class=\"chart-data\"><caption>收入</caption><thead><tr><th scope=\"col\">楼栋"
	                           "</th><th scope=\"col\">金额</th></tr></thead><tbody><tr><th scope=\"row\">&lt;1栋&gt;</th>"
	                           "<td>12.34元</td></tr><tr><th scope=\"row\">2栋</th><td>0.00元</td></tr></tbody></table>");
}

static void
a_counted_unit_reads_singular_after_exactly_1(void **state)
{
	struct html h = {0};
	buf_init(&h.b, *state, 0);
	struct chart_point p[] = {{"a", 1}, {"b", 2}, {"c", 0}};
	struct chart c = {.id = "u", .title = "Problems", .unit = " problems", .unit_one = " problem", .points = p, .n = 3};
	chart_table(&h, &c, "State", "Count");
	assert_non_null(strstr(h.b.p, "<td>1 problem</td>"));
	assert_non_null(strstr(h.b.p, "<td>2 problems</td>"));
	assert_non_null(strstr(h.b.p, "<td>0 problems</td>"));
	/* with decimals "1.0" is no count of one */
	h = (struct html){0};
	buf_init(&h.b, *state, 0);
	struct chart_point q[] = {{"a", 10}};
	c.points = q;
	c.n = 1;
	c.decimals = 1;
	chart_table(&h, &c, "State", "Count");
	assert_non_null(strstr(h.b.p, "<td>1.0 problems</td>"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(labels_and_titles_are_escaped, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(a_counted_unit_reads_singular_after_exactly_1, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(the_description_writes_every_figure, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(empty_data_is_said_in_words, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(one_bar_is_full_length, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(bars_are_exact_fractions_of_the_largest, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(huge_values_do_not_overflow, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(donut_shares_sum_to_the_whole, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(the_donut_draws_parts_and_a_legend, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(a_flat_line_divides_by_nothing, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(the_table_holds_the_same_figures, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
