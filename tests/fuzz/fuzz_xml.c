/* fuzz_xml.c: the XML escaper on hostile bytes. Its output is well-formed UTF-8 made only of
 * characters XML 1.0 allows, holds no markup character but the entities it writes, and decodes
 * back to the input with the forbidden characters left out (never anything added or reordered). */
#include <string.h>

#include "fuzz.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "web/xmlw.h"

/* Decodes the escaper's entities; false on any other use of '&'. */
static bool
unescape(const char *s, size_t n, char *out, size_t *outlen)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&#13;", '\r'}};
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

static bool
has3(const uint8_t *s, size_t n, const char *t)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, t, 3) == 0)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a, 0);
	xml_escape(&b, (const char *)data, size);
	CHECK(b.p[b.len] == '\0');
	CHECK(utf8_valid(b.p, b.len));
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.p[i];
		CHECK(c >= 0x20 || c == '\t' || c == '\n');
		CHECK(c != '<' && c != '>' && c != '"' && c != '\'');
		/* U+FFFE and U+FFFF (EF BF BE / EF BF BF) never appear */
		if (c == 0xEF && b.len - i >= 3 && (unsigned char)b.p[i + 1] == 0xBF)
			CHECK((unsigned char)b.p[i + 2] < 0xBE);
	}
	char *dec = malloc(b.len + 1);
	size_t dn = 0;
	CHECK(unescape(b.p, b.len, dec, &dn));
	/* the decoded text is the input with some bytes left out, in order */
	size_t j = 0;
	for (size_t i = 0; i < size && j < dn; i++)
		if (data[i] == (unsigned char)dec[j])
			j++;
	CHECK(j == dn);
	/* and input that is valid UTF-8 without forbidden characters comes back whole */
	bool clean = utf8_valid((const char *)data, size);
	for (size_t i = 0; i < size && clean; i++)
		if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r')
			clean = false;
	if (clean && !has3(data, size, "\xEF\xBF\xBE") && !has3(data, size, "\xEF\xBF\xBF"))
		CHECK(dn == size && memcmp(dec, data, size) == 0);
	free(dec);
	arena_free(a);
	return 0;
}
