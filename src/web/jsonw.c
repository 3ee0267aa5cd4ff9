/* jsonw.c: the streaming JSON writer (see jsonw.h for why it exists beside jansson). */
#include "jsonw.h"
#include "../core/decimal.h"
#include "../core/timefmt.h"
#include "../core/buf.h"

#include <string.h>

void
jsonw_init(struct jsonw *w, struct buf *b)
{
	w->b = b;
	w->depth = 0;
	w->first[0] = true;
}

/* Before a value: a comma unless it is the first at its level or follows its key. */
static void
sep(struct jsonw *w)
{
	if (!w->first[w->depth])
		buf_addc(w->b, ',');
	w->first[w->depth] = false;
}

static void
open_(struct jsonw *w, char c)
{
	sep(w);
	buf_addc(w->b, c);
	if (w->depth + 1 < JSONW_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void
close_(struct jsonw *w, char c)
{
	buf_addc(w->b, c);
	if (w->depth > 0)
		w->depth--;
}

void
jsonw_object(struct jsonw *w)
{
	open_(w, '{');
}

void
jsonw_object_end(struct jsonw *w)
{
	close_(w, '}');
}

void
jsonw_array(struct jsonw *w)
{
	open_(w, '[');
}

void
jsonw_array_end(struct jsonw *w)
{
	close_(w, ']');
}

static void
quoted(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF"; /* as jansson writes them */
	buf_addc(b, '"');
	const char *run = s;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		buf_add(b, run, (size_t)((const char *)p - run));
		run = (const char *)p + 1;
		switch (*p) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		case '\f': buf_add(b, "\\f", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
			buf_add(b, u, 6);
		}
		}
	}
	buf_adds(b, run);
	buf_addc(b, '"');
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	sep(w);
	quoted(w->b, key);
	buf_addc(w->b, ':');
	w->first[w->depth] = true; /* the value that follows takes no comma */
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	if (s == NULL) {
		jsonw_null(w);
		return;
	}
	sep(w);
	quoted(w->b, s);
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	sep(w);
	buf_add_i64(w->b, v);
}

void
jsonw_null(struct jsonw *w)
{
	sep(w);
	buf_add(w->b, "null", 4);
}

void
jsonw_bool(struct jsonw *w, bool v)
{
	sep(w);
	if (v)
		buf_add(w->b, "true", 4);
	else
		buf_add(w->b, "false", 5);
}

void
jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void
jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void
jsonw_list(struct jsonw *w)
{
	jsonw_object(w);
	jsonw_key(w, "items");
	jsonw_array(w);
}

void
jsonw_list_end(struct jsonw *w, int64_t total)
{
	jsonw_array_end(w);
	jsonw_kint(w, "total", total);
	jsonw_object_end(w);
}

void
jsonw_ktime(struct jsonw *w, const char *key, int64_t utc)
{
	jsonw_key(w, key);
	if (utc == 0) {
		jsonw_null(w);
		return;
	}
	char b[26];
	time_rfc3339(utc, b);
	jsonw_str(w, b);
}

void
jsonw_kint_or_null(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	if (v)
		jsonw_int(w, v);
	else
		jsonw_null(w);
}

void
jsonw_kamount(struct jsonw *w, const char *key, int64_t hundredths)
{
	char b[24];
	dec_format(hundredths, b);
	jsonw_kstr(w, key, b);
}
