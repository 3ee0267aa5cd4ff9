/* plans.c: SQL for the renovation plan (see plans.h). */
#include "plans.h"
#include "../core/words.h"
#include "db.h"
#include "decisions.h"
#include "../core/arena.h"
#include "../core/vote.h"

#include <stdlib.h>
#include <string.h>

const char *const item_scope_names[ISC__COUNT] = {
	[ISC_COMMUNITY] = "community", [ISC_BUILDING] = "building", [ISC_STAIRWELL] = "stairwell"};

/* Plans ------------------------------------------------------------------------------------ */

#define PLAN_COLS                                                                                          \
	"p.id, p.community_id, p.title, p.summary, coalesce(p.adopted_version, 0), coalesce(p.adopted_at, 0), " \
	"p.created_by, p.created_at, "                                                                         \
	"(SELECT coalesce(max(v.number), 0) FROM plan_versions v WHERE v.community_id = p.community_id "       \
	"AND v.plan_id = p.id AND v.published_at IS NOT NULL), "                                               \
	"(SELECT coalesce(max(v.number), 0) FROM plan_versions v WHERE v.community_id = p.community_id "       \
	"AND v.plan_id = p.id AND v.published_at IS NULL) "

static void
read_plan(struct arena *a, struct stmt *st, void *elem)
{
	struct plan *p = elem;
	p->id = db_col_i64(st, 0);
	p->community_id = db_col_i64(st, 1);
	p->title = db_text(a, st, 2, "");
	p->summary = db_text(a, st, 3, "");
	p->adopted_version = db_col_i64(st, 4);
	p->adopted_at = db_col_i64(st, 5);
	p->created_by = db_col_i64(st, 6);
	p->created_at = db_col_i64(st, 7);
	p->published = db_col_i64(st, 8);
	p->draft = db_col_i64(st, 9);
}

enum yl_err
store_plan_create(struct db *db, int64_t cid, const char *title, const char *summary, int64_t by, int64_t now,
                  int64_t *id)
{
	struct stmt *pl = db_prep(db, "INSERT INTO plans (community_id, title, summary, created_by, created_at) "
	                              "VALUES ($1, $2, $3, $4, $5) RETURNING id");
	struct stmt *ve = db_prep(db, "INSERT INTO plan_versions (community_id, plan_id, number, created_by, created_at) "
	                              "VALUES ($1, $2, 1, $3, $4) RETURNING id");
	if (pl == NULL || ve == NULL)
		return ERR_INTERNAL;
	db_bind_i64(pl, 1, cid);
	db_bind_text(pl, 2, title);
	db_bind_text(pl, 3, summary ? summary : "");
	db_bind_i64(pl, 4, by);
	db_bind_i64(pl, 5, now);
	enum yl_err e = db_insert(db, pl, "plan create", id);
	if (e != YL_OK)
		return e;
	db_bind_i64(ve, 1, cid);
	db_bind_i64(ve, 2, *id);
	db_bind_i64(ve, 3, by);
	db_bind_i64(ve, 4, now);
	return db_insert(db, ve, "plan draft 1", NULL);
}

enum yl_err
store_plan_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct plan *out)
{
	return db_row_by_id(db, a, "SELECT " PLAN_COLS "FROM plans p WHERE p.community_id = $1 AND p.id = $2",
	                    cid, id, read_plan, out, sizeof *out, "plan get");
}

enum yl_err
store_plans(struct db *db, struct arena *a, int64_t cid, struct plan **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " PLAN_COLS "FROM plans p WHERE p.community_id = $1 "
	                              "ORDER BY p.adopted_version IS NOT NULL, p.id DESC");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_plan, sizeof **v, v, n, "plans");
}

enum yl_err
store_plan_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM plans WHERE id = $1", id, cid, NULL, NULL);
}

/* Versions --------------------------------------------------------------------------------- */

#define VERSION_COLS                                                                                  \
	"id, plan_id, number, changelog, created_by, created_at, coalesce(published_by, 0), "             \
	"coalesce(published_at, 0), coalesce(consult_until, 0), coalesce(consult_closed_at, 0) "

