/* problem_common.c: the problem list's shared words and its one way of taking a workflow step
 * (see problem_common.h). */
#include "problem_common.h"
#include "../core/arena.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

static const enum msg state_msgs[PROBLEM__COUNT] = {
	[PROBLEM_REPORTED] = MSG_PB_ST_REPORTED, [PROBLEM_VERIFIED] = MSG_PB_ST_VERIFIED,
	[PROBLEM_MERGED] = MSG_PB_ST_MERGED,     [PROBLEM_ACCEPTED] = MSG_PB_ST_ACCEPTED,
	[PROBLEM_REJECTED] = MSG_PB_ST_REJECTED, [PROBLEM_REFERRED] = MSG_PB_ST_REFERRED,
	[PROBLEM_ANSWERED] = MSG_PB_ST_ANSWERED, [PROBLEM_RESOLVED] = MSG_PB_ST_RESOLVED,
	[PROBLEM_RATED] = MSG_PB_ST_RATED,       [PROBLEM_REOPENED] = MSG_PB_ST_REOPENED,
};
static const enum msg action_msgs[PACT__COUNT] = {
	[PACT_VERIFY] = MSG_PB_ACT_VERIFY, [PACT_MERGE] = MSG_PB_ACT_MERGE,   [PACT_ACCEPT] = MSG_PB_ACT_ACCEPT,
	[PACT_REJECT] = MSG_PB_ACT_REJECT, [PACT_REFER] = MSG_PB_ACT_REFER,   [PACT_ANSWER] = MSG_PB_ACT_ANSWER,
	[PACT_RESOLVE] = MSG_PB_ACT_RESOLVE, [PACT_RATE] = MSG_PB_ACT_RATE,   [PACT_REOPEN] = MSG_PB_ACT_REOPEN,
};
static const enum msg channel_msgs[CHANNEL__COUNT] = {
	[CHANNEL_WEB] = MSG_PB_CH_WEB, [CHANNEL_PAPER] = MSG_PB_CH_PAPER, [CHANNEL_PROXY] = MSG_PB_CH_PROXY,
	[CHANNEL_OPEN311] = MSG_PB_CH_OPEN311};
static const enum msg refusal_msgs[PRB__COUNT] = {
	[PRB_ILLEGAL_STATE] = MSG_PB_REF_ILLEGAL_STATE,
	[PRB_NOT_YOUR_ROLE] = MSG_PB_REF_NOT_YOUR_ROLE,
	[PRB_NOT_REPORTER] = MSG_PB_REF_NOT_REPORTER,
	[PRB_ON_BEHALF_ONLY] = MSG_PB_REF_ON_BEHALF_ONLY,
	[PRB_NOT_ASSIGNED] = MSG_PB_REF_NOT_ASSIGNED,
	[PRB_REASON_REQUIRED] = MSG_PB_REF_REASON_REQUIRED,
	[PRB_DEPARTMENT_REQUIRED] = MSG_PB_REF_DEPARTMENT_REQUIRED,
	[PRB_DUE_NOT_AFTER_NOW] = MSG_PB_REF_DUE_NOT_AFTER_NOW,
	[PRB_RATING_RANGE] = MSG_PB_REF_RATING_RANGE,
	[PRB_TARGET_REQUIRED] = MSG_PB_REF_TARGET_REQUIRED,
	[PRB_MERGE_SELF] = MSG_PB_REF_MERGE_SELF,
	[PRB_TARGET_MERGED] = MSG_PB_REF_TARGET_MERGED,
	[PRB_WINDOW_CLOSED] = MSG_PB_REF_WINDOW_CLOSED,
};
/* The form field each input refusal is about, for the error envelope and the form. */
static const char *const refusal_fields[PRB__COUNT] = {
	[PRB_REASON_REQUIRED] = "note",     [PRB_DEPARTMENT_REQUIRED] = "department",
	[PRB_DUE_NOT_AFTER_NOW] = "due",    [PRB_RATING_RANGE] = "rating",
	[PRB_TARGET_REQUIRED] = "merge_into", [PRB_MERGE_SELF] = "merge_into", [PRB_TARGET_MERGED] = "merge_into",
	[PRB_ON_BEHALF_ONLY] = "channel",
};

const char *
problem_state_text(struct req *rq, enum problem_state s)
{
	return (unsigned)s < PROBLEM__COUNT ? i18n_get(rq->lang, state_msgs[s]) : "?";
}

const char *
problem_action_text(struct req *rq, enum problem_action a)
{
	return (unsigned)a < PACT__COUNT ? i18n_get(rq->lang, action_msgs[a]) : "?";
}

