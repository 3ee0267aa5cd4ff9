/* decisions.h: owners' decisions (业主共同决定) — decisions.c holds the rules' web side (creating,
 * the life cycle, ballots, the count) and the JSON API; decision_pages.c the pages. The law is
 * core/vote.c, the SQL store/decisions.c. */
#ifndef YL_DECISIONS_PAGES_H
#define YL_DECISIONS_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/vote.h"
#include "../store/decisions.h"
#include "../web/i18n.h"

struct req;
struct target;
typedef struct json_t json_t;

/* The longest body (Markdown) a decision takes, in characters: a full agenda with its reasons. */
#define DECISION_BODY_MAX 20000

/* Reads a scope — JSON {"scope": {"type", "building", "stairwell"}} (absent: the community), or
 * the form's scope, building and stairwell fields — and finds the building and stairwell in
 * the request's community (ids 0 where the scope names none). A stairwell may be written "2" or
 * "2单元". Returns 0, or -1 with a 422 naming the field (bad_scope says what scopes there are). */
int decision_scope_input(struct req *rq, json_t *j, enum msg bad_scope, enum decision_scope *scope, int64_t *building_id,
                         int64_t *stairwell_id);

/* Route scope: the {id} decision's community and building (404 when none). */
int decision_scope(struct req *rq, struct target *t);

const char *decision_state_text(struct req *rq, enum decision_state s);
const char *decision_matter_text(struct req *rq, enum matter m);
const char *decision_choice_text(struct req *rq, enum ballot_choice c);
const char *decision_channel_text(struct req *rq, enum ballot_channel c);
/* "全小区", "3栋", "3栋2单元" */
const char *decision_scope_text(struct req *rq, const struct decision *d);
/* The rule the tier applies, in words, and the quorum rule. */
const char *decision_rule_text(struct req *rq, enum tier t);
/* "27000.00" in the arena */
const char *decision_area(struct req *rq, int64_t hundredths);
/* When a published decision may open: published_at + the community's notice days. */
int64_t decision_opens_from(struct req *rq, const struct decision *d);

/* Loads the {id} decision for a reader: a draft is staff's work in progress, so it is 404 to
 * anyone who may not manage decisions. 0, or -1 with the error set. */
int decision_load(struct req *rq, struct decision *d);

/* Creates a draft from a JSON object (API) or the form (j NULL). 0 and *id, or -1 with the
 * error set (422 naming the field). */
int decision_create(struct req *rq, json_t *j, int64_t *id);
/* Moves the decision to `to` (publish, open, close, announce) in one transaction with its audit
 * row. 0, or -1 with the error set: 409 with the reason, 422 when nothing is in scope. */
int decision_step(struct req *rq, int64_t id, enum decision_state to);
/* Casts or enters a ballot from a JSON object or the form (j NULL), in one transaction with its
 * audit row. 0 with *ballot_id, or -1 with the error set (422 field, 409 state or already
 * voted, 403 not in scope or not the actor's to enter). */
int decision_ballot(struct req *rq, int64_t id, json_t *j, int64_t *ballot_id);
/* The voter the actor casts for online on d (the first of the account's owners on the roll);
 * false when none. */
bool decision_own_voter(struct req *rq, const struct decision *d, int64_t *voter);
/* The tally to show: the kept count after the close, else the live one. */
enum yl_err decision_count(struct req *rq, const struct decision *d, int64_t option_id, struct tally *t);

/* API */
int decision_create_api(struct req *rq);
int decisions_api(struct req *rq);
int decision_api(struct req *rq);
int decision_publish_api(struct req *rq);
int decision_open_api(struct req *rq);
int decision_close_api(struct req *rq);
int decision_announce_api(struct req *rq);
int decision_ballot_api(struct req *rq);
int decision_result_api(struct req *rq);
int decision_turnout_api(struct req *rq);

/* Pages (decision_pages.c) */
int decisions_page(struct req *rq);
int decision_new_page(struct req *rq);
int decision_create_form(struct req *rq);
int decision_page(struct req *rq);
int decision_step_form(struct req *rq);
int decision_vote_page(struct req *rq);
int decision_ballot_form(struct req *rq);
int decision_entry_page(struct req *rq);
int decision_turnout_page(struct req *rq);
int decision_result_page(struct req *rq);
int decision_print_page(struct req *rq);

int decision_roll_page(struct req *rq);
int decision_scan_scope(struct req *rq, struct target *t);
int decision_scan(struct req *rq);

#endif
