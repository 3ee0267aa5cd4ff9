/* chart.h: charts drawn on the server as SVG — bars, a line, a donut — for the dashboard and the
 * disclosures (issue 11). No script: each is an <svg role="img"> whose <title> and <desc> a screen
 * reader reads (the desc writes every figure out), and chart_table writes the same figures as a
 * table for the page to show beside it, so a chart is never the only place a number is.
 * Integers only: lengths are exact fractions of the largest value (no overflow at INT64_MAX),
 * a donut's parts are shares of 10000 by largest remainder, drawn with pathLength. */
#ifndef YL_CHART_H
#define YL_CHART_H

#include <stddef.h>
#include <stdint.h>

struct html;

struct chart_point {
	const char *label; /* any text: escaped where it is written */
	int64_t value;     /* in units of 10^-decimals; a negative value is drawn as 0 (the desc and
	                    * the table keep it) */
};

struct chart {
	const char *id;    /* unique on the page, [a-z0-9-] (the title's and desc's ids derive from it) */
	const char *title; /* what the chart shows */
	const char *unit;  /* written after each value ("件", "元", "%"); "" none */
	const char *unit_one; /* written instead after a whole value of exactly 1 where the unit is a
	                       * counted noun (English " problem", not " problems"); NULL: unit */
	const char *empty; /* said instead of a chart when there is no point (or every value is 0 for a donut) */
	int decimals;      /* 0, 1 or 2: money in fen is 2, a rate in permille shown as percent is 1 */
	const struct chart_point *points;
	size_t n;
};

/* Every chart is drawn on a canvas CHART_WIDTH units wide that the page scales to its column: at
 * a 360 px phone's column (about 320 px) a unit is 0.8 px, so text of 20–24 units (the CSS's)
 * reads at 16–19 px. The layouts leave room for text of up to 24 units: labels above bars, the
 * donut's legend under it, at most three month labels under a line. */
#define CHART_WIDTH 400
/* Horizontal bars, one per point in order, each with its label above and its value after it; the
 * largest value's bar is CHART_BAR_MAX long (room after it for "380000.00元"). */
#define CHART_BAR_MAX 220
void chart_bar(struct html *h, const struct chart *c);
/* A line through the points in order (months), with 0 and the highest value marked on the axis
 * and labels under the first and last points (and the middle one from five points on; all of
 * three or fewer). */
void chart_line(struct html *h, const struct chart *c);
/* Parts of a whole with a legend of label, value and share under the ring. */
void chart_donut(struct html *h, const struct chart *c);
/* The figures as a <table> with a caption (the title) and the two column heads. */
void chart_table(struct html *h, const struct chart *c, const char *label_head, const char *value_head);

/* Shares of 10000 (basis points) of each value, largest remainder, summing to exactly 10000 when
 * any value is above 0 (negatives count as 0); all 0 otherwise. bp and rem (scratch) hold n
 * each. For the donut and for tests. */
void chart_shares(const struct chart_point *p, size_t n, int64_t *bp, uint64_t *rem);

#endif
