/* test_store.c: accounts, roles, sessions, tokens, throttling and settings in a real SQLite file;
 * transactions leave nothing behind on error, and a backup is a database of its own. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/perm.h"
#include "store/accounts.h"
#include "store/db.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct arena *a;
};

static void
remove_db_files(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char p[256];
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

static int
store_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/yuanli-test-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/yuanli.db", f->dir);
	char err[256] = "";
	f->db = db_open(f->path, true, err, sizeof err);
	if (f->db == NULL) {
		fprintf(stderr, "db_open: %s\n", err);
		rmdir(f->dir);
		free(f);
		return -1;
	}
	f->a = arena_new();
	*state = f;
	return 0;
}

static int
store_teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	arena_free(f->a);
	remove_db_files(f->path);
	char backup[160];
	snprintf(backup, sizeof backup, "%s/backup.db", f->dir);
	remove_db_files(backup);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t
account(struct fixture *f, const char *name)
{
	int64_t id = 0;
	assert_int_equal(store_account_create(f->db, name, NULL, NULL, &id), YL_OK);
	assert_true(id > 0);
	return id;
}

/* schema ---------------------------------------------------------------------------------- */

static void
a_new_database_has_every_migration_applied(void **state)
{
	struct fixture *f = *state;
	assert_true(db_migrations_count() > 0);
	assert_int_equal(db_version(f->db), db_migrations_count());
	assert_true(db_ping(f->db));
}

static void
reopening_a_database_keeps_its_version_and_data(void **state)
{
	struct fixture *f = *state;
	account(f, "keeper");
	db_close(f->db);
	char err[256] = "";
	f->db = db_open(f->path, false, err, sizeof err);
	assert_non_null(f->db);
	assert_int_equal(db_version(f->db), db_migrations_count());
	struct account acc;
	assert_int_equal(store_account_by_name(f->db, f->a, "keeper", &acc), YL_OK);
}

static void
opening_a_missing_database_without_create_fails_with_a_message(void **state)
{
	struct fixture *f = *state;
	char path[160], err[256] = "";
	snprintf(path, sizeof path, "%s/absent.db", f->dir);
	assert_null(db_open(path, false, err, sizeof err));
	assert_true(strlen(err) > 0);
	assert_int_equal(access(path, F_OK), -1); /* and nothing was created */
}

/* accounts -------------------------------------------------------------------------------- */

static void
an_account_is_found_by_name_in_any_case(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0;
	assert_int_equal(store_account_create(f->db, "Wang.Li", "王丽", "$argon2id$x", &id), YL_OK);
	static const char *const spellings[] = {"Wang.Li", "wang.li", "WANG.LI"};
	for (size_t i = 0; i < 3; i++) {
		struct account acc;
		assert_int_equal(store_account_by_name(f->db, f->a, spellings[i], &acc), YL_OK);
		assert_int_equal(acc.id, id);
		assert_string_equal(acc.name, "Wang.Li"); /* stored as first written */
		assert_string_equal(acc.display_name, "王丽");
		assert_string_equal(acc.pw_hash, "$argon2id$x");
	}
}

static void
a_new_account_has_plain_defaults(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "fresh");
	struct account acc;
	assert_int_equal(store_account_get(f->db, f->a, id, &acc), YL_OK);
	assert_string_equal(acc.name, "fresh");
	assert_string_equal(acc.display_name, "");
	assert_null(acc.pw_hash); /* not activated yet: cannot log in with a password */
	assert_string_equal(acc.lang, "");
	assert_false(acc.large_text);
	assert_false(acc.disabled);
	assert_true(acc.created_at > 0);
}

static void
a_name_taken_in_another_case_is_a_conflict(void **state)
{
	struct fixture *f = *state;
	account(f, "zhang");
	assert_int_equal(store_account_create(f->db, "zhang", NULL, NULL, NULL), ERR_CONFLICT);
	assert_int_equal(store_account_create(f->db, "ZHANG", NULL, NULL, NULL), ERR_CONFLICT);
	int64_t total = 0;
	struct account *items;
	size_t n;
	assert_int_equal(store_account_list(f->db, f->a, NULL, 10, 0, &items, &n, &total), YL_OK);
	assert_int_equal(total, 1);
}

