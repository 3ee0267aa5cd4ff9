/* test_perm.c: the one permission table: who may do what, and how far each grant reaches. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/perm.h"

static const struct target community1 = {.community_id = 1};
static const struct target community2 = {.community_id = 2};
static const struct target no_community = {0};

static void
only_admin_manages_accounts_and_everywhere(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__COUNT; r++) {
		enum scope want = r == ROLE_ADMIN ? SCOPE_ALL : SCOPE_NONE;
		if (perm_scope((enum role)r, PERM_USERS_ADMIN) != want)
			fail_msg("role %s has scope %d for users_admin", role_name((enum role)r),
			         (int)perm_scope((enum role)r, PERM_USERS_ADMIN));
	}
}

static void
every_guarded_action_is_granted_to_some_role(void **state)
{
	(void)state;
	/* a row of zeros would be a route nobody can ever reach */
	for (int p = PERM_SIGNED_IN + 1; p < PERM__COUNT; p++) {
		bool someone = false;
		for (int r = 0; r < ROLE__COUNT; r++)
			someone |= perm_scope((enum role)r, (enum perm)p) != SCOPE_NONE;
		if (!someone)
			fail_msg("nobody may %s", perm_name((enum perm)p));
	}
}

static void
public_pages_need_nobody(void **state)
{
	(void)state;
	assert_true(perm_allows(false, NULL, 0, PERM_PUBLIC, NULL));
	assert_true(perm_allows(false, NULL, 0, PERM_PUBLIC, &community1));
}

static void
signed_in_pages_need_an_account_but_no_role(void **state)
{
	(void)state;
	assert_false(perm_allows(false, NULL, 0, PERM_SIGNED_IN, NULL));
	assert_true(perm_allows(true, NULL, 0, PERM_SIGNED_IN, NULL));
}

static void
an_admin_grant_manages_accounts_without_a_target(void **state)
{
	(void)state;
	struct grant admin = {.role = ROLE_ADMIN, .community_id = 0};
	assert_true(perm_allows(true, &admin, 1, PERM_USERS_ADMIN, NULL));
	assert_true(perm_allows(true, &admin, 1, PERM_USERS_ADMIN, &community2));
}

static void
grants_count_for_nothing_when_not_signed_in(void **state)
{
	(void)state;
	struct grant admin = {.role = ROLE_ADMIN, .community_id = 0};
	assert_false(perm_allows(false, &admin, 1, PERM_USERS_ADMIN, NULL));
}

static void
staff_do_not_manage_accounts(void **state)
{
	(void)state;
	struct grant staff = {.role = ROLE_STAFF, .community_id = 1};
	assert_false(perm_allows(true, &staff, 1, PERM_USERS_ADMIN, &community1));
	assert_false(perm_allows(true, &staff, 1, PERM_USERS_ADMIN, NULL));
}

static void
staff_of_community_1_read_community_1_but_not_community_2(void **state)
{
	(void)state;
	struct grant staff = {.role = ROLE_STAFF, .community_id = 1};
	assert_true(perm_allows(true, &staff, 1, PERM_COMMUNITY_READ, &community1));
	assert_false(perm_allows(true, &staff, 1, PERM_COMMUNITY_READ, &community2));
}

static void
a_community_grant_does_not_reach_an_action_tied_to_no_community(void **state)
{
	(void)state;
	struct grant staff = {.role = ROLE_STAFF, .community_id = 1};
	assert_false(perm_allows(true, &staff, 1, PERM_COMMUNITY_READ, &no_community));
	assert_false(perm_allows(true, &staff, 1, PERM_COMMUNITY_READ, NULL));
}

static void
a_grant_in_community_0_reaches_no_community_through_own_community(void **state)
{
	(void)state;
	/* 0 marks installation-wide grants; "own community" of 0 must not match every community */
	struct grant staff0 = {.role = ROLE_STAFF, .community_id = 0};
	assert_false(perm_allows(true, &staff0, 1, PERM_COMMUNITY_READ, &community1));
	assert_false(perm_allows(true, &staff0, 1, PERM_COMMUNITY_READ, &no_community));
}

static void
any_one_grant_that_reaches_is_enough(void **state)
{
	(void)state;
	struct grant g[] = {
		{.role = ROLE_OWNER, .community_id = 2},
		{.role = ROLE_HEAD, .community_id = 1},
	};
	assert_true(perm_allows(true, g, 2, PERM_COMMUNITY_READ, &community1));
	assert_true(perm_allows(true, g, 2, PERM_COMMUNITY_READ, &community2));
	struct target community3 = {.community_id = 3};
	assert_false(perm_allows(true, g, 2, PERM_COMMUNITY_READ, &community3));
}

