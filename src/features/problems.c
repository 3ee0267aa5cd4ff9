/* problems.c: the problem list as people see it — the filtered list, one problem with its photos,
 * history and the steps this person may take, "me too", the photos themselves — and the same in
 * JSON. Reporters' names are masked for anyone without PERM_PERSONAL_DATA (PIPL); a department
 * sees only what was referred to it. Reporting is problem_report.c, lists problem_lists.c. */
#include "problems.h"
#include "problem_common.h"
#include "uploads.h"
#include "../core/arena.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/files.h"
#include "../store/problems.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define PAGE_SIZE 50

static const char *
shown_reporter(struct req *rq, const struct problem *p)
{
	if (p->reporter_id == rq->actor.id && rq->actor.id)
		return p->reporter_name;
	struct target t = {rq->community_id, p->building_id, 0, false};
	return req_allowed(rq, PERM_PERSONAL_DATA, &t) ? p->reporter_name : mask_name(rq->a, p->reporter_name);
}

static const char *
date_text(struct req *rq, int64_t at)
{
	char b[20];
	time_local(at, b);
	return arena_strdup(rq->a, b);
}

/* A due instant is the start of the day after the last day (problem_due): show the last day. */
static const char *
due_text(struct req *rq, int64_t due_at)
{
	char b[11];
	date_local(due_at - 1, b);
	return arena_strdup(rq->a, b);
}

/* The filter from the query string, shared by the page, the API and the exports. Returns 0 or -1
 * with the field's error set. */
int
problem_filter_from_query(struct req *rq, struct problem_filter *f, struct category **cats, size_t *ncats)
{
	memset(f, 0, sizeof *f);
	f->state = -1;
	f->open311_status = -1;
	f->limit = PAGE_SIZE;
	f->now = db_now();
	enum yl_err rc = store_categories(rq->db, rq->a, rq->community_id, cats, ncats);
	if (rc != YL_OK)
		return req_error(rq, rc);
	const char *s = req_query(rq, "state");
	if (s && *s) {
		f->state = problem_state_from_name(s);
		if (f->state < 0)
			return req_invalid(rq, "state", T(rq, PB_BAD_STATE));
	}
	const char *c = req_query(rq, "category");
	if (c && *c) {
		for (size_t i = 0; i < *ncats && f->category_id == 0; i++)
			if (strcmp((*cats)[i].code, c) == 0)
				f->category_id = (*cats)[i].id;
		if (f->category_id == 0)
			return req_invalid(rq, "category", T(rq, PB_NO_CATEGORY));
	}
	int64_t v;
	if (field_int(rq, "building", req_query(rq, "building"), MSG_PB_BUILDING, 0, INT32_MAX, false, &v) < 0)
		return -1;
	f->building_id = v;
	if (field_int(rq, "department", req_query(rq, "department"), MSG_PB_DEPARTMENT, 0, INT32_MAX, false, &v) < 0)
		return -1;
	f->department_id = v;
	if (field_int(rq, "offset", req_query(rq, "offset"), MSG_FIELD_OFFSET, 0, INT32_MAX, false, &f->offset) < 0)
		return -1;
	if (field_int(rq, "limit", req_query(rq, "limit"), MSG_FIELD_LIMIT, 1, 1000, false, &v) < 0)
		return -1;
	if (v)
		f->limit = v;
	if (field_text(rq, "q", req_query(rq, "q"), MSG_PB_SEARCH, 100, false, &f->q) < 0)
		return -1;
	const char *o = req_query(rq, "overdue");
	f->overdue = o && (strcmp(o, "1") == 0 || strcmp(o, "on") == 0 || strcmp(o, "true") == 0);
	const char *mine = req_query(rq, "mine");
	if (mine && strcmp(mine, "1") == 0)
		f->reporter_id = rq->actor.id;
	int64_t dept;
	if (problem_department_only(rq, &dept))
		f->department_id = dept ? dept : -1; /* -1 matches nothing: a department not yet assigned */
	return 0;
}

static void
state_cell(struct req *rq, struct html *h, const struct problem *p, int64_t now)
{
	html_text(h, problem_state_text(rq, p->state));
	if (problem_overdue(p->state, p->due_at, now)) {
		html_lit(h, " <strong class=\"tag overdue\">");
		html_text(h, T(rq, PB_OVERDUE));
		html_lit(h, "</strong>");
	}
	if (p->urgent) {
		html_lit(h, " <strong class=\"tag urgent\">");
		html_text(h, T(rq, PB_URGENT_TAG));
		html_lit(h, "</strong>");
	}
}

