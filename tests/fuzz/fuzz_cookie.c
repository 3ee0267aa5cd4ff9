/* fuzz_cookie.c: the Cookie header on hostile bytes: never fails, keeps at most 64 clean pairs. */
#include <string.h>

#include "fuzz.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "web/cookie.h"
#include "web/form.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct kvlist l;
	cookie_parse(a, (const char *)data, size, &l);
	CHECK(l.n <= 64);
	for (size_t i = 0; i < l.n; i++) {
		const struct kv *kv = &l.v[i];
		size_t nl = strlen(kv->name);
		CHECK(nl > 0 && utf8_valid(kv->name, nl));
		CHECK(strchr(kv->name, ';') == NULL && strchr(kv->name, '=') == NULL);
		CHECK(kv->name[0] != ' ' && kv->name[0] != '\t');
		CHECK(kv->name[nl - 1] != ' ' && kv->name[nl - 1] != '\t');
		CHECK(strlen(kv->value) == kv->value_len && utf8_valid(kv->value, kv->value_len));
		CHECK(strchr(kv->value, ';') == NULL);
		CHECK(kv->value_len <= size);
	}
	arena_free(a);
	return 0;
}