static void
an_absent_account_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct account acc;
	assert_int_equal(store_account_by_name(f->db, f->a, "nobody", &acc), ERR_NOTFOUND);
	assert_int_equal(store_account_get(f->db, f->a, 999, &acc), ERR_NOTFOUND);
	assert_int_equal(store_account_set_password(f->db, 999, "h"), ERR_NOTFOUND);
	assert_int_equal(store_account_set_prefs(f->db, 999, "en", true), ERR_NOTFOUND);
}

static void
password_and_preferences_are_stored(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "li");
	assert_int_equal(store_account_set_password(f->db, id, "$argon2id$new"), YL_OK);
	assert_int_equal(store_account_set_prefs(f->db, id, "en", true), YL_OK);
	struct account acc;
	assert_int_equal(store_account_get(f->db, f->a, id, &acc), YL_OK);
	assert_string_equal(acc.pw_hash, "$argon2id$new");
	assert_string_equal(acc.lang, "en");
	assert_true(acc.large_text);
}

static void
accounts_are_listed_by_name_a_page_at_a_time(void **state)
{
	struct fixture *f = *state;
	account(f, "carol");
	account(f, "alice");
	account(f, "bob");
	struct account *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_account_list(f->db, f->a, NULL, 2, 0, &items, &n, &total), YL_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].name, "alice");
	assert_string_equal(items[1].name, "bob");
	assert_int_equal(store_account_list(f->db, f->a, NULL, 2, 2, &items, &n, &total), YL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].name, "carol");
}

/* roles ----------------------------------------------------------------------------------- */

static void
granted_roles_come_back_as_grants(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "head1");
	assert_int_equal(store_role_grant(f->db, id, ROLE_HEAD, 1), YL_OK);
	assert_int_equal(store_role_grant(f->db, id, ROLE_OWNER, 2), YL_OK);
	struct grant *g;
	size_t n;
	assert_int_equal(store_grants_load(f->db, f->a, id, &g, &n), YL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].role, ROLE_HEAD);
	assert_int_equal(g[0].community_id, 1);
	assert_int_equal(g[1].role, ROLE_OWNER);
	assert_int_equal(g[1].community_id, 2);
	struct target c1 = {.community_id = 1}, c3 = {.community_id = 3};
	assert_true(perm_allows(true, g, n, PERM_COMMUNITY_READ, &c1));
	assert_false(perm_allows(true, g, n, PERM_COMMUNITY_READ, &c3));
}

static void
a_role_held_already_is_a_conflict(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "staff1");
	assert_int_equal(store_role_grant(f->db, id, ROLE_STAFF, 1), YL_OK);
	assert_int_equal(store_role_grant(f->db, id, ROLE_STAFF, 1), ERR_CONFLICT);
	assert_int_equal(store_role_grant(f->db, id, ROLE_STAFF, 2), YL_OK); /* another community */
}

static void
a_revoked_role_is_gone_and_revoking_it_again_is_not_found(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "staff2");
	assert_int_equal(store_role_grant(f->db, id, ROLE_STAFF, 1), YL_OK);
	assert_int_equal(store_role_revoke(f->db, id, ROLE_STAFF, 1), YL_OK);
	assert_int_equal(store_role_revoke(f->db, id, ROLE_STAFF, 1), ERR_NOTFOUND);
	struct grant *g;
	size_t n = 99;
	assert_int_equal(store_grants_load(f->db, f->a, id, &g, &n), YL_OK);
	assert_int_equal(n, 0);
}

static void
a_role_for_an_unknown_account_is_refused(void **state)
{
	struct fixture *f = *state;
	/* foreign keys are on: a grant cannot point at nobody */
	assert_int_not_equal(store_role_grant(f->db, 4242, ROLE_ADMIN, 0), YL_OK);
	struct grant *g;
	size_t n = 99;
	assert_int_equal(store_grants_load(f->db, f->a, 4242, &g, &n), YL_OK);
	assert_int_equal(n, 0);
}

