/* test_audit.c: the audit trail is tamper-evident — an edited, removed or inserted row is found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "core/arena.h"
#include "core/audit.h"
#include "core/buf.h"
#include "core/code.h"
#include "core/secret.h"
#include "store/audit.h"
#include "store/db.h"

struct fixture {
	char dir[64];
	char path[96];
	struct db *db;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/yuanli-audit-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	char err[256];
	f->db = db_open(f->path, true, err, sizeof err);
	if (f->db == NULL)
		return -1;
	/* five rows in community 7, two in community 0 */
	struct audit_actor who = {3, "staff"};
	if (store_begin(f->db) != YL_OK)
		return -1;
	for (int i = 1; i <= 5; i++) {
		json_t *d = json_pack("{s:i, s:s}", "n", i, "note", "换水管 \"quoted\"\n");
		if (store_audit_append(f->db, 7, &who, "unit.update", "unit", i, d) != YL_OK)
			return -1;
		json_decref(d);
	}
	for (int i = 1; i <= 2; i++)
		if (store_audit_append(f->db, 0, NULL, "account.create", "account", i, NULL) != YL_OK)
			return -1;
	if (store_end(f->db, YL_OK) != YL_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Changes the file behind the store's back, as someone with the database file could. */
static void
tamper(struct fixture *f, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void
an_untouched_trail_verifies(void **state)
{
	struct fixture *f = *state;
	struct audit_check c;
	assert_int_equal(store_audit_verify(f->db, &c), YL_OK);
	assert_null(c.problem);
	assert_int_equal(c.rows, 7);
	assert_int_equal(c.chains, 2);
}

static void
an_edited_row_is_named(void **state)
{
	struct fixture *f = *state;
	tamper(f, "UPDATE audit SET details = '{\"n\":30}' WHERE community_id = 7 AND seq = 3");
	struct audit_check c;
	assert_int_equal(store_audit_verify(f->db, &c), YL_OK);
	assert_non_null(c.problem);
	assert_int_equal(c.bad_community, 7);
	assert_int_equal(c.bad_seq, 3);
}

static void
an_edited_actor_is_named_too(void **state)
{
	struct fixture *f = *state;
	tamper(f, "UPDATE audit SET actor = 'admin' WHERE community_id = 7 AND seq = 1");
	struct audit_check c;
	assert_int_equal(store_audit_verify(f->db, &c), YL_OK);
	assert_int_equal(c.bad_seq, 1);
}

static void
a_deleted_row_is_found_at_the_gap(void **state)
{
	struct fixture *f = *state;
	tamper(f, "DELETE FROM audit WHERE community_id = 7 AND seq = 2");
	struct audit_check c;
	assert_int_equal(store_audit_verify(f->db, &c), YL_OK);
	assert_non_null(c.problem);
	assert_int_equal(c.bad_community, 7);
	assert_int_equal(c.bad_seq, 3);
}

static void
a_row_inserted_in_the_middle_is_found(void **state)
{
	struct fixture *f = *state;
	/* make room after row 2 and slip a row in with a plausible hash of its own */
	tamper(f, "UPDATE audit SET seq = seq + 100 WHERE community_id = 7 AND seq > 2;"
	          "UPDATE audit SET seq = seq - 99 WHERE community_id = 7 AND seq > 100;"
	          "INSERT INTO audit SELECT community_id, 3, at, actor_id, actor, action, object_type, 99, details, "
	          "hash, hash FROM audit WHERE community_id = 7 AND seq = 2;");
	struct audit_check c;
	assert_int_equal(store_audit_verify(f->db, &c), YL_OK);
	assert_non_null(c.problem);
	assert_int_equal(c.bad_community, 7);
	assert_int_equal(c.bad_seq, 3);
}

static void
appending_outside_a_transaction_is_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_audit_append(f->db, 7, NULL, "x", "y", 1, NULL), ERR_INTERNAL);
}

static void
the_head_is_the_last_hash_and_the_length(void **state)
{
	struct fixture *f = *state;
	struct audit_head h;
	assert_int_equal(store_audit_head(f->db, 7, &h), YL_OK);
	assert_int_equal(h.length, 5);
	assert_int_equal(strlen(h.hash), 64);
	assert_int_equal(store_audit_head(f->db, 8, &h), YL_OK);
	assert_int_equal(h.length, 0);
	assert_string_equal(h.hash, audit_genesis);
}

