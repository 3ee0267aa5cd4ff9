/* accounts.c: SQL for accounts, roles, sessions, tokens, throttling, settings, community names. */
#include "accounts.h"
#include "db.h"
#include "problems.h"
#include "volunteers.h"
#include "registry.h"
#include "../core/arena.h"

#include <string.h>

static enum yl_err
step_changed(struct db *db, struct stmt *st, const char *what)
{
	enum yl_err rc = db_done(db, st, what);
	if (rc == YL_OK && db_changes(st) == 0)
		return ERR_NOTFOUND;
	return rc;
}


enum yl_err
store_account_create(struct db *db, const char *name, const char *display, const char *pw_hash,
                     int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO accounts(name, display_name, pw_hash, created_at) "
	                               "VALUES ($1, $2, $3, $4) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, display ? display : "");
	db_bind_text(st, 3, pw_hash);
	db_bind_i64(st, 4, db_now());
	enum yl_err rc = db_insert(db, st, "account create", id);
	return rc;
}

#define ACCOUNT_COLS "id, name, display_name, pw_hash, lang, large_text, disabled, created_at"

static void
read_account(struct arena *a, struct stmt *st, struct account *out)
{
	out->id = db_col_i64(st, 0);
	out->name = db_text(a, st, 1, NULL);
	out->display_name = db_text(a, st, 2, NULL);
	out->pw_hash = db_text(a, st, 3, NULL);
	out->lang = db_text(a, st, 4, NULL);
	out->large_text = (int)db_col_i64(st, 5) != 0;
	out->disabled = (int)db_col_i64(st, 6) != 0;
	out->created_at = db_col_i64(st, 7);
}

static enum yl_err
one_account(struct db *db, struct arena *a, struct stmt *st, struct account *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_account(a, st, out);
		db_reset(st);
		return YL_OK;
	}
	if (rc == DB_DONE)
		return ERR_NOTFOUND;
	return db_fail(db, "account read");
}

enum yl_err
store_account_by_name(struct db *db, struct arena *a, const char *name, struct account *out)
{
	struct stmt *st = db_prep(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE lower(name) = lower($1)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, name);
	return one_account(db, a, st, out);
}

