/* buf.h: a growable byte string living in an arena (response bodies, SQL-free text building). */
#ifndef YL_BUF_H
#define YL_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

struct arena;

struct buf {
	struct arena *a;
	char *p;     /* always NUL-terminated after any append */
	size_t len;
	size_t cap;
};

/* The buffer's memory belongs to the arena; there is nothing to free. */
void buf_init(struct buf *b, struct arena *a, size_t hint);
void buf_add(struct buf *b, const void *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends v in decimal. Pages print hundreds of numbers; printf costs ~1,400 instructions each. */
void buf_add_i64(struct buf *b, int64_t v);
void buf_reset(struct buf *b);

#endif