static void
read_version(struct arena *a, struct stmt *st, void *elem)
{
	struct plan_version *v = elem;
	v->id = db_col_i64(st, 0);
	v->plan_id = db_col_i64(st, 1);
	v->number = db_col_i64(st, 2);
	v->changelog = db_text(a, st, 3, "");
	v->created_by = db_col_i64(st, 4);
	v->created_at = db_col_i64(st, 5);
	v->published_by = db_col_i64(st, 6);
	v->published_at = db_col_i64(st, 7);
	v->consult_until = db_col_i64(st, 8);
	v->consult_closed_at = db_col_i64(st, 9);
}

enum yl_err
store_plan_version(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, int64_t number,
                   struct plan_version *out)
{
	/* number 0: the newest published one */
	struct stmt *st = db_prep(db, "SELECT " VERSION_COLS "FROM plan_versions WHERE community_id = $1 AND plan_id = $2 "
	                              "AND (number = $3 OR ($3 = 0 AND published_at IS NOT NULL)) "
	                              "ORDER BY number DESC LIMIT 1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, plan_id);
	db_bind_i64(st, 3, number);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_version(a, st, out);
	return db_one(db, st, rc, "plan version");
}

enum yl_err
store_plan_versions(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, struct plan_version **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " VERSION_COLS "FROM plan_versions WHERE community_id = $1 AND plan_id = $2 "
	                              "ORDER BY number");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, plan_id);
	return db_rows(db, a, st, read_version, sizeof **v, v, n, "plan versions");
}

bool
plan_consult_open(const struct plan_version *v, int64_t now)
{
	return v->published_at != 0 && v->consult_until != 0 && v->consult_closed_at == 0 && now <= v->consult_until;
}