enum yl_err
store_account_get(struct db *db, struct arena *a, int64_t id, struct account *out)
{
	struct stmt *st = db_prep(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	return one_account(db, a, st, out);
}

enum yl_err
store_account_set_password(struct db *db, int64_t id, const char *pw_hash)
{
	struct stmt *st = db_prep(db, "UPDATE accounts SET pw_hash = $2 WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, pw_hash);
	return step_changed(db, st, "set password");
}

enum yl_err
store_account_set_prefs(struct db *db, int64_t id, const char *lang, bool large_text)
{
	struct stmt *st = db_prep(db, "UPDATE accounts SET lang = $2, large_text = $3 WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, lang);
	db_bind_i64(st, 3, large_text);
	return step_changed(db, st, "set prefs");
}

enum yl_err
store_account_list(struct db *db, struct arena *a, const char *q, int64_t limit, int64_t offset,
                   struct account **items, size_t *n, int64_t *total)
{
	if (q && *q == '\0')
		q = NULL;
	struct stmt *c = db_prep(db, "SELECT count(*) FROM accounts WHERE $1 IS NULL "
	                              "OR strpos(lower(name), lower($1)) > 0 OR strpos(display_name, $1) > 0");
	if (c == NULL)
		return ERR_INTERNAL;
	db_bind_text(c, 1, q);
	if (db_step(c) != DB_ROW) {
		db_reset(c);
		return db_fail(db, "account count");
	}
	*total = db_col_i64(c, 0);
	db_reset(c);
	struct stmt *st = db_prep(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE $3 IS NULL "
	                               "OR strpos(lower(name), lower($3)) > 0 OR strpos(display_name, $3) > 0 "
	                               "ORDER BY name LIMIT $1 OFFSET $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, limit);
	db_bind_i64(st, 2, offset);
	db_bind_text(st, 3, q);
	size_t cap = limit > 0 && limit < 1000 ? (size_t)limit : 1000;
	*items = arena_alloc(a, cap * sizeof **items);
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < cap)
		read_account(a, st, &(*items)[(*n)++]);
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? YL_OK : db_fail(db, "account list");
}

enum yl_err
store_grants_load(struct db *db, struct arena *a, int64_t account_id, struct grant **g, size_t *n)
{
	/* Most people hold a role or two; a district's staff hold one per community they oversee,
	 * hundreds of them, so the array grows as needed (up to 4,096). */
	struct stmt *st = db_prep(db, "SELECT role, community_id FROM account_roles "
	                               "WHERE account_id = $1 ORDER BY community_id, role LIMIT 4096");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, account_id);
	size_t cap = 8;
	*g = arena_zalloc(a, cap * sizeof **g);
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int r = role_from_name(db_col_text(st, 0));
		if (r < 0)
			continue; /* a role this build does not know grants nothing */
		if (*n == cap) {
			struct grant *more = arena_zalloc(a, 2 * cap * sizeof **g);
			memcpy(more, *g, cap * sizeof **g);
			*g = more;
			cap *= 2;
		}
		struct grant *x = &(*g)[(*n)++];
		x->role = (enum role)r;
		x->community_id = db_col_i64(st, 1);
	}
	db_reset(st);
	if (rc != DB_DONE)
		return db_fail(db, "grants");
	/* Heads reach their buildings, owners and residents their units. */
	for (size_t i = 0; i < *n; i++) {
		struct grant *x = &(*g)[i];
		enum yl_err e = YL_OK;
		int64_t *v = NULL;
		size_t nv = 0;
		if (x->role == ROLE_HEAD) {
			e = store_head_buildings(db, a, x->community_id, account_id, &v, &nv);
			x->buildings = v;
			x->nbuildings = nv;
		} else if (x->role == ROLE_OWNER || x->role == ROLE_RESIDENT) {
			e = store_account_units(db, a, x->community_id, account_id, &v, &nv);
			x->units = v;
			x->nunits = nv;
		}
		if (e != YL_OK)
			return e;
	}
	return YL_OK;
}

enum yl_err
store_role_grant(struct db *db, int64_t account_id, enum role role, int64_t community_id)
{
	/* ON CONFLICT rather than a failed insert: callers go on after "has it already", and on
	 * PostgreSQL a failed statement would end the whole transaction. */
	struct stmt *st = db_prep(db, "INSERT INTO account_roles(account_id, role, community_id, granted_at) "
	                               "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, account_id);
	db_bind_text(st, 2, role_name(role));
	db_bind_i64(st, 3, community_id);
	db_bind_i64(st, 4, db_now());
	enum yl_err rc = db_done(db, st, "role grant");
	return rc == YL_OK && db_changes(st) == 0 ? ERR_CONFLICT : rc;
}

enum yl_err
store_role_revoke(struct db *db, int64_t account_id, enum role role, int64_t community_id)
{
	struct stmt *st = db_prep(db, "DELETE FROM account_roles WHERE account_id = $1 AND role = $2 "
	                               "AND community_id = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, account_id);
	db_bind_text(st, 2, role_name(role));
	db_bind_i64(st, 3, community_id);
	return step_changed(db, st, "role revoke");
}

enum yl_err
store_session_create(struct db *db, const char *hash, int64_t account_id, int64_t now)
{
	struct stmt *st = db_prep(db, "INSERT INTO sessions(hash, account_id, created_at, seen_at) "
	                               "VALUES ($1, $2, $3, $3)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	db_bind_i64(st, 2, account_id);
	db_bind_i64(st, 3, now);
	return db_done(db, st, "session create");
}

enum yl_err
store_session_lookup(struct db *db, const char *hash, int64_t now, int64_t idle, int64_t max_age,
                     int64_t *account_id, int64_t *seen_at)
{
	struct stmt *st = db_prep(db, "SELECT s.account_id, s.seen_at FROM sessions s "
	                               "JOIN accounts a ON a.id = s.account_id "
	                               "WHERE s.hash = $1 AND s.seen_at >= $2 AND s.created_at >= $3 "
	                               "AND a.disabled = 0");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	db_bind_i64(st, 2, now - idle);
	db_bind_i64(st, 3, now - max_age);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*account_id = db_col_i64(st, 0);
		*seen_at = db_col_i64(st, 1);
		db_reset(st);
		return YL_OK;
	}
	db_reset(st);
	return rc == DB_DONE ? ERR_NOTFOUND : db_fail(db, "session lookup");
}

enum yl_err
store_session_touch(struct db *db, const char *hash, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE sessions SET seen_at = $2 WHERE hash = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	db_bind_i64(st, 2, now);
	return db_done(db, st, "session touch");
}

enum yl_err
store_session_delete(struct db *db, const char *hash)
{
	struct stmt *st = db_prep(db, "DELETE FROM sessions WHERE hash = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	return db_done(db, st, "session delete");
}

enum yl_err
store_sessions_end_others(struct db *db, int64_t account_id, const char *keep_hash)
{
	struct stmt *st = db_prep(db, "DELETE FROM sessions WHERE account_id = $1 AND hash IS DISTINCT FROM $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, account_id);
	db_bind_text(st, 2, keep_hash);
	return db_done(db, st, "sessions end");
}

enum yl_err
store_token_create(struct db *db, int64_t account_id, const char *name, const char *hash, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO api_tokens(account_id, name, hash, created_at) "
	                               "VALUES ($1, $2, $3, $4) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, account_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, hash);
	db_bind_i64(st, 4, db_now());
	enum yl_err rc = db_insert(db, st, "token create", id);
	return rc;
}

enum yl_err
store_token_lookup(struct db *db, const char *hash, int64_t *account_id)
{
	struct stmt *st = db_prep(db, "SELECT t.account_id FROM api_tokens t JOIN accounts a "
	                               "ON a.id = t.account_id WHERE t.hash = $1 "
	                               "AND t.revoked_at IS NULL AND a.disabled = 0");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*account_id = db_col_i64(st, 0);
		db_reset(st);
		return YL_OK;
	}
	db_reset(st);
	return rc == DB_DONE ? ERR_NOTFOUND : db_fail(db, "token lookup");
}

enum yl_err
store_token_revoke(struct db *db, int64_t account_id, const char *name)
{
	struct stmt *st = db_prep(db, "UPDATE api_tokens SET revoked_at = $3 WHERE account_id = $1 "
	                               "AND name = $2 AND revoked_at IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, account_id);
	db_bind_text(st, 2, name);
	db_bind_i64(st, 3, db_now());
	return step_changed(db, st, "token revoke");
}

enum yl_err
store_login_failure_add(struct db *db, const char *key, int64_t now)
{
	struct stmt *st = db_prep(db, "INSERT INTO login_failures(key, at) VALUES ($1, $2)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, key);
	db_bind_i64(st, 2, now);
	return db_done(db, st, "login failure");
}

enum yl_err
store_login_failures(struct db *db, const char *key, int64_t since, int64_t *count, int64_t *oldest)
{
	struct stmt *st = db_prep(db, "SELECT count(*), coalesce(min(at), 0) FROM login_failures "
	                               "WHERE key = $1 AND at > $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, key);
	db_bind_i64(st, 2, since);
	if (db_step(st) != DB_ROW)
		return db_fail(db, "login failures");
	*count = db_col_i64(st, 0);
	*oldest = db_col_i64(st, 1);
	db_reset(st);
	return YL_OK;
}

enum yl_err
store_login_failures_clear(struct db *db, const char *key)
{
	struct stmt *st = db_prep(db, "DELETE FROM login_failures WHERE key = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, key);
	return db_done(db, st, "login failures clear");
}

enum yl_err
store_setting_get(struct db *db, struct arena *a, const char *key, const char **value)
{
	struct stmt *st = db_prep(db, "SELECT value FROM settings WHERE key = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, key);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*value = db_text(a, st, 0, NULL);
		db_reset(st);
		return YL_OK;
	}
	db_reset(st);
	return rc == DB_DONE ? ERR_NOTFOUND : db_fail(db, "setting get");
}

enum yl_err
store_setting_add(struct db *db, const char *key, const char *value)
{
	struct stmt *st = db_prep(db, "INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT(key) DO NOTHING");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_done(db, st, "setting add");
}

static enum yl_err
one_brief(struct db *db, struct arena *a, struct stmt *st, struct community_brief *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_i64(st, 0);
		out->name = db_text(a, st, 1, NULL);
		db_reset(st);
		return YL_OK;
	}
	db_reset(st);
	return rc == DB_DONE ? ERR_NOTFOUND : db_fail(db, "community");
}

enum yl_err
store_community_brief(struct db *db, struct arena *a, int64_t id, struct community_brief *out)
{
	struct stmt *st = db_prep(db, "SELECT id, name FROM communities WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	return one_brief(db, a, st, out);
}

enum yl_err
store_community_first(struct db *db, struct arena *a, struct community_brief *out)
{
	struct stmt *st = db_prep(db, "SELECT id, name FROM communities ORDER BY id LIMIT 1");
	if (st == NULL)
		return ERR_INTERNAL;
	return one_brief(db, a, st, out);
}

enum yl_err
store_community_create(struct db *db, const char *name, const char *district, const char *street,
                       const char *city, const char *jurisdiction_id, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO communities(name, district, street, city, "
	                               "jurisdiction_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, district ? district : "");
	db_bind_text(st, 3, street ? street : "");
	db_bind_text(st, 4, city ? city : "");
	db_bind_text(st, 5, jurisdiction_id);
	db_bind_i64(st, 6, db_now());
	int64_t cid = 0;
	enum yl_err rc = db_insert(db, st, "community create", &cid);
	/* a community starts with the ten problem categories (staff edit them later) */
	if (rc == YL_OK)
		rc = store_categories_seed(db, cid);
	/* and the four volunteer duty roles (the community adds its own) */
	if (rc == YL_OK)
		rc = store_volunteer_roles_seed(db, cid);
	if (rc == YL_OK && id)
		*id = cid;
	return rc;
}

static void
read_brief(struct arena *a, struct stmt *st, void *elem)
{
	struct community_brief *c = elem;
	c->id = db_col_i64(st, 0);
	c->name = db_text(a, st, 1, NULL);
}

enum yl_err
store_community_list(struct db *db, struct arena *a, struct community_brief **items, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, name FROM communities ORDER BY id LIMIT 1000");
	if (st == NULL)
		return ERR_INTERNAL;
	return db_rows(db, a, st, read_brief, sizeof **items, items, n, "community list");
}
