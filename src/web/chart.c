/* chart.c: SVG bar, line and donut charts with their title, description and data table. */
#include "chart.h"
#include "html.h"
#include "../core/arena.h"
#include "../core/share.h"

#include <stdbool.h>
#include <string.h>

/* Colours with at least 3:1 contrast against white (WCAG 1.4.11, graphics), told apart by the
 * legend's and table's words as well, never by colour alone. */
static const char *const palette[] = {"#1f5fa8", "#b5471b", "#2e7d32", "#6a3d9a",
                                      "#8a6d00", "#00796b", "#ad1457", "#455a64"};
#define NPALETTE (sizeof palette / sizeof palette[0])

static int64_t
positive(int64_t v)
{
	return v > 0 ? v : 0;
}

/* value with its decimals and unit: "1234.56元", "87.3%", "12件" */
static void
value_text(struct buf *b, int64_t v, int decimals, const char *unit)
{
	static const int64_t scale[] = {1, 10, 100};
	if (decimals < 0 || decimals > 2)
		decimals = 0;
	int64_t s = scale[decimals];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (v < 0)
		buf_addc(b, '-');
	buf_printf(b, "%llu", (unsigned long long)(u / (uint64_t)s));
	if (decimals)
		buf_printf(b, ".%0*llu", decimals, (unsigned long long)(u % (uint64_t)s));
	if (unit)
		buf_adds(b, unit);
}

static void
write_value(struct html *h, int64_t v, const struct chart *c)
{
	value_text(&h->b, v, c->decimals, c->unit_one && c->decimals == 0 && v == 1 ? c->unit_one : c->unit);
}

static int64_t
max_value(const struct chart *c)
{
	int64_t m = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->points[i].value > m)
			m = c->points[i].value;
	return m;
}

/* floor(len · v / max) for 0 ≤ v ≤ max, exactly */
static int64_t
scaled(int64_t len, int64_t v, int64_t max)
{
	uint64_t rem;
	return max > 0 ? share_muldiv(len, positive(v), max, &rem) : 0;
}

static void
open_svg(struct html *h, const struct chart *c, int width, int64_t height)
{
	html_lit(h, "<figure class=\"chart\"><svg role=\"img\" viewBox=\"0 0 ");
	html_int(h, width);
	html_lit(h, " ");
	html_int(h, height);
	html_lit(h, "\" width=\"100%\" aria-labelledby=\"");
	html_attr(h, c->id);
	html_lit(h, "-t ");
	html_attr(h, c->id);
	html_lit(h, "-d\"><title id=\"");
	html_attr(h, c->id);
	html_lit(h, "-t\">");
	html_text(h, c->title);
	html_lit(h, "</title><desc id=\"");
	html_attr(h, c->id);
	html_lit(h, "-d\">");
	/* every figure in words: "1栋: 12件; 2栋: 3件" */
	for (size_t i = 0; i < c->n; i++) {
		if (i)
			html_lit(h, "; ");
		html_text(h, c->points[i].label);
		html_lit(h, ": ");
		write_value(h, c->points[i].value, c);
	}
	html_lit(h, "</desc>");
}

static void
close_svg(struct html *h)
{
	html_lit(h, "</svg></figure>");
}

static void
empty_chart(struct html *h, const struct chart *c)
{
	html_lit(h, "<figure class=\"chart chart-empty\"><figcaption>");
	html_text(h, c->title);
	html_lit(h, "</figcaption><p>");
	html_text(h, c->empty ? c->empty : "");
	html_lit(h, "</p></figure>");
}

static void
text_at(struct html *h, int64_t x, int64_t y, const char *cls)
{
	html_lit(h, "<text x=\"");
	html_int(h, x);
	html_lit(h, "\" y=\"");
	html_int(h, y);
	html_lit(h, "\" class=\"");
	html_attr(h, cls);
	html_lit(h, "\">");
}

enum { ROW = 64, PAD = 16 };

