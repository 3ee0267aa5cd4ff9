/* wishes.c: SQL for small wishes (see wishes.h). */
#include "wishes.h"
#include "db.h"
#include "../core/arena.h"

#include <string.h>

/* The wish with its place, poster and adopter's names, read by read_wish. */
#define WISH_COLS                                                                                                      \
	"w.id, w.title, w.body, coalesce(w.unit_id, 0), coalesce(u.building_id, 0), coalesce(b.name, ''), "            \
	"coalesce(b.name || s.name || u.room, ''), w.for_name, w.channel, w.posted_by, "                               \
	"CASE WHEN pa.display_name <> '' THEN pa.display_name ELSE pa.name END, w.posted_at, w.state, "                \
	"coalesce(w.volunteer_id, 0), coalesce(v.account_id, 0), coalesce(v.name, ''), coalesce(w.adopted_at, 0), "     \
	"coalesce(w.fulfilled_at, 0), coalesce(w.confirmed_by, 0), coalesce(w.confirmed_at, 0), w.minutes, w.points "
#define WISH_FROM                                                                                                      \
	"FROM wishes w JOIN accounts pa ON pa.id = w.posted_by "                                                       \
	"LEFT JOIN units u ON u.community_id = w.community_id AND u.id = w.unit_id "                                   \
	"LEFT JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "                           \
	"LEFT JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "                         \
	"LEFT JOIN volunteers v ON v.community_id = w.community_id AND v.id = w.volunteer_id "

static void
read_wish(struct arena *a, struct stmt *st, void *elem)
{
	struct wish *w = elem;
	memset(w, 0, sizeof *w);
	w->id = db_col_i64(st, 0);
	w->title = db_text(a, st, 1, "");
	w->body = db_text(a, st, 2, "");
	w->unit_id = db_col_i64(st, 3);
	w->building_id = db_col_i64(st, 4);
	w->building = db_text(a, st, 5, "");
	w->unit = db_text(a, st, 6, "");
	w->for_name = db_text(a, st, 7, "");
	const char *ch = db_col_text(st, 8);
	w->paper = ch && strcmp(ch, "paper") == 0;
	w->posted_by = db_col_i64(st, 9);
	w->poster_name = db_text(a, st, 10, "");
	w->posted_at = db_col_i64(st, 11);
	int s = wish_state_from_name(db_col_text(st, 12));
	w->state = s < 0 ? WISH_OPEN : (enum wish_state)s;
	w->volunteer_id = db_col_i64(st, 13);
	w->volunteer_account = db_col_i64(st, 14);
	w->volunteer_name = db_text(a, st, 15, "");
	w->adopted_at = db_col_i64(st, 16);
	w->fulfilled_at = db_col_i64(st, 17);
	w->confirmed_by = db_col_i64(st, 18);
	w->confirmed_at = db_col_i64(st, 19);
	w->minutes = db_col_i64(st, 20);
	w->points = db_col_i64(st, 21);
}

enum yl_err
store_wish_create(struct db *db, int64_t cid, const struct wish_new *w, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO wishes (community_id, title, body, unit_id, for_name, channel, posted_by, "
	                              "posted_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open') RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, w->title);
	db_bind_text(st, 3, w->body ? w->body : "");
	db_bind_opt_i64(st, 4, w->unit_id);
	db_bind_text(st, 5, w->for_name ? w->for_name : "");
	db_bind_text(st, 6, w->paper ? "paper" : "online");
	db_bind_i64(st, 7, w->posted_by);
	db_bind_i64(st, 8, w->now);
	return db_insert(db, st, "wish create", id);
}

enum yl_err
store_wish_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct wish *out)
{
	return db_row_by_id(db, a, "SELECT " WISH_COLS WISH_FROM "WHERE w.community_id = $1 AND w.id = $2",
	                    cid, id, read_wish, out, sizeof *out, "wish get");
}

enum yl_err
store_wish_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id)
{
	return db_community_of(db, "SELECT w.community_id, coalesce(u.building_id, 0) FROM wishes w LEFT JOIN units u "
	                       "ON u.community_id = w.community_id AND u.id = w.unit_id WHERE w.id = $1", id, cid, building_id, NULL);
}

enum yl_err
store_wishes(struct db *db, struct arena *a, int64_t cid, int64_t limit, struct wish **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " WISH_COLS WISH_FROM "WHERE w.community_id = $1 ORDER BY w.id DESC LIMIT $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, limit);
	return db_rows(db, a, st, read_wish, sizeof **v, v, n, "wishes");
}

