/* test_problem.c: the problem workflow — every state × action × role against the moves of
 * issue 6 written out here by hand, the inputs each move needs, SLA due dates, overdue and
 * the 14-day rating window. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <cmocka.h>

#include "core/problem.h"
#include "core/timefmt.h"

#define DAY 86400
/* 2026-11-27 11:37 +08:00 */
#define NOW INT64_C(1795750620)

/* The legal moves, written independently of problem.c's table: if one of them changes, both
 * must, and this list is the one a reviewer checks against issue 6. */
static const struct {
	enum problem_state from;
	enum problem_action action;
	enum problem_state to;
} legal[] = {
	{PROBLEM_REPORTED, PACT_VERIFY, PROBLEM_VERIFIED},
	{PROBLEM_REPORTED, PACT_MERGE, PROBLEM_MERGED},
	{PROBLEM_VERIFIED, PACT_MERGE, PROBLEM_MERGED},
	{PROBLEM_REPORTED, PACT_REJECT, PROBLEM_REJECTED},
	{PROBLEM_VERIFIED, PACT_REJECT, PROBLEM_REJECTED},
	{PROBLEM_REOPENED, PACT_REJECT, PROBLEM_REJECTED},
	{PROBLEM_VERIFIED, PACT_ACCEPT, PROBLEM_ACCEPTED},
	{PROBLEM_ACCEPTED, PACT_REFER, PROBLEM_REFERRED},
	{PROBLEM_REFERRED, PACT_REFER, PROBLEM_REFERRED},
	{PROBLEM_ANSWERED, PACT_REFER, PROBLEM_REFERRED},
	{PROBLEM_REOPENED, PACT_REFER, PROBLEM_REFERRED},
	{PROBLEM_REFERRED, PACT_ANSWER, PROBLEM_ANSWERED},
	{PROBLEM_ANSWERED, PACT_RESOLVE, PROBLEM_RESOLVED},
	{PROBLEM_RESOLVED, PACT_RATE, PROBLEM_RATED},
	{PROBLEM_RESOLVED, PACT_REOPEN, PROBLEM_REOPENED},
	{PROBLEM_RATED, PACT_REOPEN, PROBLEM_REOPENED},
};
#define NLEGAL (sizeof legal / sizeof legal[0])

/* Who takes each action: 'Y' anyone in the role, 'R' only the reporter, 'P' only on someone's
 * behalf, 'D' only the department it is referred to, 0 never. */
static char
who(enum problem_action a, enum role r)
{
	switch (a) {
	case PACT_VERIFY:
	case PACT_MERGE:
		return r == ROLE_HEAD || r == ROLE_STAFF ? 'Y' : 0;
	case PACT_ACCEPT:
	case PACT_REJECT:
	case PACT_REFER:
		return r == ROLE_STAFF ? 'Y' : 0;
	case PACT_ANSWER:
		return r == ROLE_DEPARTMENT ? 'D' : r == ROLE_STAFF ? 'P' : 0;
	case PACT_RESOLVE:
		return r == ROLE_DEPARTMENT ? 'D' : r == ROLE_STAFF ? 'Y' : 0;
	case PACT_RATE:
	case PACT_REOPEN:
		if (r == ROLE_RESIDENT || r == ROLE_OWNER)
			return 'R';
		return r == ROLE_HEAD || r == ROLE_STAFF ? 'P' : 0;
	case PACT__COUNT:
		break;
	}
	return 0;
}

/* A move with every input valid, so only state and role decide. */
static struct problem_move
valid_move(enum problem_state s, enum problem_action a, enum role r)
{
	struct problem_move m = {
		.state = s,
		.action = a,
		.actor = {.role = r, .department_id = 7},
		.now = NOW,
		.id = 42,
		.department_id = 7,
		.resolved_at = NOW - 3 * DAY,
		.reason = "雨水篦子还是堵的",
		.refer_department = 7,
		.due_at = NOW + 5 * DAY,
		.rating = 4,
		.merge_into = 41,
		.merge_into_state = PROBLEM_VERIFIED,
	};
	return m;
}