/* sessions -------------------------------------------------------------------------------- */

enum { IDLE = 3600, MAX_AGE = 86400, T0 = 1700000000 };

static enum yl_err
lookup(struct fixture *f, const char *hash, int64_t now, int64_t *id)
{
	int64_t seen = 0;
	return store_session_lookup(f->db, hash, now, IDLE, MAX_AGE, id, &seen);
}

static void
a_fresh_session_finds_its_account(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "s1"), got = 0, seen = 0;
	assert_int_equal(store_session_create(f->db, "h-s1", id, T0), YL_OK);
	assert_int_equal(store_session_lookup(f->db, "h-s1", T0 + 10, IDLE, MAX_AGE, &got, &seen), YL_OK);
	assert_int_equal(got, id);
	assert_int_equal(seen, T0);
	assert_int_equal(lookup(f, "h-unknown", T0, &got), ERR_NOTFOUND);
}

static void
a_session_idle_too_long_is_not_found(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "s2"), got;
	assert_int_equal(store_session_create(f->db, "h-s2", id, T0), YL_OK);
	assert_int_equal(lookup(f, "h-s2", T0 + IDLE - 1, &got), YL_OK);
	assert_int_equal(lookup(f, "h-s2", T0 + IDLE + 1, &got), ERR_NOTFOUND);
}

static void
a_session_idle_exactly_the_limit_still_counts(void **state)
{
	struct fixture *f = *state;
	/* accounts.h: lookup refuses sessions idle for MORE than idle seconds */
	int64_t id = account(f, "s2b"), got;
	assert_int_equal(store_session_create(f->db, "h-s2b", id, T0), YL_OK);
	assert_int_equal(lookup(f, "h-s2b", T0 + IDLE, &got), YL_OK);
}

static void
a_session_exactly_the_maximum_age_old_still_counts(void **state)
{
	struct fixture *f = *state;
	/* accounts.h: lookup refuses sessions OLDER than max_age */
	int64_t id = account(f, "s2c"), got;
	assert_int_equal(store_session_create(f->db, "h-s2c", id, T0), YL_OK);
	for (int64_t t = T0 + IDLE / 2; t <= T0 + MAX_AGE; t += IDLE / 2)
		assert_int_equal(store_session_touch(f->db, "h-s2c", t), YL_OK);
	assert_int_equal(lookup(f, "h-s2c", T0 + MAX_AGE, &got), YL_OK);
}

static void
touching_a_session_keeps_it_alive(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "s3"), got;
	assert_int_equal(store_session_create(f->db, "h-s3", id, T0), YL_OK);
	assert_int_equal(store_session_touch(f->db, "h-s3", T0 + IDLE - 100), YL_OK);
	assert_int_equal(lookup(f, "h-s3", T0 + IDLE + 100, &got), YL_OK);
	assert_int_equal(got, id);
}

static void
a_session_older_than_the_maximum_age_is_not_found_however_busy(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "s4"), got;
	assert_int_equal(store_session_create(f->db, "h-s4", id, T0), YL_OK);
	for (int64_t t = T0 + IDLE / 2; t < T0 + MAX_AGE; t += IDLE / 2)
		assert_int_equal(store_session_touch(f->db, "h-s4", t), YL_OK);
	assert_int_equal(store_session_touch(f->db, "h-s4", T0 + MAX_AGE + 1), YL_OK);
	assert_int_equal(lookup(f, "h-s4", T0 + MAX_AGE + 1, &got), ERR_NOTFOUND);
}

static void
a_disabled_account_has_no_live_sessions_or_tokens(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "s5"), got;
	assert_int_equal(store_session_create(f->db, "h-s5", id, T0), YL_OK);
	assert_int_equal(store_token_create(f->db, id, "script", "t-s5", NULL), YL_OK);
	assert_int_equal(db_exec(f->db, "UPDATE accounts SET disabled = 1 WHERE name = 's5'"), YL_OK);
	assert_int_equal(lookup(f, "h-s5", T0 + 1, &got), ERR_NOTFOUND);
	assert_int_equal(store_token_lookup(f->db, "t-s5", &got), ERR_NOTFOUND);
}

