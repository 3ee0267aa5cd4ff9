/* problem_lists.c: the door-to-door side of the problem list — heads compile their checked
 * problems into a list (问题清单) and send it up; staff open the lists, accept items and refer
 * several at once (all or nothing); staff configure the categories and export the list. */
#include "problems.h"
#include "problem_common.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/problems.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"
#include "../web/sheet.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void
checkbox_row(struct req *rq, struct html *h, const struct problem *p, bool checked)
{
	html_lit(h, "<li><label><input type=\"checkbox\" name=\"id\" value=\"");
	html_int(h, p->id);
	html_lit(h, "\"");
	if (checked)
		html_lit(h, " checked");
	html_lit(h, "> ");
	html_text(h, req_tf(rq, MSG_PB_NUMBER, (long long)p->id));
	html_lit(h, " · ");
	html_text(h, problem_category_text(rq, p->category_name, p->category_name_en));
	html_lit(h, " · ");
	html_text(h, problem_where(rq, p));
	html_lit(h, " — ");
	html_text(h, p->description);
	html_lit(h, " <em>");
	html_text(h, problem_state_text(rq, p->state));
	html_lit(h, "</em></label> <a href=\"/problems/");
	html_int(h, p->id);
	html_lit(h, "\">→</a></li>");
}

/* The staff's bulk form over the problems of a list (or any set shown with checkboxes). */
static void
bulk_form(struct req *rq, struct html *h, const struct problem *ps, size_t n, int64_t back_list)
{
	form_begin(rq, h, "/problems/bulk");
	if (back_list) {
		html_lit(h, "<input type=\"hidden\" name=\"list\" value=\"");
		html_int(h, back_list);
		html_lit(h, "\">");
	}
	html_lit(h, "<ul class=\"pick\">");
	for (size_t i = 0; i < n; i++)
		checkbox_row(rq, h, &ps[i], ps[i].state == PROBLEM_VERIFIED || ps[i].state == PROBLEM_ACCEPTED);
	html_lit(h, "</ul><p><button type=\"submit\" class=\"btn\" name=\"action\" value=\"accept\">");
	html_text(h, T(rq, PB_BULK_ACCEPT));
	html_lit(h, "</button></p>");
	struct department *ds;
	size_t nd;
	form_select_open(h, "department", T(rq, PB_BULK_REFER));
	form_option(h, "0", T(rq, PB_NONE_DEPT), true);
	if (store_departments(rq->db, rq->a, rq->community_id, &ds, &nd) == YL_OK)
		for (size_t i = 0; i < nd; i++)
			form_option_id(h, ds[i].id, ds[i].name, false);
	html_lit(h, "</select></p>");
	form_input(h, "due", T(rq, PB_DUE), "date", NULL, false, "off");
	html_lit(h, "<p class=\"hint\">");
	html_text(h, T(rq, PB_DUE_HINT));
	html_lit(h, "</p><p><button type=\"submit\" class=\"btn\" name=\"action\" value=\"refer\">");
	html_text(h, T(rq, PB_ACT_REFER));
	html_lit(h, "</button></p>");
	form_end(h);
}

static int
lists_page(struct req *rq, const char *notice, bool is_error)
{
	bool staff = req_may(rq, PERM_PROBLEM_TRIAGE);
	struct problem_filter f = {.state = -1, .open311_status = -1, .unlisted_verified = true, .limit = 200,
	                           .oldest_first = true, .now = db_now()};
	struct problem *ps;
	size_t n;
	struct problem_list *ls;
	size_t nl;
	enum yl_err rc = store_problems(rq->db, rq->a, rq->community_id, &f, &ps, &n, NULL);
	if (rc == YL_OK)
		rc = store_problem_lists(rq->db, rq->a, rq->community_id, staff ? 0 : rq->actor.id, &ls, &nl);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, PB_LISTS));
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<h2>");
	html_text(&h, T(rq, PB_LIST_NEW));
	html_lit(&h, "</h2>");
	if (n == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, PB_NOTHING_TO_LIST));
		html_lit(&h, "</p>");
	} else {
		form_begin(rq, &h, "/problems/lists");
		html_lit(&h, "<ul class=\"pick\">");
		for (size_t i = 0; i < n; i++)
			checkbox_row(rq, &h, &ps[i], true);
		html_lit(&h, "</ul>");
		char today[11];
		date_local(db_now(), today);
		form_input(&h, "title", T(rq, PB_LIST_TITLE), "text", req_tf(rq, MSG_PB_LIST_BY, rq->actor.display_name, today),
		           true, "off");
		form_input(&h, "note", T(rq, PB_LIST_NOTE), "text", NULL, false, "off");
		form_submit(&h, T(rq, PB_LIST_SEND));
		form_end(&h);
	}
	html_lit(&h, "<h2>");
	html_text(&h, T(rq, PB_LISTS));
	html_lit(&h, "</h2>");
	if (nl == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, PB_LIST_NONE));
		html_lit(&h, "</p>");
	}
	html_lit(&h, "<ul class=\"lists\">");
	for (size_t i = 0; i < nl; i++) {
		char when[20];
		time_local(ls[i].created_at, when);
		html_lit(&h, "<li><a href=\"/problems/lists/");
		html_int(&h, ls[i].id);
		html_lit(&h, "\">");
		html_text(&h, ls[i].title);
		html_lit(&h, "</a> · ");
		html_text(&h, req_tf(rq, MSG_PB_LIST_BY, ls[i].head_name, when));
		html_lit(&h, " · ");
		html_text(&h, req_tn(rq, MSG_PB_LIST_ITEMS, ls[i].items, (long long)ls[i].items, (long long)ls[i].open_items));
		html_lit(&h, "</li>");
	}
	html_lit(&h, "</ul>");
	return page_end(rq, &h);
}

