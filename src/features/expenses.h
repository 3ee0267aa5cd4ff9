/* expenses.h: the committee's spending and other money in (issue 10, "books") — expenses with a
 * voucher photo, approved at once up to the community's threshold and otherwise by a second
 * committee member; other income (公共收益: parking, advertising, rent; other); the opening balance
 * handed over at takeover; the finance settings (threshold, disclosure period). Every write is
 * one transaction with its journal entry (store/ledger.h) and its audit row. Pages in
 * expense_pages.c; SQL in store/expenses.c. */
#ifndef YL_FEATURES_EXPENSES_H
#define YL_FEATURES_EXPENSES_H

#include <stdint.h>

#include <jansson.h>

#include "../store/expenses.h"

struct req;
struct target;

/* Route scope for a path with an expense's {id}: its community (404 when there is none). */
int expense_scope(struct req *rq, struct target *t);

/* POST /api/v1/communities/{cid}/expenses, multipart/form-data: amount, category
 * (core/ledger.h expense_category_names), payee, description, method, spent_on (not in the
 * future), voucher (one JPEG or PNG, required). 201 {"id","state":"approved"|"pending"}. */
int expense_create_api(struct req *rq);
/* GET /api/v1/communities/{cid}/expenses[?month=2026-11&state=pending&category=repairs] */
int expenses_api(struct req *rq);
/* GET /api/v1/expenses/{id} */
int expense_api(struct req *rq);
/* POST /api/v1/expenses/{id}/approve {"note"?} and …/reject {"note"} by a committee member other
 * than the recorder (409 same_member); a decided one is 409 already_decided; approving into a
 * closed month is 409 period_closed and it stays pending. 200 {"id","state"}. */
int expense_approve_api(struct req *rq);
int expense_reject_api(struct req *rq);
/* GET /expenses/{id}/voucher: the committee and staff; anyone for an approved expense whose month
 * a published disclosure covers (404 otherwise). */
int expense_voucher(struct req *rq);

/* POST /api/v1/communities/{cid}/incomes {"category","amount","source","method","reference",
 * "received_on"} → 201 {"id"}; GET lists them ({"items","total"}). */
int income_create_api(struct req *rq);
int incomes_api(struct req *rq);
/* POST /api/v1/communities/{cid}/opening-balance {"cash","bank","month"}: once (409 after). */
int opening_balance_api(struct req *rq);
/* GET / PATCH /api/v1/communities/{cid}/finance-settings {"threshold","disclosure_months":1|3} */
int finance_settings_api(struct req *rq);
int finance_settings_patch_api(struct req *rq);

/* Pages: GET /finance/expenses (the list, the record form, pending ones to decide, income and
 * the opening balance), GET /finance/expenses/{id}, and the forms posting to them. */
int expenses_page(struct req *rq);
int expense_page(struct req *rq);
int expense_create_form(struct req *rq);
int expense_approve_form(struct req *rq);
int expense_reject_form(struct req *rq);
int income_create_form(struct req *rq);
int opening_balance_form(struct req *rq);

/* Shared by the API and the pages (expenses.c): each validates (JSON body j, or the form when
 * j is NULL), writes in one transaction and returns 0, or -1 with the error set. */
int expense_record(struct req *rq, int64_t *id, enum expense_state *state);
int expense_decide(struct req *rq, json_t *j, enum expense_state to, int64_t *id);
int income_record(struct req *rq, json_t *j, int64_t *id);
int opening_record(struct req *rq, json_t *j);
/* The words of a state, a category, a method in the caller's language. */
const char *expense_state_text(struct req *rq, enum expense_state s);
const char *expense_category_text(struct req *rq, enum expense_category c);
const char *income_category_text(struct req *rq, enum income_category c);
const char *pay_method_text(struct req *rq, enum pay_method m);

#endif
