/* payments.c: SQL for fee payments, reversals, bills and arrears (see payments.h). */
#include "payments.h"
#include "db.h"
#include "ledger.h"
#include "../core/arena.h"
#include "../core/period.h"
#include "../core/words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A bill's unpaid rest: its total less what it has been paid, the sum of its allocations that
 * write_payment keeps on the bill (schema/020_bill_paid.sql). UNPAID is written as the partial
 * index bills_unpaid's own condition, so that both stores read the unpaid bills through it. */
#define BILL_REST "b.total - b.paid"
#define UNPAID "b.paid < b.total"

#define UNIT_LABEL "b2.name || s.name || u.room"
#define UNIT_JOIN                                                                                                      \
	"JOIN buildings b2 ON b2.community_id = u.community_id AND b2.id = u.building_id "                             \
	"JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "

/* Joins written CROSS JOIN fix the order on SQLite (PostgreSQL plans them as inner joins): the
 * few rows of one payment or one unit first, then their partners by key. */

/* The payment with its unit, recorder and the other side of a reversal, read by read_payment. */
#define PAYMENT_COLS                                                                                                   \
	"p.id, p.unit_id, u.building_id, " UNIT_LABEL ", p.receipt_no, p.amount, p.method, p.reference, p.payer, "    \
	"p.paid_at, coalesce(p.reverses_id, 0), coalesce(o.receipt_no, ''), coalesce(r.id, 0), "                       \
	"coalesce(r.receipt_no, ''), p.reason, p.recorded_by, "                                                         \
	"CASE WHEN ac.display_name <> '' THEN ac.display_name ELSE ac.name END, p.recorded_at "
#define PAYMENT_FROM                                                                                                   \
	"FROM payments p JOIN units u ON u.community_id = p.community_id AND u.id = p.unit_id " UNIT_JOIN               \
	"JOIN accounts ac ON ac.id = p.recorded_by "                                                                   \
	"LEFT JOIN payments o ON o.community_id = p.community_id AND o.id = p.reverses_id "                            \
	"LEFT JOIN payments r ON r.community_id = p.community_id AND r.reverses_id = p.id "

static void
read_payment(struct arena *a, struct stmt *st, void *elem)
{
	struct payment *p = elem;
	p->id = db_col_i64(st, 0);
	p->unit_id = db_col_i64(st, 1);
	p->building_id = db_col_i64(st, 2);
	p->unit = db_text(a, st, 3, "");
	p->receipt_no = db_text(a, st, 4, "");
	p->amount = db_col_i64(st, 5);
	p->method = (enum pay_method)word_or(pay_method_names, PAY__COUNT, db_col_text(st, 6), PAY_CASH);
	p->reference = db_text(a, st, 7, "");
	p->payer = db_text(a, st, 8, "");
	p->paid_at = db_col_i64(st, 9);
	p->reverses_id = db_col_i64(st, 10);
	p->reverses_no = db_text(a, st, 11, "");
	p->reversed_by = db_col_i64(st, 12);
	p->reversed_no = db_text(a, st, 13, "");
	p->reason = db_text(a, st, 14, "");
	p->recorded_by = db_col_i64(st, 15);
	p->recorder = db_text(a, st, 16, "");
	p->recorded_at = db_col_i64(st, 17);
}

enum yl_err
store_payment_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct payment *out)
{
	return db_row_by_id(db, a, "SELECT " PAYMENT_COLS PAYMENT_FROM "WHERE p.community_id = $1 AND p.id = $2",
	                    cid, id, read_payment, out, sizeof *out, "payment get");
}