static void
every_state_action_and_role_gets_the_answer_issue_6_gives(void **state)
{
	(void)state;
	size_t moves_seen = 0;
	for (int s = 0; s < PROBLEM__COUNT; s++)
		for (int a = 0; a < PACT__COUNT; a++)
			for (int r = 0; r < ROLE__COUNT; r++)
				for (int flags = 0; flags < 8; flags++) {
					struct problem_move m = valid_move((enum problem_state)s, (enum problem_action)a,
					                                   (enum role)r);
					m.actor.is_reporter = flags & 1;
					m.actor.on_behalf = flags & 2;
					m.actor.department_id = flags & 4 ? 7 : 8;

					enum problem_refusal want;
					enum problem_state want_to = PROBLEM__COUNT;
					char w = who((enum problem_action)a, (enum role)r);
					size_t i = 0;
					while (i < NLEGAL && !((int)legal[i].from == s && (int)legal[i].action == a))
						i++;
					if (w == 0)
						want = PRB_NOT_YOUR_ROLE;
					else if (i == NLEGAL)
						want = PRB_ILLEGAL_STATE;
					else if (w == 'R' && !m.actor.is_reporter)
						want = PRB_NOT_REPORTER;
					else if (w == 'P' && !m.actor.on_behalf)
						want = PRB_ON_BEHALF_ONLY;
					else if (w == 'D' && !(flags & 4))
						want = PRB_NOT_ASSIGNED;
					else
						want = PRB_OK;
					if (want == PRB_OK)
						want_to = legal[i].to;

					enum problem_state to = PROBLEM__COUNT;
					enum problem_refusal got = problem_check(&m, &to);
					if (got != want || to != want_to)
						fail_msg("%s %s by %s (reporter %d, on behalf %d, assigned %d): got %s → %s, want %s → %s",
						         problem_state_name((enum problem_state)s),
						         problem_action_name((enum problem_action)a), role_name((enum role)r),
						         flags & 1, (flags & 2) >> 1, (flags & 4) >> 2, problem_refusal_name(got),
						         problem_state_name(to), problem_refusal_name(want), problem_state_name(want_to));
					moves_seen += got == PRB_OK;
				}
	/* 16 moves, each taken by some role and flag combinations: none of the list is dead */
	assert_true(moves_seen > 0);
	for (size_t i = 0; i < NLEGAL; i++) {
		bool someone = false;
		for (int r = 0; r < ROLE__COUNT && !someone; r++) {
			struct problem_move m = valid_move(legal[i].from, legal[i].action, (enum role)r);
			m.actor.is_reporter = m.actor.on_behalf = true;
			someone = problem_check(&m, NULL) == PRB_OK;
		}
		if (!someone)
			fail_msg("nobody may %s a %s problem", problem_action_name(legal[i].action),
			         problem_state_name(legal[i].from));
	}
}

static void
a_resident_asking_for_a_staff_step_hears_about_the_role_not_the_state(void **state)
{
	(void)state;
	struct problem_move m = valid_move(PROBLEM_REPORTED, PACT_REFER, ROLE_OWNER);
	assert_int_equal(problem_check(&m, NULL), PRB_NOT_YOUR_ROLE);
	m.actor.role = ROLE_STAFF;
	assert_int_equal(problem_check(&m, NULL), PRB_ILLEGAL_STATE);
}

static void
merged_and_rejected_are_final(void **state)
{
	(void)state;
	static const enum problem_state finals[] = {PROBLEM_MERGED, PROBLEM_REJECTED};
	for (size_t i = 0; i < 2; i++)
		for (int a = 0; a < PACT__COUNT; a++) {
			struct problem_move m = valid_move(finals[i], (enum problem_action)a, ROLE_STAFF);
			m.actor.on_behalf = true;
			assert_int_equal(problem_check(&m, NULL), PRB_ILLEGAL_STATE);
		}
}