/* The draft's id, ERR_CONFLICT when the plan has none (or is not this community's). */
static enum yl_err
draft_of(struct db *db, int64_t cid, int64_t plan_id, int64_t *version_id)
{
	struct stmt *st = db_prep(db, "SELECT id FROM plan_versions WHERE community_id = $1 AND plan_id = $2 "
	                              "AND published_at IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, plan_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*version_id = db_col_i64(st, 0);
	enum yl_err e = db_one(db, st, rc, "plan draft");
	return e == ERR_NOTFOUND ? ERR_CONFLICT : e;
}

enum yl_err
store_plan_publish(struct db *db, int64_t cid, int64_t plan_id, const char *changelog, int64_t consult_until,
                   int64_t by, int64_t now, int64_t *number)
{
	int64_t vid = 0;
	enum yl_err e = draft_of(db, cid, plan_id, &vid);
	if (e != YL_OK)
		return e;
	struct stmt *cnt = db_prep(db, "SELECT count(*) FROM plan_items WHERE community_id = $1 AND version_id = $2");
	struct stmt *up = db_prep(db, "UPDATE plan_versions SET changelog = $3, consult_until = $4, published_by = $5, "
	                              "published_at = $6 WHERE community_id = $1 AND id = $2 AND published_at IS NULL "
	                              "RETURNING number");
	if (cnt == NULL || up == NULL)
		return ERR_INTERNAL;
	db_bind_i64(cnt, 1, cid);
	db_bind_i64(cnt, 2, vid);
	int rc = db_step(cnt);
	int64_t items = rc == DB_ROW ? db_col_i64(cnt, 0) : 0;
	if ((e = db_one(db, cnt, rc, "plan draft items")) != YL_OK)
		return e;
	if (items == 0)
		return ERR_INVALID;
	db_bind_i64(up, 1, cid);
	db_bind_i64(up, 2, vid);
	db_bind_text(up, 3, changelog ? changelog : "");
	db_bind_opt_i64(up, 4, consult_until);
	db_bind_i64(up, 5, by);
	db_bind_i64(up, 6, now);
	rc = db_step(up);
	if (rc == DB_ROW)
		*number = db_col_i64(up, 0);
	e = db_one(db, up, rc, "plan publish");
	return e == ERR_NOTFOUND ? ERR_CONFLICT : e;
}

enum yl_err
store_plan_new_draft(struct db *db, int64_t cid, int64_t plan_id, int64_t by, int64_t now, int64_t *number)
{
	int64_t last_id = 0, last_number = 0, draft;
	if (draft_of(db, cid, plan_id, &draft) == YL_OK)
		return ERR_CONFLICT;
	struct stmt *ad = db_prep(db, "SELECT adopted_version IS NOT NULL FROM plans WHERE community_id = $1 AND id = $2");
	if (ad == NULL)
		return ERR_INTERNAL;
	db_bind_i64(ad, 1, cid);
	db_bind_i64(ad, 2, plan_id);
	int arc = db_step(ad);
	bool adopted = arc == DB_ROW && db_col_i64(ad, 0) != 0;
	enum yl_err ae = db_one(db, ad, arc, "plan adopted");
	if (ae != YL_OK)
		return ae;
	if (adopted) /* a plan is adopted once: a change after that is a new plan */
		return ERR_CONFLICT;
	struct stmt *lv = db_prep(db, "SELECT id, number FROM plan_versions WHERE community_id = $1 AND plan_id = $2 "
	                              "AND published_at IS NOT NULL ORDER BY number DESC LIMIT 1");
	struct stmt *ve = db_prep(db, "INSERT INTO plan_versions (community_id, plan_id, number, created_by, created_at) "
	                              "VALUES ($1, $2, $3, $4, $5) RETURNING id");
	struct stmt *cp = db_prep(db, "INSERT INTO plan_items (community_id, plan_id, version_id, key, title, description, "
	                              "class, mandatory, owners_decide, scope, building_id, stairwell_id, place, cost, "
	                              "fund_government, fund_residents, fund_maintenance, fund_utility, fund_stationed, "
	                              "fund_social, share_rule) "
	                              "SELECT community_id, plan_id, $3, key, title, description, class, mandatory, "
	                              "owners_decide, scope, building_id, stairwell_id, place, cost, fund_government, "
	                              "fund_residents, fund_maintenance, fund_utility, fund_stationed, fund_social, share_rule "
	                              "FROM plan_items WHERE community_id = $1 AND version_id = $2");
	if (lv == NULL || ve == NULL || cp == NULL)
		return ERR_INTERNAL;
	db_bind_i64(lv, 1, cid);
	db_bind_i64(lv, 2, plan_id);
	int rc = db_step(lv);
	if (rc == DB_ROW) {
		last_id = db_col_i64(lv, 0);
		last_number = db_col_i64(lv, 1);
	}
	enum yl_err e = db_one(db, lv, rc, "plan last version");
	if (e != YL_OK)
		return e == ERR_NOTFOUND ? ERR_CONFLICT : e;
	int64_t vid;
	db_bind_i64(ve, 1, cid);
	db_bind_i64(ve, 2, plan_id);
	db_bind_i64(ve, 3, last_number + 1);
	db_bind_i64(ve, 4, by);
	db_bind_i64(ve, 5, now);
	if ((e = db_insert(db, ve, "plan new draft", &vid)) != YL_OK)
		return e;
	db_bind_i64(cp, 1, cid);
	db_bind_i64(cp, 2, last_id);
	db_bind_i64(cp, 3, vid);
	if ((e = db_done(db, cp, "plan draft items copy")) != YL_OK)
		return e;
	*number = last_number + 1;
	return YL_OK;
}

enum yl_err
store_plan_consult_close(struct db *db, int64_t cid, int64_t plan_id, int64_t number, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE plan_versions SET consult_closed_at = $4 WHERE community_id = $1 "
	                              "AND plan_id = $2 AND number = $3 AND published_at IS NOT NULL "
	                              "AND consult_until IS NOT NULL AND consult_until >= $4 AND consult_closed_at IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, plan_id);
	db_bind_i64(st, 3, number);
	db_bind_i64(st, 4, now);
	enum yl_err e = db_done(db, st, "plan consultation close");
	if (e == YL_OK && db_changes(st) == 0)
		return ERR_CONFLICT;
	return e;
}

enum yl_err
store_plan_adopt(struct db *db, int64_t cid, int64_t plan_id, int64_t number, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE plans SET adopted_version = $3, adopted_at = $4 WHERE community_id = $1 "
	                              "AND id = $2 AND adopted_version IS NULL AND EXISTS (SELECT 1 FROM plan_versions v "
	                              "WHERE v.community_id = $1 AND v.plan_id = $2 AND v.number = $3 "
	                              "AND v.published_at IS NOT NULL)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, plan_id);
	db_bind_i64(st, 3, number);
	db_bind_i64(st, 4, now);
	enum yl_err e = db_done(db, st, "plan adopt");
	if (e == YL_OK && db_changes(st) == 0)
		return ERR_CONFLICT;
	return e;
}

/* Items ------------------------------------------------------------------------------------ */

#define ITEM_COLS                                                                                            \
	"i.id, i.version_id, i.key, i.title, i.description, i.class, i.mandatory, i.owners_decide, i.scope, "    \
	"coalesce(i.building_id, 0), coalesce(i.stairwell_id, 0), coalesce(b.name, ''), coalesce(s.name, ''), "  \
	"i.place, i.cost, i.fund_government, i.fund_residents, i.fund_maintenance, i.fund_utility, "             \
	"i.fund_stationed, i.fund_social, i.share_rule "
#define ITEM_JOINS                                                                                           \
	"FROM plan_items i LEFT JOIN buildings b ON b.community_id = i.community_id AND b.id = i.building_id "   \
	"LEFT JOIN stairwells s ON s.community_id = i.community_id AND s.id = i.stairwell_id "

static void
read_item(struct arena *a, struct stmt *st, void *elem)
{
	struct plan_item_row *r = elem;
	memset(r, 0, sizeof *r);
	r->id = db_col_i64(st, 0);
	r->version_id = db_col_i64(st, 1);
	r->it.key = db_col_i64(st, 2);
	r->it.title = db_text(a, st, 3, "");
	r->it.description = db_text(a, st, 4, "");
	r->it.klass = (enum item_class)word_or(item_class_names, ITEM__COUNT, db_col_text(st, 5), 0);
	r->it.mandatory = db_col_i64(st, 6) != 0;
	r->it.owners_decide = db_col_i64(st, 7) != 0;
	r->scope = (enum item_scope)word_or(item_scope_names, ISC__COUNT, db_col_text(st, 8), 0);
	r->building_id = db_col_i64(st, 9);
	r->stairwell_id = db_col_i64(st, 10);
	r->building = db_text(a, st, 11, "");
	r->stairwell = db_text(a, st, 12, "");
	r->place = db_text(a, st, 13, "");
	r->it.cost = db_col_i64(st, 14);
	for (int f = 0; f < FUND__COUNT; f++)
		r->it.funding[f] = db_col_i64(st, 15 + f);
	r->it.share_rule = word_or(share_rule_names, SHARE__COUNT, db_col_text(st, 21), 0);
	/* the location plan_diff compares: where, in words */
	r->it.location = arena_printf(a, "%s%s%s%s", r->building, r->stairwell,
	                              *r->building && *r->place ? " " : "", r->place);
}

enum yl_err
store_plan_items(struct db *db, struct arena *a, int64_t cid, int64_t version_id, struct plan_item_row **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " ITEM_COLS ITEM_JOINS "WHERE i.community_id = $1 AND i.version_id = $2 "
	                              "ORDER BY i.key");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, version_id);
	return db_rows(db, a, st, read_item, sizeof **v, v, n, "plan items");
}

