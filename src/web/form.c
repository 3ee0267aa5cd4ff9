/* form.c: urlencoded and multipart/form-data parsing; hostile input, so every length is checked. */
#include "form.h"
#include "../core/arena.h"
#include "../core/utf8.h"

#include <string.h>
#include <strings.h>

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
form_unescape(struct arena *a, const char *s, size_t n, bool plus_space, char **out, size_t *outlen)
{
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n)
				return -1;
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			d[j++] = (char)(h * 16 + l);
			i += 2;
		} else if (s[i] == '+' && plus_space) {
			d[j++] = ' ';
		} else {
			d[j++] = s[i];
		}
	}
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return 0;
}

static struct kv *
grow(struct arena *a, struct kvlist *l, size_t *cap)
{
	if (l->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct kv *v = arena_alloc(a, nc * sizeof *v);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		*cap = nc;
	}
	struct kv *kv = &l->v[l->n++];
	memset(kv, 0, sizeof *kv);
	return kv;
}

static int
fail(struct form_error *err, enum form_problem p, const char *field)
{
	err->problem = p;
	err->field = field ? field : "";
	return -1;
}

int
form_parse_urlencoded(struct arena *a, const char *s, size_t n, struct kvlist *out,
                      struct form_error *err)
{
	size_t cap = 0;
	out->v = NULL;
	out->n = 0;
	err->problem = FORM_OK;
	err->field = "";
	size_t i = 0;
	while (i < n) {
		size_t start = i;
		while (i < n && s[i] != '&')
			i++;
		size_t end = i;
		if (i < n)
			i++; /* skip '&' */
		if (end == start)
			continue;
		if (out->n >= FORM_MAX_FIELDS)
			return fail(err, FORM_TOO_MANY, "");
		const char *eq = memchr(s + start, '=', end - start);
		size_t nlen = eq ? (size_t)(eq - (s + start)) : end - start;
		char *name, *value;
		size_t name_len, value_len;
		if (form_unescape(a, s + start, nlen, true, &name, &name_len) < 0)
			return fail(err, FORM_BAD_SYNTAX, "");
		if (!utf8_valid(name, name_len))
			return fail(err, FORM_BAD_UTF8, "");
		if (eq) {
			if (form_unescape(a, eq + 1, (size_t)(s + end - eq - 1), true, &value, &value_len) < 0)
				return fail(err, FORM_BAD_SYNTAX, name);
		} else {
			value = arena_strndup(a, "", 0);
			value_len = 0;
		}
		if (!utf8_valid(value, value_len))
			return fail(err, FORM_BAD_UTF8, name);
		struct kv *kv = grow(a, out, &cap);
		kv->name = name;
		kv->value = value;
		kv->value_len = value_len;
	}
	return 0;
}

/* Finds needle in hay (memmem without relying on _GNU_SOURCE). */
static const char *
find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	const char *end = hay + hn - nn;
	for (const char *p = hay; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, nn) == 0)
			return p;
	}
	return NULL;
}

/* Value of parameter key in a header value such as `form-data; name="x"; filename="y"`.
 * Quoted strings may contain backslash escapes. Returns NULL when absent. */
static char *
header_param(struct arena *a, const char *h, size_t hn, const char *key)
{
	size_t klen = strlen(key);
	size_t i = 0;
	while (i < hn) {
		/* to the next ';' that is not inside a quoted string */
		bool quoted = false;
		while (i < hn && (quoted || h[i] != ';')) {
			if (h[i] == '"')
				quoted = !quoted;
			else if (h[i] == '\\' && quoted && i + 1 < hn)
				i++;
			i++;
		}
		if (i >= hn)
			break;
		i++;
		while (i < hn && (h[i] == ' ' || h[i] == '\t'))
			i++;
		if (hn - i > klen && strncasecmp(h + i, key, klen) == 0 && h[i + klen] == '=') {
			i += klen + 1;
			char *v = arena_alloc(a, hn - i + 1);
			size_t j = 0;
			if (i < hn && h[i] == '"') {
				i++;
				while (i < hn && h[i] != '"') {
					if (h[i] == '\\' && i + 1 < hn)
						i++;
					v[j++] = h[i++];
				}
			} else {
				while (i < hn && h[i] != ';' && h[i] != ' ' && h[i] != '\t')
					v[j++] = h[i++];
			}
			v[j] = '\0';
			return v;
		}
	}
	return NULL;
}

