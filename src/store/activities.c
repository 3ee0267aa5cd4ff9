/* activities.c: SQL for activities, slots, sign-ups, attendance and hour entries (see
 * activities.h). A sign-up is a guarded insert (the count of live sign-ups on its slot is
 * compared in the statement), and attendance a guarded update (only where none is recorded), so
 * the rules hold even against a writer that skipped the handler's checks. */
#include "activities.h"
#include "db.h"
#include "../core/arena.h"

#include <string.h>

/* Activities ------------------------------------------------------------------------------- */

enum yl_err
store_activity_create(struct db *db, int64_t cid, const struct activity *a, const struct activity_slot *slots,
                      size_t nslots, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO activities (community_id, title, body, place, starts_at, ends_at, kind, "
	                              "link_type, link_id, state, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	                              "$8, $9, 'open', $10, $11) RETURNING id");
	struct stmt *sl = db_prep(db, "INSERT INTO activity_slots (community_id, activity_id, role_id, slots, self_signup) "
	                              "VALUES ($1, $2, $3, $4, $5)");
	if (st == NULL || sl == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, a->title);
	db_bind_text(st, 3, a->body ? a->body : "");
	db_bind_text(st, 4, a->place ? a->place : "");
	db_bind_i64(st, 5, a->starts_at);
	db_bind_i64(st, 6, a->ends_at);
	db_bind_text(st, 7, a->duty ? "duty" : "activity");
	db_bind_text(st, 8, a->link_type ? a->link_type : "");
	db_bind_i64(st, 9, a->link_id);
	db_bind_i64(st, 10, a->created_by);
	db_bind_i64(st, 11, a->created_at);
	enum yl_err e = db_insert(db, st, "activity create", id);
	for (size_t i = 0; e == YL_OK && i < nslots; i++) {
		db_bind_i64(sl, 1, cid);
		db_bind_i64(sl, 2, *id);
		db_bind_i64(sl, 3, slots[i].role_id);
		db_bind_i64(sl, 4, slots[i].slots);
		db_bind_i64(sl, 5, slots[i].self_signup ? 1 : 0);
		e = db_done(db, sl, "activity slot");
	}
	return e;
}

#define ACTIVITY_COLS                                                                                            \
	"a.id, a.title, a.body, a.place, a.starts_at, a.ends_at, a.kind, a.link_type, a.link_id, a.state, "        \
	"a.created_by, a.created_at, "                                                                              \
	"(SELECT coalesce(sum(s.slots), 0) FROM activity_slots s WHERE s.community_id = a.community_id AND "       \
	"s.activity_id = a.id), "                                                                                   \
	"(SELECT count(*) FROM signups g WHERE g.community_id = a.community_id AND g.activity_id = a.id AND "      \
	"g.withdrawn_at IS NULL) "

static void
read_activity(struct arena *a, struct stmt *st, void *elem)
{
	struct activity *v = elem;
	v->id = db_col_i64(st, 0);
	v->title = db_text(a, st, 1, "");
	v->body = db_text(a, st, 2, "");
	v->place = db_text(a, st, 3, "");
	v->starts_at = db_col_i64(st, 4);
	v->ends_at = db_col_i64(st, 5);
	const char *kind = db_col_text(st, 6);
	v->duty = kind && strcmp(kind, "duty") == 0;
	v->link_type = db_text(a, st, 7, "");
	v->link_id = db_col_i64(st, 8);
	const char *state = db_col_text(st, 9);
	v->cancelled = state && strcmp(state, "cancelled") == 0;
	v->created_by = db_col_i64(st, 10);
	v->created_at = db_col_i64(st, 11);
	v->slots = db_col_i64(st, 12);
	v->taken = db_col_i64(st, 13);
}

enum yl_err
store_activity_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct activity *out)
{
	return db_row_by_id(db, a, "SELECT " ACTIVITY_COLS "FROM activities a WHERE a.community_id = $1 AND a.id = $2",
	                    cid, id, read_activity, out, sizeof *out, "activity get");
}

enum yl_err
store_activities(struct db *db, struct arena *a, int64_t cid, struct activity **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " ACTIVITY_COLS "FROM activities a WHERE a.community_id = $1 "
	                              "ORDER BY a.starts_at DESC, a.id DESC");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_activity, sizeof **v, v, n, "activities");
}

