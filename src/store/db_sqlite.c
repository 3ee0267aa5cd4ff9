/* db_sqlite.c: the SQLite driver (the embedded default): opening with the project's pragmas,
 * statements, the online backup. */
#include "db_impl.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
note_error(struct db *db)
{
	db->constraint = (sqlite3_extended_errcode(db->lite) & 0xff) == SQLITE_CONSTRAINT;
	snprintf(db->err, sizeof db->err, "%s", sqlite3_errmsg(db->lite));
}

/* strpos(haystack, needle): PostgreSQL's name for SQLite's instr(), so that substring searches
 * are written once. Only "> 0" is ever asked of it, so the byte position will do. */
static void
strpos_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *h = (const char *)sqlite3_value_text(argv[0]);
	const char *n = (const char *)sqlite3_value_text(argv[1]);
	if (h == NULL || n == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const char *p = strstr(h, n);
	sqlite3_result_int64(ctx, p ? (sqlite3_int64)(p - h) + 1 : 0);
}

/* SQLite keeps malloc statistics by default, behind one process-wide mutex taken on every
 * allocation: the event loops and the worker pool, each on its own connection, queued on it
 * (perf on the owner's home: a quarter of the time in futex waits and wakes). Nothing here reads
 * the statistics. Must run before SQLite is first used, hence once, before the first open. */
static void
lite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

bool
lite_open(struct db *db, bool create, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, lite_configure);
	if (!create && access(db->where, F_OK) != 0) {
		snprintf(err, errlen, "%s: no such database (run `yuanli init` or `yuanli demo` first)", db->where);
		return false;
	}
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(db->where, &db->lite, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", db->where, db->lite ? sqlite3_errmsg(db->lite) : "cannot open");
		return false;
	}
	sqlite3_busy_timeout(db->lite, 5000);
	sqlite3_create_function(db->lite, "strpos", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, strpos_fn, NULL, NULL);
	/* synchronous=FULL: an acknowledged vote or payment must survive a power cut. */
	/* mmap: reads of a large database (a district's is gigabytes) come straight from the page
	 * cache instead of a pread per page; a 16 MiB page cache keeps the hot index pages. */
	if (lite_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
	                  "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456; PRAGMA cache_size=-16000;") != YL_OK) {
		snprintf(err, errlen, "%s: %s", db->where, db->err);
		return false;
	}
	return true;
}

void
lite_close(struct db *db)
{
	sqlite3_close(db->lite);
}

enum yl_err
lite_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->lite, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(db->err, sizeof db->err, "%s", msg ? msg : "?");
		fprintf(stderr, "yuanli: sql: %s\n", db->err);
		sqlite3_free(msg);
		return ERR_INTERNAL;
	}
	return YL_OK;
}

int
lite_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db->lite, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

enum yl_err
lite_set_version(struct db *db, int v)
{
	char bump[64];
	snprintf(bump, sizeof bump, "PRAGMA user_version=%d;", v);
	return lite_exec(db, bump);
}

/* The shared SQL numbers parameters $1..$N. SQLite reads "$1" as a *named* parameter and
 * numbers named ones in order of first appearance, so "… $2 … $1" would bind backwards; "?N"
 * is SQLite's own spelling of "parameter number N". */
bool
lite_prepare(struct stmt *st)
{
	size_t n = strlen(st->sql);
	char *q = malloc(n + 1);
	if (q == NULL)
		return false;
	char quote = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = st->sql[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '$' && st->sql[i + 1] >= '0' && st->sql[i + 1] <= '9') {
			c = '?';
		}
		q[i] = c;
	}
	int rc = sqlite3_prepare_v3(st->db->lite, q, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, NULL);
	free(q);
	if (rc != SQLITE_OK) {
		note_error(st->db);
		return false;
	}
	return true;
}

void
lite_finalize(struct stmt *st)
{
	sqlite3_finalize(st->lite);
}

void
lite_bind_i64(struct stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st->lite, i, v);
}

void
lite_bind_text(struct stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st->lite, i, s, -1, SQLITE_TRANSIENT);
}

void
lite_bind_null(struct stmt *st, int i)
{
	sqlite3_bind_null(st->lite, i);
}

