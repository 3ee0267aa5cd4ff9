/* works.c: SQL for works, milestones, inspections with photos and ratings (see works.h). Moves
 * are guarded in the statement itself (UPDATE … WHERE state = $from), so two people moving one
 * work at once cannot both succeed; the loser learns it from the row count. */
#include "works.h"
#include "../core/words.h"
#include "db.h"
#include "../core/arena.h"

#include <string.h>

const char *const work_state_names[WS__COUNT] = {
	[WS_PLANNED] = "planned", [WS_UNDERWAY] = "underway", [WS_COMPLETED] = "completed", [WS_ACCEPTED] = "accepted"};
const char *const severity_names[SEV__COUNT] = {
	[SEV_NOTE] = "note", [SEV_MINOR] = "minor", [SEV_MAJOR] = "major", [SEV_CRITICAL] = "critical"};

int
work_state_from_name(const char *s)
{
	return word_index(work_state_names, WS__COUNT, s);
}

int
severity_from_name(const char *s)
{
	return word_index(severity_names, SEV__COUNT, s);
}

/* Works ------------------------------------------------------------------------------------ */

enum yl_err
store_work_create(struct db *db, int64_t cid, const struct work_new *w, int64_t *id)
{
	/* ON CONFLICT rather than a failing insert: on PostgreSQL a failed statement would spoil
	 * the whole transaction, and "the item has a work already" is an answer, not an error */
	struct stmt *st = db_prep(db, "INSERT INTO works (community_id, plan_id, item_key, contractor, starts_on, ends_on, "
	                              "progress, state, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, 'planned', "
	                              "$7, $8) ON CONFLICT DO NOTHING RETURNING id");
	struct stmt *ms = db_prep(db, "INSERT INTO work_milestones (community_id, work_id, title, due_on) "
	                              "VALUES ($1, $2, $3, $4) RETURNING id");
	if (st == NULL || ms == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, w->plan_id);
	db_bind_i64(st, 3, w->item_key);
	db_bind_text(st, 4, w->contractor ? w->contractor : "");
	db_bind_opt_i64(st, 5, w->starts_on);
	db_bind_opt_i64(st, 6, w->ends_on);
	db_bind_i64(st, 7, w->by);
	db_bind_i64(st, 8, w->now);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	enum yl_err e = db_one(db, st, rc, "work create");
	if (e == ERR_NOTFOUND)
		return ERR_CONFLICT; /* nothing inserted: the item has its work */
	for (size_t i = 0; e == YL_OK && i < w->nmilestones; i++) {
		db_bind_i64(ms, 1, cid);
		db_bind_i64(ms, 2, *id);
		db_bind_text(ms, 3, w->milestones[i].title);
		db_bind_opt_i64(ms, 4, w->milestones[i].due_on);
		e = db_insert(db, ms, "milestone create", NULL);
	}
	return e;
}

/* The columns read_work reads, then the summaries. */
#define WORK_COLS                                                                                                      \
	"w.id, w.plan_id, w.item_key, w.contractor, w.starts_on, w.ends_on, w.progress, w.state, w.created_by, "          \
	"w.created_at, w.completed_at, w.accepted_by, w.accepted_at, w.acceptance_note, "                                \
	"(SELECT count(*) FROM inspections i WHERE i.community_id = w.community_id AND i.work_id = w.id), "             \
	"(SELECT count(*) FROM inspection_photos p JOIN inspections i ON i.community_id = p.community_id AND "          \
	"i.id = p.inspection_id WHERE i.community_id = w.community_id AND i.work_id = w.id), "                          \
	"(SELECT count(*) FROM work_ratings r WHERE r.community_id = w.community_id AND r.work_id = w.id), "            \
	"(SELECT coalesce(sum(r.rating), 0) FROM work_ratings r WHERE r.community_id = w.community_id AND "             \
	"r.work_id = w.id), "                                                                                            \
	"(SELECT i.severity FROM inspections i WHERE i.community_id = w.community_id AND i.work_id = w.id "             \
	"ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1), "                                                              \
	"(SELECT i.findings FROM inspections i WHERE i.community_id = w.community_id AND i.work_id = w.id "             \
	"ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1), "                                                              \
	"(SELECT coalesce(sum(p.amount), 0) FROM work_payments p WHERE p.community_id = w.community_id AND "             \
	"p.work_id = w.id) "