static void
filters(struct req *rq, struct html *h, const struct problem_filter *f, const struct category *cats, size_t nc,
        bool dept_only)
{
	html_lit(h, "<form method=\"get\" action=\"/problems\" class=\"filters\">");
	form_keep_community(rq, h);
	form_input(h, "q", T(rq, PB_SEARCH), "search", f->q, false, "off");
	form_select_open(h, "state", T(rq, PB_STATE));
	form_option(h, "", T(rq, REG_ANY), f->state < 0);
	for (int s = 0; s < PROBLEM__COUNT; s++)
		form_option(h, problem_state_name((enum problem_state)s), problem_state_text(rq, (enum problem_state)s),
		            f->state == s);
	html_lit(h, "</select></p>");
	form_select_open(h, "category", T(rq, PB_CATEGORY));
	form_option(h, "", T(rq, REG_ANY), f->category_id == 0);
	for (size_t i = 0; i < nc; i++)
		form_option(h, cats[i].code, problem_category_text(rq, cats[i].name, cats[i].name_en),
		            cats[i].id == f->category_id);
	html_lit(h, "</select></p>");
	struct building *bs;
	size_t nb;
	if (store_buildings(rq->db, rq->a, rq->community_id, &bs, &nb) == YL_OK && nb) {
		form_select_open(h, "building", T(rq, PB_BUILDING));
		form_option(h, "0", T(rq, REG_ANY), f->building_id == 0);
		for (size_t i = 0; i < nb; i++)
			form_option_id(h, bs[i].id, bs[i].name, bs[i].id == f->building_id);
		html_lit(h, "</select></p>");
	}
	struct department *ds;
	size_t nd;
	if (!dept_only && store_departments(rq->db, rq->a, rq->community_id, &ds, &nd) == YL_OK && nd) {
		form_select_open(h, "department", T(rq, PB_DEPARTMENT));
		form_option(h, "0", T(rq, REG_ANY), f->department_id == 0);
		for (size_t i = 0; i < nd; i++)
			form_option_id(h, ds[i].id, ds[i].name, ds[i].id == f->department_id);
		html_lit(h, "</select></p>");
	}
	html_lit(h, "<p class=\"field check\"><label><input type=\"checkbox\" name=\"overdue\" value=\"1\"");
	if (f->overdue)
		html_lit(h, " checked");
	html_lit(h, "> ");
	html_text(h, T(rq, PB_OVERDUE_ONLY));
	html_lit(h, "</label></p>");
	form_submit(h, T(rq, REG_FILTER));
	html_lit(h, "</form>");
}

/* The query string of this list without offset, for the pager and the export links. */
static const char *
list_query(struct req *rq)
{
	struct buf b;
	buf_init(&b, rq->a, 128);
	for (size_t i = 0; i < rq->query.n; i++) {
		if (strcmp(rq->query.v[i].name, "offset") == 0)
			continue;
		buf_addc(&b, b.len ? '&' : '?');
		url_encode(&b, rq->query.v[i].name, strlen(rq->query.v[i].name));
		buf_addc(&b, '=');
		url_encode(&b, rq->query.v[i].value, rq->query.v[i].value_len);
	}
	return b.len ? b.p : "?";
}

