/* district.h: SQL for the district view — the figures of many communities side by side, each
 * figure one statement for all the communities asked for, never one statement per community. */
#ifndef YL_STORE_DISTRICT_H
#define YL_STORE_DISTRICT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/audit.h"
#include "../core/result.h"

struct arena;
struct db;

/* More than a district has (about 200); a page of figures for a whole city would need paging. */
#define DISTRICT_MAX 1000

struct district_row {
	int64_t community_id;
	const char *name, *district, *street;
	int64_t units, owners, area;         /* the register's totals; area in hundredths of m² */
	int64_t active_owners, active_units; /* owners with an activated account, and their units */
	int64_t chain_length;                /* audit entries; 0 with the genesis hash when none */
	char chain_head[AUDIT_HASH_HEX + 1];
	/* Open problems, overdue, satisfaction (problem list), turnout (owners' decisions) and the
	 * collection rate (finance) join here as those modules land: one more statement each,
	 * grouped by community like the ones in district.c. */
};

/* The figures of the communities whose ids are in ids[0..n) (ids NULL: every community on the
 * installation), ordered by id, at most DISTRICT_MAX of them. Ids of communities that do not
 * exist are skipped. *rows lives in the arena. Runs three statements whatever the number of
 * communities. */
enum yl_err store_district(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct district_row **rows,
                           size_t *nrows);

#endif
