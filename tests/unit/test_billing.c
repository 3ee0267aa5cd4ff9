/* test_billing.c: one unit's bill (core/billing.c) — area × the price of each month rounded half
 * up to the fen once, fixed items per month, exemptions as their own reliefs (a percent of the
 * months they cover, or an amount a month), never below zero; ageing and the collection rate. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/billing.h"

static const struct period NOV = {202611, 1}, Q4 = {202610, 3}, Y26 = {202601, 12};

static void
rounding_is_half_up_at_the_fen(void **state)
{
	(void)state;
	assert_int_equal(round_half_up(149, 100), 1); /* 1.49 fen → 1 */
	assert_int_equal(round_half_up(150, 100), 2); /* 1.50 fen → 2 */
	assert_int_equal(round_half_up(249, 100), 2);
	assert_int_equal(round_half_up(250, 100), 3);
	assert_int_equal(round_half_up(0, 100), 0);
	assert_int_equal(round_half_up(99, 100), 1);
	assert_int_equal(round_half_up(4999, 10000), 0);
	assert_int_equal(round_half_up(5000, 10000), 1);
}

static void
a_month_is_area_times_price_rounded_once(void **state)
{
	(void)state;
	/* 63.50 m² × 0.45 元 = 28.575 元 → 28.58 */
	struct fee_month m[1] = {{45, 0}};
	struct bill_calc c;
	assert_int_equal(bill_compute(6350, NOV, m, NULL, 0, &c, NULL), YL_OK);
	assert_int_equal(c.price_months, 45);
	assert_int_equal(c.area_fee, 2858);
	assert_int_equal(c.total, 2858);
	/* 63.49 m² × 0.45 = 28.5705 → 28.57 */
	assert_int_equal(bill_compute(6349, NOV, m, NULL, 0, &c, NULL), YL_OK);
	assert_int_equal(c.area_fee, 2857);
}

static void
months_are_summed_before_rounding(void **state)
{
	(void)state;
	/* 3 × 28.575 = 85.725 → 85.73 (rounding each month would give 85.74) */
	struct fee_month m[3] = {{45, 0}, {45, 0}, {45, 0}};
	struct bill_calc c;
	assert_int_equal(bill_compute(6350, Q4, m, NULL, 0, &c, NULL), YL_OK);
	assert_int_equal(c.price_months, 135);
	assert_int_equal(c.area_fee, 8573);
	struct fee_month y[12];
	for (int i = 0; i < 12; i++)
		y[i] = (struct fee_month){80, 0};
	assert_int_equal(bill_compute(10000, Y26, y, NULL, 0, &c, NULL), YL_OK);
	assert_int_equal(c.area_fee, 96000); /* 100 m² × 0.80 × 12 */
}

static void
a_price_change_inside_a_quarter_counts_by_month(void **state)
{
	(void)state;
	/* October at 0.45, November and December at 0.80: 63.50 × 2.05 = 130.175 → 130.18 */
	struct fee_month m[3] = {{45, 500}, {80, 600}, {80, 600}};
	struct bill_calc c;
	assert_int_equal(bill_compute(6350, Q4, m, NULL, 0, &c, NULL), YL_OK);
	assert_int_equal(c.price_months, 205);
	assert_int_equal(c.area_fee, 13018);
	assert_int_equal(c.fixed_fee, 1700);
	assert_int_equal(c.total, 14718);
}

static void
fixed_items_are_per_unit_per_month(void **state)
{
	(void)state;
	struct fee_month m[3] = {{0, 500}, {0, 500}, {0, 500}};
	struct bill_calc c;
	assert_int_equal(bill_compute(9999, Q4, m, NULL, 0, &c, NULL), YL_OK);
	assert_int_equal(c.area_fee, 0);
	assert_int_equal(c.fixed_fee, 1500);
	assert_int_equal(c.total, 1500);
}

static void
a_percent_relief_covers_only_its_months(void **state)
{
	(void)state;
	/* 50 % from November: (63.50 × 0.45 + 5.00) × 2 = 67.15, half = 33.575 → 33.58 */
	struct fee_month m[3] = {{45, 500}, {45, 500}, {45, 500}};
	struct fee_relief r[1] = {{202611, 0, 50, 0}};
	int64_t out[1];
	struct bill_calc c;
	assert_int_equal(bill_compute(6350, Q4, m, r, 1, &c, out), YL_OK);
	assert_int_equal(c.area_fee + c.fixed_fee, 8573 + 1500);
	assert_int_equal(out[0], 3358);
	assert_int_equal(c.relief, 3358);
	assert_int_equal(c.total, 8573 + 1500 - 3358);
	/* an exemption that ended in October covers one month only */
	struct fee_relief oct[1] = {{202601, 202610, 100, 0}};
	assert_int_equal(bill_compute(6350, Q4, m, oct, 1, &c, out), YL_OK);
	assert_int_equal(out[0], 2858 + 500);
	/* one that begins after the period covers nothing */
	struct fee_relief later[1] = {{202701, 0, 100, 0}};
	assert_int_equal(bill_compute(6350, Q4, m, later, 1, &c, out), YL_OK);
	assert_int_equal(out[0], 0);
	assert_int_equal(c.total, 8573 + 1500);
}

