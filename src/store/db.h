/* db.h: the database connection, on SQLite (a file path: the embedded default) or PostgreSQL (a
 * libpq connection string: a street office's or district's installation). One API for both:
 * cached prepared statements, the one transaction helper, migrations, per-community locks.
 * Only store/ includes this; only store/db_sqlite.c and store/db_pg.c include a driver's header.
 *
 * SQL is written once with parameters as $1..$N where the two dialects agree; where they must
 * differ, db_sql() picks one of two texts. Every statement's text must be a string literal or a
 * static array: the statement cache keys on its address. */
#ifndef YL_DB_H
#define YL_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"

struct arena;
struct db;
struct stmt;

enum db_kind { DB_SQLITE, DB_PG };

/* Results of db_step. */
enum { DB_ERR = -1, DB_DONE = 0, DB_ROW = 1 };

/* true when where names a PostgreSQL database (postgres:// or postgresql:// URL, or a libpq
 * "key=value" string) rather than a SQLite file. */
bool db_is_pg_target(const char *where);

/* Opens where (creating a SQLite file only when create is true; a PostgreSQL database must exist
 * already) and runs pending migrations. SQLite gets WAL and synchronous=FULL; PostgreSQL is
 * refused when the server runs with fsync or synchronous_commit off. NULL on failure with a
 * message in err. One connection per thread: a struct db is never shared between threads. */
struct db *db_open(const char *where, bool create, char *err, size_t errlen);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
/* The path or connection string this db was opened with (owned by the db). */
const char *db_where(const struct db *db);

/* The SQL text for this store: sqlite on SQLite, pg on PostgreSQL. Both must be literals. */
const char *db_sql(const struct db *db, const char *sqlite, const char *pg);

/* A set of ids as one bound parameter, for a statement that reads the rows of a page's ids by key:
 * db_ids_json writes "[3,5,8]" into the arena, and the statement reads it as a table j with a
 * column value, written DB_IDS_LITE("$2") and DB_IDS_PG("$2") in the two texts given to db_sql. One
 * statement then serves a list of any length, where a statement a row would run fifty times. */
char *db_ids_json(struct arena *a, const int64_t *ids, size_t n);
#define DB_IDS_LITE(param) "json_each(" param ") j"
#define DB_IDS_PG(param) "(SELECT CAST(value AS bigint) AS value FROM json_array_elements_text(CAST(" param " AS json))) j"

/* A prepared statement for sql, cached by the address of sql. Reset and unbound (unbound
 * parameters are NULL), ready to bind. NULL on a SQL error (logged). Owned by the db. */
struct stmt *db_prep(struct db *db, const char *sql);

/* Parameters are numbered from 1, as $1 in the SQL. Texts are copied. */
void db_bind_i64(struct stmt *st, int i, int64_t v);
void db_bind_text(struct stmt *st, int i, const char *s); /* NULL binds SQL NULL */
void db_bind_null(struct stmt *st, int i);
/* v when v > 0, else SQL NULL of an integer type (an optional id or instant: a NULL bound as
 * text would make PostgreSQL compare a bigint column with text). */
void db_bind_opt_i64(struct stmt *st, int i, int64_t v);

/* Runs the statement (first call) or moves to its next row: DB_ROW, DB_DONE, or DB_ERR (the
 * error is kept for db_fail). */
int db_step(struct stmt *st);

/* Columns of the current row, numbered from 0. A NULL reads as 0 / NULL. A PostgreSQL boolean
 * reads as 1 or 0. db_col_text's pointer is valid until the next step or reset. */
int64_t db_col_i64(struct stmt *st, int i);
const char *db_col_text(struct stmt *st, int i);
bool db_col_null(struct stmt *st, int i);

/* Ends a statement's run (its remaining rows are dropped). */
void db_reset(struct stmt *st);

/* Rows changed by the statement's last run (INSERT/UPDATE/DELETE). */
int64_t db_changes(struct stmt *st);

