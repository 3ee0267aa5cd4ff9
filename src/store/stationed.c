/* stationed.c: SQL for stationed units and their offers (see stationed.h). */
#include "stationed.h"
#include "../core/words.h"
#include "db.h"
#include "../core/arena.h"

#include <string.h>

const char *const stationed_state_names[SU__COUNT] = {
	[SU_APPLIED] = "applied", [SU_CONFIRMED] = "confirmed", [SU_DECLINED] = "declined"};
const char *const offer_state_names[OFFER__COUNT] = {[OFFER_OFFERED] = "offered", [OFFER_MATCHED] = "matched",
                                                     [OFFER_DELIVERED] = "delivered", [OFFER_WITHDRAWN] = "withdrawn"};
const char *const offer_match_names[MATCH__COUNT] = {[MATCH_NONE] = "", [MATCH_PROBLEM] = "problem",
                                                     [MATCH_PLAN_ITEM] = "plan_item"};

/* Nothing changed: ERR_NOTFOUND when the row is not there, else ERR_CONFLICT (wrong state). */
static enum yl_err
changed(struct db *db, struct stmt *st, struct stmt *ex, int64_t cid, int64_t id, const char *what)
{
	enum yl_err e = db_done(db, st, what);
	if (e != YL_OK || db_changes(st) > 0)
		return e;
	db_bind_i64(ex, 1, cid);
	db_bind_i64(ex, 2, id);
	e = db_one(db, ex, db_step(ex), what);
	return e == YL_OK ? ERR_CONFLICT : e;
}

/* Units ------------------------------------------------------------------------------------ */

#define UNIT_COLS                                                                                          \
	"id, name, contact_name, contact_phone, coalesce(account_id, 0), state, registered_at, "                \
	"coalesce(decided_by, 0), coalesce(decided_at, 0) "

static void
read_unit(struct arena *a, struct stmt *st, void *elem)
{
	struct stationed_unit *u = elem;
	u->id = db_col_i64(st, 0);
	u->name = db_text(a, st, 1, "");
	u->contact_name = db_text(a, st, 2, "");
	u->contact_phone = db_text(a, st, 3, "");
	u->account_id = db_col_i64(st, 4);
	u->state = (enum stationed_state)word_or(stationed_state_names, SU__COUNT, db_col_text(st, 5), 0);
	u->registered_at = db_col_i64(st, 6);
	u->decided_by = db_col_i64(st, 7);
	u->decided_at = db_col_i64(st, 8);
}

enum yl_err
store_stationed_create(struct db *db, int64_t cid, const struct stationed_unit *u, int64_t now, int64_t *id)
{
	/* ON CONFLICT: a name taken is an answer, and on PostgreSQL a failed insert would spoil the
	 * transaction */
	struct stmt *st = db_prep(db, "INSERT INTO stationed_units (community_id, name, contact_name, contact_phone, "
	                              "account_id, state, registered_at) VALUES ($1, $2, $3, $4, $5, 'applied', $6) "
	                              "ON CONFLICT DO NOTHING RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->contact_name);
	db_bind_text(st, 4, u->contact_phone ? u->contact_phone : "");
	db_bind_opt_i64(st, 5, u->account_id);
	db_bind_i64(st, 6, now);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	enum yl_err e = db_one(db, st, rc, "stationed create");
	return e == ERR_NOTFOUND ? ERR_CONFLICT : e;
}

enum yl_err
store_stationed_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct stationed_unit *out)
{
	return db_row_by_id(db, a, "SELECT " UNIT_COLS "FROM stationed_units WHERE community_id = $1 AND id = $2",
	                    cid, id, read_unit, out, sizeof *out, "stationed get");
}

enum yl_err
store_stationed_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM stationed_units WHERE id = $1", id, cid, NULL, NULL);
}

enum yl_err
store_stationed_list(struct db *db, struct arena *a, int64_t cid, struct stationed_unit **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " UNIT_COLS "FROM stationed_units WHERE community_id = $1 ORDER BY name, id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_unit, sizeof **v, v, n, "stationed list");
}

enum yl_err
store_stationed_of_account(struct db *db, int64_t cid, int64_t account_id, int64_t *id)
{
	struct stmt *st = db_prep(db, "SELECT id FROM stationed_units WHERE community_id = $1 AND account_id = $2 "
	                              "ORDER BY id LIMIT 1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	return db_one(db, st, rc, "stationed of account");
}

enum yl_err
store_stationed_decide(struct db *db, int64_t cid, int64_t id, enum stationed_state to, int64_t by, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE stationed_units SET state = $3, decided_by = $4, decided_at = $5 "
	                              "WHERE community_id = $1 AND id = $2 AND state = 'applied'");
	struct stmt *ex = db_prep(db, "SELECT 1 FROM stationed_units WHERE community_id = $1 AND id = $2");
	if (st == NULL || ex == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, stationed_state_names[to]);
	db_bind_i64(st, 4, by);
	db_bind_i64(st, 5, now);
	return changed(db, st, ex, cid, id, "stationed decide");
}

