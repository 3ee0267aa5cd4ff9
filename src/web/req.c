/* req.c: request input accessors, the error envelope, and response building. */
#include "req.h"
#include "../core/timefmt.h"
#include "jsonw.h"
#include "cookie.h"
#include "layout.h"
#include "session.h"
#include "xmlw.h"
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../core/utf8.h"
#include "../store/audit.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
req_tf(struct req *rq, enum msg m, ...)
{
	va_list ap;
	va_start(ap, m);
	char *s = arena_vprintf(rq->a, i18n_get(rq->lang, m), ap);
	va_end(ap);
	return s;
}

const char *
req_tn(struct req *rq, enum msg m, long long n, ...)
{
	va_list ap;
	va_start(ap, n);
	char *s = arena_vprintf(rq->a, i18n_form(rq->lang, m, n), ap);
	va_end(ap);
	return s;
}

const char *
req_amount(struct req *rq, int64_t hundredths)
{
	char b[24];
	dec_format(hundredths, b);
	return arena_strdup(rq->a, b);
}

const char *
req_tenths(struct req *rq, int64_t tenths)
{
	uint64_t u = tenths < 0 ? (uint64_t)0 - (uint64_t)tenths : (uint64_t)tenths;
	return arena_printf(rq->a, "%s%llu.%llu", tenths < 0 ? "-" : "", (unsigned long long)(u / 10),
	                    (unsigned long long)(u % 10));
}

const char *
req_day(struct req *rq, int64_t t)
{
	char d[11];
	date_local(t, d);
	return arena_strdup(rq->a, d);
}

const char *
req_param(const struct req *rq, const char *name)
{
	for (size_t i = 0; i < rq->params.n; i++)
		if (strcmp(rq->params.name[i], name) == 0)
			return rq->params.value[i];
	return NULL;
}

/* A positive id written in digits; 0 for anything else (absent, empty, signs, too long). */
static int64_t
id_of(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

int64_t
req_param_id(const struct req *rq, const char *name)
{
	return id_of(req_param(rq, name));
}

int64_t
req_query_id(const struct req *rq, const char *name)
{
	return id_of(req_query(rq, name));
}

const char *
req_query(const struct req *rq, const char *name)
{
	return kv_get(&rq->query, name);
}

const char *
req_form(const struct req *rq, const char *name)
{
	return kv_get(&rq->form, name);
}

const char *
req_cookie(const struct req *rq, const char *name)
{
	return kv_get(&rq->cookies, name);
}

json_t *
req_json_body(struct req *rq)
{
	if (!utf8_valid(rq->body, rq->body_len)) {
		req_errorf(rq, ERR_MALFORMED, "invalid_utf8", "body", req_tf(rq, MSG_ERR_BAD_UTF8, "body"));
		return NULL;
	}
	json_error_t e;
	json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL || !json_is_object(j)) {
		json_decref(j);
		req_errorf(rq, ERR_MALFORMED, "invalid_json", "body", T(rq, ERR_BAD_JSON));
		return NULL;
	}
	return j;
}

static const char *const default_codes[ERR__COUNT] = {
	[YL_OK] = "ok",
	[ERR_INVALID] = "invalid",
	[ERR_MALFORMED] = "malformed",
	[ERR_UNAUTH] = "unauthenticated",
	[ERR_FORBIDDEN] = "forbidden",
	[ERR_NOTFOUND] = "not_found",
	[ERR_CONFLICT] = "conflict",
	[ERR_TOOLARGE] = "too_large",
	[ERR_THROTTLED] = "throttled",
	[ERR_INTERNAL] = "internal",
};

static int
status_of(enum yl_err e)
{
	switch (e) {
	case YL_OK: return 200;
	case ERR_INVALID: return 422;
	case ERR_MALFORMED: return 400;
	case ERR_UNAUTH: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_NOTFOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_TOOLARGE: return 413;
	case ERR_THROTTLED: return 429;
	case ERR_INTERNAL:
	case ERR__COUNT: break;
	}
	return 500;
}

static enum msg
default_message(enum yl_err e)
{
	switch (e) {
	case ERR_UNAUTH: return MSG_ERR_UNAUTH;
	case ERR_FORBIDDEN: return MSG_ERR_FORBIDDEN;
	case ERR_NOTFOUND: return MSG_ERR_NOT_FOUND;
	case ERR_THROTTLED: return MSG_ERR_THROTTLED;
	case ERR_MALFORMED: return MSG_ERR_BAD_FORM;
	default: return MSG_ERR_INTERNAL;
	}
}

