/* db.c: what both stores share: choosing the driver, the statement cache, binding, the
 * transaction helper, per-community locks and migrations. The drivers are db_sqlite.c and
 * db_pg.c. */
#include "db_impl.h"
#include "schema.h"
#include "../core/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

bool
db_is_pg_target(const char *where)
{
	if (where == NULL)
		return false;
	if (strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0)
		return true;
	/* libpq's "keyword=value …" form: it starts with a keyword (letters and '_') and '='. The
	 * values may hold slashes ("host=/var/run/postgresql"); a file path starting "word=" is not
	 * worth supporting. */
	const char *p = where;
	while ((*p >= 'a' && *p <= 'z') || *p == '_')
		p++;
	return p > where && *p == '=';
}

enum db_kind
db_kind(const struct db *db)
{
	return db->kind;
}

const char *
db_where(const struct db *db)
{
	return db->where;
}

const char *
db_sql(const struct db *db, const char *sqlite, const char *pg)
{
	return db->kind == DB_PG ? pg : sqlite;
}

char *
db_ids_json(struct arena *a, const int64_t *ids, size_t n)
{
	char *set = arena_alloc(a, n * 21 + 3);
	size_t len = 0;
	set[len++] = '[';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(set + len, 22, "%s%lld", i ? "," : "", (long long)ids[i]);
	set[len++] = ']';
	set[len] = '\0';
	return set;
}

static const struct schema_file *
migrations(const struct db *db, size_t *n)
{
	*n = db->kind == DB_PG ? pg_schema_count : schema_count;
	return db->kind == DB_PG ? pg_schema_files : schema_files;
}

int
db_migrations_count(void)
{
	return (int)schema_count;
}

enum yl_err
db_exec(struct db *db, const char *sql)
{
	return db->kind == DB_PG ? pg_exec(db, sql) : lite_exec(db, sql);
}

int
db_version(struct db *db)
{
	return db->kind == DB_PG ? pg_version(db) : lite_version(db);
}

/* Each migration runs in its own transaction together with its version bump, so a crash leaves
 * the schema at a whole version. On PostgreSQL several Yuanli processes may start at once: an
 * advisory lock makes them take turns, and each reads the version again under it. */
static enum yl_err
migrate(struct db *db)
{
	size_t count;
	const struct schema_file *files = migrations(db, &count);
	if (db_version(db) == (int)count)
		return YL_OK; /* the usual case: nothing to do, no lock taken */
	for (;;) {
		if (db_exec(db, db->kind == DB_PG ? "BEGIN" : "BEGIN IMMEDIATE") != YL_OK)
			return ERR_INTERNAL;
		if (db->kind == DB_PG && pg_lock_migrations(db) != YL_OK) {
			db_exec(db, "ROLLBACK");
			return ERR_INTERNAL;
		}
		int v = db_version(db);
		if (v < 0 || v >= (int)count) {
			db_exec(db, "ROLLBACK");
			if (v > (int)count) {
				fprintf(stderr, "yuanli: database schema %d is newer than this program (%zu)\n", v, count);
				return ERR_CONFLICT;
			}
			return v < 0 ? ERR_INTERNAL : YL_OK;
		}
		enum yl_err rc = db_exec(db, files[v].sql);
		if (rc == YL_OK)
			rc = db->kind == DB_PG ? pg_set_version(db, v + 1) : lite_set_version(db, v + 1);
		if (rc != YL_OK) {
			fprintf(stderr, "yuanli: migration %s failed\n", files[v].name);
			db_exec(db, "ROLLBACK");
			return ERR_INTERNAL;
		}
		if (db_exec(db, "COMMIT") != YL_OK)
			return ERR_INTERNAL;
	}
}