int
problem_lists_page(struct req *rq)
{
	const char *sent = req_query(rq, "sent");
	long long n = sent ? atoll(sent) : 0;
	return lists_page(rq, sent ? req_tn(rq, MSG_PB_LIST_SENT, n, n) : NULL, false);
}

/* The ids checked in a form ("id" repeated). -1 with the error set when one is not a number. */
static int
checked_ids(struct req *rq, int64_t **ids, size_t *n)
{
	*ids = arena_alloc(rq->a, (rq->form.n ? rq->form.n : 1) * sizeof **ids);
	*n = 0;
	for (size_t i = 0; i < rq->form.n; i++) {
		if (strcmp(rq->form.v[i].name, "id") != 0)
			continue;
		int64_t v;
		if (field_int(rq, "id", rq->form.v[i].value, MSG_PB_NUMBER, 1, INT64_MAX / 2, true, &v) < 0)
			return -1;
		(*ids)[(*n)++] = v;
	}
	return 0;
}

int
problem_list_create_form(struct req *rq)
{
	int64_t *ids;
	size_t n;
	const char *title, *note;
	if (checked_ids(rq, &ids, &n) < 0 ||
	    field_text(rq, "title", req_form(rq, "title"), MSG_PB_LIST_TITLE, 100, true, &title) < 0 ||
	    field_text(rq, "note", req_form(rq, "note"), MSG_PB_LIST_NOTE, 500, false, &note) < 0) {
		rq->status = 422;
		return lists_page(rq, rq->err_message, true);
	}
	if (n == 0) {
		rq->status = 422;
		req_invalid(rq, "id", T(rq, PB_LIST_PICK));
		return lists_page(rq, rq->err_message, true);
	}
	int64_t id = 0, bad = 0;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		rc = store_problem_list_create(rq->db, rq->community_id, rq->actor.id, title, note, ids, n, db_now(), &id, &bad);
		if (rc == YL_OK) {
			json_t *items = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(items, json_integer(ids[i]));
			rc = req_audit(rq, rq->community_id, "problem.list_send", "problem_list", id,
			               json_pack("{s:s, s:o}", "title", title, "problems", items));
		}
		rc = store_end(rq->db, rc);
	}
	if (rc == ERR_CONFLICT && bad) {
		rq->status = 409;
		return lists_page(rq, req_tf(rq, MSG_PB_LIST_BAD_ITEM, (long long)bad), true);
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, arena_printf(rq->a, "/problems/lists?sent=%zu", n));
}