int
problems_page(struct req *rq)
{
	struct problem_filter f;
	struct category *cats;
	size_t nc;
	if (problem_filter_from_query(rq, &f, &cats, &nc) < 0)
		return req_fail(rq);
	int64_t dept;
	bool dept_only = problem_department_only(rq, &dept);
	struct problem *ps;
	size_t n;
	int64_t total;
	enum yl_err rc = store_problems(rq->db, rq->a, rq->community_id, &f, &ps, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);

	struct html h;
	page_begin(rq, &h, dept_only ? T(rq, PB_DEPT_INBOX) : T(rq, PB_TITLE));
	html_lit(&h, "<p class=\"actions\">");
	if (req_may(rq, PERM_PROBLEM_REPORT)) {
		html_lit(&h, "<a class=\"btn\" href=\"/problems/new\">");
		html_text(&h, T(rq, PB_REPORT));
		html_lit(&h, "</a> <a class=\"btn\" href=\"/problems?mine=1\">");
		html_text(&h, T(rq, PB_MINE));
		html_lit(&h, "</a> ");
	}
	if (req_may(rq, PERM_PROBLEM_LIST)) {
		html_lit(&h, "<a class=\"btn\" href=\"/problems/lists\">");
		html_text(&h, T(rq, PB_LISTS));
		html_lit(&h, "</a> ");
	}
	if (req_may(rq, PERM_PROBLEM_TRIAGE)) {
		const char *q = list_query(rq);
		html_lit(&h, "<a class=\"btn\" href=\"/problems/categories\">");
		html_text(&h, T(rq, PB_CATEGORIES));
		html_lit(&h, "</a> <a class=\"btn\" href=\"");
		html_url(&h, arena_printf(rq->a, "/problems/export.csv%s", q));
		html_lit(&h, "\">");
		html_text(&h, T(rq, PB_EXPORT_CSV));
		html_lit(&h, "</a> <a class=\"btn\" href=\"");
		html_url(&h, arena_printf(rq->a, "/problems/export.xlsx%s", q));
		html_lit(&h, "\">");
		html_text(&h, T(rq, PB_EXPORT_XLSX));
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>");
	filters(rq, &h, &f, cats, nc, dept_only);
	html_lit(&h, "<p>");
	html_text(&h, req_tn(rq, MSG_PB_COUNT, total, (long long)total));
	html_lit(&h, "</p>");
	if (n == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, PB_NONE));
		html_lit(&h, "</p>");
	} else {
		html_lit(&h, "<ul class=\"problems\">");
		for (size_t i = 0; i < n; i++) {
			const struct problem *p = &ps[i];
			bool late = problem_overdue(p->state, p->due_at, f.now);
			if (late)
				html_lit(&h, "<li class=\"problem is-overdue\">");
			else
				html_lit(&h, "<li class=\"problem\">");
			html_lit(&h, "<a href=\"/problems/");
			html_int(&h, p->id);
			html_lit(&h, "\"><span class=\"no\">");
			html_text(&h, req_tf(rq, MSG_PB_NUMBER, (long long)p->id));
			html_lit(&h, "</span> <span class=\"cat\">");
			html_text(&h, problem_category_text(rq, p->category_name, p->category_name_en));
			html_lit(&h, "</span> <span class=\"where\">");
			html_text(&h, problem_where(rq, p));
			html_lit(&h, "</span><span class=\"desc\">");
			html_text(&h, p->description);
			html_lit(&h, "</span></a><span class=\"state\">");
			state_cell(rq, &h, p, f.now);
			html_lit(&h, "</span><span class=\"meta\">");
			html_text(&h, date_text(rq, p->created_at));
			if (p->supports > 0) {
				html_lit(&h, " · ");
				html_text(&h, req_tn(rq, MSG_PB_SUPPORTS, p->supports, (long long)p->supports));
			}
			if (p->department[0]) {
				html_lit(&h, " · ");
				html_text(&h, p->department);
			}
			if (p->due_at && (p->state == PROBLEM_REFERRED || p->state == PROBLEM_ANSWERED)) {
				html_lit(&h, " · ");
				html_text(&h, T(rq, PB_DUE));
				html_lit(&h, " ");
				html_text(&h, due_text(rq, p->due_at));
			}
			html_lit(&h, "</span></li>");
		}
		html_lit(&h, "</ul>");
	}
	if (f.offset > 0 || f.offset + (int64_t)n < total) {
		const char *q = list_query(rq);
		html_lit(&h, "<p class=\"pager\">");
		if (f.offset > 0) {
			html_lit(&h, "<a href=\"");
			html_url(&h, arena_printf(rq->a, "/problems%s&offset=%lld", q,
			                          (long long)(f.offset > PAGE_SIZE ? f.offset - PAGE_SIZE : 0)));
			html_lit(&h, "\">");
			html_text(&h, T(rq, REG_PREV));
			html_lit(&h, "</a> ");
		}
		if (f.offset + (int64_t)n < total) {
			html_lit(&h, "<a href=\"");
			html_url(&h, arena_printf(rq->a, "/problems%s&offset=%lld", q, (long long)(f.offset + (int64_t)n)));
			html_lit(&h, "\">");
			html_text(&h, T(rq, REG_NEXT));
			html_lit(&h, "</a>");
		}
		html_lit(&h, "</p>");
	}
	return page_end(rq, &h);
}

