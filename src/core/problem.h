/* problem.h: the problem list's workflow rules (issue 6) — states, who may move a problem from
 * which state to which, the inputs each move needs, SLA due dates, overdue, and the rating
 * window. Pure: no SQL, no HTTP, no allocation; the store records what problem_check accepts.
 *
 * The workflow (every legal move; anything else is refused):
 *
 *   from       action   to         who (role: condition)                       needs
 *   reported   verify   verified   head, staff                                  -
 *   reported   merge    merged     head, staff                                  other problem
 *   verified   merge    merged     head, staff                                  other problem
 *   reported   reject   rejected   staff                                        reason
 *   verified   reject   rejected   staff                                        reason
 *   verified   accept   accepted   staff                                        -
 *   accepted   refer    referred   staff                                        department, due
 *   referred   refer    referred   staff (to another department / new due)      department, due
 *   answered   refer    referred   staff (the answer did not settle it)         department, due
 *   referred   answer   answered   department: the one referred to;             reply text
 *                                  staff: on behalf (a reply by phone/letter)
 *   answered   resolve  resolved   staff; department: the one referred to       -
 *   resolved   rate     rated      resident/owner: the reporter;                rating 1..5,
 *                                  head/staff: on the reporter's behalf        within 14 days
 *   resolved   reopen   reopened   as for rate                                  reason, within 14 days
 *   rated      reopen   reopened   as for rate                                  reason, within 14 days
 *   reopened   refer    referred   staff                                        department, due
 *   reopened   reject   rejected   staff (it is not this problem after all)     reason
 *
 * merged and rejected are final; rated is final but for reopen within the window; a resolved
 * problem nobody rates within 14 days simply stays resolved. The role here is the one the
 * actor acts in; whether that grant reaches the problem's community and building is
 * perm_allows's question at the route, not this file's.
 */
#ifndef YL_PROBLEM_H
#define YL_PROBLEM_H

#include <stdbool.h>
#include <stdint.h>

#include "perm.h"
#include "result.h"

/* Stored by name (problem_state_name), never by number: the order may grow. */
enum problem_state {
	PROBLEM_REPORTED,
	PROBLEM_VERIFIED,
	PROBLEM_MERGED,
	PROBLEM_ACCEPTED,
	PROBLEM_REJECTED,
	PROBLEM_REFERRED,
	PROBLEM_ANSWERED,
	PROBLEM_RESOLVED,
	PROBLEM_RATED,
	PROBLEM_REOPENED,
	PROBLEM__COUNT
};

enum problem_action {
	PACT_VERIFY,
	PACT_MERGE,
	PACT_ACCEPT,
	PACT_REJECT,
	PACT_REFER,
	PACT_ANSWER,
	PACT_RESOLVE,
	PACT_RATE,
	PACT_REOPEN,
	PACT__COUNT
};

/* Why problem_check refused a move. PRB_OK is YL_OK (0); problem_refusal_err gives the
 * project result code (and so the HTTP status), problem_refusal_name the stable snake_case
 * code for the API's "error.code" and the message catalogue's key. */
enum problem_refusal {
	PRB_OK = YL_OK,
	PRB_ILLEGAL_STATE,       /* this action is not a move from the problem's state (409) */
	PRB_NOT_YOUR_ROLE,       /* the actor's role never takes this action (403) */
	PRB_NOT_REPORTER,        /* resident/owner, but not the one who reported it (403) */
	PRB_ON_BEHALF_ONLY,      /* head/staff may do this only entering someone's paper answer (403) */
	PRB_NOT_ASSIGNED,        /* a department it was not referred to (403) */
	PRB_REASON_REQUIRED,     /* reject, reopen and answer need text that is not only spaces (422) */
	PRB_DEPARTMENT_REQUIRED, /* refer needs a department (422) */
	PRB_DUE_NOT_AFTER_NOW,   /* refer needs a due instant after now (422) */
	PRB_RATING_RANGE,        /* rating outside 1..5 (422) */
	PRB_TARGET_REQUIRED,     /* merge needs the other problem (422) */
	PRB_MERGE_SELF,          /* a problem cannot be its own duplicate (422) */
	PRB_TARGET_MERGED,       /* the other problem is itself merged: merge into what it joined (409) */
	PRB_WINDOW_CLOSED,       /* rate/reopen more than 14 days after it was resolved (409) */
	PRB__COUNT
};

