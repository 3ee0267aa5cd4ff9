/* plan_opinions.h: the consultation on a renovation plan (issue 8, DOMAIN.md §3) — residents'
 * opinions on a published version, paper opinions entered by heads and staff, staff's public
 * answers and the per-item summary. plan_opinions.c holds the rules' web side and the JSON API,
 * plan_opinion_pages.c the page; the SQL is store/plan_opinions.c, the plan itself
 * features/plans.c. */
#ifndef YL_FEATURES_PLAN_OPINIONS_H
#define YL_FEATURES_PLAN_OPINIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "../store/plan_opinions.h"

struct req;
struct target;
struct plan;
struct plan_version;
typedef struct json_t json_t;

/* The longest opinion and answer, in characters: a page of handwriting. */
#define OPINION_BODY_MAX 2000
/* A name as written on a paper form, or an expert's or designer's signature. */
#define OPINION_NAME_MAX 50

/* Route scope for /…/opinions/{id}/…: the opinion's community (404 when there is none). */
int opinion_scope(struct req *rq, struct target *t);

const char *opinion_stance_text(struct req *rq, enum opinion_stance s);
const char *opinion_source_text(struct req *rq, enum opinion_source s);
const char *opinion_answer_text(struct req *rq, enum opinion_answer a);
/* The author as this reader may see them: residents' and owners' names masked (PIPL, DOMAIN §8)
 * unless the reader may see personal data in the unit's building or it is their own opinion;
 * staff acting in office by role. In the request's arena. */
const char *opinion_author_text(struct req *rq, const struct opinion *o);
/* "On paper, entered by the neighbourhood head" / "… by community staff", or "Online". */
const char *opinion_channel_text(struct req *rq, const struct opinion *o);
/* Whether the reader may see o's unit (the same rule as the full name). */
bool opinion_personal(struct req *rq, const struct opinion *o);

/* The version of the route's plan p a reader asks for: number, or 0 for the newest published
 * one. A plan with nothing published, or (to staff) a draft, is 409: there is no consultation
 * on it; an unknown number, or a draft to anyone else, 404. 0, or -1 with the error set. */
int opinion_version(struct req *rq, const struct plan *p, int64_t number, struct plan_version *v);

/* Gives or enters an opinion on the route's plan from a JSON object or the form (j NULL), in one
 * transaction with its audit row. 0 with *id, *version and *item (where to show it), or -1 with
 * the error set: 422 naming the field, 409 when the version is not open for opinions, 403 when
 * the actor may not enter for that unit or set that source. */
int opinion_give(struct req *rq, json_t *j, int64_t *id, int64_t *version, int64_t *item);
/* Answers opinion id publicly (or replaces its answer) from a JSON object or the form, in one
 * transaction with its audit row. 0 with *plan_id and *version (where to show it), or -1 with
 * the error set. */
int opinion_answer(struct req *rq, json_t *j, int64_t id, int64_t *plan_id, int64_t *version);

/* API */
int plan_opinion_create_api(struct req *rq);  /* POST /api/v1/plans/{id}/opinions */
int plan_opinions_api(struct req *rq);        /* GET  /api/v1/plans/{id}/opinions?version=N */
int plan_summary_api(struct req *rq);         /* GET  /api/v1/plans/{id}/summary?version=N */
int opinion_answer_api(struct req *rq);       /* POST /api/v1/opinions/{id}/answer */

/* Pages (plan_opinion_pages.c) */
int plan_consultation_page(struct req *rq);   /* GET  /plans/{id}/consultation?version=N */
int plan_opinion_form(struct req *rq);        /* POST /plans/{id}/opinions */
int opinion_answer_form(struct req *rq);      /* POST /plans/opinions/{id}/answer */

#endif
