/* fuzz_multipart.c: multipart/form-data framing on hostile bytes. The input's first line is the
 * Content-Type header (it carries the boundary), the rest is the body. */
#include <string.h>

#include "fuzz.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "web/form.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	if (nl == NULL)
		return 0;
	struct arena *a = arena_new();
	size_t ctn = (size_t)(nl - s);
	char *ct = arena_strndup(a, s, ctn); /* a NUL inside simply ends the header early */
	const char *body = nl + 1;
	size_t n = size - ctn - 1;
	/* the body in a block of its own size, so reading past its end is caught even in the replay */
	char *exact = malloc(n ? n : 1);
	if (n)
		memcpy(exact, body, n);

	struct kvlist l;
	struct form_error e;
	if (form_parse_multipart(a, ct, exact, n, &l, &e) == 0) {
		CHECK(e.problem == FORM_OK);
		CHECK(l.n <= FORM_MAX_FIELDS);
		for (size_t i = 0; i < l.n; i++) {
			const struct kv *kv = &l.v[i];
			CHECK(kv->name != NULL && utf8_valid(kv->name, strlen(kv->name)));
			CHECK(kv->value != NULL && kv->value_len <= n);
			CHECK(kv->value[kv->value_len] == '\0');
			if (kv->is_file) {
				CHECK(kv->filename != NULL && utf8_valid(kv->filename, strlen(kv->filename)));
				CHECK(kv->content_type != NULL);
				CHECK(utf8_valid(kv->content_type, strlen(kv->content_type)));
			} else {
				CHECK(kv->filename == NULL);
				CHECK(strlen(kv->value) == kv->value_len);
				CHECK(utf8_valid(kv->value, kv->value_len));
			}
			/* the values must not point into the caller's body, which dies first */
			CHECK((uintptr_t)kv->value + kv->value_len <= (uintptr_t)exact ||
			      (uintptr_t)kv->value >= (uintptr_t)exact + n);
		}
	} else {
		CHECK(e.problem == FORM_BAD_UTF8 || e.problem == FORM_BAD_SYNTAX || e.problem == FORM_TOO_MANY);
		CHECK(e.field != NULL);
		CHECK(utf8_valid(e.field, strlen(e.field)));
	}
	free(exact);
	arena_free(a);
	return 0;
}
