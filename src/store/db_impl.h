/* db_impl.h: what db.c shares with the two drivers (db_sqlite.c, db_pg.c). Not for other files:
 * the rest of store/ sees only db.h. */
#ifndef YL_DB_IMPL_H
#define YL_DB_IMPL_H

#include "db.h"
#include "../core/buf.h"

#define DB_MAX_PARAMS 24 /* more than any statement here binds; db_prep refuses more */
#define CACHE_SLOTS 256  /* power of two; far more than the statements one process uses */

struct stmt {
	struct db *db;
	const char *sql;
	bool busy;       /* has returned a row and not yet reached its end or a reset */
	int64_t changes; /* rows changed by the last run */
	/* SQLite */
	struct sqlite3_stmt *lite;
	/* PostgreSQL: the statement is prepared on the connection as "y<slot>" on first use; the
	 * bound values are kept as text until the run. */
	int slot;
	bool prepared;
	bool ran;
	int nparams;
	char *vals[DB_MAX_PARAMS];
	char kinds[DB_MAX_PARAMS];      /* as bound: 'i' integer, 't' text (or NULL), 0 unbound */
	char prep_kinds[DB_MAX_PARAMS]; /* the types the prepared statement was made with */
	char num[DB_MAX_PARAMS][24];
	struct pg_result *res;
	int row, nrows;
};

struct slot {
	const char *sql;
	struct stmt *st;
};

struct db {
	enum db_kind kind;
	char *where;
	struct sqlite3 *lite;
	struct pg_conn *pg;
	struct slot cache[CACHE_SLOTS];
	bool in_tx;
	bool reading;    /* a request's read snapshot is open (db_read_begin) */
	uint64_t writes; /* statements and transactions that may have written here (db_data_version) */
	bool constraint; /* the last error was a constraint violation */
	char err[512];   /* the last error's message */
};

/* A bulk insert in progress (db.h): the driver's part of it. */
struct bulk {
	struct db *db;
	int ncols;
	enum yl_err rc;             /* the first error; later rows are dropped */
	/* SQLite: rows held until DB_BULK_ROWS of them fill one statement */
	struct sqlite3_stmt *many;  /* INSERT … VALUES of DB_BULK_ROWS rows */
	struct sqlite3_stmt *one;   /* … of one row, for the rest at the end */
	int nrows;
	int64_t *vals;              /* DB_BULK_ROWS × ncols */
	/* PostgreSQL: COPY text rows, sent in pieces of about 64 KiB */
	bool copying;               /* the server is in COPY FROM STDIN */
	struct arena *a;
	struct buf text;
};

/* Each driver: open (migrations are run by db.c afterwards), close, prepare, and the statement
 * operations. They record errors in db->err / db->constraint. */
bool lite_open(struct db *db, bool create, char *err, size_t errlen);
void lite_close(struct db *db);
bool lite_prepare(struct stmt *st);
void lite_finalize(struct stmt *st);
void lite_bind_i64(struct stmt *st, int i, int64_t v);
void lite_bind_text(struct stmt *st, int i, const char *s);
void lite_bind_null(struct stmt *st, int i);
int lite_step(struct stmt *st);
bool lite_writes(struct stmt *st); /* the statement may change the database */
int64_t lite_col_i64(struct stmt *st, int i);
const char *lite_col_text(struct stmt *st, int i);
bool lite_col_null(struct stmt *st, int i);
void lite_reset(struct stmt *st);
enum yl_err lite_exec(struct db *db, const char *sql);
int lite_version(struct db *db);
enum yl_err lite_set_version(struct db *db, int v);
enum yl_err lite_backup(struct db *db, const char *dest, char *err, size_t errlen);
bool lite_bulk_begin(struct bulk *b, const char *table, const char *columns);
void lite_bulk_flush(struct bulk *b); /* sends the rows held: DB_BULK_ROWS of them or the rest */
void lite_bulk_free(struct bulk *b);

bool pg_open(struct db *db, char *err, size_t errlen);
void pg_close(struct db *db);
bool pg_prepare(struct stmt *st);
void pg_finalize(struct stmt *st);
int pg_step(struct stmt *st);
int64_t pg_col_i64(struct stmt *st, int i);
const char *pg_col_text(struct stmt *st, int i);
bool pg_col_null(struct stmt *st, int i);
void pg_reset(struct stmt *st);
enum yl_err pg_exec(struct db *db, const char *sql);
int pg_version(struct db *db);
enum yl_err pg_set_version(struct db *db, int v);
enum yl_err pg_lock_migrations(struct db *db);
int pg_count_tables(struct db *db); /* in the current schema; -1 on error */
enum yl_err pg_backup(struct db *db, const char *dest, char *err, size_t errlen);
bool pg_bulk_begin(struct bulk *b, const char *table, const char *columns);
void pg_bulk_row(struct bulk *b, const int64_t *v);
enum yl_err pg_bulk_end(struct bulk *b, enum yl_err rc);

#endif