enum yl_err
store_payments(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, int64_t limit, int64_t offset,
               struct payment **v, size_t *n, int64_t *total)
{
	/* counted only for a caller that shows it: the community's count walks every payment (the demo:
	 * 25,866 VM steps), which the payment desk's "recent payments" paid on every view for nothing.
	 * A unit's own count by payments_by_unit: "($2 = 0 OR unit_id = $2)" hid that index. */
	if (total) {
		struct stmt *c = unit_id ? db_prep(db, "SELECT count(*) FROM payments WHERE community_id = $1 AND unit_id = $2")
		                         : db_prep(db, "SELECT count(*) FROM payments WHERE community_id = $1 AND $2 = 0");
		if (c == NULL)
			return ERR_INTERNAL;
		db_bind_i64(c, 1, cid);
		db_bind_i64(c, 2, unit_id);
		int rc = db_step(c);
		*total = rc == DB_ROW ? db_col_i64(c, 0) : 0;
		enum yl_err e = db_one(db, c, rc, "payments count");
		if (e != YL_OK)
			return e;
	}
	/* two statements, so each walks its own index in order (payments_by_unit, payments_by_time)
	 * instead of sorting the community's every payment for a page of them */
	struct stmt *st = unit_id ? db_prep(db, "SELECT " PAYMENT_COLS PAYMENT_FROM "WHERE p.community_id = $1 AND "
	                                        "p.unit_id = $2 ORDER BY p.id DESC LIMIT $3 OFFSET $4")
	                          : db_prep(db, "SELECT " PAYMENT_COLS PAYMENT_FROM "WHERE p.community_id = $1 AND "
	                                        "$2 = 0 ORDER BY p.paid_at DESC, p.id DESC LIMIT $3 OFFSET $4");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	db_bind_i64(st, 3, limit);
	db_bind_i64(st, 4, offset);
	return db_rows(db, a, st, read_payment, sizeof **v, v, n, "payments");
}

enum yl_err
store_payment_place(struct db *db, int64_t id, int64_t *cid, int64_t *building_id, int64_t *unit_id)
{
	struct stmt *st = db_prep(db, "SELECT p.community_id, u.building_id, p.unit_id FROM payments p JOIN units u "
	                              "ON u.community_id = p.community_id AND u.id = p.unit_id WHERE p.id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*cid = db_col_i64(st, 0);
		*building_id = db_col_i64(st, 1);
		*unit_id = db_col_i64(st, 2);
	}
	return db_one(db, st, rc, "payment place");
}

static void
read_allocation(struct arena *a, struct stmt *st, void *elem)
{
	(void)a;
	struct allocation *x = elem;
	x->bill_id = db_col_i64(st, 0);
	x->first_month = (int)db_col_i64(st, 1);
	x->last_month = (int)db_col_i64(st, 2);
	x->amount = db_col_i64(st, 3);
}

enum yl_err
store_payment_allocations(struct db *db, struct arena *a, int64_t cid, int64_t id, struct allocation **v, size_t *n)
{
	/* CROSS JOIN: the payment's few allocations first (SQLite would otherwise walk every bill of
	 * the community and look each up among them) */
	struct stmt *st = db_prep(db, "SELECT a.bill_id, b.first_month, b.last_month, a.amount FROM payment_allocations a "
	                              "CROSS JOIN bills b WHERE b.community_id = a.community_id AND b.id = a.bill_id "
	                              "AND a.community_id = $1 AND a.payment_id = $2 ORDER BY b.first_month, b.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	return db_rows(db, a, st, read_allocation, sizeof **v, v, n, "payment allocations");
}

/* The unit's bills with something left to pay, oldest first: amount is the unpaid rest. */
static enum yl_err
unpaid_bills(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, struct allocation **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT b.id, b.first_month, b.last_month, " BILL_REST " FROM bills b "
	                              "WHERE b.community_id = $1 AND b.unit_id = $2 AND " UNPAID " "
	                              "ORDER BY b.first_month, b.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	return db_rows(db, a, st, read_allocation, sizeof **v, v, n, "unpaid bills");
}

struct bill_ref {
	struct allocation b;
	int64_t unit_id;
};

static void
read_bill_ref(struct arena *a, struct stmt *st, void *elem)
{
	struct bill_ref *r = elem;
	read_allocation(a, st, &r->b);
	r->unit_id = db_col_i64(st, 4);
}

enum yl_err
store_community_bills(struct db *db, struct arena *a, int64_t cid, struct allocation **v, int64_t **units, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, first_month, last_month, total, unit_id FROM bills WHERE community_id = $1 "
	                              "ORDER BY first_month, id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	struct bill_ref *rows;
	enum yl_err e = db_rows(db, a, st, read_bill_ref, sizeof *rows, &rows, n, "community bills");
	if (e != YL_OK)
		return e;
	*v = arena_alloc(a, (*n + 1) * sizeof **v);
	*units = arena_alloc(a, (*n + 1) * sizeof **units);
	for (size_t i = 0; i < *n; i++) {
		(*v)[i] = rows[i].b;
		(*units)[i] = rows[i].unit_id;
	}
	return YL_OK;
}

enum yl_err
store_unit_owed(struct db *db, int64_t cid, int64_t unit_id, int64_t *owed)
{
	/* a paid bill's rest is 0, so the unpaid ones alone give the sum */
	struct stmt *st = db_prep(db, "SELECT coalesce(sum(" BILL_REST "), 0) FROM bills b WHERE b.community_id = $1 "
	                              "AND b.unit_id = $2 AND " UNPAID);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	int rc = db_step(st);
	*owed = rc == DB_ROW ? db_col_i64(st, 0) : 0;
	return db_one(db, st, rc, "unit owed");
}

/* The next receipt number of the community's year; the caller holds the community lock. */
static enum yl_err
next_receipt(struct db *db, int64_t cid, int year, char out[RECEIPT_NO_MAX])
{
	struct stmt *st = db_prep(db, "INSERT INTO receipt_counters (community_id, year, last) VALUES ($1, $2, 1) "
	                              "ON CONFLICT (community_id, year) DO UPDATE SET last = receipt_counters.last + 1 "
	                              "RETURNING last");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, year);
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(out, RECEIPT_NO_MAX, "%04d-%06lld", year, (long long)db_col_i64(st, 0));
	return db_one(db, st, rc, "receipt counter");
}