static void
a_deleted_session_is_not_found(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "s6"), got;
	assert_int_equal(store_session_create(f->db, "h-s6", id, T0), YL_OK);
	assert_int_equal(store_session_delete(f->db, "h-s6"), YL_OK);
	assert_int_equal(lookup(f, "h-s6", T0 + 1, &got), ERR_NOTFOUND);
}

static void
ending_other_sessions_keeps_only_the_current_one(void **state)
{
	struct fixture *f = *state;
	int64_t me = account(f, "s7"), other = account(f, "s8"), got;
	assert_int_equal(store_session_create(f->db, "h-phone", me, T0), YL_OK);
	assert_int_equal(store_session_create(f->db, "h-pc", me, T0), YL_OK);
	assert_int_equal(store_session_create(f->db, "h-else", other, T0), YL_OK);
	assert_int_equal(store_sessions_end_others(f->db, me, "h-pc"), YL_OK);
	assert_int_equal(lookup(f, "h-phone", T0 + 1, &got), ERR_NOTFOUND);
	assert_int_equal(lookup(f, "h-pc", T0 + 1, &got), YL_OK);
	assert_int_equal(lookup(f, "h-else", T0 + 1, &got), YL_OK); /* someone else's stays */
	assert_int_equal(store_sessions_end_others(f->db, me, NULL), YL_OK);
	assert_int_equal(lookup(f, "h-pc", T0 + 1, &got), ERR_NOTFOUND);
}

/* bearer tokens --------------------------------------------------------------------------- */

static void
a_token_finds_its_account_until_revoked(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "api"), tid = 0, got = 0;
	assert_int_equal(store_token_create(f->db, id, "import", "t-hash-1", &tid), YL_OK);
	assert_true(tid > 0);
	assert_int_equal(store_token_lookup(f->db, "t-hash-1", &got), YL_OK);
	assert_int_equal(got, id);
	assert_int_equal(store_token_revoke(f->db, id, "import"), YL_OK);
	assert_int_equal(store_token_lookup(f->db, "t-hash-1", &got), ERR_NOTFOUND);
}

static void
revoking_a_label_with_no_live_token_is_not_found(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "api2"), other = account(f, "api3"), got;
	assert_int_equal(store_token_revoke(f->db, id, "never"), ERR_NOTFOUND);
	assert_int_equal(store_token_create(f->db, other, "import", "t-hash-2", NULL), YL_OK);
	/* the same label on another account is not this account's token */
	assert_int_equal(store_token_revoke(f->db, id, "import"), ERR_NOTFOUND);
	assert_int_equal(store_token_lookup(f->db, "t-hash-2", &got), YL_OK);
	assert_int_equal(store_token_revoke(f->db, other, "import"), YL_OK);
	assert_int_equal(store_token_revoke(f->db, other, "import"), ERR_NOTFOUND);
}

static void
an_unknown_token_is_not_found(void **state)
{
	struct fixture *f = *state;
	int64_t got;
	assert_int_equal(store_token_lookup(f->db, "t-nobody", &got), ERR_NOTFOUND);
}

/* login throttling ------------------------------------------------------------------------ */

static void
failures_are_counted_per_key_within_the_window(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_login_failure_add(f->db, "a:bob", 100), YL_OK);
	assert_int_equal(store_login_failure_add(f->db, "a:bob", 200), YL_OK);
	assert_int_equal(store_login_failure_add(f->db, "a:bob", 300), YL_OK);
	assert_int_equal(store_login_failure_add(f->db, "ip:10.0.0.1", 250), YL_OK);
	int64_t count = -1, oldest = -1;
	assert_int_equal(store_login_failures(f->db, "a:bob", 150, &count, &oldest), YL_OK);
	assert_int_equal(count, 2);
	assert_int_equal(oldest, 200);
	assert_int_equal(store_login_failures(f->db, "a:bob", 0, &count, &oldest), YL_OK);
	assert_int_equal(count, 3);
	assert_int_equal(oldest, 100);
}