struct db *
db_open(const char *where, bool create, char *err, size_t errlen)
{
	struct db *db = calloc(1, sizeof *db);
	if (db == NULL || (db->where = strdup(where)) == NULL) {
		free(db);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	db->kind = db_is_pg_target(where) ? DB_PG : DB_SQLITE;
	bool ok = db->kind == DB_PG ? pg_open(db, err, errlen) : lite_open(db, create, err, errlen);
	if (!ok) {
		db_close(db);
		return NULL;
	}
	if (migrate(db) != YL_OK) {
		snprintf(err, errlen, "%s: cannot prepare the database (see messages above)",
		         db->kind == DB_PG ? "PostgreSQL" : where);
		db_close(db);
		return NULL;
	}
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct stmt *st = db->cache[i].st;
		if (st == NULL)
			continue;
		db_reset(st);
		if (db->kind == DB_PG)
			pg_finalize(st);
		else
			lite_finalize(st);
		free(st);
	}
	if (db->kind == DB_PG)
		pg_close(db);
	else
		lite_close(db);
	free(db->where);
	free(db);
}

/* The highest $N in sql, outside quoted strings; -1 when a number is out of range. */
static int
count_params(const char *sql)
{
	int max = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			long n = strtol(p + 1, NULL, 10);
			if (n < 1 || n > DB_MAX_PARAMS)
				return -1;
			if (n > max)
				max = (int)n;
		}
	}
	return max;
}

struct stmt *
db_prep(struct db *db, const char *sql)
{
	size_t k = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15ull >> 56;
	for (size_t n = 0; n < CACHE_SLOTS; n++, k = (k + 1) & (CACHE_SLOTS - 1)) {
		struct slot *s = &db->cache[k];
		if (s->sql == sql) {
			db_reset(s->st);
			return s->st;
		}
		if (s->sql != NULL)
			continue;
		struct stmt *st = calloc(1, sizeof *st);
		if (st == NULL)
			return NULL;
		st->db = db;
		st->sql = sql;
		st->slot = (int)k;
		st->nparams = count_params(sql);
		if (st->nparams < 0) {
			fprintf(stderr, "yuanli: more than %d parameters in: %s\n", DB_MAX_PARAMS, sql);
			free(st);
			return NULL;
		}
		if (!(db->kind == DB_PG ? pg_prepare(st) : lite_prepare(st))) {
			fprintf(stderr, "yuanli: prepare: %s\n  in: %s\n", db->err, sql);
			free(st);
			return NULL;
		}
		s->sql = sql;
		s->st = st;
		return st;
	}
	fprintf(stderr, "yuanli: statement cache full\n");
	return NULL;
}

/* ---- binding: SQLite binds straight away; PostgreSQL keeps text values for the run ---- */

static bool
param_ok(struct stmt *st, int i)
{
	if (i >= 1 && i <= st->nparams)
		return true;
	fprintf(stderr, "yuanli: parameter %d out of range in: %s\n", i, st->sql);
	return false;
}

static void
pg_unbind(struct stmt *st, int i)
{
	char *v = st->vals[i - 1];
	if (v != NULL && (v < st->num[0] || v >= st->num[0] + sizeof st->num))
		free(v);
	st->vals[i - 1] = NULL;
	st->kinds[i - 1] = 0;
}

void
db_bind_i64(struct stmt *st, int i, int64_t v)
{
	if (!param_ok(st, i))
		return;
	if (st->db->kind == DB_SQLITE) {
		lite_bind_i64(st, i, v);
		return;
	}
	pg_unbind(st, i);
	snprintf(st->num[i - 1], sizeof st->num[i - 1], "%" PRId64, v);
	st->vals[i - 1] = st->num[i - 1];
	st->kinds[i - 1] = 'i';
}

void
db_bind_text(struct stmt *st, int i, const char *s)
{
	if (!param_ok(st, i))
		return;
	if (st->db->kind == DB_SQLITE) {
		if (s == NULL)
			lite_bind_null(st, i);
		else
			lite_bind_text(st, i, s);
		return;
	}
	pg_unbind(st, i);
	st->vals[i - 1] = s ? strdup(s) : NULL;
	st->kinds[i - 1] = 't';
}

