/* registry_import.c: the household import. A file is decoded (UTF-8 or GBK/GB18030), checked row
 * by row (core/registry.c), and either every problem is reported — line, column, reason — with
 * nothing imported, or it is applied in one transaction with one audit row per unit changed.
 * Staff see a preview (a dry run rolled back) and confirm; the API applies at once. */
#include "registry_import.h"
#include "../core/arena.h"
#include "../core/charset.h"
#include "../core/registry.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DRAFT_MAX_AGE 86400

static const enum msg problem_msgs[IMP__COUNT] = {
	[IMP_BAD_CSV] = MSG_IMP_BAD_CSV,
	[IMP_MISSING_COLUMN] = MSG_IMP_MISSING_COLUMN,
	[IMP_UNKNOWN_COLUMN] = MSG_IMP_UNKNOWN_COLUMN,
	[IMP_DUPLICATE_COLUMN] = MSG_IMP_DUPLICATE_COLUMN,
	[IMP_WRONG_FIELD_COUNT] = MSG_IMP_WRONG_FIELD_COUNT,
	[IMP_REQUIRED] = MSG_IMP_REQUIRED,
	[IMP_TOO_LONG] = MSG_IMP_TOO_LONG,
	[IMP_BAD_BUILDING] = MSG_IMP_BAD_BUILDING,
	[IMP_BAD_STAIRWELL] = MSG_IMP_BAD_STAIRWELL,
	[IMP_BAD_FLOOR] = MSG_IMP_BAD_FLOOR,
	[IMP_BAD_ROOM] = MSG_IMP_BAD_ROOM,
	[IMP_BAD_AREA] = MSG_IMP_BAD_AREA,
	[IMP_BAD_AREA_SOURCE] = MSG_IMP_BAD_AREA_SOURCE,
	[IMP_BAD_OWNER_KIND] = MSG_IMP_BAD_OWNER_KIND,
	[IMP_BAD_STATUS] = MSG_IMP_BAD_STATUS,
	[IMP_DUPLICATE_UNIT] = MSG_IMP_DUPLICATE_UNIT,
	[IMP_OWNER_MISMATCH] = MSG_IMP_OWNER_MISMATCH,
	[IMP_NO_ROWS] = MSG_IMP_NO_ROWS,
	[IMP_TOO_MANY_ROWS] = MSG_IMP_TOO_MANY_ROWS,
};

const char *
import_problem_text(struct req *rq, enum import_problem p)
{
	return (unsigned)p < IMP__COUNT ? i18n_get(rq->lang, problem_msgs[p]) : "?";
}

/* The charset parameter of a Content-Type, or NULL. */
static const char *
charset_of(struct req *rq, const char *ctype)
{
	if (ctype == NULL)
		return NULL;
	const char *p = NULL;
	for (const char *q = ctype; *q && p == NULL; q++)
		if (strncasecmp(q, "charset=", 8) == 0)
			p = q;
	if (p == NULL)
		return NULL;
	p += 8;
	if (*p == '"')
		p++;
	size_t n = strcspn(p, "\"; ");
	return arena_strndup(rq->a, p, n);
}

struct checked {
	struct import_result r;
	const char *encoding;
	const char *text;
	size_t len;
};

/* Decodes and validates. 0 when the file is clean; -1 when it has problems (r.errors), with an
 * encoding problem reported as one error at the line where the bad bytes are. */
static int
check(struct req *rq, const char *data, size_t n, const char *charset, struct checked *c)
{
	memset(c, 0, sizeof *c);
	char *text;
	size_t bad;
	enum yl_err e = charset_to_utf8(rq->a, data, n, charset, &text, &c->len, &c->encoding, &bad);
	if (e != YL_OK) {
		size_t line = 1;
		for (size_t i = 0; i < bad && i < n; i++)
			line += data[i] == '\n';
		c->r.errors = arena_alloc(rq->a, sizeof *c->r.errors);
		c->r.errors[0] = (struct import_error){line, "", IMP_BAD_CSV};
		c->r.nerrors = 1;
		c->encoding = NULL; /* marks the encoding problem */
		return -1;
	}
	c->text = text;
	import_parse(rq->a, text, c->len, &c->r);
	return c->r.nerrors ? -1 : 0;
}

static const char *
error_message(struct req *rq, const struct checked *c, const struct import_error *e)
{
	if (c->encoding == NULL)
		return req_tf(rq, MSG_IMPORT_ENCODING, (int)e->line);
	return import_problem_text(rq, e->problem);
}

/* Applies (commit) or tries and rolls back (preview). */
static enum yl_err
apply(struct req *rq, const struct checked *c, bool commit, struct import_summary *sum)
{
	struct audit_actor who = {rq->actor.id, rq->actor.name};
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return rc;
	rc = store_import_apply(rq->db, rq->community_id, &c->r, &who, sum);
	if (rc != YL_OK || !commit) {
		store_end(rq->db, rc == YL_OK ? ERR_CONFLICT : rc); /* ERR_CONFLICT: only to roll back */
		return rc;
	}
	return store_end(rq->db, YL_OK);
}

