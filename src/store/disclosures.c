/* disclosures.c: SQL for published disclosures and the figures of a period (see disclosures.h). */
#include "disclosures.h"
#include "db.h"
#include "ledger.h"
#include "../core/arena.h"
#include "../core/billing.h"
#include "../core/words.h"

#include <string.h>

static void
read_disclosure(struct arena *a, struct stmt *st, void *elem)
{
	struct disclosure *d = elem;
	d->first_month = (int)db_col_i64(st, 0);
	d->months = (int)db_col_i64(st, 1);
	d->published_by = db_col_i64(st, 2);
	d->published_at = db_col_i64(st, 3);
	d->audit_head = db_text(a, st, 4, "");
	d->publisher_name = db_text(a, st, 5, "");
}

#define DISCLOSURE_COLS                                                                                                \
	"d.first_month, d.months, d.published_by, d.published_at, d.audit_head, "                                     \
	"CASE WHEN a.display_name <> '' THEN a.display_name ELSE a.name END "                                          \
	"FROM disclosures d JOIN accounts a ON a.id = d.published_by "

enum yl_err
store_disclosure_get(struct db *db, struct arena *a, int64_t cid, int first_month, struct disclosure *out)
{
	struct stmt *st = db_prep(db, "SELECT " DISCLOSURE_COLS "WHERE d.community_id = $1 AND d.first_month = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, first_month);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_disclosure(a, st, out);
	return db_one(db, st, rc, "disclosure get");
}

enum yl_err
store_disclosures(struct db *db, struct arena *a, int64_t cid, struct disclosure **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " DISCLOSURE_COLS "WHERE d.community_id = $1 ORDER BY d.first_month DESC");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_disclosure, sizeof **v, v, n, "disclosures");
}

enum yl_err
store_disclosure_create(struct db *db, int64_t cid, const struct disclosure *d)
{
	struct stmt *st = db_prep(db, "INSERT INTO disclosures (community_id, first_month, months, published_by, "
	                              "published_at, audit_head) VALUES ($1, $2, $3, $4, $5, $6)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, d->first_month);
	db_bind_i64(st, 3, d->months);
	db_bind_i64(st, 4, d->published_by);
	db_bind_i64(st, 5, d->published_at);
	db_bind_text(st, 6, d->audit_head);
	return db_done(db, st, "disclosure create");
}

/* One number from a statement whose parameters $1..$n are args[0..n). */
static enum yl_err
sum_of(struct db *db, const char *sql, size_t n, const int64_t *args, int64_t *out)
{
	struct stmt *st = db_prep(db, sql);
	if (st == NULL)
		return ERR_INTERNAL;
	for (size_t i = 0; i < n; i++)
		db_bind_i64(st, (int)i + 1, args[i]);
	int rc = db_step(st);
	*out = rc == DB_ROW ? db_col_i64(st, 0) : 0;
	return db_one(db, st, rc, "disclosure sum");
}

/* Σ by category name over rows (name, sum, count) of a statement on $1 cid, $2..$3 instants,
 * into sums[] and counts[] (may be NULL). */
static enum yl_err
by_category(struct db *db, const char *sql, int64_t cid, int64_t from, int64_t to, const char *const *names, int n,
            int64_t *sums, int64_t *counts)
{
	struct stmt *st = db_prep(db, sql);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, from);
	db_bind_i64(st, 3, to);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int k = word_index(names, n, db_col_text(st, 0));
		if (k < 0)
			continue;
		sums[k] += db_col_i64(st, 1);
		if (counts)
			counts[k] += db_col_i64(st, 2);
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "disclosure categories");
}

/* The months' bills: each run keeps the sum of the bills it made (billing_runs.total, written with
 * them in one transaction; bills never change after), so the billed figure reads the runs, not
 * each bill of them (the demo: 25,900 VM steps a month, on the dashboard four times a view). */
#define BILLED_SQL                                                                                                     \
	"SELECT coalesce(sum(r.total), 0) FROM billing_runs r WHERE r.community_id = $1 AND r.first_month BETWEEN $2 AND $3"

/* What was paid towards the months' bills before the month after them: write_payment keeps it by
 * the bill's first month and the payment's month (schema/022_fee_collections.sql), so this reads a
 * row per month paid in, not each bill of the period's runs with its allocations and their
 * payments (the demo: 41,000–54,000 VM steps a month). paid_at < month_start(after) is exactly
 * month_of(paid_at) < after: month_start is the first instant of its month and month_of grows
 * with time. */
#define COLLECTED_SQL                                                                                                  \
	"SELECT coalesce(sum(amount), 0) FROM fee_collections WHERE community_id = $1 "                                \
	"AND bill_month BETWEEN $2 AND $3 AND paid_month < $4"