int
req_errorf(struct req *rq, enum yl_err e, const char *code, const char *field, const char *message)
{
	rq->err = e == YL_OK ? ERR_INTERNAL : e;
	rq->err_code = code ? code : default_codes[rq->err];
	rq->err_field = field;
	rq->err_message = message ? message : i18n_get(rq->lang, default_message(rq->err));
	return -1;
}

int
req_error(struct req *rq, enum yl_err e)
{
	return req_errorf(rq, e, NULL, NULL, NULL);
}

int
req_invalid(struct req *rq, const char *field, const char *message)
{
	return req_errorf(rq, ERR_INVALID, "invalid_field", field, message);
}

bool
req_open311(const struct req *rq)
{
	return strncmp(rq->path, "/open311/", 9) == 0;
}

/* GeoReport v2 knows 403 (api_key), 404 (no such resource, service or jurisdiction) and 400
 * (anything else the client got wrong); what is not the client's mistake keeps its own code
 * (413, 429, 500), and 405 stays 405, the status dispatch gives an unmatched method. */
static int
open311_status(const struct req *rq)
{
	switch (rq->err) {
	case ERR_UNAUTH:
	case ERR_FORBIDDEN: return 403;
	case ERR_NOTFOUND: return 404;
	case ERR_TOOLARGE: return 413;
	case ERR_THROTTLED: return 429;
	case ERR_INVALID:
	case ERR_MALFORMED:
	case ERR_CONFLICT: return strcmp(rq->err_code, "method_not_allowed") == 0 ? 405 : 400;
	default: return 500;
	}
}

/* Open311's errors, the one writer for them (before a handler runs or from one): XML
 * <errors><error><code>404</code><description>…</description></error></errors>, or the same
 * as JSON [{"code":404,"description":"…"}] when the path asks for .json. The HTTP status is the
 * code. */
static int
open311_fail(struct req *rq)
{
	int status = open311_status(rq);
	size_t n = strlen(rq->path);
	bool json = n >= 5 && strcmp(rq->path + n - 5, ".json") == 0;
	if (json) {
		struct jsonw w;
		req_jsonw(rq, status, &w);
		jsonw_array(&w);
		jsonw_object(&w);
		jsonw_kint(&w, "code", status);
		jsonw_kstr(&w, "description", rq->err_message);
		jsonw_object_end(&w);
		jsonw_array_end(&w);
		return 0;
	}
	rq->status = status;
	rq->resp_type = "text/xml; charset=utf-8";
	buf_reset(&rq->out);
	struct xmlw x;
	xmlw_init(&x, &rq->out);
	xmlw_open(&x, "errors");
	xmlw_open(&x, "error");
	xmlw_elem_int(&x, "code", status);
	xmlw_elem(&x, "description", rq->err_message);
	xmlw_close(&x);
	xmlw_close(&x);
	return 0;
}

