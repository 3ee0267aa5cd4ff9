/* notices.h: the notice board (公示栏, issue 11) — its JSON API (notices.c), its pages
 * (notice_pages.c), and the hooks other capabilities call to post their notices. */
#ifndef YL_FEATURES_NOTICES_H
#define YL_FEATURES_NOTICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../core/notice.h"
#include "../store/notices.h"

struct req;
struct target;
struct decision;
struct tally;
struct html;

/* Route scopes: the notice's (or the attachment's notice's) community; 404 when none. */
int notice_scope(struct req *rq, struct target *t);
int notice_attachment_scope(struct req *rq, struct target *t);

/* API */
int notices_api(struct req *rq);
int notice_create_api(struct req *rq);
int notice_api(struct req *rq);
int notice_update_api(struct req *rq);
int notice_publish_api(struct req *rq);
int notice_withdraw_api(struct req *rq);
int notice_deliver_api(struct req *rq);
int notice_attach_api(struct req *rq);

/* Pages */
int notices_page(struct req *rq);
int notice_new_page(struct req *rq);
int notice_create_form(struct req *rq);
int notice_edit_page(struct req *rq);
int notice_edit_form(struct req *rq);
int notice_page(struct req *rq);
int notice_print_page(struct req *rq);
int notice_publish_form(struct req *rq);
int notice_withdraw_form(struct req *rq);
int notice_deliver_form(struct req *rq);
int notice_attachment_file(struct req *rq);

/* Hooks, each inside the caller's open transaction (store_notice_post), audited there as
 * "notice.post": a published decision (kind decision: its title and agenda, for its scope, for
 * the community's notice period), its announced result (kind result: the totals, never names,
 * and the way to the result page), a published plan version (kind plan: the changelog and the
 * way to the plan). */
enum yl_err notice_post_decision(struct req *rq, const struct decision *d);
enum yl_err notice_post_result(struct req *rq, const struct decision *d, const struct tally *t, bool passed);
enum yl_err notice_post_plan(struct req *rq, int64_t plan_id, const char *plan_title, int64_t version,
                             const char *changelog);
/* A published disclosure (kind finance, the whole compound, 30 days): the period's totals — what
 * came in, what went out, the closing balance, the collection rate; never a payer — and the way
 * to the full, printable disclosure. ref "disclosure" with the period's first month (202611). */
struct disclosure_figures;
enum yl_err notice_post_disclosure(struct req *rq, const char *period, const struct disclosure_figures *f);

/* Shared by notices.c and notice_pages.c ------------------------------------------------------ */

/* Whether the actor may write, publish or withdraw a notice of kind k here (staff: any kind; the
 * committee: finance). Drafts are seen by the same people. */
bool notice_may_manage(struct req *rq, enum notice_kind k);
/* Whether the actor may manage any kind at all (sees the drafts list, the "new" link). */
bool notice_manager(struct req *rq);
/* The route's {id} as this actor may see it: a draft or one not yet begun only to its managers
 * (404 for the others). */
int notice_load(struct req *rq, struct notice *n);
/* The route's {id} as a draft the actor may change: notice_load, then 409 for a notice published
 * ("never edited") or withdrawn, 403 for a kind not the actor's. */
int notice_load_draft(struct req *rq, struct notice *n);
const char *notice_kind_text(struct req *rq, enum notice_kind k);
const char *notice_state_text(struct req *rq, enum notice_state s);
/* "全小区", or "3栋、5栋2单元". */
const char *notice_audience_text(struct req *rq, const struct notice_place *v, size_t n);
/* The last day of a period that ends (exclusive) at end: "2026-11-27" for the midnight after it. */
const char *notice_last_day(struct req *rq, int64_t end);

/* The steps, from a JSON body (j) or the form (j NULL). 0, or -1 with the error set. */
int notice_create(struct req *rq, json_t *j, int64_t *id);
int notice_update(struct req *rq, json_t *j);
int notice_publish(struct req *rq);
int notice_withdraw(struct req *rq, json_t *j);
int notice_deliver(struct req *rq, json_t *j, int64_t *id);

#endif
