/* cookie.c: RFC 6265 cookie-string parsing into the request's arena. */
#include "cookie.h"
#include "form.h"
#include "../core/arena.h"
#include "../core/utf8.h"

#include <string.h>

#define MAX_COOKIES 64

void
cookie_parse(struct arena *a, const char *s, size_t n, struct kvlist *out)
{
	out->n = 0;
	out->v = arena_alloc(a, MAX_COOKIES * sizeof *out->v);
	size_t i = 0;
	while (i < n && out->n < MAX_COOKIES) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ';'))
			i++;
		size_t start = i;
		while (i < n && s[i] != ';')
			i++;
		size_t end = i;
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
		const char *eq = memchr(s + start, '=', end - start);
		if (eq == NULL || eq == s + start)
			continue;
		size_t nl = (size_t)(eq - (s + start));
		while (nl > 0 && (s[start + nl - 1] == ' ' || s[start + nl - 1] == '\t'))
			nl--;
		const char *v = eq + 1;
		size_t vl = (size_t)(s + end - v);
		while (vl > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			vl--;
		}
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v++;
			vl -= 2;
		}
		if (nl == 0 || !utf8_valid(s + start, nl) || !utf8_valid(v, vl))
			continue;
		struct kv *kv = &out->v[out->n++];
		memset(kv, 0, sizeof *kv);
		kv->name = arena_strndup(a, s + start, nl);
		kv->value = arena_strndup(a, v, vl);
		kv->value_len = vl;
	}
}
