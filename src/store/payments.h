/* payments.h: SQL for fee payments (issue 10) — recording one with its receipt number, its
 * allocation to the unit's oldest unpaid bills and its journal entry; reversing one (冲正) by a
 * counter-payment; a unit's bills with what is paid on each; the community's arrears by unit.
 * A bill's unpaid rest is total − paid, paid being Σ of its allocations, which the payment that
 * writes them adds to the bill (schema/020_bill_paid.sql); it adds them as well to the fee
 * collections by the bill's first month and the payment's month (schema/022), from which the
 * collection rate is read. Writes run in the caller's
 * transaction (store_begin_community: the community lock also serialises the receipt counter);
 * strings live in the caller's arena; ERR_NOTFOUND when an id is absent or in another community. */
#ifndef YL_STORE_PAYMENTS_H
#define YL_STORE_PAYMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/billing.h"
#include "../core/ledger.h"
#include "../core/result.h"
#include "fees.h"

struct arena;
struct db;

/* "2026-000123": a community's receipts of one year, numbered from 1. */
#define RECEIPT_NO_MAX 24

struct allocation {
	int64_t bill_id;
	int first_month, last_month; /* the bill's months */
	int64_t amount;              /* fen; negative in a reversal */
};

struct payment {
	int64_t id, unit_id, building_id;
	const char *unit;            /* "1栋1单元101" */
	const char *receipt_no;
	int64_t amount;              /* fen; negative for a reversal */
	enum pay_method method;
	const char *reference, *payer;
	int64_t paid_at;
	int64_t reverses_id;         /* a reversal: the payment it reverses; 0 otherwise */
	const char *reverses_no;     /* its receipt number, "" */
	int64_t reversed_by;         /* a reversed payment: its reversal; 0 otherwise */
	const char *reversed_no;
	const char *reason;          /* a reversal's */
	int64_t recorded_by;
	const char *recorder;        /* the committee member's display name */
	int64_t recorded_at;
};

struct payment_new {
	int64_t unit_id;
	int64_t amount;              /* fen, > 0 */
	enum pay_method method;
	const char *reference, *payer;
	int64_t paid_at;
	int64_t by, now;
};

/* Why a write was refused with ERR_CONFLICT. */
enum pay_refusal {
	PAYR_NONE,
	PAYR_OVERPAYMENT,     /* more than the unit owes now (owed_before says how much) */
	PAYR_CLOSED,          /* the entry's month is closed by a published disclosure (month) */
	PAYR_REVERSED,        /* the payment was reversed already */
	PAYR_IS_REVERSAL,     /* a reversal is not reversed again */
};

struct payment_done {
	int64_t id;
	char receipt_no[RECEIPT_NO_MAX];
	int64_t owed_before, owed_after;
	struct allocation *alloc;
	size_t nalloc;
	enum pay_refusal refusal;
	int month;                   /* the journal month (closed, for PAYR_CLOSED) */
};

/* Records a payment for a unit: refuses (ERR_CONFLICT, out->refusal) an amount above what the
 * unit owes now and a paid_at in a closed month; else allocates it to the unpaid bills oldest
 * first (first_month, id), takes the next receipt number of paid_at's year, and posts Dr cash or
 * bank / Cr receivable in month_of(paid_at). */
enum yl_err store_payment_record(struct db *db, struct arena *a, int64_t cid, const struct payment_new *p,
                                 struct payment_done *out);

/* Reverses payment id by a new payment of −amount with its own number, reason, the negatives of
 * its allocations, and Dr receivable / Cr the same money account in month_of(now). The original
 * row is never touched. ERR_CONFLICT: PAYR_REVERSED, PAYR_IS_REVERSAL, PAYR_CLOSED. */
enum yl_err store_payment_reverse(struct db *db, struct arena *a, int64_t cid, int64_t id, const char *reason,
                                  int64_t by, int64_t now, struct payment_done *out);

enum yl_err store_payment_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct payment *out);
enum yl_err store_payment_allocations(struct db *db, struct arena *a, int64_t cid, int64_t id, struct allocation **v,
                                      size_t *n);
/* A payment's community, building and unit (route scope); ERR_NOTFOUND. */
enum yl_err store_payment_place(struct db *db, int64_t id, int64_t *cid, int64_t *building_id, int64_t *unit_id);
/* Payments of one unit (unit_id > 0) newest first, or all of the community by the date paid, the
 * latest first; *total counts them all (total NULL: not counted, for a page that does not say how
 * many there are — the community's count reads every payment). */
enum yl_err store_payments(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, int64_t limit, int64_t offset,
                           struct payment **v, size_t *n, int64_t *total);

/* Every bill of the community, (id, unit, months) with amount its total, by first_month and id
 * (the demo pays some of them). */
enum yl_err store_community_bills(struct db *db, struct arena *a, int64_t cid, struct allocation **v, int64_t **units,
                                  size_t *n);
/* What the unit owes now: Σ over its bills of the unpaid rest. */
enum yl_err store_unit_owed(struct db *db, int64_t cid, int64_t unit_id, int64_t *owed);

struct arrear {
	int64_t unit_id, building_id;
	const char *unit, *owner_ref, *owner_name;
	int64_t owed;
	int64_t age[AGE__COUNT];     /* the unpaid rests by ageing_of(first_month, as_of) */
};

/* Every unit of the community (of one building when building_id > 0) that owes more than zero,
 * most owed first (then by unit id), aged as of month as_of; totals: Σ owed and Σ per bucket.
 * One grouped query over bills and their allocations. */
enum yl_err store_arrears(struct db *db, struct arena *a, int64_t cid, int64_t building_id, int as_of,
                          struct arrear **v, size_t *n, struct arrear *totals);
/* Fills in unit, owner_ref and owner_name of v[0..n) (the page being shown), in one query. */
enum yl_err store_arrears_label(struct db *db, struct arena *a, int64_t cid, struct arrear *v, size_t n);

#endif