static void
read_work(struct arena *a, struct stmt *st, void *elem)
{
	struct work *w = elem;
	memset(w, 0, sizeof *w);
	w->id = db_col_i64(st, 0);
	w->plan_id = db_col_i64(st, 1);
	w->item_key = db_col_i64(st, 2);
	w->contractor = db_text(a, st, 3, "");
	w->starts_on = db_col_i64(st, 4);
	w->ends_on = db_col_i64(st, 5);
	w->progress = (int)db_col_i64(st, 6);
	int s = work_state_from_name(db_col_text(st, 7));
	w->state = s < 0 ? WS_PLANNED : (enum work_state)s;
	w->created_by = db_col_i64(st, 8);
	w->created_at = db_col_i64(st, 9);
	w->completed_at = db_col_i64(st, 10);
	w->accepted_by = db_col_i64(st, 11);
	w->accepted_at = db_col_i64(st, 12);
	w->acceptance_note = db_text(a, st, 13, "");
	w->inspections = db_col_i64(st, 14);
	w->photos = db_col_i64(st, 15);
	w->ratings = db_col_i64(st, 16);
	w->rating_sum = db_col_i64(st, 17);
	w->latest_severity = db_text(a, st, 18, "");
	w->latest_findings = db_text(a, st, 19, "");
	w->paid = db_col_i64(st, 20);
}

enum yl_err
store_work_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct work *out)
{
	return db_row_by_id(db, a, "SELECT " WORK_COLS "FROM works w WHERE w.community_id = $1 AND w.id = $2",
	                    cid, id, read_work, out, sizeof *out, "work get");
}

enum yl_err
store_works(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, struct work **v, size_t *n)
{
	/* two statements rather than "$2 = 0 OR …": PostgreSQL would type $2 from the 0 */
	struct stmt *st = plan_id
		? db_prep(db, "SELECT " WORK_COLS "FROM works w WHERE w.community_id = $1 AND w.plan_id = $2 "
		              "ORDER BY w.item_key")
		: db_prep(db, "SELECT " WORK_COLS "FROM works w WHERE w.community_id = $1 ORDER BY w.plan_id, w.item_key");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	if (plan_id)
		db_bind_i64(st, 2, plan_id);
	return db_rows(db, a, st, read_work, sizeof **v, v, n, "works");
}

enum yl_err
store_work_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM works WHERE id = $1", id, cid, NULL, NULL);
}

enum yl_err
store_work_update(struct db *db, int64_t cid, const struct work *w, enum work_state from, int64_t now)
{
	/* completed_at is the moment it first became completed; the later acceptance keeps it */
	struct stmt *st = db_prep(db, "UPDATE works SET state = $3, progress = $4, contractor = $5, starts_on = $6, "
	                              "ends_on = $7, completed_at = CASE WHEN $3 = 'completed' AND state <> 'completed' "
	                              "THEN $8 ELSE completed_at END WHERE community_id = $1 AND id = $2 AND state = $9");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, w->id);
	db_bind_text(st, 3, work_state_names[w->state]);
	db_bind_i64(st, 4, w->progress);
	db_bind_text(st, 5, w->contractor ? w->contractor : "");
	db_bind_opt_i64(st, 6, w->starts_on);
	db_bind_opt_i64(st, 7, w->ends_on);
	db_bind_i64(st, 8, now);
	db_bind_text(st, 9, work_state_names[from]);
	enum yl_err e = db_done(db, st, "work update");
	if (e == YL_OK && db_changes(st) == 0)
		e = ERR_CONFLICT;
	return e;
}

enum yl_err
store_work_accept(struct db *db, int64_t cid, int64_t id, int64_t by, const char *note, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE works SET state = 'accepted', accepted_by = $3, accepted_at = $4, "
	                              "acceptance_note = $5 WHERE community_id = $1 AND id = $2 AND state = 'completed'");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, by);
	db_bind_i64(st, 4, now);
	db_bind_text(st, 5, note);
	enum yl_err e = db_done(db, st, "work accept");
	if (e == YL_OK && db_changes(st) == 0)
		e = ERR_CONFLICT;
	return e;
}

/* Milestones -------------------------------------------------------------------------------- */

static void
read_milestone(struct arena *a, struct stmt *st, void *elem)
{
	struct work_milestone *m = elem;
	m->id = db_col_i64(st, 0);
	m->work_id = db_col_i64(st, 1);
	m->title = db_text(a, st, 2, "");
	m->due_on = db_col_i64(st, 3);
	m->done_on = db_col_i64(st, 4);
}

enum yl_err
store_work_milestones(struct db *db, struct arena *a, int64_t cid, int64_t work_id, struct work_milestone **v,
                      size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, work_id, title, due_on, done_on FROM work_milestones WHERE "
	                              "community_id = $1 AND work_id = $2 ORDER BY due_on IS NULL, due_on, id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, work_id);
	return db_rows(db, a, st, read_milestone, sizeof **v, v, n, "milestones");
}

