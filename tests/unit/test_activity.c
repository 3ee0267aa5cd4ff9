/* test_activity.c: the slot and hours rules of volunteer activities (issue 9) — a slot takes no
 * more than its places, one signs up only before the start, once, for a role one holds and on a
 * slot open to self sign-up (staff may put people on any slot, also on the day), one withdraws
 * only before the start, attendance is confirmed once and only after the end, minutes stay
 * within the activity's length plus an hour, households only on a notice duty, and hours are
 * minutes / 60 to two decimals, half up. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/activity.h"

/* 2026-12-05 09:00–11:00 Beijing = 01:00–03:00 UTC */
#define START 1796432400
#define END (START + 2 * 3600)

static const struct activity_facts two_hours = {.starts_at = START, .ends_at = END};
static const struct signup_facts open_slot = {.slots = 2, .taken = 1, .self_signup = true, .holds_role = true};

static void
a_slot_is_free_until_its_places_are_taken(void **state)
{
	(void)state;
	assert_true(activity_slot_free(2, 0));
	assert_true(activity_slot_free(2, 1));
	assert_false(activity_slot_free(2, 2));
	assert_false(activity_slot_free(2, 3)); /* overfilled by hand: still not free */
	assert_false(activity_slot_free(0, 0));
}

static void
the_last_place_can_be_taken_and_then_the_slot_is_full(void **state)
{
	(void)state;
	struct signup_facts s = open_slot;
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START - 1), ACT_OK);
	s.taken = 2;
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START - 1), ACT_FULL);
	s.by_staff = true; /* staff cannot overfill either */
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START - 1), ACT_FULL);
}

static void
signing_up_closes_at_the_start(void **state)
{
	(void)state;
	assert_int_equal(activity_may_sign_up(&two_hours, &open_slot, START - 1), ACT_OK);
	assert_int_equal(activity_may_sign_up(&two_hours, &open_slot, START), ACT_STARTED);
	assert_int_equal(activity_may_sign_up(&two_hours, &open_slot, END + 1), ACT_STARTED);
}

static void
staff_may_put_someone_on_the_roster_on_the_day_and_on_a_closed_slot(void **state)
{
	(void)state;
	struct signup_facts s = open_slot;
	s.by_staff = true;
	s.self_signup = false;
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START + 600), ACT_OK);
	s.by_staff = false;
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START - 600), ACT_NOT_SELF);
}

static void
one_cannot_sign_up_twice_or_for_a_role_not_held(void **state)
{
	(void)state;
	struct signup_facts s = open_slot;
	s.already = true;
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START - 1), ACT_ALREADY);
	s = open_slot;
	s.holds_role = false;
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START - 1), ACT_ROLE_NOT_HELD);
	s.any_volunteer = true; /* the any-volunteer slot asks no role */
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START - 1), ACT_OK);
}

static void
a_cancelled_activity_takes_nobody(void **state)
{
	(void)state;
	struct activity_facts a = two_hours;
	a.cancelled = true;
	struct signup_facts s = open_slot;
	assert_int_equal(activity_may_sign_up(&a, &s, START - 1), ACT_CANCELLED);
	s.by_staff = true;
	assert_int_equal(activity_may_sign_up(&a, &s, START - 1), ACT_CANCELLED);
	assert_int_equal(activity_may_confirm(&a, false, END + 1), ACT_CANCELLED);
}

static void
the_refusals_come_in_a_fixed_order(void **state)
{
	(void)state;
	/* started beats full: the volunteer learns the one thing nobody can change */
	struct signup_facts s = open_slot;
	s.taken = 2;
	s.already = true;
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START), ACT_STARTED);
	assert_int_equal(activity_may_sign_up(&two_hours, &s, START - 1), ACT_ALREADY);
}

static void
withdrawing_is_allowed_only_before_the_start(void **state)
{
	(void)state;
	assert_int_equal(activity_may_withdraw(&two_hours, START - 1), ACT_OK);
	assert_int_equal(activity_may_withdraw(&two_hours, START), ACT_STARTED);
	assert_int_equal(activity_may_withdraw(&two_hours, END + 3600), ACT_STARTED);
}

static void
attendance_is_confirmed_once_after_the_end(void **state)
{
	(void)state;
	assert_int_equal(activity_may_confirm(&two_hours, false, END - 1), ACT_NOT_OVER);
	assert_int_equal(activity_may_confirm(&two_hours, false, END), ACT_OK);
	assert_int_equal(activity_may_confirm(&two_hours, true, END + 1), ACT_CONFIRMED);
}

