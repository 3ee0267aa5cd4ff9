/* wishes.h: small wishes (微心愿, issue 9) — a resident posts a small need (or a head or staff
 * enters one on paper for a neighbour), a confirmed volunteer adopts it and says it is fulfilled,
 * and whoever posted it confirms with the minutes it took, which earn points (core/wish.c).
 * Pages and JSON API; SQL in store/wishes.c. The resident's name and unit are masked for
 * volunteers until one adopts the wish (PIPL, DOMAIN §8). */
#ifndef YL_FEATURES_WISHES_H
#define YL_FEATURES_WISHES_H

struct req;
struct target;

/* Route scope for a path with a wish's {id}: its community (404 when there is none). */
int wish_scope(struct req *rq, struct target *t);

/* GET /api/v1/communities/{cid}/wishes[?state=open]: the wishes this person may see. */
int wishes_api(struct req *rq);
/* POST /api/v1/communities/{cid}/wishes {"title","body"} for oneself; heads and staff add
 * {"channel":"paper","for_name","unit":"1栋2单元301"} for a neighbour. 201 {"id"}. */
int wish_create_api(struct req *rq);
/* GET /api/v1/wishes/{id} */
int wish_api(struct req *rq);
/* POST /api/v1/wishes/{id}/adopt, …/fulfil (the adopter), …/confirm {"minutes"} (the poster or
 * staff), …/withdraw (the poster or staff, while open). 200 {"id","state"}. */
int wish_adopt_api(struct req *rq);
int wish_fulfil_api(struct req *rq);
int wish_confirm_api(struct req *rq);
int wish_withdraw_api(struct req *rq);

/* GET /wishes, POST /wishes, GET /wishes/{id} and its step forms. */
int wishes_page(struct req *rq);
int wish_create_form(struct req *rq);
int wish_page(struct req *rq);
int wish_adopt_form(struct req *rq);
int wish_fulfil_form(struct req *rq);
int wish_confirm_form(struct req *rq);
int wish_withdraw_form(struct req *rq);

#endif