static void
no_failures_count_zero_with_no_oldest(void **state)
{
	struct fixture *f = *state;
	int64_t count = -1, oldest = -1;
	assert_int_equal(store_login_failure_add(f->db, "a:amy", 100), YL_OK);
	assert_int_equal(store_login_failures(f->db, "a:amy", 500, &count, &oldest), YL_OK);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
	assert_int_equal(store_login_failures(f->db, "a:nobody", 0, &count, &oldest), YL_OK);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
}

static void
clearing_failures_forgets_only_that_key(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_login_failure_add(f->db, "a:bob", 100), YL_OK);
	assert_int_equal(store_login_failure_add(f->db, "a:eve", 100), YL_OK);
	assert_int_equal(store_login_failures_clear(f->db, "a:bob"), YL_OK);
	int64_t count, oldest;
	assert_int_equal(store_login_failures(f->db, "a:bob", 0, &count, &oldest), YL_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_login_failures(f->db, "a:eve", 0, &count, &oldest), YL_OK);
	assert_int_equal(count, 1);
}

/* settings -------------------------------------------------------------------------------- */

static void
an_unset_setting_is_not_found(void **state)
{
	struct fixture *f = *state;
	const char *v = "untouched";
	assert_int_equal(store_setting_get(f->db, f->a, "site.name", &v), ERR_NOTFOUND);
}

static void
a_db_target_is_postgresql_only_when_libpq_would_read_it(void **state)
{
	assert_true(db_is_pg_target("postgresql://yuanli@db/yuanli"));
	assert_true(db_is_pg_target("postgres:///yuanli"));
	assert_true(db_is_pg_target("dbname=yuanli"));
	assert_true(db_is_pg_target("host=/var/run/postgresql dbname=yuanli")); /* a socket path */
	assert_false(db_is_pg_target("var/yuanli.db"));
	assert_false(db_is_pg_target("/tmp/a=b/yuanli.db"));
	assert_false(db_is_pg_target("=x"));
	assert_false(db_is_pg_target(""));
	assert_false(db_is_pg_target(NULL));
}

static void
a_setting_keeps_the_value_first_written(void **state)
{
	struct fixture *f = *state;
	const char *v = NULL;
	assert_int_equal(store_setting_add(f->db, "site.name", "幸福里"), YL_OK);
	assert_int_equal(store_setting_get(f->db, f->a, "site.name", &v), YL_OK);
	assert_string_equal(v, "幸福里");
	/* a second process starting at the same moment must not replace the key the first uses */
	assert_int_equal(store_setting_add(f->db, "site.name", "和平里"), YL_OK);
	assert_int_equal(store_setting_get(f->db, f->a, "site.name", &v), YL_OK);
	assert_string_equal(v, "幸福里");
}

/* communities ----------------------------------------------------------------------------- */

static void
the_first_community_is_the_one_with_the_lowest_id(void **state)
{
	struct fixture *f = *state;
	struct community_brief c;
	assert_int_equal(store_community_first(f->db, f->a, &c), ERR_NOTFOUND);
	int64_t a = 0, b = 0;
	assert_int_equal(store_community_create(f->db, "幸福里社区", "东城区", NULL, "北京", NULL, &a), YL_OK);
	assert_int_equal(store_community_create(f->db, "和平里社区", NULL, NULL, NULL, "cn-110101-02", &b), YL_OK);
	assert_int_equal(store_community_first(f->db, f->a, &c), YL_OK);
	assert_int_equal(c.id, a);
	assert_string_equal(c.name, "幸福里社区");
	assert_int_equal(store_community_brief(f->db, f->a, b, &c), YL_OK);
	assert_string_equal(c.name, "和平里社区");
	assert_int_equal(store_community_brief(f->db, f->a, b + 100, &c), ERR_NOTFOUND);
	struct community_brief *all;
	size_t n;
	assert_int_equal(store_community_list(f->db, f->a, &all, &n), YL_OK);
	assert_int_equal(n, 2);
}

