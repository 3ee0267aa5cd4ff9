/* test_share.c: cost shares as DOMAIN.md §4 states them — by area (Art. 283) and by the elevator
 * floor coefficients, rounded to the fen by largest remainder so the shares always sum to the
 * total (checked on many seeded random rolls), ties, the ground floor paying nothing, owners
 * counted as in §2, district-sized totals, and the funding split that must match the cost. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/decimal.h"
#include "core/share.h"

/* A fixed-seed generator (xorshift64*), so every run rolls the same compounds. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1du;
}
static int64_t
rng_in(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

static struct share
payer(int64_t owner, int64_t weight)
{
	struct share s = {.owner_id = owner, .weight = weight};
	return s;
}

static int64_t
sum_of(const struct share *s, size_t k)
{
	int64_t t = 0;
	for (size_t i = 0; i < k; i++)
		t += s[i].amount;
	return t;
}

static void
the_elevator_coefficients_are_guangzhous(void **state)
{
	(void)state;
	assert_int_equal(share_coef(1), 0);  /* 0 */
	assert_int_equal(share_coef(2), 5);  /* 0.5 */
	assert_int_equal(share_coef(3), 10); /* 1.0 */
	assert_int_equal(share_coef(4), 11); /* 1.1 */
	assert_int_equal(share_coef(7), 14); /* 1.4 */
	assert_int_equal(share_coef(99), 106);
	assert_int_equal(share_coef(0), 0);
	assert_int_equal(share_coef(-2), 0); /* basements ride nowhere */
}

static void
shares_by_area_are_proportional_when_exact(void **state)
{
	(void)state;
	/* 60, 90 and 150 m²; 3000.00 yuan: 600.00, 900.00, 1500.00 */
	struct share s[] = {payer(1, 6000), payer(2, 9000), payer(3, 15000)};
	assert_int_equal(share_apportion(300000, s, 3), YL_OK);
	assert_int_equal(s[0].amount, 60000);
	assert_int_equal(s[1].amount, 90000);
	assert_int_equal(s[2].amount, 150000);
}

static void
the_largest_remainders_get_the_fen_left_over(void **state)
{
	(void)state;
	/* 100 fen over weights 1, 2, 4 (7): 14.28, 28.57, 57.14 → floors 14, 28, 57 (99); the one fen
	 * left goes to the largest remainder, 28.57's */
	struct share s[] = {payer(1, 1), payer(2, 2), payer(3, 4)};
	assert_int_equal(share_apportion(100, s, 3), YL_OK);
	assert_int_equal(s[0].amount, 14);
	assert_int_equal(s[1].amount, 29);
	assert_int_equal(s[2].amount, 57);
}

static void
equal_remainders_go_to_the_earlier_payer(void **state)
{
	(void)state;
	/* 100 fen between three equal owners: 33 each and one fen left, to the first */
	struct share s[] = {payer(4, 5000), payer(7, 5000), payer(9, 5000)};
	assert_int_equal(share_apportion(100, s, 3), YL_OK);
	assert_int_equal(s[0].amount, 34);
	assert_int_equal(s[1].amount, 33);
	assert_int_equal(s[2].amount, 33);
	/* 2 fen between three: the first two */
	assert_int_equal(share_apportion(2, s, 3), YL_OK);
	assert_int_equal(s[0].amount, 1);
	assert_int_equal(s[1].amount, 1);
	assert_int_equal(s[2].amount, 0);
	/* the order given is kept */
	assert_int_equal(s[0].owner_id, 4);
	assert_int_equal(s[2].owner_id, 9);
}

