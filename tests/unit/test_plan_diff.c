/* test_plan_diff.c: what residents see changed between two plan versions — items added and
 * removed, each changed field, cost and funding deltas, unchanged items left out, the total
 * cost's delta, and inputs out of key order refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/plan_diff.h"

/* An item costing cost fen, all of it from the government. */
static struct plan_item
item(int64_t key, const char *title, int64_t cost)
{
	struct plan_item it = {.key = key, .title = title, .klass = ITEM_BASIC, .mandatory = true, .cost = cost};
	it.funding[FUND_GOVERNMENT] = cost;
	return it;
}

static void
identical_versions_have_no_differences(void **state)
{
	(void)state;
	struct plan_item v[] = {item(1, "雨污分流", 80000000), item(2, "道路修补", 30000000)};
	struct plan_change out[4];
	int64_t delta;
	assert_int_equal(plan_diff(v, 2, v, 2, out, &delta), 0);
	assert_int_equal(delta, 0);
}

static void
added_removed_and_changed_items_come_in_key_order(void **state)
{
	(void)state;
	struct plan_item a[] = {item(1, "雨污分流", 80000000), item(2, "道路修补", 30000000), item(4, "路灯", 500000)};
	struct plan_item b[] = {item(1, "雨污分流", 80000000), item(3, "加装电梯", 120000000), item(4, "路灯", 500000)};
	b[2].title = "路灯更换";
	struct plan_change out[6];
	int64_t delta;
	assert_int_equal(plan_diff(a, 3, b, 3, out, &delta), 3);
	assert_int_equal(out[0].kind, CHANGE_REMOVED);
	assert_int_equal(out[0].key, 2);
	assert_int_equal(out[0].cost_delta, -30000000);
	assert_int_equal(out[0].funding_delta[FUND_GOVERNMENT], -30000000);
	assert_null(out[0].new_);
	assert_int_equal(out[1].kind, CHANGE_ADDED);
	assert_int_equal(out[1].key, 3);
	assert_int_equal(out[1].cost_delta, 120000000);
	assert_string_equal(out[1].new_->title, "加装电梯");
	assert_int_equal(out[2].kind, CHANGE_CHANGED);
	assert_int_equal(out[2].fields, PF_TITLE);
	assert_int_equal(out[2].cost_delta, 0);
	assert_int_equal(delta, 120000000 - 30000000);
}

static void
every_field_that_changed_is_named(void **state)
{
	(void)state;
	struct plan_item a[] = {item(7, "加装电梯", 120000000)};
	struct plan_item b[] = {item(7, "加装电梯", 110000000)};
	b[0].description = "改为每单元一部";
	b[0].location = "3栋2单元";
	b[0].klass = ITEM_IMPROVEMENT;
	b[0].mandatory = false;
	/* 1,100,000.00 yuan: 800,000.00 from the government, 300,000.00 from residents */
	b[0].funding[FUND_GOVERNMENT] = 80000000;
	b[0].funding[FUND_RESIDENTS] = 30000000;
	struct plan_change out[2];
	int64_t delta;
	assert_int_equal(plan_diff(a, 1, b, 1, out, &delta), 1);
	assert_int_equal(out[0].fields,
	                 PF_DESCRIPTION | PF_LOCATION | PF_CLASS | PF_MANDATORY | PF_COST | PF_FUNDING);
	assert_int_equal(out[0].cost_delta, -10000000);
	assert_int_equal(out[0].funding_delta[FUND_GOVERNMENT], -40000000);
	assert_int_equal(out[0].funding_delta[FUND_RESIDENTS], 30000000);
	assert_int_equal(delta, -10000000);
}

static void
who_decides_and_how_residents_share_are_changes(void **state)
{
	(void)state;
	/* the same elevator, now given to the owners and shared by floor instead of by area */
	struct plan_item a[] = {item(3, "加装电梯", 60000000), item(5, "楼道照明", 100000)};
	struct plan_item b[] = {item(3, "加装电梯", 60000000), item(5, "楼道照明", 100000)};
	a[0].share_rule = SHARE_AREA;
	b[0].share_rule = SHARE_ELEVATOR;
	b[0].owners_decide = true;
	b[1].owners_decide = true;
	struct plan_change out[4];
	int64_t delta;
	assert_int_equal(plan_diff(a, 2, b, 2, out, &delta), 2);
	assert_int_equal(out[0].key, 3);
	assert_int_equal(out[0].fields, PF_OWNERS_DECIDE | PF_SHARE_RULE);
	assert_int_equal(out[0].cost_delta, 0);
	assert_int_equal(out[1].key, 5);
	assert_int_equal(out[1].fields, PF_OWNERS_DECIDE);
	assert_int_equal(delta, 0);
	/* and back: the same fields */
	assert_int_equal(plan_diff(b, 2, a, 2, out, &delta), 2);
	assert_int_equal(out[0].fields, PF_OWNERS_DECIDE | PF_SHARE_RULE);
}

static void
a_funding_shift_alone_is_a_change(void **state)
{
	(void)state;
	struct plan_item a[] = {item(1, "管线序化", 1000000)};
	struct plan_item b[] = {item(1, "管线序化", 1000000)};
	b[0].funding[FUND_GOVERNMENT] = 400000;
	b[0].funding[FUND_UTILITY] = 600000; /* the operator pays for its own lines */
	struct plan_change out[2];
	int64_t delta;
	assert_int_equal(plan_diff(a, 1, b, 1, out, &delta), 1);
	assert_int_equal(out[0].fields, PF_FUNDING);
	assert_int_equal(delta, 0);
	/* NULL and "" are the same text */
	a[0] = b[0];
	a[0].description = NULL;
	b[0].description = "";
	assert_int_equal(plan_diff(a, 1, b, 1, out, &delta), 0);
}

static void
from_or_to_an_empty_version(void **state)
{
	(void)state;
	struct plan_item v[] = {item(1, "屋面防水", 2000000), item(2, "楼道粉刷", 1000000)};
	struct plan_change out[4];
	int64_t delta;
	assert_int_equal(plan_diff(NULL, 0, v, 2, out, &delta), 2);
	assert_int_equal(out[0].kind, CHANGE_ADDED);
	assert_int_equal(delta, 3000000);
	assert_int_equal(plan_diff(v, 2, NULL, 0, out, &delta), 2);
	assert_int_equal(out[1].kind, CHANGE_REMOVED);
	assert_int_equal(delta, -3000000);
}

static void
items_out_of_key_order_are_refused(void **state)
{
	(void)state;
	struct plan_item v[] = {item(2, "甲", 1), item(1, "乙", 1)};
	struct plan_item twice[] = {item(1, "甲", 1), item(1, "乙", 1)};
	struct plan_change out[4];
	int64_t delta;
	assert_int_equal(plan_diff(v, 2, NULL, 0, out, &delta), (size_t)-1);
	assert_int_equal(plan_diff(NULL, 0, twice, 2, out, &delta), (size_t)-1);
	assert_int_equal(item_class_from_name("enhancement"), ITEM_ENHANCEMENT);
	assert_int_equal(item_class_from_name("luxury"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identical_versions_have_no_differences),
		cmocka_unit_test(added_removed_and_changed_items_come_in_key_order),
		cmocka_unit_test(every_field_that_changed_is_named),
		cmocka_unit_test(who_decides_and_how_residents_share_are_changes),
		cmocka_unit_test(a_funding_shift_alone_is_a_change),
		cmocka_unit_test(from_or_to_an_empty_version),
		cmocka_unit_test(items_out_of_key_order_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