/* One problem ----------------------------------------------------------------------------- */

static int
visible(struct req *rq, const struct problem *p)
{
	return problem_visible(rq, p) ? 0 : req_error(rq, ERR_NOTFOUND);
}

static void
channel_select(struct req *rq, struct html *h, bool with_web)
{
	form_select_open(h, "channel", T(rq, PB_CHANNEL));
	if (with_web)
		form_option(h, "web", T(rq, PB_CH_WEB), true);
	form_option(h, "paper", T(rq, PB_CH_PAPER), !with_web);
	form_option(h, "proxy", T(rq, PB_CH_PROXY), false);
	html_lit(h, "</select></p>");
}

/* The form for one step, shown only when this person may take it now. */
static void
step_form(struct req *rq, struct html *h, const struct problem *p, enum problem_action act, bool is_staff)
{
	html_lit(h, "<section class=\"step\"><h3>");
	html_text(h, problem_action_text(rq, act));
	html_lit(h, "</h3>");
	bool multipart = act == PACT_ANSWER;
	const char *action = arena_printf(rq->a, "/problems/%lld/steps", (long long)p->id);
	if (multipart)
		form_begin_multipart(rq, h, action);
	else
		form_begin(rq, h, action);
	html_lit(h, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(h, problem_action_name(act));
	html_lit(h, "\">");
	bool for_reporter = act == PACT_RATE || act == PACT_REOPEN;
	if (for_reporter && p->reporter_id != rq->actor.id)
		channel_select(rq, h, false);
	switch (act) {
	case PACT_MERGE:
		form_input(h, "merge_into", T(rq, PB_MERGE_INTO), "number", NULL, true, "off");
		break;
	case PACT_REJECT:
	case PACT_REOPEN:
		form_textarea(h, "note", T(rq, PB_REASON), NULL, 3, 2000, true);
		break;
	case PACT_ANSWER:
		if (is_staff)
			channel_select(rq, h, false);
		form_textarea(h, "note", T(rq, PB_REPLY), NULL, 3, 2000, true);
		html_lit(h, "<p class=\"field\"><label for=\"f-photo-a\">");
		html_text(h, T(rq, PB_ANSWER_PHOTOS));
		html_lit(h, "</label><input id=\"f-photo-a\" type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png\" "
		            "multiple></p>");
		break;
	case PACT_REFER: {
		struct department *ds;
		size_t nd;
		form_select_open(h, "department", T(rq, PB_DEPARTMENT));
		form_option(h, "0", T(rq, PB_NONE_DEPT), false);
		if (store_departments(rq->db, rq->a, rq->community_id, &ds, &nd) == YL_OK)
			for (size_t i = 0; i < nd; i++)
				form_option_id(h, ds[i].id, ds[i].name, ds[i].id == p->department_id);
		html_lit(h, "</select></p>");
		form_input(h, "due", T(rq, PB_DUE), "date", NULL, false, "off");
		html_lit(h, "<p class=\"hint\">");
		html_text(h, T(rq, PB_DUE_HINT));
		html_lit(h, "</p>");
		break;
	}
	case PACT_RATE:
		html_lit(h, "<fieldset class=\"rating\"><legend>");
		html_text(h, T(rq, PB_RATING));
		html_lit(h, "</legend>");
		for (int r = 5; r >= 1; r--) {
			html_lit(h, "<label><input type=\"radio\" name=\"rating\" required value=\"");
			html_int(h, r);
			html_lit(h, "\"> ");
			html_text(h, req_tf(rq, MSG_PB_RATING_N, r));
			html_lit(h, "</label>");
		}
		html_lit(h, "</fieldset>");
		form_textarea(h, "note", T(rq, PB_COMMENT), NULL, 3, 2000, false);
		break;
	default:
		break;
	}
	html_lit(h, "<p><button type=\"submit\" class=\"btn\">");
	html_text(h, problem_action_text(rq, act));
	html_lit(h, "</button></p></form></section>");
}

static int
detail(struct req *rq, int64_t id, const char *notice, bool notice_error)
{
	struct problem p;
	enum yl_err rc = store_problem_get(rq->db, rq->a, rq->community_id, id, &p);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (visible(rq, &p) < 0)
		return -1;
	struct problem_event *ev;
	size_t nev;
	struct problem_photo *ph;
	size_t nph;
	if ((rc = store_problem_events(rq->db, rq->a, rq->community_id, id, &ev, &nev)) != YL_OK ||
	    (rc = store_problem_photos(rq->db, rq->a, rq->community_id, id, &ph, &nph)) != YL_OK)
		return req_error(rq, rc);
	int64_t now = db_now();

	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_PB_NUMBER, (long long)p.id));
	if (notice)
		page_notice(&h, notice, notice_error);
	html_lit(&h, "<p class=\"lead state\">");
	state_cell(rq, &h, &p, now);
	html_lit(&h, "</p><p class=\"description\">");
	html_text(&h, p.description);
	html_lit(&h, "</p><dl class=\"facts\">");
	page_fact(&h, T(rq, PB_CATEGORY), problem_category_text(rq, p.category_name, p.category_name_en));
	page_fact(&h, T(rq, PB_WHERE), problem_where(rq, &p));
	page_fact(&h, T(rq, PB_REPORTED_AT), date_text(rq, p.created_at));
	const char *who = shown_reporter(rq, &p);
	if (*who)
		page_fact(&h, T(rq, PB_REPORTED_BY), who);
	page_fact(&h, T(rq, PB_CHANNEL), problem_channel_text(rq, p.channel));
	if (p.department[0])
		page_fact(&h, T(rq, PB_DEPARTMENT), rq->lang == LANG_EN && p.department_en[0] ? p.department_en : p.department);
	if (p.due_at)
		page_fact(&h, T(rq, PB_DUE), due_text(rq, p.due_at));
	if (p.rating)
		page_fact(&h, T(rq, PB_RATING), req_tf(rq, MSG_PB_RATING_N, p.rating));
	if (p.merged_into)
		page_fact(&h, T(rq, PB_ST_MERGED), req_tf(rq, MSG_PB_NUMBER, (long long)p.merged_into));
	html_lit(&h, "</dl>");
	if (nph) {
		html_lit(&h, "<div class=\"photos\">");
		for (size_t i = 0; i < nph; i++) {
			html_lit(&h, "<a href=\"/problems/photos/");
			html_int(&h, ph[i].id);
			html_lit(&h, "\"><img src=\"/problems/photos/");
			html_int(&h, ph[i].id);
			html_lit(&h, "\" alt=\"");
			html_attr(&h, req_tf(rq, MSG_PB_PHOTO, (int)i + 1));
			html_lit(&h, "\" width=\"160\" loading=\"lazy\"></a>");
		}
		html_lit(&h, "</div>");
	}
	/* "Me too": residents who meet the same problem add their weight without a second report. */
	if (req_may(rq, PERM_PROBLEM_REPORT) && p.reporter_id != rq->actor.id &&
	    strcmp(problem_open311_status(p.state), "open") == 0) {
		if (store_problem_supported(rq->db, rq->community_id, id, rq->actor.id)) {
			html_lit(&h, "<p class=\"supported\">");
			html_text(&h, req_tf(rq, MSG_PB_SUPPORTED, (long long)p.supports));
			html_lit(&h, "</p>");
		} else {
			form_begin(rq, &h, arena_printf(rq->a, "/problems/%lld/support", (long long)id));
			html_lit(&h, "<button type=\"submit\" class=\"btn\">");
			html_text(&h, req_tf(rq, MSG_PB_SUPPORT, (long long)p.supports));
			html_lit(&h, "</button>");
			form_end(&h);
		}
	} else if (p.supports) {
		html_lit(&h, "<p>");
		html_text(&h, req_tn(rq, MSG_PB_SUPPORTS, p.supports, (long long)p.supports));
		html_lit(&h, "</p>");
	}
	bool is_staff = req_may(rq, PERM_PROBLEM_TRIAGE);
	for (int a = 0; a < PACT__COUNT; a++)
		if (problem_offered(rq, &p, (enum problem_action)a))
			step_form(rq, &h, &p, (enum problem_action)a, is_staff);

	html_lit(&h, "<h2>");
	html_text(&h, T(rq, PB_HISTORY));
	html_lit(&h, "</h2><ol class=\"history\">");
	struct target t = {rq->community_id, p.building_id, 0, false};
	bool personal = req_allowed(rq, PERM_PERSONAL_DATA, &t);
	for (size_t i = 0; i < nev; i++) {
		const struct problem_event *e = &ev[i];
		html_lit(&h, "<li><time>");
		html_text(&h, date_text(rq, e->at));
		html_lit(&h, "</time> <strong>");
		int a = problem_action_from_name(e->action);
		html_text(&h, a < 0 ? T(rq, PB_EV_REPORT) : problem_action_text(rq, (enum problem_action)a));
		html_lit(&h, "</strong> ");
		/* the reporter is a private person; heads, staff and departments act in office */
		bool private_person = e->actor_id == p.reporter_id || e->actor_id == 0;
		html_text(&h, private_person && !personal && e->actor_id != rq->actor.id ? mask_name(rq->a, e->actor_name)
		                                                                          : e->actor_name);
		if (e->channel != CHANNEL_WEB) {
			html_lit(&h, " (");
			html_text(&h, problem_channel_text(rq, e->channel));
			html_lit(&h, ")");
		}
		if (e->department[0]) {
			html_lit(&h, " → ");
			html_text(&h, e->department);
		}
		if (e->due_at) {
			html_lit(&h, " · ");
			html_text(&h, T(rq, PB_DUE));
			html_lit(&h, " ");
			html_text(&h, due_text(rq, e->due_at));
		}
		if (e->rating) {
			html_lit(&h, " · ");
			html_text(&h, req_tf(rq, MSG_PB_RATING_N, e->rating));
		}
		if (e->merge_into) {
			html_lit(&h, " → <a href=\"/problems/");
			html_int(&h, e->merge_into);
			html_lit(&h, "\">");
			html_text(&h, req_tf(rq, MSG_PB_NUMBER, (long long)e->merge_into));
			html_lit(&h, "</a>");
		}
		if (e->note[0]) {
			html_lit(&h, "<p class=\"note\">");
			html_text(&h, e->note);
			html_lit(&h, "</p>");
		}
		html_lit(&h, "</li>");
	}
	html_lit(&h, "</ol><p class=\"actions\"><a href=\"/problems\">");
	html_text(&h, T(rq, PB_SEE_ALL));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
