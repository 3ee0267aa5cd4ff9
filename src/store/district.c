/* district.c: SQL for the district view. Each figure is one statement over all the communities
 * asked for, grouped by community, so a district of 200 communities costs the same three
 * statements as one community does. Every join stays inside one community (its tables are
 * joined on community_id), which is what lets them run on a sharded store (docs/scale.md). */
#include "district.h"
#include "db.h"
#include "../core/arena.h"
#include "../core/buf.h"

#include <stdio.h>
#include <string.h>

/* The communities asked for, as ",3,7,12," (the shape registry.c's building sets have): a bound
 * text, so one statement serves any number of them. NULL means all. */
#define IN_SET(col) "($1 IS NULL OR strpos($1, ',' || CAST(" col " AS TEXT) || ',') > 0)"

/* The register's totals are kept on the community's row (migration 006), so the first figure
 * reads no unit at all. */
static const char communities_sql[] =
	"SELECT c.id, c.name, c.district, c.street, c.total_units, c.total_owners, c.total_area "
	"FROM communities c WHERE " IN_SET("c.id") " ORDER BY c.id LIMIT 1000"; /* DISTRICT_MAX */

/* Owners who took up their account (claimed a slip: the account has a password and is not
 * disabled), and how many units they hold between them; a co-owner's second account counts
 * neither the owner nor the units twice. The walk goes community → its owner_accounts (only the
 * owners with an account) → the account → their units (units_by_owner), so its cost follows the
 * activated owners, not the district's units. CROSS JOIN keeps that order on SQLite, which
 * otherwise reads every unit of the district first; PostgreSQL plans it as the inner join it is. */
static const char active_sql[] =
	"SELECT c.id, count(DISTINCT u.owner_id), count(DISTINCT u.id) "
	"FROM communities c CROSS JOIN owner_accounts oa CROSS JOIN accounts a CROSS JOIN units u "
	"WHERE " IN_SET("c.id") " AND oa.community_id = c.id AND a.id = oa.account_id "
	"AND a.pw_hash IS NOT NULL AND a.disabled = 0 "
	"AND u.community_id = oa.community_id AND u.owner_id = oa.owner_id "
	"GROUP BY c.id ORDER BY c.id";

/* Each chain's last entry. Not a GROUP BY with max(seq): neither store skips through an index
 * by group, so that would read every audit row of the district (millions), and a join with the
 * chain lets SQLite scan the audit table. One row per community instead, and for each two
 * descents of the (community_id, seq) key. */
static const char heads_sql[] =
	"SELECT c.id, (SELECT max(b.seq) FROM audit b WHERE b.community_id = c.id), "
	"(SELECT a.hash FROM audit a WHERE a.community_id = c.id ORDER BY a.seq DESC LIMIT 1) "
	"FROM communities c WHERE " IN_SET("c.id") " ORDER BY c.id";

/* The row of community id in rows (sorted by id), or NULL. */
static struct district_row *
find(struct district_row *rows, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rows[mid].community_id == id)
			return &rows[mid];
		if (rows[mid].community_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *
id_set(struct arena *a, const int64_t *ids, size_t n)
{
	if (ids == NULL)
		return NULL;
	struct buf b;
	buf_init(&b, a, 8 + n * 8);
	buf_addc(&b, ',');
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%lld,", (long long)ids[i]);
	return b.p;
}

static void
read_community(struct arena *a, struct stmt *st, void *elem)
{
	struct district_row *x = elem;
	x->community_id = db_col_i64(st, 0);
	x->name = db_text(a, st, 1, "");
	x->district = db_text(a, st, 2, "");
	x->street = db_text(a, st, 3, "");
	x->units = db_col_i64(st, 4);
	x->owners = db_col_i64(st, 5);
	x->area = db_col_i64(st, 6);
	memcpy(x->chain_head, audit_genesis, sizeof x->chain_head);
}

enum yl_err
store_district(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct district_row **rows,
               size_t *nrows)
{
	*rows = NULL;
	*nrows = 0;
	if (ids != NULL && n == 0)
		return YL_OK;
	const char *set = id_set(a, ids, n);

	struct stmt *st = db_prep(db, communities_sql);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, set);
	struct district_row *r;
	size_t k;
	enum yl_err e = db_rows(db, a, st, read_community, sizeof *r, &r, &k, "district communities");
	if (e != YL_OK)
		return e;
	int rc;

	if ((st = db_prep(db, active_sql)) == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, set);
	while ((rc = db_step(st)) == DB_ROW) {
		struct district_row *x = find(r, k, db_col_i64(st, 0));
		if (x) {
			x->active_owners = db_col_i64(st, 1);
			x->active_units = db_col_i64(st, 2);
		}
	}
	db_reset(st);
	if (rc != DB_DONE)
		return db_fail(db, "district active owners");

	if ((st = db_prep(db, heads_sql)) == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, set);
	while ((rc = db_step(st)) == DB_ROW) {
		struct district_row *x = find(r, k, db_col_i64(st, 0));
		const char *h = db_col_text(st, 2);
		if (x && h) {
			x->chain_length = db_col_i64(st, 1);
			snprintf(x->chain_head, sizeof x->chain_head, "%s", h);
		}
	}
	db_reset(st);
	if (rc != DB_DONE)
		return db_fail(db, "district chain heads");

	*rows = r;
	*nrows = k;
	return YL_OK;
}