static void
out_of_range_state_action_or_role_is_refused(void **state)
{
	(void)state;
	struct problem_move m = valid_move(PROBLEM__COUNT, PACT_VERIFY, ROLE_STAFF);
	assert_int_equal(problem_check(&m, NULL), PRB_ILLEGAL_STATE);
	m = valid_move(PROBLEM_REPORTED, PACT__COUNT, ROLE_STAFF);
	assert_int_equal(problem_check(&m, NULL), PRB_ILLEGAL_STATE);
	m = valid_move(PROBLEM_REPORTED, PACT_VERIFY, ROLE__COUNT);
	assert_int_equal(problem_check(&m, NULL), PRB_NOT_YOUR_ROLE);
}

static void
reject_reopen_and_answer_need_a_reason_that_is_more_than_spaces(void **state)
{
	(void)state;
	static const char *const empty[] = {NULL, "", " ", " \t\r\n", "\xE3\x80\x80", " \xE3\x80\x80 \xE3\x80\x80"};
	struct problem_move moves[] = {
		valid_move(PROBLEM_REPORTED, PACT_REJECT, ROLE_STAFF),
		valid_move(PROBLEM_VERIFIED, PACT_REJECT, ROLE_STAFF),
		valid_move(PROBLEM_REOPENED, PACT_REJECT, ROLE_STAFF),
		valid_move(PROBLEM_RESOLVED, PACT_REOPEN, ROLE_OWNER),
		valid_move(PROBLEM_RATED, PACT_REOPEN, ROLE_RESIDENT),
		valid_move(PROBLEM_REFERRED, PACT_ANSWER, ROLE_DEPARTMENT),
	};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		moves[i].actor.is_reporter = true;
		for (size_t j = 0; j < sizeof empty / sizeof empty[0]; j++) {
			moves[i].reason = empty[j];
			assert_int_equal(problem_check(&moves[i], NULL), PRB_REASON_REQUIRED);
		}
		moves[i].reason = "\xE3\x80\x80x";
		assert_int_equal(problem_check(&moves[i], NULL), PRB_OK);
		moves[i].reason = "不属于本小区";
		assert_int_equal(problem_check(&moves[i], NULL), PRB_OK);
	}
}

static void
verify_accept_and_resolve_need_no_reason(void **state)
{
	(void)state;
	struct problem_move m = valid_move(PROBLEM_REPORTED, PACT_VERIFY, ROLE_HEAD);
	m.reason = NULL;
	assert_int_equal(problem_check(&m, NULL), PRB_OK);
	m = valid_move(PROBLEM_VERIFIED, PACT_ACCEPT, ROLE_STAFF);
	m.reason = NULL;
	assert_int_equal(problem_check(&m, NULL), PRB_OK);
	m = valid_move(PROBLEM_ANSWERED, PACT_RESOLVE, ROLE_DEPARTMENT);
	m.reason = "";
	assert_int_equal(problem_check(&m, NULL), PRB_OK);
}

static void
refer_needs_a_department_and_a_due_instant_after_now(void **state)
{
	(void)state;
	static const enum problem_state froms[] = {PROBLEM_ACCEPTED, PROBLEM_REFERRED, PROBLEM_ANSWERED,
	                                           PROBLEM_REOPENED};
	for (size_t i = 0; i < 4; i++) {
		struct problem_move m = valid_move(froms[i], PACT_REFER, ROLE_STAFF);
		m.refer_department = 0;
		assert_int_equal(problem_check(&m, NULL), PRB_DEPARTMENT_REQUIRED);
		m.refer_department = -3;
		assert_int_equal(problem_check(&m, NULL), PRB_DEPARTMENT_REQUIRED);
		m.refer_department = 9;
		m.due_at = 0;
		assert_int_equal(problem_check(&m, NULL), PRB_DUE_NOT_AFTER_NOW);
		m.due_at = NOW;
		assert_int_equal(problem_check(&m, NULL), PRB_DUE_NOT_AFTER_NOW);
		m.due_at = NOW + 1;
		assert_int_equal(problem_check(&m, NULL), PRB_OK);
	}
}

