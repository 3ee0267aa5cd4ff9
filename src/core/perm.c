/* perm.c: the permission table. Every route names an action; this file says who may do it. */
#include "perm.h"

#include <string.h>

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_RESIDENT] = "resident",   [ROLE_OWNER] = "owner", [ROLE_HEAD] = "head",
	[ROLE_VOLUNTEER] = "volunteer", [ROLE_COMMITTEE] = "committee",
	[ROLE_STAFF] = "staff",         [ROLE_DEPARTMENT] = "department",
	[ROLE_ORG] = "org",             [ROLE_DISTRICT] = "district",
	[ROLE_ADMIN] = "admin",
};

static const char *const perm_names[PERM__COUNT] = {
	[PERM_PUBLIC] = "public",
	[PERM_SIGNED_IN] = "signed_in",
	[PERM_USERS_ADMIN] = "users_admin",
	[PERM_COMMUNITY_READ] = "community_read",
	[PERM_COMMUNITY_CREATE] = "community_create",
	[PERM_COMMUNITY_SETTINGS] = "community_settings",
	[PERM_REGISTRY_READ] = "registry_read",
	[PERM_REGISTRY_WRITE] = "registry_write",
	[PERM_UNIT_READ] = "unit_read",
	[PERM_PERSONAL_DATA] = "personal_data",
	[PERM_CODES_PRINT] = "codes_print",
	[PERM_AUDIT_READ] = "audit_read",
	[PERM_DISTRICT_READ] = "district_read",
	[PERM_PROBLEM_READ] = "problem_read",
	[PERM_PROBLEM_REPORT] = "problem_report",
	[PERM_PROBLEM_ACT] = "problem_act",
	[PERM_PROBLEM_LIST] = "problem_list",
	[PERM_PROBLEM_TRIAGE] = "problem_triage",
	[PERM_DECISION_READ] = "decision_read",
	[PERM_DECISION_MANAGE] = "decision_manage",
	[PERM_DECISION_TURNOUT] = "decision_turnout",
	[PERM_BALLOT_CAST] = "ballot_cast",
	[PERM_BALLOT_ENTER] = "ballot_enter",
	[PERM_COST_SHARE] = "cost_share",
	[PERM_PLAN_READ] = "plan_read",
	[PERM_PLAN_MANAGE] = "plan_manage",
	[PERM_OPINION_GIVE] = "opinion_give",
	[PERM_OPINION_ENTER] = "opinion_enter",
	[PERM_OPINION_ANSWER] = "opinion_answer",
	[PERM_INSPECT] = "inspect",
	[PERM_WORK_RATE] = "work_rate",
	[PERM_VOLUNTEER_READ] = "volunteer_read",
	[PERM_VOLUNTEER_JOIN] = "volunteer_join",
	[PERM_VOLUNTEER_MANAGE] = "volunteer_manage",
	[PERM_ACTIVITY_SIGNUP] = "activity_signup",
	[PERM_WISH_POST] = "wish_post",
	[PERM_WISH_ADOPT] = "wish_adopt",
	[PERM_FINANCE_READ] = "finance_read",
	[PERM_FINANCE_MANAGE] = "finance_manage",
	[PERM_BILL_READ] = "bill_read",
	/* issue 11: notices */
	[PERM_NOTICE_MANAGE] = "notice_manage",
	[PERM_NOTICE_DELIVER] = "notice_deliver",
};

#define U SCOPE_OWN_UNIT
#define B SCOPE_OWN_BUILDINGS
#define C SCOPE_OWN_COMMUNITY
#define A SCOPE_ALL

/* Rows are actions, columns roles in enum order:
 * resident owner head volunteer committee staff department org district admin.
 * A zero is "no". Admin operates the installation: accounts and communities everywhere, and
 * community-wide pages, but not the register of people (personal data), which needs a role
 * granted in that community. District (街道 or district staff) is granted once per community
 * it oversees and only reads there: the register with names and phones masked like any reader
 * without PERSONAL_DATA, and the audit log; it writes nothing. */
