/* plans.h: the renovation plan (issue 8) — plans, versions, items with their funding, decision
 * links and adoption, the version diff and each owner's cost share. plans.c holds the actions
 * (each one transaction with its audit row, shared by pages and API) and the JSON API;
 * plan_pages.c the pages. Rules: core/plan.c, core/plan_diff.c, core/share.c; SQL:
 * store/plans.c. The consultation (opinions and answers) is plan_opinions.c, the works after
 * approval works.c. Every int-returning function here answers 0, or -1 with the error set. */
#ifndef YL_FEATURES_PLANS_H
#define YL_FEATURES_PLANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../core/plan.h"
#include "../core/plan_diff.h"
#include "../core/share.h"
#include "../store/plans.h"

struct req;
struct target;

/* Route scope for a path with the plan's {id}: its community (404 when there is none). */
int plan_scope(struct req *rq, struct target *t);
/* Reads the route's plan ({id}) of the request's community into p (404 when absent). */
int plan_load(struct req *rq, struct plan *p);
/* The version a reader asked for ("3"; NULL or "": the newest published, or for staff the draft
 * while nothing is published). A draft is only staff's to read: 404 for others. */
int plan_version_pick(struct req *rq, const struct plan *p, const char *number, struct plan_version *v);

/* Words, in the arena: the class, the status, a funding source, "3栋2单元 · 北侧道路" (amounts:
 * req_amount). */
const char *plan_class_text(struct req *rq, enum item_class c);
const char *plan_status_text(struct req *rq, enum item_status s);
const char *plan_fund_text(struct req *rq, enum fund_source f);
const char *plan_place_text(struct req *rq, const struct plan_item_row *r);

/* An item from JSON (j) or the form (j NULL): title, description, class, mandatory,
 * owners_decide, scope, place, cost, funding (JSON {"government": "…"}; form fund_government …),
 * share_rule. Refuses a funding split that does not sum to the cost, naming the difference. */
int plan_item_input(struct req *rq, json_t *j, struct plan_item_row *r);

/* The actions. j is the JSON body, or NULL to read the form. */
int plan_create(struct req *rq, json_t *j, int64_t *id);
int plan_item_save(struct req *rq, const struct plan *p, json_t *j, int64_t key, int64_t *out_key); /* key 0: new */
int plan_item_remove(struct req *rq, const struct plan *p, int64_t key);
int plan_publish(struct req *rq, const struct plan *p, json_t *j, int64_t *number);
int plan_new_draft(struct req *rq, const struct plan *p, int64_t *number);
int plan_consult_close(struct req *rq, const struct plan *p, json_t *j);
int plan_adopt(struct req *rq, const struct plan *p, json_t *j);
int plan_link_decision(struct req *rq, const struct plan *p, json_t *j, int64_t key);

/* Every payer's share of total in a scope (building_id, stairwell_id 0: not limited). The
 * arrays are malloc'd: plan_shares_free. ERR_NOTFOUND when no unit is in scope, ERR_INVALID
 * when nobody would pay (the elevator rule on ground floors only). */
struct plan_shares {
	struct plan_unit *units;
	size_t nunits;
	struct share *payers;
	size_t npayers;
};
enum yl_err plan_shares_compute(struct req *rq, int64_t total, enum share_rule rule, int64_t building_id,
                                int64_t stairwell_id, struct plan_shares *ps);
void plan_shares_free(struct plan_shares *ps);
const char *plan_shares_ref(const struct plan_shares *ps, int64_t owner_id); /* the owner's community key */

/* The signed-in account's own share of each item's residents' part (out[i] for items[i]);
 * *total their sum. Returns how many owners the account speaks for (0: not an owner here). */
struct my_share {
	bool in_scope;
	int64_t amount, area;
};
int plan_my_shares(struct req *rq, const struct item_state *items, size_t n, struct my_share *out, int64_t *total);

/* Two versions compared (?from=&to=; default: the newest published against the one before). */
struct plan_diff_view {
	struct plan_version from, to;
	struct plan_change *changes;
	size_t n;
	int64_t cost_from, cost_to, cost_delta;
};
int plan_diff_read(struct req *rq, const struct plan *p, struct plan_diff_view *d);

/* JSON API */
int plans_api(struct req *rq);
int plan_create_api(struct req *rq);
int plan_api(struct req *rq);
int plan_item_create_api(struct req *rq);
int plan_item_update_api(struct req *rq);
int plan_item_delete_api(struct req *rq);
int plan_publish_api(struct req *rq);
int plan_draft_api(struct req *rq);
int plan_consult_close_api(struct req *rq);
int plan_adopt_api(struct req *rq);
int plan_link_api(struct req *rq);
int plan_diff_api(struct req *rq);
int plan_my_share_api(struct req *rq);
/* POST /api/v1/communities/{cid}/cost-shares: each owner's share of a total in a scope. */
int cost_shares_api(struct req *rq);

/* Pages (plan_pages.c) */
int plans_page(struct req *rq);
int plan_create_form(struct req *rq);
int plan_page(struct req *rq);
int plan_diff_page(struct req *rq);
int plan_draft_page(struct req *rq);
int plan_item_form(struct req *rq);
int plan_item_delete_form(struct req *rq);
int plan_step_form(struct req *rq);

#endif
