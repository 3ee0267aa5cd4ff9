/* test_plan.c: when a renovation plan item is approved (DOMAIN.md §3) — mandatory items (必改)
 * by the adoption of the version that holds them, optional items (选改) and those the law gives
 * to the owners only by an owners' decision that passed, whatever staff adopt. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/plan.h"

/* The facts of a mandatory item nobody asks the owners about. */
static const struct item_facts must = {.mandatory = true};
/* The facts of an optional item (选改). */
static const struct item_facts optional = {.mandatory = false};

static void
a_mandatory_item_is_proposed_until_its_version_is_adopted(void **state)
{
	(void)state;
	struct item_facts f = must;
	assert_int_equal(plan_item_status(&f), ITEM_PROPOSED);
	f.adopted = true;
	assert_int_equal(plan_item_status(&f), ITEM_APPROVED);
}

static void
a_mandatory_item_ignores_a_decision_it_does_not_need(void **state)
{
	(void)state;
	/* a decision linked by mistake to a 必改 item neither approves nor rejects it */
	struct item_facts f = must;
	f.decision_linked = f.decision_closed = true;
	f.decision_passed = false;
	assert_int_equal(plan_item_status(&f), ITEM_PROPOSED);
	f.adopted = true;
	assert_int_equal(plan_item_status(&f), ITEM_APPROVED);
}

static void
an_optional_item_awaits_a_decision_then_votes(void **state)
{
	(void)state;
	struct item_facts f = optional;
	assert_int_equal(plan_item_status(&f), ITEM_AWAITING_DECISION);
	f.decision_linked = true;
	assert_int_equal(plan_item_status(&f), ITEM_VOTING);
	/* a count is only final once the decision closes: "passed" before that means nothing */
	f.decision_passed = true;
	assert_int_equal(plan_item_status(&f), ITEM_VOTING);
}

static void
the_owners_decision_approves_or_rejects(void **state)
{
	(void)state;
	struct item_facts f = optional;
	f.decision_linked = f.decision_closed = true;
	f.decision_passed = true;
	assert_int_equal(plan_item_status(&f), ITEM_APPROVED);
	f.decision_passed = false;
	assert_int_equal(plan_item_status(&f), ITEM_REJECTED);
}

static void
adoption_does_not_approve_what_the_owners_must_decide(void **state)
{
	(void)state;
	/* an optional item, and a mandatory one the law gives to the owners (an elevator, Art. 278) */
	struct item_facts opt = optional, law = {.mandatory = true, .owners_decide = true};
	opt.adopted = law.adopted = true;
	assert_int_equal(plan_item_status(&opt), ITEM_AWAITING_DECISION);
	assert_int_equal(plan_item_status(&law), ITEM_AWAITING_DECISION);
	law.decision_linked = true;
	assert_int_equal(plan_item_status(&law), ITEM_VOTING);
	law.decision_closed = true;
	assert_int_equal(plan_item_status(&law), ITEM_REJECTED); /* adopted, and still rejected */
	law.decision_passed = true;
	assert_int_equal(plan_item_status(&law), ITEM_APPROVED);
}

static void
which_items_need_a_decision(void **state)
{
	(void)state;
	assert_false(plan_item_needs_decision(true, false));
	assert_true(plan_item_needs_decision(true, true));
	assert_true(plan_item_needs_decision(false, false));
	assert_true(plan_item_needs_decision(false, true));
}

static void
every_status_has_its_name(void **state)
{
	(void)state;
	static const char *const want[ITEM_STATUS__COUNT] = {"proposed", "awaiting_decision", "voting", "approved",
	                                                      "rejected"};
	for (int s = 0; s < ITEM_STATUS__COUNT; s++)
		assert_string_equal(item_status_names[s], want[s]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_mandatory_item_is_proposed_until_its_version_is_adopted),
		cmocka_unit_test(a_mandatory_item_ignores_a_decision_it_does_not_need),
		cmocka_unit_test(an_optional_item_awaits_a_decision_then_votes),
		cmocka_unit_test(the_owners_decision_approves_or_rejects),
		cmocka_unit_test(adoption_does_not_approve_what_the_owners_must_decide),
		cmocka_unit_test(which_items_need_a_decision),
		cmocka_unit_test(every_status_has_its_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
