/* volunteers.c: SQL for volunteers and their duty roles (see volunteers.h). */
#include "volunteers.h"
#include "../core/words.h"
#include "db.h"
#include "../core/arena.h"

#include <stdlib.h>
#include <string.h>

const char *const volunteer_state_names[VST__COUNT] = {
	[VST_APPLIED] = "applied", [VST_CONFIRMED] = "confirmed", [VST_DECLINED] = "declined", [VST_LEFT] = "left"};

/* Duty roles ------------------------------------------------------------------------------- */

static const struct {
	const char *code, *name, *name_en;
} builtin[] = {
	{"publicist", "宣传员", "Publicist"},
	{"advisor", "参谋员", "Advisor"},
	{"mediator", "调解员", "Mediator"},
	{"supervisor", "监督员", "Supervisor"},
};

enum yl_err
store_volunteer_roles_seed(struct db *db, int64_t cid)
{
	struct stmt *st = db_prep(db, "INSERT INTO volunteer_roles (community_id, code, name, name_en, builtin) "
	                              "VALUES ($1, $2, $3, $4, 1) ON CONFLICT (community_id, code) DO NOTHING");
	if (st == NULL)
		return ERR_INTERNAL;
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
		db_bind_i64(st, 1, cid);
		db_bind_text(st, 2, builtin[i].code);
		db_bind_text(st, 3, builtin[i].name);
		db_bind_text(st, 4, builtin[i].name_en);
		enum yl_err rc = db_done(db, st, "volunteer role seed");
		if (rc != YL_OK)
			return rc;
	}
	return YL_OK;
}

static void
read_role(struct arena *a, struct stmt *st, void *elem)
{
	struct volunteer_role *r = elem;
	r->id = db_col_i64(st, 0);
	r->code = db_text(a, st, 1, "");
	r->name = db_text(a, st, 2, "");
	r->name_en = db_text(a, st, 3, "");
	r->builtin = db_col_i64(st, 4) != 0;
}

enum yl_err
store_volunteer_roles(struct db *db, struct arena *a, int64_t cid, struct volunteer_role **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, code, name, name_en, builtin FROM volunteer_roles WHERE community_id = $1 "
	                              "ORDER BY builtin DESC, id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_role, sizeof **v, v, n, "volunteer roles");
}

/* Volunteers ------------------------------------------------------------------------------- */

#define VOLUNTEER_COLS                                                                                     \
	"id, coalesce(account_id, 0), name, phone, party_member, party_org, skills, availability, commitment, " \
	"photo, state, applied_at, coalesce(decided_by, 0), coalesce(decided_at, 0) "

static void
read_volunteer(struct arena *a, struct stmt *st, void *elem)
{
	struct volunteer *v = elem;
	memset(v, 0, sizeof *v);
	v->id = db_col_i64(st, 0);
	v->account_id = db_col_i64(st, 1);
	v->name = db_text(a, st, 2, "");
	v->phone = db_text(a, st, 3, "");
	v->party_member = db_col_i64(st, 4) != 0;
	v->party_org = db_text(a, st, 5, "");
	v->skills = db_text(a, st, 6, "");
	v->availability = db_text(a, st, 7, "");
	v->commitment = db_text(a, st, 8, "");
	v->photo = db_text(a, st, 9, "");
	v->state = (enum volunteer_state)word_or(volunteer_state_names, VST__COUNT, db_col_text(st, 10), VST_APPLIED);
	v->applied_at = db_col_i64(st, 11);
	v->decided_by = db_col_i64(st, 12);
	v->decided_at = db_col_i64(st, 13);
}

/* The duty role codes and building names of a list of volunteers ($2: their ids, db_ids_json),
 * each list ordered by volunteer: two statements for any number of cards, not two a card (the
 * demo's /volunteers ran 130). */
#define DUTIES_SQL(ids)                                                                                                \
	"SELECT d.volunteer_id, r.code FROM " ids " CROSS JOIN volunteer_duties d JOIN volunteer_roles r "               \
	"ON r.community_id = d.community_id AND r.id = d.role_id WHERE d.community_id = $1 AND d.volunteer_id = j.value " \
	"ORDER BY d.volunteer_id, r.builtin DESC, r.id"
#define BUILDINGS_SQL(ids)                                                                                             \
	"SELECT vb.volunteer_id, b.name FROM " ids " CROSS JOIN volunteer_buildings vb JOIN buildings b "                  \
	"ON b.community_id = vb.community_id AND b.id = vb.building_id WHERE vb.community_id = $1 "                        \
	"AND vb.volunteer_id = j.value ORDER BY vb.volunteer_id, b.sort_key, b.name"

