/* problem.c: the problem workflow's one table of legal moves, and its clocks (SLA, window). */
#include "problem.h"

#include <string.h>

_Static_assert(PRB_OK == 0 && YL_OK == 0, "PRB_OK must be YL_OK");

static const char *const state_names[PROBLEM__COUNT] = {
	[PROBLEM_REPORTED] = "reported", [PROBLEM_VERIFIED] = "verified", [PROBLEM_MERGED] = "merged",
	[PROBLEM_ACCEPTED] = "accepted", [PROBLEM_REJECTED] = "rejected", [PROBLEM_REFERRED] = "referred",
	[PROBLEM_ANSWERED] = "answered", [PROBLEM_RESOLVED] = "resolved", [PROBLEM_RATED] = "rated",
	[PROBLEM_REOPENED] = "reopened",
};

static const char *const action_names[PACT__COUNT] = {
	[PACT_VERIFY] = "verify", [PACT_MERGE] = "merge",     [PACT_ACCEPT] = "accept",
	[PACT_REJECT] = "reject", [PACT_REFER] = "refer",     [PACT_ANSWER] = "answer",
	[PACT_RESOLVE] = "resolve", [PACT_RATE] = "rate",     [PACT_REOPEN] = "reopen",
};

static const char *const refusal_names[PRB__COUNT] = {
	[PRB_OK] = "ok",
	[PRB_ILLEGAL_STATE] = "illegal_from_state",
	[PRB_NOT_YOUR_ROLE] = "not_your_role",
	[PRB_NOT_REPORTER] = "not_the_reporter",
	[PRB_ON_BEHALF_ONLY] = "on_behalf_only",
	[PRB_NOT_ASSIGNED] = "not_assigned_department",
	[PRB_REASON_REQUIRED] = "reason_required",
	[PRB_DEPARTMENT_REQUIRED] = "department_required",
	[PRB_DUE_NOT_AFTER_NOW] = "due_not_after_now",
	[PRB_RATING_RANGE] = "rating_out_of_range",
	[PRB_TARGET_REQUIRED] = "merge_target_required",
	[PRB_MERGE_SELF] = "merge_into_itself",
	[PRB_TARGET_MERGED] = "merge_target_merged",
	[PRB_WINDOW_CLOSED] = "window_closed",
};

/* What a role needs to take a move: Y anyone holding the role; R the reporter themself;
 * P a head or staff member entering someone else's answer (on_behalf); D the department the
 * problem is referred to. */
enum { NO = 0, Y, R, P, D };

/* Inputs a move needs. */
enum {
	NEED_REASON = 1 << 0,
	NEED_REFERRAL = 1 << 1, /* department and a due instant after now */
	NEED_RATING = 1 << 2,
	NEED_TARGET = 1 << 3,   /* the other problem, not itself, not merged */
	NEED_WINDOW = 1 << 4,   /* within 14 days of resolved_at */
};

struct rule {
	enum problem_state from;
	enum problem_action action;
	enum problem_state to;
	unsigned needs;
	unsigned char who[ROLE__COUNT];
};

#define S(x) PROBLEM_##x
#define A(x) PACT_##x

/* Every legal move; problem.h draws the same table for readers. Columns are roles in enum
 * order: resident owner head volunteer committee staff department org district admin.
 * Volunteers, the committee, stationed units, district staff and the administrator take no
 * step: supervising is reading, and the administrator runs the machine, not the workflow.
 * Heads verify and weed out duplicates on site; triage, rejection and referral are staff's,
 * because the community answers to the reporter for them. Referring again from referred or
 * answered lets staff send it on when the department says "not ours" or the reply settled
 * nothing. Rating and reopening are the reporter's word: a head or staff member may only
 * enter it for them (most reporters are elderly and answer on paper). */
