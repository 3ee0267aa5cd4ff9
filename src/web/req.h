/* req.h: one request as handlers see it — parsed input, the signed-in actor, the response being
 * built — and the helpers that answer. Handlers never touch the HTTP library or SQL directly.
 * Everything hanging off a req lives in rq->a and dies with the request. */
#ifndef YL_REQ_H
#define YL_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/perm.h"
#include "../core/result.h"
#include "form.h"
#include "html.h"
#include "i18n.h"
#include "router.h"

struct arena;
struct db;
struct page_cache;
typedef struct json_t json_t;

enum auth_via { AUTH_NONE, AUTH_COOKIE, AUTH_BEARER };

struct actor {
	int64_t id;               /* 0: nobody signed in */
	const char *name;
	const char *display_name;
	struct grant *grants;
	size_t ngrants;
	enum auth_via via;
	char session_hash[65];    /* hash of the cookie, when via is AUTH_COOKIE */
};

#define REQ_MAX_HEADERS 12

struct req {
	struct arena *a;
	struct db *db;            /* this thread's connection */
	struct page_cache *page_cache; /* this thread's, for db (page_cache.h); NULL: no cache */
	struct {
		const char *key;      /* set by page_cache_serve when the answer may be kept */
		uint64_t hash, version[2];
		int64_t born_ms;
	} cache_note;

	/* input, copied out of the HTTP library so a handler may run on any thread */
	enum method method;
	bool is_head;
	const char *path;         /* without the query string */
	const char *query_string; /* raw, without '?'; "" when none */
	const char *content_type; /* "" when none */
	const char *body;
	size_t body_len;
	const char *cookie_header;
	const char *accept_language;
	const char *accept_encoding;
	const char *authorization;
	const char *if_none_match;
	const char *csrf_header;  /* X-CSRF-Token, for scripts that post JSON with a cookie */
	const char *remote_addr;
	const char *host;         /* the Host (authority) the client asked for */
	bool tls;                 /* HTTPS here or (with --tls-proxy) at the proxy in front */

	const struct route *route;
	struct route_params params;
	struct kvlist query;      /* parsed query string */
	struct kvlist form;       /* parsed urlencoded or multipart body */
	struct kvlist cookies;
	bool is_api;              /* path under /api/: JSON errors, bearer tokens */

	struct actor actor;
	enum lang lang;
	bool large_text;
	int64_t community_id;     /* the community this request is about (0: none yet) */
	const char *community_name;

	/* response */
	int status;
	const char *resp_type;
	struct buf out;
	struct {
		const char *name, *value;
	} headers[REQ_MAX_HEADERS];
	size_t nheaders;
	bool cacheable;           /* static assets: long cache instead of no-store */

	/* error: set by req_invalid & co., turned into a response by req_fail */
	enum yl_err err;
	const char *err_code;     /* snake_case code for the JSON envelope */
	const char *err_message;  /* already in the request's language */
	const char *err_field;
};

/* Translated text in the request's language; a counted message (MSGN) does not compile here. */
#define T(rq, id) ((void)MSG_PLAIN_##id, i18n_get((rq)->lang, MSG_##id))
/* A plain message formatted with the arguments, in the arena. Not for a counted message (a debug
 * build asserts): that one is req_tn's. */
const char *req_tf(struct req *rq, enum msg m, ...);
/* A counted message (MSGN) in the form for count n (English "1 problem", "2 problems"; see
 * i18n_form), formatted with the arguments that follow, in the arena. n only chooses the form: the
 * count the text shows is among the arguments, where the format wants it ("%s: %lld bills" takes
 * the name, then the count again). */
const char *req_tn(struct req *rq, enum msg m, long long n, ...);
/* An exact two-decimal number from hundredths (money in fen, area in hundredths of m²): "1234.56",
 * "-0.05", in the arena. */
const char *req_amount(struct req *rq, int64_t hundredths);
/* A number of tenths with its one decimal ("87.3": a rate in permille as a percentage, a 4.3 of
 * 5 rating), in the arena. */