static void
district_staff_read_each_community_given_and_write_nothing(void **state)
{
	(void)state;
	/* one grant per community overseen: 1 and 2, not 3 */
	struct grant g[] = {{.role = ROLE_DISTRICT, .community_id = 1}, {.role = ROLE_DISTRICT, .community_id = 2}};
	struct target community3 = {.community_id = 3};
	static const enum perm reads[] = {PERM_COMMUNITY_READ, PERM_REGISTRY_READ, PERM_UNIT_READ, PERM_AUDIT_READ,
	                                  PERM_DISTRICT_READ, PERM_PROBLEM_READ,
	                                  PERM_DECISION_READ, PERM_DECISION_TURNOUT, PERM_PLAN_READ, PERM_VOLUNTEER_READ};
	for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		assert_true(perm_allows(true, g, 2, reads[i], &community1));
		assert_true(perm_allows(true, g, 2, reads[i], &community2));
		assert_false(perm_allows(true, g, 2, reads[i], &community3));
	}
	/* nothing that changes anything, and no one's unmasked name or phone (PIPL) */
	for (int p = PERM_SIGNED_IN + 1; p < PERM__COUNT; p++) {
		bool read = false;
		for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++)
			read |= reads[i] == (enum perm)p;
		if (!read && perm_scope(ROLE_DISTRICT, (enum perm)p) != SCOPE_NONE)
			fail_msg("district may %s", perm_name((enum perm)p));
	}
}

static void
only_district_staff_and_the_administrator_have_the_district_view(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__COUNT; r++) {
		enum scope want = r == ROLE_ADMIN ? SCOPE_ALL : r == ROLE_DISTRICT ? SCOPE_OWN_COMMUNITY : SCOPE_NONE;
		if (perm_scope((enum role)r, PERM_DISTRICT_READ) != want)
			fail_msg("role %s has scope %d for district_read", role_name((enum role)r),
			         (int)perm_scope((enum role)r, PERM_DISTRICT_READ));
	}
}

static void
an_unknown_role_or_action_has_no_scope(void **state)
{
	(void)state;
	assert_int_equal(perm_scope(ROLE__COUNT, PERM_COMMUNITY_READ), SCOPE_NONE);
	assert_int_equal(perm_scope((enum role)-1, PERM_COMMUNITY_READ), SCOPE_NONE);
	assert_int_equal(perm_scope(ROLE_ADMIN, PERM__COUNT), SCOPE_NONE);
}

static void
role_names_round_trip(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__COUNT; r++) {
		const char *name = role_name((enum role)r);
		assert_non_null(name);
		assert_int_equal(role_from_name(name), r);
	}
	assert_string_equal(role_name(ROLE_STAFF), "staff");
	assert_string_equal(role_name(ROLE_HEAD), "head");
}

static void
an_unknown_role_name_is_minus_one(void **state)
{
	(void)state;
	assert_int_equal(role_from_name("root"), -1);
	assert_int_equal(role_from_name(""), -1);
	assert_int_equal(role_from_name("staff "), -1);
	assert_string_equal(role_name(ROLE__COUNT), "?");
}

static void
action_names_are_snake_case(void **state)
{
	(void)state;
	assert_string_equal(perm_name(PERM_USERS_ADMIN), "users_admin");
	assert_string_equal(perm_name(PERM_COMMUNITY_READ), "community_read");
	assert_string_equal(perm_name(PERM__COUNT), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_admin_manages_accounts_and_everywhere),
		cmocka_unit_test(every_guarded_action_is_granted_to_some_role),
		cmocka_unit_test(public_pages_need_nobody),
		cmocka_unit_test(signed_in_pages_need_an_account_but_no_role),
		cmocka_unit_test(an_admin_grant_manages_accounts_without_a_target),
		cmocka_unit_test(grants_count_for_nothing_when_not_signed_in),
		cmocka_unit_test(staff_do_not_manage_accounts),
		cmocka_unit_test(staff_of_community_1_read_community_1_but_not_community_2),
		cmocka_unit_test(a_community_grant_does_not_reach_an_action_tied_to_no_community),
		cmocka_unit_test(a_grant_in_community_0_reaches_no_community_through_own_community),
		cmocka_unit_test(any_one_grant_that_reaches_is_enough),
		cmocka_unit_test(district_staff_read_each_community_given_and_write_nothing),
		cmocka_unit_test(only_district_staff_and_the_administrator_have_the_district_view),
		cmocka_unit_test(an_unknown_role_or_action_has_no_scope),
		cmocka_unit_test(role_names_round_trip),
		cmocka_unit_test(an_unknown_role_name_is_minus_one),
		cmocka_unit_test(action_names_are_snake_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