static const struct rule rules[] = {
	/* from         action      to            needs                            res own head vol com staff dept org dist admin */
	{S(REPORTED), A(VERIFY),  S(VERIFIED), 0,                          {0, 0, Y, 0, 0, Y, 0, 0, 0, 0}},
	{S(REPORTED), A(MERGE),   S(MERGED),   NEED_TARGET,                {0, 0, Y, 0, 0, Y, 0, 0, 0, 0}},
	{S(VERIFIED), A(MERGE),   S(MERGED),   NEED_TARGET,                {0, 0, Y, 0, 0, Y, 0, 0, 0, 0}},
	{S(REPORTED), A(REJECT),  S(REJECTED), NEED_REASON,                {0, 0, 0, 0, 0, Y, 0, 0, 0, 0}},
	{S(VERIFIED), A(REJECT),  S(REJECTED), NEED_REASON,                {0, 0, 0, 0, 0, Y, 0, 0, 0, 0}},
	{S(VERIFIED), A(ACCEPT),  S(ACCEPTED), 0,                          {0, 0, 0, 0, 0, Y, 0, 0, 0, 0}},
	{S(ACCEPTED), A(REFER),   S(REFERRED), NEED_REFERRAL,              {0, 0, 0, 0, 0, Y, 0, 0, 0, 0}},
	{S(REFERRED), A(REFER),   S(REFERRED), NEED_REFERRAL,              {0, 0, 0, 0, 0, Y, 0, 0, 0, 0}},
	{S(ANSWERED), A(REFER),   S(REFERRED), NEED_REFERRAL,              {0, 0, 0, 0, 0, Y, 0, 0, 0, 0}},
	{S(REFERRED), A(ANSWER),  S(ANSWERED), NEED_REASON,                {0, 0, 0, 0, 0, P, D, 0, 0, 0}},
	{S(ANSWERED), A(RESOLVE), S(RESOLVED), 0,                          {0, 0, 0, 0, 0, Y, D, 0, 0, 0}},
	{S(RESOLVED), A(RATE),    S(RATED),    NEED_RATING | NEED_WINDOW,  {R, R, P, 0, 0, P, 0, 0, 0, 0}},
	{S(RESOLVED), A(REOPEN),  S(REOPENED), NEED_REASON | NEED_WINDOW,  {R, R, P, 0, 0, P, 0, 0, 0, 0}},
	{S(RATED),    A(REOPEN),  S(REOPENED), NEED_REASON | NEED_WINDOW,  {R, R, P, 0, 0, P, 0, 0, 0, 0}},
	/* A reopened problem goes back to a department (the same or another, with a new due date),
	 * or is rejected when staff find the complaint is about something else. */
	{S(REOPENED), A(REFER),   S(REFERRED), NEED_REFERRAL,              {0, 0, 0, 0, 0, Y, 0, 0, 0, 0}},
	{S(REOPENED), A(REJECT),  S(REJECTED), NEED_REASON,                {0, 0, 0, 0, 0, Y, 0, 0, 0, 0}},
};

#undef S
#undef A

#define NRULES (sizeof rules / sizeof rules[0])

/* Text that is only ASCII white space or U+3000 (the full-width space a Chinese input method
 * types) says nothing, so it is no reason. */
static bool
has_text(const char *s)
{
	if (s == NULL)
		return false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
			p++;
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			p += 3;
		else
			return true;
	}
	return false;
}

static enum problem_refusal
condition(unsigned char who, const struct problem_move *m)
{
	switch (who) {
	case Y:
		return PRB_OK;
	case R:
		return m->actor.is_reporter ? PRB_OK : PRB_NOT_REPORTER;
	case P:
		return m->actor.on_behalf ? PRB_OK : PRB_ON_BEHALF_ONLY;
	case D:
		/* 0 is "referred nowhere": a department without an id must not match it */
		return m->actor.department_id != 0 && m->actor.department_id == m->department_id
		               ? PRB_OK
		               : PRB_NOT_ASSIGNED;
	default:
		return PRB_NOT_YOUR_ROLE;
	}
}

static enum problem_refusal
inputs(unsigned needs, const struct problem_move *m)
{
	if ((needs & NEED_REASON) && !has_text(m->reason))
		return PRB_REASON_REQUIRED;
	if (needs & NEED_REFERRAL) {
		if (m->refer_department <= 0)
			return PRB_DEPARTMENT_REQUIRED;
		if (m->due_at <= m->now)
			return PRB_DUE_NOT_AFTER_NOW;
	}
	if ((needs & NEED_RATING) && (m->rating < 1 || m->rating > 5))
		return PRB_RATING_RANGE;
	if (needs & NEED_TARGET) {
		if (m->merge_into <= 0)
			return PRB_TARGET_REQUIRED;
		if (m->merge_into == m->id)
			return PRB_MERGE_SELF;
		/* Chains of duplicates would hide the live problem behind several hops. */
		if (m->merge_into_state == PROBLEM_MERGED)
			return PRB_TARGET_MERGED;
	}
	if ((needs & NEED_WINDOW) && !problem_rating_open(m->resolved_at, m->now))
		return PRB_WINDOW_CLOSED;
	return PRB_OK;
}

