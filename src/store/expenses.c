/* expenses.c: SQL for expenses, other income and the opening balance (see expenses.h). */
#include "expenses.h"
#include "db.h"
#include "ledger.h"
#include "../core/arena.h"
#include "../core/period.h"
#include "../core/words.h"

#include <stdint.h>
#include <string.h>

const char *const expense_state_names[XS__COUNT] = {"pending", "approved", "rejected"};

#define EXPENSE_COLS                                                                                                   \
	"x.id, x.amount, x.category, x.payee, x.description, x.method, x.spent_at, x.voucher, x.voucher_mime, "       \
	"x.state, x.recorded_by, x.recorded_at, CASE WHEN r.display_name <> '' THEN r.display_name ELSE r.name END, " \
	"coalesce(x.decided_by, 0), coalesce(x.decided_at, 0), "                                                       \
	"coalesce(CASE WHEN d.display_name <> '' THEN d.display_name ELSE d.name END, ''), x.decision_note, "          \
	"coalesce(x.entry_id, 0) "
#define EXPENSE_FROM                                                                                                   \
	"FROM expenses x JOIN accounts r ON r.id = x.recorded_by LEFT JOIN accounts d ON d.id = x.decided_by "

static void
read_expense(struct arena *a, struct stmt *st, void *elem)
{
	struct expense *x = elem;
	x->id = db_col_i64(st, 0);
	x->amount = db_col_i64(st, 1);
	x->category = (enum expense_category)word_or(expense_category_names, EXP__COUNT, db_col_text(st, 2), EXP_OTHER);
	x->payee = db_text(a, st, 3, "");
	x->description = db_text(a, st, 4, "");
	x->method = (enum pay_method)word_or(pay_method_names, PAY__COUNT, db_col_text(st, 5), PAY_CASH);
	x->spent_at = db_col_i64(st, 6);
	x->voucher = db_text(a, st, 7, "");
	x->voucher_mime = db_text(a, st, 8, "");
	x->state = (enum expense_state)word_or(expense_state_names, XS__COUNT, db_col_text(st, 9), XS_PENDING);
	x->recorded_by = db_col_i64(st, 10);
	x->recorded_at = db_col_i64(st, 11);
	x->recorder_name = db_text(a, st, 12, "");
	x->decided_by = db_col_i64(st, 13);
	x->decided_at = db_col_i64(st, 14);
	x->decider_name = db_text(a, st, 15, "");
	x->decision_note = db_text(a, st, 16, "");
	x->entry_id = db_col_i64(st, 17);
}

enum yl_err
store_expense_create(struct db *db, int64_t cid, const struct expense *e, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO expenses (community_id, amount, category, payee, description, method, "
	                              "spent_at, voucher, voucher_mime, state, recorded_by, recorded_at) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, e->amount);
	db_bind_text(st, 3, expense_category_names[e->category]);
	db_bind_text(st, 4, e->payee);
	db_bind_text(st, 5, e->description ? e->description : "");
	db_bind_text(st, 6, pay_method_names[e->method]);
	db_bind_i64(st, 7, e->spent_at);
	db_bind_text(st, 8, e->voucher);
	db_bind_text(st, 9, e->voucher_mime);
	db_bind_text(st, 10, expense_state_names[e->state]);
	db_bind_i64(st, 11, e->recorded_by);
	db_bind_i64(st, 12, e->recorded_at);
	return db_insert(db, st, "expense create", id);
}

enum yl_err
store_expense_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct expense *out)
{
	return db_row_by_id(db, a, "SELECT " EXPENSE_COLS EXPENSE_FROM "WHERE x.community_id = $1 AND x.id = $2",
	                    cid, id, read_expense, out, sizeof *out, "expense get");
}

enum yl_err
store_expense_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM expenses WHERE id = $1", id, cid, NULL, NULL);
}

enum yl_err
store_expenses(struct db *db, struct arena *a, int64_t cid, const struct expense_filter *f, struct expense **v,
               size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " EXPENSE_COLS EXPENSE_FROM
	                              "WHERE x.community_id = $1 AND x.spent_at >= $2 AND x.spent_at < $3 "
	                              "AND ($4 = '' OR x.state = $4) AND ($5 = '' OR x.category = $5) AND x.amount > $6 "
	                              "ORDER BY x.spent_at DESC, x.id DESC LIMIT $7");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, f->first_month ? month_start(f->first_month) : INT64_MIN);
	db_bind_i64(st, 3, f->last_month ? month_start(month_add(f->last_month, 1)) : INT64_MAX);
	db_bind_text(st, 4, f->state >= 0 && f->state < XS__COUNT ? expense_state_names[f->state] : "");
	db_bind_text(st, 5, f->category >= 0 && f->category < EXP__COUNT ? expense_category_names[f->category] : "");
	db_bind_i64(st, 6, f->min_amount);
	db_bind_i64(st, 7, f->limit);
	return db_rows(db, a, st, read_expense, sizeof **v, v, n, "expenses");
}

