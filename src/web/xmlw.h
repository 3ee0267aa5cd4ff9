/* xmlw.h: a streaming XML writer for the Open311 (GeoReport v2) answers, whose mandatory format
 * is XML. Element names are the caller's literals and are written as given; every text goes
 * through xml_escape, the one escaper: & < > " ' become entities, a carriage return becomes
 * &#13; (a parser would turn a literal one into a line feed), and whatever XML 1.0 does not
 * allow in a document is dropped — control characters other than tab, line feed and carriage
 * return, U+FFFE and U+FFFF, and bytes that are not well-formed UTF-8. */
#ifndef YL_XMLW_H
#define YL_XMLW_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define XMLW_DEPTH 16

struct xmlw {
	struct buf *b;
	int depth;
	const char *open[XMLW_DEPTH]; /* names of the elements still open, for xmlw_close */
};

/* Appends the escaped form of s[0..n) to b. */
void xml_escape(struct buf *b, const char *s, size_t n);

/* Starts a document in b: the XML declaration (UTF-8), nothing open yet. */
void xmlw_init(struct xmlw *w, struct buf *b);
/* <name> … xmlw_close writes the matching </name>. Nesting deeper than XMLW_DEPTH is a bug in
 * the caller (asserted). */
void xmlw_open(struct xmlw *w, const char *name);
void xmlw_close(struct xmlw *w);
/* Text inside the open element; NULL writes nothing. */
void xmlw_text(struct xmlw *w, const char *s);
void xmlw_int(struct xmlw *w, int64_t v);
/* <name>text</name> in one call; text NULL writes <name/>. */
void xmlw_elem(struct xmlw *w, const char *name, const char *text);
void xmlw_elem_int(struct xmlw *w, const char *name, int64_t v);

#endif
