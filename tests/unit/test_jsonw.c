/* test_jsonw.c: the streaming JSON writer writes exactly what jansson's JSON_COMPACT writes for the
 * same value (the list APIs switched from one to the other), for every control character, quotes,
 * backslashes, slashes, multi-byte UTF-8, nesting, empty containers, nulls and integer edges. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "web/jsonw.h"

static int
arena_setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int
arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* jansson's compact text for j (consumed). */
static char *
jansson_text(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	return s;
}

static void
every_string_is_written_as_jansson_writes_it(void **state)
{
	/* every byte 1..127 alone and inside text, and UTF-8 of several lengths */
	char one[2] = {0, 0};
	for (int c = 1; c < 128; c++) {
		one[0] = (char)c;
		const char *cases[] = {one, NULL};
		char mixed[16];
		snprintf(mixed, sizeof mixed, "a%cb", c);
		cases[1] = mixed;
		for (int k = 0; k < 2; k++) {
			struct buf b;
			buf_init(&b, *state, 0);
			struct jsonw w;
			jsonw_init(&w, &b);
			jsonw_str(&w, cases[k]);
			char *want = jansson_text(json_string(cases[k]));
			assert_non_null(want);
			assert_string_equal(b.p, want);
			free(want);
		}
	}
	const char *texts[] = {"", "中南家园 3栋", "é", "€", "𝄞", "a/b", "\"\\\"", "业主\n\t张三", "\x7f"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct buf b;
		buf_init(&b, *state, 0);
		struct jsonw w;
		jsonw_init(&w, &b);
		jsonw_str(&w, texts[i]);
		char *want = jansson_text(json_string(texts[i]));
		assert_string_equal(b.p, want);
		free(want);
	}
}

static void
a_nested_list_answer_is_the_same_bytes(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_object(&w);
	jsonw_key(&w, "items");
	jsonw_array(&w);
	for (int i = 0; i < 3; i++) {
		jsonw_object(&w);
		jsonw_key(&w, "id");
		jsonw_int(&w, i == 2 ? INT64_MIN : i);
		jsonw_key(&w, "name");
		jsonw_str(&w, i == 1 ? NULL : "张\"三");
		jsonw_key(&w, "owner");
		jsonw_object(&w);
		jsonw_key(&w, "kind");
		jsonw_str(&w, "person");
		jsonw_object_end(&w);
		jsonw_key(&w, "tags");
		jsonw_array(&w);
		jsonw_array_end(&w);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_key(&w, "empty");
	jsonw_object(&w);
	jsonw_object_end(&w);
	jsonw_key(&w, "total");
	jsonw_int(&w, INT64_MAX);
	jsonw_object_end(&w);

	json_t *items = json_array();
	for (int i = 0; i < 3; i++)
		json_array_append_new(items, json_pack("{s:I, s:o, s:{s:s}, s:[]}", "id",
		                                       (json_int_t)(i == 2 ? INT64_MIN : i), "name",
		                                       i == 1 ? json_null() : json_string("张\"三"), "owner", "kind",
		                                       "person", "tags"));
	char *want = jansson_text(json_pack("{s:o, s:{}, s:I}", "items", items, "empty", "total", (json_int_t)INT64_MAX));
	assert_string_equal(b.p, want);
	free(want);
	/* and it parses back */
	json_error_t e;
	json_t *back = json_loads(b.p, 0, &e);
	assert_non_null(back);
	json_decref(back);
}

static void
the_list_envelope_is_items_then_total(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_list(&w);
	for (int i = 0; i < 2; i++) {
		jsonw_object(&w);
		jsonw_kint(&w, "id", i);
		jsonw_kstr(&w, "room", i ? NULL : "101");
		jsonw_object_end(&w);
	}
	jsonw_list_end(&w, 2156);
	char *want = jansson_text(json_pack("{s:[{s:i, s:s}, {s:i, s:n}], s:i}", "items", "id", 0, "room", "101", "id",
	                                    1, "room", "total", 2156));
	assert_string_equal(b.p, want);
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_string_is_written_as_jansson_writes_it, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(a_nested_list_answer_is_the_same_bytes, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(the_list_envelope_is_items_then_total, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
