/* billing.h: one unit's bill for a period (DOMAIN.md §5) — area × the price of each month,
 * rounded half up to the fen once, plus fixed items, minus exemptions (each its own line, never
 * taking the bill below zero) — and the ageing of what is left unpaid. Integers only. Pure. */
#ifndef YL_BILLING_H
#define YL_BILLING_H

#include <stddef.h>
#include <stdint.h>

#include "period.h"
#include "result.h"

/* Bounds that keep every product far inside int64 (and above any real compound's figures):
 * a price up to 100.00 yuan per m² a month, fixed items up to 10000.00 yuan a month, a unit up
 * to 100000.00 m². */
#define BILL_PRICE_MAX INT64_C(10000)
#define BILL_FIXED_MAX INT64_C(1000000)
#define BILL_AREA_MAX INT64_C(10000000)

/* What one month of the period costs under the schedule in force that month. */
struct fee_month {
	int64_t price; /* fen per m² of own area */
	int64_t fixed; /* Σ of the schedule's fixed items, fen per unit */
};

/* An exemption of the unit: percent (1–100) of the months it covers, or amount fen per month
 * covered; months first..last (last 0: open-ended). */
struct fee_relief {
	int first, last;
	int percent;
	int64_t amount;
};

struct bill_calc {
	int64_t price_months; /* Σ price over the period's months */
	int64_t area_fee;     /* round_half_up(area × price_months / 100) */
	int64_t fixed_fee;    /* Σ fixed over the months */
	int64_t relief;       /* Σ of the reliefs below */
	int64_t total;        /* area_fee + fixed_fee − relief ≥ 0 */
};

/* n / d rounded half up, for n ≥ 0 and d > 0 (what "rounded to the fen" means here). */
int64_t round_half_up(int64_t n, int64_t d);

/* Computes the bill of a unit of `area` hundredths of m² for period p: months[i] is the fee of
 * the period's i-th month (p.months entries). Each relief covering some of the months gives
 * rel_out[i] (fen, ≥ 0): a percent relief is round_half_up of its share of those months' fee;
 * an amount relief is amount × months covered; reliefs are taken in order, and one that would
 * take the bill below zero is cut to what is left. ERR_INVALID for an area outside 0..BILL_AREA_MAX, a period of other
 * than 1, 3 or 12 months, a price or fixed fee below 0 or above its bound, or a relief outside 0–100 % / below 0. */
enum yl_err bill_compute(int64_t area, struct period p, const struct fee_month *months, const struct fee_relief *rel,
                         size_t nrel, struct bill_calc *out, int64_t *rel_out);

/* Arrears ageing by how many months have begun since the bill's first month: 0–3, 3–6, 6–12,
 * 12 and more. A bill of the current month is 0 months old. */
enum ageing { AGE_0_3, AGE_3_6, AGE_6_12, AGE_12_UP, AGE__COUNT };
enum ageing ageing_of(int bill_first_month, int as_of_month);

/* Collection rate in tenths of a percent, rounded down (never shows 100.0 % while a fen is
 * owed): 1000 × paid / billed; 0 when nothing was billed. */
int64_t collection_permille(int64_t paid, int64_t billed);

#endif