problem_page(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	const char *done = req_query(rq, "done");
	const char *notice = NULL;
	if (done) {
		int a = problem_action_from_name(done);
		if (a >= 0)
			notice = req_tf(rq, MSG_PB_MOVED, problem_action_text(rq, (enum problem_action)a));
		else if (strcmp(done, "report") == 0)
			notice = req_tf(rq, MSG_PB_SAVED, (long long)id);
	}
	return detail(rq, id, notice, false);
}

/* Reads a step's inputs from a form or a JSON object (the same names). */
static int
step_inputs(struct req *rq, json_t *j, enum problem_action *act, struct problem_input *in)
{
	memset(in, 0, sizeof *in);
#define GET(name) (j ? json_string_value(json_object_get(j, name)) : req_form(rq, name))
	const char *a = GET("action");
	int ai = a ? problem_action_from_name(a) : -1;
	if (ai < 0)
		return req_errorf(rq, ERR_INVALID, "unknown_action", "action", T(rq, PB_BAD_ACTION));
	*act = (enum problem_action)ai;
	const char *ch = GET("channel");
	int ci = ch && *ch ? problem_channel_from_name(ch) : CHANNEL_WEB;
	if (ci < 0 || ci == CHANNEL_OPEN311)
		return req_invalid(rq, "channel", T(rq, PB_BAD_CHANNEL));
	in->channel = (enum problem_channel)ci;
	if (field_text(rq, "note", GET("note"), MSG_PB_REASON, 2000, false, &in->note) < 0)
		return -1;
	int64_t v;
	const char *num;
	char buf[24];
	/* JSON numbers arrive as numbers; the form's as text: one validator for both */
#define NUM(name)                                                                                            \
	(j && json_is_integer(json_object_get(j, name))                                                          \
	         ? (snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(json_object_get(j, name))), buf) \
	         : GET(name))
	num = NUM("department");
	if (field_int(rq, "department", num, MSG_PB_DEPARTMENT, 0, INT32_MAX, false, &v) < 0)
		return -1;
	in->department_id = v;
	num = NUM("rating");
	if (field_int(rq, "rating", num, MSG_PB_RATING, 0, 5, false, &v) < 0)
		return -1;
	in->rating = (int)v;
	num = NUM("merge_into");
	if (field_int(rq, "merge_into", num, MSG_PB_MERGE_INTO, 0, INT64_MAX / 2, false, &v) < 0)
		return -1;
	in->merge_into = v;
	const char *due = GET("due");
	if (due && *due) {
		int64_t day;
		if (date_parse_local(due, &day) < 0)
			return req_invalid(rq, "due", T(rq, PB_BAD_DUE));
		in->due_at = day + 86400; /* due by the end of that day */
	}