enum yl_err
store_plan_item(struct db *db, struct arena *a, int64_t cid, int64_t version_id, int64_t key, struct plan_item_row *out)
{
	struct stmt *st = db_prep(db, "SELECT " ITEM_COLS ITEM_JOINS "WHERE i.community_id = $1 AND i.version_id = $2 "
	                              "AND i.key = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, version_id);
	db_bind_i64(st, 3, key);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_item(a, st, out);
	return db_one(db, st, rc, "plan item");
}

/* Binds an item's fields from $4 on, in the order of the INSERT's and the UPDATE's columns. */
static void
bind_item(struct stmt *st, const struct plan_item_row *r)
{
	db_bind_text(st, 4, r->it.title);
	db_bind_text(st, 5, r->it.description ? r->it.description : "");
	db_bind_text(st, 6, item_class_names[r->it.klass]);
	db_bind_i64(st, 7, r->it.mandatory);
	db_bind_i64(st, 8, r->it.owners_decide);
	db_bind_text(st, 9, item_scope_names[r->scope]);
	db_bind_opt_i64(st, 10, r->building_id);
	db_bind_opt_i64(st, 11, r->stairwell_id);
	db_bind_text(st, 12, r->place ? r->place : "");
	db_bind_i64(st, 13, r->it.cost);
	for (int f = 0; f < FUND__COUNT; f++)
		db_bind_i64(st, 14 + f, r->it.funding[f]);
	db_bind_text(st, 20, share_rule_names[r->it.share_rule]);
}

enum yl_err
store_plan_item_put(struct db *db, int64_t cid, int64_t plan_id, const struct plan_item_row *r, int64_t *key)
{
	int64_t vid = 0;
	enum yl_err e = draft_of(db, cid, plan_id, &vid);
	if (e != YL_OK)
		return e;
	if (r->it.key != 0) {
		struct stmt *up = db_prep(db, "UPDATE plan_items SET title = $4, description = $5, class = $6, mandatory = $7, "
		                              "owners_decide = $8, scope = $9, building_id = $10, stairwell_id = $11, "
		                              "place = $12, cost = $13, fund_government = $14, fund_residents = $15, "
		                              "fund_maintenance = $16, fund_utility = $17, fund_stationed = $18, "
		                              "fund_social = $19, share_rule = $20 "
		                              "WHERE community_id = $1 AND version_id = $2 AND key = $3");
		if (up == NULL)
			return ERR_INTERNAL;
		db_bind_i64(up, 1, cid);
		db_bind_i64(up, 2, vid);
		db_bind_i64(up, 3, r->it.key);
		bind_item(up, r);
		if ((e = db_done(db, up, "plan item update")) != YL_OK)
			return e;
		*key = r->it.key;
		return db_changes(up) == 0 ? ERR_NOTFOUND : YL_OK;
	}
	/* the next key, taken under the community's write lock (store_begin_community) */
	struct stmt *nk = db_prep(db, "UPDATE plans SET next_key = next_key + 1 WHERE community_id = $1 AND id = $2 "
	                              "RETURNING next_key - 1");
	struct stmt *in = db_prep(db, "INSERT INTO plan_items (community_id, version_id, key, title, description, class, "
	                              "mandatory, owners_decide, scope, building_id, stairwell_id, place, cost, "
	                              "fund_government, fund_residents, fund_maintenance, fund_utility, fund_stationed, "
	                              "fund_social, share_rule, plan_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	                              "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id");
	if (nk == NULL || in == NULL)
		return ERR_INTERNAL;
	db_bind_i64(nk, 1, cid);
	db_bind_i64(nk, 2, plan_id);
	int rc = db_step(nk);
	if (rc == DB_ROW)
		*key = db_col_i64(nk, 0);
	if ((e = db_one(db, nk, rc, "plan next key")) != YL_OK)
		return e;
	db_bind_i64(in, 1, cid);
	db_bind_i64(in, 2, vid);
	db_bind_i64(in, 3, *key);
	bind_item(in, r);
	db_bind_i64(in, 21, plan_id);
	return db_insert(db, in, "plan item insert", NULL);
}

enum yl_err
store_plan_item_delete(struct db *db, int64_t cid, int64_t plan_id, int64_t key)
{
	int64_t vid = 0;
	enum yl_err e = draft_of(db, cid, plan_id, &vid);
	if (e != YL_OK)
		return e;
	struct stmt *st = db_prep(db, "DELETE FROM plan_items WHERE community_id = $1 AND version_id = $2 AND key = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, vid);
	db_bind_i64(st, 3, key);
	if ((e = db_done(db, st, "plan item delete")) != YL_OK)
		return e;
	return db_changes(st) == 0 ? ERR_NOTFOUND : YL_OK;
}

/* Decisions and approval ------------------------------------------------------------------- */

enum yl_err
store_plan_link_decision(struct db *db, int64_t cid, int64_t plan_id, int64_t key, int64_t decision_id,
                         int64_t option_id, int64_t by, int64_t now)
{
	/* option 0 is the one question of a yes/no decision: a multiple-choice one keeps no count for
	 * it, so an item linked to it without an option could never be approved */
	struct stmt *ck = db_prep(db, "SELECT EXISTS (SELECT 1 FROM decision_options o WHERE o.community_id = $1 "
	                              "AND o.decision_id = $2 AND o.id = $3) OR ($3 = 0 AND NOT EXISTS (SELECT 1 "
	                              "FROM decision_options o WHERE o.community_id = $1 AND o.decision_id = $2)) "
	                              "FROM decisions d WHERE d.community_id = $1 AND d.id = $2");
	struct stmt *st = db_prep(db, "INSERT INTO plan_item_decisions (community_id, plan_id, key, decision_id, option_id, "
	                              "linked_by, linked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
	                              "ON CONFLICT (community_id, plan_id, key) DO UPDATE SET decision_id = excluded.decision_id, "
	                              "option_id = excluded.option_id, linked_by = excluded.linked_by, "
	                              "linked_at = excluded.linked_at");
	if (ck == NULL || st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(ck, 1, cid);
	db_bind_i64(ck, 2, decision_id);
	db_bind_i64(ck, 3, option_id);
	int rc = db_step(ck);
	bool option_ok = rc == DB_ROW && db_col_i64(ck, 0) != 0;
	enum yl_err e = db_one(db, ck, rc, "plan decision check");
	if (e != YL_OK)
		return e;
	if (!option_ok)
		return ERR_INVALID;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, plan_id);
	db_bind_i64(st, 3, key);
	db_bind_i64(st, 4, decision_id);
	db_bind_i64(st, 5, option_id);
	db_bind_i64(st, 6, by);
	db_bind_i64(st, 7, now);
	return db_done(db, st, "plan decision link");
}

struct link {
	int64_t key, decision_id, option_id;
};

/* Judges one item: its facts from the plan, the link and the linked decision's kept count. */
static enum yl_err
judge(struct db *db, struct arena *a, int64_t cid, const struct plan *p, int64_t version_number,
      const struct link *l, struct item_state *s)
{
	struct item_facts f = {.mandatory = s->row.it.mandatory,
	                       .owners_decide = s->row.it.owners_decide,
	                       .adopted = p->adopted_version != 0 && p->adopted_version == version_number};
	s->decision_id = s->option_id = 0;
	s->decision_title = "";
	if (l != NULL) {
		struct decision d;
		enum yl_err e = store_decision_get(db, a, cid, l->decision_id, &d);
		if (e != YL_OK)
			return e;
		/* a decision still in draft is not before the owners yet */
		f.decision_linked = d.state != DST_DRAFT;
		s->decision_id = l->decision_id;
		s->option_id = l->option_id;
		s->decision_title = d.title;
		f.decision_closed = d.state == DST_CLOSED || d.state == DST_ANNOUNCED;
		e = store_decision_passed(db, cid, &d, l->option_id, &f.decision_passed);
		if (e != YL_OK)
			return e;
	}
	s->status = plan_item_status(&f);
	return YL_OK;
}

static void
read_link(struct arena *a, struct stmt *st, void *elem)
{
	(void)a;
	struct link *l = elem;
	l->key = db_col_i64(st, 0);
	l->decision_id = db_col_i64(st, 1);
	l->option_id = db_col_i64(st, 2);
}

static enum yl_err
links_of(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, struct link **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT key, decision_id, option_id FROM plan_item_decisions "
	                              "WHERE community_id = $1 AND plan_id = $2 ORDER BY key");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, plan_id);
	return db_rows(db, a, st, read_link, sizeof **v, v, n, "plan decision links");
}

static const struct link *
link_for(const struct link *v, size_t n, int64_t key)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].key == key)
			return &v[i];
	return NULL;
}