void
chart_bar(struct html *h, const struct chart *c)
{
	if (c->n == 0) {
		empty_chart(h, c);
		return;
	}
	int64_t max = max_value(c);
	open_svg(h, c, CHART_WIDTH, (int64_t)c->n * ROW + PAD);
	for (size_t i = 0; i < c->n; i++) {
		int64_t y = (int64_t)i * ROW + PAD;
		int64_t len = scaled(CHART_BAR_MAX, c->points[i].value, max);
		text_at(h, PAD, y + 20, "chart-label");
		html_text(h, c->points[i].label);
		html_lit(h, "</text><rect class=\"chart-bar\" x=\"");
		html_int(h, PAD);
		html_lit(h, "\" y=\"");
		html_int(h, y + 28);
		html_lit(h, "\" width=\"");
		html_int(h, len);
		html_lit(h, "\" height=\"24\" fill=\"#1f5fa8\"/>");
		text_at(h, PAD + len + 8, y + 48, "chart-value");
		write_value(h, c->points[i].value, c);
		html_lit(h, "</text>");
	}
	close_svg(h);
}

/* the axis's values (up to "100.0%") left of LINE_X; a month's label centred under its point
 * reaches 46 units either side, so the line stops that far from each edge */
enum { LINE_W = 260, LINE_H = 200, LINE_X = 90, LINE_Y = 24 };

void
chart_line(struct html *h, const struct chart *c)
{
	if (c->n == 0) {
		empty_chart(h, c);
		return;
	}
	int64_t max = max_value(c);
	open_svg(h, c, CHART_WIDTH, LINE_Y + LINE_H + 56);
	/* the axis: a line at 0 and one at the highest value, labelled */
	html_lit(h, "<path class=\"chart-grid\" stroke=\"#767676\" d=\"M");
	html_int(h, LINE_X);
	html_lit(h, " ");
	html_int(h, LINE_Y + LINE_H);
	html_lit(h, "H");
	html_int(h, LINE_X + LINE_W);
	html_lit(h, "M");
	html_int(h, LINE_X);
	html_lit(h, " ");
	html_int(h, LINE_Y);
	html_lit(h, "H");
	html_int(h, LINE_X + LINE_W);
	html_lit(h, "\"/>");
	text_at(h, 4, LINE_Y + 8, "chart-axis");
	write_value(h, max, c);
	html_lit(h, "</text>");
	text_at(h, 4, LINE_Y + LINE_H + 8, "chart-axis");
	write_value(h, 0, c);
	html_lit(h, "</text><polyline class=\"chart-line\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"3\" points=\"");
	/* points spread over the width; one point sits in the middle */
	int64_t step = c->n > 1 ? LINE_W / (int64_t)(c->n - 1) : 0;
	for (size_t i = 0; i < c->n; i++) {
		int64_t x = c->n > 1 ? LINE_X + (int64_t)i * step : LINE_X + LINE_W / 2;
		int64_t y = LINE_Y + LINE_H - scaled(LINE_H, c->points[i].value, max);
		if (i)
			html_lit(h, " ");
		html_int(h, x);
		html_lit(h, ",");
		html_int(h, y);
	}
	html_lit(h, "\"/>");
	/* a dot per point; a label (about 92 units wide) under the first and the last, under the
	 * middle one too from five points on, and under every one of three or fewer: never two
	 * labels closer than 130 units */
	size_t mid = c->n >= 5 ? (c->n - 1) / 2 : 0;
	for (size_t i = 0; i < c->n; i++) {
		int64_t x = c->n > 1 ? LINE_X + (int64_t)i * step : LINE_X + LINE_W / 2;
		int64_t y = LINE_Y + LINE_H - scaled(LINE_H, c->points[i].value, max);
		html_lit(h, "<circle class=\"chart-dot\" r=\"5\" fill=\"#1f5fa8\" cx=\"");
		html_int(h, x);
		html_lit(h, "\" cy=\"");
		html_int(h, y);
		html_lit(h, "\"/>");
		if (c->n <= 3 || i == 0 || i + 1 == c->n || (mid && i == mid)) {
			text_at(h, x, LINE_Y + LINE_H + 36, "chart-tick");
			html_text(h, c->points[i].label);
			html_lit(h, "</text>");
		}
	}
	close_svg(h);
}

