/* payments.h: fee payments (issue 10) — the committee records a payment for a unit (cash, bank
 * transfer, WeChat or Alipay with its reference), which pays the unit's oldest unpaid bills
 * first and gets a receipt number that never repeats; a mistake is put right by a reversal
 * (冲正) with a reason, never by deleting; the committee and staff see the arrears by unit and
 * their ageing; an owner sees their own units' bills, payments and printable receipts.
 * JSON API here (payments.c), pages in payment_pages.c, SQL in store/payments.c. */
#ifndef YL_FEATURES_PAYMENTS_H
#define YL_FEATURES_PAYMENTS_H

#include <jansson.h>

struct payment_done;
struct req;
struct target;

/* Route scope for a path with a payment's {id}: its community, building and unit (so an owner's
 * PERM_BILL_READ reaches the receipts of their own units only); 404 when there is none. */
int payment_scope(struct req *rq, struct target *t);

/* POST /api/v1/communities/{cid}/payments {"unit":"1栋1单元101" | "unit_id":N, "amount":"135.00",
 * "method":"cash|bank|wechat|alipay", "reference" (required but for cash), "payer", "paid_on":
 * "2026-11-20" (default today, never in the future)} → 201 {"id","receipt_no","allocated":
 * [{"bill_id","months","amount"}],"owed_after"}. 409 overpayment (more than is owed now, the
 * message says how much), 409 period_closed. */
int payment_create_api(struct req *rq);
/* GET /api/v1/communities/{cid}/payments[?unit_id=&limit=&offset=]: latest paid first. */
int payments_api(struct req *rq);
/* GET /api/v1/payments/{id}: the receipt's content, with its allocations. */
int payment_api(struct req *rq);
/* POST /api/v1/payments/{id}/reverse {"reason"} → 201 {"id","receipt_no","owed_after"}; 409
 * already_reversed, is_reversal, period_closed. */
int payment_reverse_api(struct req *rq);
/* GET /api/v1/communities/{cid}/arrears[?building=&limit=&offset=]: units owing, most first,
 * with their ageing; "totals" over all of them. */
int arrears_api(struct req *rq);
/* GET /api/v1/units/{id}/bills: {"unit","unit_id","owed","bills":[…],"payments":[…]}. */
int unit_bills_api(struct req *rq);

/* Pages (payment_pages.c): the owner's /bills, the committee's /finance/payments desk (GET and
 * the record form POST), /finance/arrears, and the printable /receipts/{id} with its reverse
 * form (POST /receipts/{id}/reverse). */
int bills_page(struct req *rq);
int payment_desk_page(struct req *rq);
int payment_desk_form(struct req *rq);
int arrears_page(struct req *rq);
int receipt_page(struct req *rq);
int receipt_reverse_form(struct req *rq);

/* Shared by the API and the pages: validate the input (the JSON body j, or the form when j is
 * NULL) and write in one transaction with the audit row. 0, or -1 with the error set on rq (422
 * naming the field, 409 with the reason). */
int payment_record(struct req *rq, json_t *j, struct payment_done *out);
int payment_reverse(struct req *rq, json_t *j, struct payment_done *out);
/* "2026-11" or "2026-10 至 2026-12" into the arena. */
const char *payment_months(struct req *rq, int first, int last);

#endif
