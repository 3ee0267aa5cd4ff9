/* test_vote.c: Civil Code Art. 278 as DOMAIN.md §1–§2 state it — every boundary (exactly 2/3,
 * exactly 3/4, exactly 1/2, one hundredth of a m² and one owner either side), abstentions,
 * who counts as one owner (several units, developer-held units), and 64-bit sums on a
 * district-sized roll. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/vote.h"

/* A tally from owners/area in scope, and yes/no/abstain as owners and area. */
static struct tally
tally(int64_t tot_o, int64_t tot_a, int64_t yes_o, int64_t yes_a, int64_t no_o, int64_t no_a, int64_t abs_o,
      int64_t abs_a)
{
	struct tally t = {{tot_o, tot_a},
	                  {yes_o + no_o + abs_o, yes_a + no_a + abs_a},
	                  {yes_o, yes_a},
	                  {no_o, no_a},
	                  {abs_o, abs_a}};
	return t;
}

static void
the_tiers_are_the_articles(void **state)
{
	(void)state;
	/* （六）（七）（八） need three quarters; the other six a majority */
	static const enum tier want[MATTER__COUNT] = {TIER_MAJORITY, TIER_MAJORITY, TIER_MAJORITY,
	                                              TIER_MAJORITY, TIER_MAJORITY, TIER_THREE_QUARTERS,
	                                              TIER_THREE_QUARTERS, TIER_THREE_QUARTERS, TIER_MAJORITY};
	for (int m = 0; m < MATTER__COUNT; m++)
		assert_int_equal(vote_tier((enum matter)m), want[m]);
	assert_string_equal(vote_matter_name(MATTER_FUND_RAISE), "fund_raise");
	assert_int_equal(vote_matter_from_name("common_use"), MATTER_COMMON_USE);
	assert_int_equal(vote_matter_from_name("Rebuild"), -1);
	assert_int_equal(vote_tier((enum matter)99), TIER_THREE_QUARTERS);
}

static void
quorum_is_met_at_exactly_two_thirds_by_area_and_by_owners(void **state)
{
	(void)state;
	/* 300 owners with 27000.00 m²; 200 take part with 18000.00 m², all yes */
	struct tally t = tally(300, 2700000, 200, 1800000, 0, 0, 0, 0);
	assert_true(vote_decide(MATTER_OTHER, &t).quorum_met);
	assert_true(vote_decide(MATTER_OTHER, &t).passed);
}

static void
quorum_fails_one_hundredth_of_a_square_metre_short(void **state)
{
	(void)state;
	struct tally t = tally(300, 2700000, 200, 1799999, 0, 0, 0, 0);
	struct verdict v = vote_decide(MATTER_OTHER, &t);
	assert_false(v.quorum_met);
	assert_false(v.passed);
}

static void
quorum_fails_one_owner_short_even_with_the_area(void **state)
{
	(void)state;
	/* 199 owners hold 90% of the area: area is not enough, headcount must be too */
	struct tally t = tally(300, 2700000, 199, 2430000, 0, 0, 0, 0);
	assert_false(vote_decide(MATTER_OTHER, &t).quorum_met);
}

static void
majority_fails_at_exactly_half(void **state)
{
	(void)state;
	/* 240 take part with 21600.00; 120 say yes with 10800.00: 过半数 is strictly more than half */
	struct tally t = tally(300, 2700000, 120, 1080000, 120, 1080000, 0, 0);
	struct verdict v = vote_decide(MATTER_MANAGER, &t);
	assert_true(v.quorum_met);
	assert_false(v.passed);
}

static void
majority_passes_one_hundredth_and_one_owner_above_half(void **state)
{
	(void)state;
	struct tally t = tally(300, 2700000, 121, 1080001, 119, 1079999, 0, 0);
	assert_true(vote_decide(MATTER_MANAGER, &t).passed);
	/* more than half by owners but exactly half by area: fails */
	t = tally(300, 2700000, 121, 1080000, 119, 1080000, 0, 0);
	assert_false(vote_decide(MATTER_MANAGER, &t).passed);
	/* more than half by area but exactly half by owners: fails */
	t = tally(300, 2700000, 120, 1080001, 120, 1079999, 0, 0);
	assert_false(vote_decide(MATTER_MANAGER, &t).passed);
}

