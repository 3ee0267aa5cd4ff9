/* test_wish.c: a small wish's rules — one point per whole half hour (rounded down), the minutes a
 * confirmation may record, and the one-way steps open → adopted → fulfilled → confirmed (or
 * withdrawn while open). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/wish.h"

static void
points_are_whole_half_hours_rounded_down(void **state)
{
	(void)state;
	assert_int_equal(wish_points(1), 0);
	assert_int_equal(wish_points(29), 0);
	assert_int_equal(wish_points(30), 1);
	assert_int_equal(wish_points(59), 1);
	assert_int_equal(wish_points(60), 2);
	assert_int_equal(wish_points(95), 3);
	assert_int_equal(wish_points(1440), 48);
}

static void
minutes_must_be_one_to_a_day(void **state)
{
	(void)state;
	assert_false(wish_minutes_ok(0));
	assert_false(wish_minutes_ok(-30));
	assert_true(wish_minutes_ok(1));
	assert_true(wish_minutes_ok(1440));
	assert_false(wish_minutes_ok(1441));
	/* minutes refused earn nothing, so no caller can bank points for them */
	assert_int_equal(wish_points(0), 0);
	assert_int_equal(wish_points(1441), 0);
	assert_int_equal(wish_points(-60), 0);
}

static void
steps_go_forward_only(void **state)
{
	(void)state;
	assert_int_equal(wish_step_from(WSTEP_ADOPT), WISH_OPEN);
	assert_int_equal(wish_step_to(WSTEP_ADOPT), WISH_ADOPTED);
	assert_int_equal(wish_step_from(WSTEP_FULFIL), WISH_ADOPTED);
	assert_int_equal(wish_step_to(WSTEP_FULFIL), WISH_FULFILLED);
	assert_int_equal(wish_step_from(WSTEP_CONFIRM), WISH_FULFILLED);
	assert_int_equal(wish_step_to(WSTEP_CONFIRM), WISH_CONFIRMED);
	/* only an open wish may be withdrawn: once adopted, a volunteer is on the way */
	assert_int_equal(wish_step_from(WSTEP_WITHDRAW), WISH_OPEN);
	assert_int_equal(wish_step_to(WSTEP_WITHDRAW), WISH_WITHDRAWN);
	for (int s = 0; s < WSTEP__COUNT; s++)
		assert_true(wish_step_to((enum wish_step)s) > wish_step_from((enum wish_step)s));
}

static void
state_names_round_trip(void **state)
{
	(void)state;
	for (int s = 0; s < WISH__COUNT; s++)
		assert_int_equal(wish_state_from_name(wish_state_names[s]), s);
	assert_int_equal(wish_state_from_name("done"), -1);
	assert_int_equal(wish_state_from_name(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(points_are_whole_half_hours_rounded_down),
		cmocka_unit_test(minutes_must_be_one_to_a_day),
		cmocka_unit_test(steps_go_forward_only),
		cmocka_unit_test(state_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
