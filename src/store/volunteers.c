/* volunteers.c: SQL for volunteers and their duty roles (see volunteers.h). */
#include "volunteers.h"
#include "db.h"
#include "../core/arena.h"

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

static int
state_index(const char *s)
{
	for (int i = 0; s && i < VST__COUNT; i++)
		if (strcmp(s, volunteer_state_names[i]) == 0)
			return i;
	return VST_APPLIED;
}

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
	v->state = (enum volunteer_state)state_index(db_col_text(st, 10));
	v->applied_at = db_col_i64(st, 11);
	v->decided_by = db_col_i64(st, 12);
	v->decided_at = db_col_i64(st, 13);
}

static void
read_name(struct arena *a, struct stmt *st, void *elem)
{
	*(const char **)elem = db_text(a, st, 0, "");
}

/* The volunteer's duty role codes and building names. */
static enum yl_err
volunteer_lists(struct db *db, struct arena *a, int64_t cid, struct volunteer *v)
{
	struct stmt *r = db_prep(db, "SELECT r.code FROM volunteer_duties d JOIN volunteer_roles r ON r.community_id = d.community_id "
	                             "AND r.id = d.role_id WHERE d.community_id = $1 AND d.volunteer_id = $2 "
	                             "ORDER BY r.builtin DESC, r.id");
	struct stmt *b = db_prep(db, "SELECT b.name FROM volunteer_buildings vb JOIN buildings b ON b.community_id = vb.community_id "
	                             "AND b.id = vb.building_id WHERE vb.community_id = $1 AND vb.volunteer_id = $2 "
	                             "ORDER BY b.sort_key, b.name");
	if (r == NULL || b == NULL)
		return ERR_INTERNAL;
	db_bind_i64(r, 1, cid);
	db_bind_i64(r, 2, v->id);
	enum yl_err rc = db_rows(db, a, r, read_name, sizeof *v->roles, &v->roles, &v->nroles, "volunteer duties");
	if (rc != YL_OK)
		return rc;
	db_bind_i64(b, 1, cid);
	db_bind_i64(b, 2, v->id);
	return db_rows(db, a, b, read_name, sizeof *v->buildings, &v->buildings, &v->nbuildings, "volunteer buildings");
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
	return e == YL_OK ? volunteer_lists(db, a, cid, out) : e;
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