struct row {
	int64_t unit_id, amount;
	enum pay_method method;
	const char *reference, *payer, *reason;
	int64_t paid_at, reverses_id, by, now;
};

/* The payment row, its allocations, its journal entry and the row's entry_id: the part recording
 * and reversing share once the number and the split are known. */
static enum yl_err
write_payment(struct db *db, int64_t cid, const struct row *r, const struct allocation *al, size_t n,
              struct payment_done *out)
{
	out->month = month_of(r->reverses_id ? r->now : r->paid_at);
	bool closed;
	enum yl_err e = store_month_closed(db, cid, out->month, &closed);
	if (e != YL_OK)
		return e;
	if (closed) {
		out->refusal = PAYR_CLOSED;
		return ERR_CONFLICT;
	}
	e = next_receipt(db, cid, month_of(r->reverses_id ? r->now : r->paid_at) / 100, out->receipt_no);
	if (e != YL_OK)
		return e;
	struct stmt *st = db_prep(db, "INSERT INTO payments (community_id, unit_id, receipt_no, amount, method, reference, "
	                              "payer, paid_at, reverses_id, reason, recorded_by, recorded_at) VALUES ($1, $2, $3, "
	                              "$4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, r->unit_id);
	db_bind_text(st, 3, out->receipt_no);
	db_bind_i64(st, 4, r->amount);
	db_bind_text(st, 5, pay_method_names[r->method]);
	db_bind_text(st, 6, r->reference ? r->reference : "");
	db_bind_text(st, 7, r->payer ? r->payer : "");
	db_bind_i64(st, 8, r->paid_at);
	db_bind_opt_i64(st, 9, r->reverses_id);
	db_bind_text(st, 10, r->reason ? r->reason : "");
	db_bind_i64(st, 11, r->by);
	db_bind_i64(st, 12, r->now);
	e = db_insert(db, st, "payment", &out->id);
	if (e != YL_OK)
		return e;
	struct stmt *ins = db_prep(db, "INSERT INTO payment_allocations (community_id, payment_id, bill_id, amount) "
	                               "VALUES ($1, $2, $3, $4)");
	if (ins == NULL)
		return ERR_INTERNAL;
	/* the bill's paid moves with each allocation, in this transaction: the readers of a rest trust
	 * it (schema/020_bill_paid.sql), and bills_unpaid drops a bill paid in full or takes back one
	 * a reversal reopens */
	struct stmt *paid = db_prep(db, "UPDATE bills SET paid = paid + $3 WHERE community_id = $1 AND id = $2");
	if (paid == NULL)
		return ERR_INTERNAL;
	/* and into the fee collections, by the bill's first month and the month of paid_at (schema/022):
	 * a payment entered on paper days later is dated when the money came, a reversal now, and the
	 * collection rate asks which month the money came in, not when it was typed */
	struct stmt *coll = db_prep(db, "INSERT INTO fee_collections (community_id, bill_month, paid_month, amount) "
	                                "VALUES ($1, $2, $3, $4) ON CONFLICT (community_id, bill_month, paid_month) "
	                                "DO UPDATE SET amount = fee_collections.amount + excluded.amount");
	if (coll == NULL)
		return ERR_INTERNAL;
	int paid_month = month_of(r->paid_at);
	for (size_t i = 0; e == YL_OK && i < n; i++) {
		db_bind_i64(ins, 1, cid);
		db_bind_i64(ins, 2, out->id);
		db_bind_i64(ins, 3, al[i].bill_id);
		db_bind_i64(ins, 4, al[i].amount);
		e = db_done(db, ins, "payment allocation");
		if (e != YL_OK)
			break;
		db_bind_i64(paid, 1, cid);
		db_bind_i64(paid, 2, al[i].bill_id);
		db_bind_i64(paid, 3, al[i].amount);
		e = db_done(db, paid, "bill paid");
		if (e != YL_OK)
			break;
		db_bind_i64(coll, 1, cid);
		db_bind_i64(coll, 2, al[i].first_month);
		db_bind_i64(coll, 3, paid_month);
		db_bind_i64(coll, 4, al[i].amount);
		e = db_done(db, coll, "fee collection");
	}
	/* money in: Dr cash|bank / Cr receivable; a reversal the other way round */
	int64_t abs = r->amount < 0 ? -r->amount : r->amount;
	struct ledger_line l[2] = {{ledger_money_account(r->method), abs, 0}, {ACC_RECEIVABLE, 0, abs}};
	if (r->amount < 0) {
		l[0] = (struct ledger_line){ACC_RECEIVABLE, abs, 0};
		l[1] = (struct ledger_line){ledger_money_account(r->method), 0, abs};
	}
	struct entry_new en = {.month = out->month, .kind = r->amount < 0 ? EK_REVERSAL : EK_PAYMENT,
	                       .ref_type = "payment", .ref_id = out->id, .memo = out->receipt_no, .by = r->by,
	                       .now = r->now};
	int64_t entry;
	if (e == YL_OK)
		e = store_ledger_post(db, cid, &en, l, 2, &entry);
	if (e == ERR_CONFLICT)
		out->refusal = PAYR_CLOSED; /* closed between our look and the post: cannot be, but say so */
	if (e != YL_OK)
		return e;
	struct stmt *up = db_prep(db, "UPDATE payments SET entry_id = $3 WHERE community_id = $1 AND id = $2");
	if (up == NULL)
		return ERR_INTERNAL;
	db_bind_i64(up, 1, cid);
	db_bind_i64(up, 2, out->id);
	db_bind_i64(up, 3, entry);
	return db_done(db, up, "payment entry");
}

enum yl_err
store_payment_record(struct db *db, struct arena *a, int64_t cid, const struct payment_new *p, struct payment_done *out)
{
	memset(out, 0, sizeof *out);
	struct allocation *bills;
	size_t nb;
	enum yl_err e = unpaid_bills(db, a, cid, p->unit_id, &bills, &nb);
	if (e != YL_OK)
		return e;
	for (size_t i = 0; i < nb; i++)
		out->owed_before += bills[i].amount;
	if (p->amount <= 0 || p->amount > out->owed_before) {
		out->refusal = PAYR_OVERPAYMENT;
		return ERR_CONFLICT;
	}
	/* oldest first: each bill takes what is left of the payment, up to its rest */
	int64_t left = p->amount;
	for (nb = 0; left > 0; nb++) {
		if (bills[nb].amount > left)
			bills[nb].amount = left;
		left -= bills[nb].amount;
	}
	struct row r = {p->unit_id, p->amount, p->method, p->reference, p->payer, "", p->paid_at, 0, p->by, p->now};
	e = write_payment(db, cid, &r, bills, nb, out);
	if (e != YL_OK)
		return e;
	out->alloc = bills;
	out->nalloc = nb;
	out->owed_after = out->owed_before - p->amount;
	return YL_OK;
}

enum yl_err
store_payment_reverse(struct db *db, struct arena *a, int64_t cid, int64_t id, const char *reason, int64_t by,
                      int64_t now, struct payment_done *out)
{
	memset(out, 0, sizeof *out);
	struct payment p;
	enum yl_err e = store_payment_get(db, a, cid, id, &p);
	if (e != YL_OK)
		return e;
	if (p.reverses_id || p.amount < 0) {
		out->refusal = PAYR_IS_REVERSAL;
		return ERR_CONFLICT;
	}
	if (p.reversed_by) {
		out->refusal = PAYR_REVERSED;
		return ERR_CONFLICT;
	}
	struct allocation *al;
	size_t n;
	e = store_payment_allocations(db, a, cid, id, &al, &n);
	if (e == YL_OK)
		e = store_unit_owed(db, cid, p.unit_id, &out->owed_before);
	if (e != YL_OK)
		return e;
	for (size_t i = 0; i < n; i++)
		al[i].amount = -al[i].amount;
	struct row r = {p.unit_id, -p.amount, p.method, p.reference, p.payer, reason, now, id, by, now};
	e = write_payment(db, cid, &r, al, n, out);
	/* the partial unique index on reverses_id: another reversal won the race */
	if (e == ERR_CONFLICT && out->refusal == PAYR_NONE)
		out->refusal = PAYR_REVERSED;
	if (e != YL_OK)
		return e;
	out->alloc = al;
	out->nalloc = n;
	out->owed_after = out->owed_before + p.amount;
	return YL_OK;
}

/* Bills ------------------------------------------------------------------------------------------ */

/* Arrears ---------------------------------------------------------------------------------------- */

struct rest_row {
	int64_t unit_id, building_id;
	int first_month;
	int64_t rest;
};

static void
read_rest(struct arena *a, struct stmt *st, void *elem)
{
	(void)a;
	struct rest_row *r = elem;
	r->unit_id = db_col_i64(st, 0);
	r->building_id = db_col_i64(st, 1);
	r->first_month = (int)db_col_i64(st, 2);
	r->rest = db_col_i64(st, 3);
}

static int
most_owed_first(const void *x, const void *y)
{
	const struct arrear *a = x, *b = y;
	if (a->owed != b->owed)
		return a->owed > b->owed ? -1 : 1;
	return (a->unit_id > b->unit_id) - (a->unit_id < b->unit_id);
}

enum yl_err
store_arrears(struct db *db, struct arena *a, int64_t cid, int64_t building_id, int as_of, struct arrear **v,
              size_t *n, struct arrear *totals)
{
	memset(totals, 0, sizeof *totals);
	*v = NULL;
	*n = 0;
	/* each unpaid bill's rest, by unit: the unpaid bills alone, from bills_unpaid in unit order,
	 * each with its unit by key (CROSS JOIN keeps SQLite from starting at the units) */
	struct stmt *st = db_prep(db, "SELECT b.unit_id, u.building_id, b.first_month, " BILL_REST " FROM bills b "
	                              "CROSS JOIN units u WHERE u.community_id = b.community_id AND u.id = b.unit_id "
	                              "AND b.community_id = $1 AND " UNPAID " AND ($2 = 0 OR u.building_id = $2) "
	                              "ORDER BY b.unit_id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, building_id);
	struct rest_row *rows;
	size_t nr;
	enum yl_err e = db_rows(db, a, st, read_rest, sizeof *rows, &rows, &nr, "arrears");
	if (e != YL_OK || nr == 0)
		return e;
	size_t cap = 0;
	struct arrear *cur = NULL;
	for (size_t i = 0; i < nr; i++) {
		if (cur == NULL || cur->unit_id != rows[i].unit_id) {
			cur = arena_append(a, v, n, &cap, sizeof **v);
			cur->unit_id = rows[i].unit_id;
			cur->building_id = rows[i].building_id;
		}
		enum ageing g = ageing_of(rows[i].first_month, as_of);
		cur->owed += rows[i].rest;
		cur->age[g] += rows[i].rest;
		totals->owed += rows[i].rest;
		totals->age[g] += rows[i].rest;
	}
	qsort(*v, *n, sizeof **v, most_owed_first);
	return YL_OK;
}

/* The page's units from a JSON array of their ids, "[12,57]", one bound parameter on both stores:
 * each id looked up by key. Matching every unit of the community against the ids as text
 * (strpos) cost as much as the arrears themselves once those came from bills_unpaid. */
#define ARREARS_LABEL(ids)                                                                                             \
	"SELECT u.id, " UNIT_LABEL ", o.owner_ref, o.name FROM " ids " CROSS JOIN units u " UNIT_JOIN                 \
	"JOIN owners o ON o.community_id = u.community_id AND o.id = u.owner_id "                                      \
	"WHERE u.community_id = $1 AND u.id = j.value"

enum yl_err
store_arrears_label(struct db *db, struct arena *a, int64_t cid, struct arrear *v, size_t n)
{
	if (n == 0)
		return YL_OK;
	struct stmt *st = db_prep(db, db_sql(db, ARREARS_LABEL(DB_IDS_LITE("$2")), ARREARS_LABEL(DB_IDS_PG("$2"))));
	if (st == NULL)
		return ERR_INTERNAL;
	int64_t *ids = arena_alloc(a, n * sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = v[i].unit_id;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, db_ids_json(a, ids, n));
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);
		for (size_t i = 0; i < n; i++)
			if (v[i].unit_id == id) {
				v[i].unit = db_text(a, st, 1, "");
				v[i].owner_ref = db_text(a, st, 2, "");
				v[i].owner_name = db_text(a, st, 3, "");
			}
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "arrears labels");
}