static void
the_ground_floor_pays_nothing_for_the_elevator(void **state)
{
	(void)state;
	/* one unit of 80.00 m² on floors 1 … 6: weights 0, 5, 10, 11, 12, 13 tenths × 8000 */
	struct share_unit u[6];
	for (int f = 1; f <= 6; f++)
		u[f - 1] = (struct share_unit){.owner_id = f, .area = 8000, .floor = f};
	struct share s[6];
	size_t k;
	assert_int_equal(share_payers(u, 6, SHARE_ELEVATOR, s, &k), YL_OK);
	assert_int_equal(k, 6);
	/* 51 tenths in all; 5100.01 yuan so that every floor has a remainder to round */
	assert_int_equal(share_apportion(510001, s, k), YL_OK);
	assert_int_equal(s[0].amount, 0);
	assert_int_equal(s[1].amount / 100, 500);   /* 0.5 / 5.1 of 5100 */
	assert_int_equal(s[2].amount / 100, 1000);  /* 1.0 / 5.1 */
	assert_int_equal(s[5].amount / 100, 1300);  /* 1.3 / 5.1 */
	assert_int_equal(sum_of(s, k), 510001);
	/* even 1 fen over 5 paying floors never lands on the ground floor */
	assert_int_equal(share_apportion(1, s, k), YL_OK);
	assert_int_equal(s[0].amount, 0);
	assert_int_equal(s[4].amount, 0);
	assert_int_equal(s[5].amount, 1); /* the largest remainder: floor 6's 13/51 of a fen */
}

static void
units_on_one_floor_share_by_area(void **state)
{
	(void)state;
	/* floor 4: 60 m² and 120 m² pay 1 : 2 */
	struct share_unit u[] = {{.owner_id = 1, .area = 6000, .floor = 4}, {.owner_id = 2, .area = 12000, .floor = 4}};
	struct share s[2];
	size_t k;
	assert_int_equal(share_payers(u, 2, SHARE_ELEVATOR, s, &k), YL_OK);
	assert_int_equal(share_apportion(90000, s, k), YL_OK);
	assert_int_equal(s[0].amount, 30000);
	assert_int_equal(s[1].amount, 60000);
}

static void
an_owner_of_several_units_pays_once_for_their_areas(void **state)
{
	(void)state;
	/* owner 5 holds 60 m² on floor 2 and 40 m² on floor 5; owner 3 holds 100 m² on floor 3 */
	struct share_unit u[] = {{5, 6000, 2, false}, {3, 10000, 3, false}, {5, 4000, 5, false}};
	struct share s[3];
	size_t k;
	assert_int_equal(share_payers(u, 3, SHARE_AREA, s, &k), YL_OK);
	assert_int_equal(k, 2);
	assert_int_equal(s[0].owner_id, 3);
	assert_int_equal(s[1].owner_id, 5);
	assert_int_equal(s[1].area, 10000);
	assert_int_equal(s[1].units, 2);
	assert_int_equal(s[1].weight, 10000);
	assert_int_equal(share_payers(u, 3, SHARE_ELEVATOR, s, &k), YL_OK);
	assert_int_equal(s[0].weight, 10 * 10000);
	assert_int_equal(s[1].weight, 5 * 6000 + 12 * 4000);
}

static void
developer_held_units_are_one_payer_by_their_area(void **state)
{
	(void)state;
	/* two unsold units named on owners 8 and 9 and one owner's unit: the developer pays for
	 * 50 + 70 m² as one payer, listed first */
	struct share_unit u[] = {{9, 7000, 3, true}, {2, 12000, 3, false}, {8, 5000, 3, true}};
	struct share s[3];
	size_t k;
	assert_int_equal(share_payers(u, 3, SHARE_AREA, s, &k), YL_OK);
	assert_int_equal(k, 2);
	assert_int_equal(s[0].owner_id, SHARE_DEVELOPER);
	assert_int_equal(s[0].area, 12000);
	assert_int_equal(s[0].units, 2);
	assert_int_equal(share_apportion(2400000, s, k), YL_OK);
	assert_int_equal(s[0].amount, 1200000);
	assert_int_equal(s[1].amount, 1200000);
}

static void
a_single_payer_pays_it_all(void **state)
{
	(void)state;
	struct share s[] = {payer(1, 12345)};
	assert_int_equal(share_apportion(12000000, s, 1), YL_OK);
	assert_int_equal(s[0].amount, 12000000);
	/* and with a ground-floor neighbour who pays nothing */
	struct share t[] = {payer(1, 0), payer(2, 7)};
	assert_int_equal(share_apportion(DEC_MAX, t, 2), YL_OK);
	assert_int_equal(t[0].amount, 0);
	assert_int_equal(t[1].amount, DEC_MAX);
}

