/* router.c: matches a request against the one route table (a linear scan: a few dozen rows
 * cost less than a hash lookup's setup, and the order of the table is the order of matching). */
#include "router.h"
#include "form.h"
#include "../core/arena.h"
#include "../core/utf8.h"

#include <string.h>

static const struct route *table;
static size_t table_n;

void
router_set(const struct route *routes, size_t n)
{
	table = routes;
	table_n = n;
}

const struct route *
router_table(size_t *n)
{
	*n = table_n;
	return table;
}

int
method_from_name(const char *s, size_t n)
{
	static const char *const names[METHOD__COUNT] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
	for (int i = 0; i < METHOD__COUNT; i++)
		if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
			return i;
	if (n == 4 && memcmp(s, "HEAD", 4) == 0)
		return GET;
	return -1;
}

/* Matches one pattern; fills params on success. -1: decoding failed (bad path). */
static int
match(struct arena *a, const char *pat, const char *path, size_t pathlen, struct route_params *pr)
{
	pr->n = 0;
	const char *p = path, *end = path + pathlen;
	while (*pat) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			size_t seg = 0;
			while (p + seg < end && p[seg] != '/')
				seg++;
			if (seg == 0 || pr->n == ROUTE_MAX_PARAMS)
				return 0;
			char *v;
			size_t vl;
			if (form_unescape(a, p, seg, false, &v, &vl) < 0 || !utf8_valid(v, vl))
				return -1;
			pr->name[pr->n] = arena_strndup(a, pat + 1, (size_t)(close - pat - 1));
			pr->value[pr->n] = v;
			pr->n++;
			p += seg;
			pat = close + 1;
		} else {
			if (p >= end || *p != *pat)
				return 0;
			p++;
			pat++;
		}
	}
	return p == end ? 1 : 0;
}

enum route_match
router_match(struct arena *a, const char *method, const char *path, size_t pathlen,
             const struct route **out, struct route_params *params)
{
	int m = method_from_name(method, strlen(method));
	bool other_method = false;
	char *decoded;
	size_t dl;
	if (!utf8_valid(path, pathlen) || form_unescape(a, path, pathlen, false, &decoded, &dl) < 0 ||
	    !utf8_valid(decoded, dl))
		return ROUTE_BAD_PATH;
	for (size_t i = 0; i < table_n; i++) {
		int r = match(a, table[i].pattern, path, pathlen, params);
		if (r < 0)
			return ROUTE_BAD_PATH;
		if (r == 0)
			continue;
		if ((int)table[i].method == m) {
			*out = &table[i];
			return ROUTE_FOUND;
		}
		other_method = true;
	}
	return other_method ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

const char *
router_allow(struct arena *a, const char *path, size_t pathlen)
{
	static const char *const names[METHOD__COUNT] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
	bool seen[METHOD__COUNT] = {false};
	struct route_params pr;
	for (size_t i = 0; i < table_n; i++)
		if (match(a, table[i].pattern, path, pathlen, &pr) == 1)
			seen[table[i].method] = true;
	char *out = arena_alloc(a, 64);
	out[0] = '\0';
	for (int k = 0; k < METHOD__COUNT; k++)
		if (seen[k]) {
			if (out[0])
				strcat(out, ", ");
			strcat(out, names[k]);
		}
	return out;
}