int
form_parse_multipart(struct arena *a, const char *content_type, const char *body, size_t n,
                     struct kvlist *out, struct form_error *err)
{
	size_t cap = 0;
	out->v = NULL;
	out->n = 0;
	err->problem = FORM_OK;
	err->field = "";
	if (content_type == NULL)
		return fail(err, FORM_BAD_SYNTAX, "");
	char *boundary = header_param(a, content_type, strlen(content_type), "boundary");
	if (boundary == NULL || boundary[0] == '\0' || strlen(boundary) > 200)
		return fail(err, FORM_BAD_SYNTAX, "");
	/* Delimiter is CRLF "--" boundary; the first one may stand at the very start. */
	size_t blen = strlen(boundary);
	char *delim = arena_alloc(a, blen + 5);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen + 1);
	size_t dlen = blen + 4;

	const char *p;
	if (n >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = body + dlen - 2;
	else {
		p = find(body, n, delim, dlen);
		if (p == NULL)
			return fail(err, FORM_BAD_SYNTAX, "");
		p += dlen;
	}
	const char *end = body + n;
	for (;;) {
		/* after a delimiter: "--" closes, CRLF opens a part */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return fail(err, FORM_BAD_SYNTAX, "");
		p += 2;
		const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL)
			return fail(err, FORM_BAD_SYNTAX, "");
		char *name = NULL, *filename = NULL, *ctype = NULL;
		const char *line = p;
		while (line < hend + 2) {
			const char *eol = find(line, (size_t)(hend + 2 - line), "\r\n", 2);
			if (eol == NULL)
				break;
			size_t ln = (size_t)(eol - line);
			if (ln > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
				name = header_param(a, line + 20, ln - 20, "name");
				filename = header_param(a, line + 20, ln - 20, "filename");
			} else if (ln > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
				size_t k = 13;
				while (k < ln && line[k] == ' ')
					k++;
				ctype = arena_strndup(a, line + k, ln - k);
			}
			line = eol + 2;
		}
		const char *data = hend + 4;
		if (name == NULL)
			return fail(err, FORM_BAD_SYNTAX, "");
		if (!utf8_valid(name, strlen(name)))
			return fail(err, FORM_BAD_UTF8, "");
		const char *next = find(data, (size_t)(end - data), delim, dlen);
		if (next == NULL)
			return fail(err, FORM_BAD_SYNTAX, name);
		if (out->n >= FORM_MAX_FIELDS)
			return fail(err, FORM_TOO_MANY, "");
		size_t dn = (size_t)(next - data);
		struct kv *kv = grow(a, out, &cap);
		kv->name = name;
		kv->value = arena_strndup(a, data, dn);
		kv->value_len = dn;
		if (filename != NULL) {
			kv->is_file = true;
			if (!utf8_valid(filename, strlen(filename)))
				return fail(err, FORM_BAD_UTF8, name);
			kv->filename = filename;
			kv->content_type = ctype ? ctype : "application/octet-stream";
		} else if (!utf8_valid(kv->value, dn)) {
			return fail(err, FORM_BAD_UTF8, name);
		}
		if (ctype && !utf8_valid(ctype, strlen(ctype)))
			return fail(err, FORM_BAD_UTF8, name);
		p = next + dlen;
	}
}

const struct kv *
kv_find(const struct kvlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

const char *
kv_get(const struct kvlist *l, const char *name)
{
	const struct kv *kv = kv_find(l, name);
	return kv ? kv->value : NULL;
}
