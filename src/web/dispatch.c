/* dispatch.c: parse → who → may they → CSRF → handler; one place for all of it, so no handler
 * ever asks "is this user staff?" or forgets a token check. */
#include "dispatch.h"
#include "cookie.h"
#include "page_cache.h"
#include "req.h"
#include "session.h"
#include "../core/arena.h"
#include "../store/accounts.h"
#include "../store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *
human_size(struct arena *a, size_t n)
{
	if (n >= 1024 * 1024)
		return arena_printf(a, "%zu MB", n / (1024 * 1024));
	if (n >= 1024)
		return arena_printf(a, "%zu KB", n / 1024);
	return arena_printf(a, "%zu B", n);
}

static int
form_problem(struct req *rq, const struct form_error *fe)
{
	if (fe->problem == FORM_BAD_UTF8)
		return req_errorf(rq, ERR_MALFORMED, "invalid_utf8", fe->field,
		                  req_tf(rq, MSG_ERR_BAD_UTF8, fe->field[0] ? fe->field : "?"));
	return req_errorf(rq, ERR_MALFORMED, "malformed_form", fe->field[0] ? fe->field : NULL,
	                  T(rq, ERR_BAD_FORM));
}

/* Writes each uploaded file to its own temp file; the client's file name is never used. */
static int
store_uploads(struct req *rq)
{
	const char *dir = getenv("TMPDIR");
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	for (size_t i = 0; i < rq->form.n; i++) {
		struct kv *kv = &rq->form.v[i];
		if (!kv->is_file)
			continue;
		char *path = arena_printf(rq->a, "%s/yuanli-upload-XXXXXX", dir);
		int fd = mkstemp(path);
		if (fd < 0)
			return req_error(rq, ERR_INTERNAL);
		size_t off = 0;
		while (off < kv->value_len) {
			ssize_t w = write(fd, kv->value + off, kv->value_len - off);
			if (w <= 0) {
				close(fd);
				unlink(path);
				return req_error(rq, ERR_INTERNAL);
			}
			off += (size_t)w;
		}
		close(fd);
		kv->temp_path = path;
	}
	return 0;
}

static int
parse_body(struct req *rq)
{
	if (rq->body_len == 0)
		return 0;
	struct form_error fe;
	if (strncasecmp(rq->content_type, "application/x-www-form-urlencoded", 33) == 0) {
		if (form_parse_urlencoded(rq->a, rq->body, rq->body_len, &rq->form, &fe) < 0)
			return form_problem(rq, &fe);
	} else if (strncasecmp(rq->content_type, "multipart/form-data", 19) == 0) {
		if (form_parse_multipart(rq->a, rq->content_type, rq->body, rq->body_len, &rq->form, &fe) < 0)
			return form_problem(rq, &fe);
		return store_uploads(rq);
	}
	/* Other types (JSON, CSV) are read by the handler from rq->body. */
	return 0;
}

/* The community a page is about: the route's {cid}, else the actor's first, else the
 * installation's first (a single-compound install needs no choosing). */
static void
resolve_community(struct req *rq, int64_t cid)
{
	if (cid == 0)
		for (size_t i = 0; i < rq->actor.ngrants && cid == 0; i++)
			cid = rq->actor.grants[i].community_id;
	struct community_brief c;
	enum yl_err rc = cid ? store_community_brief(rq->db, rq->a, cid, &c)
	                     : store_community_first(rq->db, rq->a, &c);
	if (rc == YL_OK) {
		rq->community_id = c.id;
		rq->community_name = c.name;
	}
}

/* Who is asking: the session's or bearer token's account, or on a KEYED route nobody (its
 * handler checks the key the request carries; cookies are not even read). */
static enum yl_err
identify(struct req *rq, bool keyed)
{
	if (keyed) {
		rq->lang = i18n_negotiate(rq->accept_language);
		return YL_OK;
	}
	cookie_parse(rq->a, rq->cookie_header, strlen(rq->cookie_header), &rq->cookies);
	return session_resolve(rq);
}

/* before() answers: -1 refused (the error is recorded), 0 answered from the page cache, or: */
#define TO_HANDLER 1

