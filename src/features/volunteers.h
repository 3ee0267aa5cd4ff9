/* volunteers.h: volunteers reporting in (报到, issue 9) — registration, staff's decision, duty roles,
 * public cards (亮身份、亮分工、亮承诺), the home page's volunteers of one's building, the yearly hours
 * target of Party members, and who may record a supervisor's inspection. Pages and JSON API. */
#ifndef YL_FEATURES_VOLUNTEERS_H
#define YL_FEATURES_VOLUNTEERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;
struct html;
struct target;

/* Scope of /volunteers/{id}… routes: the volunteer's community (404 when there is none). */
int volunteer_scope(struct req *rq, struct target *t);

/* Pages */
int volunteers_page(struct req *rq);        /* GET /volunteers: cards; staff: ?state=applied */
int volunteer_page(struct req *rq);         /* GET /volunteers/{id}: one card */
int volunteer_join_page(struct req *rq);    /* GET /volunteers/join */
int volunteer_join_form(struct req *rq);    /* POST /volunteers/join (multipart, photo) */
int volunteer_confirm_form(struct req *rq); /* POST /volunteers/{id}/confirm */
int volunteer_decline_form(struct req *rq); /* POST /volunteers/{id}/decline */
int volunteer_update_form(struct req *rq);  /* POST /volunteers/{id}: duties, buildings, left */
int volunteer_photo(struct req *rq);        /* GET /volunteers/photos/{id} */
int volunteer_target_page(struct req *rq);  /* GET /volunteers/target */
int volunteer_target_form(struct req *rq);  /* POST /volunteers/target */

/* API */
int volunteers_api(struct req *rq);            /* GET /api/v1/communities/{cid}/volunteers */
int volunteer_create_api(struct req *rq);      /* POST /api/v1/communities/{cid}/volunteers */
int volunteer_api(struct req *rq);             /* GET /api/v1/volunteers/{id} */
int volunteer_confirm_api(struct req *rq);     /* POST /api/v1/volunteers/{id}/confirm */
int volunteer_decline_api(struct req *rq);     /* POST /api/v1/volunteers/{id}/decline */
int volunteer_update_api(struct req *rq);      /* PATCH /api/v1/volunteers/{id} */
int volunteer_roles_api(struct req *rq);       /* GET /api/v1/communities/{cid}/volunteer-roles */
int volunteer_role_create_api(struct req *rq); /* POST the same */
int volunteer_role_update_api(struct req *rq); /* PATCH …/volunteer-roles/{code} */
int volunteer_role_delete_api(struct req *rq); /* DELETE …/volunteer-roles/{code} */
int volunteer_target_api(struct req *rq);      /* GET /api/v1/communities/{cid}/volunteer-target */
int volunteer_target_set_api(struct req *rq);  /* POST the same {"hours":N} */

/* The home page's "我楼栋的志愿者": confirmed volunteers covering the buildings (of this community)
 * of the units the person owns or lives in; writes nothing when there are none. */
void volunteer_home_cards(struct req *rq, struct html *h, const int64_t *buildings, size_t nbuildings);

/* Inspections (works.c): staff, or a confirmed volunteer holding the supervisor duty. */
bool volunteer_may_inspect(struct req *rq);
/* Staff of the request's community, or a confirmed volunteer holding the duty role code
 * ("supervisor", "publicist" …): who may do a duty's work (inspect, deliver notices). */
bool volunteer_has_duty(struct req *rq, const char *code);
/* 0 when volunteer_may_inspect, else -1 with a 403 that says what is missing. */
int volunteer_inspect_check(struct req *rq);

#endif