/* Offers ----------------------------------------------------------------------------------- */

#define OFFER_COLS                                                                                         \
	"id, unit_id, title, body, state, created_at, match_type, match_id, match_key, coalesce(matched_by, 0), " \
	"coalesce(matched_at, 0), delivered, coalesce(delivered_at, 0) "

static void
read_offer(struct arena *a, struct stmt *st, void *elem)
{
	struct unit_offer *o = elem;
	o->id = db_col_i64(st, 0);
	o->unit_id = db_col_i64(st, 1);
	o->title = db_text(a, st, 2, "");
	o->body = db_text(a, st, 3, "");
	o->state = (enum offer_state)word_or(offer_state_names, OFFER__COUNT, db_col_text(st, 4), 0);
	o->created_at = db_col_i64(st, 5);
	o->match = (enum offer_match)word_or(offer_match_names, MATCH__COUNT, db_col_text(st, 6), 0);
	o->match_id = db_col_i64(st, 7);
	o->match_key = db_col_i64(st, 8);
	o->matched_by = db_col_i64(st, 9);
	o->matched_at = db_col_i64(st, 10);
	o->delivered = db_text(a, st, 11, "");
	o->delivered_at = db_col_i64(st, 12);
}

enum yl_err
store_offer_add(struct db *db, int64_t cid, int64_t unit_id, const char *title, const char *body, int64_t now,
                int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO unit_offers (community_id, unit_id, title, body, state, created_at) "
	                              "VALUES ($1, $2, $3, $4, 'offered', $5) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	db_bind_text(st, 3, title);
	db_bind_text(st, 4, body ? body : "");
	db_bind_i64(st, 5, now);
	return db_insert(db, st, "offer add", id);
}

enum yl_err
store_offer_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct unit_offer *out)
{
	return db_row_by_id(db, a, "SELECT " OFFER_COLS "FROM unit_offers WHERE community_id = $1 AND id = $2",
	                    cid, id, read_offer, out, sizeof *out, "offer get");
}

enum yl_err
store_offer_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM unit_offers WHERE id = $1", id, cid, NULL, NULL);
}

enum yl_err
store_offers(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, struct unit_offer **v, size_t *n)
{
	/* two statements rather than "$2 = 0 OR …": PostgreSQL would type $2 from the 0 */
	struct stmt *st = unit_id ? db_prep(db, "SELECT " OFFER_COLS "FROM unit_offers WHERE community_id = $1 AND "
	                                        "unit_id = $2 ORDER BY id")
	                          : db_prep(db, "SELECT " OFFER_COLS "FROM unit_offers WHERE community_id = $1 ORDER BY "
	                                        "unit_id, id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	if (unit_id)
		db_bind_i64(st, 2, unit_id);
	return db_rows(db, a, st, read_offer, sizeof **v, v, n, "offers");
}

#define OFFER_EXISTS "SELECT 1 FROM unit_offers WHERE community_id = $1 AND id = $2"

enum yl_err
store_offer_match(struct db *db, int64_t cid, int64_t id, enum offer_match m, int64_t match_id, int64_t match_key,
                  int64_t by, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE unit_offers SET state = 'matched', match_type = $3, match_id = $4, "
	                              "match_key = $5, matched_by = $6, matched_at = $7 WHERE community_id = $1 AND id = $2 "
	                              "AND state IN ('offered', 'matched')");
	struct stmt *ex = db_prep(db, OFFER_EXISTS);
	if (st == NULL || ex == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, offer_match_names[m]);
	db_bind_i64(st, 4, match_id);
	db_bind_i64(st, 5, match_key);
	db_bind_i64(st, 6, by);
	db_bind_i64(st, 7, now);
	return changed(db, st, ex, cid, id, "offer match");
}

enum yl_err
store_offer_deliver(struct db *db, int64_t cid, int64_t id, const char *what, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE unit_offers SET state = 'delivered', delivered = $3, delivered_at = $4 "
	                              "WHERE community_id = $1 AND id = $2 AND state IN ('offered', 'matched')");
	struct stmt *ex = db_prep(db, OFFER_EXISTS);
	if (st == NULL || ex == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, what);
	db_bind_i64(st, 4, now);
	return changed(db, st, ex, cid, id, "offer deliver");
}

enum yl_err
store_offer_withdraw(struct db *db, int64_t cid, int64_t id)
{
	struct stmt *st = db_prep(db, "UPDATE unit_offers SET state = 'withdrawn' WHERE community_id = $1 AND id = $2 "
	                              "AND state IN ('offered', 'matched')");
	struct stmt *ex = db_prep(db, OFFER_EXISTS);
	if (st == NULL || ex == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	return changed(db, st, ex, cid, id, "offer withdraw");
}
