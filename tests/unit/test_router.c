/* test_router.c: a request finds its row in the route table, with its {params} decoded and checked. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "web/router.h"

/* The router never calls handlers; each is a distinct function so rows can be told apart. */
static int h_home(struct req *rq) { (void)rq; return 0; }
static int h_issues(struct req *rq) { (void)rq; return 0; }
static int h_issue_new(struct req *rq) { (void)rq; return 0; }
static int h_issue_create(struct req *rq) { (void)rq; return 0; }
static int h_issue(struct req *rq) { (void)rq; return 0; }
static int h_unit(struct req *rq) { (void)rq; return 0; }
static int h_asset(struct req *rq) { (void)rq; return 0; }

static const struct route table[] = {
	{ GET,    "/",                                  h_home,         PERM_PUBLIC,         0 },
	{ GET,    "/issues",                            h_issues,       PERM_PUBLIC,         0 },
	{ POST,   "/issues",                            h_issue_create, PERM_SIGNED_IN,   4096 },
	{ GET,    "/issues/new",                        h_issue_new,    PERM_SIGNED_IN,      0 },
	{ GET,    "/issues/{id}",                       h_issue,        PERM_PUBLIC,         0 },
	{ GET,    "/communities/{cid}/units/{uid}",     h_unit,         PERM_COMMUNITY_READ, 0 },
	{ GET,    "/assets/{name}",                     h_asset,        PERM_PUBLIC,         0 },
};

static int
router_setup(void **state)
{
	router_set(table, sizeof table / sizeof table[0]);
	*state = arena_new();
	return *state ? 0 : -1;
}

static int
router_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

struct hit {
	enum route_match m;
	const struct route *r;
	struct route_params p;
};

static struct hit
route(void **state, const char *method, const char *path)
{
	struct hit h = {.r = NULL};
	h.m = router_match(*state, method, path, strlen(path), &h.r, &h.p);
	return h;
}

static void
an_exact_path_finds_its_row(void **state)
{
	struct hit h = route(state, "GET", "/");
	assert_int_equal(h.m, ROUTE_FOUND);
	assert_ptr_equal(h.r->handler, h_home);
	h = route(state, "GET", "/issues");
	assert_int_equal(h.m, ROUTE_FOUND);
	assert_ptr_equal(h.r->handler, h_issues);
	assert_int_equal(h.p.n, 0);
}

static void
the_method_picks_between_rows_with_the_same_path(void **state)
{
	struct hit h = route(state, "POST", "/issues");
	assert_int_equal(h.m, ROUTE_FOUND);
	assert_ptr_equal(h.r->handler, h_issue_create);
	assert_int_equal(h.r->body_limit, 4096);
}

static void
a_param_takes_one_segment(void **state)
{
	struct hit h = route(state, "GET", "/issues/42");
	assert_int_equal(h.m, ROUTE_FOUND);
	assert_ptr_equal(h.r->handler, h_issue);
	assert_int_equal(h.p.n, 1);
	assert_string_equal(h.p.name[0], "id");
	assert_string_equal(h.p.value[0], "42");
}

static void
several_params_are_returned_in_order(void **state)
{
	struct hit h = route(state, "GET", "/communities/7/units/502");
	assert_int_equal(h.m, ROUTE_FOUND);
	assert_ptr_equal(h.r->handler, h_unit);
	assert_int_equal(h.p.n, 2);
	assert_string_equal(h.p.name[0], "cid");
	assert_string_equal(h.p.value[0], "7");
	assert_string_equal(h.p.name[1], "uid");
	assert_string_equal(h.p.value[1], "502");
}

static void
an_earlier_literal_row_wins_over_a_later_param_row(void **state)
{
	struct hit h = route(state, "GET", "/issues/new");
	assert_int_equal(h.m, ROUTE_FOUND);
	assert_ptr_equal(h.r->handler, h_issue_new);
}

static void
params_are_percent_decoded(void **state)
{
	struct hit h = route(state, "GET", "/assets/%E4%B8%AD%20a+b.css");
	assert_int_equal(h.m, ROUTE_FOUND);
	assert_ptr_equal(h.r->handler, h_asset);
	assert_string_equal(h.p.value[0], "中 a+b.css"); /* '+' is only a space in forms */
}

