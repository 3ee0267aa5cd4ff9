/* xmlw.c: the streaming XML writer and its one escaper (see xmlw.h for the rules). */
#include "xmlw.h"
#include "../core/buf.h"

#include <assert.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), with its code point in *cp;
 * 0 when the bytes there are not one (overlong, surrogate, past U+10FFFF, cut short). */
static size_t
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* XML 1.0's Char production. */
static int
xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	       (c >= 0x10000 && c <= 0x10FFFF);
}

void
xml_escape(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0, i = 0;
	while (i < n) {
		const char *rep = NULL;
		size_t len = 1;
		switch (p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		case '\r': rep = "&#13;"; break;
		default: {
			uint32_t cp;
			len = utf8_seq(p + i, n - i, &cp);
			if (len > 0 && xml_char(cp)) {
				i += len;
				continue;
			}
			rep = ""; /* not allowed in XML: dropped */
			if (len == 0)
				len = 1; /* a stray byte: drop it and look again at the next one */
		}
		}
		buf_add(b, s + run, i - run);
		buf_adds(b, rep);
		i += len;
		run = i;
	}
	buf_add(b, s + run, n - run);
}

void
xmlw_init(struct xmlw *w, struct buf *b)
{
	w->b = b;
	w->depth = 0;
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

void
xmlw_open(struct xmlw *w, const char *name)
{
	assert(w->depth < XMLW_DEPTH);
	buf_addc(w->b, '<');
	buf_adds(w->b, name);
	buf_addc(w->b, '>');
	if (w->depth < XMLW_DEPTH)
		w->open[w->depth++] = name;
}

void
xmlw_close(struct xmlw *w)
{
	assert(w->depth > 0);
	if (w->depth == 0)
		return;
	const char *name = w->open[--w->depth];
	buf_add(w->b, "</", 2);
	buf_adds(w->b, name);
	buf_addc(w->b, '>');
}

void
xmlw_text(struct xmlw *w, const char *s)
{
	if (s)
		xml_escape(w->b, s, strlen(s));
}

void
xmlw_int(struct xmlw *w, int64_t v)
{
	buf_add_i64(w->b, v);
}

void
xmlw_elem(struct xmlw *w, const char *name, const char *text)
{
	if (text == NULL) {
		buf_addc(w->b, '<');
		buf_adds(w->b, name);
		buf_add(w->b, "/>", 2);
		return;
	}
	xmlw_open(w, name);
	xmlw_text(w, text);
	xmlw_close(w);
}

void
xmlw_elem_int(struct xmlw *w, const char *name, int64_t v)
{
	xmlw_open(w, name);
	xmlw_int(w, v);
	xmlw_close(w);
}
