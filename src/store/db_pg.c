/* db_pg.c: the PostgreSQL driver (libpq): one connection per thread, each statement prepared
 * once per connection (PQprepare) and run with text parameters and text results. */
#include "db_impl.h"
#include "../core/arena.h"

#include <errno.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void
note_error(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	/* class 23: integrity constraint violation (unique, check, foreign key, not null) */
	db->constraint = state != NULL && strncmp(state, "23", 2) == 0;
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(db->pg);
	snprintf(db->err, sizeof db->err, "%s%s%s", state ? state : "", state ? " " : "", msg);
	size_t n = strlen(db->err);
	while (n > 0 && db->err[n - 1] == '\n')
		db->err[--n] = '\0';
}

static void
quiet(void *arg, const char *message)
{
	/* NOTICEs ("relation already exists, skipping") are not errors; nothing to show */
}

/* "on" unless the server's setting is "off". */
static bool
setting_on(struct db *db, const char *sql)
{
	PGresult *r = PQexec(db->pg, sql);
	bool on = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	          strcmp(PQgetvalue(r, 0, 0), "off") != 0;
	PQclear(r);
	return on;
}

bool
pg_open(struct db *db, char *err, size_t errlen)
{
	db->pg = PQconnectdb(db->where);
	if (db->pg == NULL || PQstatus(db->pg) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
		         db->pg ? PQerrorMessage(db->pg) : "out of memory");
		return false;
	}
	PQsetNoticeProcessor(db->pg, quiet, NULL);
	if (PQsetClientEncoding(db->pg, "UTF8") != 0) {
		snprintf(err, errlen, "PostgreSQL: cannot use UTF-8: %s", PQerrorMessage(db->pg));
		return false;
	}
	/* The lists are written once as catch-all statements ("$4 IS NULL OR b.name = $4"). A
	 * generic plan, which PostgreSQL switches to after five runs of a prepared statement, must
	 * keep every such branch and picked a nested loop over all 2,156 units of a compound for a
	 * 50-row page (48 ms against 0.5 ms). Planning each run with its values costs tens of
	 * microseconds and lets the planner drop the branches that are NULL. */
	PQclear(PQexec(db->pg, "SET plan_cache_mode = force_custom_plan"));
	/* JIT compiles a query whose estimated cost passes jit_above_cost, which on a district's
	 * tables the catch-all lists do: tens of milliseconds of compiling for a page that reads
	 * fifty rows. Yuanli's queries are all short; none gains from it. */
	PQclear(PQexec(db->pg, "SET jit = off"));
	/* Every query here names its driving table first (the units of one community, in index
	 * order) and joins the rest by key. Left to reorder the joins, the planner took the shared
	 * community_id for a join between buildings and owners and built their product (92,000
	 * rows) under a 50-row page of a district's register: 15 ms and 60 ms with a search,
	 * against 1.7 and 2.1 ms joined as written. Both stores now join in the written order. */
	PQclear(PQexec(db->pg, "SET join_collapse_limit = 1"));
	/* The promise is that an acknowledged vote or payment survives a power cut. With either of
	 * these off, PostgreSQL acknowledges commits that may not be on disk. */
	if (!setting_on(db, "SHOW fsync")) {
		snprintf(err, errlen, "PostgreSQL runs with fsync = off: a power cut could lose votes and payments "
		                      "already confirmed. Yuanli will not start on it. Set fsync = on in postgresql.conf "
		                      "and restart PostgreSQL.");
		return false;
	}
	if (!setting_on(db, "SHOW synchronous_commit")) {
		snprintf(err, errlen, "PostgreSQL runs with synchronous_commit = off: a power cut could lose votes and "
		                      "payments already confirmed. Yuanli will not start on it. Set synchronous_commit = on "
		                      "(postgresql.conf, or ALTER DATABASE/ROLE … SET) and try again.");
		return false;
	}
	return true;
}

void
pg_close(struct db *db)
{
	if (db->pg)
		PQfinish(db->pg);
	db->pg = NULL;
}

enum yl_err
pg_exec(struct db *db, const char *sql)
{
	PGresult *r = PQexec(db->pg, sql);
	ExecStatusType s = PQresultStatus(r);
	enum yl_err rc = YL_OK;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		note_error(db, r);
		fprintf(stderr, "yuanli: sql: %s\n", db->err);
		rc = ERR_INTERNAL;
	}
	PQclear(r);
	return rc;
}