static void
minutes_stay_within_the_length_plus_an_hour(void **state)
{
	(void)state;
	assert_int_equal(activity_max_minutes(&two_hours), 180);
	assert_int_equal(activity_check_entry(&two_hours, true, 0, 0), ACT_OK);
	assert_int_equal(activity_check_entry(&two_hours, true, 120, 0), ACT_OK);
	assert_int_equal(activity_check_entry(&two_hours, true, 180, 0), ACT_OK);
	assert_int_equal(activity_check_entry(&two_hours, true, 181, 0), ACT_BAD_MINUTES);
	assert_int_equal(activity_check_entry(&two_hours, true, -1, 0), ACT_BAD_MINUTES);
}

static void
a_no_show_counts_no_minutes(void **state)
{
	(void)state;
	assert_int_equal(activity_check_entry(&two_hours, false, 0, 0), ACT_OK);
	assert_int_equal(activity_check_entry(&two_hours, false, 30, 0), ACT_BAD_MINUTES);
}

static void
households_count_only_on_a_notice_duty(void **state)
{
	(void)state;
	assert_int_equal(activity_check_entry(&two_hours, true, 60, 35), ACT_NO_HOUSEHOLDS);
	struct activity_facts notice = two_hours;
	notice.notice = true;
	assert_int_equal(activity_check_entry(&notice, true, 60, 35), ACT_OK);
	assert_int_equal(activity_check_entry(&notice, true, 60, -1), ACT_NO_HOUSEHOLDS);
	assert_int_equal(activity_check_entry(&notice, false, 0, 5), ACT_NO_HOUSEHOLDS);
}

static void
hours_are_minutes_over_sixty_to_two_decimals_half_up(void **state)
{
	(void)state;
	assert_int_equal(activity_hours_hundredths(0), 0);
	assert_int_equal(activity_hours_hundredths(60), 100);
	assert_int_equal(activity_hours_hundredths(90), 150);
	assert_int_equal(activity_hours_hundredths(100), 167); /* 1.666… */
	assert_int_equal(activity_hours_hundredths(20), 33);   /* 0.333… */
	assert_int_equal(activity_hours_hundredths(1), 2);     /* 0.01666…: half up */
	assert_int_equal(activity_hours_hundredths(-5), 0);
	assert_int_equal(activity_hours_hundredths(6000000), 10000000);
}

static void
times_are_read_as_beijing_wall_clock(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(activity_parse_local_time("2026-12-05T09:00", &t), 0);
	assert_int_equal(t, START);
	assert_int_equal(activity_parse_local_time("2026-12-05 09:00:30", &t), 0);
	assert_int_equal(t, START + 30);
	assert_int_equal(activity_parse_local_time("2026-12-05T01:00:00Z", &t), 0); /* a zone of its own */
	assert_int_equal(t, START);
	assert_int_equal(activity_parse_local_time("2026-12-05T09:00+08:00", &t), 0);
	assert_int_equal(t, START);
	assert_int_equal(activity_parse_local_time("2026-02-30T09:00", &t), -1);
	assert_int_equal(activity_parse_local_time("2026-12-05T24:00", &t), -1);
	assert_int_equal(activity_parse_local_time("2026-12-05T9:00", &t), -1);
	assert_int_equal(activity_parse_local_time("2026-12-05", &t), -1);
	assert_int_equal(activity_parse_local_time("", &t), -1);
	assert_int_equal(activity_parse_local_time(NULL, &t), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_slot_is_free_until_its_places_are_taken),
		cmocka_unit_test(the_last_place_can_be_taken_and_then_the_slot_is_full),
		cmocka_unit_test(signing_up_closes_at_the_start),
		cmocka_unit_test(staff_may_put_someone_on_the_roster_on_the_day_and_on_a_closed_slot),
		cmocka_unit_test(one_cannot_sign_up_twice_or_for_a_role_not_held),
		cmocka_unit_test(a_cancelled_activity_takes_nobody),
		cmocka_unit_test(the_refusals_come_in_a_fixed_order),
		cmocka_unit_test(withdrawing_is_allowed_only_before_the_start),
		cmocka_unit_test(attendance_is_confirmed_once_after_the_end),
		cmocka_unit_test(minutes_stay_within_the_length_plus_an_hour),
		cmocka_unit_test(a_no_show_counts_no_minutes),
		cmocka_unit_test(households_count_only_on_a_notice_duty),
		cmocka_unit_test(hours_are_minutes_over_sixty_to_two_decimals_half_up),
		cmocka_unit_test(times_are_read_as_beijing_wall_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
