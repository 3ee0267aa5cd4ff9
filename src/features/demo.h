/* demo.h: the demo compound 中南家园 (DOMAIN §6), deterministic, for `yuanli demo` and make run. */
#ifndef YL_DEMO_H
#define YL_DEMO_H

#include <stdint.h>

#include "../core/result.h"

struct db;

/* Fills an empty database in one transaction. The demo logins (admin, staff, head, owner,
 * committee, volunteer, parks, district, org) get the password `password`. */
enum yl_err demo_create(struct db *db, const char *password);

/* issue 10: books — the compound's expenses, other income, opening balance and the three past
 * months disclosed (demo_books.c); called last, after the bills and payments. */
struct arena;
enum yl_err demo_books(struct db *db, struct arena *a, int64_t cid, int64_t committee_id, int64_t committee2_id);
/* issue 10: fees — the fee schedule under decision 1, exemptions, and billing runs for the
 * three months before this one and this month (demo_fees.c); inside demo_create's transaction. */
enum yl_err demo_fees(struct db *db, struct arena *a, int64_t cid, int64_t committee_id);
/* issue 10: payments — pays most of the bills there are (none: nothing), one reversal; see
 * demo_payments.c. Runs inside demo_create's transaction. */
enum yl_err demo_payments(struct db *db, struct arena *a, int64_t cid, int64_t committee_id);

/* issue 11: a11y — the notice board: a current 停水通知 for the whole compound, one for 1栋 only,
 * an ended one and a draft (demo_notices.c); inside demo_create's transaction. */
enum yl_err demo_notices(struct db *db, int64_t cid, int64_t staff_id);

/* issue 11: spending against budget — payments on the first phase's roof work (advance, progress,
 * a final payment corrected and entered again) and lights work (advance, progress), each within
 * its item's budget (roof_budget, lights_budget, fen); a work id 0 is skipped
 * (demo_work_payments.c). Inside demo_create's transaction. */
enum yl_err demo_work_payments(struct db *db, int64_t cid, int64_t staff_id, int64_t roof, int64_t roof_budget,
                               int64_t lights, int64_t lights_budget);

#endif
