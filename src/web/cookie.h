/* cookie.h: the Cookie request header, parsed leniently (browsers send odd things) but safely. */
#ifndef YL_COOKIE_H
#define YL_COOKIE_H

#include <stddef.h>

struct arena;
struct kvlist;

/* Parses "a=1; b=\"2\"" into name/value pairs in the arena. Pairs without '=' or with a name
 * or value that is not UTF-8 are skipped rather than failing the request: a stray cookie set
 * by another site on the same host must not lock a resident out. Never fails. */
void cookie_parse(struct arena *a, const char *s, size_t n, struct kvlist *out);

#endif