static void
a_rating_is_1_to_5(void **state)
{
	(void)state;
	struct problem_move m = valid_move(PROBLEM_RESOLVED, PACT_RATE, ROLE_OWNER);
	m.actor.is_reporter = true;
	static const int bad[] = {0, 6, -1, 10, INT_MIN, INT_MAX};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		m.rating = bad[i];
		assert_int_equal(problem_check(&m, NULL), PRB_RATING_RANGE);
	}
	for (int r = 1; r <= 5; r++) {
		m.rating = r;
		enum problem_state to = PROBLEM__COUNT;
		assert_int_equal(problem_check(&m, &to), PRB_OK);
		assert_int_equal(to, PROBLEM_RATED);
	}
	/* a comment is optional */
	m.reason = NULL;
	assert_int_equal(problem_check(&m, NULL), PRB_OK);
}

static void
merge_needs_another_problem_that_is_not_merged_itself(void **state)
{
	(void)state;
	static const enum problem_state froms[] = {PROBLEM_REPORTED, PROBLEM_VERIFIED};
	for (size_t i = 0; i < 2; i++) {
		struct problem_move m = valid_move(froms[i], PACT_MERGE, i == 0 ? ROLE_HEAD : ROLE_STAFF);
		m.merge_into = 0;
		assert_int_equal(problem_check(&m, NULL), PRB_TARGET_REQUIRED);
		m.merge_into = -1;
		assert_int_equal(problem_check(&m, NULL), PRB_TARGET_REQUIRED);
		m.merge_into = m.id;
		assert_int_equal(problem_check(&m, NULL), PRB_MERGE_SELF);
		m.merge_into = 41;
		m.merge_into_state = PROBLEM_MERGED;
		assert_int_equal(problem_check(&m, NULL), PRB_TARGET_MERGED);
		/* any live or closed problem that is not a duplicate itself will do */
		for (int s = 0; s < PROBLEM__COUNT; s++) {
			if (s == PROBLEM_MERGED)
				continue;
			m.merge_into_state = (enum problem_state)s;
			enum problem_state to = PROBLEM__COUNT;
			assert_int_equal(problem_check(&m, &to), PRB_OK);
			assert_int_equal(to, PROBLEM_MERGED);
		}
	}
}

static void
the_role_condition_is_checked_before_the_inputs(void **state)
{
	(void)state;
	/* a stranger's bad rating is refused as a stranger's, not as a bad rating */
	struct problem_move m = valid_move(PROBLEM_RESOLVED, PACT_RATE, ROLE_RESIDENT);
	m.rating = 9;
	assert_int_equal(problem_check(&m, NULL), PRB_NOT_REPORTER);
	m.actor.is_reporter = true;
	assert_int_equal(problem_check(&m, NULL), PRB_RATING_RANGE);
}

static void
a_department_with_no_id_never_matches_a_problem_referred_nowhere(void **state)
{
	(void)state;
	struct problem_move m = valid_move(PROBLEM_REFERRED, PACT_ANSWER, ROLE_DEPARTMENT);
	m.actor.department_id = 0;
	m.department_id = 0;
	assert_int_equal(problem_check(&m, NULL), PRB_NOT_ASSIGNED);
}

static void
rating_and_reopening_close_one_second_after_14_days(void **state)
{
	(void)state;
	const int64_t resolved = NOW - 20 * DAY;
	struct problem_move moves[] = {
		valid_move(PROBLEM_RESOLVED, PACT_RATE, ROLE_OWNER),
		valid_move(PROBLEM_RESOLVED, PACT_REOPEN, ROLE_OWNER),
		valid_move(PROBLEM_RATED, PACT_REOPEN, ROLE_OWNER),
		valid_move(PROBLEM_RESOLVED, PACT_RATE, ROLE_HEAD), /* entered from a paper slip */
	};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		struct problem_move m = moves[i];
		m.actor.is_reporter = m.actor.role == ROLE_OWNER;
		m.actor.on_behalf = m.actor.role == ROLE_HEAD;
		m.resolved_at = resolved;
		m.now = resolved;
		assert_int_equal(problem_check(&m, NULL), PRB_OK);
		m.now = resolved + 14 * DAY;
		assert_int_equal(problem_check(&m, NULL), PRB_OK);
		m.now = resolved + 14 * DAY + 1;
		assert_int_equal(problem_check(&m, NULL), PRB_WINDOW_CLOSED);
		m.now = resolved + 30 * DAY;
		assert_int_equal(problem_check(&m, NULL), PRB_WINDOW_CLOSED);
	}
	assert_true(problem_rating_open(resolved, resolved + 14 * DAY));
	assert_false(problem_rating_open(resolved, resolved + 14 * DAY + 1));
	/* unknown resolution time: closed, never open forever */
	assert_false(problem_rating_open(0, NOW));
}

