/* finance.h: the owners' committee's books (自治物业, issue 10) — the finance home that leads to
 * fee schedules and billing runs (fees.h), payments and arrears (payments.h), expenses and
 * income (expenses.h) and the monthly disclosure (disclosures.h). */
#ifndef YL_FINANCE_H
#define YL_FINANCE_H

struct req;

/* GET /finance: balances, this month's billing and collection, what waits, the sub-pages. */
int finance_page(struct req *rq);

#endif