static void
upload_form(struct req *rq, struct html *h)
{
	html_lit(h, "<p>");
	html_text(h, T(rq, IMPORT_HELP));
	html_lit(h, "</p><form method=\"post\" action=\"/registry/import\" enctype=\"multipart/form-data\">"
	            "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(h, req_csrf(rq));
	html_lit(h, "\"><p class=\"field\"><label for=\"f-file\">");
	html_text(h, T(rq, IMPORT_FILE));
	html_lit(h, "</label><input id=\"f-file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\" required></p>");
	form_submit(h, T(rq, IMPORT_CHECK));
	html_lit(h, "</form>");
}

int
import_page(struct req *rq)
{
	struct html h;
	page_begin(rq, &h, T(rq, IMPORT_TITLE));
	const char *done = req_query(rq, "done");
	if (done) {
		int a = 0, b = 0, c = 0;
		if (sscanf(done, "%d-%d-%d", &a, &b, &c) == 3)
			page_notice(&h, req_tf(rq, MSG_IMPORT_DONE, a, b, c), false);
	}
	upload_form(rq, &h);
	return page_end(rq, &h);
}

static int
errors_page(struct req *rq, const struct checked *c)
{
	rq->status = 422;
	struct html h;
	page_begin(rq, &h, T(rq, IMPORT_TITLE));
	page_notice(&h, req_tn(rq, MSG_IMPORT_ERRORS, c->r.nerrors, (int)c->r.nerrors), true);
	html_lit(&h, "<table class=\"list errors\"><thead><tr><th scope=\"col\">");
	html_text(&h, T(rq, IMPORT_LINE_HEADER));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, IMPORT_COLUMN));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, IMPORT_PROBLEM));
	html_lit(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < c->r.nerrors; i++) {
		const struct import_error *e = &c->r.errors[i];
		html_lit(&h, "<tr><td>");
		html_text(&h, req_tf(rq, MSG_IMPORT_LINE, (int)e->line));
		html_lit(&h, "</td><td>");
		html_text(&h, e->field);
		html_lit(&h, "</td><td>");
		html_text(&h, error_message(rq, c, e));
		html_lit(&h, "</td></tr>");
	}
	html_lit(&h, "</tbody></table>");
	upload_form(rq, &h);
	return page_end(rq, &h);
}

int
import_upload_form(struct req *rq)
{
	const struct kv *file = kv_find(&rq->form, "file");
	if (file == NULL || !file->is_file || file->value_len == 0)
		return req_invalid(rq, "file", T(rq, IMPORT_NO_FILE));
	struct checked c;
	if (check(rq, file->value, file->value_len, charset_of(rq, file->content_type), &c) < 0)
		return errors_page(rq, &c);
	struct import_summary sum;
	enum yl_err rc = apply(rq, &c, false, &sum);
	int64_t draft = 0;
	if (rc == YL_OK) {
		rc = store_begin_community(rq->db, rq->community_id);
		if (rc == YL_OK)
			rc = store_end(rq->db, store_draft_add(rq->db, rq->community_id, rq->actor.id, c.encoding, c.text,
			                                       db_now(), &draft));
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, IMPORT_TITLE));
	page_notice(&h, req_tf(rq, MSG_IMPORT_PREVIEW, strcmp(c.encoding, "utf-8") == 0 ? "UTF-8" : "GBK/GB18030", (int)c.r.nrows, (int)c.r.owners, (int)sum.created,
	                       (int)sum.updated, (int)sum.unchanged), false);
	form_begin(rq, &h, arena_printf(rq->a, "/registry/import/%lld", (long long)draft));
	form_submit(&h, T(rq, IMPORT_CONFIRM));
	form_end(&h);
	upload_form(rq, &h);
	return page_end(rq, &h);
}

int
import_commit_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	const char *encoding, *body;
	enum yl_err rc = store_draft_get(rq->db, rq->a, rq->community_id, id, rq->actor.id, db_now() - DRAFT_MAX_AGE,
	                                 &encoding, &body);
	if (rc == ERR_NOTFOUND)
		return req_errorf(rq, ERR_NOTFOUND, "draft_expired", NULL, T(rq, IMPORT_EXPIRED));
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct checked c;
	if (check(rq, body, strlen(body), "utf-8", &c) < 0)
		return errors_page(rq, &c); /* the rules changed since the preview */
	struct import_summary sum;
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		struct audit_actor who = {rq->actor.id, rq->actor.name};
		rc = store_import_apply(rq->db, rq->community_id, &c.r, &who, &sum);
		if (rc == YL_OK)
			rc = store_draft_delete(rq->db, rq->community_id, id);
		rc = store_end(rq->db, rc);
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, arena_printf(rq->a, "/registry/import?done=%lld-%lld-%lld", (long long)sum.created,
	                                     (long long)sum.updated, (long long)sum.unchanged));
}

int
import_api(struct req *rq)
{
	struct checked c;
	if (check(rq, rq->body, rq->body_len, charset_of(rq, rq->content_type), &c) < 0) {
		json_t *rows = json_array();
		for (size_t i = 0; i < c.r.nerrors; i++) {
			const struct import_error *e = &c.r.errors[i];
			json_array_append_new(rows, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)e->line, "field", e->field,
			                                      "message", error_message(rq, &c, e)));
		}
		return req_json(rq, 422, json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "import_invalid", "message",
		                                   req_tn(rq, MSG_IMPORT_ERRORS, c.r.nerrors, (int)c.r.nerrors), "rows", rows));
	}
	struct import_summary sum;
	enum yl_err rc = apply(rq, &c, true, &sum);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_json(rq, 200, json_pack("{s:I, s:I, s:I, s:I, s:I, s:s}", "imported", (json_int_t)c.r.nrows, "owners",
	                                   (json_int_t)c.r.owners, "created", (json_int_t)sum.created, "updated",
	                                   (json_int_t)sum.updated, "unchanged", (json_int_t)sum.unchanged, "encoding",
	                                   c.encoding));
}