void
db_bind_null(struct stmt *st, int i)
{
	db_bind_text(st, i, NULL);
}

void
db_bind_opt_i64(struct stmt *st, int i, int64_t v)
{
	if (v > 0) {
		db_bind_i64(st, i, v);
		return;
	}
	if (!param_ok(st, i))
		return;
	if (st->db->kind == DB_SQLITE) {
		lite_bind_null(st, i);
		return;
	}
	pg_unbind(st, i);
	st->kinds[i - 1] = 'i'; /* a NULL bigint, so "$4 IS NULL OR x = $4" compares numbers */
}

/* ---- running ---- */

static void read_end(struct db *db);

int
db_step(struct stmt *st)
{
	/* asked once a run, at its first step, not on every row. Counted for db_data_version: every
	 * write here is such a statement or inside a transaction begun by one (BEGIN IMMEDIATE is
	 * one, so a bulk insert's own statements are covered by store_begin's) */
	if (!st->busy && st->db->kind == DB_SQLITE && lite_writes(st)) {
		st->db->writes++;
		read_end(st->db);
	}
	int rc = st->db->kind == DB_PG ? pg_step(st) : lite_step(st);
	st->busy = rc == DB_ROW;
	return rc;
}

int64_t
db_col_i64(struct stmt *st, int i)
{
	return st->db->kind == DB_PG ? pg_col_i64(st, i) : lite_col_i64(st, i);
}

const char *
db_col_text(struct stmt *st, int i)
{
	return st->db->kind == DB_PG ? pg_col_text(st, i) : lite_col_text(st, i);
}

bool
db_col_null(struct stmt *st, int i)
{
	return st->db->kind == DB_PG ? pg_col_null(st, i) : lite_col_null(st, i);
}

void
db_reset(struct stmt *st)
{
	if (st == NULL)
		return;
	st->busy = false;
	if (st->db->kind == DB_PG) {
		pg_reset(st);
		for (int i = 1; i <= st->nparams; i++)
			pg_unbind(st, i);
	} else {
		lite_reset(st);
	}
}

int64_t
db_changes(struct stmt *st)
{
	return st->changes;
}

const char *
db_text(struct arena *a, struct stmt *st, int i, const char *fallback)
{
	const char *t = db_col_text(st, i);
	return t ? arena_strdup(a, t) : fallback;
}

enum yl_err
db_done(struct db *db, struct stmt *st, const char *what)
{
	if (st == NULL)
		return ERR_INTERNAL;
	int rc = db_step(st);
	enum yl_err e = rc == DB_DONE ? YL_OK : db_fail(db, what);
	db_reset(st);
	return e;
}

enum yl_err
db_insert(struct db *db, struct stmt *st, const char *what, int64_t *id)
{
	if (st == NULL)
		return ERR_INTERNAL;
	int rc = db_step(st);
	if (rc == DB_ROW && id)
		*id = db_col_i64(st, 0);
	enum yl_err e = rc == DB_ROW ? YL_OK : db_fail(db, what);
	db_reset(st);
	return e;
}

enum yl_err
db_fail(struct db *db, const char *what)
{
	if (db->constraint)
		return ERR_CONFLICT;
	fprintf(stderr, "yuanli: sql %s: %s\n", what, db->err);
	return ERR_INTERNAL;
}

enum yl_err
db_one(struct db *db, struct stmt *st, int rc, const char *what)
{
	db_reset(st);
	return rc == DB_ROW ? YL_OK : rc == DB_DONE ? ERR_NOTFOUND : db_fail(db, what);
}

enum yl_err
db_community_of(struct db *db, const char *sql, int64_t id, int64_t *cid, int64_t *building, int64_t *unit)
{
	struct stmt *st = db_prep(db, sql);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*cid = db_col_i64(st, 0);
		if (building)
			*building = db_col_i64(st, 1);
		if (unit)
			*unit = db_col_i64(st, 2);
	}
	return db_one(db, st, rc, sql);
}