struct owned_name {
	int64_t volunteer_id;
	const char *name;
};

static void
read_owned_name(struct arena *a, struct stmt *st, void *elem)
{
	struct owned_name *o = elem;
	o->volunteer_id = db_col_i64(st, 0);
	o->name = db_text(a, st, 1, "");
}

static int
by_id(const void *x, const void *y)
{
	const struct volunteer *a = *(struct volunteer *const *)x, *b = *(struct volunteer *const *)y;
	return (a->id > b->id) - (a->id < b->id);
}

/* Reads one kind of list (sql: DUTIES_SQL or BUILDINGS_SQL) for the volunteers byid (sorted by id,
 * ids their ids as JSON) and hands each its stretch of the rows. */
static enum yl_err
fill_lists(struct db *db, struct arena *a, int64_t cid, const char *ids, struct volunteer **byid, size_t n,
           const char *sql, bool roles, const char *what)
{
	struct stmt *st = db_prep(db, sql);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, ids);
	struct owned_name *rows;
	size_t nr;
	enum yl_err rc = db_rows(db, a, st, read_owned_name, sizeof *rows, &rows, &nr, what);
	size_t k = 0; /* byid and rows both rise by volunteer id: one walk matches them */
	for (size_t i = 0; rc == YL_OK && i < nr;) {
		size_t j = i;
		while (j < nr && rows[j].volunteer_id == rows[i].volunteer_id)
			j++;
		while (k < n && byid[k]->id < rows[i].volunteer_id)
			k++;
		if (k < n && byid[k]->id == rows[i].volunteer_id) {
			const char **names = arena_alloc(a, (j - i) * sizeof *names);
			for (size_t m = i; m < j; m++)
				names[m - i] = rows[m].name;
			if (roles) {
				byid[k]->roles = names;
				byid[k]->nroles = j - i;
			} else {
				byid[k]->buildings = names;
				byid[k]->nbuildings = j - i;
			}
		}
		i = j;
	}
	return rc;
}

/* The duty role codes and building names of v[0..n). */
static enum yl_err
volunteer_lists(struct db *db, struct arena *a, int64_t cid, struct volunteer *v, size_t n)
{
	if (n == 0)
		return YL_OK;
	struct volunteer **byid = arena_alloc(a, n * sizeof *byid);
	for (size_t i = 0; i < n; i++)
		byid[i] = &v[i];
	qsort(byid, n, sizeof *byid, by_id);
	int64_t *idv = arena_alloc(a, n * sizeof *idv);
	for (size_t i = 0; i < n; i++)
		idv[i] = byid[i]->id;
	const char *ids = db_ids_json(a, idv, n);
	enum yl_err rc = fill_lists(db, a, cid, ids, byid, n,
	                            db_sql(db, DUTIES_SQL(DB_IDS_LITE("$2")), DUTIES_SQL(DB_IDS_PG("$2"))), true,
	                            "volunteer duties");
	if (rc != YL_OK)
		return rc;
	return fill_lists(db, a, cid, ids, byid, n,
	                  db_sql(db, BUILDINGS_SQL(DB_IDS_LITE("$2")), BUILDINGS_SQL(DB_IDS_PG("$2"))), false,
	                  "volunteer buildings");
}

/* Runs a one-volunteer query whose $1 is the community and $2 the key, then reads its lists. */
static enum yl_err
one_volunteer(struct db *db, struct arena *a, struct stmt *st, int64_t cid, int64_t key, struct volunteer *out,
              const char *what)
{
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, key);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_volunteer(a, st, out);
	enum yl_err e = db_one(db, st, rc, what);
	return e == YL_OK ? volunteer_lists(db, a, cid, out, 1) : e;
}

enum yl_err
store_volunteer_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct volunteer *out)
{
	return one_volunteer(db, a, db_prep(db, "SELECT " VOLUNTEER_COLS "FROM volunteers WHERE community_id = $1 AND id = $2"),
	                     cid, id, out, "volunteer get");
}

enum yl_err
store_volunteer_of_account(struct db *db, struct arena *a, int64_t cid, int64_t account_id, struct volunteer *out)
{
	return one_volunteer(db, a,
	                     db_prep(db, "SELECT " VOLUNTEER_COLS "FROM volunteers WHERE community_id = $1 AND account_id = $2"),
	                     cid, account_id, out, "volunteer of account");
}