void
chart_shares(const struct chart_point *p, size_t n, int64_t *bp, uint64_t *rem)
{
	/* the sum of the positive values may pass INT64_MAX with huge ones: halve them all until it
	 * fits (a share is a drawing; the desc and the table keep the exact values) */
	unsigned shift = 0;
	int64_t total;
	for (;;) {
		uint64_t sum = 0;
		bool over = false;
		for (size_t i = 0; i < n && !over; i++) {
			uint64_t v = (uint64_t)positive(p[i].value) >> shift;
			over = sum > (uint64_t)INT64_MAX - v;
			sum += v;
		}
		if (!over) {
			total = (int64_t)sum;
			break;
		}
		shift++;
	}
	int64_t given = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t v = (int64_t)((uint64_t)positive(p[i].value) >> shift);
		bp[i] = total > 0 ? share_muldiv(10000, v, total, &rem[i]) : 0;
		if (total == 0)
			rem[i] = 0;
		given += bp[i];
	}
	/* the basis points left (fewer than the parts with a remainder) go one each to the largest
	 * remainders, the earlier part first on a tie */
	for (int64_t left = total > 0 ? 10000 - given : 0; left > 0; left--) {
		size_t best = 0;
		for (size_t i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		bp[best]++;
		rem[best] = 0;
	}
}

void
chart_donut(struct html *h, const struct chart *c)
{
	int64_t *bp = arena_alloc(h->b.a, (c->n + 1) * sizeof *bp);
	uint64_t *rem = arena_alloc(h->b.a, (c->n + 1) * sizeof *rem);
	chart_shares(c->points, c->n, bp, rem);
	int64_t sum = 0;
	for (size_t i = 0; i < c->n; i++)
		sum += bp[i];
	if (sum == 0) {
		empty_chart(h, c);
		return;
	}
	open_svg(h, c, CHART_WIDTH, 250 + (int64_t)c->n * 36);
	/* each part a dash of a circle whose length is 10000 (pathLength), starting at 12 o'clock */
	int64_t start = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (bp[i] == 0)
			continue;
		html_lit(h, "<circle class=\"chart-part\" cx=\"120\" cy=\"120\" r=\"80\" fill=\"none\" stroke-width=\"40\" "
		            "pathLength=\"10000\" transform=\"rotate(-90 120 120)\" stroke=\"");
		html_attr(h, palette[i % NPALETTE]);
		html_lit(h, "\" stroke-dasharray=\"");
		html_int(h, bp[i]);
		html_lit(h, " ");
		html_int(h, 10000 - bp[i]);
		html_lit(h, "\" stroke-dashoffset=\"");
		html_int(h, -start);
		html_lit(h, "\"/>");
		start += bp[i];
	}
	for (size_t i = 0; i < c->n; i++) {
		int64_t y = 250 + (int64_t)i * 36;
		html_lit(h, "<rect x=\"16\" width=\"20\" height=\"20\" y=\"");
		html_int(h, y);
		html_lit(h, "\" fill=\"");
		html_attr(h, palette[i % NPALETTE]);
		html_lit(h, "\"/>");
		text_at(h, 44, y + 18, "chart-label");
		html_text(h, c->points[i].label);
		html_lit(h, " ");
		write_value(h, c->points[i].value, c);
		html_lit(h, " (");
		value_text(&h->b, bp[i] / 10, 1, "%");
		html_lit(h, ")</text>");
	}
	close_svg(h);
}

void
chart_table(struct html *h, const struct chart *c, const char *label_head, const char *value_head)
{
	html_lit(h, "<table class=\"chart-data\"><caption>");
	html_text(h, c->title);
	html_lit(h, "</caption><thead><tr><th scope=\"col\">");
	html_text(h, label_head);
	html_lit(h, "</th><th scope=\"col\">");
	html_text(h, value_head);
	html_lit(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < c->n; i++) {
		html_lit(h, "<tr><th scope=\"row\">");
		html_text(h, c->points[i].label);
		html_lit(h, "</th><td>");
		write_value(h, c->points[i].value, c);
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table>");
}