static void
a_jurisdiction_id_belongs_to_one_community(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_community_create(f->db, "A", NULL, NULL, NULL, "j-1", NULL), YL_OK);
	assert_int_equal(store_community_create(f->db, "B", NULL, NULL, NULL, "j-1", NULL), ERR_CONFLICT);
	assert_int_equal(store_community_create(f->db, "C", NULL, NULL, NULL, NULL, NULL), YL_OK);
	assert_int_equal(store_community_create(f->db, "D", NULL, NULL, NULL, NULL, NULL), YL_OK);
}

/* transactions ---------------------------------------------------------------------------- */

static void
a_transaction_ended_with_an_error_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_begin(f->db), YL_OK);
	int64_t id = account(f, "ghost");
	assert_int_equal(store_role_grant(f->db, id, ROLE_STAFF, 1), YL_OK);
	assert_int_equal(store_setting_add(f->db, "ghost", "1"), YL_OK);
	assert_int_equal(store_end(f->db, ERR_INVALID), ERR_INVALID);
	struct account acc;
	const char *v;
	assert_int_equal(store_account_by_name(f->db, f->a, "ghost", &acc), ERR_NOTFOUND);
	assert_int_equal(store_setting_get(f->db, f->a, "ghost", &v), ERR_NOTFOUND);
	struct grant *g;
	size_t n = 99;
	assert_int_equal(store_grants_load(f->db, f->a, id, &g, &n), YL_OK);
	assert_int_equal(n, 0);
}

static void
a_transaction_ended_with_ok_keeps_everything(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_begin(f->db), YL_OK);
	account(f, "kept");
	assert_int_equal(store_setting_add(f->db, "kept", "1"), YL_OK);
	assert_int_equal(store_end(f->db, YL_OK), YL_OK);
	struct account acc;
	const char *v;
	assert_int_equal(store_account_by_name(f->db, f->a, "kept", &acc), YL_OK);
	assert_int_equal(store_setting_get(f->db, f->a, "kept", &v), YL_OK);
}

static void
a_conflict_inside_a_transaction_rolls_back_the_earlier_writes(void **state)
{
	struct fixture *f = *state;
	account(f, "taken");
	assert_int_equal(store_begin(f->db), YL_OK);
	account(f, "first-of-two");
	enum yl_err rc = store_account_create(f->db, "TAKEN", NULL, NULL, NULL);
	assert_int_equal(rc, ERR_CONFLICT);
	assert_int_equal(store_end(f->db, rc), ERR_CONFLICT);
	struct account acc;
	assert_int_equal(store_account_by_name(f->db, f->a, "first-of-two", &acc), ERR_NOTFOUND);
}

static void
transactions_do_not_nest(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_begin(f->db), YL_OK);
	assert_int_equal(store_begin(f->db), ERR_INTERNAL);
	account(f, "inner");
	assert_int_equal(store_end(f->db, YL_OK), YL_OK); /* the outer one is still intact */
	struct account acc;
	assert_int_equal(store_account_by_name(f->db, f->a, "inner", &acc), YL_OK);
}

static void
ending_a_transaction_that_never_began_is_not_a_success(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_end(f->db, YL_OK), ERR_INTERNAL);
	assert_int_equal(store_end(f->db, ERR_NOTFOUND), ERR_NOTFOUND);
}

/* a request's read snapshot (db_read_begin) -------------------------------------------------- */

