/* db.c: SQLite connection setup, statement cache, transactions and migrations. */
#include "db.h"
#include "schema.h"
#include "../core/arena.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CACHE_SLOTS 256 /* power of two; far more than the statements one process uses */

struct slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	struct slot cache[CACHE_SLOTS];
	bool in_tx;
};

static enum yl_err
exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "yuanli: sql: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		return ERR_INTERNAL;
	}
	return YL_OK;
}

enum yl_err
db_exec(struct db *db, const char *sql)
{
	return exec(db, sql);
}

int
db_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

int
db_migrations_count(void)
{
	return (int)schema_count;
}

/* Each migration runs in its own transaction together with its user_version bump, so a crash
 * leaves the schema at a whole version. */
static enum yl_err
migrate(struct db *db)
{
	int v = db_version(db);
	if (v < 0)
		return ERR_INTERNAL;
	if (v > (int)schema_count) {
		fprintf(stderr, "yuanli: database schema %d is newer than this program (%zu)\n", v,
		        schema_count);
		return ERR_CONFLICT;
	}
	for (size_t i = (size_t)v; i < schema_count; i++) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version=%zu;", i + 1);
		if (exec(db, "BEGIN IMMEDIATE") != YL_OK)
			return ERR_INTERNAL;
		if (exec(db, schema_files[i].sql) != YL_OK || exec(db, bump) != YL_OK) {
			fprintf(stderr, "yuanli: migration %s failed\n", schema_files[i].name);
			exec(db, "ROLLBACK");
			return ERR_INTERNAL;
		}
		if (exec(db, "COMMIT") != YL_OK)
			return ERR_INTERNAL;
	}
	return YL_OK;
}

struct db *
db_open(const char *path, bool create, char *err, size_t errlen)
{
	if (!create && access(path, F_OK) != 0) {
		snprintf(err, errlen, "%s: no such database (run `yuanli init` or `yuanli demo` first)", path);
		return NULL;
	}
	struct db *db = calloc(1, sizeof *db);
	if (db == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
		db_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->h, 5000);
	/* synchronous=FULL: an acknowledged vote or payment must survive a power cut. */
	/* mmap: reads of a large database (a district's is gigabytes) come straight from the page
	 * cache instead of a pread per page; a 16 MiB page cache keeps the hot index pages. */
	if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
	             "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456; PRAGMA cache_size=-16000;") != YL_OK ||
	    migrate(db) != YL_OK) {
		snprintf(err, errlen, "%s: cannot prepare the database (see messages above)", path);
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
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (db->cache[i].st)
			sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	free(db);
}

sqlite3_stmt *
db_prep(struct db *db, const char *sql)
{
	size_t k = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15ull >> 56;
	for (size_t n = 0; n < CACHE_SLOTS; n++, k = (k + 1) & (CACHE_SLOTS - 1)) {
		struct slot *s = &db->cache[k];
		if (s->sql == sql) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			return s->st;
		}
		if (s->sql == NULL) {
			if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) !=
			    SQLITE_OK) {
				fprintf(stderr, "yuanli: prepare: %s\n  in: %s\n", sqlite3_errmsg(db->h), sql);
				s->st = NULL;
				return NULL;
			}
			s->sql = sql;
			return s->st;
		}
	}
	fprintf(stderr, "yuanli: statement cache full\n");
	return NULL;
}

enum yl_err
store_begin(struct db *db)
{
	if (db->in_tx) {
		fprintf(stderr, "yuanli: nested transaction\n");
		return ERR_INTERNAL;
	}
	sqlite3_stmt *st = db_prep(db, "BEGIN IMMEDIATE");
	if (st == NULL || sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, "begin");
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
		sqlite3_stmt *st = db_prep(db, "COMMIT");
		if (st != NULL && sqlite3_step(st) == SQLITE_DONE)
			return YL_OK;
		db_fail(db, "commit");
		rc = ERR_INTERNAL;
	}
	sqlite3_stmt *rb = db_prep(db, "ROLLBACK");
	if (rb != NULL)
		sqlite3_step(rb);
	return rc;
}

const char *
db_text(struct arena *a, sqlite3_stmt *st, int i, const char *fallback)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (t == NULL)
		return fallback;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

enum yl_err
db_done(struct db *db, sqlite3_stmt *st, const char *what)
{
	if (st == NULL)
		return ERR_INTERNAL;
	int rc = sqlite3_step(st);
	enum yl_err e = rc == SQLITE_DONE ? YL_OK : db_fail(db, what);
	sqlite3_reset(st);
	return e;
}

bool
db_in_tx(struct db *db)
{
	return db->in_tx;
}

enum yl_err
db_fail(struct db *db, const char *what)
{
	int code = sqlite3_extended_errcode(db->h);
	if ((code & 0xff) == SQLITE_CONSTRAINT)
		return ERR_CONFLICT;
	fprintf(stderr, "yuanli: sql %s: %s\n", what, sqlite3_errmsg(db->h));
	return ERR_INTERNAL;
}

bool
db_ping(struct db *db)
{
	sqlite3_stmt *st = db_prep(db, "SELECT count(*) FROM communities");
	bool ok = st != NULL && sqlite3_step(st) == SQLITE_ROW;
	if (st)
		sqlite3_reset(st);
	return ok;
}

void
db_idle(struct db *db)
{
	/* A statement left mid-result holds a read transaction open: the connection would keep
	 * seeing the database as it was (sessions created since would not exist) and the WAL
	 * could never be checkpointed. Every request ends with none running. */
	for (sqlite3_stmt *st = sqlite3_next_stmt(db->h, NULL); st; st = sqlite3_next_stmt(db->h, st))
		if (sqlite3_stmt_busy(st)) {
			fprintf(stderr, "yuanli: statement left running: %s\n", sqlite3_sql(st));
			sqlite3_reset(st);
		}
	if (db->in_tx) {
		fprintf(stderr, "yuanli: transaction left open; rolled back\n");
		store_end(db, ERR_INTERNAL);
	}
}

enum yl_err
db_backup(struct db *db, const char *dest, char *err, size_t errlen)
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
	sqlite3_backup *b = sqlite3_backup_init(out, "main", db->h, "main");
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

int64_t
db_now(void)
{
	const char *pin = getenv("YUANLI_NOW");
	if (pin && *pin)
		return strtoll(pin, NULL, 10);
	return (int64_t)time(NULL);
}
