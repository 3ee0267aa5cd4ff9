/* work_payments.h: SQL for the money paid on the renovation's works (issue 11) — payments and
 * their corrections, only ever inserted. What may be paid is core/work_pay.h's; the budget is the
 * plan item's cost (store/plans.h store_plan_item_state). Writes run in the caller's transaction
 * (store_begin_community first, so what was paid cannot change between the check and the
 * insert). Strings live in the caller's arena. ERR_NOTFOUND when an id is absent or in another
 * community. */
#ifndef YL_STORE_WORK_PAYMENTS_H
#define YL_STORE_WORK_PAYMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"
#include "../core/work_pay.h"

struct arena;
struct db;

struct work_payment {
	int64_t id, work_id;
	int64_t paid_on;                  /* UTC s of the Beijing day's start */
	int64_t amount;                   /* fen; < 0 only for a correction */
	enum work_pay_kind kind;
	const char *reference, *note;     /* a correction's note is its reason */
	int64_t corrects_id;              /* the payment a correction reverses; 0 for a payment */
	int64_t corrected_by;             /* the correction of this payment; 0 when none */
	int64_t recorded_by, created_at;
};

/* A work's payments and corrections, oldest first (by id). */
enum yl_err store_work_payments(struct db *db, struct arena *a, int64_t cid, int64_t work_id,
                                struct work_payment **v, size_t *n);
/* One payment, with corrected_by. */
enum yl_err store_work_payment_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct work_payment *out);
/* The community of a payment, for a route's permission. */
enum yl_err store_work_payment_community(struct db *db, int64_t id, int64_t *cid);

/* Records p (p->id, corrected_by ignored): a payment, or a correction naming p->corrects_id.
 * ERR_CONFLICT when that payment has its correction already (nothing written). */
enum yl_err store_work_payment_add(struct db *db, int64_t cid, const struct work_payment *p, int64_t *id);

#endif