static void
a_request_reads_one_snapshot_until_it_writes_or_ends(void **state)
{
	struct fixture *f = *state;
	char err[256] = "";
	struct db *other = db_open(f->path, false, err, sizeof err); /* another loop, or another process */
	assert_non_null(other);
	const char *v;
	db_read_begin(f->db);
	assert_int_equal(store_setting_get(f->db, f->a, "a", &v), ERR_NOTFOUND);
	assert_int_equal(store_setting_add(other, "a", "1"), YL_OK);
	/* the request goes on seeing the database as it began: its counts and rows agree */
	assert_int_equal(store_setting_get(f->db, f->a, "a", &v), ERR_NOTFOUND);
	/* a statement that writes ends the snapshot first: on the old snapshot SQLite would refuse
	 * the write (SQLITE_BUSY_SNAPSHOT) instead of making it */
	assert_int_equal(store_setting_add(f->db, "b", "2"), YL_OK);
	assert_int_equal(store_setting_get(f->db, f->a, "a", &v), YL_OK);
	db_idle(f->db);

	/* the one transaction helper ends it too, rather than refusing to nest */
	db_read_begin(f->db);
	assert_int_equal(store_setting_get(f->db, f->a, "b", &v), YL_OK);
	assert_int_equal(store_begin(f->db), YL_OK);
	assert_int_equal(store_setting_add(f->db, "c", "3"), YL_OK);
	assert_int_equal(store_end(f->db, YL_OK), YL_OK);
	db_idle(f->db);

	/* and the end of the request ends it: the next one sees what was written meanwhile */
	db_read_begin(f->db);
	assert_int_equal(store_setting_get(f->db, f->a, "d", &v), ERR_NOTFOUND);
	assert_int_equal(store_setting_add(other, "d", "4"), YL_OK);
	db_idle(f->db);
	assert_int_equal(store_setting_get(f->db, f->a, "d", &v), YL_OK);
	assert_string_equal(v, "4");
	db_close(other);
}

/* the database's version (db_data_version, the page cache's test) --------------------------- */

static bool
same(const uint64_t a[2], const uint64_t b[2])
{
	return a[0] == b[0] && a[1] == b[1];
}

static void
the_version_moves_with_every_write_and_only_then(void **state)
{
	struct fixture *f = *state;
	char err[256] = "";
	struct db *other = db_open(f->path, false, err, sizeof err); /* another loop, or another process */
	assert_non_null(other);
	const char *v;
	uint64_t v0[2], v1[2], v2[2];
	assert_true(db_data_version(f->db, v0));
	/* reading, in a request's snapshot or not, leaves it */
	db_read_begin(f->db);
	assert_int_equal(store_setting_get(f->db, f->a, "a", &v), ERR_NOTFOUND);
	assert_true(db_data_version(f->db, v1));
	assert_true(same(v0, v1));
	db_idle(f->db);
	assert_true(db_data_version(f->db, v1));
	assert_true(same(v0, v1));

	/* another connection's commit moves it; inside a snapshot begun before, it is the snapshot's */
	db_read_begin(f->db);
	assert_int_equal(store_setting_get(f->db, f->a, "a", &v), ERR_NOTFOUND);
	assert_int_equal(store_setting_add(other, "a", "1"), YL_OK);
	assert_true(db_data_version(f->db, v1));
	assert_true(same(v0, v1));
	db_idle(f->db);
	assert_true(db_data_version(f->db, v1));
	assert_false(same(v0, v1));

	/* this connection's own writes, which SQLite's data_version does not count: a statement, a
	 * transaction, even one rolled back (its BEGIN IMMEDIATE counts, so a bulk insert's does) */
	assert_int_equal(store_setting_add(f->db, "b", "2"), YL_OK);
	assert_true(db_data_version(f->db, v2));
	assert_false(same(v1, v2));
	assert_int_equal(store_begin(f->db), YL_OK);
	assert_int_equal(store_end(f->db, ERR_CONFLICT), ERR_CONFLICT);
	assert_true(db_data_version(f->db, v1));
	assert_false(same(v1, v2));
	db_close(other);
}

/* backup ---------------------------------------------------------------------------------- */

