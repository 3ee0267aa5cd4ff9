/* plan.c: a plan item's approval (see plan.h). */
#include "plan.h"

const char *const item_status_names[ITEM_STATUS__COUNT] = {
	[ITEM_PROPOSED] = "proposed",   [ITEM_AWAITING_DECISION] = "awaiting_decision",
	[ITEM_VOTING] = "voting",       [ITEM_APPROVED] = "approved",
	[ITEM_REJECTED] = "rejected",
};

bool
plan_item_needs_decision(bool mandatory, bool owners_decide)
{
	return !mandatory || owners_decide;
}

enum item_status
plan_item_status(const struct item_facts *f)
{
	if (!plan_item_needs_decision(f->mandatory, f->owners_decide))
		return f->adopted ? ITEM_APPROVED : ITEM_PROPOSED;
	/* Adoption does not approve what the owners must decide: only their vote does. */
	if (!f->decision_linked)
		return ITEM_AWAITING_DECISION;
	if (!f->decision_closed)
		return ITEM_VOTING;
	return f->decision_passed ? ITEM_APPROVED : ITEM_REJECTED;
}
