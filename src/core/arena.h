/* arena.h: a bump allocator; everything a request allocates dies with its arena in one free. */
#ifndef YL_ARENA_H
#define YL_ARENA_H

#include <stddef.h>
#include <stdarg.h>

struct arena;

/* A new empty arena; NULL only when malloc fails. Free it with arena_free (NULL is fine). */
struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Memory aligned for any type, valid until arena_free. Aborts the process on out-of-memory:
 * a request that cannot get a few KB cannot answer anything sensible either. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
/* NUL-terminated copy of n bytes of s. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Room for one more element at the end of the array *v of *n elements of elem bytes, *cap of
 * them allocated: when full, the array moves to a block twice the size (the old one stays in
 * the arena until it is freed). Returns the new element, zeroed, and counts it in *n. Lets a
 * list be read in one pass, without a count query first to size it. */
void *arena_append(struct arena *a, void *v, size_t *n, size_t *cap, size_t elem);

/* Bytes obtained from malloc so far (for tests and the bench). */
size_t arena_size(const struct arena *a);

#endif
