/* work_payments.h: spending against budget on the renovation's works (issue 11) — staff record
 * each payment to a work's contractor (advance, progress, final, retention) with its invoice or
 * transfer number, never more in all than the plan item's cost and only an advance before the
 * work starts (core/work_pay.h); a payment entered wrongly is corrected (冲正) by a negative row
 * with a reason, once, never deleted. Whoever may read the work reads its payments: amounts and
 * the contractor are public information on a public works project, and no person is named.
 * The JSON API, the work page's 工程款 section with its forms, and the "budget · paid" line of the
 * public progress page; SQL in store/work_payments.c. */
#ifndef YL_FEATURES_WORK_PAYMENTS_H
#define YL_FEATURES_WORK_PAYMENTS_H

#include <stdint.h>

struct html;
struct req;
struct target;
struct work;

/* Route scope for a path with a work payment's {id}: its community (404 when there is none). */
int work_payment_scope(struct req *rq, struct target *t);

/* GET /api/v1/works/{id}/payments → {"items":[{"id","paid_on","amount","kind","reference","note",
 * "corrects_id","corrected_by","created_at"}],"total":N,"budget","paid","remaining"}, oldest
 * first; amounts as exact strings, a correction's negative. */
int work_payments_api(struct req *rq);
/* POST /api/v1/works/{id}/payments {"amount":"12000.00","paid_on":"2026-11-20","kind":"advance|
 * progress|final|retention","reference" (required, ≤ 100),"note"} → 201 {"id","paid","remaining"}.
 * 422 naming the field (amount not more than 0, a bad date or one after today, an unknown kind,
 * no reference); 409 over_budget (the message says the budget, what is paid and what remains),
 * 409 advance_only (the work has not started). */
int work_payment_create_api(struct req *rq);
/* POST /api/v1/work-payments/{id}/correct {"reason" (required),"reference","paid_on" (default
 * today)} → 201 {"id","corrects_id","paid","remaining"}: a correction of exactly the payment's
 * negative amount. 409 already_corrected, 409 is_correction. */
int work_payment_correct_api(struct req *rq);

/* The work page's forms: POST /works/{id}/payments and /works/{id}/payments/{pid}/correct, each
 * answered with a redirect back to the work, or the work page again with the error. */
int work_payment_form(struct req *rq);
int work_payment_correct_form(struct req *rq);

/* The work page's 工程款 section: budget, paid and what remains, the payments with their kind,
 * reference and whether corrected, and for staff (PERM_PLAN_MANAGE) the forms. budget: the item's
 * cost as the plan stands (0 when the item has gone from it). */
void work_payments_section(struct req *rq, struct html *h, const struct work *w, int64_t budget);
/* "预算 120000.00 元 · 已付 48000.00 元（40.0%）": a budget and what was paid of it, in the arena. */
const char *work_paid_text(struct req *rq, int64_t budget, int64_t paid);

#endif