enum yl_err
store_plan_item_states(struct db *db, struct arena *a, int64_t cid, const struct plan *p,
                       const struct plan_version *ver, struct item_state **v, size_t *n)
{
	struct plan_item_row *rows;
	size_t nrows;
	struct link *links;
	size_t nlinks;
	enum yl_err e = store_plan_items(db, a, cid, ver->id, &rows, &nrows);
	if (e == YL_OK)
		e = links_of(db, a, cid, p->id, &links, &nlinks);
	if (e != YL_OK)
		return e;
	*v = arena_zalloc(a, (nrows ? nrows : 1) * sizeof **v);
	*n = nrows;
	for (size_t i = 0; i < nrows && e == YL_OK; i++) {
		(*v)[i].row = rows[i];
		e = judge(db, a, cid, p, ver->number, link_for(links, nlinks, rows[i].it.key), &(*v)[i]);
	}
	return e;
}

enum yl_err
store_plan_item_state(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, int64_t key, struct item_state *out)
{
	return store_plan_item_state_in(db, a, cid, plan_id, 0, key, out);
}

enum yl_err
store_plan_item_state_in(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, int64_t number, int64_t key,
                         struct item_state *out)
{
	struct plan p;
	struct plan_version ver;
	enum yl_err e = store_plan_get(db, a, cid, plan_id, &p);
	if (e == YL_OK)
		e = store_plan_version(db, a, cid, plan_id, number ? number : p.adopted_version, &ver);
	if (e == YL_OK)
		e = store_plan_item(db, a, cid, ver.id, key, &out->row);
	if (e != YL_OK)
		return e;
	struct link *links;
	size_t nlinks;
	if ((e = links_of(db, a, cid, plan_id, &links, &nlinks)) != YL_OK)
		return e;
	return judge(db, a, cid, &p, ver.number, link_for(links, nlinks, key), out);
}