static int
list_page(struct req *rq, int64_t id, const char *notice, bool is_error)
{
	struct problem_list l;
	enum yl_err rc = store_problem_list_get(rq->db, rq->a, rq->community_id, id, &l);
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool staff = req_may(rq, PERM_PROBLEM_TRIAGE);
	if (!staff && l.head_id != rq->actor.id)
		return req_error(rq, ERR_NOTFOUND);
	struct problem_filter f = {.state = -1, .open311_status = -1, .list_id = id, .limit = 1000, .oldest_first = true,
	                           .now = db_now()};
	struct problem *ps;
	size_t n;
	if ((rc = store_problems(rq->db, rq->a, rq->community_id, &f, &ps, &n, NULL)) != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, l.title);
	if (notice)
		page_notice(&h, notice, is_error);
	char when[20];
	time_local(l.created_at, when);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tf(rq, MSG_PB_LIST_BY, l.head_name, when));
	html_lit(&h, " · ");
	html_text(&h, req_tn(rq, MSG_PB_LIST_ITEMS, l.items, (long long)l.items, (long long)l.open_items));
	html_lit(&h, "</p>");
	if (*l.note) {
		html_lit(&h, "<p>");
		html_text(&h, l.note);
		html_lit(&h, "</p>");
	}
	if (staff) {
		bulk_form(rq, &h, ps, n, id);
	} else {
		html_lit(&h, "<ul>");
		for (size_t i = 0; i < n; i++) {
			html_lit(&h, "<li><a href=\"/problems/");
			html_int(&h, ps[i].id);
			html_lit(&h, "\">");
			html_text(&h, req_tf(rq, MSG_PB_NUMBER, (long long)ps[i].id));
			html_lit(&h, "</a> ");
			html_text(&h, ps[i].description);
			html_lit(&h, " <em>");
			html_text(&h, problem_state_text(rq, ps[i].state));
			html_lit(&h, "</em></li>");
		}
		html_lit(&h, "</ul>");
	}
	return page_end(rq, &h);
}

int
problem_list_page(struct req *rq)
{
	const char *done = req_query(rq, "done");
	long long n = done ? atoll(done) : 0;
	return list_page(rq, req_param_id(rq, "id"), done ? req_tn(rq, MSG_PB_BULK_DONE, n, n) : NULL, false);
}

/* Accept or refer several problems in one transaction: one refused item refuses them all, and
 * the message names it, so staff never wonder which half went through. */
int
problem_bulk_form(struct req *rq)
{
	int64_t *ids;
	size_t n;
	int64_t list = 0, dept = 0;
	const char *a = req_form(rq, "action");
	int act = a ? problem_action_from_name(a) : -1;
	struct problem_input in = {.channel = CHANNEL_WEB};
	int bad = checked_ids(rq, &ids, &n);
	if (bad == 0)
		bad = field_int(rq, "list", req_form(rq, "list"), MSG_PB_LISTS, 0, INT64_MAX / 2, false, &list);
	if (bad == 0)
		bad = field_int(rq, "department", req_form(rq, "department"), MSG_PB_DEPARTMENT, 0, INT32_MAX, false, &dept);
	const char *due = req_form(rq, "due");
	if (bad == 0 && due && *due) {
		int64_t day;
		if (date_parse_local(due, &day) < 0)
			bad = req_invalid(rq, "due", T(rq, PB_BAD_DUE));
		else
			in.due_at = day + 86400;
	}
	if (bad == 0 && act != PACT_ACCEPT && act != PACT_REFER)
		bad = req_errorf(rq, ERR_INVALID, "unknown_action", "action", T(rq, PB_BAD_ACTION));
	if (bad == 0 && n == 0)
		bad = req_invalid(rq, "id", T(rq, PB_LIST_PICK));
	in.department_id = dept;
	enum yl_err rc = bad < 0 ? rq->err : store_begin_community(rq->db, rq->community_id);
	int64_t failed = 0;
	if (bad == 0 && rc == YL_OK) {
		for (size_t i = 0; i < n && rc == YL_OK; i++) {
			rc = problem_take(rq, ids[i], (enum problem_action)act, &in, NULL, NULL);
			if (rc != YL_OK)
				failed = ids[i];
		}
		rc = store_end(rq->db, rc);
	}
	if (rc != YL_OK) {
		const char *msg = rq->err_message ? rq->err_message : T(rq, ERR_NOT_FOUND);
		if (failed)
			msg = req_tf(rq, MSG_PB_BULK_FAILED, (long long)failed, msg);
		static const int status[ERR__COUNT] = {[ERR_INVALID] = 422, [ERR_CONFLICT] = 409, [ERR_FORBIDDEN] = 403,
		                                       [ERR_NOTFOUND] = 404};
		rq->status = status[rc] ? status[rc] : 500;
		if (list)
			return list_page(rq, list, msg, true);
		return lists_page(rq, msg, true);
	}
	if (list)
		return req_redirect(rq, arena_printf(rq->a, "/problems/lists/%lld?done=%zu", (long long)list, n));
	return req_redirect(rq, "/problems");
}