enum yl_err
store_expense_decide(struct db *db, int64_t cid, int64_t id, enum expense_state to, int64_t by, const char *note,
                     int64_t now)
{
	/* the recorder is kept out here as well as by the CHECK, so the answer is a plain conflict */
	struct stmt *st = db_prep(db, "UPDATE expenses SET state = $3, decided_by = $4, decided_at = $5, decision_note = $6 "
	                              "WHERE community_id = $1 AND id = $2 AND state = 'pending' AND recorded_by <> $4");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, expense_state_names[to]);
	db_bind_i64(st, 4, by);
	db_bind_i64(st, 5, now);
	db_bind_text(st, 6, note ? note : "");
	enum yl_err rc = db_done(db, st, "expense decide");
	if (rc == YL_OK && db_changes(st) != 1)
		rc = ERR_CONFLICT;
	return rc;
}

enum yl_err
store_expense_entry(struct db *db, int64_t cid, int64_t id, int64_t entry_id)
{
	struct stmt *st = db_prep(db, "UPDATE expenses SET entry_id = $3 WHERE community_id = $1 AND id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, entry_id);
	return db_done(db, st, "expense entry");
}

enum yl_err
store_expenses_pending(struct db *db, int64_t cid, int first, int last, int64_t *count)
{
	struct stmt *st = db_prep(db, "SELECT count(*) FROM expenses WHERE community_id = $1 AND state = 'pending' "
	                              "AND spent_at >= $2 AND spent_at < $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, month_start(first));
	db_bind_i64(st, 3, month_start(month_add(last, 1)));
	int rc = db_step(st);
	*count = rc == DB_ROW ? db_col_i64(st, 0) : 0;
	return db_one(db, st, rc, "pending expenses");
}

enum yl_err
store_expense_voucher_public(struct db *db, int64_t cid, int64_t id, bool *shown)
{
	struct stmt *st = db_prep(db, "SELECT state, spent_at FROM expenses WHERE community_id = $1 AND id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	bool approved = false;
	int64_t spent = 0;
	if (rc == DB_ROW) {
		const char *s = db_col_text(st, 0);
		approved = s && strcmp(s, "approved") == 0;
		spent = db_col_i64(st, 1);
	}
	enum yl_err e = db_one(db, st, rc, "expense voucher");
	*shown = false;
	if (e != YL_OK || !approved)
		return e;
	return store_month_closed(db, cid, month_of(spent), shown);
}

enum yl_err
store_income_create(struct db *db, int64_t cid, const struct income *in, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO incomes (community_id, category, amount, source, method, reference, "
	                              "received_at, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
	                              "RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, income_category_names[in->category]);
	db_bind_i64(st, 3, in->amount);
	db_bind_text(st, 4, in->source);
	db_bind_text(st, 5, pay_method_names[in->method]);
	db_bind_text(st, 6, in->reference ? in->reference : "");
	db_bind_i64(st, 7, in->received_at);
	db_bind_i64(st, 8, in->recorded_by);
	db_bind_i64(st, 9, in->recorded_at);
	return db_insert(db, st, "income create", id);
}

enum yl_err
store_income_entry(struct db *db, int64_t cid, int64_t id, int64_t entry_id)
{
	struct stmt *st = db_prep(db, "UPDATE incomes SET entry_id = $3 WHERE community_id = $1 AND id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, entry_id);
	return db_done(db, st, "income entry");
}

static void
read_income(struct arena *a, struct stmt *st, void *elem)
{
	struct income *in = elem;
	in->id = db_col_i64(st, 0);
	in->category = (enum income_category)word_or(income_category_names, INC__COUNT, db_col_text(st, 1), INC_OTHER);
	in->amount = db_col_i64(st, 2);
	in->source = db_text(a, st, 3, "");
	in->method = (enum pay_method)word_or(pay_method_names, PAY__COUNT, db_col_text(st, 4), PAY_CASH);
	in->reference = db_text(a, st, 5, "");
	in->received_at = db_col_i64(st, 6);
	in->entry_id = db_col_i64(st, 7);
	in->recorded_by = db_col_i64(st, 8);
	in->recorded_at = db_col_i64(st, 9);
}

enum yl_err
store_incomes(struct db *db, struct arena *a, int64_t cid, int first, int last, int64_t limit, struct income **v,
              size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, category, amount, source, method, reference, received_at, "
	                              "coalesce(entry_id, 0), recorded_by, recorded_at FROM incomes "
	                              "WHERE community_id = $1 AND received_at >= $2 AND received_at < $3 "
	                              "ORDER BY received_at DESC, id DESC LIMIT $4");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, first ? month_start(first) : INT64_MIN);
	db_bind_i64(st, 3, last ? month_start(month_add(last, 1)) : INT64_MAX);
	db_bind_i64(st, 4, limit);
	return db_rows(db, a, st, read_income, sizeof **v, v, n, "incomes");
}

enum yl_err
store_opening_month(struct db *db, int64_t cid, int *month)
{
	struct stmt *st = db_prep(db, "SELECT min(month) FROM journal_entries WHERE community_id = $1 AND kind = 'opening' "
	                              "HAVING count(*) > 0");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*month = (int)db_col_i64(st, 0);
	return db_one(db, st, rc, "opening month");
}