static void
a_backup_opens_as_a_database_with_the_same_accounts(void **state)
{
	struct fixture *f = *state;
	int64_t id = account(f, "admin");
	account(f, "owner");
	assert_int_equal(store_role_grant(f->db, id, ROLE_ADMIN, 0), YL_OK);
	char dest[160], err[256] = "";
	snprintf(dest, sizeof dest, "%s/backup.db", f->dir);
	assert_int_equal(db_backup(f->db, dest, err, sizeof err), YL_OK);

	struct db *copy = db_open(dest, false, err, sizeof err);
	assert_non_null(copy);
	assert_int_equal(db_version(copy), db_migrations_count());
	struct account *items;
	size_t n;
	int64_t total;
	assert_int_equal(store_account_list(copy, f->a, NULL, 10, 0, &items, &n, &total), YL_OK);
	assert_int_equal(total, 2);
	assert_string_equal(items[0].name, "admin");
	assert_string_equal(items[1].name, "owner");
	struct grant *g;
	assert_int_equal(store_grants_load(copy, f->a, items[0].id, &g, &n), YL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].role, ROLE_ADMIN);
	db_close(copy);
}

static void
a_backup_never_overwrites_an_existing_file(void **state)
{
	struct fixture *f = *state;
	char dest[160], err[256] = "";
	snprintf(dest, sizeof dest, "%s/backup.db", f->dir);
	FILE *fp = fopen(dest, "w");
	assert_non_null(fp);
	fputs("last week's backup", fp);
	fclose(fp);
	assert_int_equal(db_backup(f->db, dest, err, sizeof err), ERR_CONFLICT);
	assert_true(strlen(err) > 0);
	struct stat st;
	assert_int_equal(stat(dest, &st), 0);
	assert_int_equal(st.st_size, 18); /* untouched */
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, store_setup, store_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_new_database_has_every_migration_applied),
		T(reopening_a_database_keeps_its_version_and_data),
		T(opening_a_missing_database_without_create_fails_with_a_message),
		T(an_account_is_found_by_name_in_any_case),
		T(a_new_account_has_plain_defaults),
		T(a_name_taken_in_another_case_is_a_conflict),
		T(an_absent_account_is_not_found),
		T(password_and_preferences_are_stored),
		T(accounts_are_listed_by_name_a_page_at_a_time),
		T(granted_roles_come_back_as_grants),
		T(a_role_held_already_is_a_conflict),
		T(a_revoked_role_is_gone_and_revoking_it_again_is_not_found),
		T(a_role_for_an_unknown_account_is_refused),
		T(a_fresh_session_finds_its_account),
		T(a_session_idle_too_long_is_not_found),
		T(a_session_idle_exactly_the_limit_still_counts),
		T(a_session_exactly_the_maximum_age_old_still_counts),
		T(touching_a_session_keeps_it_alive),
		T(a_session_older_than_the_maximum_age_is_not_found_however_busy),
		T(a_disabled_account_has_no_live_sessions_or_tokens),
		T(a_deleted_session_is_not_found),
		T(ending_other_sessions_keeps_only_the_current_one),
		T(a_token_finds_its_account_until_revoked),
		T(revoking_a_label_with_no_live_token_is_not_found),
		T(an_unknown_token_is_not_found),
		T(failures_are_counted_per_key_within_the_window),
		T(no_failures_count_zero_with_no_oldest),
		T(clearing_failures_forgets_only_that_key),
		T(an_unset_setting_is_not_found),
		T(a_db_target_is_postgresql_only_when_libpq_would_read_it),
		T(a_setting_keeps_the_value_first_written),
		T(the_first_community_is_the_one_with_the_lowest_id),
		T(a_jurisdiction_id_belongs_to_one_community),
		T(a_transaction_ended_with_an_error_leaves_nothing),
		T(a_transaction_ended_with_ok_keeps_everything),
		T(a_conflict_inside_a_transaction_rolls_back_the_earlier_writes),
		T(transactions_do_not_nest),
		T(ending_a_transaction_that_never_began_is_not_a_success),
		T(a_request_reads_one_snapshot_until_it_writes_or_ends),
		T(the_version_moves_with_every_write_and_only_then),
		T(a_backup_opens_as_a_database_with_the_same_accounts),
		T(a_backup_never_overwrites_an_existing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