enum problem_refusal
problem_check(const struct problem_move *m, enum problem_state *to)
{
	if ((unsigned)m->action >= PACT__COUNT || (unsigned)m->state >= PROBLEM__COUNT)
		return PRB_ILLEGAL_STATE;
	if ((unsigned)m->actor.role >= ROLE__COUNT)
		return PRB_NOT_YOUR_ROLE;

	/* The role comes first so that "this is staff's step" is the answer a resident gets
	 * whatever the state; only someone who could take the action hears about the state. */
	bool role_takes_action = false;
	const struct rule *rule = NULL;
	for (size_t i = 0; i < NRULES; i++) {
		if (rules[i].action != m->action)
			continue;
		role_takes_action |= rules[i].who[m->actor.role] != NO;
		if (rules[i].from == m->state)
			rule = &rules[i];
	}
	if (!role_takes_action)
		return PRB_NOT_YOUR_ROLE;
	if (rule == NULL)
		return PRB_ILLEGAL_STATE;

	enum problem_refusal r = condition(rule->who[m->actor.role], m);
	if (r == PRB_OK)
		r = inputs(rule->needs, m);
	if (r == PRB_OK && to != NULL)
		*to = rule->to;
	return r;
}

#define DAY 86400
#define SHANGHAI (8 * 3600)
#define YEAR_9999_END INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

enum yl_err
problem_due(int64_t referred_at, int sla_days, int64_t *due_at)
{
	if (sla_days < PROBLEM_SLA_MIN || sla_days > PROBLEM_SLA_MAX)
		return ERR_INVALID;
	if (referred_at < 0 || referred_at > YEAR_9999_END)
		return ERR_INVALID;
	/* Shanghai's calendar day of the referral, counted from 1970-01-01 (+08:00); the
	 * instant is not negative, so C's truncating division is the floor. */
	int64_t day = (referred_at + SHANGHAI) / DAY;
	/* The due day is day + sla_days; it is late from the midnight that ends it. */
	*due_at = (day + sla_days + 1) * DAY - SHANGHAI;
	return YL_OK;
}

bool
problem_overdue(enum problem_state s, int64_t due_at, int64_t now)
{
	return s == PROBLEM_REFERRED && due_at > 0 && now >= due_at;
}

bool
problem_rating_open(int64_t resolved_at, int64_t now)
{
	/* Subtraction of two plausible instants cannot overflow; a missing resolved_at (0) is
	 * decades ago and so closed. A clock a little behind the resolution reads as open. */
	return resolved_at > 0 && now - resolved_at <= PROBLEM_RATING_WINDOW;
}

const char *
problem_open311_status(enum problem_state s)
{
	switch (s) {
	case PROBLEM_MERGED:
	case PROBLEM_REJECTED:
	case PROBLEM_RESOLVED:
	case PROBLEM_RATED:
		return "closed";
	case PROBLEM_REPORTED:
	case PROBLEM_VERIFIED:
	case PROBLEM_ACCEPTED:
	case PROBLEM_REFERRED:
	case PROBLEM_ANSWERED:
	case PROBLEM_REOPENED:
		return "open";
	case PROBLEM__COUNT:
		break;
	}
	return "?";
}

static int
index_of(const char *const *names, int n, const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *
problem_state_name(enum problem_state s)
{
	return (unsigned)s < PROBLEM__COUNT ? state_names[s] : "?";
}

int
problem_state_from_name(const char *s)
{
	return index_of(state_names, PROBLEM__COUNT, s);
}

const char *
problem_action_name(enum problem_action a)
{
	return (unsigned)a < PACT__COUNT ? action_names[a] : "?";
}

int
problem_action_from_name(const char *s)
{
	return index_of(action_names, PACT__COUNT, s);
}

const char *
problem_refusal_name(enum problem_refusal r)
{
	return (unsigned)r < PRB__COUNT ? refusal_names[r] : "?";
}

enum yl_err
problem_refusal_err(enum problem_refusal r)
{
	switch (r) {
	case PRB_OK:
		return YL_OK;
	case PRB_ILLEGAL_STATE:
	case PRB_TARGET_MERGED:
	case PRB_WINDOW_CLOSED:
		return ERR_CONFLICT;
	case PRB_NOT_YOUR_ROLE:
	case PRB_NOT_REPORTER:
	case PRB_ON_BEHALF_ONLY:
	case PRB_NOT_ASSIGNED:
		return ERR_FORBIDDEN;
	case PRB_REASON_REQUIRED:
	case PRB_DEPARTMENT_REQUIRED:
	case PRB_DUE_NOT_AFTER_NOW:
	case PRB_RATING_RANGE:
	case PRB_TARGET_REQUIRED:
	case PRB_MERGE_SELF:
	case PRB__COUNT:
		break;
	}
	return ERR_INVALID;
}
