/* plans.h: SQL for the renovation plan (issue 8) — for now the units a cost is shared between.
 * The rules are core/share.c; strings live in the caller's arena. */
#ifndef YL_STORE_PLANS_H
#define YL_STORE_PLANS_H

#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"
#include "../core/share.h"

struct arena;
struct db;

/* A unit in scope for a cost share, with its owner's community key. */
struct plan_unit {
	struct share_unit u;
	const char *owner_ref; /* in the arena */
};

/* The units of community cid in scope (building_id and stairwell_id 0: not limited), ordered by
 * owner id, with owner, area, floor and whether the developer holds it (DOMAIN.md §2: unsold or
 * undelivered, or owned by a developer / former work unit). *v is malloc'd (a whole compound
 * can be large): the caller frees it. *n is 0 when the scope holds no unit. */
enum yl_err store_share_units(struct db *db, struct arena *a, int64_t cid, int64_t building_id, int64_t stairwell_id,
                              struct plan_unit **v, size_t *n);

#endif