static void
a_param_that_is_not_utf8_is_a_bad_path(void **state)
{
	assert_int_equal(route(state, "GET", "/assets/%FF").m, ROUTE_BAD_PATH);
	assert_int_equal(route(state, "GET", "/issues/%C0%AF").m, ROUTE_BAD_PATH);
	assert_int_equal(route(state, "GET", "/issues/%ED%A0%80").m, ROUTE_BAD_PATH);
	assert_int_equal(route(state, "GET", "/issues/1%00").m, ROUTE_BAD_PATH);
}

static void
a_broken_escape_in_a_param_is_a_bad_path(void **state)
{
	assert_int_equal(route(state, "GET", "/issues/%4").m, ROUTE_BAD_PATH);
	assert_int_equal(route(state, "GET", "/issues/%zz").m, ROUTE_BAD_PATH);
}

static void
a_known_path_with_another_method_is_no_method(void **state)
{
	assert_int_equal(route(state, "DELETE", "/issues").m, ROUTE_NO_METHOD);
	assert_int_equal(route(state, "POST", "/issues/42").m, ROUTE_NO_METHOD);
	assert_int_equal(route(state, "PUT", "/").m, ROUTE_NO_METHOD);
}

static void
an_unknown_path_is_no_path(void **state)
{
	assert_int_equal(route(state, "GET", "/nothing").m, ROUTE_NO_PATH);
	assert_int_equal(route(state, "GET", "/issue").m, ROUTE_NO_PATH);
	assert_int_equal(route(state, "GET", "/issuesx").m, ROUTE_NO_PATH);
	assert_int_equal(route(state, "GET", "/issues/").m, ROUTE_NO_PATH);   /* empty param */
	assert_int_equal(route(state, "GET", "/issues/1/2").m, ROUTE_NO_PATH); /* one segment only */
	assert_int_equal(route(state, "GET", "").m, ROUTE_NO_PATH);
	assert_int_equal(route(state, "POST", "/nothing").m, ROUTE_NO_PATH);
}

static void
head_is_answered_by_the_get_row(void **state)
{
	struct hit h = route(state, "HEAD", "/issues/42");
	assert_int_equal(h.m, ROUTE_FOUND);
	assert_ptr_equal(h.r->handler, h_issue);
	assert_int_equal(h.r->method, GET);
}

static void
only_the_given_path_length_is_matched(void **state)
{
	const char *full = "/issues?page=2";
	const struct route *r = NULL;
	struct route_params p;
	assert_int_equal(router_match(*state, "GET", full, 7, &r, &p), ROUTE_FOUND);
	assert_ptr_equal(r->handler, h_issues);
}

static void
method_names_are_exact_and_upper_case(void **state)
{
	(void)state;
	assert_int_equal(method_from_name("GET", 3), GET);
	assert_int_equal(method_from_name("POST", 4), POST);
	assert_int_equal(method_from_name("PATCH", 5), PATCH);
	assert_int_equal(method_from_name("DELETE", 6), DELETE);
	assert_int_equal(method_from_name("HEAD", 4), GET);
	assert_int_equal(method_from_name("get", 3), -1);
	assert_int_equal(method_from_name("GETS", 4), -1);
	assert_int_equal(method_from_name("GETS", 3), GET); /* only n bytes count */
	assert_int_equal(method_from_name("OPTIONS", 7), -1);
	assert_int_equal(method_from_name("", 0), -1);
}

static void
the_installed_table_is_the_one_returned(void **state)
{
	(void)state;
	size_t n = 0;
	assert_ptr_equal(router_table(&n), table);
	assert_int_equal(n, sizeof table / sizeof table[0]);
}

#define T(f) cmocka_unit_test_setup_teardown(f, router_setup, router_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(an_exact_path_finds_its_row),
		T(the_method_picks_between_rows_with_the_same_path),
		T(a_param_takes_one_segment),
		T(several_params_are_returned_in_order),
		T(an_earlier_literal_row_wins_over_a_later_param_row),
		T(params_are_percent_decoded),
		T(a_param_that_is_not_utf8_is_a_bad_path),
		T(a_broken_escape_in_a_param_is_a_bad_path),
		T(a_known_path_with_another_method_is_no_method),
		T(an_unknown_path_is_no_path),
		T(head_is_answered_by_the_get_row),
		T(only_the_given_path_length_is_matched),
		T(method_names_are_exact_and_upper_case),
		T(the_installed_table_is_the_one_returned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
