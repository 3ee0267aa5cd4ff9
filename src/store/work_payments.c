/* work_payments.c: SQL for the payments on works and their corrections (see work_payments.h). A
 * correction is found from the payment it names through the UNIQUE (community_id, corrects_id),
 * which is also what holds a payment to one correction. */
#include "work_payments.h"
#include "db.h"
#include "../core/arena.h"
#include "../core/words.h"

#define PAYMENT_COLS                                                                                                   \
	"p.id, p.work_id, p.paid_on, p.amount, p.kind, p.reference, p.note, p.corrects_id, p.recorded_by, p.created_at, " \
	"(SELECT c.id FROM work_payments c WHERE c.community_id = p.community_id AND c.corrects_id = p.id) "

static void
read_payment(struct arena *a, struct stmt *st, void *elem)
{
	struct work_payment *p = elem;
	p->id = db_col_i64(st, 0);
	p->work_id = db_col_i64(st, 1);
	p->paid_on = db_col_i64(st, 2);
	p->amount = db_col_i64(st, 3);
	p->kind = (enum work_pay_kind)word_or(work_pay_kind_names, WPAY__COUNT, db_col_text(st, 4), WPAY_PROGRESS);
	p->reference = db_text(a, st, 5, "");
	p->note = db_text(a, st, 6, "");
	p->corrects_id = db_col_i64(st, 7);
	p->recorded_by = db_col_i64(st, 8);
	p->created_at = db_col_i64(st, 9);
	p->corrected_by = db_col_i64(st, 10);
}

enum yl_err
store_work_payments(struct db *db, struct arena *a, int64_t cid, int64_t work_id, struct work_payment **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " PAYMENT_COLS "FROM work_payments p WHERE p.community_id = $1 AND "
	                              "p.work_id = $2 ORDER BY p.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, work_id);
	return db_rows(db, a, st, read_payment, sizeof **v, v, n, "work payments");
}

enum yl_err
store_work_payment_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct work_payment *out)
{
	return db_row_by_id(db, a, "SELECT " PAYMENT_COLS "FROM work_payments p WHERE p.community_id = $1 AND p.id = $2",
	                    cid, id, read_payment, out, sizeof *out, "work payment get");
}

enum yl_err
store_work_payment_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM work_payments WHERE id = $1", id, cid, NULL, NULL);
}

enum yl_err
store_work_payment_add(struct db *db, int64_t cid, const struct work_payment *p, int64_t *id)
{
	/* ON CONFLICT rather than a failing insert: on PostgreSQL a failed statement would spoil the
	 * whole transaction, and "corrected already" is an answer, not an error */
	struct stmt *st = db_prep(db, "INSERT INTO work_payments (community_id, work_id, paid_on, amount, kind, reference, "
	                              "note, corrects_id, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	                              "$9, $10) ON CONFLICT DO NOTHING RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, p->work_id);
	db_bind_i64(st, 3, p->paid_on);
	db_bind_i64(st, 4, p->amount);
	db_bind_text(st, 5, work_pay_kind_names[p->kind]);
	db_bind_text(st, 6, p->reference);
	db_bind_text(st, 7, p->note ? p->note : "");
	db_bind_opt_i64(st, 8, p->corrects_id);
	db_bind_i64(st, 9, p->recorded_by);
	db_bind_i64(st, 10, p->created_at);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	enum yl_err e = db_one(db, st, rc, "work payment add");
	return e == ERR_NOTFOUND ? ERR_CONFLICT : e;
}