static void
an_unrated_problem_stays_resolved_after_the_window(void **state)
{
	(void)state;
	/* nothing moves it on its own: the only moves from resolved are the reporter's */
	for (int a = 0; a < PACT__COUNT; a++) {
		struct problem_move m = valid_move(PROBLEM_RESOLVED, (enum problem_action)a, ROLE_STAFF);
		m.resolved_at = NOW - 15 * DAY;
		m.actor.on_behalf = true;
		enum problem_refusal want = a == PACT_RATE || a == PACT_REOPEN ? PRB_WINDOW_CLOSED : PRB_ILLEGAL_STATE;
		assert_int_equal(problem_check(&m, NULL), want);
	}
	assert_string_equal(problem_open311_status(PROBLEM_RESOLVED), "closed");
}

static void
expect_due(int64_t referred, int sla, int64_t want, const char *shown)
{
	int64_t due = -1;
	assert_int_equal(problem_due(referred, sla, &due), YL_OK);
	assert_int_equal(due, want);
	char day[11];
	date_local(due - 1, day);
	assert_string_equal(day, shown);
}

static void
due_dates_count_calendar_days_after_the_day_of_referral(void **state)
{
	(void)state;
	/* 2026-01-31 10:00 +08:00, 1 day: due 02-01, late from 2026-02-02 00:00 +08:00 */
	expect_due(1769824800, 1, 1769961600, "2026-02-01");
	/* 2026-02-27 09:30, 2 days over a 28-day February: due 03-01 */
	expect_due(1772155800, 2, 1772380800, "2026-03-01");
	/* 2028-02-28 12:00, 1 day in a leap year: due 02-29, late from 2028-03-01 00:00 */
	expect_due(1835323200, 1, 1835452800, "2028-02-29");
	/* 2026-12-31 18:00, 1 day: due 2027-01-01 */
	expect_due(1798711200, 1, 1798819200, "2027-01-01");
	/* 2026-11-27 11:37, 30 days: due 12-27; 35 days: due 2027-01-01 */
	expect_due(NOW, 30, 1798387200, "2026-12-27");
	expect_due(NOW, 35, 1798819200, "2027-01-01");
	/* 2027-03-01 10:00, 365 days over a leap day: due 2028-02-29 */
	expect_due(1803866400, 365, 1835452800, "2028-02-29");
}

static void
the_day_of_referral_is_the_shanghai_day_not_the_utc_day(void **state)
{
	(void)state;
	/* 2026-03-01 23:59:59 +08:00 (15:59:59Z) and one second later (16:00:00Z, still March 1 in
	 * UTC) fall on different Shanghai days, so their due dates differ by a day */
	expect_due(1772380799, 1, 1772467200, "2026-03-02");
	expect_due(1772380800, 1, 1772553600, "2026-03-03");
	/* UTC midnight is 08:00 in Shanghai, the same day as 23:59:59 */
	expect_due(1772323200, 1, 1772467200, "2026-03-02");
	/* exactly Shanghai midnight starts the new day */
	expect_due(1772380800 - DAY, 1, 1772467200, "2026-03-02");
}

static void
an_sla_outside_1_to_365_days_or_an_absurd_instant_is_invalid(void **state)
{
	(void)state;
	int64_t due = 123;
	assert_int_equal(problem_due(NOW, 0, &due), ERR_INVALID);
	assert_int_equal(problem_due(NOW, -1, &due), ERR_INVALID);
	assert_int_equal(problem_due(NOW, 366, &due), ERR_INVALID);
	assert_int_equal(problem_due(NOW, INT_MAX, &due), ERR_INVALID);
	assert_int_equal(problem_due(-1, 3, &due), ERR_INVALID);
	assert_int_equal(problem_due(INT64_MAX, 3, &due), ERR_INVALID);
	assert_int_equal(due, 123);
	assert_int_equal(problem_due(0, 1, &due), YL_OK);
	/* 1970-01-01 08:00 +08:00 → due 01-02, late from 1970-01-03 00:00 +08:00 */
	assert_int_equal(due, 2 * DAY - 8 * 3600);
}