enum yl_err
store_work_milestone_add(struct db *db, int64_t cid, int64_t work_id, const char *title, int64_t due_on, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO work_milestones (community_id, work_id, title, due_on) "
	                              "VALUES ($1, $2, $3, $4) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, work_id);
	db_bind_text(st, 3, title);
	db_bind_opt_i64(st, 4, due_on);
	return db_insert(db, st, "milestone add", id);
}

enum yl_err
store_work_milestone_done(struct db *db, int64_t cid, int64_t work_id, int64_t mid, int64_t day)
{
	struct stmt *st = db_prep(db, "UPDATE work_milestones SET done_on = $4 WHERE community_id = $1 AND work_id = $2 "
	                              "AND id = $3 AND done_on IS NULL");
	struct stmt *ex = db_prep(db, "SELECT 1 FROM work_milestones WHERE community_id = $1 AND work_id = $2 AND id = $3");
	if (st == NULL || ex == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, work_id);
	db_bind_i64(st, 3, mid);
	db_bind_i64(st, 4, day);
	enum yl_err e = db_done(db, st, "milestone done");
	if (e != YL_OK || db_changes(st) > 0)
		return e;
	/* nothing changed: done already, or not this work's */
	db_bind_i64(ex, 1, cid);
	db_bind_i64(ex, 2, work_id);
	db_bind_i64(ex, 3, mid);
	e = db_one(db, ex, db_step(ex), "milestone exists");
	return e == YL_OK ? ERR_CONFLICT : e;
}

/* Inspections ------------------------------------------------------------------------------- */

enum yl_err
store_inspection_add(struct db *db, int64_t cid, const struct inspection *in, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO inspections (community_id, work_id, inspected_on, severity, findings, "
	                              "account_id, created_at, problem_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
	                              "RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, in->work_id);
	db_bind_i64(st, 3, in->inspected_on);
	db_bind_text(st, 4, severity_names[in->severity]);
	db_bind_text(st, 5, in->findings);
	db_bind_i64(st, 6, in->account_id);
	db_bind_i64(st, 7, in->created_at);
	db_bind_opt_i64(st, 8, in->problem_id);
	return db_insert(db, st, "inspection add", id);
}

enum yl_err
store_inspection_photo_add(struct db *db, int64_t cid, int64_t inspection_id, const struct inspection_photo *ph,
                           int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO inspection_photos (community_id, inspection_id, file, mime, bytes, "
	                              "width, height) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, inspection_id);
	db_bind_text(st, 3, ph->file);
	db_bind_text(st, 4, ph->mime);
	db_bind_i64(st, 5, ph->bytes);
	db_bind_i64(st, 6, ph->width);
	db_bind_i64(st, 7, ph->height);
	return db_insert(db, st, "inspection photo add", id);
}

static void
read_inspection(struct arena *a, struct stmt *st, void *elem)
{
	struct inspection *in = elem;
	in->id = db_col_i64(st, 0);
	in->work_id = db_col_i64(st, 1);
	in->inspected_on = db_col_i64(st, 2);
	int s = severity_from_name(db_col_text(st, 3));
	in->severity = s < 0 ? SEV_NOTE : (enum severity)s;
	in->findings = db_text(a, st, 4, "");
	in->account_id = db_col_i64(st, 5);
	in->inspector = db_text(a, st, 6, "");
	in->created_at = db_col_i64(st, 7);
	in->problem_id = db_col_i64(st, 8);
}

enum yl_err
store_inspections(struct db *db, struct arena *a, int64_t cid, int64_t work_id, struct inspection **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT i.id, i.work_id, i.inspected_on, i.severity, i.findings, i.account_id, "
	                              "CASE WHEN a.display_name <> '' THEN a.display_name ELSE a.name END, i.created_at, "
	                              "i.problem_id FROM inspections i JOIN accounts a ON a.id = i.account_id "
	                              "WHERE i.community_id = $1 AND i.work_id = $2 ORDER BY i.inspected_on DESC, i.id DESC");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, work_id);
	return db_rows(db, a, st, read_inspection, sizeof **v, v, n, "inspections");
}

#define PHOTO_COLS "p.id, p.inspection_id, p.file, p.mime, p.bytes, p.width, p.height"

static void
read_photo(struct arena *a, struct stmt *st, void *elem)
{
	struct inspection_photo *ph = elem;
	ph->id = db_col_i64(st, 0);
	ph->inspection_id = db_col_i64(st, 1);
	ph->file = db_text(a, st, 2, "");
	ph->mime = db_text(a, st, 3, "");
	ph->bytes = db_col_i64(st, 4);
	ph->width = (int)db_col_i64(st, 5);
	ph->height = (int)db_col_i64(st, 6);
}