/* Categories -------------------------------------------------------------------------------- */

static int
categories_page(struct req *rq, const char *notice, bool is_error)
{
	struct category *cats;
	size_t nc;
	struct department *ds;
	size_t nd;
	enum yl_err rc = store_categories(rq->db, rq->a, rq->community_id, &cats, &nc);
	if (rc == YL_OK)
		rc = store_departments(rq->db, rq->a, rq->community_id, &ds, &nd);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, PB_CATEGORIES));
	if (notice)
		page_notice(&h, notice, is_error);
	for (size_t i = 0; i < nc; i++) {
		const struct category *c = &cats[i];
		html_lit(&h, "<section class=\"category\"><h2>");
		html_text(&h, problem_category_text(rq, c->name, c->name_en));
		html_lit(&h, "</h2>");
		form_begin(rq, &h, arena_printf(rq->a, "/problems/categories/%lld", (long long)c->id));
		form_input(&h, "name", T(rq, PB_NAME_ZH), "text", c->name, true, "off");
		form_input(&h, "name_en", T(rq, PB_NAME_EN), "text", c->name_en, false, "off");
		form_input(&h, "code", T(rq, PB_CODE), "text", c->code, true, "off");
		form_input(&h, "sla_days", T(rq, PB_SLA), "number", arena_printf(rq->a, "%d", c->sla_days), true, "off");
		form_select_open(&h, "department", T(rq, PB_DEPARTMENT));
		form_option(&h, "0", T(rq, PB_NONE_DEPT), c->department_id == 0);
		for (size_t k = 0; k < nd; k++)
			form_option_id(&h, ds[k].id, ds[k].name, ds[k].id == c->department_id);
		html_lit(&h, "</select></p>");
		form_submit(&h, T(rq, SAVE));
		form_end(&h);
		html_lit(&h, "</section>");
	}
	return page_end(rq, &h);
}

int
problem_categories_page(struct req *rq)
{
	return categories_page(rq, req_query(rq, "saved") ? T(rq, PB_CAT_SAVED) : NULL, false);
}

static bool
code_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return false;
	return n >= 1 && n <= 32;
}

int
problem_category_form(struct req *rq)
{
	struct category c;
	enum yl_err rc = store_category_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &c);
	if (rc != YL_OK)
		return req_error(rq, rc);
	int64_t sla, dept;
	const char *code = req_form(rq, "code");
	if (field_text(rq, "name", req_form(rq, "name"), MSG_PB_NAME_ZH, 40, true, &c.name) < 0 ||
	    field_text(rq, "name_en", req_form(rq, "name_en"), MSG_PB_NAME_EN, 60, false, &c.name_en) < 0 ||
	    field_int(rq, "sla_days", req_form(rq, "sla_days"), MSG_PB_SLA, PROBLEM_SLA_MIN, PROBLEM_SLA_MAX, true, &sla) < 0 ||
	    field_int(rq, "department", req_form(rq, "department"), MSG_PB_DEPARTMENT, 0, INT32_MAX, false, &dept) < 0 ||
	    (!code_ok(code ? code : "") && req_invalid(rq, "code", T(rq, PB_BAD_CODE)) < 0)) {
		rq->status = 422;
		return categories_page(rq, rq->err_message, true);
	}
	struct department *ds;
	size_t nd;
	bool found = dept == 0;
	if ((rc = store_departments(rq->db, rq->a, rq->community_id, &ds, &nd)) != YL_OK)
		return req_error(rq, rc);
	for (size_t i = 0; i < nd; i++)
		found |= ds[i].id == dept;
	if (!found) {
		rq->status = 422;
		req_invalid(rq, "department", T(rq, PB_REF_DEPARTMENT_REQUIRED));
		return categories_page(rq, rq->err_message, true);
	}
	c.code = code;
	c.sla_days = (int)sla;
	c.department_id = dept;
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		rc = store_category_update(rq->db, rq->community_id, &c);
		if (rc == YL_OK)
			rc = req_audit(rq, rq->community_id, "problem.category_update", "problem_category", c.id,
			               json_pack("{s:s, s:s, s:s, s:i, s:I}", "code", c.code, "name", c.name, "name_en",
			                         c.name_en, "sla_days", c.sla_days, "department_id", (json_int_t)dept));
		rc = store_end(rq->db, rc);
	}
	if (rc == ERR_CONFLICT) {
		rq->status = 409;
		req_errorf(rq, ERR_CONFLICT, "code_taken", "code", T(rq, PB_CODE_TAKEN));
		return categories_page(rq, rq->err_message, true);
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, "/problems/categories?saved=1");
}

