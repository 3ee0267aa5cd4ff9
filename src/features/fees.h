/* fees.h: the committee's fees (issue 10) — fees.c holds the actions (a schedule resting on a
 * passed owners' decision, exemptions, billing runs) and the JSON API; fee_pages.c the pages.
 * The rules are core/billing.c and core/period.c, the SQL store/fees.c. */
#ifndef YL_FEES_PAGES_H
#define YL_FEES_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/period.h"
#include "../store/fees.h"

struct req;
struct target;
typedef struct json_t json_t;

/* Route scopes: the {id} row's community (a bill's and an exemption's also its building, a
 * bill's its unit, so an owner's own-unit grant reaches it); 404 when none. */
int fee_schedule_scope(struct req *rq, struct target *t);
int fee_exemption_scope(struct req *rq, struct target *t);
int billing_run_scope(struct req *rq, struct target *t);
int bill_scope(struct req *rq, struct target *t);

/* The actions, shared by the API (j: the JSON body) and the forms (j NULL: the form's fields).
 * Each validates, writes in one transaction with its audit row, and returns 0, or -1 with the
 * error set (422 naming the field, 409 with the reason) and nothing written. */
int fee_schedule_post(struct req *rq, json_t *j, int64_t *id);
int fee_exemption_post(struct req *rq, json_t *j, int64_t *id);
int fee_exemption_end(struct req *rq, json_t *j, int64_t id);
/* A run of the period in j's or the form's "period" (preview: nothing written, the same figures). */
int billing_run_post(struct req *rq, json_t *j, bool preview, struct period *p, struct run_outcome *out);

/* "2026-11", "2026-Q4", "2026" in the arena; "2026-11" for a month. */
const char *fee_period_text(struct req *rq, struct period p);
const char *fee_month_text(struct req *rq, int yyyymm);
/* "from 2026-11" / "2026-11 to 2027-10" for an exemption's months. */
const char *fee_months_text(struct req *rq, int first, int last);

/* JSON API */
int fee_schedules_api(struct req *rq);
int fee_schedule_api(struct req *rq);
int fee_schedule_create_api(struct req *rq);
int fee_exemptions_api(struct req *rq);
int fee_exemption_create_api(struct req *rq);
int fee_exemption_end_api(struct req *rq);
int billing_runs_api(struct req *rq);
int billing_run_api(struct req *rq);
int billing_run_create_api(struct req *rq);
int bill_api(struct req *rq);

/* Pages (fee_pages.c) */
int fees_page(struct req *rq);
int fee_schedule_form(struct req *rq);
int fee_exemption_form(struct req *rq);
int fee_exemption_end_form(struct req *rq);
int runs_page(struct req *rq);
int run_create_form(struct req *rq);
int run_page(struct req *rq);

#endif
