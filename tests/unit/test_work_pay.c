/* test_work_pay.c: paying for a renovation work — exactly up to the item's budget and not one fen
 * more, counting what corrections took back; nothing of 0 or less; only an advance before the
 * work starts; a correction reverses one payment, once, and is not corrected itself. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/work_pay.h"

/* 120,000.00 yuan */
#define BUDGET INT64_C(12000000)

static void
paying_up_to_the_budget_exactly_is_allowed(void **state)
{
	(void)state;
	assert_int_equal(work_pay_check(BUDGET, 0, BUDGET, WPAY_PROGRESS, true), WPAY_OK);
	assert_int_equal(work_pay_check(BUDGET, 4800000, 7200000, WPAY_FINAL, true), WPAY_OK);
	assert_int_equal(work_pay_check(BUDGET, BUDGET - 1, 1, WPAY_RETENTION, true), WPAY_OK);
	assert_int_equal(work_pay_remaining(BUDGET, 4800000), 7200000);
	assert_int_equal(work_pay_remaining(BUDGET, BUDGET), 0);
}

static void
one_fen_over_the_budget_is_refused(void **state)
{
	(void)state;
	assert_int_equal(work_pay_check(BUDGET, 0, BUDGET + 1, WPAY_PROGRESS, true), WPAY_OVER_BUDGET);
	assert_int_equal(work_pay_check(BUDGET, 4800000, 7200001, WPAY_FINAL, true), WPAY_OVER_BUDGET);
	assert_int_equal(work_pay_check(BUDGET, BUDGET, 1, WPAY_RETENTION, true), WPAY_OVER_BUDGET);
	/* an item that costs nothing (or has gone from the plan) takes no payment at all */
	assert_int_equal(work_pay_check(0, 0, 1, WPAY_ADVANCE, false), WPAY_OVER_BUDGET);
	/* a budget revised below what was paid: nothing more, and nothing "remains" */
	assert_int_equal(work_pay_check(BUDGET, BUDGET + 500, 1, WPAY_FINAL, true), WPAY_OVER_BUDGET);
	assert_int_equal(work_pay_remaining(BUDGET, BUDGET + 500), 0);
	/* an amount no caller should send still compares without overflow */
	assert_int_equal(work_pay_check(BUDGET, 100, INT64_MAX, WPAY_PROGRESS, true), WPAY_OVER_BUDGET);
}

static void
a_correction_gives_the_budget_back(void **state)
{
	(void)state;
	/* 120,000.00 paid, then a 20,000.00 progress payment corrected: 20,000.00 may be paid again */
	int64_t paid = BUDGET;
	assert_int_equal(work_pay_check(BUDGET, paid, 1, WPAY_FINAL, true), WPAY_OVER_BUDGET);
	paid += work_pay_correction(2000000);
	assert_int_equal(paid, BUDGET - 2000000);
	assert_int_equal(work_pay_check(BUDGET, paid, 2000000, WPAY_FINAL, true), WPAY_OK);
	assert_int_equal(work_pay_check(BUDGET, paid, 2000001, WPAY_FINAL, true), WPAY_OVER_BUDGET);
}

static void
zero_and_negative_amounts_are_not_payments(void **state)
{
	(void)state;
	assert_int_equal(work_pay_check(BUDGET, 0, 0, WPAY_PROGRESS, true), WPAY_NOT_POSITIVE);
	assert_int_equal(work_pay_check(BUDGET, 0, -100, WPAY_PROGRESS, true), WPAY_NOT_POSITIVE);
	/* not positive is said first, even where the kind or the state would refuse it too */
	assert_int_equal(work_pay_check(BUDGET, 0, 0, WPAY_FINAL, false), WPAY_NOT_POSITIVE);
	assert_int_equal(work_pay_check(BUDGET, 0, -100, WPAY_CORRECTION, true), WPAY_NOT_POSITIVE);
	/* a correction is made by correcting, never recorded as a payment of its own */
	assert_int_equal(work_pay_check(BUDGET, 0, 100, WPAY_CORRECTION, true), WPAY_NOT_A_PAYMENT);
	assert_int_equal(work_pay_check(BUDGET, 0, 100, WPAY__COUNT, true), WPAY_NOT_A_PAYMENT);
}

static void
before_the_work_starts_only_an_advance(void **state)
{
	(void)state;
	assert_int_equal(work_pay_check(BUDGET, 0, 3600000, WPAY_ADVANCE, false), WPAY_OK);
	assert_int_equal(work_pay_check(BUDGET, 0, 3600000, WPAY_PROGRESS, false), WPAY_ADVANCE_ONLY);
	assert_int_equal(work_pay_check(BUDGET, 0, 3600000, WPAY_FINAL, false), WPAY_ADVANCE_ONLY);
	assert_int_equal(work_pay_check(BUDGET, 0, 3600000, WPAY_RETENTION, false), WPAY_ADVANCE_ONLY);
	/* the advance is held to the budget too */
	assert_int_equal(work_pay_check(BUDGET, 0, BUDGET + 1, WPAY_ADVANCE, false), WPAY_OVER_BUDGET);
	/* once started, every kind */
	for (int k = WPAY_ADVANCE; k < WPAY_CORRECTION; k++)
		assert_int_equal(work_pay_check(BUDGET, 0, 100, (enum work_pay_kind)k, true), WPAY_OK);
}

static void
a_payment_is_corrected_once_and_a_correction_never(void **state)
{
	(void)state;
	for (int k = WPAY_ADVANCE; k < WPAY_CORRECTION; k++) {
		assert_int_equal(work_pay_correct_check((enum work_pay_kind)k, false), WPAY_OK);
		assert_int_equal(work_pay_correct_check((enum work_pay_kind)k, true), WPAY_ALREADY_CORRECTED);
	}
	assert_int_equal(work_pay_correct_check(WPAY_CORRECTION, false), WPAY_IS_CORRECTION);
	assert_int_equal(work_pay_correct_check(WPAY_CORRECTION, true), WPAY_IS_CORRECTION);
	/* for exactly its negative amount */
	assert_int_equal(work_pay_correction(4800000), -4800000);
	assert_int_equal(work_pay_correction(1), -1);
}

static void
kind_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < WPAY__COUNT; k++)
		assert_int_equal(work_pay_kind_from_name(work_pay_kind_names[k]), k);
	assert_string_equal(work_pay_kind_names[WPAY_RETENTION], "retention");
	assert_int_equal(work_pay_kind_from_name("deposit"), -1);
	assert_int_equal(work_pay_kind_from_name(""), -1);
	assert_int_equal(work_pay_kind_from_name(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paying_up_to_the_budget_exactly_is_allowed),
		cmocka_unit_test(one_fen_over_the_budget_is_refused),
		cmocka_unit_test(a_correction_gives_the_budget_back),
		cmocka_unit_test(zero_and_negative_amounts_are_not_payments),
		cmocka_unit_test(before_the_work_starts_only_an_advance),
		cmocka_unit_test(a_payment_is_corrected_once_and_a_correction_never),
		cmocka_unit_test(kind_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
