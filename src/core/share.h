/* share.h: costs shared between owners (DOMAIN.md §4) and a plan item's funding split (§3) —
 * exactly, in integers. Pure: no I/O, no allocation (callers give the memory).
 *
 * Money is fen and area hundredths of m², both int64_t. A share is total·w / W for an owner's
 * weight w out of the weights' sum W, rounded to the fen by largest remainder so that the
 * shares sum to the total exactly:
 *   - by area (Civil Code Art. 283; 住宅专项维修资金管理办法 Arts. 20–21): w = the owner's area;
 *   - elevator (Guangzhou's reference rule): w = Σ coef(floor)·area over the owner's units,
 *     coef in tenths: floor 1 (and below) → 0, 2 → 5, 3 → 10, then +1 per floor (floor 99 → 106).
 *
 * Overflow: totals are at most DEC_MAX (10^15 fen < 2^50); a weight and the weights' sum are
 * kept ≤ INT64_MAX (< 2^63) — share_payers refuses a roll whose sum would pass it, which no
 * real one does (a district of 10^6 units of the registry's largest 10^7 hundredths of m² at
 * floor 99: 10^6 · 10^7 · 106 ≈ 1.1·10^15). total·w is then below 2^113 and is formed as a
 * 128-bit product from 32-bit halves and divided by W bit by bit, so nothing is ever rounded
 * before the largest-remainder step. */
#ifndef YL_SHARE_H
#define YL_SHARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "result.h"

enum share_rule { SHARE_AREA, SHARE_ELEVATOR, SHARE__COUNT };
extern const char *const share_rule_names[SHARE__COUNT]; /* "area", "elevator" */
int share_rule_from_name(const char *s);                 /* -1 when unknown */

/* The one payer all developer-held units make together (the same as VOTE_DEVELOPER). */
#define SHARE_DEVELOPER INT64_C(-1)

/* A unit in scope as the register has it. */
struct share_unit {
	int64_t owner_id;
	int64_t area;        /* hundredths of m², > 0 */
	int floor;           /* the registry's -5 … 99 */
	bool developer_held; /* unsold or sold-but-undelivered, or owned by the developer/work unit */
};

/* One payer and their share. pos is share_apportion's scratch. */
struct share {
	int64_t owner_id; /* SHARE_DEVELOPER for the developer */
	int64_t area;     /* the sum over the payer's units in scope */
	int64_t units;
	int64_t weight;   /* area, or Σ coef·area (tenths · hundredths of m²) */
	int64_t amount;   /* fen, after share_apportion */
	uint64_t rem;
	size_t pos;
};

/* The elevator rule's coefficient for a floor, in tenths (0 for floor 1 and below). */
int64_t share_coef(int floor);

/* Groups units into payers as DOMAIN.md §2 counts owners: one payer per owner_id with their
 * units' areas (and weights) summed; every developer-held unit in the ONE developer payer,
 * whoever the register names, paying by the area it holds (维修资金管理办法 Art. 21: the
 * developer pays for unsold units). units is reordered; out must hold n entries. Writes *k
 * payers in owner_id order, the developer (if any) first. ERR_INVALID when a unit's area is
 * not in 1 … DEC_MAX, the rule is unknown, or a weight sum would pass INT64_MAX. */
enum yl_err share_payers(struct share_unit *units, size_t n, enum share_rule rule, struct share *out, size_t *k);

/* Sets every payer's amount: floor(total·weight / Σ weight), then one more fen to each of the
 * payers with the largest remainders until the amounts sum exactly to total. Ties between equal
 * remainders go to the payer earlier in the array (for share_payers' order: the developer,
 * then the smaller owner_id). A payer with weight 0 (a ground-floor unit under the elevator rule)
 * always pays 0: its remainder is 0 and the fen left over never outnumber the positive
 * remainders. The array's order is kept. ERR_INVALID when total is not in 0 … DEC_MAX, k is 0,
 * a weight is negative, or every weight is 0 (nobody to charge). */
enum yl_err share_apportion(int64_t total, struct share *s, size_t k);

/* floor(a·b / d) with its remainder, exactly, for d > 0 and b ≤ d (so the quotient ≤ a). */
int64_t share_muldiv(int64_t a, int64_t b, int64_t d, uint64_t *rem);

/* A plan item's funding sources (国办发〔2020〕23号: 谁受益、谁出资). */
enum fund_source {
	FUND_GOVERNMENT,  /* 政府补助 */
	FUND_RESIDENTS,   /* 居民出资 */
	FUND_MAINTENANCE, /* 住宅专项维修资金 */
	FUND_UTILITY,     /* 管线单位 (for their own lines) */
	FUND_STATIONED,   /* 驻区单位 */
	FUND_SOCIAL,      /* 社会资本 */
	FUND__COUNT
};
extern const char *const fund_source_names[FUND__COUNT]; /* "government", "residents", … */
int fund_source_from_name(const char *s);                /* -1 when unknown */

/* *diff = cost − Σ parts: 0 when the split is exact, > 0 when the sources fall short by that
 * many fen, < 0 when they exceed the cost. ERR_INVALID (and *diff 0) when the cost or a part
 * is not in 0 … DEC_MAX; the sum of six such parts cannot overflow. */
enum yl_err share_funding_gap(int64_t cost, const int64_t parts[FUND__COUNT], int64_t *diff);

#endif
