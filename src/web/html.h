/* html.h: the HTML writer. User data reaches a page only through the escaper for its context:
 * html_text (element text), html_attr (attribute value), html_url (a URL in href/src/action).
 * Markup comes from html_lit, which accepts only string literals, so nothing a person typed
 * can be written unescaped. */
#ifndef YL_HTML_H
#define YL_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"

struct html {
	struct buf b;
	/* Set while a page writes one of several forms with the same fields (an edit form per item):
	 * layout.c's fields then take ids "f-<form_scope>-<name>", so every label names its own
	 * input. NULL (page_begin's) for the one form of a page: "f-<name>". */
	const char *form_scope;
};

/* html_lit(h, "<p>"): compile-time literal only (the "" s "" concatenation rejects variables). */
#define html_lit(h, s) html__lit((h), "" s "", sizeof(s) - 1)
void html__lit(struct html *h, const char *s, size_t n);

/* Escapes & < > " ' for element text. */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t n);
/* Escapes for a double-quoted attribute value (also ` and = for old parsers). */
void html_attr(struct html *h, const char *s);
/* A URL for href/src/action: only relative URLs and http(s)/mailto/tel survive; anything else
 * (javascript:, data:) becomes "#". The result is attribute-escaped, with spaces and
 * non-ASCII percent-encoded. */
void html_url(struct html *h, const char *s);
void html_urln(struct html *h, const char *s, size_t n);
void html_int(struct html *h, int64_t v);

/* Appends the escaped forms to a plain buffer (for building strings that are then written). */
void html_escape_text(struct buf *b, const char *s, size_t n);
void html_escape_attr(struct buf *b, const char *s, size_t n);
void html_escape_url(struct buf *b, const char *s, size_t n);

/* Percent-encodes s for a query string component ("a b" -> "a%20b", 中 -> %E4%B8%AD). */
void url_encode(struct buf *b, const char *s, size_t n);

#endif