/* Nothing changed: ERR_NOTFOUND when the wish is not there, ERR_CONFLICT when it is (it was in
 * another state, or another volunteer's). */
static enum yl_err
unchanged(struct db *db, int64_t cid, int64_t id)
{
	struct stmt *ex = db_prep(db, "SELECT 1 FROM wishes WHERE community_id = $1 AND id = $2");
	if (ex == NULL)
		return ERR_INTERNAL;
	db_bind_i64(ex, 1, cid);
	db_bind_i64(ex, 2, id);
	enum yl_err e = db_one(db, ex, db_step(ex), "wish exists");
	return e == YL_OK ? ERR_CONFLICT : e;
}

static enum yl_err
changed(struct db *db, struct stmt *st, int64_t cid, int64_t id, const char *what)
{
	enum yl_err e = db_done(db, st, what);
	if (e == YL_OK && db_changes(st) == 0)
		e = unchanged(db, cid, id);
	return e;
}

enum yl_err
store_wish_adopt(struct db *db, int64_t cid, int64_t id, int64_t volunteer_id, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE wishes SET state = 'adopted', volunteer_id = $3, adopted_at = $4 "
	                              "WHERE community_id = $1 AND id = $2 AND state = 'open'");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, volunteer_id);
	db_bind_i64(st, 4, now);
	return changed(db, st, cid, id, "wish adopt");
}

enum yl_err
store_wish_fulfil(struct db *db, int64_t cid, int64_t id, int64_t volunteer_id, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE wishes SET state = 'fulfilled', fulfilled_at = $4 "
	                              "WHERE community_id = $1 AND id = $2 AND state = 'adopted' AND volunteer_id = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, volunteer_id);
	db_bind_i64(st, 4, now);
	return changed(db, st, cid, id, "wish fulfil");
}

enum yl_err
store_wish_confirm(struct db *db, int64_t cid, int64_t id, int64_t by, int64_t minutes, int64_t points, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE wishes SET state = 'confirmed', confirmed_by = $3, confirmed_at = $4, "
	                              "minutes = $5, points = $6 WHERE community_id = $1 AND id = $2 AND state = 'fulfilled'");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, by);
	db_bind_i64(st, 4, now);
	db_bind_i64(st, 5, minutes);
	db_bind_i64(st, 6, points);
	return changed(db, st, cid, id, "wish confirm");
}

enum yl_err
store_wish_withdraw(struct db *db, int64_t cid, int64_t id)
{
	struct stmt *st = db_prep(db, "UPDATE wishes SET state = 'withdrawn' WHERE community_id = $1 AND id = $2 "
	                              "AND state = 'open'");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	return changed(db, st, cid, id, "wish withdraw");
}

enum yl_err
store_wish_totals(struct db *db, int64_t cid, int64_t volunteer_id, int64_t *count, int64_t *minutes, int64_t *points)
{
	struct stmt *st = db_prep(db, "SELECT count(*), coalesce(sum(minutes), 0), coalesce(sum(points), 0) FROM wishes "
	                              "WHERE community_id = $1 AND volunteer_id = $2 AND state = 'confirmed'");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, volunteer_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*count = db_col_i64(st, 0);
		*minutes = db_col_i64(st, 1);
		*points = db_col_i64(st, 2);
	}
	return db_one(db, st, rc, "wish totals");
}

enum yl_err
store_wish_adopter_ensure(struct db *db, int64_t cid, int64_t account_id, const char *name, int64_t now, int64_t *id)
{
	/* ON CONFLICT: an account has one registration per community (volunteers_by_account) */
	struct stmt *ins = db_prep(db, "INSERT INTO volunteers (community_id, account_id, name, state, applied_at, "
	                               "decided_at) VALUES ($1, $2, $3, 'confirmed', $4, $4) ON CONFLICT DO NOTHING");
	struct stmt *get = db_prep(db, "SELECT id FROM volunteers WHERE community_id = $1 AND account_id = $2");
	if (ins == NULL || get == NULL)
		return ERR_INTERNAL;
	db_bind_i64(ins, 1, cid);
	db_bind_i64(ins, 2, account_id);
	db_bind_text(ins, 3, name);
	db_bind_i64(ins, 4, now);
	enum yl_err e = db_done(db, ins, "adopter ensure");
	if (e != YL_OK)
		return e;
	db_bind_i64(get, 1, cid);
	db_bind_i64(get, 2, account_id);
	int rc = db_step(get);
	if (rc == DB_ROW)
		*id = db_col_i64(get, 0);
	return db_one(db, get, rc, "adopter of account");
}
