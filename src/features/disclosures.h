/* disclosures.h: the committee's financial disclosure (财务公开, issue 10, DOMAIN.md §5) of a month
 * or, where the community chose it, a quarter — opening and closing balance, income and expenses
 * by category, fees billed, collected and owed, the collection rate, expenses above the threshold
 * one by one with their vouchers; never a payer's or owner's name. Computed from the journal and
 * the tables every time (store/disclosures.c). Publishing closes the period's months: no entry may
 * be dated in them afterwards (store_ledger_post), so what was published stays what it said.
 * Pages in disclosure_pages.c. */
#ifndef YL_FEATURES_DISCLOSURES_H
#define YL_FEATURES_DISCLOSURES_H

#include <stdbool.h>

#include <jansson.h>

#include "../store/disclosures.h"

struct req;

/* GET /api/v1/communities/{cid}/disclosures: the published ones ({"items","total"}), public. */
int disclosures_api(struct req *rq);
/* GET /api/v1/communities/{cid}/disclosures/{period}: the figures; anyone for a published
 * period, the committee and staff for a draft ("state":"draft"), 404 for anyone else. A period
 * of the other shape than the community's setting (a quarter where it discloses monthly) is 422. */
int disclosure_api(struct req *rq);
/* POST /api/v1/communities/{cid}/disclosures {"period"} publishes: 409 period_not_over, 409
 * already_published, 409 pending_expenses. 201 {"period","audit_head"}. */
int disclosure_publish_api(struct req *rq);

/* GET /disclosures/{cid} (the published list; the committee's publish buttons), POST /disclosures/{cid}
 * (the publish form), GET /disclosures/{cid}/{period} (printable) and …/{period}.xlsx. */
int disclosures_page(struct req *rq);
int disclosure_publish_form(struct req *rq);
int disclosure_page(struct req *rq);

/* Shared by the API and the pages (disclosures.c). */
struct disclosure_view {
	struct period p;
	bool published;
	struct disclosure row;          /* when published */
	struct disclosure_figures f;
};
/* Reads the route's {period} (or text, when not NULL) and the figures, as far as this person may
 * see them: 422 for the wrong shape, 404 for a draft to someone without PERM_FINANCE_READ. */
int disclosure_load(struct req *rq, const char *text, struct disclosure_view *v);
/* Publishes the period named by the JSON body's or form's "period"; *p receives it. */
int disclosure_publish(struct req *rq, json_t *j, struct period *p, const char **head);
/* The XLSX of a loaded disclosure (audited for a draft, as a committee's download). */
int disclosure_xlsx(struct req *rq, const struct disclosure_view *v);
/* "87.3%" */
const char *permille_text(struct req *rq, int64_t permille);

#endif