/* The one transaction helper. On SQLite store_begin takes the write lock at once (BEGIN
 * IMMEDIATE), so all writes of the installation are serial and a write never fails halfway for
 * a lock. On PostgreSQL it is READ COMMITTED: writes that must not interleave take db_lock (see
 * below) or a row lock, as their code says. store_end commits when rc is YL_OK and rolls back
 * otherwise; it returns rc, or ERR_INTERNAL when the commit itself failed. Not nestable. */
enum yl_err store_begin(struct db *db);
enum yl_err store_end(struct db *db, enum yl_err rc);

/* A request's reads as one snapshot. On SQLite every statement outside a transaction is a read
 * transaction of its own, and each takes and drops a lock on the WAL index with two fcntl calls
 * that the event loops queue on (a list page ran nine: 18 fcntl calls and 10 futex calls per
 * request, against one read and one write of the socket). db_read_begin opens one deferred
 * transaction for all of the request's reads, which also makes a page's counts and rows agree.
 * It ends at store_begin, before any statement that writes, and at db_idle; so writes behave
 * exactly as without it. On PostgreSQL it does nothing: each statement is already one round
 * trip, and BEGIN and COMMIT would add two. */
void db_read_begin(struct db *db);

/* true between store_begin and store_end (audit rows may only be written then). */
bool db_in_tx(struct db *db);

/* store_begin, then the community's write lock: every transaction that writes a community's
 * rows begins this way. On PostgreSQL (several Yuanli processes, READ COMMITTED) the lock is a
 * transaction-scoped advisory lock on the community, so writes to one community run one at a
 * time, as on SQLite, while two communities never wait for each other. Taking it first, before
 * any row lock, is what keeps two writers of one community from deadlocking (one holding the
 * community row and wanting the audit chain, the other the reverse). On SQLite BEGIN IMMEDIATE
 * already serialises every write and the lock is a no-op. */
enum yl_err store_begin_community(struct db *db, int64_t community_id);

/* Inside a transaction: waits for and holds the community's write lock (as above) until commit
 * or rollback; taking it again is harmless. The audit append takes it for the chain. */
enum yl_err db_lock_community(struct db *db, int64_t community_id);

/* Whether where can be made into a new database by init/demo: YL_OK when it is a SQLite path
 * with no file yet or an empty PostgreSQL database (no tables); ERR_CONFLICT when it holds
 * something already, ERR_INTERNAL when it cannot be reached; a message in err either way. */
enum yl_err db_check_new(const char *where, char *err, size_t errlen);

/* Runs a whole SQL script (no parameters): used for migrations and tests. */
enum yl_err db_exec(struct db *db, const char *sql);

/* Schema version and the number of migrations built in (the same on both stores). */
int db_version(struct db *db);
int db_migrations_count(void);

/* Backup of the live database into dest, safe while serving: SQLite's online backup API; on
 * PostgreSQL pg_dump (custom format), which must be installed. */
enum yl_err db_backup(struct db *db, const char *dest, char *err, size_t errlen);

/* true when the database answers a trivial query (for /healthz). */
bool db_ping(struct db *db);

/* What this connection would read now, as a version: SQLite's data_version, which moves when any
 * other connection (another thread's, another process's) commits, with this connection's own
 * writes counted beside it (data_version does not see those). Equal versions read the same
 * database; inside db_read_begin's snapshot it is the snapshot's. false on PostgreSQL, which has
 * no such number without a round trip and a table of its own (the page cache is off there). */
bool db_data_version(struct db *db, uint64_t v[2]);

/* Called after every request: ends any statement still mid-result and rolls back a transaction
 * left open, logging both (each is a bug in the caller). */
void db_idle(struct db *db);

/* db_text copies column i into the arena, or returns fallback for SQL NULL. db_done runs a
 * statement that returns no rows and resets it: YL_OK, ERR_CONFLICT on a constraint, else
 * ERR_INTERNAL (logged). */
