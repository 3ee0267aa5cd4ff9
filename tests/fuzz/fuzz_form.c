/* fuzz_form.c: urlencoded bodies and percent-decoding on hostile bytes. Whatever is accepted is clean
 * UTF-8 with honest lengths; whatever is refused says why and names a printable field. */
#include <string.h>

#include "fuzz.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "web/form.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A second, naive decoder: the two must agree on every input. */
static int
reference_unescape(const unsigned char *s, size_t n, bool plus_space, unsigned char *out, size_t *outlen)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3 || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
				return -1;
			out[j++] = (unsigned char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[j++] = plus_space && s[i] == '+' ? ' ' : s[i];
		}
	}
	*outlen = j;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *s = (const char *)data;

	struct kvlist l;
	struct form_error e;
	if (form_parse_urlencoded(a, s, size, &l, &e) == 0) {
		CHECK(e.problem == FORM_OK);
		CHECK(l.n <= FORM_MAX_FIELDS);
		for (size_t i = 0; i < l.n; i++) {
			const struct kv *kv = &l.v[i];
			CHECK(utf8_valid(kv->name, strlen(kv->name)));
			CHECK(strlen(kv->value) == kv->value_len); /* no NUL hides inside */
			CHECK(utf8_valid(kv->value, kv->value_len));
			CHECK(!kv->is_file);
			CHECK(kv_find(&l, kv->name) != NULL);
		}
	} else {
		CHECK(e.problem == FORM_BAD_UTF8 || e.problem == FORM_BAD_SYNTAX || e.problem == FORM_TOO_MANY);
		CHECK(e.field != NULL);
		CHECK(utf8_valid(e.field, strlen(e.field))); /* it is echoed in the error message */
	}

	for (int plus = 0; plus < 2; plus++) {
		char *out;
		size_t n;
		unsigned char *ref = malloc(size + 1);
		size_t rn;
		int rc = form_unescape(a, s, size, plus, &out, &n);
		int want = reference_unescape(data, size, plus, ref, &rn);
		CHECK(rc == want);
		if (rc == 0) {
			CHECK(n == rn);
			CHECK(n == 0 || memcmp(out, ref, n) == 0);
			CHECK(out[n] == '\0');
		}
		free(ref);
	}

	arena_free(a);
	return 0;
}
