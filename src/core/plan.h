/* plan.h: when a renovation plan item is approved (DOMAIN.md §3, issue 8). Pure: no I/O.
 *
 * Mandatory items (必改) are decided by the community with the residents' consultation: they are
 * approved when staff adopt the version that holds them as the final plan (定稿). Optional items
 * (选改) follow the residents' wishes, and some items the law gives to the owners whatever their
 * class (rebuilding, an elevator, spending the maintenance fund): those are approved only by an
 * owners' decision that passed (Civil Code Art. 278), linked to the item. */
#ifndef YL_PLAN_H
#define YL_PLAN_H

#include <stdbool.h>

enum item_status {
	ITEM_PROPOSED,          /* mandatory, and the plan is not adopted yet */
	ITEM_AWAITING_DECISION, /* goes to the owners and no decision is linked yet */
	ITEM_VOTING,            /* its decision is linked and has not closed */
	ITEM_APPROVED,
	ITEM_REJECTED,          /* its decision closed without passing */
	ITEM_STATUS__COUNT
};
extern const char *const item_status_names[ITEM_STATUS__COUNT]; /* "proposed", "awaiting_decision", … */

/* What the status is judged from. */
struct item_facts {
	bool mandatory, owners_decide;
	bool adopted;         /* the item is in the plan's adopted version */
	bool decision_linked;
	bool decision_closed; /* its decision is closed or announced: the count is final */
	bool decision_passed; /* that count passed (core/vote.c vote_decide) */
};

/* Optional items and those the law gives to the owners need a decision. */
bool plan_item_needs_decision(bool mandatory, bool owners_decide);
enum item_status plan_item_status(const struct item_facts *f);

#endif