const char *db_text(struct arena *a, struct stmt *st, int i, const char *fallback);
enum yl_err db_done(struct db *db, struct stmt *st, const char *what);

/* Runs an INSERT … RETURNING id: YL_OK with the new row's id in *id (when id is not NULL),
 * ERR_CONFLICT on a constraint, else ERR_INTERNAL (logged). */
enum yl_err db_insert(struct db *db, struct stmt *st, const char *what, int64_t *id);

/* Maps the last error to a result: ERR_CONFLICT for a constraint (unique, check, foreign key),
 * else ERR_INTERNAL, logged with what. */
enum yl_err db_fail(struct db *db, const char *what);

/* Ends a statement expected to give one row, after its first step returned rc: resets it and
 * returns YL_OK for a row, ERR_NOTFOUND for none, else db_fail's answer. */
enum yl_err db_one(struct db *db, struct stmt *st, int rc, const char *what);

/* Reads every row of a prepared and bound statement into a list grown in the arena: read(a, st,
 * elem) fills each new zeroed element of elem_size bytes. *v and *n receive the list (NULL, 0
 * when no row). Resets the statement; db_fail's answer on an error, what naming the query. */
typedef void (*db_row_reader)(struct arena *a, struct stmt *st, void *elem);
enum yl_err db_rows(struct db *db, struct arena *a, struct stmt *st, db_row_reader read, size_t elem_size, void *v,
                    size_t *n, const char *what);

/* Reads the one row of sql — $1 the community, $2 the row's id — into out, zeroed first, with read:
 * the shape of every store_*_get. ERR_NOTFOUND when there is none, else db_one's answer. */
enum yl_err db_row_by_id(struct db *db, struct arena *a, const char *sql, int64_t cid, int64_t id, db_row_reader read,
                         void *out, size_t size, const char *what);

/* Where row id belongs, for a route's scope: sql selects community_id (then, when building and unit
 * are not NULL, a building's and a unit's id) WHERE id = $1 — one statement per table, as the
 * statement cache keys on the text. ERR_NOTFOUND when there is no such row. */
enum yl_err db_community_of(struct db *db, const char *sql, int64_t id, int64_t *cid, int64_t *building,
                            int64_t *unit);

/* Bulk inserts: the rows one write makes by the hundred thousand (a billing run's bills), all
 * integers, into one table inside the caller's transaction. A statement a row costs a step and
 * a reset each on SQLite and a round trip each on PostgreSQL; here SQLite gets one INSERT of
 * DB_BULK_ROWS rows at a time and PostgreSQL one COPY … FROM STDIN stream for them all. table
 * and columns (comma-separated) are literals of the caller, never data. No other statement may
 * run on db between db_bulk_begin and db_bulk_end (PostgreSQL's connection is busy copying).
 * DB_BULK_ROWS: 50,000 bills took 840, 773 and 750 million instructions (callgrind) at 16, 64
 * and 256 rows a statement; DB_BULK_ROWS × columns must stay under SQLite's 32,766 parameters. */
#define DB_BULK_ROWS 256
struct bulk;
/* NULL on an error (logged). */
struct bulk *db_bulk_begin(struct db *db, const char *table, const char *columns, int ncols);
/* Adds a row of ncols values: YL_OK, or the error of an earlier batch (the rows go out as they
 * fill, so a constraint may show here or only at db_bulk_end). */
enum yl_err db_bulk_row(struct bulk *b, const int64_t *v);
/* Writes the rows still held and frees b: YL_OK, ERR_CONFLICT on a constraint, else
 * ERR_INTERNAL (logged). With rc other than YL_OK it only drops them and returns rc (the caller
 * rolls back). b NULL: ERR_INTERNAL, or rc. */
enum yl_err db_bulk_end(struct bulk *b, enum yl_err rc);

/* Current time in UTC seconds; tests may pin it with YUANLI_NOW for expiry checks. */
int64_t db_now(void);

#endif
