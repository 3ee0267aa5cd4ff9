/* jsonw.h: a streaming JSON writer for long lists (the units and owners APIs: 50–1,000 items).
 * Building the same answer as a jansson tree costs a malloc per value and a hash table per
 * object: three quarters of a 50-unit answer's instructions under callgrind. jansson stays the
 * parser and the writer of small answers; a list endpoint writes straight into the response.
 *
 * The caller nests calls correctly (the writer does not check); strings must be valid UTF-8
 * (everything from the store and the request is). Output matches jansson's JSON_COMPACT: no
 * spaces, UTF-8 as is, '"' '\\' and control characters escaped, "/" not escaped. */
#ifndef YL_JSONW_H
#define YL_JSONW_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

#define JSONW_DEPTH 16

struct jsonw {
	struct buf *b;
	int depth;
	bool first[JSONW_DEPTH]; /* no value written yet at this level */
};

void jsonw_init(struct jsonw *w, struct buf *b);
void jsonw_object(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
/* A key inside an object; the value follows with one of the calls below. */
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s); /* NULL writes null */
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_null(struct jsonw *w);
void jsonw_bool(struct jsonw *w, bool v);
/* A key and its value in one call. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);
/* "key": a time as RFC 3339 in Beijing time ("2026-11-27T07:30:00+08:00"), or null for 0 (not
 * yet happened). */
void jsonw_ktime(struct jsonw *w, const char *key, int64_t utc);
/* "key": an integer, or null for 0 — an id not set, a rating not given. */
void jsonw_kint_or_null(struct jsonw *w, const char *key, int64_t v);
/* "key": an exact two-decimal amount as a string ("1234.56"; money in fen, area in hundredths of
 * m²), as DESIGN.md's API conventions write them. */
void jsonw_kamount(struct jsonw *w, const char *key, int64_t hundredths);
/* The list envelope every list endpoint answers with: {"items":[ … ],"total":N}. */
void jsonw_list(struct jsonw *w);
void jsonw_list_end(struct jsonw *w, int64_t total);

#endif