/* The schema version lives in a one-row table (PostgreSQL has no user_version). */
int
pg_version(struct db *db)
{
	PGresult *r = PQexec(db->pg, "SELECT to_regclass('yuanli_schema') IS NOT NULL");
	bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	PQclear(r);
	if (!ok)
		return -1;
	if (!exists)
		return 0;
	r = PQexec(db->pg, "SELECT coalesce(max(version), 0) FROM yuanli_schema");
	int v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	return v;
}

enum yl_err
pg_set_version(struct db *db, int v)
{
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM yuanli_schema; INSERT INTO yuanli_schema VALUES (%d)", v);
	return pg_exec(db, sql);
}

int
pg_count_tables(struct db *db)
{
	PGresult *r = PQexec(db->pg, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
	int n = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	return n;
}

enum yl_err
pg_lock_migrations(struct db *db)
{
	/* any fixed key: only migrations take it */
	return pg_exec(db, "SELECT pg_advisory_xact_lock(5929313); "
	                   "CREATE TABLE IF NOT EXISTS yuanli_schema (version bigint NOT NULL)");
}

/* Statements are prepared on first run, with each parameter's type taken from how it was bound
 * (integer → bigint, text or NULL → text; never bound → text). PostgreSQL cannot infer a type
 * from "$4 IS NULL OR actor = $4" (it reads left to right), and a failed PREPARE inside a
 * transaction would abort the transaction; declared types avoid both. Every call site binds a
 * given parameter the same way each time; if one ever does not, the statement is prepared
 * again with the new types. */
static bool
prepare_now(struct stmt *st)
{
	struct db *db = st->db;
	char name[16];
	snprintf(name, sizeof name, "y%d", st->slot);
	if (st->prepared) {
		char sql[32];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", name);
		PQclear(PQexec(db->pg, sql));
		st->prepared = false;
	}
	Oid types[DB_MAX_PARAMS];
	for (int i = 0; i < st->nparams; i++) {
		st->prep_kinds[i] = st->kinds[i] ? st->kinds[i] : 't';
		types[i] = st->prep_kinds[i] == 'i' ? 20 /* int8 */ : 25 /* text */;
	}
	PGresult *r = PQprepare(db->pg, name, st->sql, st->nparams, types);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok) {
		note_error(db, r);
		fprintf(stderr, "yuanli: prepare: %s\n  in: %s\n", db->err, st->sql);
	}
	PQclear(r);
	st->prepared = ok;
	return ok;
}

static bool
kinds_changed(const struct stmt *st)
{
	for (int i = 0; i < st->nparams; i++)
		if (st->kinds[i] && st->kinds[i] != st->prep_kinds[i])
			return true;
	return false;
}

bool
pg_prepare(struct stmt *st)
{
	return true; /* on first run, when the parameters' types are known */
}

void
pg_finalize(struct stmt *st)
{
	pg_reset(st);
}

/* After the server went away and came back, the new session has none of our statements. */
static bool
reconnect(struct db *db)
{
	PQreset(db->pg);
	if (PQstatus(db->pg) != CONNECTION_OK)
		return false;
	PQsetClientEncoding(db->pg, "UTF8");
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (db->cache[i].st)
			db->cache[i].st->prepared = false;
	db->in_tx = false;
	return true;
}

static PGresult *
run(struct stmt *st)
{
	char name[16];
	snprintf(name, sizeof name, "y%d", st->slot);
	if ((!st->prepared || kinds_changed(st)) && !prepare_now(st))
		return NULL;
	return PQexecPrepared(st->db->pg, name, st->nparams, (const char *const *)st->vals, NULL, NULL, 0);
}

int
pg_step(struct stmt *st)
{
	struct db *db = st->db;
	if (!st->ran) {
		bool was_in_tx = db->in_tx;
		PGresult *r = run(st);
		if (PQstatus(db->pg) == CONNECTION_BAD) {
			/* A statement outside a transaction can simply run again on a new connection; one
			 * inside has lost its transaction, which only the caller can redo. */
			PQclear(r);
			r = NULL;
			if (reconnect(db) && !was_in_tx)
				r = run(st);
			else
				snprintf(db->err, sizeof db->err, "connection to PostgreSQL lost");
		}
		ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			if (r)
				note_error(db, r);
			else
				db->constraint = false;
			PQclear(r);
			return DB_ERR;
		}
		st->res = r;
		st->ran = true;
		st->row = -1;
		st->nrows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
		const char *t = PQcmdTuples(r);
		st->changes = t && *t ? strtoll(t, NULL, 10) : 0;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows;
	return DB_DONE;
}