static const unsigned char table[PERM__COUNT][ROLE__COUNT] = {
	/*                    res own head vol com staff dept org dist admin */
	[PERM_USERS_ADMIN] = {0, 0, 0, 0, 0, 0, 0, 0, 0, A},
	[PERM_COMMUNITY_READ] = {C, C, C, C, C, C, C, C, C, A},
	[PERM_COMMUNITY_CREATE] = {0, 0, 0, 0, 0, 0, 0, 0, 0, A},
	[PERM_COMMUNITY_SETTINGS] = {0, 0, 0, 0, 0, C, 0, 0, 0, A},
	/* Heads see the register of their own buildings; the committee needs owners and areas
	 * for billing. The administrator runs the machine, not the register (PIPL: need to know). */
	[PERM_REGISTRY_READ] = {0, 0, B, 0, C, C, 0, 0, C, 0},
	[PERM_REGISTRY_WRITE] = {0, 0, 0, 0, 0, C, 0, 0, 0, 0},
	[PERM_UNIT_READ] = {U, U, B, 0, C, C, 0, 0, C, 0},
	[PERM_PERSONAL_DATA] = {0, 0, B, 0, 0, C, 0, 0, 0, 0},
	[PERM_CODES_PRINT] = {0, 0, B, 0, 0, C, 0, 0, 0, 0},
	[PERM_AUDIT_READ] = {0, 0, 0, 0, C, C, 0, 0, C, A},
	/* Counts, areas and chain heads, no person: the operator sees every community's. */
	[PERM_DISTRICT_READ] = {0, 0, 0, 0, 0, 0, 0, 0, C, A},
	/* The problem list is the compound's own business and open to all its people (reporters'
	 * names masked); a department sees it too, but the handler shows it only what was referred
	 * to it. Heads act across the compound: a named place (the north gate) is in no building. */
	[PERM_PROBLEM_READ] = {C, C, C, C, C, C, C, C, C, 0},
	[PERM_PROBLEM_REPORT] = {C, C, C, C, C, C, 0, C, 0, 0},
	[PERM_PROBLEM_ACT] = {C, C, C, 0, 0, C, C, 0, 0, 0},
	[PERM_PROBLEM_LIST] = {0, 0, C, 0, 0, C, 0, 0, 0, 0},
	[PERM_PROBLEM_TRIAGE] = {0, 0, 0, 0, 0, C, 0, 0, 0, 0},
	/* Owners' decisions concern the whole compound, so everyone who lives there reads them (the
	 * results show units and totals, never names). Staff run the vote (DESIGN: "opening
	 * consultations and votes"); heads enter paper and proxy ballots for the owners of their
	 * buildings and watch those buildings' turnout; the committee and the street office watch
	 * turnout too. Whether an owner is on a decision's roll is the handler's question (403). */
	[PERM_DECISION_READ] = {C, C, C, C, C, C, 0, 0, C, 0},
	[PERM_DECISION_MANAGE] = {0, 0, 0, 0, 0, C, 0, 0, 0, 0},
	[PERM_DECISION_TURNOUT] = {0, 0, B, 0, C, C, 0, 0, C, 0},
	[PERM_BALLOT_CAST] = {0, C, B, 0, 0, C, 0, 0, 0, 0},
	[PERM_BALLOT_ENTER] = {0, 0, B, 0, 0, C, 0, 0, 0, 0},
	/* Every owner's share of a renovation cost lists owners' refs and areas: staff, who draw up
	 * the plan, and the committee, who bill the owners (each owner sees only their own share
	 * on the plan's pages, not through this list). */
	[PERM_COST_SHARE] = {0, 0, 0, 0, C, C, 0, 0, 0, 0},
	/* "究竟要怎么改，居民说了算": the plan, every opinion and every answer are open to all who
	 * live in the compound, and so are the works and inspections; the street office reads.
	 * Staff draw up the plan (DESIGN: "the renovation plan, opening consultations"); entering a
	 * designer's or an expert's opinion is staff's too (there is no designer account). Heads
	 * enter the paper opinions of their buildings (the handler checks the unit). Supervisors are
	 * volunteers (issue 9 narrows this to the 监督员 duty); staff inspect as well. */
	[PERM_PLAN_READ] = {C, C, C, C, C, C, 0, C, C, 0},
	[PERM_PLAN_MANAGE] = {0, 0, 0, 0, 0, C, 0, 0, 0, 0},
	[PERM_OPINION_GIVE] = {C, C, C, C, C, C, 0, 0, 0, 0},
	[PERM_OPINION_ENTER] = {0, 0, B, 0, 0, C, 0, 0, 0, 0},
	[PERM_OPINION_ANSWER] = {0, 0, 0, 0, 0, C, 0, 0, 0, 0},
	[PERM_INSPECT] = {0, 0, 0, C, 0, C, 0, 0, 0, 0},
	[PERM_WORK_RATE] = {C, C, 0, 0, 0, 0, 0, 0, 0, 0},
	/* 亮身份、亮分工、亮承诺: volunteers show who they are to the compound, and the street office
	 * reads. Anyone who lives there may report in, and a stationed unit (org) registers itself;
	 * staff confirm and run the activities (DESIGN: staff and the Party committee). A small wish
	 * is a resident's own, or a head's for a neighbour without a phone; volunteers adopt them. */
	[PERM_VOLUNTEER_READ] = {C, C, C, C, C, C, 0, C, C, 0},
	[PERM_VOLUNTEER_JOIN] = {C, C, C, C, C, C, 0, C, 0, 0},
	[PERM_VOLUNTEER_MANAGE] = {0, 0, 0, 0, 0, C, 0, 0, 0, 0},
	[PERM_ACTIVITY_SIGNUP] = {0, 0, 0, C, 0, 0, 0, 0, 0, 0},
	[PERM_WISH_POST] = {C, C, C, 0, 0, C, 0, 0, 0, 0},
	[PERM_WISH_ADOPT] = {0, 0, 0, C, 0, 0, 0, 0, 0, 0},
	/* 自治物业 (DOMAIN.md §5): the owners' committee keeps the books; community staff, who
	 * supervise the committee, read them. An owner sees the bills, payments and receipts of
	 * their own units; everyone sees the published disclosure, which names no payer (a public
	 * route, no permission). */
	[PERM_FINANCE_READ] = {0, 0, 0, 0, C, C, 0, 0, 0, 0},
	[PERM_FINANCE_MANAGE] = {0, 0, 0, 0, C, 0, 0, 0, 0, 0},
	[PERM_BILL_READ] = {0, U, 0, 0, C, C, 0, 0, 0, 0},
	/* issue 11: notices. Staff run the notice board (DESIGN: "notices"); the committee posts its
	 * own finance notices (the handler refuses other kinds). Publicists (宣传员) take printed
	 * notices door to door and record it, as staff may; the handler checks the duty. Reading a
	 * published notice needs nobody (public routes). */
	[PERM_NOTICE_MANAGE] = {0, 0, 0, 0, C, C, 0, 0, 0, 0},
	[PERM_NOTICE_DELIVER] = {0, 0, 0, C, 0, C, 0, 0, 0, 0},
};