const char *
problem_channel_text(struct req *rq, enum problem_channel c)
{
	return (unsigned)c < CHANNEL__COUNT ? i18n_get(rq->lang, channel_msgs[c]) : "?";
}

const char *
problem_refusal_text(struct req *rq, enum problem_refusal r)
{
	return (unsigned)r < PRB__COUNT && r != PRB_OK ? i18n_get(rq->lang, refusal_msgs[r]) : "";
}

const char *
problem_category_text(struct req *rq, const char *name, const char *name_en)
{
	return rq->lang == LANG_EN && name_en && *name_en ? name_en : name;
}

const char *
problem_where(struct req *rq, const struct problem *p)
{
	const char *bs = arena_printf(rq->a, "%s%s", p->building, p->stairwell);
	if (*bs && *p->place)
		return arena_printf(rq->a, "%s · %s", bs, p->place);
	return *bs ? bs : p->place;
}

int64_t
problem_actor_department(struct req *rq)
{
	int64_t d = 0;
	if (store_department_of(rq->db, rq->community_id, rq->actor.id, &d) != YL_OK)
		return 0;
	return d;
}

bool
problem_department_only(struct req *rq, int64_t *department_id)
{
	for (size_t i = 0; i < rq->actor.ngrants; i++) {
		const struct grant *g = &rq->actor.grants[i];
		if (g->community_id == rq->community_id && g->role != ROLE_DEPARTMENT)
			return false;
	}
	*department_id = problem_actor_department(rq);
	return true;
}

bool
problem_visible(struct req *rq, const struct problem *p)
{
	int64_t dept;
	return !problem_department_only(rq, &dept) || (dept != 0 && p->department_id == dept);
}