enum yl_err
store_activity_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM activities WHERE id = $1", id, cid, NULL, NULL);
}

enum yl_err
store_activity_cancel(struct db *db, int64_t cid, int64_t id)
{
	struct stmt *st = db_prep(db, "UPDATE activities SET state = 'cancelled' WHERE community_id = $1 AND id = $2 "
	                              "AND state = 'open'");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	enum yl_err e = db_done(db, st, "activity cancel");
	if (e == YL_OK && db_changes(st) == 0)
		e = ERR_CONFLICT;
	return e;
}

/* Slots and sign-ups ---------------------------------------------------------------------- */

static void
read_slot(struct arena *a, struct stmt *st, void *elem)
{
	struct activity_slot *s = elem;
	s->role_id = db_col_i64(st, 0);
	s->role_code = db_text(a, st, 1, "");
	s->role_name = db_text(a, st, 2, "");
	s->role_name_en = db_text(a, st, 3, "");
	s->slots = db_col_i64(st, 4);
	s->self_signup = db_col_i64(st, 5) != 0;
	s->taken = db_col_i64(st, 6);
}

enum yl_err
store_activity_slots(struct db *db, struct arena *a, int64_t cid, int64_t activity_id, struct activity_slot **v,
                     size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT s.role_id, r.code, r.name, r.name_en, s.slots, s.self_signup, "
	                              "(SELECT count(*) FROM signups g WHERE g.community_id = s.community_id AND "
	                              "g.activity_id = s.activity_id AND g.role_id = s.role_id AND g.withdrawn_at IS NULL) "
	                              "FROM activity_slots s LEFT JOIN volunteer_roles r ON r.community_id = s.community_id "
	                              "AND r.id = s.role_id WHERE s.community_id = $1 AND s.activity_id = $2 "
	                              "ORDER BY CASE WHEN s.role_id = 0 THEN 1 ELSE 0 END, r.builtin DESC, s.role_id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, activity_id);
	return db_rows(db, a, st, read_slot, sizeof **v, v, n, "activity slots");
}

#define SIGNUP_COLS                                                                                              \
	"g.id, g.activity_id, g.volunteer_id, g.role_id, v.name, v.party_org, coalesce(r.code, ''), g.signed_at, " \
	"g.signed_by, coalesce(g.withdrawn_at, 0), coalesce(g.attendance, ''), g.minutes, g.households, "         \
	"coalesce(g.confirmed_at, 0) FROM signups g JOIN volunteers v ON v.community_id = g.community_id AND "    \
	"v.id = g.volunteer_id LEFT JOIN volunteer_roles r ON r.community_id = g.community_id AND r.id = g.role_id "

static void
read_signup(struct arena *a, struct stmt *st, void *elem)
{
	struct signup *s = elem;
	s->id = db_col_i64(st, 0);
	s->activity_id = db_col_i64(st, 1);
	s->volunteer_id = db_col_i64(st, 2);
	s->role_id = db_col_i64(st, 3);
	s->name = db_text(a, st, 4, "");
	s->party_org = db_text(a, st, 5, "");
	s->role_code = db_text(a, st, 6, "");
	s->signed_at = db_col_i64(st, 7);
	s->signed_by = db_col_i64(st, 8);
	s->withdrawn_at = db_col_i64(st, 9);
	const char *att = db_col_text(st, 10);
	s->attendance = att && strcmp(att, "attended") == 0 ? ATT_ATTENDED
	                : att && strcmp(att, "absent") == 0 ? ATT_ABSENT
	                                                    : ATT_NONE;
	s->minutes = db_col_i64(st, 11);
	s->households = db_col_i64(st, 12);
	s->confirmed_at = db_col_i64(st, 13);
}

