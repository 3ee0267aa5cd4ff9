/* ledger_check.c: the checks of kept figures against what they keep (see ledger_check.h) — the
 * books' and, in the same shape, the decisions' turnout — run by `yuanli audit verify`. Each
 * compares in one statement, so in one snapshot, also while the server writes. */
#include "ledger_check.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

/* The shape of every check: counts (one or two) for the report, then the first group whose kept
 * figure is not what it keeps, read into c by read and marked in *bad; none is the good answer. */
static enum yl_err
check(struct db *db, const char *count_sql, int64_t *x, int64_t *y, const char *wrong_sql,
      void (*read)(struct stmt *st, void *c), void *c, bool *bad, const char *what)
{
	struct stmt *st = db_prep(db, count_sql);
	if (st == NULL)
		return ERR_INTERNAL;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*x = db_col_i64(st, 0);
		if (y)
			*y = db_col_i64(st, 1);
	}
	enum yl_err r = db_one(db, st, rc, what);
	if (r != YL_OK)
		return r;
	st = db_prep(db, wrong_sql);
	if (st == NULL)
		return ERR_INTERNAL;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*bad = true;
		read(st, c);
	}
	db_reset(st);
	return rc == DB_ERR ? db_fail(db, what) : YL_OK;
}

/* The kept rows (kept = 1) and the lines (kept = 0, with their entry's month and kind) side by side
 * in one statement: a group is right when it has exactly one kept row, at least one line, and the
 * row's sums are its lines'. */
#define SUMS_WRONG_SQL                                                                                                 \
	"SELECT community_id, account, month, kind, sum(kept), sum(1 - kept), sum(kept * debit), "                     \
	"sum(kept * credit), sum((1 - kept) * debit), sum((1 - kept) * credit) FROM ("                                 \
	"SELECT community_id, account, month, kind, 1 AS kept, debit, credit FROM journal_month_sums "                 \
	"UNION ALL SELECT e.community_id, l.account, e.month, e.kind, 0, l.debit, l.credit "                           \
	"FROM journal_entries e JOIN journal_lines l ON l.community_id = e.community_id "                              \
	"AND l.entry_id = e.id) AS s GROUP BY community_id, account, month, kind "                                      \
	"HAVING sum(kept) <> 1 OR sum(1 - kept) = 0 OR sum(kept * debit) <> sum((1 - kept) * debit) "                   \
	"OR sum(kept * credit) <> sum((1 - kept) * credit) ORDER BY community_id, month, account, kind LIMIT 1"

static void
read_sums_wrong(struct stmt *st, void *out)
{
	struct ledger_sums_check *c = out;
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
}

enum yl_err
store_ledger_check_sums(struct db *db, struct ledger_sums_check *c)
{
	memset(c, 0, sizeof *c);
	return check(db, "SELECT (SELECT count(*) FROM journal_month_sums), (SELECT count(*) FROM journal_lines)",
	             &c->sums, &c->lines, SUMS_WRONG_SQL, read_sums_wrong, c, &c->bad, "ledger sums check");
}

/* A payment's month in SQL, as period.c's month_of computes it: paid_at + 8 h (Beijing, no daylight
 * saving) read as a UTC date. The same expressions fill the table in schema/022. */
#define PAID_MONTH_LITE "CAST(strftime('%Y%m', p.paid_at + 28800, 'unixepoch') AS INTEGER)"
#define PAID_MONTH_PG "CAST(to_char(to_timestamp(p.paid_at + 28800) AT TIME ZONE 'UTC', 'YYYYMM') AS bigint)"

/* The kept rows (kept = 1) and the allocations (kept = 0, with their bill's first month and their
 * payment's month) side by side: a group is right when it has exactly one kept row, at least one
 * allocation, and the row's amount is their sum. */
#define COLLECTIONS_WRONG_SQL(paid_month)                                                                              \
	"SELECT community_id, bill_month, paid_month, sum(kept), sum(1 - kept), sum(kept * amount), "                  \
	"sum((1 - kept) * amount) FROM (SELECT community_id, bill_month, paid_month, 1 AS kept, amount "               \
	"FROM fee_collections UNION ALL SELECT pa.community_id, b.first_month, " paid_month ", 0, pa.amount "          \
	"FROM payment_allocations pa JOIN bills b ON b.community_id = pa.community_id AND b.id = pa.bill_id "          \
	"JOIN payments p ON p.community_id = pa.community_id AND p.id = pa.payment_id) AS s "                          \
	"GROUP BY community_id, bill_month, paid_month HAVING sum(kept) <> 1 OR sum(1 - kept) = 0 "                    \
	"OR sum(kept * amount) <> sum((1 - kept) * amount) ORDER BY community_id, bill_month, paid_month LIMIT 1"