/* Everything up to the handler. */
static int
before(struct req *rq)
{
	const struct route *r = rq->route;
	rq->is_api = strncmp(rq->path, "/api/", 5) == 0;
	enum yl_err who = identify(rq, (r->flags & KEYED) != 0);

	struct form_error fe;
	if (form_parse_urlencoded(rq->a, rq->query_string, strlen(rq->query_string), &rq->query, &fe) < 0)
		return form_problem(rq, &fe);
	if (rq->body_len > r->body_limit)
		return req_errorf(rq, ERR_TOOLARGE, "too_large", NULL,
		                  req_tf(rq, MSG_ERR_TOO_LARGE, human_size(rq->a, r->body_limit)));
	if (who != YL_OK)
		return req_error(rq, who);

	int64_t cid = req_param_id(rq, "cid");
	if (req_param(rq, "cid") && cid == 0)
		return req_error(rq, ERR_NOTFOUND);
	/* A page whose path names no community may choose one with ?community=N: someone with
	 * roles in several communities (a district's staff) opens each one's register and log.
	 * The permission below is then checked against the community chosen. */
	if (req_query(rq, "community") && !req_param(rq, "cid") && r->scope == NULL) {
		cid = req_query_id(rq, "community");
		if (cid == 0)
			return req_error(rq, ERR_NOTFOUND);
	}
	struct target t = {cid, 0, 0, (r->flags & LIST) != 0};
	if (r->scope) {
		if (r->scope(rq, &t) < 0)
			return -1;
		cid = t.community_id;
	}
	resolve_community(rq, cid);
	if (cid && rq->community_id != cid)
		return req_error(rq, ERR_NOTFOUND); /* {cid} names no community */
	if (t.community_id == 0)
		t.community_id = rq->community_id;
	if (!req_allowed(rq, r->perm, &t))
		return req_error(rq, rq->actor.id ? ERR_FORBIDDEN : ERR_UNAUTH);
	if (parse_body(rq) < 0)
		return -1;
	if (rq->method != GET && !(r->flags & KEYED) && rq->actor.via != AUTH_BEARER && !session_csrf_ok(rq))
		return req_errorf(rq, ERR_FORBIDDEN, "csrf", "csrf", T(rq, ERR_CSRF));
	/* asked only now: who, where and whether they may are settled, and each is in the key */
	return page_cache_serve(rq) ? 0 : TO_HANDLER;
}

static void
finish(struct req *rq, int rc)
{
	/* A handler that neither answered nor said why is a bug: answer 500, not silence. */
	if (rc < 0 || rq->status == 0)
		req_fail(rq);
}

void
dispatch_run(struct req *rq)
{
	db_read_begin(rq->db);
	int rc = before(rq);
	finish(rq, rc == TO_HANDLER ? rq->route->handler(rq) : rc);
	db_idle(rq->db);
	page_cache_keep(rq);
}

bool
dispatch_before(struct req *rq)
{
	db_read_begin(rq->db);
	int rc = before(rq);
	if (rc != TO_HANDLER)
		finish(rq, rc);
	db_idle(rq->db);
	return rc != TO_HANDLER;
}

void
dispatch_handler(struct req *rq)
{
	db_read_begin(rq->db);
	finish(rq, rq->route->handler(rq));
	db_idle(rq->db);
}

void
dispatch_unmatched(struct req *rq, int why)
{
	db_read_begin(rq->db);
	rq->is_api = strncmp(rq->path, "/api/", 5) == 0;
	const char *allow = why == ROUTE_NO_METHOD ? router_allow(rq->a, rq->path, strlen(rq->path)) : NULL;
	if (why == ROUTE_BAD_PATH && !req_open311(rq))
		rq->path = "/"; /* the page links back to itself; never with bytes that are not text */
	identify(rq, req_open311(rq));
	resolve_community(rq, 0);
	if (allow)
		req_header(rq, "allow", allow);
	if (why == ROUTE_NO_METHOD)
		req_errorf(rq, ERR_MALFORMED, "method_not_allowed", NULL, T(rq, ERR_METHOD));
	else if (why == ROUTE_BAD_PATH)
		req_errorf(rq, ERR_MALFORMED, "invalid_utf8", "path", req_tf(rq, MSG_ERR_BAD_UTF8, "path"));
	else
		req_error(rq, ERR_NOTFOUND);
	req_fail(rq);
	if (why == ROUTE_NO_METHOD)
		rq->status = 405;
	db_idle(rq->db);
}

void
dispatch_cleanup(struct req *rq)
{
	for (size_t i = 0; i < rq->form.n; i++)
		if (rq->form.v[i].temp_path)
			unlink(rq->form.v[i].temp_path);
}