enum yl_err
store_signups(struct db *db, struct arena *a, int64_t cid, int64_t activity_id, bool live_only, struct signup **v,
              size_t *n)
{
	struct stmt *st = live_only
		? db_prep(db, "SELECT " SIGNUP_COLS "WHERE g.community_id = $1 AND g.activity_id = $2 AND "
		              "g.withdrawn_at IS NULL ORDER BY g.id")
		: db_prep(db, "SELECT " SIGNUP_COLS "WHERE g.community_id = $1 AND g.activity_id = $2 ORDER BY g.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, activity_id);
	return db_rows(db, a, st, read_signup, sizeof **v, v, n, "signups");
}

enum yl_err
store_signup_live(struct db *db, struct arena *a, int64_t cid, int64_t activity_id, int64_t volunteer_id,
                  struct signup *out)
{
	struct stmt *st = db_prep(db, "SELECT " SIGNUP_COLS "WHERE g.community_id = $1 AND g.activity_id = $2 AND "
	                              "g.volunteer_id = $3 AND g.withdrawn_at IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, activity_id);
	db_bind_i64(st, 3, volunteer_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		read_signup(a, st, out);
	}
	return db_one(db, st, rc, "signup live");
}

enum yl_err
store_activity_confirmed(struct db *db, int64_t cid, int64_t activity_id, int64_t *n)
{
	struct stmt *st = db_prep(db, "SELECT count(*) FROM signups WHERE community_id = $1 AND activity_id = $2 AND "
	                              "attendance IS NOT NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, activity_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_i64(st, 0);
	return db_one(db, st, rc, "activity confirmed");
}

enum yl_err
store_signup_add(struct db *db, int64_t cid, int64_t activity_id, int64_t volunteer_id, int64_t role_id, int64_t slots,
                 int64_t by, int64_t now, int64_t *id)
{
	/* the slot's count and the volunteer's live sign-up are checked in the insert itself; the
	 * unique index on live sign-ups backs the second (ON CONFLICT: on PostgreSQL a failed
	 * statement would spoil the transaction) */
	struct stmt *st = db_prep(db, "INSERT INTO signups (community_id, activity_id, volunteer_id, role_id, signed_at, "
	                              "signed_by) SELECT $1, $2, $3, $4, $5, $6 WHERE (SELECT count(*) FROM signups g WHERE "
	                              "g.community_id = $1 AND g.activity_id = $2 AND g.role_id = $4 AND g.withdrawn_at IS "
	                              "NULL) < $7 AND NOT EXISTS (SELECT 1 FROM signups g WHERE g.community_id = $1 AND "
	                              "g.activity_id = $2 AND g.volunteer_id = $3 AND g.withdrawn_at IS NULL) "
	                              "ON CONFLICT DO NOTHING RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, activity_id);
	db_bind_i64(st, 3, volunteer_id);
	db_bind_i64(st, 4, role_id);
	db_bind_i64(st, 5, now);
	db_bind_i64(st, 6, by);
	db_bind_i64(st, 7, slots);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	enum yl_err e = db_one(db, st, rc, "signup add");
	return e == ERR_NOTFOUND ? ERR_CONFLICT : e;
}

enum yl_err
store_signup_withdraw(struct db *db, int64_t cid, int64_t signup_id, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE signups SET withdrawn_at = $3 WHERE community_id = $1 AND id = $2 AND "
	                              "withdrawn_at IS NULL AND attendance IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, signup_id);
	db_bind_i64(st, 3, now);
	enum yl_err e = db_done(db, st, "signup withdraw");
	if (e == YL_OK && db_changes(st) == 0)
		e = ERR_CONFLICT;
	return e;
}

enum yl_err
store_signup_confirm(struct db *db, int64_t cid, int64_t activity_id, int64_t signup_id, bool attended,
                     int64_t minutes, int64_t households, int64_t by, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE signups SET attendance = $4, minutes = $5, households = $6, "
	                              "confirmed_by = $7, confirmed_at = $8 WHERE community_id = $1 AND activity_id = $2 "
	                              "AND id = $3 AND withdrawn_at IS NULL AND attendance IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, activity_id);
	db_bind_i64(st, 3, signup_id);
	db_bind_text(st, 4, attended ? "attended" : "absent");
	db_bind_i64(st, 5, minutes);
	db_bind_i64(st, 6, households);
	db_bind_i64(st, 7, by);
	db_bind_i64(st, 8, now);
	enum yl_err e = db_done(db, st, "signup confirm");
	if (e == YL_OK && db_changes(st) == 0)
		e = ERR_CONFLICT;
	return e;
}

/* Roles and links --------------------------------------------------------------------------- */

enum yl_err
store_role_id(struct db *db, int64_t cid, const char *code, int64_t *id)
{
	struct stmt *st = db_prep(db, "SELECT id FROM volunteer_roles WHERE community_id = $1 AND code = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, code);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	return db_one(db, st, rc, "role id");
}

enum yl_err
store_activity_link_exists(struct db *db, int64_t cid, const char *type, int64_t id, bool *yes)
{
	*yes = false;
	struct stmt *st;
	if (strcmp(type, "problem") == 0)
		st = db_prep(db, "SELECT 1 FROM problems WHERE community_id = $1 AND id = $2");
	else if (strcmp(type, "inspection") == 0)
		st = db_prep(db, "SELECT 1 FROM works WHERE community_id = $1 AND id = $2");
	else
		return ERR_INVALID;
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	enum yl_err e = db_one(db, st, rc, "activity link");
	if (e == YL_OK)
		*yes = true;
	return e == ERR_NOTFOUND ? YL_OK : e;
}

static void
read_ref(struct arena *a, struct stmt *st, void *elem)
{
	struct volunteer_ref *r = elem;
	r->id = db_col_i64(st, 0);
	r->name = db_text(a, st, 1, "");
}

enum yl_err
store_confirmed_volunteers(struct db *db, struct arena *a, int64_t cid, struct volunteer_ref **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, name FROM volunteers WHERE community_id = $1 AND state = 'confirmed' "
	                              "ORDER BY name, id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_ref, sizeof **v, v, n, "confirmed volunteers");
}

/* Hours ------------------------------------------------------------------------------------ */

#define HOUR_SIGNUPS                                                                                             \
	"SELECT g.volunteer_id, v.name, v.party_org, a.starts_at, a.title, 0, CASE WHEN g.attendance = 'attended' " \
	"THEN 1 ELSE 0 END, g.minutes, g.households, a.id FROM signups g JOIN activities a ON a.community_id = "    \
	"g.community_id AND a.id = g.activity_id JOIN volunteers v ON v.community_id = g.community_id AND v.id = "  \
	"g.volunteer_id WHERE g.community_id = $1 AND g.attendance IS NOT NULL AND a.starts_at >= $2 AND "          \
	"a.starts_at < $3 "
#define HOUR_WISHES                                                                                              \
	"SELECT w.volunteer_id, v.name, v.party_org, w.confirmed_at, w.title, 1, 1, w.minutes, 0, w.id FROM "      \
	"wishes w JOIN volunteers v ON v.community_id = w.community_id AND v.id = w.volunteer_id WHERE "             \
	"w.community_id = $1 AND w.state = 'confirmed' AND w.confirmed_at >= $2 AND w.confirmed_at < $3 "

static void
read_hour(struct arena *a, struct stmt *st, void *elem)
{
	struct hour_entry *h = elem;
	h->volunteer_id = db_col_i64(st, 0);
	h->name = db_text(a, st, 1, "");
	h->party_org = db_text(a, st, 2, "");
	h->at = db_col_i64(st, 3);
	h->title = db_text(a, st, 4, "");
	h->wish = db_col_i64(st, 5) != 0;
	h->attended = db_col_i64(st, 6) != 0;
	h->minutes = db_col_i64(st, 7);
	h->households = db_col_i64(st, 8);
	h->object_id = db_col_i64(st, 9);
}

enum yl_err
store_hour_entries(struct db *db, struct arena *a, int64_t cid, int64_t volunteer_id, int64_t from, int64_t to,
                   struct hour_entry **v, size_t *n)
{
	/* two statements rather than "$4 = 0 OR …": PostgreSQL would type $4 from the 0. In time order;
	 * at the same moment an activity before a wish (their ids are of different tables). */
	struct stmt *st = volunteer_id
		? db_prep(db, HOUR_SIGNUPS "AND g.volunteer_id = $4 UNION ALL " HOUR_WISHES "AND w.volunteer_id = $4 "
		              "ORDER BY 4, 6, 10")
		: db_prep(db, HOUR_SIGNUPS "UNION ALL " HOUR_WISHES "ORDER BY 4, 6, 10");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, from);
	db_bind_i64(st, 3, to);
	if (volunteer_id)
		db_bind_i64(st, 4, volunteer_id);
	return db_rows(db, a, st, read_hour, sizeof **v, v, n, "hour entries");
}