static void
an_amount_relief_is_per_month_covered(void **state)
{
	(void)state;
	struct fee_month m[3] = {{45, 500}, {45, 500}, {45, 500}};
	struct fee_relief r[1] = {{202610, 202611, 0, 2000}};
	int64_t out[1];
	struct bill_calc c;
	assert_int_equal(bill_compute(6350, Q4, m, r, 1, &c, out), YL_OK);
	assert_int_equal(out[0], 4000);
	assert_int_equal(c.total, 8573 + 1500 - 4000);
}

static void
reliefs_never_take_a_bill_below_zero(void **state)
{
	(void)state;
	struct fee_month m[1] = {{45, 500}};
	/* 100 % and then 20.00 more: the second is cut to nothing */
	struct fee_relief r[2] = {{202611, 0, 100, 0}, {202611, 0, 0, 2000}};
	int64_t out[2];
	struct bill_calc c;
	assert_int_equal(bill_compute(6350, NOV, m, r, 2, &c, out), YL_OK);
	assert_int_equal(out[0], 2858 + 500);
	assert_int_equal(out[1], 0);
	assert_int_equal(c.total, 0);
	/* an amount above the bill is cut to the bill */
	struct fee_relief big[1] = {{202611, 0, 0, 100000}};
	assert_int_equal(bill_compute(6350, NOV, m, big, 1, &c, out), YL_OK);
	assert_int_equal(out[0], 3358);
	assert_int_equal(c.total, 0);
}

static void
invalid_inputs_are_refused(void **state)
{
	(void)state;
	struct fee_month m[1] = {{45, 0}};
	struct bill_calc c;
	int64_t out[1];
	assert_int_equal(bill_compute(-1, NOV, m, NULL, 0, &c, NULL), ERR_INVALID);
	assert_int_equal(bill_compute(BILL_AREA_MAX + 1, NOV, m, NULL, 0, &c, NULL), ERR_INVALID);
	assert_int_equal(bill_compute(6350, (struct period){202611, 2}, m, NULL, 0, &c, NULL), ERR_INVALID);
	assert_int_equal(bill_compute(6350, (struct period){202613, 1}, m, NULL, 0, &c, NULL), ERR_INVALID);
	struct fee_month neg[1] = {{-1, 0}}, high[1] = {{BILL_PRICE_MAX + 1, 0}}, fixed[1] = {{45, BILL_FIXED_MAX + 1}};
	assert_int_equal(bill_compute(6350, NOV, neg, NULL, 0, &c, NULL), ERR_INVALID);
	assert_int_equal(bill_compute(6350, NOV, high, NULL, 0, &c, NULL), ERR_INVALID);
	assert_int_equal(bill_compute(6350, NOV, fixed, NULL, 0, &c, NULL), ERR_INVALID);
	struct fee_relief pct[1] = {{202611, 0, 101, 0}}, amt[1] = {{202611, 0, 0, -1}};
	assert_int_equal(bill_compute(6350, NOV, m, pct, 1, &c, out), ERR_INVALID);
	assert_int_equal(bill_compute(6350, NOV, m, amt, 1, &c, out), ERR_INVALID);
	/* the largest allowed figures stay exact */
	struct fee_month max[12];
	for (int i = 0; i < 12; i++)
		max[i] = (struct fee_month){BILL_PRICE_MAX, BILL_FIXED_MAX};
	assert_int_equal(bill_compute(BILL_AREA_MAX, Y26, max, NULL, 0, &c, NULL), YL_OK);
	assert_int_equal(c.area_fee, BILL_AREA_MAX * BILL_PRICE_MAX * 12 / 100);
}

static void
ageing_counts_months_begun(void **state)
{
	(void)state;
	assert_int_equal(ageing_of(202611, 202611), AGE_0_3);
	assert_int_equal(ageing_of(202609, 202611), AGE_0_3);
	assert_int_equal(ageing_of(202608, 202611), AGE_3_6);
	assert_int_equal(ageing_of(202605, 202611), AGE_6_12);
	assert_int_equal(ageing_of(202512, 202611), AGE_6_12);
	assert_int_equal(ageing_of(202511, 202611), AGE_12_UP);
}

static void
collection_rate_never_shows_all_paid_while_a_fen_is_owed(void **state)
{
	(void)state;
	assert_int_equal(collection_permille(0, 0), 0);
	assert_int_equal(collection_permille(999999, 1000000), 999);
	assert_int_equal(collection_permille(1000000, 1000000), 1000);
	assert_int_equal(collection_permille(2000000, 1000000), 1000);
	assert_int_equal(collection_permille(1, 3), 333);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rounding_is_half_up_at_the_fen),
		cmocka_unit_test(a_month_is_area_times_price_rounded_once),
		cmocka_unit_test(months_are_summed_before_rounding),
		cmocka_unit_test(a_price_change_inside_a_quarter_counts_by_month),
		cmocka_unit_test(fixed_items_are_per_unit_per_month),
		cmocka_unit_test(a_percent_relief_covers_only_its_months),
		cmocka_unit_test(an_amount_relief_is_per_month_covered),
		cmocka_unit_test(reliefs_never_take_a_bill_below_zero),
		cmocka_unit_test(invalid_inputs_are_refused),
		cmocka_unit_test(ageing_counts_months_begun),
		cmocka_unit_test(collection_rate_never_shows_all_paid_while_a_fen_is_owed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