static void
three_quarters_passes_at_exactly_three_quarters(void **state)
{
	(void)state;
	/* 240 take part with 21600.00; 180 yes with 16200.00 = exactly 3/4 of both */
	struct tally t = tally(300, 2700000, 180, 1620000, 60, 540000, 0, 0);
	struct verdict v = vote_decide(MATTER_REBUILD, &t);
	assert_int_equal(v.tier, TIER_THREE_QUARTERS);
	assert_true(v.passed);
}

static void
three_quarters_fails_one_hundredth_or_one_owner_short(void **state)
{
	(void)state;
	struct tally t = tally(300, 2700000, 180, 1619999, 60, 540001, 0, 0);
	assert_false(vote_decide(MATTER_FUND_RAISE, &t).passed);
	t = tally(300, 2700000, 179, 1620000, 61, 540000, 0, 0);
	assert_false(vote_decide(MATTER_COMMON_USE, &t).passed);
	/* the same figures are a comfortable majority */
	assert_true(vote_decide(MATTER_FUND_USE, &t).passed);
}

static void
abstentions_take_part_but_are_not_yes(void **state)
{
	(void)state;
	/* 200 take part (the quorum) with 18000.00: 101 yes, 0 no, 99 abstain. The abstainers make
	 * the quorum and sit in the denominator: 101 of 200 is more than half. */
	struct tally t = tally(300, 2700000, 101, 909001, 0, 0, 99, 890999);
	struct verdict v = vote_decide(MATTER_OTHER, &t);
	assert_true(v.quorum_met);
	assert_true(v.passed);
	/* with 100 yes, 100 abstain nothing passes, although nobody said no */
	t = tally(300, 2700000, 100, 900000, 0, 0, 100, 900000);
	assert_false(vote_decide(MATTER_OTHER, &t).passed);
	/* without the abstainers there would be no quorum at all */
	t = tally(300, 2700000, 101, 909001, 0, 0, 0, 0);
	assert_false(vote_decide(MATTER_OTHER, &t).quorum_met);
}

static void
an_inconsistent_or_empty_tally_never_passes(void **state)
{
	(void)state;
	struct tally t = tally(300, 2700000, 250, 2500000, 0, 0, 0, 0);
	t.participating.owners = 240; /* not yes + no + abstain */
	assert_false(vote_decide(MATTER_OTHER, &t).quorum_met);
	t = tally(300, 2700000, 301, 2700000, 0, 0, 0, 0); /* more than in scope */
	assert_false(vote_decide(MATTER_OTHER, &t).passed);
	t = tally(0, 0, 0, 0, 0, 0, 0, 0); /* nobody in scope */
	assert_false(vote_decide(MATTER_OTHER, &t).passed);
	t = tally(3, 30000, 3, 30000, 0, 0, 0, 0);
	t.no.area = -1;
	t.yes.area = 30001;
	assert_false(vote_decide(MATTER_OTHER, &t).passed);
}

static void
the_quorum_gap_is_what_is_still_missing(void **state)
{
	(void)state;
	struct tally t = tally(300, 2700000, 150, 1500000, 0, 0, 0, 0);
	struct count g = vote_quorum_gap(&t);
	assert_int_equal(g.owners, 50);
	assert_int_equal(g.area, 300000);
	/* one more owner and that area meet it exactly */
	t = tally(300, 2700000, 200, 1800000, 0, 0, 0, 0);
	g = vote_quorum_gap(&t);
	assert_int_equal(g.owners, 0);
	assert_int_equal(g.area, 0);
	/* 7 owners: 2/3 of 7 is 4.67, so 5 are needed */
	t = tally(7, 700, 4, 700, 0, 0, 0, 0);
	assert_int_equal(vote_quorum_gap(&t).owners, 1);
}