static void
read_collections_wrong(struct stmt *st, void *out)
{
	struct collections_check *c = out;
	c->community = db_col_i64(st, 0);
	c->bill_month = (int)db_col_i64(st, 1);
	c->paid_month = (int)db_col_i64(st, 2);
	c->kept_rows = db_col_i64(st, 3);
	c->nallocations = db_col_i64(st, 4);
	c->kept_amount = db_col_i64(st, 5);
	c->amount = db_col_i64(st, 6);
}

enum yl_err
store_fee_collections_check(struct db *db, struct collections_check *c)
{
	memset(c, 0, sizeof *c);
	return check(db, "SELECT (SELECT count(*) FROM fee_collections), (SELECT count(*) FROM payment_allocations)",
	             &c->rows, &c->allocations,
	             db_sql(db, COLLECTIONS_WRONG_SQL(PAID_MONTH_LITE), COLLECTIONS_WRONG_SQL(PAID_MONTH_PG)),
	             read_collections_wrong, c, &c->bad, "fee collections check");
}

/* A bill whose kept paid amount (schema/020) is not the sum of its allocations: the first, in
 * community and bill order. */
static void
read_paid_wrong(struct stmt *st, void *out)
{
	struct paid_check *c = out;
	c->community = db_col_i64(st, 0);
	c->bill = db_col_i64(st, 1);
	c->kept = db_col_i64(st, 2);
	c->allocated = db_col_i64(st, 3);
}

enum yl_err
store_bill_paid_check(struct db *db, struct paid_check *c)
{
	memset(c, 0, sizeof *c);
	return check(db, "SELECT count(*) FROM bills", &c->bills, NULL,
	             "SELECT b.community_id, b.id, b.paid, coalesce(sum(pa.amount), 0) FROM bills b "
	             "LEFT JOIN payment_allocations pa ON pa.community_id = b.community_id AND pa.bill_id = b.id "
	             "GROUP BY b.community_id, b.id, b.paid HAVING b.paid <> coalesce(sum(pa.amount), 0) "
	             "ORDER BY b.community_id, b.id LIMIT 1",
	             read_paid_wrong, c, &c->bad, "bill paid check");
}

/* The kept rows (kept = 1) and the live ballots on the roll (kept = 0, one owner each with their
 * voter's area) side by side, as the other checks put theirs: a decision is right when its row
 * holds as many owners as it has live ballots and their area; a decision with none needs no row
 * (the primary key allows at most one). The join to the roll is the one store_ballot_cast adds
 * through, so a ballot of a voter not on the roll counts on neither side. */
#define TURNOUT_WRONG_SQL                                                                                              \
	"SELECT community_id, decision_id, sum(kept * owners), sum(kept * area), sum(1 - kept), "                      \
	"sum((1 - kept) * area) FROM (SELECT community_id, decision_id, 1 AS kept, owners, area "                      \
	"FROM decision_turnout UNION ALL SELECT b.community_id, b.decision_id, 0, 1, v.area FROM ballots b "           \
	"JOIN decision_voters v ON v.community_id = b.community_id AND v.decision_id = b.decision_id "                 \
	"AND v.voter = b.voter WHERE b.replaced_at IS NULL) AS s GROUP BY community_id, decision_id "                  \
	"HAVING sum(kept * owners) <> sum(1 - kept) OR sum(kept * area) <> sum((1 - kept) * area) "                    \
	"ORDER BY community_id, decision_id LIMIT 1"

static void
read_turnout_wrong(struct stmt *st, void *out)
{
	struct turnout_check *c = out;
	c->community = db_col_i64(st, 0);
	c->decision = db_col_i64(st, 1);
	c->kept_owners = db_col_i64(st, 2);
	c->kept_area = db_col_i64(st, 3);
	c->owners = db_col_i64(st, 4);
	c->area = db_col_i64(st, 5);
}

enum yl_err
store_decision_turnout_check(struct db *db, struct turnout_check *c)
{
	memset(c, 0, sizeof *c);
	return check(db, "SELECT (SELECT count(*) FROM decisions), (SELECT count(*) FROM ballots WHERE replaced_at IS NULL)",
	             &c->decisions, &c->ballots, TURNOUT_WRONG_SQL, read_turnout_wrong, c, &c->bad,
	             "decision turnout check");
}
