/* buf.c: growable byte string in an arena; growth doubles, so waste stays under the final size. */
#include "buf.h"
#include "arena.h"

#include <stdio.h>
#include <string.h>

void
buf_init(struct buf *b, struct arena *a, size_t hint)
{
	b->a = a;
	b->cap = hint < 64 ? 64 : hint;
	b->p = arena_alloc(a, b->cap);
	b->p[0] = '\0';
	b->len = 0;
}

static void
reserve(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap * 2;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = arena_alloc(b->a, cap);
	memcpy(p, b->p, b->len + 1);
	b->p = p;
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *s, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	reserve(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n > 0) {
		reserve(b, (size_t)n);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	}
	va_end(ap);
}

void
buf_add_i64(struct buf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	/* digits from the unsigned magnitude, so INT64_MIN needs no special case */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->p[0] = '\0';
}