int
req_fail(struct req *rq)
{
	if (rq->err == YL_OK)
		req_error(rq, ERR_INTERNAL);
	if (req_open311(rq))
		return open311_fail(rq);
	int status = status_of(rq->err);
	if (rq->is_api) {
		if (rq->err == ERR_UNAUTH)
			req_header(rq, "www-authenticate", "Bearer realm=\"yuanli\"");
		json_t *err = json_pack("{s:s, s:s}", "code", rq->err_code, "message", rq->err_message);
		if (rq->err_field)
			json_object_set_new(err, "field", json_string(rq->err_field));
		return req_json(rq, status, json_pack("{s:o}", "error", err));
	}
	if (rq->err == ERR_UNAUTH && rq->method == GET) {
		/* A page that needs a login sends the person to log in and back again. */
		struct buf b;
		buf_init(&b, rq->a, 128);
		buf_adds(&b, "/login?next=");
		url_encode(&b, rq->path, strlen(rq->path));
		if (rq->query_string[0]) {
			buf_adds(&b, "%3F");
			url_encode(&b, rq->query_string, strlen(rq->query_string));
		}
		return req_redirect(rq, b.p);
	}
	rq->status = status;
	struct html h;
	page_begin(rq, &h, T(rq, ERR_TITLE));
	page_notice(&h, rq->err_message, true);
	html_lit(&h, "<p><a href=\"/\">");
	html_text(&h, T(rq, BACK_HOME));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

void
req_header(struct req *rq, const char *name, const char *value)
{
	if (rq->nheaders < REQ_MAX_HEADERS) {
		rq->headers[rq->nheaders].name = name;
		rq->headers[rq->nheaders].value = value;
		rq->nheaders++;
	}
}

void
req_set_cookie(struct req *rq, const char *name, const char *value, int64_t max_age)
{
	/* SameSite=Lax keeps cookies off cross-site POSTs; HttpOnly keeps them from scripts. */
	req_header(rq, "set-cookie",
	           arena_printf(rq->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value,
	                        rq->tls ? "; Secure" : "",
	                        max_age < 0 ? "; Max-Age=0"
	                                    : max_age > 0 ? arena_printf(rq->a, "; Max-Age=%" PRId64, max_age)
	                                                  : ""));
}

int
req_redirect(struct req *rq, const char *location)
{
	rq->status = 303;
	req_header(rq, "location", location);
	rq->resp_type = "text/plain; charset=utf-8";
	buf_reset(&rq->out);
	return 0;
}

void
req_jsonw(struct req *rq, int status, struct jsonw *w)
{
	rq->status = status;
	rq->resp_type = "application/json; charset=utf-8";
	buf_reset(&rq->out);
	jsonw_init(w, &rq->out);
}

int
req_json(struct req *rq, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	rq->status = status;
	rq->resp_type = "application/json; charset=utf-8";
	buf_reset(&rq->out);
	if (s) {
		buf_adds(&rq->out, s);
		free(s);
	}
	return 0;
}

int
req_created(struct req *rq, int64_t id)
{
	return req_json(rq, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

int
req_bytes(struct req *rq, int status, const char *type, const void *p, size_t n)
{
	rq->status = status;
	rq->resp_type = type;
	buf_reset(&rq->out);
	buf_add(&rq->out, p, n);
	return 0;
}

const char *
req_csrf(struct req *rq)
{
	return session_csrf(rq);
}

const char *
req_local_path(const char *s)
{
	/* Only "/x…" and never "//host" or "/\host", which browsers treat as another site. */
	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return "/";
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return "/";
	return s;
}

size_t
req_own_units(struct req *rq, const int64_t **ids)
{
	size_t cap = 0, n = 0;
	for (size_t i = 0; i < rq->actor.ngrants; i++)
		if (rq->actor.grants[i].community_id == rq->community_id)
			cap += rq->actor.grants[i].nunits;
	int64_t *v = cap ? arena_alloc(rq->a, cap * sizeof *v) : NULL;
	for (size_t i = 0; i < rq->actor.ngrants; i++) {
		const struct grant *g = &rq->actor.grants[i];
		for (size_t k = 0; g->community_id == rq->community_id && k < g->nunits; k++) {
			bool had = false;
			for (size_t m = 0; m < n; m++)
				had = had || v[m] == g->units[k];
			if (!had)
				v[n++] = g->units[k];
		}
	}
	*ids = v;
	return n;
}

bool
req_allowed(const struct req *rq, enum perm action, const struct target *t)
{
	return perm_allows(rq->actor.id != 0, rq->actor.grants, rq->actor.ngrants, action, t);
}

bool
req_may(const struct req *rq, enum perm action)
{
	struct target t = {rq->community_id, 0, 0, false};
	return req_allowed(rq, action, &t);
}

enum yl_err
req_audit(struct req *rq, int64_t cid, const char *action, const char *object_type, int64_t object_id,
          json_t *details)
{
	struct audit_actor who = {rq->actor.id, rq->actor.name ? rq->actor.name : ""};
	enum yl_err rc = store_audit_append(rq->db, cid, &who, action, object_type, object_id, details);
	json_decref(details);
	return rc;
}

int
req_form_status(const struct req *rq)
{
	static const int status[ERR__COUNT] = {[ERR_INVALID] = 422, [ERR_CONFLICT] = 409, [ERR_FORBIDDEN] = 403,
	                                       [ERR_MALFORMED] = 400};
	return (unsigned)rq->err < ERR__COUNT && status[rq->err] ? status[rq->err] : 400;
}

bool
req_fatal(const struct req *rq)
{
	return rq->err == ERR_NOTFOUND || rq->err == ERR_INTERNAL || rq->err == ERR_UNAUTH;
}