/* Exports ----------------------------------------------------------------------------------- */

/* The list as filtered on the page, every row (up to 100,000), with the reporter's name and
 * contact: personal data, so the route is staff-only and every export is audited. */
static struct sheet *
export_sheet(struct req *rq)
{
	static const enum msg cols[] = {MSG_PB_EXP_NO, MSG_PB_CATEGORY, MSG_PB_DESCRIPTION, MSG_PB_WHERE, MSG_PB_STATE,
	                                MSG_PB_URGENT_TAG, MSG_PB_CHANNEL, MSG_PB_REPORTED_BY, MSG_PB_EXP_CONTACT,
	                                MSG_PB_REPORTED_AT, MSG_PB_DEPARTMENT, MSG_PB_DUE, MSG_PB_OVERDUE,
	                                MSG_PB_RATING, MSG_PB_EXP_SUPPORTS};
	enum { NC = sizeof cols / sizeof cols[0] };
	struct problem_filter f;
	struct category *cats;
	size_t nc;
	if (problem_filter_from_query(rq, &f, &cats, &nc) < 0)
		return NULL;
	const char *headers[NC];
	for (size_t i = 0; i < NC; i++)
		headers[i] = i18n_get(rq->lang, cols[i]);
	struct sheet *s = sheet_new(rq->a, T(rq, PB_TITLE), NC, headers);
	f.oldest_first = true;
	f.limit = 1000;
	for (f.offset = 0; f.offset < 100000; f.offset += 1000) {
		struct problem *ps;
		size_t n;
		enum yl_err rc = store_problems(rq->db, rq->a, rq->community_id, &f, &ps, &n, NULL);
		if (rc != YL_OK) {
			req_error(rq, rc);
			return NULL;
		}
		for (size_t i = 0; i < n; i++) {
			const struct problem *p = &ps[i];
			char when[20];
			time_local(p->created_at, when);
			sheet_int(s, p->id);
			sheet_text(s, problem_category_text(rq, p->category_name, p->category_name_en));
			sheet_text(s, p->description);
			sheet_text(s, problem_where(rq, p));
			sheet_text(s, problem_state_text(rq, p->state));
			sheet_text(s, p->urgent ? T(rq, PB_URGENT_TAG) : "");
			sheet_text(s, problem_channel_text(rq, p->channel));
			sheet_text(s, p->reporter_name);
			sheet_text(s, p->reporter_contact);
			sheet_text(s, when);
			sheet_text(s, p->department);
			if (p->due_at) {
				char d[11];
				date_local(p->due_at - 1, d);
				sheet_text(s, d);
			} else {
				sheet_text(s, "");
			}
			sheet_text(s, problem_overdue(p->state, p->due_at, f.now) ? T(rq, PB_OVERDUE) : "");
			if (p->rating)
				sheet_int(s, p->rating);
			else
				sheet_text(s, "");
			sheet_int(s, p->supports);
			sheet_row_end(s);
		}
		if ((int64_t)n < f.limit)
			break;
	}
	return s;
}

static int
export(struct req *rq, bool xlsx)
{
	struct sheet *s = export_sheet(rq);
	if (s == NULL)
		return req_fail(rq);
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_end(rq->db, req_audit(rq, rq->community_id, "problem.export", "community", rq->community_id,
		                                 json_pack("{s:s, s:s}", "format", xlsx ? "xlsx" : "csv", "query",
		                                           rq->query_string)));
	if (rc != YL_OK)
		return req_error(rq, rc);
	char today[11];
	date_local(db_now(), today);
	req_header(rq, "content-disposition",
	           arena_printf(rq->a, "attachment; filename=\"problems-%s.%s\"", today, xlsx ? "xlsx" : "csv"));
	if (!xlsx) {
		struct buf b;
		buf_init(&b, rq->a, 64 * 1024);
		sheet_csv(s, &b);
		return req_bytes(rq, 200, "text/csv; charset=utf-8", b.p, b.len);
	}
	unsigned char *p;
	size_t n;
	if (sheet_xlsx(s, rq->a, &p, &n) < 0)
		return req_error(rq, ERR_INTERNAL);
	return req_bytes(rq, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", p, n);
}

int
problem_export_csv(struct req *rq)
{
	return export(rq, false);
}

int
problem_export_xlsx(struct req *rq)
{
	return export(rq, true);
}
