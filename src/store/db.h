/* db.h: the database connection: open with the project's pragmas, cached prepared statements,
 * the one transaction helper, migrations. Only store/ includes sqlite3.h. */
#ifndef YL_DB_H
#define YL_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"

struct arena;
struct db;
struct sqlite3_stmt;

/* Opens path (creating it only when create is true) with WAL, synchronous=FULL, foreign keys,
 * a busy timeout, and runs pending migrations. NULL on failure with a message in err. One
 * connection per thread: a struct db is never shared between threads. */
struct db *db_open(const char *path, bool create, char *err, size_t errlen);
void db_close(struct db *db);

/* A prepared statement for sql, cached by the address of sql (pass string literals). It is
 * reset and unbound, ready to bind. NULL on a SQL error (logged). Owned by the db. */
struct sqlite3_stmt *db_prep(struct db *db, const char *sql);

/* The one transaction helper. store_begin takes the write lock at once (BEGIN IMMEDIATE) so a
 * write never fails halfway for a lock. store_end commits when rc is YL_OK and rolls back
 * otherwise; it returns rc, or ERR_INTERNAL when the commit itself failed. Not nestable. */
enum yl_err store_begin(struct db *db);
enum yl_err store_end(struct db *db, enum yl_err rc);

/* true between store_begin and store_end (audit rows may only be written then). */
bool db_in_tx(struct db *db);

/* Runs a whole SQL script (no parameters): used for migrations and tests. */
enum yl_err db_exec(struct db *db, const char *sql);

/* Schema version (PRAGMA user_version) and the number of migrations built in. */
int db_version(struct db *db);
int db_migrations_count(void);

/* Online backup of the live database into dest (SQLite backup API), safe while serving. */
enum yl_err db_backup(struct db *db, const char *dest, char *err, size_t errlen);

/* true when the database answers a trivial query (for /healthz). */
bool db_ping(struct db *db);

/* Called after every request: resets any statement still mid-result and rolls back a
 * transaction left open, logging both (each is a bug in the caller). */
void db_idle(struct db *db);

/* Small statement helpers every store file uses. db_text copies column i into the arena, or
 * returns fallback for SQL NULL; db_bind_text binds NULL for a NULL string; db_done steps a
 * statement that returns no rows and resets it: YL_OK, ERR_CONFLICT on a constraint, else
 * ERR_INTERNAL (logged). */
const char *db_text(struct arena *a, struct sqlite3_stmt *st, int i, const char *fallback);
void db_bind_text(struct sqlite3_stmt *st, int i, const char *s);
enum yl_err db_done(struct db *db, struct sqlite3_stmt *st, const char *what);

/* Maps the last SQLite error to a result, logging anything that is not a constraint. */
enum yl_err db_fail(struct db *db, const char *what);

/* Current time in UTC seconds; tests may pin it with YUANLI_NOW for expiry checks. */
int64_t db_now(void);

#endif
