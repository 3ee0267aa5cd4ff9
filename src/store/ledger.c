/* ledger.c: SQL for the journal (see ledger.h). */
#include "ledger.h"
#include "db.h"
#include "run_bills.h"
#include "../core/period.h"
#include "../core/words.h"

#include <stdio.h>
#include <string.h>

const char *const entry_kind_names[EK__COUNT] = {"opening", "billing", "payment", "reversal", "income", "expense"};

enum yl_err
store_month_closed(struct db *db, int64_t cid, int month, bool *closed)
{
	/* closed: in or before the last month any published disclosure covers — a payment dated back
	 * before a published period would change its opening balance. A disclosure covers first_month
	 * and the (months − 1) after it; a quarter never crosses a year, so YYYYMM adds. */
	struct stmt *st = db_prep(db, "SELECT count(*) FROM disclosures WHERE community_id = $1 "
	                              "AND first_month + months - 1 >= $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, month);
	int rc = db_step(st);
	*closed = rc == DB_ROW && db_col_i64(st, 0) > 0;
	return db_one(db, st, rc, "month closed");
}

enum yl_err
store_month_disclosed(struct db *db, int64_t cid, int month, bool *disclosed)
{
	/* a disclosure covers first_month and the (months − 1) after it, within one year */
	struct stmt *st = db_prep(db, "SELECT count(*) FROM disclosures WHERE community_id = $1 AND first_month <= $2 "
	                              "AND first_month > $2 - 3 AND $2 - first_month < months");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, month);
	int rc = db_step(st);
	*disclosed = rc == DB_ROW && db_col_i64(st, 0) > 0;
	return db_one(db, st, rc, "month disclosed");
}

enum yl_err
store_ledger_first_month(struct db *db, int64_t cid, int *month)
{
	struct stmt *st = db_prep(db, "SELECT coalesce(min(month), 0) FROM journal_entries WHERE community_id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	int rc = db_step(st);
	*month = rc == DB_ROW ? (int)db_col_i64(st, 0) : 0;
	return db_one(db, st, rc, "ledger first month");
}

enum yl_err
store_ledger_post(struct db *db, int64_t cid, const struct entry_new *e, const struct ledger_line *l, size_t n,
                  int64_t *entry_id)
{
	if (!ledger_balanced(l, n) || (int)e->kind < 0 || e->kind >= EK__COUNT) {
		fprintf(stderr, "ledger: unbalanced %s entry refused\n", (int)e->kind >= 0 && e->kind < EK__COUNT
		                                                              ? entry_kind_names[e->kind] : "?");
		return ERR_INVALID;
	}
	bool closed;
	enum yl_err rc = store_month_closed(db, cid, e->month, &closed);
	if (rc != YL_OK)
		return rc;
	if (closed)
		return ERR_CONFLICT;
	struct stmt *st = db_prep(db, "INSERT INTO journal_entries (community_id, month, kind, ref_type, ref_id, memo, "
	                              "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, e->month);
	db_bind_text(st, 3, entry_kind_names[e->kind]);
	db_bind_text(st, 4, e->ref_type ? e->ref_type : "");
	db_bind_i64(st, 5, e->ref_id);
	db_bind_text(st, 6, e->memo ? e->memo : "");
	db_bind_i64(st, 7, e->by);
	db_bind_i64(st, 8, e->now);
	int64_t id;
	rc = db_insert(db, st, "journal entry", &id);
	if (rc != YL_OK)
		return rc;
	struct stmt *li = db_prep(db, "INSERT INTO journal_lines (community_id, entry_id, position, account, debit, credit) "
	                              "VALUES ($1, $2, $3, $4, $5, $6)");
	if (li == NULL)
		return ERR_INTERNAL;
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		db_bind_i64(li, 1, cid);
		db_bind_i64(li, 2, id);
		db_bind_i64(li, 3, (int64_t)i + 1);
		db_bind_text(li, 4, ledger_account_names[l[i].account]);
		db_bind_i64(li, 5, l[i].debit);
		db_bind_i64(li, 6, l[i].credit);
		rc = db_done(db, li, "journal line");
	}
	if (rc != YL_OK)
		return rc;
	/* each line into its month's sums (schema/019) in this transaction: the balances read those,
	 * so they hold exactly the lines that commit */
	struct stmt *ms = db_prep(db, "INSERT INTO journal_month_sums (community_id, account, month, kind, debit, credit) "
	                              "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (community_id, account, month, kind) "
	                              "DO UPDATE SET debit = journal_month_sums.debit + excluded.debit, "
	                              "credit = journal_month_sums.credit + excluded.credit");
	if (ms == NULL)
		return ERR_INTERNAL;
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		db_bind_i64(ms, 1, cid);
		db_bind_text(ms, 2, ledger_account_names[l[i].account]);
		db_bind_i64(ms, 3, e->month);
		db_bind_text(ms, 4, entry_kind_names[e->kind]);
		db_bind_i64(ms, 5, l[i].debit);
		db_bind_i64(ms, 6, l[i].credit);
		rc = db_done(db, ms, "journal month sums");
	}
	if (rc == YL_OK && entry_id)
		*entry_id = id;
	return rc;
}