enum yl_err
db_row_by_id(struct db *db, struct arena *a, const char *sql, int64_t cid, int64_t id, db_row_reader read, void *out,
             size_t size, const char *what)
{
	struct stmt *st = db_prep(db, sql);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, size);
		read(a, st, out);
	}
	return db_one(db, st, rc, what);
}

enum yl_err
db_rows(struct db *db, struct arena *a, struct stmt *st, db_row_reader read, size_t elem_size, void *v, size_t *n,
        const char *what)
{
	void **list = v;
	size_t cap = 0;
	*list = NULL;
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		read(a, st, arena_append(a, list, n, &cap, elem_size));
	db_reset(st);
	return rc == DB_ERR ? db_fail(db, what) : YL_OK;
}

/* ---- transactions and locks ---- */

static bool
run_plain(struct db *db, const char *sql)
{
	struct stmt *st = db_prep(db, sql);
	return st != NULL && db_done(db, st, sql) == YL_OK;
}

void
db_read_begin(struct db *db)
{
	if (db->kind == DB_SQLITE && !db->in_tx && !db->reading)
		db->reading = run_plain(db, "BEGIN");
}

/* Ends the read snapshot. COMMIT of a transaction that only read changes nothing; should it
 * fail, ROLLBACK ends it the same. */
static void
read_end(struct db *db)
{
	if (!db->reading)
		return;
	db->reading = false;
	if (!run_plain(db, "COMMIT"))
		run_plain(db, "ROLLBACK");
}

enum yl_err
store_begin(struct db *db)
{
	if (db->in_tx) {
		fprintf(stderr, "yuanli: nested transaction\n");
		return ERR_INTERNAL;
	}
	read_end(db);
	struct stmt *st = db_prep(db, db_sql(db, "BEGIN IMMEDIATE", "BEGIN"));
	if (st == NULL || db_done(db, st, "begin") != YL_OK)
		return ERR_INTERNAL;
	db->in_tx = true;
	return YL_OK;
}

enum yl_err
store_end(struct db *db, enum yl_err rc)
{
	if (!db->in_tx)
		return rc == YL_OK ? ERR_INTERNAL : rc;
	db->in_tx = false;
	if (rc == YL_OK) {
		struct stmt *st = db_prep(db, "COMMIT");
		if (st != NULL && db_done(db, st, "commit") == YL_OK)
			return YL_OK;
		rc = ERR_INTERNAL;
	}
	struct stmt *rb = db_prep(db, "ROLLBACK");
	if (rb != NULL)
		db_done(db, rb, "rollback");
	return rc;
}

bool
db_in_tx(struct db *db)
{
	return db->in_tx;
}

enum yl_err
db_lock_community(struct db *db, int64_t community_id)
{
	if (!db->in_tx)
		return ERR_INTERNAL;
	if (db->kind == DB_SQLITE)
		return YL_OK;
	/* the two-int form of the lock: a class of our own (0x594c, "YL") and the community */
	struct stmt *st = db_prep(db, "SELECT pg_advisory_xact_lock(22860, CAST($1 AS integer))");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, community_id);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? YL_OK : db_fail(db, "community lock");
}

enum yl_err
store_begin_community(struct db *db, int64_t community_id)
{
	enum yl_err rc = store_begin(db);
	if (rc == YL_OK && (rc = db_lock_community(db, community_id)) != YL_OK)
		store_end(db, rc);
	return rc;
}

/* ---- bulk inserts ---- */

struct bulk *
db_bulk_begin(struct db *db, const char *table, const char *columns, int ncols)
{
	struct bulk *b = calloc(1, sizeof *b);
	if (b == NULL)
		return NULL;
	b->db = db;
	b->ncols = ncols;
	if (!(db->kind == DB_PG ? pg_bulk_begin(b, table, columns) : lite_bulk_begin(b, table, columns))) {
		fprintf(stderr, "yuanli: bulk insert into %s: %s\n", table, db->err);
		db_bulk_end(b, ERR_INTERNAL);
		return NULL;
	}
	return b;
}