#undef NUM
#undef GET
	return 0;
}

int
problem_step_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	enum problem_action act;
	struct problem_input in;
	if (step_inputs(rq, NULL, &act, &in) < 0) {
		rq->status = 422;
		return detail(rq, id, rq->err_message, true);
	}
	struct image_upload up = {0};
	if (act == PACT_ANSWER && upload_images(rq, "photo", PROBLEM_MAX_PHOTOS, &up) < 0) {
		rq->status = rq->err == ERR_TOOLARGE ? 413 : 422;
		return detail(rq, id, rq->err_message, true);
	}
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	int64_t ev = 0;
	if (rc == YL_OK) {
		rc = problem_take(rq, id, act, &in, NULL, &ev);
		if (rc == YL_OK && act == PACT_ANSWER)
			rc = problem_photos_save(rq, id, ev, &up);
		rc = store_end(rq->db, rc);
	}
	if (rc != YL_OK) {
		if (rq->err_message == NULL)
			req_error(rq, rc);
		if (rc == ERR_NOTFOUND || rc == ERR_INTERNAL)
			return req_fail(rq);
		static const int status[ERR__COUNT] = {[ERR_INVALID] = 422, [ERR_CONFLICT] = 409, [ERR_FORBIDDEN] = 403};
		rq->status = status[rc] ? status[rc] : 400;
		return detail(rq, id, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/problems/%lld?done=%s", (long long)id, problem_action_name(act)));
}

int
problem_support_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	struct problem p;
	enum yl_err rc = store_problem_get(rq->db, rq->a, rq->community_id, id, &p);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (p.reporter_id == rq->actor.id)
		return req_errorf(rq, ERR_CONFLICT, "own_report", NULL, T(rq, PB_OWN_REPORT));
	if (strcmp(problem_open311_status(p.state), "open") != 0)
		return req_errorf(rq, ERR_CONFLICT, "closed", NULL, T(rq, PB_CLOSED));
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		rc = store_problem_support(rq->db, rq->community_id, id, rq->actor.id, db_now());
		if (rc == YL_OK)
			rc = req_audit(rq, rq->community_id, "problem.support", "problem", id, NULL);
		rc = store_end(rq->db, rc);
	}
	/* a second "me too" from the same person counts once and changes nothing */
	if (rc != YL_OK && rc != ERR_CONFLICT)
		return req_error(rq, rc);
	if (rq->is_api)
		return req_json(rq, 200, json_pack("{s:I}", "supports", (json_int_t)(p.supports + (rc == YL_OK))));
	return req_redirect(rq, arena_printf(rq->a, "/problems/%lld", (long long)id));
}

