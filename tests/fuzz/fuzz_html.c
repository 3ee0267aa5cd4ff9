/* fuzz_html.c: every escaper on hostile bytes. Text and attribute output decode back to the input
 * and carry no markup; URL output carries no markup and never a script-capable scheme; url_encode
 * decodes back to the input. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "core/arena.h"
#include "core/buf.h"
#include "web/html.h"

/* Decodes the entities the escapers write; false on any other use of '&'. */
static bool
unescape_entities(const char *s, size_t n, char *out, size_t *outlen)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
	            {"&#39;", '\''}, {"&#96;", '`'}, {"&#61;", '='}};
	size_t j = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] != '&') {
			out[j++] = s[i++];
			continue;
		}
		size_t k = 0;
		for (; k < sizeof ents / sizeof ents[0]; k++) {
			size_t el = strlen(ents[k].ent);
			if (n - i >= el && memcmp(s + i, ents[k].ent, el) == 0) {
				out[j++] = ents[k].c;
				i += el;
				break;
			}
		}
		if (k == sizeof ents / sizeof ents[0])
			return false;
	}
	*outlen = j;
	return true;
}

static void
check_round_trip(const struct buf *b, const char *in, size_t n)
{
	char *dec = malloc(b->len + 1);
	size_t dn = 0;
	CHECK(unescape_entities(b->p, b->len, dec, &dn));
	CHECK(dn == n && (n == 0 || memcmp(dec, in, n) == 0));
	free(dec);
}

static void
check_text(struct arena *a, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, a, 0);
	html_escape_text(&b, s, n);
	CHECK(b.p[b.len] == '\0');
	for (size_t i = 0; i < b.len; i++)
		CHECK(b.p[i] != '<' && b.p[i] != '>' && b.p[i] != '"' && b.p[i] != '\'');
	check_round_trip(&b, s, n);
}

static void
check_attr(struct arena *a, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, a, 0);
	html_escape_attr(&b, s, n);
	for (size_t i = 0; i < b.len; i++)
		CHECK(b.p[i] != '<' && b.p[i] != '>' && b.p[i] != '"' && b.p[i] != '\'' && b.p[i] != '`' &&
		      b.p[i] != '=');
	check_round_trip(&b, s, n);
}

static bool
scheme_char(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '-' || c == '.';
}

static void
check_url(struct arena *a, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, a, 0);
	html_escape_url(&b, s, n);
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.p[i];
		CHECK(c > 0x20 && c < 0x7F); /* spaces, controls and non-ASCII are percent-encoded */
		CHECK(c != '<' && c != '>' && c != '"' && c != '\'' && c != '`' && c != '\\');
	}
	if (b.len == 1 && b.p[0] == '#')
		return;
	/* What the browser sees: the attribute value with &amp; decoded. Whitespace and controls are
	 * all percent-encoded now, so none is stripped, and the scheme is whatever precedes ':'. */
	char *url = malloc(b.len + 1);
	size_t un = 0;
	CHECK(unescape_entities(b.p, b.len, url, &un));
	size_t k = 0;
	while (k < un && scheme_char((unsigned char)url[k]))
		k++;
	if (k > 0 && k < un && url[k] == ':' && isalpha((unsigned char)url[0])) {
		static const char *const ok[] = {"http", "https", "mailto", "tel"};
		bool allowed = false;
		for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
			allowed |= strlen(ok[i]) == k && strncasecmp(url, ok[i], k) == 0;
		/* Schemes of 64 characters or more slip through as "relative" (html.c only looks at
		 * the first 64: a known, harmless deviation, see
		 * a_scheme_longer_than_any_known_one_is_still_refused in test_html.c); none of them is
		 * one a browser runs script for. */
		CHECK(allowed || k >= 64);
	}
	free(url);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
check_query(struct arena *a, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, a, 0);
	url_encode(&b, s, n);
	size_t j = 0;
	for (size_t i = 0; i < b.len; j++) {
		unsigned char c = (unsigned char)b.p[i];
		if (c == '%') {
			CHECK(b.len - i >= 3 && hexval(b.p[i + 1]) >= 0 && hexval(b.p[i + 2]) >= 0);
			CHECK(j < n && (unsigned char)s[j] == hexval(b.p[i + 1]) * 16 + hexval(b.p[i + 2]));
			i += 3;
		} else {
			CHECK(isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~');
			CHECK(j < n && s[j] == (char)c);
			i++;
		}
	}
	CHECK(j == n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *s = (const char *)data;
	check_text(a, s, size);
	check_attr(a, s, size);
	check_url(a, s, size);
	check_query(a, s, size);
	arena_free(a);
	return 0;
}
