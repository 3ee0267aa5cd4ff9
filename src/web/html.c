/* html.c: one escaper per output context; the writer that pages use is built on them. */
#include "html.h"

#include <ctype.h>
#include <stdbool.h>
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

/* A scheme is what comes before ':' when no '/', '?' or '#' comes first; browsers ignore tabs
 * and newlines inside it ("java\tscript:"). No scheme means a relative URL, which is fine. Only
 * http, https, mailto and tel are let through. */
static int
allowed_scheme(const char *s, size_t n)
{
	char scheme[8];
	size_t k = 0;
	bool too_long = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '/' || c == '?' || c == '#')
			return 1;
		if (c == ':') {
			if (too_long)
				return 0;
			static const char *const ok[] = {"http", "https", "mailto", "tel"};
			for (size_t j = 0; j < sizeof ok / sizeof ok[0]; j++)
				if (strlen(ok[j]) == k && strncasecmp(scheme, ok[j], k) == 0)
					return 1;
			return 0;
		}
		if (k < sizeof scheme)
			scheme[k++] = c;
		else
			too_long = true;
	}
	return 1;
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
	if (!allowed_scheme(s, n)) {
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
html_urln(struct html *h, const char *s, size_t n)
{
	html_escape_url(&h->b, s, n);
}

void
html_int(struct html *h, int64_t v)
{
	buf_add_i64(&h->b, v);
}