enum yl_err
store_fee_collection(struct db *db, int64_t cid, int first, int last, int after, int64_t *billed, int64_t *paid)
{
	const int64_t months[] = {cid, first, last}, paid_in[] = {cid, first, last, after};
	enum yl_err rc = sum_of(db, BILLED_SQL, 3, months, billed);
	if (rc == YL_OK)
		rc = sum_of(db, COLLECTED_SQL, 4, paid_in, paid);
	return rc;
}

static enum yl_err
balances(struct db *db, int64_t cid, struct disclosure_figures *f, int first, int after)
{
	enum yl_err rc = store_ledger_balance(db, cid, ACC_CASH, first, &f->opening_cash);
	if (rc == YL_OK)
		rc = store_ledger_balance(db, cid, ACC_BANK, first, &f->opening_bank);
	if (rc == YL_OK)
		rc = store_ledger_balance(db, cid, ACC_CASH, after, &f->closing_cash);
	if (rc == YL_OK)
		rc = store_ledger_balance(db, cid, ACC_BANK, after, &f->closing_bank);
	return rc;
}

/* What the fees brought in the period, and what was billed for it, paid of it and owed at its
 * end. A payment counts towards a bill when it was paid before the period's end. */
static enum yl_err
fees(struct db *db, int64_t cid, struct disclosure_figures *f, int first, int last)
{
	const int64_t months[] = {cid, first, last};
	/* payments credit the receivable, reversals debit it back (their month sums, store/ledger.h) */
	enum yl_err rc = sum_of(db, "SELECT coalesce(sum(credit - debit), 0) FROM journal_month_sums "
	                            "WHERE community_id = $1 AND account = 'receivable' AND month BETWEEN $2 AND $3 "
	                            "AND kind IN ('payment', 'reversal')",
	                        3, months, &f->fees_collected);
	if (rc == YL_OK)
		rc = store_fee_collection(db, cid, first, last, month_add(last, 1), &f->billed, &f->billed_collected);
	/* what is owed at the period's end is the receivable's balance through its last month: bills
	 * are posted in their first month, payments and reversals in theirs (the journal's index) */
	if (rc == YL_OK)
		rc = store_ledger_balance(db, cid, ACC_RECEIVABLE, month_add(last, 1), &f->arrears);
	f->collection_permille = collection_permille(f->billed_collected, f->billed);
	return rc;
}

enum yl_err
store_disclosure_figures(struct db *db, struct arena *a, int64_t cid, struct period p, int64_t threshold,
                         struct disclosure_figures *f)
{
	memset(f, 0, sizeof *f);
	f->p = p;
	f->threshold = threshold;
	int first = p.first, last = period_last(p), after = month_add(last, 1);
	int64_t from = month_start(first), end = month_start(after);
	enum yl_err rc = balances(db, cid, f, first, after);
	if (rc == YL_OK)
		rc = fees(db, cid, f, first, last);
	if (rc == YL_OK)
		rc = by_category(db, "SELECT category, sum(amount), count(*) FROM incomes WHERE community_id = $1 "
		                     "AND received_at >= $2 AND received_at < $3 GROUP BY category",
		                 cid, from, end, income_category_names, INC__COUNT, f->income, NULL);
	if (rc == YL_OK)
		rc = by_category(db, "SELECT category, sum(amount), count(*) FROM expenses WHERE community_id = $1 "
		                     "AND state = 'approved' AND spent_at >= $2 AND spent_at < $3 GROUP BY category",
		                 cid, from, end, expense_category_names, EXP__COUNT, f->expense, f->vouchers);
	int64_t debit[ACC__COUNT], credit[ACC__COUNT];
	if (rc == YL_OK)
		rc = store_ledger_sums(db, cid, first, last, debit, credit);
	if (rc == YL_OK) {
		struct expense_filter ef = {first, last, XS_APPROVED, -1, threshold, 10000};
		rc = store_expenses(db, a, cid, &ef, &f->large, &f->nlarge);
	}
	if (rc != YL_OK)
		return rc;
	/* oldest first on paper */
	for (size_t i = 0; i < f->nlarge / 2; i++) {
		struct expense t = f->large[i];
		f->large[i] = f->large[f->nlarge - 1 - i];
		f->large[f->nlarge - 1 - i] = t;
	}
	f->handed_over = credit[ACC_OPENING] - debit[ACC_OPENING];
	f->income_total = f->fees_collected;
	for (int i = 0; i < INC__COUNT; i++)
		f->income_total += f->income[i];
	for (int i = 0; i < EXP__COUNT; i++)
		f->expense_total += f->expense[i];
	int64_t moved = debit[ACC_CASH] - credit[ACC_CASH] + debit[ACC_BANK] - credit[ACC_BANK];
	f->consistent = f->opening_cash + f->opening_bank + moved == f->closing_cash + f->closing_bank &&
	                moved == f->income_total + f->handed_over - f->expense_total;
	return YL_OK;
}