enum yl_err
db_bulk_row(struct bulk *b, const int64_t *v)
{
	if (b->rc != YL_OK)
		return b->rc;
	if (b->db->kind == DB_PG) {
		pg_bulk_row(b, v);
		return b->rc;
	}
	memcpy(b->vals + (size_t)b->nrows * (size_t)b->ncols, v, (size_t)b->ncols * sizeof *v);
	if (++b->nrows == DB_BULK_ROWS)
		lite_bulk_flush(b);
	return b->rc;
}

enum yl_err
db_bulk_end(struct bulk *b, enum yl_err rc)
{
	if (b == NULL)
		return rc == YL_OK ? ERR_INTERNAL : rc;
	if (rc == YL_OK)
		rc = b->rc;
	if (b->db->kind == DB_PG) {
		rc = pg_bulk_end(b, rc);
	} else {
		if (rc == YL_OK && b->nrows > 0)
			lite_bulk_flush(b);
		if (rc == YL_OK)
			rc = b->rc;
		lite_bulk_free(b);
	}
	free(b);
	return rc;
}

/* ---- the rest ---- */

enum yl_err
db_check_new(const char *where, char *err, size_t errlen)
{
	if (!db_is_pg_target(where)) {
		if (access(where, F_OK) == 0) {
			snprintf(err, errlen, "%s exists already; refusing to overwrite it", where);
			return ERR_CONFLICT;
		}
		return YL_OK;
	}
	struct db probe = {.kind = DB_PG, .where = (char *)where};
	if (!pg_open(&probe, err, errlen)) {
		pg_close(&probe);
		return ERR_INTERNAL;
	}
	int tables = pg_count_tables(&probe);
	pg_close(&probe);
	if (tables < 0) {
		snprintf(err, errlen, "cannot read the PostgreSQL database's tables");
		return ERR_INTERNAL;
	}
	if (tables > 0) {
		snprintf(err, errlen, "the PostgreSQL database exists already with %d tables in it; refusing to touch it "
		                      "(give an empty database, made with createdb)", tables);
		return ERR_CONFLICT;
	}
	return YL_OK;
}

bool
db_ping(struct db *db)
{
	struct stmt *st = db_prep(db, "SELECT count(*) FROM communities");
	bool ok = st != NULL && db_step(st) == DB_ROW;
	db_reset(st);
	return ok;
}

bool
db_data_version(struct db *db, uint64_t v[2])
{
	if (db->kind != DB_SQLITE)
		return false;
	struct stmt *st = db_prep(db, "PRAGMA data_version");
	if (st == NULL)
		return false;
	int rc = db_step(st);
	v[0] = rc == DB_ROW ? (uint64_t)db_col_i64(st, 0) : 0;
	db_reset(st);
	v[1] = db->writes;
	return rc == DB_ROW;
}

void
db_idle(struct db *db)
{
	/* A SQLite statement left mid-result holds a read transaction open: the connection would
	 * keep seeing the database as it was (sessions created since would not exist) and the WAL
	 * could never be checkpointed. Every request ends with none running. */
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct stmt *st = db->cache[i].st;
		if (st && st->busy) {
			fprintf(stderr, "yuanli: statement left running: %s\n", st->sql);
			db_reset(st);
		}
	}
	if (db->in_tx) {
		fprintf(stderr, "yuanli: transaction left open; rolled back\n");
		store_end(db, ERR_INTERNAL);
	}
	read_end(db);
}

enum yl_err
db_backup(struct db *db, const char *dest, char *err, size_t errlen)
{
	return db->kind == DB_PG ? pg_backup(db, dest, err, errlen) : lite_backup(db, dest, err, errlen);
}

int64_t
db_now(void)
{
	const char *pin = getenv("YUANLI_NOW");
	if (pin && *pin)
		return strtoll(pin, NULL, 10);
	return (int64_t)time(NULL);
}