int
problem_scope(struct req *rq, struct target *t)
{
	/* nobody signed in may see any problem: say "log in" before saying whether it exists */
	if (rq->actor.id == 0)
		return req_error(rq, ERR_UNAUTH);
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_problem_community(rq->db, id, &t->community_id, &t->building_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* The roles an actor may act in, most specific first: a department account answers as its
 * department, staff triage as staff, a head who is also an owner verifies as the head but rates
 * their own report as its reporter (the table in core/problem.c gives each role its moves). */
static const enum role preference[] = {ROLE_DEPARTMENT, ROLE_STAFF, ROLE_HEAD, ROLE_OWNER, ROLE_RESIDENT};

static bool
holds(const struct req *rq, enum role r)
{
	for (size_t i = 0; i < rq->actor.ngrants; i++)
		if (rq->actor.grants[i].role == r && rq->actor.grants[i].community_id == rq->community_id)
			return true;
	return false;
}

/* Judges the move for each role the actor holds; the first that passes wins. Otherwise the
 * most telling refusal: one about the inputs or the state beats "not your role". */
static enum problem_refusal
judge(struct req *rq, struct problem_move *m, enum problem_state *to)
{
	enum problem_refusal best = PRB_NOT_YOUR_ROLE;
	for (size_t i = 0; i < sizeof preference / sizeof preference[0]; i++) {
		if (!holds(rq, preference[i]))
			continue;
		m->actor.role = preference[i];
		m->actor.department_id = preference[i] == ROLE_DEPARTMENT ? problem_actor_department(rq) : 0;
		enum problem_refusal r = problem_check(m, to);
		if (r == PRB_OK)
			return r;
		if (best == PRB_NOT_YOUR_ROLE || (best == PRB_ILLEGAL_STATE && r != PRB_NOT_YOUR_ROLE))
			best = r;
	}
	return best;
}

static void
move_of(struct req *rq, const struct problem *p, enum problem_action act, const struct problem_input *in,
        struct problem_move *m)
{
	memset(m, 0, sizeof *m);
	m->state = p->state;
	m->action = act;
	m->actor.is_reporter = p->reporter_id != 0 && p->reporter_id == rq->actor.id;
	m->actor.on_behalf = in->channel == CHANNEL_PAPER || in->channel == CHANNEL_PROXY;
	m->now = db_now();
	m->id = p->id;
	m->department_id = p->department_id;
	m->resolved_at = p->resolved_at;
	m->reason = in->note;
	m->refer_department = in->department_id;
	m->due_at = in->due_at;
	m->rating = in->rating;
	m->merge_into = in->merge_into;
}

bool
problem_offered(struct req *rq, const struct problem *p, enum problem_action act)
{
	/* Plausible inputs, so that only the state, the role and the window decide. */
	struct problem_input in = {.note = "-", .department_id = 1, .rating = 3, .merge_into = p->id + 1};
	struct problem_move m;
	move_of(rq, p, act, &in, &m);
	m.due_at = m.now + 86400;
	m.merge_into_state = PROBLEM_REPORTED;
	enum problem_state to;
	enum problem_refusal r = judge(rq, &m, &to);
	if (r == PRB_ON_BEHALF_ONLY) {
		/* a head or staff member may enter the reporter's answer: the form asks the channel */
		m.actor.on_behalf = true;
		r = judge(rq, &m, &to);
	}
	return r == PRB_OK;
}

enum yl_err
problem_take(struct req *rq, int64_t id, enum problem_action act, const struct problem_input *in,
             enum problem_state *to, int64_t *event_id)
{
	struct problem p;
	enum yl_err rc = store_problem_get(rq->db, rq->a, rq->community_id, id, &p);
	if (rc == YL_OK && !problem_visible(rq, &p))
		rc = ERR_NOTFOUND; /* a department is not told what exists beyond its referrals */
	if (rc != YL_OK) {
		req_error(rq, rc);
		return rc;
	}
	struct problem_input eff = *in;
	struct category cat = {0};
	if (act == PACT_REFER) {
		if ((rc = store_category_get(rq->db, rq->a, rq->community_id, p.category_id, &cat)) != YL_OK) {
			req_error(rq, rc);
			return rc;
		}
		if (eff.department_id == 0)
			eff.department_id = cat.department_id;
		if (eff.due_at == 0 && problem_due(db_now(), cat.sla_days, &eff.due_at) != YL_OK) {
			req_error(rq, ERR_INTERNAL);
			return ERR_INTERNAL;
		}
		if (eff.department_id) {
			/* a department of this community, not any id someone typed */
			struct department *ds;
			size_t nd;
			bool found = false;
			if ((rc = store_departments(rq->db, rq->a, rq->community_id, &ds, &nd)) != YL_OK) {
				req_error(rq, rc);
				return rc;
			}
			for (size_t i = 0; i < nd; i++)
				found |= ds[i].id == eff.department_id;
			if (!found)
				eff.department_id = 0;
		}
	}
	struct problem_move m;
	move_of(rq, &p, act, &eff, &m);
	if (act == PACT_MERGE && eff.merge_into > 0 && eff.merge_into != p.id) {
		struct problem other;
		if (store_problem_get(rq->db, rq->a, rq->community_id, eff.merge_into, &other) != YL_OK) {
			req_errorf(rq, ERR_INVALID, "merge_target_missing", "merge_into", T(rq, ERR_NOT_FOUND));
			return ERR_INVALID;
		}
		m.merge_into_state = other.state;
	}
	enum problem_state next;
	enum problem_refusal r = judge(rq, &m, &next);
	if (r != PRB_OK) {
		rc = problem_refusal_err(r);
		req_errorf(rq, rc, problem_refusal_name(r), refusal_fields[r], problem_refusal_text(rq, r));
		return rc;
	}
	struct problem_change c = {
		.action = act,
		.from = p.state,
		.to = next,
		.actor_id = rq->actor.id,
		.actor_name = rq->actor.display_name && *rq->actor.display_name ? rq->actor.display_name : rq->actor.name,
		.channel = eff.channel,
		.note = eff.note,
		.department_id = eff.department_id,
		.due_at = eff.due_at,
		.rating = eff.rating,
		.merge_into = eff.merge_into,
		.now = m.now,
	};
	rc = store_problem_move(rq->db, rq->community_id, id, &c, event_id);
	if (rc == ERR_CONFLICT) {
		req_errorf(rq, rc, "changed_meanwhile", NULL, T(rq, PB_REF_CHANGED));
		return rc;
	}
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:s, s:s, s:s, s:s}", "action", problem_action_name(act), "from",
		                      problem_state_name(p.state), "to", problem_state_name(next), "channel",
		                      problem_channel_names[eff.channel]);
		if (act == PACT_REFER) {
			json_object_set_new(d, "department_id", json_integer(eff.department_id));
			json_object_set_new(d, "due_at", json_integer(eff.due_at));
		}
		if (act == PACT_RATE)
			json_object_set_new(d, "rating", json_integer(eff.rating));
		if (act == PACT_MERGE)
			json_object_set_new(d, "merge_into", json_integer(eff.merge_into));
		rc = req_audit(rq, rq->community_id, arena_printf(rq->a, "problem.%s", problem_action_name(act)), "problem",
		               id, d);
	}
	if (rc != YL_OK) {
		req_error(rq, rc);
		return rc;
	}
	if (to)
		*to = next;
	return YL_OK;
}
