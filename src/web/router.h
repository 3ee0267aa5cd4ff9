/* router.h: a route is a row — method, path pattern, handler, permission, body limit, flags.
 * routes.c holds the one table; the server matches every request against it. */
#ifndef YL_ROUTER_H
#define YL_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/perm.h"

struct req;

enum method { GET, POST, PUT, PATCH, DELETE, METHOD__COUNT };

#define SLOW 1u     /* runs on the worker pool: hashing, imports, exports */
#define LIST 2u     /* a list over the community: narrower grants pass, the handler filters */
/* A machine API that a key in the request authorises (Open311's api_key), not whoever is signed
 * in: no session is looked up, so a browser's cookie grants nothing and the actor stays nobody;
 * no CSRF token is asked for (there is no cookie to ride on); the language is the
 * Accept-Language header's. Use with PERM_PUBLIC: the handler checks its key itself. */
#define KEYED 4u

/* Always made fresh, never answered from the page cache (page_cache.h): the health check, which
 * must ask the database each time. */
#define FRESH 8u

struct target;
typedef int (*handler_fn)(struct req *rq);
/* Fills the target of a route whose object is named by an id in the path (a unit, a
 * decision): its community and building. Returns 0, or -1 with the error set (404). */
typedef int (*scope_fn)(struct req *rq, struct target *t);

struct route {
	enum method method;
	const char *pattern;   /* "/api/v1/communities/{cid}/units"; {name} is one path segment */
	handler_fn handler;
	enum perm perm;
	size_t body_limit;     /* bytes; 0 means no body accepted */
	unsigned flags;
	scope_fn scope;        /* NULL: the target is the {cid} community, else the page's */
};

#define ROUTE_MAX_PARAMS 4

struct route_params {
	const char *name[ROUTE_MAX_PARAMS];
	const char *value[ROUTE_MAX_PARAMS]; /* percent-decoded, valid UTF-8 */
	size_t n;
};

struct arena;

/* Installs the route table (static storage, owned by the caller). */
void router_set(const struct route *routes, size_t n);

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD, ROUTE_BAD_PATH };

/* Matches method and path (without the query). ROUTE_NO_METHOD when the path exists for
 * another method (405); ROUTE_BAD_PATH when a segment is not valid UTF-8 after decoding. */
enum route_match router_match(struct arena *a, const char *method, const char *path, size_t pathlen,
                              const struct route **out, struct route_params *params);

/* The methods the table has for this path, "GET, POST" (for a 405's Allow header). */
const char *router_allow(struct arena *a, const char *path, size_t pathlen);

int method_from_name(const char *s, size_t n); /* -1 when unsupported */
const struct route *router_table(size_t *n);

#endif