static void
nobody_to_charge_is_refused(void **state)
{
	(void)state;
	/* a ground-floor stairwell under the elevator rule: every weight 0 */
	struct share s[] = {payer(1, 0), payer(2, 0)};
	assert_int_equal(share_apportion(100, s, 2), ERR_INVALID);
	assert_int_equal(share_apportion(100, s, 0), ERR_INVALID);
	struct share t[] = {payer(1, 10)};
	assert_int_equal(share_apportion(-1, t, 1), ERR_INVALID);
	assert_int_equal(share_apportion(DEC_MAX + 1, t, 1), ERR_INVALID);
	t[0].weight = -1;
	assert_int_equal(share_apportion(100, t, 1), ERR_INVALID);
	/* a zero total is shared as zeros */
	t[0].weight = 10;
	assert_int_equal(share_apportion(0, t, 1), YL_OK);
	assert_int_equal(t[0].amount, 0);
}

static void
bad_units_are_refused(void **state)
{
	(void)state;
	struct share_unit u[] = {{1, 0, 3, false}};
	struct share s[1];
	size_t k;
	assert_int_equal(share_payers(u, 1, SHARE_AREA, s, &k), ERR_INVALID);
	u[0].area = 100;
	assert_int_equal(share_payers(u, 1, (enum share_rule)7, s, &k), ERR_INVALID);
	/* weights whose sum passes INT64_MAX (9.22·10^18): 88 · 106 · 10^15 ≈ 9.33·10^18 */
	enum { NBIG = 88 };
	struct share_unit big[NBIG];
	struct share bs[NBIG];
	for (int i = 0; i < NBIG; i++)
		big[i] = (struct share_unit){.owner_id = i + 1, .area = DEC_MAX, .floor = 99};
	assert_int_equal(share_payers(big, NBIG, SHARE_ELEVATOR, bs, &k), ERR_INVALID);
	/* … but by area the same units sum to 8.8·10^16: fine */
	assert_int_equal(share_payers(big, NBIG, SHARE_AREA, bs, &k), YL_OK);
}

static void
random_rolls_always_sum_to_the_total(void **state)
{
	(void)state;
	enum { MAXU = 300 };
	struct share_unit u[MAXU];
	struct share s[MAXU];
	for (int roll = 0; roll < 2000; roll++) {
		size_t n = (size_t)rng_in(1, MAXU);
		int64_t owners = rng_in(1, (int64_t)n);
		for (size_t i = 0; i < n; i++)
			u[i] = (struct share_unit){.owner_id = rng_in(1, owners), .area = rng_in(1, 10000000),
			                           .floor = (int)rng_in(-2, 33), .developer_held = rng() % 10 == 0};
		enum share_rule rule = roll % 2 ? SHARE_ELEVATOR : SHARE_AREA;
		size_t k;
		assert_int_equal(share_payers(u, n, rule, s, &k), YL_OK);
		int64_t w = 0;
		for (size_t i = 0; i < k; i++)
			w += s[i].weight;
		int64_t total = rng_in(0, roll % 3 ? 100000000 : DEC_MAX);
		if (w == 0) {
			assert_int_equal(share_apportion(total, s, k), ERR_INVALID);
			continue;
		}
		assert_int_equal(share_apportion(total, s, k), YL_OK);
		assert_int_equal(sum_of(s, k), total);
		for (size_t i = 0; i < k; i++) {
			/* each share is its exact quotient rounded down or up by one fen, and 0 for weight 0 */
			uint64_t rem;
			int64_t q = share_muldiv(total, s[i].weight, w, &rem);
			assert_true(s[i].amount == q || (s[i].amount == q + 1 && rem > 0));
			if (s[i].weight == 0)
				assert_int_equal(s[i].amount, 0);
			if (i > 0)
				assert_true(s[i - 1].owner_id < s[i].owner_id);
		}
	}
}

static void
exact_products_match_128_bit_arithmetic(void **state)
{
	(void)state;
	uint64_t rem;
	assert_int_equal(share_muldiv(DEC_MAX, INT64_MAX - 1, INT64_MAX, &rem), DEC_MAX - 1);
	assert_int_equal(rem, INT64_MAX - DEC_MAX);
#ifdef __SIZEOF_INT128__
	for (int i = 0; i < 100000; i++) {
		int64_t d = (int64_t)(rng() >> 1);
		if (d == 0)
			d = 1;
		int64_t b = (int64_t)(rng() % (uint64_t)d);
		int64_t a = (int64_t)(rng() % (uint64_t)(DEC_MAX + 1));
		unsigned __int128 p = (unsigned __int128)a * (unsigned __int128)b;
		assert_true(share_muldiv(a, b, d, &rem) == (int64_t)(p / (uint64_t)d));
		assert_true(rem == (uint64_t)(p % (uint64_t)d));
	}
#endif
}