enum yl_err
store_inspection_photos(struct db *db, struct arena *a, int64_t cid, int64_t work_id, struct inspection_photo **v,
                        size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " PHOTO_COLS " FROM inspection_photos p JOIN inspections i ON "
	                              "i.community_id = p.community_id AND i.id = p.inspection_id WHERE p.community_id = $1 "
	                              "AND i.work_id = $2 ORDER BY p.inspection_id, p.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, work_id);
	return db_rows(db, a, st, read_photo, sizeof **v, v, n, "inspection photos");
}

enum yl_err
store_inspection_photo_get(struct db *db, struct arena *a, int64_t id, int64_t *cid, struct inspection_photo *out)
{
	struct stmt *st = db_prep(db, "SELECT " PHOTO_COLS ", p.community_id FROM inspection_photos p WHERE p.id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_photo(a, st, out);
		*cid = db_col_i64(st, 7);
	}
	return db_one(db, st, rc, "inspection photo get");
}

/* Ratings ------------------------------------------------------------------------------------ */

int
store_work_rating_of(struct db *db, int64_t cid, int64_t work_id, int64_t account_id)
{
	struct stmt *st = db_prep(db, "SELECT rating FROM work_ratings WHERE community_id = $1 AND work_id = $2 AND "
	                              "account_id = $3");
	if (st == NULL)
		return 0;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, work_id);
	db_bind_i64(st, 3, account_id);
	int r = db_step(st) == DB_ROW ? (int)db_col_i64(st, 0) : 0;
	db_reset(st);
	return r;
}

enum yl_err
store_work_rate(struct db *db, int64_t cid, int64_t work_id, int64_t account_id, int rating, const char *comment,
                int64_t now, bool *replaced)
{
	struct stmt *st = db_prep(db, "INSERT INTO work_ratings (community_id, work_id, account_id, rating, comment, at) "
	                              "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (community_id, work_id, account_id) "
	                              "DO UPDATE SET rating = excluded.rating, comment = excluded.comment, at = excluded.at");
	if (st == NULL)
		return ERR_INTERNAL;
	if (replaced)
		*replaced = store_work_rating_of(db, cid, work_id, account_id) != 0;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, work_id);
	db_bind_i64(st, 3, account_id);
	db_bind_i64(st, 4, rating);
	db_bind_text(st, 5, comment ? comment : "");
	db_bind_i64(st, 6, now);
	return db_done(db, st, "work rate");
}

enum yl_err
store_lives_within(struct db *db, int64_t cid, int64_t account_id, int64_t building_id, int64_t stairwell_id,
                   bool *yes)
{
	/* the units an account acts for, as registry.c's store_account_units reads them (owner
	 * through owner_accounts, or resident), limited to the place; 0 there means "anywhere" */
	static const char sql_any[] =
		"SELECT 1 FROM units u WHERE u.community_id = $1 AND (u.owner_id IN (SELECT oa.owner_id FROM owner_accounts oa "
		"WHERE oa.community_id = $1 AND oa.account_id = $2) OR u.id IN (SELECT r.unit_id FROM residents r "
		"WHERE r.community_id = $1 AND r.account_id = $2)) LIMIT 1";
	static const char sql_building[] =
		"SELECT 1 FROM units u WHERE u.community_id = $1 AND u.building_id = $3 AND (u.owner_id IN (SELECT oa.owner_id "
		"FROM owner_accounts oa WHERE oa.community_id = $1 AND oa.account_id = $2) OR u.id IN (SELECT r.unit_id "
		"FROM residents r WHERE r.community_id = $1 AND r.account_id = $2)) LIMIT 1";
	static const char sql_stairwell[] =
		"SELECT 1 FROM units u WHERE u.community_id = $1 AND u.building_id = $3 AND u.stairwell_id = $4 AND "
		"(u.owner_id IN (SELECT oa.owner_id FROM owner_accounts oa WHERE oa.community_id = $1 AND oa.account_id = $2) "
		"OR u.id IN (SELECT r.unit_id FROM residents r WHERE r.community_id = $1 AND r.account_id = $2)) LIMIT 1";
	struct stmt *st = db_prep(db, stairwell_id ? sql_stairwell : building_id ? sql_building : sql_any);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	if (building_id)
		db_bind_i64(st, 3, building_id);
	if (stairwell_id)
		db_bind_i64(st, 4, stairwell_id);
	int rc = db_step(st);
	*yes = rc == DB_ROW;
	db_reset(st);
	return rc == DB_ERR ? db_fail(db, "lives within") : YL_OK;
}