static void
overdue_is_referred_and_at_or_past_due(void **state)
{
	(void)state;
	int64_t due = 0;
	assert_int_equal(problem_due(NOW, 3, &due), YL_OK);
	assert_false(problem_overdue(PROBLEM_REFERRED, due, NOW));
	assert_false(problem_overdue(PROBLEM_REFERRED, due, due - 1));
	assert_true(problem_overdue(PROBLEM_REFERRED, due, due));
	assert_true(problem_overdue(PROBLEM_REFERRED, due, due + 100 * DAY));
	/* answered in time or late, the department has acted: not overdue any more */
	for (int s = 0; s < PROBLEM__COUNT; s++)
		if (s != PROBLEM_REFERRED)
			assert_false(problem_overdue((enum problem_state)s, due, due + DAY));
	/* no due date recorded: never overdue */
	assert_false(problem_overdue(PROBLEM_REFERRED, 0, NOW));
}

static void
a_reopened_problem_runs_late_again_only_once_referred_again(void **state)
{
	(void)state;
	int64_t first_due = 0, second_due = 0;
	assert_int_equal(problem_due(NOW, 3, &first_due), YL_OK);
	int64_t reopened_at = first_due + 10 * DAY;
	assert_false(problem_overdue(PROBLEM_REOPENED, first_due, reopened_at));
	assert_int_equal(problem_due(reopened_at, 5, &second_due), YL_OK);
	struct problem_move m = valid_move(PROBLEM_REOPENED, PACT_REFER, ROLE_STAFF);
	m.now = reopened_at;
	m.due_at = second_due;
	enum problem_state to = PROBLEM__COUNT;
	assert_int_equal(problem_check(&m, &to), PRB_OK);
	assert_int_equal(to, PROBLEM_REFERRED);
	assert_false(problem_overdue(to, second_due, second_due - 1));
	assert_true(problem_overdue(to, second_due, second_due));
}

static void
open311_status_is_open_while_someone_must_act(void **state)
{
	(void)state;
	static const char *const want[PROBLEM__COUNT] = {
		[PROBLEM_REPORTED] = "open",   [PROBLEM_VERIFIED] = "open",   [PROBLEM_MERGED] = "closed",
		[PROBLEM_ACCEPTED] = "open",   [PROBLEM_REJECTED] = "closed", [PROBLEM_REFERRED] = "open",
		[PROBLEM_ANSWERED] = "open",   [PROBLEM_RESOLVED] = "closed", [PROBLEM_RATED] = "closed",
		[PROBLEM_REOPENED] = "open",
	};
	for (int s = 0; s < PROBLEM__COUNT; s++)
		assert_string_equal(problem_open311_status((enum problem_state)s), want[s]);
	assert_string_equal(problem_open311_status(PROBLEM__COUNT), "?");
}

static void
state_and_action_names_are_stable_and_round_trip(void **state)
{
	(void)state;
	static const char *const states[PROBLEM__COUNT] = {
		"reported", "verified", "merged", "accepted", "rejected",
		"referred", "answered", "resolved", "rated", "reopened",
	};
	static const char *const actions[PACT__COUNT] = {
		"verify", "merge", "accept", "reject", "refer", "answer", "resolve", "rate", "reopen",
	};
	for (int s = 0; s < PROBLEM__COUNT; s++) {
		assert_string_equal(problem_state_name((enum problem_state)s), states[s]);
		assert_int_equal(problem_state_from_name(states[s]), s);
	}
	for (int a = 0; a < PACT__COUNT; a++) {
		assert_string_equal(problem_action_name((enum problem_action)a), actions[a]);
		assert_int_equal(problem_action_from_name(actions[a]), a);
	}
	assert_int_equal(problem_state_from_name("closed"), -1);
	assert_int_equal(problem_state_from_name("Reported"), -1);
	assert_int_equal(problem_state_from_name(NULL), -1);
	assert_int_equal(problem_action_from_name(""), -1);
	assert_string_equal(problem_state_name(PROBLEM__COUNT), "?");
	assert_string_equal(problem_action_name(PACT__COUNT), "?");
}

