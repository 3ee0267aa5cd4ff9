/* problem_common.h: what the problem list's pages, API and Open311 share — the words for states,
 * steps and channels, where a problem is, and problem_take: one workflow step judged by
 * core/problem.c and recorded with its event and audit row. */
#ifndef YL_PROBLEM_COMMON_H
#define YL_PROBLEM_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/problem.h"
#include "../core/result.h"
#include "../store/problems.h"

struct req;

const char *problem_state_text(struct req *rq, enum problem_state s);
const char *problem_action_text(struct req *rq, enum problem_action a);
const char *problem_channel_text(struct req *rq, enum problem_channel c);
const char *problem_refusal_text(struct req *rq, enum problem_refusal r);
/* "3栋2单元", "3栋 · 北门", "北门"; "" when nothing is known. In the request's arena. */
const char *problem_where(struct req *rq, const struct problem *p);
/* The category's name in the request's language. */
const char *problem_category_text(struct req *rq, const char *name, const char *name_en);

/* The inputs a step may carry; what an action does not use is ignored. */
struct problem_input {
	enum problem_channel channel; /* paper/proxy: a head or staff entering someone's answer */
	const char *note;             /* reason, reply, or rating comment */
	int64_t department_id;        /* refer; 0 with the category's department */
	int64_t due_at;               /* refer; 0: from the category's SLA days */
	int rating;                   /* rate */
	int64_t merge_into;           /* merge */
};

/* Takes one step on problem id for the signed-in actor, inside the caller's open transaction
 * (store_begin_community): reads the problem, picks the actor's role in this community that
 * may take the step, asks problem_check, records the move, its event and an audit row. On a
 * refusal or error sets the request's error (409/403/422 with the refusal's words and field)
 * and returns it; *to (may be NULL) gets the new state. *event_id (may be NULL) the event. */
enum yl_err problem_take(struct req *rq, int64_t id, enum problem_action act, const struct problem_input *in,
                         enum problem_state *to, int64_t *event_id);

/* Whether the actor could take act on p now (for offering the step's form). */
bool problem_offered(struct req *rq, const struct problem *p, enum problem_action act);

/* The department a department account speaks for here, 0 when none. */
int64_t problem_actor_department(struct req *rq);

/* Photos posted with a report or an answer: fields named "photo", at most four, checked and
 * written before the transaction by upload_images (uploads.h). */
#define PROBLEM_MAX_PHOTOS 4
struct image_upload;
/* Inside the caller's transaction: the photos' rows, naming files already on disk, so a
 * committed row never names a file that is not. */
enum yl_err problem_photos_save(struct req *rq, int64_t problem_id, int64_t event_id, const struct image_upload *up);

/* A department account (no other role here) sees only the problems referred to it; *department_id
 * is its department (0: none assigned yet). */
bool problem_department_only(struct req *rq, int64_t *department_id);
/* Whether this person may see p at all (false: answer 404, as if it did not exist). */
bool problem_visible(struct req *rq, const struct problem *p);

/* Route scope: the {id} problem's community and building (404 when none). */
int problem_scope(struct req *rq, struct target *t);

#endif