static void
an_owner_of_several_units_is_one_owner_with_their_areas_summed(void **state)
{
	(void)state;
	struct roll_unit u[] = {
		{1, 10, 6350, false}, {2, 11, 7000, false}, {3, 10, 4500, false}, {4, 12, 8000, false}, {5, 10, 100, false},
	};
	struct roll_owner o[5];
	struct count total;
	size_t n = vote_roll(u, 5, o, &total);
	assert_int_equal(n, 3);
	assert_int_equal(total.owners, 3);
	assert_int_equal(total.area, 6350 + 7000 + 4500 + 8000 + 100);
	assert_int_equal(o[0].owner_id, 10);
	assert_int_equal(o[0].area, 6350 + 4500 + 100);
	assert_int_equal(o[0].units, 3);
}

static void
all_developer_held_units_are_one_owner(void **state)
{
	(void)state;
	/* unsold and undelivered units, whoever the register names on them, count as ONE owner
	 * (Art. 9: 建设单位尚未出售和虽已出售但尚未交付的部分…按一人计算) */
	struct roll_unit u[] = {
		{1, 500, 6000, true}, {2, 501, 6000, true}, {3, 20, 5000, false}, {4, 502, 6000, true}, {5, 21, 5000, false},
	};
	struct roll_owner o[5];
	struct count total;
	size_t n = vote_roll(u, 5, o, &total);
	assert_int_equal(n, 3);
	assert_int_equal(o[0].owner_id, VOTE_DEVELOPER);
	assert_int_equal(o[0].area, 18000);
	assert_int_equal(o[0].units, 3);
	assert_int_equal(total.owners, 3);
	assert_int_equal(total.area, 28000);
}

static void
a_district_sized_roll_sums_in_64_bits(void **state)
{
	(void)state;
	/* 500,000 units of up to 99,999.99 m² (a factory hall held by a work unit) would overflow
	 * 32 bits many times over; the comparisons multiply by 4 and still fit */
	size_t n = 500000;
	struct roll_unit *u = calloc(n, sizeof *u);
	struct roll_owner *o = calloc(n, sizeof *o);
	assert_non_null(u);
	assert_non_null(o);
	int64_t want = 0;
	for (size_t i = 0; i < n; i++) {
		u[i].unit_id = (int64_t)i + 1;
		u[i].owner_id = (int64_t)(i / 2) + 1; /* two units each */
		u[i].area = 9999999 - (int64_t)(i % 1000);
		u[i].developer_held = i % 97 == 0;
		want += u[i].area;
	}
	struct count total;
	size_t k = vote_roll(u, n, o, &total);
	assert_int_equal(total.area, want);
	assert_true(total.area > INT64_C(4000000000000));
	/* owners: the developer, plus every owner with at least one unit not developer-held */
	int64_t sum = 0;
	for (size_t i = 0; i < k; i++)
		sum += o[i].area;
	assert_int_equal(sum, want);
	struct tally t = {total, total, total, {0, 0}, {0, 0}};
	struct verdict v = vote_decide(MATTER_REBUILD, &t);
	assert_true(v.passed);
	t.yes.area = total.area / 4 * 3 - 1;
	t.no.area = total.area - t.yes.area;
	t.yes.owners = total.owners;
	t.no.owners = 0;
	assert_false(vote_decide(MATTER_REBUILD, &t).passed);
	free(u);
	free(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_tiers_are_the_articles),
		cmocka_unit_test(quorum_is_met_at_exactly_two_thirds_by_area_and_by_owners),
		cmocka_unit_test(quorum_fails_one_hundredth_of_a_square_metre_short),
		cmocka_unit_test(quorum_fails_one_owner_short_even_with_the_area),
		cmocka_unit_test(majority_fails_at_exactly_half),
		cmocka_unit_test(majority_passes_one_hundredth_and_one_owner_above_half),
		cmocka_unit_test(three_quarters_passes_at_exactly_three_quarters),
		cmocka_unit_test(three_quarters_fails_one_hundredth_or_one_owner_short),
		cmocka_unit_test(abstentions_take_part_but_are_not_yes),
		cmocka_unit_test(an_inconsistent_or_empty_tally_never_passes),
		cmocka_unit_test(the_quorum_gap_is_what_is_still_missing),
		cmocka_unit_test(an_owner_of_several_units_is_one_owner_with_their_areas_summed),
		cmocka_unit_test(all_developer_held_units_are_one_owner),
		cmocka_unit_test(a_district_sized_roll_sums_in_64_bits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
