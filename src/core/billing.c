/* billing.c: bill amounts, reliefs, ageing and the collection rate (see billing.h). */
#include "billing.h"

#include <stdbool.h>

int64_t
round_half_up(int64_t n, int64_t d)
{
	return (n + d / 2) / d;
}

static bool
covers(const struct fee_relief *r, int month)
{
	return month >= r->first && (r->last == 0 || month <= r->last);
}

enum yl_err
bill_compute(int64_t area, struct period p, const struct fee_month *m, const struct fee_relief *rel, size_t nrel,
             struct bill_calc *out, int64_t *rel_out)
{
	if (area < 0 || area > BILL_AREA_MAX || (p.months != 1 && p.months != 3 && p.months != 12) || !month_valid(p.first))
		return ERR_INVALID;
	*out = (struct bill_calc){0};
	for (int i = 0; i < p.months; i++) {
		if (m[i].price < 0 || m[i].price > BILL_PRICE_MAX || m[i].fixed < 0 || m[i].fixed > BILL_FIXED_MAX)
			return ERR_INVALID;
		out->price_months += m[i].price;
		out->fixed_fee += m[i].fixed;
	}
	out->area_fee = round_half_up(area * out->price_months, 100);
	int64_t left = out->area_fee + out->fixed_fee;
	for (size_t k = 0; k < nrel; k++) {
		const struct fee_relief *r = &rel[k];
		if (r->percent < 0 || r->percent > 100 || r->amount < 0 || r->amount > BILL_FIXED_MAX)
			return ERR_INVALID;
		/* the months' fee in hundredths of a fen (area × price is fen × 100), so a percent of a
		 * part of the period is rounded once, like the area fee */
		int64_t base = 0, covered = 0;
		for (int i = 0; i < p.months; i++)
			if (covers(r, month_add(p.first, i))) {
				base += area * m[i].price + 100 * m[i].fixed;
				covered++;
			}
		int64_t v = r->percent ? round_half_up(base * r->percent, 100 * 100) : r->amount * covered;
		if (v > left)
			v = left;
		left -= v;
		rel_out[k] = v;
		out->relief += v;
	}
	out->total = out->area_fee + out->fixed_fee - out->relief;
	return YL_OK;
}

enum ageing
ageing_of(int first, int as_of)
{
	int age = month_diff(first, as_of);
	return age < 3 ? AGE_0_3 : age < 6 ? AGE_3_6 : age < 12 ? AGE_6_12 : AGE_12_UP;
}

int64_t
collection_permille(int64_t paid, int64_t billed)
{
	if (billed <= 0 || paid <= 0)
		return 0;
	if (paid >= billed)
		return 1000;
	return paid * 1000 / billed;
}