/* Photos are served through here, never from a folder: the route's permission and the
 * department rule apply to them as to the problem. */
int
problem_photo(struct req *rq)
{
	int64_t id = req_param_id(rq, "id"), cid, building;
	struct problem_photo ph;
	enum yl_err rc = store_problem_photo_get(rq->db, rq->a, id, &cid, &building, &ph);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct problem p;
	if ((rc = store_problem_get(rq->db, rq->a, rq->community_id, ph.problem_id, &p)) != YL_OK)
		return req_error(rq, rc);
	if (visible(rq, &p) < 0)
		return -1;
	unsigned char *bytes;
	size_t n;
	if ((rc = files_read(rq->a, ph.file, &bytes, &n)) != YL_OK)
		return req_error(rq, rc);
	return req_bytes(rq, 200, ph.mime, bytes, n);
}

int
problem_photo_scope(struct req *rq, struct target *t)
{
	struct problem_photo ph;
	if (rq->actor.id == 0) /* as problem_scope: "log in" before whether it exists */
		return req_error(rq, ERR_UNAUTH);
	if (store_problem_photo_get(rq->db, rq->a, req_param_id(rq, "id"), &t->community_id, &t->building_id, &ph) !=
	    YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* JSON ---------------------------------------------------------------------------------- */

static void
problem_json(struct req *rq, struct jsonw *w, const struct problem *p, int64_t now)
{
	char t[26];
	jsonw_object(w);
	jsonw_kint(w, "id", p->id);
	jsonw_kstr(w, "state", problem_state_name(p->state));
	jsonw_kstr(w, "state_text", problem_state_text(rq, p->state));
	jsonw_kstr(w, "category", p->category_code);
	jsonw_kstr(w, "description", p->description);
	jsonw_kint_or_null(w, "building_id", p->building_id);
	jsonw_kstr(w, "building", p->building);
	jsonw_kstr(w, "stairwell", p->stairwell);
	jsonw_kstr(w, "place", p->place);
	jsonw_key(w, "urgent");
	jsonw_bool(w, p->urgent);
	jsonw_kstr(w, "channel", problem_channel_names[p->channel]);
	jsonw_kstr(w, "reporter", shown_reporter(rq, p));
	jsonw_kstr(w, "department", p->department);
	jsonw_key(w, "due");
	if (p->due_at) {
		char d[11];
		date_local(p->due_at - 1, d);
		jsonw_str(w, d);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "overdue");
	jsonw_bool(w, problem_overdue(p->state, p->due_at, now));
	jsonw_kint_or_null(w, "rating", p->rating);
	jsonw_kint(w, "supports", p->supports);
	jsonw_kint(w, "photos", p->photos);
	time_rfc3339(p->created_at, t);
	jsonw_kstr(w, "created_at", t);
	time_rfc3339(p->updated_at, t);
	jsonw_kstr(w, "updated_at", t);
}

int
problems_api(struct req *rq)
{
	struct problem_filter f;
	struct category *cats;
	size_t nc;
	if (problem_filter_from_query(rq, &f, &cats, &nc) < 0)
		return req_fail(rq);
	struct problem *ps;
	size_t n;
	int64_t total;
	enum yl_err rc = store_problems(rq->db, rq->a, rq->community_id, &f, &ps, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++) {
		problem_json(rq, &w, &ps[i], f.now);
		jsonw_object_end(&w);
	}
	jsonw_list_end(&w, total);
	return 0;
}

int
problem_api(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	struct problem p;
	struct problem_event *ev;
	size_t nev;
	enum yl_err rc = store_problem_get(rq->db, rq->a, rq->community_id, id, &p);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (visible(rq, &p) < 0)
		return -1;
	if ((rc = store_problem_events(rq->db, rq->a, rq->community_id, id, &ev, &nev)) != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	problem_json(rq, &w, &p, db_now());
	jsonw_key(&w, "events");
	jsonw_array(&w);
	for (size_t i = 0; i < nev; i++) {
		char t[26];
		time_rfc3339(ev[i].at, t);
		jsonw_object(&w);
		jsonw_kstr(&w, "action", ev[i].action);
		jsonw_kstr(&w, "from", ev[i].from_state);
		jsonw_kstr(&w, "to", ev[i].to_state);
		jsonw_kstr(&w, "channel", problem_channel_names[ev[i].channel]);
		jsonw_kstr(&w, "at", t);
		jsonw_kstr(&w, "note", ev[i].note);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	return 0;
}

int
problem_step_api(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	enum problem_action act;
	struct problem_input in;
	int bad = step_inputs(rq, j, &act, &in);
	enum yl_err rc = bad < 0 ? rq->err : store_begin_community(rq->db, rq->community_id);
	enum problem_state to = PROBLEM_REPORTED;
	if (bad == 0 && rc == YL_OK)
		rc = store_end(rq->db, problem_take(rq, id, act, &in, &to, NULL));
	json_decref(j);
	if (bad < 0 || rc != YL_OK) {
		if (rq->err_message == NULL)
			req_error(rq, rc);
		return req_fail(rq);
	}
	return req_json(rq, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", problem_state_name(to)));
}
