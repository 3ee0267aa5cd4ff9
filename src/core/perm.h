/* perm.h: roles, actions and the one permission table (role × action → scope). Pure rules. */
#ifndef YL_PERM_H
#define YL_PERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role {
	ROLE_RESIDENT,
	ROLE_OWNER,
	ROLE_HEAD,
	ROLE_VOLUNTEER,
	ROLE_COMMITTEE,
	ROLE_STAFF,
	ROLE_DEPARTMENT,
	ROLE_ORG,
	ROLE_DISTRICT,
	ROLE_ADMIN,
	ROLE__COUNT
};

/* How far a grant reaches. Ordered: a wider scope contains the narrower ones. */
enum scope {
	SCOPE_NONE,
	SCOPE_OWN_UNIT,      /* units the person owns or lives in */
	SCOPE_OWN_BUILDINGS, /* buildings assigned to a neighbourhood head */
	SCOPE_OWN_COMMUNITY, /* the community the role was granted in */
	SCOPE_ALL,           /* every community on the installation */
	SCOPE__COUNT
};

/* What a route asks for. PERM_PUBLIC needs nobody; PERM_SIGNED_IN needs any account. The
 * others are looked up in the table in perm.c. Add an action here and a row there. */
enum perm {
	PERM_PUBLIC,
	PERM_SIGNED_IN,
	PERM_USERS_ADMIN,    /* accounts and their roles */
	PERM_COMMUNITY_READ, /* a community's pages meant for its own people */
	PERM_COMMUNITY_CREATE,   /* new communities on the installation */
	PERM_COMMUNITY_SETTINGS, /* a community's name, Open311 id, notice period */
	PERM_REGISTRY_READ,  /* unit and owner lists */
	PERM_REGISTRY_WRITE, /* imports, units, residents, heads' buildings */
	PERM_UNIT_READ,      /* one unit's page */
	PERM_PERSONAL_DATA,  /* other people's names and phones unmasked (PIPL: need to know) */
	PERM_CODES_PRINT,    /* activation slips */
	PERM_AUDIT_READ,     /* browse the audit log */
	PERM_DISTRICT_READ,  /* several communities' figures side by side (the district home) */
	PERM_PROBLEM_READ,   /* the problem list and one problem (departments: only theirs, by the handler) */
	PERM_PROBLEM_REPORT, /* report a problem, say "me too" */
	PERM_PROBLEM_ACT,    /* take a workflow step; core/problem.c decides which role takes which */
	PERM_PROBLEM_LIST,   /* compile verified problems into a list and send it up */
	PERM_PROBLEM_TRIAGE, /* the lists sent up, referring several at once, categories, exports */
	PERM_DECISION_READ,  /* owners' decisions, their rolls' totals and (after the close) results */
	PERM_DECISION_MANAGE, /* draft, publish, open, close and announce a decision */
	PERM_DECISION_TURNOUT, /* the live turnout while a vote runs (heads: their buildings) */
	PERM_BALLOT_CAST,    /* the ballot routes: an owner's own vote, or entering one (see BALLOT_ENTER) */
	PERM_BALLOT_ENTER,   /* enter a paper or proxy ballot for an owner with a unit in the target building */
	PERM_COST_SHARE,     /* compute every owner's share of a renovation cost (owners' refs and areas) */
	PERM_PLAN_READ,      /* the renovation plan: versions, items, diffs, opinions and answers, works */
	PERM_PLAN_MANAGE,    /* draft and publish versions, consultation, decision links, adoption, works */
	PERM_OPINION_GIVE,   /* comment on a published version while its consultation is open */
	PERM_OPINION_ENTER,  /* enter an opinion collected on paper (heads: from their buildings) */
	PERM_OPINION_ANSWER, /* answer an opinion publicly (adopted / explained) */
	PERM_INSPECT,        /* record an inspection on site (supervisors and staff) */
	PERM_WORK_RATE,      /* rate a completed work (the handler: only where one lives) */
	PERM_VOLUNTEER_READ, /* volunteers' cards, activities and rosters, stationed units and their offers */
	PERM_VOLUNTEER_JOIN, /* report in as a volunteer (报到), or as a stationed unit with its offers */
	PERM_VOLUNTEER_MANAGE, /* confirm, duty roles, activities, attendance and hours, targets, matching offers */
	PERM_ACTIVITY_SIGNUP, /* sign oneself up for an activity and withdraw (the handler: a confirmed volunteer) */
	PERM_WISH_POST,      /* post a small wish (微心愿) for oneself, or (heads, staff) for a neighbour */
	PERM_WISH_ADOPT,     /* adopt a small wish and say it is fulfilled */
	PERM_FINANCE_READ,   /* the committee's books: schedules, runs, every unit's bills and payments, expenses */
	PERM_FINANCE_MANAGE, /* fee schedules, billing runs, exemptions, payments, reversals, income, expenses, disclosures */
	PERM_BILL_READ,      /* a unit's bills, payments and receipts (owners: their own units) */
	/* issue 11: notices */
	PERM_NOTICE_MANAGE,  /* write, edit (drafts), publish and withdraw notices; drafts are seen only with it
	                      * (the committee: finance notices only, checked by the handler) */
	PERM_NOTICE_DELIVER, /* record "delivered to N households" (volunteers: the publicist duty, by the handler) */
	PERM__COUNT
};

/* One role held by an account, in one community (0 for installation-wide roles such as
 * admin). Heads carry their buildings, owners and residents their units; both arrays belong
 * to whoever built the grant. */
struct grant {
	enum role role;
	int64_t community_id;
	const int64_t *buildings;
	size_t nbuildings;
	const int64_t *units;
	size_t nunits;
};

/* What an action touches; 0 means "not tied to one" at that level. any_part marks a list
 * over the community: a narrower grant (own buildings, own units) passes, and the handler
 * shows only the part that grant reaches. */
struct target {
	int64_t community_id;
	int64_t building_id;
	int64_t unit_id;
	bool any_part;
};

/* The one question every handler's route asks: may someone holding these grants do this to
 * that target? PERM_PUBLIC is always true; PERM_SIGNED_IN is true for any non-empty account
 * (signed_in). Never allocates. */
bool perm_allows(bool signed_in, const struct grant *g, size_t n, enum perm action,
                 const struct target *t);

/* The scope a role has for an action (for tests and the permission report). */
enum scope perm_scope(enum role role, enum perm action);

const char *role_name(enum role r);          /* "staff" */
int role_from_name(const char *s);           /* -1 when unknown */
const char *perm_name(enum perm p);          /* "users_admin" */

#endif
