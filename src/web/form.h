/* form.h: parsers for what browsers send: query strings, urlencoded and multipart bodies.
 * Pure functions over bytes (no HTTP library), so they are unit-tested and fuzzed directly. */
#ifndef YL_FORM_H
#define YL_FORM_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct kv {
	const char *name;        /* NUL-terminated, valid UTF-8 */
	const char *value;       /* NUL-terminated; valid UTF-8 unless is_file */
	size_t value_len;
	bool is_file;            /* a multipart part with a filename */
	const char *filename;    /* the client's name, only ever shown, never used as a path */
	const char *content_type;
	const char *temp_path;   /* set by web/req.c once the file part is on disk */
};

struct kvlist {
	struct kv *v;
	size_t n;
};

enum form_problem {
	FORM_OK,
	FORM_BAD_UTF8,     /* problem_field names the field whose name or value is not UTF-8 */
	FORM_BAD_SYNTAX,   /* broken percent escape or multipart framing */
	FORM_TOO_MANY,     /* more than FORM_MAX_FIELDS fields */
};

#define FORM_MAX_FIELDS 1000

struct form_error {
	enum form_problem problem;
	const char *field; /* the offending field's name where it can be told, else "" */
};

/* Parses "a=1&b=%E4%B8%AD" (also '+' as space, ';' is not a separator). Everything it returns
 * lives in the arena. On failure returns -1 and fills err; *out is then unspecified. */
int form_parse_urlencoded(struct arena *a, const char *s, size_t n, struct kvlist *out,
                          struct form_error *err);

/* Parses a multipart/form-data body given the request's Content-Type (which carries the
 * boundary). File parts point into a copy in the arena; text parts are validated UTF-8. */
int form_parse_multipart(struct arena *a, const char *content_type, const char *body, size_t n,
                         struct kvlist *out, struct form_error *err);

/* First value named name, or NULL. */
const struct kv *kv_find(const struct kvlist *l, const char *name);
const char *kv_get(const struct kvlist *l, const char *name);

/* Percent-decodes s[0..n) into the arena ('+' becomes space when plus_space); -1 on a broken
 * escape. The result may contain any byte; the caller validates. */
int form_unescape(struct arena *a, const char *s, size_t n, bool plus_space, char **out, size_t *outlen);

#endif