/* Above 200,000 rows in two or more chains, verify splits the chains over two threads; a
 * change in either half must still be found, and reported as the first in chain order. */
static void
a_district_sized_trail_is_checked_in_two_halves_and_still_finds_changes(void **state)
{
	struct fixture *f = *state;
	struct audit_actor who = {1, "gen"};
	assert_int_equal(store_begin(f->db), YL_OK);
	for (int i = 0; i < 210000; i++)
		assert_int_equal(store_audit_append(f->db, 10 + i % 3, &who, "x", "unit", i, NULL), YL_OK);
	assert_int_equal(store_end(f->db, YL_OK), YL_OK);
	struct audit_check c;
	assert_int_equal(store_audit_verify(f->db, &c), YL_OK);
	assert_null(c.problem);
	assert_int_equal(c.rows, 210007);
	assert_int_equal(c.chains, 5);
	tamper(f, "UPDATE audit SET object_id = 1 WHERE community_id = 12 AND seq = 60000");
	assert_int_equal(store_audit_verify(f->db, &c), YL_OK);
	assert_non_null(c.problem);
	assert_int_equal(c.bad_community, 12);
	assert_int_equal(c.bad_seq, 60000);
	tamper(f, "UPDATE audit SET object_id = 1 WHERE community_id = 10 AND seq = 5");
	assert_int_equal(store_audit_verify(f->db, &c), YL_OK);
	assert_int_equal(c.bad_community, 10); /* the earlier of the two, whichever thread saw it */
	assert_int_equal(c.bad_seq, 5);
}

static void
canonical_text_is_fixed_and_escapes_one_way(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a, 64);
	struct audit_row r = {.community_id = 1, .seq = 2, .at = 3, .actor_id = 4, .actor = "a\"b\\c\n\x01",
	                      .action = "x", .object_type = "unit", .object_id = 5, .details = "{\"k\":1}"};
	audit_canonical(&b, &r);
	assert_string_equal(b.p, "{\"seq\":2,\"community_id\":1,\"at\":3,\"actor_id\":4,\"actor\":\"a\\\"b\\\\c\\n\\u0001\","
	                         "\"action\":\"x\",\"object_type\":\"unit\",\"object_id\":5,\"details\":{\"k\":1}}");
	char h1[65], h2[65];
	audit_hash(audit_genesis, b.p, b.len, h1);
	audit_hash(audit_genesis, b.p, b.len, h2);
	assert_string_equal(h1, h2);
	audit_hash(h1, b.p, b.len, h2);
	assert_string_not_equal(h1, h2); /* the previous hash is part of the next */
	arena_free(a);
}

static void
activation_codes_read_back_however_they_are_typed(void **state)
{
	(void)state;
	char code[CODE_PRINTED + 1], canon[CODE_CHARS + 1], again[CODE_CHARS + 1];
	code_new(code);
	assert_int_equal(strlen(code), 14);
	assert_int_equal(code[4], '-');
	assert_true(code_normalise(code, canon));
	char lower[32];
	size_t k = 0;
	for (const char *p = code; *p; p++)
		if (*p != '-')
			lower[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p), lower[k] = 0;
	lower[k] = '\0';
	assert_true(code_normalise(lower, again));
	assert_string_equal(canon, again);
	assert_false(code_normalise("ABCD-EFGH-IJK0", canon)); /* I and 0 are never printed */
	assert_false(code_normalise("ABCD", canon));
	char other[CODE_PRINTED + 1];
	code_new(other);
	assert_string_not_equal(code, other);
}

int
main(void)
{
	if (!secret_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(an_untouched_trail_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(an_edited_row_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(an_edited_actor_is_named_too, setup, teardown),
		cmocka_unit_test_setup_teardown(a_deleted_row_is_found_at_the_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(a_row_inserted_in_the_middle_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(appending_outside_a_transaction_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(the_head_is_the_last_hash_and_the_length, setup, teardown),
		cmocka_unit_test_setup_teardown(a_district_sized_trail_is_checked_in_two_halves_and_still_finds_changes, setup,
		                                teardown),
		cmocka_unit_test(canonical_text_is_fixed_and_escapes_one_way),
		cmocka_unit_test(activation_codes_read_back_however_they_are_typed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
