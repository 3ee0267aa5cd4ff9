/* stationed.h: units stationed in the area (驻区单位, issue 9) — an org account (or staff for it)
 * registers a unit with its contact person and its offers (资源清单), staff confirm or decline
 * it, match an offer to a problem in the problem list or an item of the renovation plan, and
 * record what was delivered. The units and their offers are public to the community; the
 * contact's phone only to staff and the unit itself. Pages and JSON API; SQL in
 * store/stationed.c. */
#ifndef YL_FEATURES_STATIONED_H
#define YL_FEATURES_STATIONED_H

struct req;
struct target;

/* Route scopes: a unit's {id}, an offer's {id} → the community (404 when none). */
int stationed_scope(struct req *rq, struct target *t);
int offer_scope(struct req *rq, struct target *t);

/* GET /api/v1/communities/{cid}/stationed-units; POST {"name","contact_name","contact_phone",
 * "offers":[{"title","body"}]} (an org account for itself, or staff). 201 {"id"}. */
int stationed_list_api(struct req *rq);
int stationed_create_api(struct req *rq);
/* GET /api/v1/stationed-units/{id}; POST …/confirm, …/decline (staff); POST …/offers
 * {"title","body"} (the unit's account or staff). */
int stationed_api(struct req *rq);
int stationed_confirm_api(struct req *rq);
int stationed_decline_api(struct req *rq);
int stationed_offer_api(struct req *rq);
/* POST /api/v1/offers/{id}/match {"problem_id"} or {"plan_id","key"} (staff), …/deliver
 * {"delivered"} (staff), …/withdraw (the unit's account or staff). 200 {"id","state"}. */
int offer_match_api(struct req *rq);
int offer_deliver_api(struct req *rq);
int offer_withdraw_api(struct req *rq);

/* Pages: GET /stationed, POST /stationed, GET /stationed/{id} and its forms. */
int stationed_page(struct req *rq);
int stationed_create_form(struct req *rq);
int stationed_unit_page(struct req *rq);
int stationed_confirm_form(struct req *rq);
int stationed_decline_form(struct req *rq);
int stationed_offer_form(struct req *rq);
int offer_match_form(struct req *rq);
int offer_deliver_form(struct req *rq);
int offer_withdraw_form(struct req *rq);

#endif
