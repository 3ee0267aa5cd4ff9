/* plan_diff.h: what changed between two versions of a renovation plan (issue 8) — items added,
 * removed and changed (which fields, and by how many fen the cost and each funding source
 * moved). Pure: no I/O, no allocation (callers give the memory); money in fen (int64_t). */
#ifndef YL_PLAN_DIFF_H
#define YL_PLAN_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "share.h"

/* The three classes of 国办发〔2020〕23号 (DOMAIN.md §3). */
enum item_class { ITEM_BASIC, ITEM_IMPROVEMENT, ITEM_ENHANCEMENT, ITEM__COUNT };
extern const char *const item_class_names[ITEM__COUNT]; /* "basic", "improvement", "enhancement" */
int item_class_from_name(const char *s);                 /* -1 when unknown */

/* One item of one version. key is the item's number in the plan, the same in every version. */
struct plan_item {
	int64_t key;
	const char *title, *description, *location; /* NULL reads as "" */
	enum item_class klass;
	bool mandatory;                              /* 必改; false: 选改 */
	bool owners_decide;                          /* the law asks the owners (rebuild, elevator …) */
	int share_rule;                              /* enum share_rule: how residents' part is shared */
	int64_t cost;                                /* fen */
	int64_t funding[FUND__COUNT];                /* fen per source */
};

/* Which fields of a changed item differ (a bit set). */
enum {
	PF_TITLE = 1 << 0,
	PF_DESCRIPTION = 1 << 1,
	PF_LOCATION = 1 << 2,
	PF_CLASS = 1 << 3,
	PF_MANDATORY = 1 << 4,
	PF_COST = 1 << 5,
	PF_FUNDING = 1 << 6,
	PF_OWNERS_DECIDE = 1 << 7,
	PF_SHARE_RULE = 1 << 8,
};

enum change_kind { CHANGE_ADDED, CHANGE_REMOVED, CHANGE_CHANGED };

/* One difference. For an added item the deltas are its cost and funding, for a removed one
 * their negatives; old and new point into the inputs (NULL for the side it is missing from). */
struct plan_change {
	enum change_kind kind;
	int64_t key;
	unsigned fields;
	int64_t cost_delta;
	int64_t funding_delta[FUND__COUNT];
	const struct plan_item *old, *new_;
};

/* Compares version a (na items) with version b (nb items), both in ascending key order with
 * no key twice, and writes the differences in key order to out (room for na + nb); unchanged
 * items are left out. *cost_delta receives Σ b.cost − Σ a.cost. Returns the number written, or
 * (size_t)-1 when an input is not strictly ascending by key. Costs are at most DEC_MAX, so a
 * plan's sums and deltas stay far inside int64_t. */
size_t plan_diff(const struct plan_item *a, size_t na, const struct plan_item *b, size_t nb,
                 struct plan_change *out, int64_t *cost_delta);

#endif