static void
a_district_sized_roll_shares_a_district_sized_total(void **state)
{
	(void)state;
	/* 500,000 units of up to 300 m² on floors 1 … 30, one owner in five with two units; a total
	 * of 10^12 fen (ten billion yuan) */
	enum { N = 500000 };
	struct share_unit *u = malloc(N * sizeof *u);
	struct share *s = malloc(N * sizeof *s);
	assert_non_null(u);
	assert_non_null(s);
	for (size_t rule = 0; rule < SHARE__COUNT; rule++) {
		for (size_t i = 0; i < N; i++)
			u[i] = (struct share_unit){.owner_id = (int64_t)(i % 5 == 0 ? i + 1 : i), .area = rng_in(2000, 30000),
			                           .floor = (int)rng_in(1, 30), .developer_held = i % 97 == 0};
		size_t k;
		assert_int_equal(share_payers(u, N, (enum share_rule)rule, s, &k), YL_OK);
		assert_int_equal(share_apportion(INT64_C(1000000000000), s, k), YL_OK);
		assert_int_equal(sum_of(s, k), INT64_C(1000000000000));
	}
	free(u);
	free(s);
}

static void
a_funding_split_must_match_the_cost_exactly(void **state)
{
	(void)state;
	int64_t parts[FUND__COUNT] = {[FUND_GOVERNMENT] = 8000000, [FUND_RESIDENTS] = 1500000,
	                              [FUND_UTILITY] = 500000};
	int64_t diff;
	assert_int_equal(share_funding_gap(10000000, parts, &diff), YL_OK);
	assert_int_equal(diff, 0);
	assert_int_equal(share_funding_gap(10000001, parts, &diff), YL_OK);
	assert_int_equal(diff, 1); /* one fen short */
	assert_int_equal(share_funding_gap(9999999, parts, &diff), YL_OK);
	assert_int_equal(diff, -1); /* one fen over */
	parts[FUND_SOCIAL] = -1;
	assert_int_equal(share_funding_gap(10000000, parts, &diff), ERR_INVALID);
	parts[FUND_SOCIAL] = DEC_MAX + 1;
	assert_int_equal(share_funding_gap(10000000, parts, &diff), ERR_INVALID);
	for (int i = 0; i < FUND__COUNT; i++)
		parts[i] = DEC_MAX;
	assert_int_equal(share_funding_gap(DEC_MAX, parts, &diff), YL_OK);
	assert_int_equal(diff, -5 * DEC_MAX);
	assert_string_equal(fund_source_names[FUND_MAINTENANCE], "maintenance_fund");
	assert_int_equal(fund_source_from_name("stationed_unit"), FUND_STATIONED);
	assert_int_equal(fund_source_from_name("bank"), -1);
	assert_int_equal(share_rule_from_name("elevator"), SHARE_ELEVATOR);
	assert_int_equal(share_rule_from_name("floor"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_elevator_coefficients_are_guangzhous),
		cmocka_unit_test(shares_by_area_are_proportional_when_exact),
		cmocka_unit_test(the_largest_remainders_get_the_fen_left_over),
		cmocka_unit_test(equal_remainders_go_to_the_earlier_payer),
		cmocka_unit_test(the_ground_floor_pays_nothing_for_the_elevator),
		cmocka_unit_test(units_on_one_floor_share_by_area),
		cmocka_unit_test(an_owner_of_several_units_pays_once_for_their_areas),
		cmocka_unit_test(developer_held_units_are_one_payer_by_their_area),
		cmocka_unit_test(a_single_payer_pays_it_all),
		cmocka_unit_test(nobody_to_charge_is_refused),
		cmocka_unit_test(bad_units_are_refused),
		cmocka_unit_test(random_rolls_always_sum_to_the_total),
		cmocka_unit_test(exact_products_match_128_bit_arithmetic),
		cmocka_unit_test(a_district_sized_roll_shares_a_district_sized_total),
		cmocka_unit_test(a_funding_split_must_match_the_cost_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
