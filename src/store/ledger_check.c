/* ledger_check.c: the checks of the books' kept figures against what they keep (see ledger_check.h),
 * run by `yuanli audit verify`. Each compares in one statement, so in one snapshot, also while the
 * server writes. */
#include "ledger_check.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

enum yl_err
store_ledger_check_sums(struct db *db, struct ledger_sums_check *c)
{
	memset(c, 0, sizeof *c);
	struct stmt *st = db_prep(db, "SELECT (SELECT count(*) FROM journal_month_sums), (SELECT count(*) FROM journal_lines)");
	if (st == NULL)
		return ERR_INTERNAL;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		c->sums = db_col_i64(st, 0);
		c->lines = db_col_i64(st, 1);
	}
	enum yl_err r = db_one(db, st, rc, "ledger sums count");
	if (r != YL_OK)
		return r;
	/* the kept rows (kept = 1) and the lines (kept = 0, with their entry's month and kind) side by
	 * side in one statement, so one snapshot, also with the server writing: a group is right when
	 * it has exactly one kept row, at least one line, and the row's sums are its lines' */
	st = db_prep(db, "SELECT community_id, account, month, kind, sum(kept), sum(1 - kept), sum(kept * debit), "
	                 "sum(kept * credit), sum((1 - kept) * debit), sum((1 - kept) * credit) FROM ("
	                 "SELECT community_id, account, month, kind, 1 AS kept, debit, credit FROM journal_month_sums "
	                 "UNION ALL SELECT e.community_id, l.account, e.month, e.kind, 0, l.debit, l.credit "
	                 "FROM journal_entries e JOIN journal_lines l ON l.community_id = e.community_id "
	                 "AND l.entry_id = e.id) AS s GROUP BY community_id, account, month, kind "
	                 "HAVING sum(kept) <> 1 OR sum(1 - kept) = 0 OR sum(kept * debit) <> sum((1 - kept) * debit) "
	                 "OR sum(kept * credit) <> sum((1 - kept) * credit) "
	                 "ORDER BY community_id, month, account, kind LIMIT 1");
	if (st == NULL)
		return ERR_INTERNAL;
	rc = db_step(st);
	if (rc == DB_ROW) {
		c->bad = true;
		c->community = db_col_i64(st, 0);
		snprintf(c->account, sizeof c->account, "%s", db_col_text(st, 1));
		c->month = (int)db_col_i64(st, 2);
		snprintf(c->kind, sizeof c->kind, "%s", db_col_text(st, 3));
		c->kept_rows = db_col_i64(st, 4);
		c->nlines = db_col_i64(st, 5);
		c->kept_debit = db_col_i64(st, 6);
		c->kept_credit = db_col_i64(st, 7);
		c->debit = db_col_i64(st, 8);
		c->credit = db_col_i64(st, 9);
		db_reset(st);
		return YL_OK;
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "ledger sums check");
}

/* A payment's month in SQL, as period.c's month_of computes it: paid_at + 8 h (Beijing, no daylight
 * saving) read as a UTC date. The same expressions fill the table in schema/022. */
#define PAID_MONTH_LITE "CAST(strftime('%Y%m', p.paid_at + 28800, 'unixepoch') AS INTEGER)"
#define PAID_MONTH_PG "CAST(to_char(to_timestamp(p.paid_at + 28800) AT TIME ZONE 'UTC', 'YYYYMM') AS bigint)"

/* The kept rows (kept = 1) and the allocations (kept = 0, with their bill's first month and their
 * payment's month) side by side in one statement, so one snapshot, also with the server writing:
 * a group is right when it has exactly one kept row, at least one allocation, and the row's amount
 * is their sum. */
#define COLLECTIONS_CHECK_SQL(paid_month)                                                                              \
	"SELECT community_id, bill_month, paid_month, sum(kept), sum(1 - kept), sum(kept * amount), "                  \
	"sum((1 - kept) * amount) FROM (SELECT community_id, bill_month, paid_month, 1 AS kept, amount "               \
	"FROM fee_collections UNION ALL SELECT pa.community_id, b.first_month, " paid_month ", 0, pa.amount "          \
	"FROM payment_allocations pa JOIN bills b ON b.community_id = pa.community_id AND b.id = pa.bill_id "          \
	"JOIN payments p ON p.community_id = pa.community_id AND p.id = pa.payment_id) AS s "                          \
	"GROUP BY community_id, bill_month, paid_month HAVING sum(kept) <> 1 OR sum(1 - kept) = 0 "                    \
	"OR sum(kept * amount) <> sum((1 - kept) * amount) ORDER BY community_id, bill_month, paid_month LIMIT 1"

enum yl_err
store_fee_collections_check(struct db *db, struct collections_check *c)
{
	memset(c, 0, sizeof *c);
	struct stmt *st = db_prep(db, "SELECT (SELECT count(*) FROM fee_collections), "
	                              "(SELECT count(*) FROM payment_allocations)");
	if (st == NULL)
		return ERR_INTERNAL;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		c->rows = db_col_i64(st, 0);
		c->allocations = db_col_i64(st, 1);
	}
	enum yl_err r = db_one(db, st, rc, "fee collections count");
	if (r != YL_OK)
		return r;
	st = db_prep(db, db_sql(db, COLLECTIONS_CHECK_SQL(PAID_MONTH_LITE), COLLECTIONS_CHECK_SQL(PAID_MONTH_PG)));
	if (st == NULL)
		return ERR_INTERNAL;
	rc = db_step(st);
	if (rc == DB_ROW) {
		c->bad = true;
		c->community = db_col_i64(st, 0);
		c->bill_month = (int)db_col_i64(st, 1);
		c->paid_month = (int)db_col_i64(st, 2);
		c->kept_rows = db_col_i64(st, 3);
		c->nallocations = db_col_i64(st, 4);
		c->kept_amount = db_col_i64(st, 5);
		c->amount = db_col_i64(st, 6);
		db_reset(st);
		return YL_OK;
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "fee collections check");
}

/* A bill whose kept paid amount (schema/020) is not the sum of its allocations: the first, in
 * community and bill order. */
enum yl_err
store_bill_paid_check(struct db *db, struct paid_check *c)
{
	memset(c, 0, sizeof *c);
	struct stmt *st = db_prep(db, "SELECT count(*) FROM bills");
	if (st == NULL)
		return ERR_INTERNAL;
	int rc = db_step(st);
	c->bills = rc == DB_ROW ? db_col_i64(st, 0) : 0;
	enum yl_err r = db_one(db, st, rc, "bills count");
	if (r != YL_OK)
		return r;
	st = db_prep(db, "SELECT b.community_id, b.id, b.paid, coalesce(sum(pa.amount), 0) FROM bills b "
	                 "LEFT JOIN payment_allocations pa ON pa.community_id = b.community_id AND pa.bill_id = b.id "
	                 "GROUP BY b.community_id, b.id, b.paid HAVING b.paid <> coalesce(sum(pa.amount), 0) "
	                 "ORDER BY b.community_id, b.id LIMIT 1");
	if (st == NULL)
		return ERR_INTERNAL;
	rc = db_step(st);
	if (rc == DB_ROW) {
		c->bad = true;
		c->community = db_col_i64(st, 0);
		c->bill = db_col_i64(st, 1);
		c->kept = db_col_i64(st, 2);
		c->allocated = db_col_i64(st, 3);
		db_reset(st);
		return YL_OK;
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "bill paid check");
}