static const char *
value(struct stmt *st, int i)
{
	if (st->res == NULL || st->row < 0 || st->row >= st->nrows || i < 0 || i >= PQnfields(st->res) ||
	    PQgetisnull(st->res, st->row, i))
		return NULL;
	return PQgetvalue(st->res, st->row, i);
}

int64_t
pg_col_i64(struct stmt *st, int i)
{
	const char *v = value(st, i);
	if (v == NULL)
		return 0;
	if (v[0] == 't' && v[1] == '\0') /* a boolean expression */
		return 1;
	if (v[0] == 'f' && v[1] == '\0')
		return 0;
	return strtoll(v, NULL, 10);
}

const char *
pg_col_text(struct stmt *st, int i)
{
	return value(st, i);
}

bool
pg_col_null(struct stmt *st, int i)
{
	return value(st, i) == NULL;
}

void
pg_reset(struct stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->ran = false;
	st->row = st->nrows = 0;
}

bool
pg_bulk_begin(struct bulk *b, const char *table, const char *columns)
{
	struct db *db = b->db;
	b->a = arena_new();
	if (b->a == NULL)
		return false;
	buf_init(&b->text, b->a, 80 * 1024);
	/* The foreign keys are checked row by row by prepared statements of PostgreSQL's own, which
	 * force_custom_plan (pg_open) would plan again for each row: the 500,000 bills of the
	 * billing bench took 70 s to copy that way, 15 s with the plans kept. For this
	 * transaction's copy only; pg_bulk_end sets it back. */
	buf_printf(&b->text, "SET LOCAL plan_cache_mode = auto; COPY %s (%s) FROM STDIN", table, columns);
	PGresult *r = PQexec(db->pg, b->text.p);
	b->copying = PQresultStatus(r) == PGRES_COPY_IN;
	if (!b->copying)
		note_error(db, r);
	PQclear(r);
	buf_reset(&b->text);
	return b->copying;
}

static void
put(struct bulk *b)
{
	if (b->rc == YL_OK && PQputCopyData(b->db->pg, b->text.p, (int)b->text.len) != 1) {
		note_error(b->db, NULL);
		b->rc = db_fail(b->db, "bulk insert");
	}
	buf_reset(&b->text);
}

/* COPY's text format: tab between columns, a newline after the row; integers need no escape. */
void
pg_bulk_row(struct bulk *b, const int64_t *v)
{
	for (int i = 0; i < b->ncols; i++) {
		buf_add_i64(&b->text, v[i]);
		buf_addc(&b->text, i + 1 < b->ncols ? '\t' : '\n');
	}
	if (b->text.len >= 64 * 1024)
		put(b);
}

enum yl_err
pg_bulk_end(struct bulk *b, enum yl_err rc)
{
	struct db *db = b->db;
	if (b->copying) {
		if (rc == YL_OK && b->text.len > 0) {
			put(b);
			rc = b->rc;
		}
		/* an error message ends the COPY with nothing written (the transaction is aborted) */
		if (PQputCopyEnd(db->pg, rc == YL_OK ? NULL : "bulk insert abandoned") != 1 && rc == YL_OK) {
			note_error(db, NULL);
			rc = db_fail(db, "bulk insert end");
		}
		/* the COPY's result says whether the rows went in (a constraint shows only here) */
		PGresult *r;
		while ((r = PQgetResult(db->pg)) != NULL) {
			if (rc == YL_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
				note_error(db, r);
				rc = db_fail(db, "bulk insert");
			}
			PQclear(r);
		}
		if (rc == YL_OK)
			rc = pg_exec(db, "SET LOCAL plan_cache_mode = force_custom_plan");
	}
	arena_free(b->a);
	return rc;
}

enum yl_err
pg_backup(struct db *db, const char *dest, char *err, size_t errlen)
{
	if (access(dest, F_OK) == 0) {
		snprintf(err, errlen, "%s exists already; choose a new file", dest);
		return ERR_CONFLICT;
	}
	/* pg_dump takes a consistent snapshot while the server keeps serving; its custom format is
	 * what pg_restore reads. */
	char *argv[] = {"pg_dump", "--format=custom", "--file", (char *)dest, "--dbname", db->where, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
	if (rc != 0) {
		snprintf(err, errlen,
		         "on PostgreSQL the backup is pg_dump's, and pg_dump is not available here (%s). Install "
		         "postgresql-client-15 and run: pg_dump --format=custom --file %s '<the --db connection string>'",
		         strerror(rc), dest);
		return ERR_INTERNAL;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "pg_dump failed (see its message above); nothing was written to %s", dest);
		unlink(dest);
		return ERR_INTERNAL;
	}
	return YL_OK;
}