/* Cost shares ------------------------------------------------------------------------------ */

enum yl_err
store_share_units(struct db *db, struct arena *a, int64_t cid, int64_t building_id, int64_t stairwell_id,
                  struct plan_unit **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	/* Art. 9 of the SPC interpretation, as the decisions' roll reads it: unsold and undelivered
	 * units are the developer's whoever the register names, and so is every unit of an owner
	 * that is the developer or former work unit. One statement per scope, each equal on the
	 * columns of units_by_place, so a building reads its own units, not the compound's. */
#define SHARE_UNITS_SQL(where)                                                                                   \
	"SELECT u.owner_id, u.area, u.floor, CASE WHEN u.status <> 'delivered' OR o.kind = 'developer' THEN 1 ELSE 0 END, " \
	"o.owner_ref FROM units u JOIN owners o ON o.community_id = u.community_id AND o.id = u.owner_id "             \
	"WHERE u.community_id = $1 " where
	/* owner order, but "+ 0" where a place is named: ordering by the plain column would let
	 * SQLite walk units_by_owner through the whole compound to skip a sort of a building's rows */
	struct stmt *us = stairwell_id ? db_prep(db, SHARE_UNITS_SQL("AND u.building_id = $2 AND u.stairwell_id = $3 "
	                                                             "ORDER BY u.owner_id + 0, u.id"))
	                  : building_id ? db_prep(db, SHARE_UNITS_SQL("AND u.building_id = $2 ORDER BY u.owner_id + 0, u.id"))
	                                : db_prep(db, SHARE_UNITS_SQL("ORDER BY u.owner_id, u.id"));
#undef SHARE_UNITS_SQL
	if (us == NULL)
		return ERR_INTERNAL;
	db_bind_i64(us, 1, cid);
	if (building_id || stairwell_id)
		db_bind_i64(us, 2, building_id);
	if (stairwell_id)
		db_bind_i64(us, 3, stairwell_id);
	struct plan_unit *pu = NULL;
	size_t k = 0, cap = 0;
	int rc;
	while ((rc = db_step(us)) == DB_ROW) {
		if (k == cap) {
			/* malloc'd, not the arena: a whole compound's units outlive nothing but this call's user */
			size_t ncap = cap ? 2 * cap : 64;
			struct plan_unit *np = realloc(pu, ncap * sizeof *np);
			if (np == NULL) {
				db_reset(us);
				free(pu);
				return ERR_INTERNAL;
			}
			pu = np;
			cap = ncap;
		}
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