#undef U
#undef B
#undef C
#undef A

enum scope
perm_scope(enum role role, enum perm action)
{
	if ((unsigned)role >= ROLE__COUNT || (unsigned)action >= PERM__COUNT)
		return SCOPE_NONE;
	return (enum scope)table[action][role];
}

static bool
contains(const int64_t *v, size_t n, int64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static bool
grant_reaches(const struct grant *g, enum scope s, const struct target *t)
{
	switch (s) {
	case SCOPE_ALL:
		return true;
	case SCOPE_OWN_COMMUNITY:
		/* An action not tied to a community is only for installation-wide scopes. */
		return t->community_id != 0 && g->community_id == t->community_id;
	case SCOPE_OWN_BUILDINGS:
		if (t->community_id == 0 || g->community_id != t->community_id)
			return false;
		if (t->any_part)
			return g->nbuildings > 0;
		return t->building_id != 0 && contains(g->buildings, g->nbuildings, t->building_id);
	case SCOPE_OWN_UNIT:
		if (t->community_id == 0 || g->community_id != t->community_id)
			return false;
		if (t->any_part)
			return g->nunits > 0;
		return t->unit_id != 0 && contains(g->units, g->nunits, t->unit_id);
	case SCOPE_NONE:
	case SCOPE__COUNT:
		break;
	}
	return false;
}

bool
perm_allows(bool signed_in, const struct grant *g, size_t n, enum perm action, const struct target *t)
{
	if (action == PERM_PUBLIC)
		return true;
	if (!signed_in)
		return false;
	if (action == PERM_SIGNED_IN)
		return true;
	static const struct target none = {0, 0, 0, false};
	if (t == NULL)
		t = &none;
	for (size_t i = 0; i < n; i++)
		if (grant_reaches(&g[i], perm_scope(g[i].role, action), t))
			return true;
	return false;
}

const char *
role_name(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? role_names[r] : "?";
}

int
role_from_name(const char *s)
{
	for (int i = 0; i < ROLE__COUNT; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

const char *
perm_name(enum perm p)
{
	return (unsigned)p < PERM__COUNT ? perm_names[p] : "?";
}