int
lite_step(struct stmt *st)
{
	int rc = sqlite3_step(st->lite);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		st->changes = sqlite3_changes(st->db->lite);
		return DB_DONE;
	}
	note_error(st->db);
	return DB_ERR;
}

bool
lite_writes(struct stmt *st)
{
	return !sqlite3_stmt_readonly(st->lite);
}

int64_t
lite_col_i64(struct stmt *st, int i)
{
	return sqlite3_column_int64(st->lite, i);
}

const char *
lite_col_text(struct stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st->lite, i);
}

bool
lite_col_null(struct stmt *st, int i)
{
	return sqlite3_column_type(st->lite, i) == SQLITE_NULL;
}

void
lite_reset(struct stmt *st)
{
	sqlite3_reset(st->lite);
	sqlite3_clear_bindings(st->lite);
}

/* INSERT INTO table (columns) VALUES (?, …), … with rows rows of ncols parameters. */
static sqlite3_stmt *
bulk_insert(struct bulk *b, const char *table, const char *columns, int rows)
{
	size_t n = strlen(table) + strlen(columns) + 32 + (size_t)rows * ((size_t)b->ncols * 2 + 3);
	char *sql = malloc(n), *p = sql;
	if (sql == NULL)
		return NULL;
	p += sprintf(p, "INSERT INTO %s (%s) VALUES ", table, columns);
	for (int r = 0; r < rows; r++) {
		if (r)
			*p++ = ',';
		*p++ = '(';
		for (int c = 0; c < b->ncols; c++) {
			if (c)
				*p++ = ',';
			*p++ = '?';
		}
		*p++ = ')';
	}
	*p = '\0';
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(b->db->lite, sql, -1, &st, NULL) != SQLITE_OK)
		note_error(b->db);
	free(sql);
	return st;
}

bool
lite_bulk_begin(struct bulk *b, const char *table, const char *columns)
{
	b->vals = malloc(DB_BULK_ROWS * (size_t)b->ncols * sizeof *b->vals);
	if (b->vals == NULL)
		return false;
	b->many = bulk_insert(b, table, columns, DB_BULK_ROWS);
	b->one = b->many ? bulk_insert(b, table, columns, 1) : NULL;
	return b->one != NULL;
}

void
lite_bulk_flush(struct bulk *b)
{
	/* a full batch in one statement; the rest of the rows (fewer) one statement each */
	sqlite3_stmt *st = b->nrows == DB_BULK_ROWS ? b->many : b->one;
	int per = b->nrows == DB_BULK_ROWS ? DB_BULK_ROWS : 1;
	for (int r = 0; r < b->nrows && b->rc == YL_OK; r += per) {
		const int64_t *v = b->vals + (size_t)r * (size_t)b->ncols;
		for (int i = 0; i < per * b->ncols; i++)
			sqlite3_bind_int64(st, i + 1, v[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			note_error(b->db);
			b->rc = db_fail(b->db, "bulk insert");
		}
		sqlite3_reset(st);
	}
	b->nrows = 0;
}

void
lite_bulk_free(struct bulk *b)
{
	sqlite3_finalize(b->many);
	sqlite3_finalize(b->one);
	free(b->vals);
}

enum yl_err
lite_backup(struct db *db, const char *dest, char *err, size_t errlen)
{
	if (access(dest, F_OK) == 0) {
		snprintf(err, errlen, "%s exists already; choose a new file", dest);
		return ERR_CONFLICT;
	}
	sqlite3 *out;
	if (sqlite3_open(dest, &out) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", dest, sqlite3_errmsg(out));
		sqlite3_close(out);
		return ERR_INTERNAL;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", db->lite, "main");
	int rc = SQLITE_ERROR;
	if (b) {
		/* Copy in steps so a busy server is not held off for the whole copy. */
		do {
			rc = sqlite3_backup_step(b, 256);
			if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(20);
		} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
		sqlite3_backup_finish(b);
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup failed: %s", sqlite3_errmsg(out));
		sqlite3_close(out);
		unlink(dest);
		return ERR_INTERNAL;
	}
	sqlite3_close(out);
	return YL_OK;
}