enum yl_err
store_ledger_balance(struct db *db, int64_t cid, enum account acc, int before, int64_t *balance)
{
	struct stmt *st = db_prep(db, "SELECT coalesce(sum(debit - credit), 0) FROM journal_month_sums "
	                              "WHERE community_id = $1 AND account = $2 AND ($3 = 0 OR month < $3)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, ledger_account_names[acc]);
	db_bind_i64(st, 3, before);
	int rc = db_step(st);
	*balance = rc == DB_ROW ? db_col_i64(st, 0) : 0;
	return db_one(db, st, rc, "ledger balance");
}

enum yl_err
store_ledger_sums(struct db *db, int64_t cid, int first, int last, int64_t debit[ACC__COUNT], int64_t credit[ACC__COUNT])
{
	memset(debit, 0, ACC__COUNT * sizeof *debit);
	memset(credit, 0, ACC__COUNT * sizeof *credit);
	/* the key leads with the account, so this reads all the community's rows (a few dozen a
	 * month) rather than only the period's: still far fewer than its lines */
	struct stmt *st = db_prep(db, "SELECT account, sum(debit), sum(credit) FROM journal_month_sums "
	                              "WHERE community_id = $1 AND month BETWEEN $2 AND $3 GROUP BY account");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, first);
	db_bind_i64(st, 3, last);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int a = word_index(ledger_account_names, ACC__COUNT, db_col_text(st, 0));
		if (a >= 0) {
			debit[a] = db_col_i64(st, 1);
			credit[a] = db_col_i64(st, 2);
		}
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "ledger sums");
}

enum yl_err
store_finance_overview(struct db *db, int64_t cid, int month, struct finance_overview *o)
{
	memset(o, 0, sizeof *o);
	enum yl_err rc = store_ledger_balance(db, cid, ACC_CASH, 0, &o->cash);
	if (rc == YL_OK)
		rc = store_ledger_balance(db, cid, ACC_BANK, 0, &o->bank);
	if (rc == YL_OK)
		rc = store_ledger_balance(db, cid, ACC_RECEIVABLE, 0, &o->receivable);
	if (rc != YL_OK)
		return rc;
	/* one row of scalar subqueries: each reads its own index (the month's bills through its runs,
	 * store/run_bills.h) */
#define OVERVIEW(run_bills)                                                                                            \
	"SELECT (SELECT coalesce(sum(b.total), 0) FROM billing_runs r CROSS JOIN bills b WHERE r.community_id = $1 "   \
	"AND r.first_month = $2 AND " run_bills "), "                                                                  \
	"(SELECT coalesce(sum(amount), 0) FROM payments WHERE community_id = $1 AND paid_at >= $3 AND paid_at < $4), " \
	"(SELECT count(*) FROM expenses WHERE community_id = $1 AND state = 'pending'), "                              \
	"(SELECT coalesce(max(first_month), 0) FROM disclosures WHERE community_id = $1)"
	struct stmt *st = db_prep(db, db_sql(db, OVERVIEW(RUN_BILLS_LITE), OVERVIEW(RUN_BILLS_PG)));
#undef OVERVIEW
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, month);
	db_bind_i64(st, 3, month_start(month));
	db_bind_i64(st, 4, month_start(month_add(month, 1)));
	int r = db_step(st);
	if (r == DB_ROW) {
		o->billed_month = db_col_i64(st, 0);
		o->collected_month = db_col_i64(st, 1);
		o->pending_expenses = db_col_i64(st, 2);
		o->last_disclosed = (int)db_col_i64(st, 3);
	}
	return db_one(db, st, r, "finance overview");
}

enum yl_err
store_finance_settings(struct db *db, int64_t cid, struct finance_settings *s)
{
	struct stmt *st = db_prep(db, "SELECT finance_threshold, disclosure_months FROM communities WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s->threshold = db_col_i64(st, 0);
		s->disclosure_months = (int)db_col_i64(st, 1);
	}
	return db_one(db, st, rc, "finance settings");
}

enum yl_err
store_finance_settings_set(struct db *db, int64_t cid, const struct finance_settings *s)
{
	struct stmt *st = db_prep(db, "UPDATE communities SET finance_threshold = $2, disclosure_months = $3 WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, s->threshold);
	db_bind_i64(st, 3, s->disclosure_months);
	return db_done(db, st, "finance settings");
}