/* The rating (and reopening) window: 14 days of 86 400 s after resolved_at, both ends included. */
#define PROBLEM_RATING_WINDOW (14 * 86400)
/* Category SLA days accepted by problem_due. */
#define PROBLEM_SLA_MIN 1
#define PROBLEM_SLA_MAX 365

/* Who is acting. is_reporter: this account filed the problem. on_behalf: a head or staff
 * member entering what someone else said on paper or by phone (the record keeps the channel).
 * department_id: the department a ROLE_DEPARTMENT account belongs to, else 0. */
struct problem_actor {
	enum role role;
	bool is_reporter;
	bool on_behalf;
	int64_t department_id;
};

/* A proposed move and the facts it is judged on. Strings are borrowed, may be NULL. Fields an
 * action does not use are ignored. */
struct problem_move {
	enum problem_state state;   /* the problem's state now */
	enum problem_action action;
	struct problem_actor actor;
	int64_t now;                /* UTC seconds */

	int64_t id;                 /* the problem itself (merge: not itself) */
	int64_t department_id;      /* where it is referred now (answer, resolve), else 0 */
	int64_t resolved_at;        /* when it was last resolved (rate, reopen) */

	const char *reason;         /* reject, reopen: why; answer: the department's reply */
	int64_t refer_department;   /* refer: to whom */
	int64_t due_at;             /* refer: from problem_due, or a date staff chose */
	int rating;                 /* rate: 1..5 */
	int64_t merge_into;         /* merge: the other problem's id */
	enum problem_state merge_into_state;
};

/* Judges a move against the one table in problem.c. Checks, in order: the role takes this
 * action at all; the action is a move from this state; the role's condition (reporter,
 * on behalf, assigned department); the required inputs; the 14-day window. Returns the first
 * refusal, or PRB_OK and the state the problem moves to in *to (to may be NULL). Never
 * allocates; out-of-range enums are refused (state/action: ILLEGAL_STATE, role: NOT_YOUR_ROLE). */
enum problem_refusal problem_check(const struct problem_move *m, enum problem_state *to);

/* The instant a problem referred at referred_at (UTC s) with an SLA of sla_days becomes
 * overdue. Days are CALENDAR days in Asia/Shanghai (+08:00, no DST), weekends and holidays
 * included, and the day of referral does not count: referred Monday 15:00 with 3 days is due
 * by the end of Thursday, so *due_at is Friday 00:00 +08:00. Show the due date as
 * date_local(*due_at - 1). ERR_INVALID for sla_days outside PROBLEM_SLA_MIN..MAX or
 * referred_at outside 0 .. year 9999 (*due_at untouched). */
enum yl_err problem_due(int64_t referred_at, int sla_days, int64_t *due_at);

/* Overdue: referred (the first time or again after a reopen), not yet answered, and now at or
 * past due_at. A reopened problem not yet referred again has no running deadline. */
bool problem_overdue(enum problem_state s, int64_t due_at, int64_t now);

/* Whether the reporter may still rate or reopen: now - resolved_at <= 14 days exactly. */
bool problem_rating_open(int64_t resolved_at, int64_t now);

/* Open311 "status": "open" while someone still has to act, "closed" for merged, rejected,
 * resolved and rated. "?" for an out-of-range state. */
const char *problem_open311_status(enum problem_state s);

/* Stable machine names ("reported", "verify", "illegal_from_state"); "?" when out of range.
 * The *_from_name functions return -1 for an unknown name. */
const char *problem_state_name(enum problem_state s);
int problem_state_from_name(const char *s);
const char *problem_action_name(enum problem_action a);
int problem_action_from_name(const char *s);
const char *problem_refusal_name(enum problem_refusal r);
/* The project result for a refusal: YL_OK, ERR_CONFLICT, ERR_FORBIDDEN or ERR_INVALID. */
enum yl_err problem_refusal_err(enum problem_refusal r);

#endif