static void
every_refusal_has_a_name_and_a_result_code(void **state)
{
	(void)state;
	static const struct {
		enum problem_refusal r;
		const char *name;
		enum yl_err err;
	} want[] = {
		{PRB_OK, "ok", YL_OK},
		{PRB_ILLEGAL_STATE, "illegal_from_state", ERR_CONFLICT},
		{PRB_NOT_YOUR_ROLE, "not_your_role", ERR_FORBIDDEN},
		{PRB_NOT_REPORTER, "not_the_reporter", ERR_FORBIDDEN},
		{PRB_ON_BEHALF_ONLY, "on_behalf_only", ERR_FORBIDDEN},
		{PRB_NOT_ASSIGNED, "not_assigned_department", ERR_FORBIDDEN},
		{PRB_REASON_REQUIRED, "reason_required", ERR_INVALID},
		{PRB_DEPARTMENT_REQUIRED, "department_required", ERR_INVALID},
		{PRB_DUE_NOT_AFTER_NOW, "due_not_after_now", ERR_INVALID},
		{PRB_RATING_RANGE, "rating_out_of_range", ERR_INVALID},
		{PRB_TARGET_REQUIRED, "merge_target_required", ERR_INVALID},
		{PRB_MERGE_SELF, "merge_into_itself", ERR_INVALID},
		{PRB_TARGET_MERGED, "merge_target_merged", ERR_CONFLICT},
		{PRB_WINDOW_CLOSED, "window_closed", ERR_CONFLICT},
	};
	assert_int_equal(sizeof want / sizeof want[0], PRB__COUNT);
	for (size_t i = 0; i < PRB__COUNT; i++) {
		assert_string_equal(problem_refusal_name(want[i].r), want[i].name);
		assert_int_equal(problem_refusal_err(want[i].r), want[i].err);
	}
	assert_string_equal(problem_refusal_name(PRB__COUNT), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_state_action_and_role_gets_the_answer_issue_6_gives),
		cmocka_unit_test(a_resident_asking_for_a_staff_step_hears_about_the_role_not_the_state),
		cmocka_unit_test(merged_and_rejected_are_final),
		cmocka_unit_test(out_of_range_state_action_or_role_is_refused),
		cmocka_unit_test(reject_reopen_and_answer_need_a_reason_that_is_more_than_spaces),
		cmocka_unit_test(verify_accept_and_resolve_need_no_reason),
		cmocka_unit_test(refer_needs_a_department_and_a_due_instant_after_now),
		cmocka_unit_test(a_rating_is_1_to_5),
		cmocka_unit_test(merge_needs_another_problem_that_is_not_merged_itself),
		cmocka_unit_test(the_role_condition_is_checked_before_the_inputs),
		cmocka_unit_test(a_department_with_no_id_never_matches_a_problem_referred_nowhere),
		cmocka_unit_test(rating_and_reopening_close_one_second_after_14_days),
		cmocka_unit_test(an_unrated_problem_stays_resolved_after_the_window),
		cmocka_unit_test(due_dates_count_calendar_days_after_the_day_of_referral),
		cmocka_unit_test(the_day_of_referral_is_the_shanghai_day_not_the_utc_day),
		cmocka_unit_test(an_sla_outside_1_to_365_days_or_an_absurd_instant_is_invalid),
		cmocka_unit_test(overdue_is_referred_and_at_or_past_due),
		cmocka_unit_test(a_reopened_problem_runs_late_again_only_once_referred_again),
		cmocka_unit_test(open311_status_is_open_while_someone_must_act),
		cmocka_unit_test(state_and_action_names_are_stable_and_round_trip),
		cmocka_unit_test(every_refusal_has_a_name_and_a_result_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