const char *req_tenths(struct req *rq, int64_t tenths);
/* The day of UTC time t in Beijing, "2026-11-27", in the arena. */
const char *req_day(struct req *rq, int64_t t);

/* Input */
const char *req_param(const struct req *rq, const char *name);      /* route {name} */
/* Route parameter as a positive id; 0 when absent or not a number (then answer 404). */
int64_t req_param_id(const struct req *rq, const char *name);
/* Query parameter as a positive id, the same way (0 when absent or not a number). */
int64_t req_query_id(const struct req *rq, const char *name);
const char *req_query(const struct req *rq, const char *name);      /* NULL when absent */
const char *req_form(const struct req *rq, const char *name);       /* NULL when absent */
const char *req_cookie(const struct req *rq, const char *name);
/* Parses the body as JSON (a compact object); on failure sets a 400 and returns NULL. The
 * caller owns the reference (json_decref). */
json_t *req_json_body(struct req *rq);

/* Errors: each records the problem (status from the result code, a message in the caller's
 * language, the field) and returns -1, so a handler can write `return req_invalid(...)`. */
int req_error(struct req *rq, enum yl_err e);                 /* generic message for e */
int req_errorf(struct req *rq, enum yl_err e, const char *code, const char *field, const char *message);
int req_invalid(struct req *rq, const char *field, const char *message); /* 422 */
/* Answers the recorded error: the JSON envelope for API paths, Open311's error list under
 * /open311/ (XML, or JSON for a path ending in .json), an error page otherwise. */
int req_fail(struct req *rq);
/* For a page whose form was refused: the status to answer the re-shown form with (422 invalid,
 * 409 conflict, 403 forbidden, 400 otherwise), and whether the error is not the form's to show
 * (not found, internal, not signed in) so the plain error page answers instead. */
int req_form_status(const struct req *rq);
bool req_fatal(const struct req *rq);
/* The request is for the Open311 (GeoReport v2) API, whose errors have their own shape. */
bool req_open311(const struct req *rq);

/* Responses */
void req_header(struct req *rq, const char *name, const char *value);
void req_set_cookie(struct req *rq, const char *name, const char *value, int64_t max_age);
int req_redirect(struct req *rq, const char *location);       /* 303 See Other */
int req_json(struct req *rq, int status, json_t *j);          /* steals the reference */
/* A JSON answer written as it goes (long lists; see jsonw.h): sets status and type, empties the
 * response and points w at it. The handler writes the whole value and returns 0. */
struct jsonw;
void req_jsonw(struct req *rq, int status, struct jsonw *w);
int req_created(struct req *rq, int64_t id);                  /* 201 {"id":N} */
int req_bytes(struct req *rq, int status, const char *type, const void *p, size_t n);

/* The CSRF token for this visitor's forms (also sets the pre-session cookie when needed). */
const char *req_csrf(struct req *rq);
/* A safe local path for ?next= style redirects: "/" unless s is a same-site path. */
const char *req_local_path(const char *s);

/* Appends an audit row for this request's actor inside the open transaction; steals details
 * (may be NULL). cid 0 records an installation-wide event. */
enum yl_err req_audit(struct req *rq, int64_t cid, const char *action, const char *object_type, int64_t object_id,
                      json_t *details);

/* The units the signed-in person owns or lives in, in the request's community, each once: they came
 * with the session (an owner's or a resident's grant carries them, store_account_units), so a page
 * asks here rather than the database again. The array is in the request's arena; 0 for a visitor. */
size_t req_own_units(struct req *rq, const int64_t **ids);

/* Permission check for a target other than the route's (lists that filter by scope). */
bool req_allowed(const struct req *rq, enum perm action, const struct target *t);
/* Whether the actor may take action across the request's whole community (to offer a button or
 * a link that leads to a route with that permission). */
bool req_may(const struct req *rq, enum perm action);

#endif
