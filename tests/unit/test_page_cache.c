/* test_page_cache.c: the page cache on a real SQLite file — a page is given again to the same
 * session only, only while the database is as it was (a write here or by another connection ends
 * it, and one made while the database changed is never kept), for a second, then renewed by one
 * request while the others get the old one for at most a second more; what must never be kept is
 * not. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "store/accounts.h"
#include "store/db.h"
#include "web/page_cache.h"
#include "web/req.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct page_cache *pc;
	struct arena *reqs[32]; /* each request's arena, freed at the end */
	size_t nreqs;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	/* mkdtemp's template: it replaces the six X with a unique name */
	snprintf(f->dir, sizeof f->dir, "/tmp/yuanli-test-cache-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/yuanli.db", f->dir);
	char err[256] = "";
	f->db = db_open(f->path, true, err, sizeof err);
	f->pc = f->db ? page_cache_new(f->db) : NULL;
	if (f->pc == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	page_cache_free(f->pc);
	db_close(f->db);
	for (size_t i = 0; i < f->nreqs; i++)
		arena_free(f->reqs[i]);
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char p[160];
		snprintf(p, sizeof p, "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static const struct route page = {GET, "/registry", NULL, PERM_PUBLIC, 0, 0, NULL};
static const struct route health = {GET, "/healthz", NULL, PERM_PUBLIC, 0, FRESH, NULL};

/* A GET of /registry by the session whose cookie hashes to `session`, as dispatch has it just
 * before the handler. */
static struct req *
request(struct fixture *f, const char *session)
{
	struct arena *a = arena_new();
	f->reqs[f->nreqs++] = a;
	struct req *rq = arena_zalloc(a, sizeof *rq);
	rq->a = a;
	rq->db = f->db;
	rq->page_cache = f->pc;
	rq->route = &page;
	rq->method = GET;
	rq->path = "/registry";
	rq->query_string = "building=3";
	rq->host = "127.0.0.1:8080";
	rq->if_none_match = "";
	rq->cookie_header = "";
	rq->actor.id = 7;
	rq->actor.via = AUTH_COOKIE;
	snprintf(rq->actor.session_hash, sizeof rq->actor.session_hash, "%s", session);
	buf_init(&rq->out, a, 64);
	return rq;
}

/* What the handler would do, then what dispatch does after db_idle. */
static void
answer_with(struct req *rq, int status, const char *body)
{
	rq->status = status;
	rq->resp_type = "text/html; charset=utf-8";
	buf_adds(&rq->out, body);
	db_idle(rq->db);
	page_cache_keep(rq);
}

static void
answer(struct req *rq, const char *body)
{
	answer_with(rq, 200, body);
}

/* The page rq was answered with from the cache, or NULL when it was to be made. */
static const char *
served(struct req *rq)
{
	if (!page_cache_serve(rq))
		return NULL;
	assert_int_equal(rq->status, 200);
	assert_string_equal(rq->resp_type, "text/html; charset=utf-8");
	bool marked = false;
	for (size_t i = 0; i < rq->nheaders; i++)
		marked |= strcmp(rq->headers[i].name, "x-cache") == 0 && strcmp(rq->headers[i].value, "hit") == 0;
	assert_true(marked);
	return rq->out.p;
}

static void
wait_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void
the_same_session_gets_the_page_again_until_the_database_changes(void **state)
{
	struct fixture *f = *state;
	struct req *rq = request(f, "s1");
	assert_null(served(rq));
	answer(rq, "<p>page one</p>");
	assert_string_equal(served(request(f, "s1")), "<p>page one</p>");
	/* another session, even of the same account: its own page (its own CSRF token) */
	assert_null(served(request(f, "s2")));
	/* another URL */
	struct req *other = request(f, "s1");
	other->query_string = "building=4";
	assert_null(served(other));

	/* a write on this connection */
	assert_int_equal(store_setting_add(f->db, "k1", "v"), YL_OK);
	assert_null(served(request(f, "s1")));

	rq = request(f, "s1");
	assert_null(served(rq));
	answer(rq, "<p>page two</p>");
	assert_string_equal(served(request(f, "s1")), "<p>page two</p>");
	/* a write by another connection: another loop, or another process */
	char err[256];
	struct db *writer = db_open(f->path, false, err, sizeof err);
	assert_non_null(writer);
	assert_int_equal(store_setting_add(writer, "k2", "v"), YL_OK);
	db_close(writer);
	assert_null(served(request(f, "s1")));
}

static void
a_page_made_while_the_database_changed_is_not_kept(void **state)
{
	struct fixture *f = *state;
	struct req *rq = request(f, "s1");
	assert_null(served(rq));
	char err[256];
	struct db *writer = db_open(f->path, false, err, sizeof err);
	assert_non_null(writer);
	assert_int_equal(store_setting_add(writer, "k", "v"), YL_OK);
	db_close(writer);
	answer(rq, "<p>made from which database?</p>");
	assert_null(served(request(f, "s1")));
}

static void
past_its_second_one_request_renews_it_while_the_others_get_the_old_page(void **state)
{
	struct fixture *f = *state;
	struct req *rq = request(f, "s1");
	assert_null(served(rq));
	answer(rq, "<p>old</p>");
	wait_ms(PAGE_CACHE_TTL_MS + 50);
	struct req *renewer = request(f, "s1");
	assert_null(served(renewer)); /* it makes the page again (on a worker, say) … */
	assert_string_equal(served(request(f, "s1")), "<p>old</p>"); /* … the others meanwhile get the old */
	answer(renewer, "<p>new</p>");
	assert_string_equal(served(request(f, "s1")), "<p>new</p>");

	/* a renewal that never brings a page back holds the old one for a second more at most */
	wait_ms(PAGE_CACHE_TTL_MS + 50);
	assert_null(served(request(f, "s1")));
	assert_string_equal(served(request(f, "s1")), "<p>new</p>");
	wait_ms(PAGE_CACHE_TTL_MS);
	assert_null(served(request(f, "s1")));
}

static void
what_must_not_be_kept_is_not(void **state)
{
	struct fixture *f = *state;
	/* an answer that sets a cookie */
	struct req *rq = request(f, "s1");
	assert_null(served(rq));
	req_header(rq, "set-cookie", "yl_p=x; Path=/");
	answer(rq, "<p>with a new visitor's token</p>");
	assert_null(served(request(f, "s1")));
	/* anything but 200 */
	rq = request(f, "s1");
	assert_null(served(rq));
	answer_with(rq, 404, "<p>not found</p>");
	assert_null(served(request(f, "s1")));

	/* kept now; but HEAD, If-None-Match, a bearer token and a FRESH route are never served */
	rq = request(f, "s1");
	assert_null(served(rq));
	answer(rq, "<p>kept</p>");
	struct req *head = request(f, "s1");
	head->is_head = true;
	assert_null(served(head));
	struct req *inm = request(f, "s1");
	inm->if_none_match = "\"abc\"";
	assert_null(served(inm));
	struct req *bearer = request(f, "s1");
	bearer->actor.via = AUTH_BEARER;
	assert_null(served(bearer));
	struct req *fresh = request(f, "s1");
	fresh->route = &health;
	assert_null(served(fresh));
	assert_string_equal(served(request(f, "s1")), "<p>kept</p>");
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(the_same_session_gets_the_page_again_until_the_database_changes),
		TEST(a_page_made_while_the_database_changed_is_not_kept),
		TEST(past_its_second_one_request_renews_it_while_the_others_get_the_old_page),
		TEST(what_must_not_be_kept_is_not),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
