/* works.h: construction and acceptance of the renovation plan (issue 8) — works built from
 * approved plan items, milestones, progress, supervisors' inspections with photos (a finding to
 * fix becomes a problem in the problem list), residents' ratings, staff's formal acceptance, and
 * the public progress page of a compound. Pages and JSON API; SQL in store/works.c. */
#ifndef YL_FEATURES_WORKS_H
#define YL_FEATURES_WORKS_H

#include "../store/works.h"

struct req;
struct target;

/* "施工中": a work's state in words (the home lists it beside a plan item). */
const char *work_state_text(struct req *rq, enum work_state s);

/* Route scope for a path with a work's {id}: its community (404 when there is none). */
int work_scope(struct req *rq, struct target *t);
/* Route scope for an inspection photo's {id}: its community (401 before 404 for visitors). */
int inspection_photo_scope(struct req *rq, struct target *t);

/* POST /api/v1/plans/{id}/works: a work for an approved item, with its first milestones. */
int works_create_api(struct req *rq);
/* GET /api/v1/plans/{id}/works: the plan's works. */
int works_list_api(struct req *rq);
/* GET /api/v1/works/{id}; PATCH or POST: progress, state, contractor, schedule. */
int work_api(struct req *rq);
int work_update_api(struct req *rq);
/* POST /api/v1/works/{id}/milestones, …/milestones/{mid}/done */
int work_milestone_api(struct req *rq);
int work_milestone_done_api(struct req *rq);
/* POST /api/v1/works/{id}/accept {"note"} */
int work_accept_api(struct req *rq);
/* POST /api/v1/works/{id}/inspections {"inspected_on","severity","findings","problem":{"category"}} */
int work_inspection_api(struct req *rq);
/* POST /api/v1/works/{id}/ratings {"rating","comment"}: residents of the work's location. */
int work_rating_api(struct req *rq);

/* Pages: the work, its forms (each answers with a redirect back, or the page with the error). */
int work_page(struct req *rq);
int works_page(struct req *rq);
int work_update_form(struct req *rq);
int work_milestone_form(struct req *rq);
int work_milestone_done_form(struct req *rq);
int work_accept_form(struct req *rq);
int work_inspection_form(struct req *rq); /* multipart, with photos */
int work_rating_form(struct req *rq);
/* A form's answer on the work page (r: the write's result): a redirect back to /works/{work_id}
 * with ?done=done ("saved", "paid", …: the notice shown), or the page again with the error. */
int work_form_answer(struct req *rq, int r, int64_t work_id, const char *done);
/* GET /works/inspection-photos/{id} */
int inspection_photo(struct req *rq);
/* GET /progress and /progress/{cid}: the compound's plan and works, for anyone, without names. */
int progress_page(struct req *rq);

#endif
