/* arena.c: chunked bump allocator; big requests get a chunk of their own so small ones stay dense. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 16384
#define ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char data[];
};

struct arena {
	struct chunk *head;
	size_t total;
};

struct arena *
arena_new(void)
{
	return calloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	struct chunk *c = a->head;
	while (c != NULL) {
		struct chunk *n = c->next;
		free(c);
		c = n;
	}
	free(a);
}

static struct chunk *
chunk_new(size_t size)
{
	struct chunk *c = malloc(sizeof(*c) + size);
	if (c == NULL) {
		fputs("yuanli: out of memory\n", stderr);
		abort();
	}
	c->size = size;
	c->used = 0;
	return c;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2) {
		fputs("yuanli: impossible allocation\n", stderr);
		abort();
	}
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct chunk *c = a->head;
	if (c == NULL || c->size - c->used < n) {
		if (n > CHUNK / 4) {
			/* A large block gets its own chunk behind the current one, so the current
			 * chunk's free tail stays usable for the small allocations that follow. */
			struct chunk *big = chunk_new(n);
			big->used = n;
			a->total += n;
			if (c == NULL) {
				big->next = NULL;
				a->head = big;
			} else {
				big->next = c->next;
				c->next = big;
			}
			return big->data;
		}
		c = chunk_new(CHUNK);
		c->next = a->head;
		a->head = c;
		a->total += CHUNK;
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_size(const struct arena *a)
{
	return a->total;
}

void *
arena_append(struct arena *a, void *v, size_t *n, size_t *cap, size_t elem)
{
	void **arr = v;
	if (*n == *cap || *arr == NULL) {
		size_t grown = *cap ? *cap * 2 : 16;
		void *moved = arena_alloc(a, grown * elem);
		if (*n)
			memcpy(moved, *arr, *n * elem);
		*arr = moved;
		*cap = grown;
	}
	void *e = (char *)*arr + *n * elem;
	memset(e, 0, elem);
	(*n)++;
	return e;
}
