/* plans.c: SQL for the renovation plan (see plans.h). */
#include "plans.h"
#include "db.h"
#include "../core/arena.h"

#include <stdlib.h>

enum yl_err
store_share_units(struct db *db, struct arena *a, int64_t cid, int64_t building_id, int64_t stairwell_id,
                  struct plan_unit **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	struct stmt *cnt = db_prep(db, "SELECT count(*) FROM units WHERE community_id = $1 AND ($2 IS NULL OR building_id = $2) "
	                               "AND ($3 IS NULL OR stairwell_id = $3)");
	/* Art. 9 of the SPC interpretation, as the decisions' roll reads it: unsold and undelivered
	 * units are the developer's whoever the register names, and so is every unit of an owner
	 * that is the developer or former work unit. */
	struct stmt *us = db_prep(db, "SELECT u.owner_id, u.area, u.floor, "
	                              "CASE WHEN u.status <> 'delivered' OR o.kind = 'developer' THEN 1 ELSE 0 END, o.owner_ref "
	                              "FROM units u JOIN owners o ON o.community_id = u.community_id AND o.id = u.owner_id "
	                              "WHERE u.community_id = $1 AND ($2 IS NULL OR u.building_id = $2) "
	                              "AND ($3 IS NULL OR u.stairwell_id = $3) ORDER BY u.owner_id, u.id");
	if (cnt == NULL || us == NULL)
		return ERR_INTERNAL;
	db_bind_i64(cnt, 1, cid);
	db_bind_opt_i64(cnt, 2, building_id);
	db_bind_opt_i64(cnt, 3, stairwell_id);
	if (db_step(cnt) != DB_ROW) {
		db_reset(cnt);
		return db_fail(db, "share units count");
	}
	size_t cap = (size_t)db_col_i64(cnt, 0);
	db_reset(cnt);
	if (cap == 0)
		return YL_OK;
	struct plan_unit *pu = malloc(cap * sizeof *pu);
	if (pu == NULL)
		return ERR_INTERNAL;
	db_bind_i64(us, 1, cid);
	db_bind_opt_i64(us, 2, building_id);
	db_bind_opt_i64(us, 3, stairwell_id);
	size_t k = 0;
	int rc;
	while ((rc = db_step(us)) == DB_ROW && k < cap) {
		struct plan_unit *p = &pu[k++];
		p->u.owner_id = db_col_i64(us, 0);
		p->u.area = db_col_i64(us, 1);
		p->u.floor = (int)db_col_i64(us, 2);
		p->u.developer_held = db_col_i64(us, 3) != 0;
		/* one copy per owner: the rows come in owner order */
		p->owner_ref = k > 1 && pu[k - 2].u.owner_id == p->u.owner_id ? pu[k - 2].owner_ref : db_text(a, us, 4, "");
	}
	db_reset(us);
	if (rc == DB_ERR) {
		free(pu);
		return db_fail(db, "share units");
	}
	*v = pu;
	*n = k;
	return YL_OK;
}
