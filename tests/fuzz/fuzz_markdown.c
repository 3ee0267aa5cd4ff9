/* fuzz_markdown.c: the Markdown renderer (cmark's parser, our walk) on hostile bytes. Its output is
 * only the tags markdown.c writes (a code block is <pre> with text and <br>), well nested in the
 * places HTML allows them; a link's href never has a script-capable scheme; text carries no markup;
 * "<script" never appears; quotes and lists nest at most MARKDOWN_DEPTH_MAX deep; and the output
 * stays within 32 bytes per input byte. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "core/arena.h"
#include "web/html.h"
#include "web/markdown.h"

enum kind { ROOT, BLOCKQUOTE, UL, OL, LI, P, H2, H3, H4, PRE, STRONG, EM, CODE, A, NKINDS };
static const char *const names[NKINDS] = {"", "blockquote", "ul", "ol", "li", "p", "h2", "h3", "h4", "pre",
                                          "strong", "em", "code", "a"};

static bool
holds_blocks(enum kind k)
{
	return k == ROOT || k == BLOCKQUOTE || k == LI;
}

static bool
holds_inline(enum kind k)
{
	return k == LI || k == P || k == H2 || k == H3 || k == H4 || k == STRONG || k == EM || k == A;
}

static bool
has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return true;
	return false;
}

/* Decodes &amp; (the only entity html_url writes) and checks the scheme a browser would see:
 * none (relative), or http, https, mailto, tel. Schemes of 64+ characters pass as relative in
 * html.c (see fuzz_html.c); none of those runs script. */
static void
check_href(const char *v, size_t n)
{
	char *u = malloc(n + 1);
	size_t un = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)v[i];
		CHECK(c > 0x20 && c < 0x7F && c != '"' && c != '\'' && c != '<' && c != '>' && c != '`');
		if (c == '&') {
			CHECK(n - i >= 5 && memcmp(v + i, "&amp;", 5) == 0);
			u[un++] = '&';
			i += 5;
		} else {
			u[un++] = (char)c;
			i++;
		}
	}
	size_t k = 0;
	while (k < un && (isalnum((unsigned char)u[k]) || u[k] == '+' || u[k] == '-' || u[k] == '.'))
		k++;
	if (k > 0 && k < un && u[k] == ':' && isalpha((unsigned char)u[0])) {
		static const char *const ok[] = {"http", "https", "mailto", "tel"};
		bool allowed = false;
		for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
			allowed |= strlen(ok[i]) == k && strncasecmp(u, ok[i], k) == 0;
		CHECK(allowed || k >= 64);
	}
	free(u);
}

/* Text between tags: escaped, so no markup characters and only the escapers' entities. */
static void
check_text(const char *s, size_t n, enum kind parent)
{
	if (n == 0)
		return;
	CHECK(holds_inline(parent) || parent == CODE || parent == PRE);
	static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
	for (size_t i = 0; i < n; i++) {
		CHECK(s[i] != '>' && s[i] != '"' && s[i] != '\'');
		if (s[i] == '&') {
			bool known = false;
			for (size_t e = 0; e < sizeof ents / sizeof ents[0] && !known; e++)
				known = n - i >= strlen(ents[e]) && memcmp(s + i, ents[e], strlen(ents[e])) == 0;
			CHECK(known);
		}
	}
}

static void
check_html(const char *s, size_t n)
{
	enum kind stack[64];
	size_t depth = 0, containers = 0;
	stack[0] = ROOT;
	size_t text = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		check_text(s + text, i - text, stack[depth]);
		const char *gt = memchr(s + i, '>', n - i);
		CHECK(gt != NULL);
		const char *tag = s + i + 1;
		size_t tn = (size_t)(gt - tag);
		enum kind top = stack[depth];
		i = (size_t)(gt - s) + 1;
		text = i;
		if ((tn == 2 && memcmp(tag, "br", 2) == 0)) {
			CHECK(holds_inline(top) || top == PRE);
			continue;
		}
		if (tn == 2 && memcmp(tag, "hr", 2) == 0) {
			CHECK(holds_blocks(top));
			continue;
		}
		if (tn > 0 && tag[0] == '/') {
			CHECK(depth > 0);
			CHECK(strlen(names[top]) == tn - 1 && memcmp(tag + 1, names[top], tn - 1) == 0);
			if (top == BLOCKQUOTE || top == UL || top == OL)
				containers--;
			depth--;
			continue;
		}
		enum kind k = NKINDS;
		for (int c = BLOCKQUOTE; c < NKINDS; c++)
			if (strlen(names[c]) == tn && memcmp(tag, names[c], tn) == 0)
				k = (enum kind)c;
		if (k == NKINDS && tn > 10 && memcmp(tag, "ol start=\"", 10) == 0 && tag[tn - 1] == '"') {
			for (size_t d = 10; d + 1 < tn; d++)
				CHECK(isdigit((unsigned char)tag[d]));
			CHECK(tn > 11);
			k = OL;
		}
		if (k == NKINDS && tn >= 9 && memcmp(tag, "a href=\"", 8) == 0 && tag[tn - 1] == '"') {
			check_href(tag + 8, tn - 9);
			k = A;
		}
		CHECK(k != NKINDS); /* nothing but the tags markdown.c writes */
		switch (k) {
		case BLOCKQUOTE: case UL: case OL: case P: case H2: case H3: case H4: case PRE:
			CHECK(holds_blocks(top));
			break;
		case LI:
			CHECK(top == UL || top == OL);
			break;
		default: /* strong em code a */
			CHECK(holds_inline(top));
			break;
		}
		if (k == A)
			for (size_t d = 1; d <= depth; d++)
				CHECK(stack[d] != A); /* no link inside a link */
		if (k == BLOCKQUOTE || k == UL || k == OL)
			CHECK(++containers <= MARKDOWN_DEPTH_MAX);
		CHECK(depth + 1 < sizeof stack / sizeof stack[0]);
		stack[++depth] = k;
	}
	check_text(s + text, n - text, stack[depth]);
	CHECK(depth == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct html h;
	buf_init(&h.b, a, 0);
	markdown_html(&h, (const char *)data, size);
	CHECK(h.b.len <= 32 * size + 64);
	CHECK(!has_ci(h.b.p, h.b.len, "<script"));
	check_html(h.b.p, h.b.len);
	arena_free(a);
	return 0;
}
