/* html.c: one escaper per output context; the writer that pages use is built on them. */
#include "html.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void
html__lit(struct html *h, const char *s, size_t n)
{
	buf_add(&h->b, s, n);
}

void
html_escape_text(struct buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + run, i - run);
		buf_adds(b, rep);
		run = i + 1;
	}
	buf_add(b, s + run, n - run);
}

void
html_escape_attr(struct buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '`': rep = "&#96;"; break;
		case '=': rep = "&#61;"; break;
		default: continue;
		}
		buf_add(b, s + run, i - run);
		buf_adds(b, rep);
		run = i + 1;
	}
	buf_add(b, s + run, n - run);
}

static int
allowed_scheme(const char *s, size_t n)
{
	/* A scheme is letters up to ':' before any '/', '?' or '#'. No scheme: relative, fine. */
	size_t i = 0;
	while (i < n && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#')
		i++;
	if (i == n || s[i] != ':')
		return 1;
	static const char *const ok[] = {"http", "https", "mailto", "tel"};
	for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
		if (strlen(ok[k]) == i && strncasecmp(s, ok[k], i) == 0)
			return 1;
	return 0;
}

void
html_escape_url(struct buf *b, const char *s, size_t n)
{
	/* Browsers ignore leading spaces and control characters and tabs inside a scheme, so
	 * "java\tscript:" is checked after dropping them. */
	while (n > 0 && (unsigned char)s[0] <= 0x20) {
		s++;
		n--;
	}
	char clean[64];
	size_t cn = 0;
	for (size_t i = 0; i < n && cn < sizeof clean; i++)
		if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			clean[cn++] = s[i];
	if (!allowed_scheme(clean, cn)) {
		buf_addc(b, '#');
		return;
	}
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' ||
		    c == '`' || c == '\\') {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 3);
		} else if (c == '&') {
			buf_adds(b, "&amp;");
		} else {
			buf_addc(b, (char)c);
		}
	}
}

void
url_encode(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 3);
		}
	}
}

void
html_text(struct html *h, const char *s)
{
	if (s)
		html_escape_text(&h->b, s, strlen(s));
}

void
html_textn(struct html *h, const char *s, size_t n)
{
	html_escape_text(&h->b, s, n);
}

void
html_attr(struct html *h, const char *s)
{
	if (s)
		html_escape_attr(&h->b, s, strlen(s));
}

void
html_url(struct html *h, const char *s)
{
	if (s)
		html_escape_url(&h->b, s, strlen(s));
}

void
html_int(struct html *h, int64_t v)
{
	buf_printf(&h->b, "%" PRId64, v);
}