bool
store_volunteer_has_role(struct db *db, int64_t cid, int64_t id, const char *code)
{
	struct stmt *st = db_prep(db, "SELECT 1 FROM volunteers v JOIN volunteer_duties d ON d.community_id = v.community_id "
	                              "AND d.volunteer_id = v.id JOIN volunteer_roles r ON r.community_id = d.community_id "
	                              "AND r.id = d.role_id WHERE v.community_id = $1 AND v.id = $2 AND v.state = 'confirmed' "
	                              "AND r.code = $3");
	if (st == NULL)
		return false;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, code);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW;
}

/* Reporting in, deciding, changing ----------------------------------------------------------- */

enum yl_err
store_volunteer_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM volunteers WHERE id = $1", id, cid, NULL, NULL);
}

enum yl_err
store_volunteer_apply(struct db *db, int64_t cid, const struct volunteer_new *v, int64_t *id, bool *reapplied)
{
	*reapplied = false;
	if (v->account_id) {
		struct stmt *q = db_prep(db, "SELECT id, state FROM volunteers WHERE community_id = $1 AND account_id = $2");
		if (q == NULL)
			return ERR_INTERNAL;
		db_bind_i64(q, 1, cid);
		db_bind_i64(q, 2, v->account_id);
		int rc = db_step(q);
		int64_t old = 0;
		int state = VST_APPLIED;
		if (rc == DB_ROW) {
			old = db_col_i64(q, 0);
			state = word_or(volunteer_state_names, VST__COUNT, db_col_text(q, 1), VST_APPLIED);
		}
		enum yl_err e = db_one(db, q, rc, "volunteer of account");
		if (e != YL_OK && e != ERR_NOTFOUND)
			return e;
		if (old && (state == VST_APPLIED || state == VST_CONFIRMED))
			return ERR_CONFLICT;
		if (old) {
			/* declined or left: the same row, back to applied with what is given now */
			struct stmt *u = db_prep(db, "UPDATE volunteers SET name = $3, phone = $4, party_member = $5, party_org = $6, "
			                             "skills = $7, availability = $8, commitment = $9, photo = $10, state = 'applied', "
			                             "applied_at = $11, decided_by = NULL, decided_at = NULL "
			                             "WHERE community_id = $1 AND id = $2 AND state IN ('declined', 'left')");
			if (u == NULL)
				return ERR_INTERNAL;
			db_bind_i64(u, 1, cid);
			db_bind_i64(u, 2, old);
			db_bind_text(u, 3, v->name);
			db_bind_text(u, 4, v->phone);
			db_bind_i64(u, 5, v->party_member);
			db_bind_text(u, 6, v->party_org);
			db_bind_text(u, 7, v->skills);
			db_bind_text(u, 8, v->availability);
			db_bind_text(u, 9, v->commitment);
			db_bind_text(u, 10, v->photo);
			db_bind_i64(u, 11, v->now);
			e = db_done(db, u, "volunteer reapply");
			if (e == YL_OK && db_changes(u) == 0)
				e = ERR_CONFLICT;
			*id = old;
			*reapplied = e == YL_OK;
			return e;
		}
	}
	struct stmt *st = db_prep(db, "INSERT INTO volunteers (community_id, account_id, name, phone, party_member, party_org, "
	                              "skills, availability, commitment, photo, state, applied_at, decided_by, decided_at) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	bool decided = v->state != VST_APPLIED;
	db_bind_i64(st, 1, cid);
	db_bind_opt_i64(st, 2, v->account_id);
	db_bind_text(st, 3, v->name);
	db_bind_text(st, 4, v->phone);
	db_bind_i64(st, 5, v->party_member);
	db_bind_text(st, 6, v->party_org);
	db_bind_text(st, 7, v->skills);
	db_bind_text(st, 8, v->availability);
	db_bind_text(st, 9, v->commitment);
	db_bind_text(st, 10, v->photo);
	db_bind_text(st, 11, volunteer_state_names[v->state]);
	db_bind_i64(st, 12, v->now);
	db_bind_opt_i64(st, 13, decided ? v->by : 0);
	db_bind_opt_i64(st, 14, decided ? v->now : 0);
	return db_insert(db, st, "volunteer apply", id);
}

enum yl_err
store_volunteer_set_duties(struct db *db, int64_t cid, int64_t id, const int64_t *roles, size_t n)
{
	struct stmt *d = db_prep(db, "DELETE FROM volunteer_duties WHERE community_id = $1 AND volunteer_id = $2");
	struct stmt *i = db_prep(db, "INSERT INTO volunteer_duties (community_id, volunteer_id, role_id) VALUES ($1, $2, $3) "
	                             "ON CONFLICT DO NOTHING");
	if (d == NULL || i == NULL)
		return ERR_INTERNAL;
	db_bind_i64(d, 1, cid);
	db_bind_i64(d, 2, id);
	enum yl_err rc = db_done(db, d, "volunteer duties clear");
	for (size_t k = 0; rc == YL_OK && k < n; k++) {
		db_bind_i64(i, 1, cid);
		db_bind_i64(i, 2, id);
		db_bind_i64(i, 3, roles[k]);
		rc = db_done(db, i, "volunteer duty");
	}
	return rc;
}

enum yl_err
store_volunteer_set_buildings(struct db *db, int64_t cid, int64_t id, const int64_t *buildings, size_t n)
{
	struct stmt *d = db_prep(db, "DELETE FROM volunteer_buildings WHERE community_id = $1 AND volunteer_id = $2");
	struct stmt *i = db_prep(db, "INSERT INTO volunteer_buildings (community_id, volunteer_id, building_id) "
	                             "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
	if (d == NULL || i == NULL)
		return ERR_INTERNAL;
	db_bind_i64(d, 1, cid);
	db_bind_i64(d, 2, id);
	enum yl_err rc = db_done(db, d, "volunteer buildings clear");
	for (size_t k = 0; rc == YL_OK && k < n; k++) {
		db_bind_i64(i, 1, cid);
		db_bind_i64(i, 2, id);
		db_bind_i64(i, 3, buildings[k]);
		rc = db_done(db, i, "volunteer building");
	}
	return rc;
}

enum yl_err
store_volunteer_move(struct db *db, int64_t cid, int64_t id, enum volunteer_state from, enum volunteer_state to,
                     int64_t by, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE volunteers SET state = $4, decided_by = $5, decided_at = $6 "
	                              "WHERE community_id = $1 AND id = $2 AND state = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, volunteer_state_names[from]);
	db_bind_text(st, 4, volunteer_state_names[to]);
	db_bind_opt_i64(st, 5, by);
	db_bind_i64(st, 6, now);
	enum yl_err rc = db_done(db, st, "volunteer move");
	return rc == YL_OK && db_changes(st) == 0 ? ERR_CONFLICT : rc;
}

enum yl_err
store_volunteers(struct db *db, struct arena *a, int64_t cid, enum volunteer_state state, int64_t building_id,
                 struct volunteer **v, size_t *n)
{
	struct stmt *st;
	if (building_id > 0) {
		st = db_prep(db, "SELECT " VOLUNTEER_COLS "FROM volunteers WHERE community_id = $1 AND state = $2 AND id IN "
		                 "(SELECT volunteer_id FROM volunteer_buildings WHERE community_id = $1 AND building_id = $3) "
		                 "ORDER BY name, id");
		if (st == NULL)
			return ERR_INTERNAL;
		db_bind_i64(st, 3, building_id);
	} else {
		st = db_prep(db, "SELECT " VOLUNTEER_COLS "FROM volunteers WHERE community_id = $1 AND state = $2 ORDER BY name, id");
		if (st == NULL)
			return ERR_INTERNAL;
	}
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, volunteer_state_names[state]);
	enum yl_err rc = db_rows(db, a, st, read_volunteer, sizeof **v, v, n, "volunteers");
	return rc == YL_OK ? volunteer_lists(db, a, cid, *v, *n) : rc;
}

/* Duty roles of the community's own --------------------------------------------------------- */

enum yl_err
store_volunteer_role_find(struct db *db, struct arena *a, int64_t cid, const char *code, struct volunteer_role *out)
{
	struct stmt *st = db_prep(db, "SELECT id, code, name, name_en, builtin FROM volunteer_roles "
	                              "WHERE community_id = $1 AND code = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, code);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_role(a, st, out);
	return db_one(db, st, rc, "volunteer role find");
}

enum yl_err
store_volunteer_role_add(struct db *db, int64_t cid, const char *code, const char *name, const char *name_en,
                         int64_t *id)
{
	/* ON CONFLICT: a taken code must not end a PostgreSQL transaction */
	struct stmt *st = db_prep(db, "INSERT INTO volunteer_roles (community_id, code, name, name_en, builtin) "
	                              "VALUES ($1, $2, $3, $4, 0) ON CONFLICT (community_id, code) DO NOTHING RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, name_en);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	enum yl_err e = db_one(db, st, rc, "volunteer role add");
	return e == ERR_NOTFOUND ? ERR_CONFLICT : e;
}

enum yl_err
store_volunteer_role_rename(struct db *db, int64_t cid, int64_t id, const char *name, const char *name_en)
{
	struct stmt *st = db_prep(db, "UPDATE volunteer_roles SET name = $3, name_en = $4 "
	                              "WHERE community_id = $1 AND id = $2 AND builtin = 0");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, name_en);
	enum yl_err rc = db_done(db, st, "volunteer role rename");
	return rc == YL_OK && db_changes(st) == 0 ? ERR_FORBIDDEN : rc;
}

enum yl_err
store_volunteer_role_remove(struct db *db, int64_t cid, int64_t id)
{
	struct stmt *used = db_prep(db, "SELECT (SELECT count(*) FROM volunteer_duties WHERE community_id = $1 AND role_id = $2) "
	                                "+ (SELECT count(*) FROM activity_slots WHERE community_id = $1 AND role_id = $2) "
	                                "+ (SELECT count(*) FROM signups WHERE community_id = $1 AND role_id = $2)");
	struct stmt *del = db_prep(db, "DELETE FROM volunteer_roles WHERE community_id = $1 AND id = $2 AND builtin = 0");
	if (used == NULL || del == NULL)
		return ERR_INTERNAL;
	db_bind_i64(used, 1, cid);
	db_bind_i64(used, 2, id);
	int rc = db_step(used);
	int64_t n = rc == DB_ROW ? db_col_i64(used, 0) : 0;
	enum yl_err e = db_one(db, used, rc, "volunteer role used");
	if (e != YL_OK)
		return e;
	if (n > 0)
		return ERR_CONFLICT;
	db_bind_i64(del, 1, cid);
	db_bind_i64(del, 2, id);
	e = db_done(db, del, "volunteer role remove");
	return e == YL_OK && db_changes(del) == 0 ? ERR_FORBIDDEN : e;
}

/* Yearly hours --------------------------------------------------------------------------------- */

enum yl_err
store_volunteer_target(struct db *db, int64_t cid, int64_t *hours)
{
	struct stmt *st = db_prep(db, "SELECT volunteer_hours_target FROM communities WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*hours = db_col_i64(st, 0);
	return db_one(db, st, rc, "volunteer target");
}

enum yl_err
store_volunteer_target_set(struct db *db, int64_t cid, int64_t hours)
{
	struct stmt *st = db_prep(db, "UPDATE communities SET volunteer_hours_target = $2 WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, hours);
	enum yl_err rc = db_done(db, st, "volunteer target set");
	return rc == YL_OK && db_changes(st) == 0 ? ERR_NOTFOUND : rc;
}

static void
read_hours(struct arena *a, struct stmt *st, void *elem)
{
	struct volunteer_hours *h = elem;
	h->id = db_col_i64(st, 0);
	h->name = db_text(a, st, 1, "");
	h->party_org = db_text(a, st, 2, "");
	h->minutes = db_col_i64(st, 3);
}

enum yl_err
store_volunteer_hours(struct db *db, struct arena *a, int64_t cid, int64_t from, int64_t to, struct volunteer_hours **v,
                      size_t *n)
{
	/* a sign-up counts in the year its activity starts; a wish in the year it is confirmed */
	struct stmt *st = db_prep(db,
	    "SELECT v.id, v.name, v.party_org, "
	    "coalesce((SELECT sum(s.minutes) FROM signups s JOIN activities ac ON ac.community_id = s.community_id "
	    "AND ac.id = s.activity_id WHERE s.community_id = v.community_id AND s.volunteer_id = v.id "
	    "AND s.withdrawn_at IS NULL AND s.attendance = 'attended' AND s.confirmed_at IS NOT NULL "
	    "AND ac.starts_at >= $2 AND ac.starts_at < $3), 0) + "
	    "coalesce((SELECT sum(w.minutes) FROM wishes w WHERE w.community_id = v.community_id AND w.volunteer_id = v.id "
	    "AND w.state = 'confirmed' AND w.confirmed_at >= $2 AND w.confirmed_at < $3), 0) AS m "
	    "FROM volunteers v WHERE v.community_id = $1 AND v.state = 'confirmed' AND v.party_member = 1 "
	    "ORDER BY m, v.name, v.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, from);
	db_bind_i64(st, 3, to);
	return db_rows(db, a, st, read_hours, sizeof **v, v, n, "volunteer hours");
}
