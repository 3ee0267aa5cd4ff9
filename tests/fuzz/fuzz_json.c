/* fuzz_json.c: JSON request bodies as handlers receive them (req_json_body: UTF-8 check, then
 * jansson with duplicate keys refused). Invariants: either an object comes back and dumps to
 * valid UTF-8 that parses again to an equal object, or the request carries a 400 naming why. */
#include <jansson.h>
#include <string.h>

#include "fuzz.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "web/req.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct req rq;
	memset(&rq, 0, sizeof rq);
	rq.a = a;
	rq.lang = size && (data[0] & 1) ? LANG_EN : LANG_ZH;
	char *body = arena_strndup(a, (const char *)data, size);
	rq.body = body;
	rq.body_len = size;
	json_t *j = req_json_body(&rq);
	if (j) {
		CHECK(json_is_object(j));
		char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		CHECK(s != NULL && utf8_valid(s, strlen(s)));
		json_error_t e;
		json_t *again = json_loads(s, 0, &e);
		CHECK(again != NULL && json_equal(j, again));
		json_decref(again);
		free(s);
		json_decref(j);
	} else {
		CHECK(rq.err == ERR_MALFORMED);
		CHECK(rq.err_message != NULL && rq.err_code != NULL);
	}
	arena_free(a);
	return 0;
}
