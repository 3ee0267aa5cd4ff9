/* share.c: cost shares by area and by the elevator rule, largest remainder to the fen, and the
 * funding-split check — integers only (see share.h). */
#include "share.h"
#include "words.h"
#include "decimal.h"

#include <stdlib.h>
#include <string.h>

const char *const share_rule_names[SHARE__COUNT] = {[SHARE_AREA] = "area", [SHARE_ELEVATOR] = "elevator"};

const char *const fund_source_names[FUND__COUNT] = {
	[FUND_GOVERNMENT] = "government", [FUND_RESIDENTS] = "residents", [FUND_MAINTENANCE] = "maintenance_fund",
	[FUND_UTILITY] = "utility",       [FUND_STATIONED] = "stationed_unit", [FUND_SOCIAL] = "social_capital",
};

int
share_rule_from_name(const char *s)
{
	return word_index(share_rule_names, SHARE__COUNT, s);
}

int
fund_source_from_name(const char *s)
{
	return word_index(fund_source_names, FUND__COUNT, s);
}

/* Guangzhou's reference: 1 → 0, 2 → 0.5, 3 → 1.0, +0.1 a floor above. Floors below the first
 * (basements) do not ride the elevator up either: 0. */
int64_t
share_coef(int floor)
{
	if (floor <= 1)
		return 0;
	if (floor == 2)
		return 5;
	return 10 + (int64_t)(floor - 3);
}

int64_t
share_muldiv(int64_t a, int64_t b, int64_t d, uint64_t *rem)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b, ud = (uint64_t)d;
	/* the 128-bit product hi:lo from 32-bit halves; each partial product is below 2^64 */
	uint64_t al = ua & 0xffffffffu, ah = ua >> 32, bl = ub & 0xffffffffu, bh = ub >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu); /* < 3·2^32 */
	uint64_t lo = (ll & 0xffffffffu) | (mid << 32);
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	if (hi == 0) {
		*rem = lo % ud;
		return (int64_t)(lo / ud);
	}
	/* Long division, one bit at a time: r < d < 2^63 before each shift, so 2r + 1 < 2^64. The
	 * quotient is ≤ a < 2^63 (b ≤ d), so keeping only its low 64 bits loses nothing. */
	uint64_t q = 0, r = 0;
	for (int i = 127; i >= 0; i--) {
		uint64_t bit = i >= 64 ? (hi >> (i - 64)) & 1u : (lo >> i) & 1u;
		r = (r << 1) | bit;
		q <<= 1;
		if (r >= ud) {
			r -= ud;
			q |= 1u;
		}
	}
	*rem = r;
	return (int64_t)q;
}

static int64_t
payer_key(const struct share_unit *u)
{
	return u->developer_held ? SHARE_DEVELOPER : u->owner_id;
}

static int
by_payer(const void *a, const void *b)
{
	int64_t x = payer_key(a), y = payer_key(b);
	return (x > y) - (x < y);
}

enum yl_err
share_payers(struct share_unit *units, size_t n, enum share_rule rule, struct share *out, size_t *k)
{
	*k = 0;
	if ((unsigned)rule >= SHARE__COUNT)
		return ERR_INVALID;
	for (size_t i = 0; i < n; i++)
		if (units[i].area <= 0 || units[i].area > DEC_MAX)
			return ERR_INVALID;
	qsort(units, n, sizeof *units, by_payer);
	size_t m = 0;
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		const struct share_unit *u = &units[i];
		int64_t w = u->area;
		if (rule == SHARE_ELEVATOR) {
			int64_t c = share_coef(u->floor);
			if (c > 0 && u->area > INT64_MAX / c)
				return ERR_INVALID;
			w = c * u->area;
		}
		/* the weights' sum bounds every payer's weight and area, so checking it checks them all */
		if (w > INT64_MAX - sum || u->area > INT64_MAX - sum)
			return ERR_INVALID;
		sum += w > u->area ? w : u->area;
		int64_t id = payer_key(u);
		if (m == 0 || out[m - 1].owner_id != id) {
			memset(&out[m], 0, sizeof out[m]);
			out[m].owner_id = id;
			m++;
		}
		out[m - 1].area += u->area;
		out[m - 1].weight += w;
		out[m - 1].units++;
	}
	*k = m;
	return YL_OK;
}

/* Larger remainder first; equal remainders in array order. */
static int
by_remainder(const void *a, const void *b)
{
	const struct share *x = a, *y = b;
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static int
by_pos(const void *a, const void *b)
{
	const struct share *x = a, *y = b;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

enum yl_err
share_apportion(int64_t total, struct share *s, size_t k)
{
	if (total < 0 || total > DEC_MAX || k == 0)
		return ERR_INVALID;
	int64_t sum = 0;
	for (size_t i = 0; i < k; i++) {
		if (s[i].weight < 0 || s[i].weight > INT64_MAX - sum)
			return ERR_INVALID;
		sum += s[i].weight;
	}
	if (sum == 0)
		return ERR_INVALID;
	/* Σ floor(total·w/W) ≤ total, and the fen left over are Σ rem / W, less than the number of
	 * positive remainders (each rem < W) — so they fit in the first `left` payers below, and
	 * none reaches a payer whose remainder is 0. */
	int64_t given = 0;
	for (size_t i = 0; i < k; i++) {
		s[i].amount = share_muldiv(total, s[i].weight, sum, &s[i].rem);
		s[i].pos = i;
		given += s[i].amount;
	}
	int64_t left = total - given;
	if (left > 0) {
		qsort(s, k, sizeof *s, by_remainder);
		for (size_t i = 0; i < k && left > 0; i++, left--)
			s[i].amount++;
		qsort(s, k, sizeof *s, by_pos);
	}
	return YL_OK;
}

enum yl_err
share_funding_gap(int64_t cost, const int64_t parts[FUND__COUNT], int64_t *diff)
{
	*diff = 0;
	if (cost < 0 || cost > DEC_MAX)
		return ERR_INVALID;
	int64_t sum = 0; /* at most 6·10^15: no overflow */
	for (int i = 0; i < FUND__COUNT; i++) {
		if (parts[i] < 0 || parts[i] > DEC_MAX)
			return ERR_INVALID;
		sum += parts[i];
	}
	*diff = cost - sum;
	return YL_OK;
}
