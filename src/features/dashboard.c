/* dashboard.c: the public dashboard — page and JSON (see dashboard.h). Everything on it is a count,
 * a sum, a median or a rate computed in store/dashboard.c; the only words from the database are
 * category, department, decision and plan titles, none of them a person's. Each chart is drawn by
 * web/chart.c with its data table beside it (in a <details> to keep the page short), under a
 * heading and one sentence of what it means. Arithmetic is integer: a score is tenths of a point
 * rounded half up, a rate tenths of a percent rounded down (core/billing.h collection_permille, so
 * 100.0 % is never shown while something is missing), days are tenths rounded half up. */
#include "dashboard.h"
#include "disclosures.h"
#include "plans.h"
#include "problem_common.h"
#include "../core/arena.h"
#include "../core/billing.h"
#include "../core/period.h"
#include "../store/dashboard.h"
#include "../store/db.h"
#include "../web/chart.h"
#include "../web/jsonw.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

static const enum msg work_state_msgs[WS__COUNT] = {[WS_PLANNED] = MSG_WK_ST_PLANNED,
                                                    [WS_UNDERWAY] = MSG_WK_ST_UNDERWAY,
                                                    [WS_COMPLETED] = MSG_WK_ST_COMPLETED,
                                                    [WS_ACCEPTED] = MSG_WK_ST_ACCEPTED};

/* Figures ------------------------------------------------------------------------------------ */

/* n/d in tenths, rounded half up (n, d ≥ 0, d > 0). */
static int64_t
tenths(int64_t n, int64_t d)
{
	return (20 * n + d) / (2 * d);
}

/* The average rating as "4.3", NULL when nobody rated. */
static const char *
score(struct req *rq, int64_t sum, int64_t n)
{
	return n > 0 ? req_tenths(rq, tenths(sum, n)) : NULL;
}

static const char *
days(struct req *rq, int64_t seconds)
{
	return req_tenths(rq, tenths(seconds, 86400));
}

static const char *
month_text(struct req *rq, int month)
{
	char b[8];
	month_format(month, b);
	return arena_strdup(rq->a, b);
}

static int64_t
problems_total(const struct dashboard *d)
{
	int64_t n = 0;
	for (int s = 0; s < PROBLEM__COUNT; s++)
		n += d->by_state[s];
	return n;
}

/* The newest month with bills that is over (the current month's rate only grows till its end),
 * else the current month when it alone has bills; NULL when none has. */
static const struct dash_month *
latest_billed(const struct dashboard *d)
{
	for (int i = DASHBOARD_MONTHS - 2; i >= 0; i--)
		if (d->months[i].billed > 0)
			return &d->months[i];
	return d->months[DASHBOARD_MONTHS - 1].billed > 0 ? &d->months[DASHBOARD_MONTHS - 1] : NULL;
}

static int
load(struct req *rq, struct dashboard *d)
{
	bool staff = req_may(rq, PERM_PROBLEM_TRIAGE);
	enum yl_err rc = store_dashboard(rq->db, rq->a, rq->community_id, db_now(), staff, d);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* The page ----------------------------------------------------------------------------------- */

static struct chart_point *
points(struct req *rq, size_t n)
{
	return arena_zalloc(rq->a, (n ? n : 1) * sizeof(struct chart_point));
}

/* A section's heading and sentence. */
static void
section(struct html *h, const char *heading, const char *sentence)
{
	html_lit(h, "<section class=\"dash\"><h2>");
	html_text(h, heading);
	html_lit(h, "</h2><p>");
	html_text(h, sentence);
	html_lit(h, "</p>");
}

/* The chart's figures as a table behind a summary (the svg's desc says them too). */
static void
data_table(struct req *rq, struct html *h, const struct chart *c, const char *label_head, const char *value_head)
{
	if (c->n == 0)
		return;
	html_lit(h, "<details class=\"chart-details\"><summary>");
	html_text(h, T(rq, DB_SHOW_TABLE));
	html_lit(h, "</summary>");
	chart_table(h, c, label_head, value_head);
	html_lit(h, "</details>");
}

static void
figure_row(struct html *h, const char *label, const char *value)
{
	html_lit(h, "<div><dt>");
	html_text(h, label);
	html_lit(h, "</dt><dd>");
	html_text(h, value);
	html_lit(h, "</dd></div>");
}

static void
key_figures(struct req *rq, struct html *h, const struct dashboard *d)
{
	html_lit(h, "<section class=\"dash\"><h2>");
	html_text(h, T(rq, DB_KEY_H));
	html_lit(h, "</h2><dl class=\"dash-figures\">");
	figure_row(h, T(rq, DB_PROBLEMS_TOTAL), req_tf(rq, MSG_DB_PIECES, (long long)problems_total(d)));
	figure_row(h, T(rq, DB_MEDIAN),
	           d->resolved ? req_tf(rq, MSG_DB_DAYS, days(rq, d->median_seconds), (long long)d->resolved)
	                       : T(rq, DB_NONE_RESOLVED));
	figure_row(h, T(rq, DB_OVERDUE), req_tf(rq, MSG_DB_PIECES, (long long)d->overdue));
	const char *s = score(rq, d->rating_sum, d->rated);
	figure_row(h, T(rq, DB_SATISFACTION), s ? req_tf(rq, MSG_DB_SCORE, s, (long long)d->rated) : T(rq, DB_NO_RATINGS));
	s = score(rq, d->work_rating_sum, d->work_ratings);
	figure_row(h, T(rq, DB_WORKS_SATISFACTION),
	           s ? req_tf(rq, MSG_DB_SCORE, s, (long long)d->work_ratings) : T(rq, DB_NO_RATINGS));
	const struct dash_month *m = latest_billed(d);
	if (m)
		figure_row(h, req_tf(rq, MSG_DB_RATE_OF, month_text(rq, m->month)),
		           permille_text(rq, collection_permille(m->paid, m->billed)));
	else
		figure_row(h, T(rq, DB_FEES_H), T(rq, DB_NO_BILLS));
	html_lit(h, "</dl></section>");
}

static void
problem_charts(struct req *rq, struct html *h, const struct dashboard *d)
{
	struct chart_point *p = points(rq, PROBLEM__COUNT);
	size_t n = 0;
	for (int s = 0; s < PROBLEM__COUNT; s++)
		if (d->by_state[s] > 0)
			p[n++] = (struct chart_point){problem_state_text(rq, (enum problem_state)s), d->by_state[s]};
	struct chart c = {"dash-states", T(rq, DB_STATES_H), i18n_form(rq->lang, MSG_DB_UNIT_PROBLEMS, 2),
	                  i18n_form(rq->lang, MSG_DB_UNIT_PROBLEMS, 1), T(rq, DB_STATES_EMPTY), 0, p, n};
	section(h, c.title, T(rq, DB_STATES_P));
	chart_donut(h, &c);
	data_table(rq, h, &c, T(rq, DB_STATE), T(rq, DB_COUNT));
	html_lit(h, "</section>");

	p = points(rq, d->ncategories);
	for (size_t i = 0; i < d->ncategories; i++)
		p[i] = (struct chart_point){problem_category_text(rq, d->categories[i].name, d->categories[i].name_en),
		                            d->categories[i].problems};
	c = (struct chart){"dash-categories", T(rq, DB_CATEGORIES_H), i18n_form(rq->lang, MSG_DB_UNIT_PROBLEMS, 2),
	                   i18n_form(rq->lang, MSG_DB_UNIT_PROBLEMS, 1), T(rq, DB_CATEGORIES_EMPTY), 0, p, d->ncategories};
	section(h, c.title, T(rq, DB_CATEGORIES_P));
	chart_bar(h, &c);
	data_table(rq, h, &c, T(rq, DB_CATEGORY), T(rq, DB_COUNT));
	html_lit(h, "</section>");
}

/* One chart per decision, its title as the heading: a title is too long to be a bar's label. */
static void
vote_charts(struct req *rq, struct html *h, const struct dashboard *d)
{
	section(h, T(rq, DB_VOTES_H), T(rq, DB_VOTES_P));
	if (d->nvotes == 0) {
		html_lit(h, "<p>");
		html_text(h, T(rq, DB_VOTES_EMPTY));
		html_lit(h, "</p>");
	}
	for (size_t i = 0; i < d->nvotes; i++) {
		const struct dash_vote *v = &d->votes[i];
		html_lit(h, "<h3>");
		html_text(h, v->title);
		html_lit(h, "</h3>");
		/* a rate is the same 1000 × part / whole rounded down as the collection rate */
		struct chart_point *p = points(rq, 2);
		p[0] = (struct chart_point){T(rq, DB_BY_OWNERS), collection_permille(v->voted.owners, v->total.owners)};
		p[1] = (struct chart_point){T(rq, DB_BY_AREA), collection_permille(v->voted.area, v->total.area)};
		const char *id = arena_printf(rq->a, "dash-vote-%lld", (long long)v->id);
		struct chart c = {id, v->title, "%", NULL, T(rq, DB_VOTES_EMPTY), 1, p, 2};
		chart_bar(h, &c);
		data_table(rq, h, &c, T(rq, DB_DECISION), T(rq, DB_TURNOUT));
	}
	html_lit(h, "</section>");
}

/* A sub-chart's heading: its title, unless the chart is empty (it says its title itself then). */
static void
chart_heading(struct html *h, const struct chart *c)
{
	if (c->n == 0)
		return;
	html_lit(h, "<h4>");
	html_text(h, c->title);
	html_lit(h, "</h4>");
}

static void
plan_charts(struct req *rq, struct html *h, const struct dash_plan *pl)
{
	html_lit(h, "<h3>");
	html_text(h, req_tf(rq, MSG_DB_PLAN_H, pl->title, (long long)pl->version));
	html_lit(h, "</h3>");
	struct chart_point *p = points(rq, ITEM_STATUS__COUNT);
	size_t n = 0;
	for (int s = 0; s < ITEM_STATUS__COUNT; s++)
		if (pl->items[s] > 0)
			p[n++] = (struct chart_point){plan_status_text(rq, (enum item_status)s), pl->items[s]};
	const char *id = arena_printf(rq->a, "dash-plan-%lld-items", (long long)pl->id);
	struct chart c = {id, T(rq, DB_PLAN_ITEMS), i18n_form(rq->lang, MSG_DB_UNIT_ITEMS, 2),
	                  i18n_form(rq->lang, MSG_DB_UNIT_ITEMS, 1), T(rq, DB_PLAN_ITEMS_EMPTY), 0, p, n};
	chart_heading(h, &c);
	chart_bar(h, &c);
	data_table(rq, h, &c, T(rq, DB_STATE), T(rq, DB_COUNT));

	p = points(rq, WS__COUNT);
	n = 0;
	for (int s = 0; s < WS__COUNT; s++)
		if (pl->works[s] > 0)
			p[n++] = (struct chart_point){i18n_get(rq->lang, work_state_msgs[s]), pl->works[s]};
	id = arena_printf(rq->a, "dash-plan-%lld-works", (long long)pl->id);
	c = (struct chart){id, T(rq, DB_PLAN_WORKS), i18n_form(rq->lang, MSG_DB_UNIT_WORKS, 2),
	                   i18n_form(rq->lang, MSG_DB_UNIT_WORKS, 1), T(rq, DB_PLAN_WORKS_EMPTY), 0, p, n};
	chart_heading(h, &c);
	chart_bar(h, &c);
	data_table(rq, h, &c, T(rq, DB_STATE), T(rq, DB_COUNT));

	/* spending against budget: what was approved, what of it is built and accepted, what was paid */
	p = points(rq, 3);
	p[0] = (struct chart_point){T(rq, DB_PLAN_APPROVED), pl->approved_cost};
	p[1] = (struct chart_point){T(rq, DB_PLAN_ACCEPTED), pl->accepted_cost};
	p[2] = (struct chart_point){T(rq, DB_PLAN_PAID), pl->paid};
	id = arena_printf(rq->a, "dash-plan-%lld-money", (long long)pl->id);
	c = (struct chart){id, T(rq, DB_PLAN_MONEY), T(rq, DB_UNIT_YUAN), NULL, "", 2, p, 3};
	chart_heading(h, &c);
	chart_bar(h, &c);
	data_table(rq, h, &c, T(rq, DB_ITEM), T(rq, DB_AMOUNT));
}

static void
plans_section(struct req *rq, struct html *h, const struct dashboard *d)
{
	section(h, T(rq, DB_PLANS_H), T(rq, DB_PLANS_P));
	if (d->nplans == 0) {
		html_lit(h, "<p>");
		html_text(h, T(rq, DB_PLANS_EMPTY));
		html_lit(h, "</p>");
	}
	for (size_t i = 0; i < d->nplans; i++)
		plan_charts(rq, h, &d->plans[i]);
	html_lit(h, "</section>");
}

/* Months with bills only: a month nobody was billed for has no rate, not a rate of 0. */
static void
fee_chart(struct req *rq, struct html *h, const struct dashboard *d)
{
	struct chart_point *p = points(rq, DASHBOARD_MONTHS);
	size_t n = 0;
	for (int i = 0; i < DASHBOARD_MONTHS; i++)
		if (d->months[i].billed > 0)
			p[n++] = (struct chart_point){month_text(rq, d->months[i].month),
			                              collection_permille(d->months[i].paid, d->months[i].billed)};
	struct chart c = {"dash-fees", T(rq, DB_FEES_H), "%", NULL, T(rq, DB_FEES_EMPTY), 1, p, n};
	section(h, c.title, T(rq, DB_FEES_P));
	chart_line(h, &c);
	data_table(rq, h, &c, T(rq, DB_MONTH), T(rq, DB_RATE));
	html_lit(h, "</section>");
}

static void
departments_section(struct req *rq, struct html *h, const struct dashboard *d)
{
	section(h, T(rq, DB_DEPTS_H), T(rq, DB_DEPTS_P));
	if (d->ndepartments == 0) {
		html_lit(h, "<p>");
		html_text(h, T(rq, DB_DEPTS_NONE));
		html_lit(h, "</p></section>");
		return;
	}
	html_lit(h, "<table class=\"list\"><caption>");
	html_text(h, T(rq, DB_DEPTS_H));
	html_lit(h, "</caption><thead><tr><th scope=\"col\">");
	html_text(h, T(rq, DB_DEPT));
	html_lit(h, "</th><th scope=\"col\">");
	html_text(h, T(rq, DB_REFERRED));
	html_lit(h, "</th><th scope=\"col\">");
	html_text(h, T(rq, DB_DEPT_OVERDUE));
	html_lit(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < d->ndepartments; i++) {
		const struct dash_department *x = &d->departments[i];
		html_lit(h, "<tr><th scope=\"row\">");
		html_text(h, problem_category_text(rq, x->name, x->name_en));
		html_lit(h, "</th><td class=\"num\">");
		html_int(h, x->referred);
		html_lit(h, "</td><td class=\"num\">");
		html_int(h, x->overdue);
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table></section>");
}

int
dashboard_page(struct req *rq)
{
	if (rq->community_id == 0)
		return req_error(rq, ERR_NOTFOUND);
	struct dashboard d;
	if (load(rq, &d) < 0)
		return -1;
	struct html h;
	page_begin(rq, &h, T(rq, DB_TITLE));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, DB_LEAD));
	html_lit(&h, "</p>");
	key_figures(rq, &h, &d);
	problem_charts(rq, &h, &d);
	vote_charts(rq, &h, &d);
	plans_section(rq, &h, &d);
	fee_chart(rq, &h, &d);
	if (req_may(rq, PERM_PROBLEM_TRIAGE))
		departments_section(rq, &h, &d);
	return page_end(rq, &h);
}

/* The JSON ----------------------------------------------------------------------------------- */

static void
problems_json(struct req *rq, struct jsonw *w, const struct dashboard *d)
{
	jsonw_key(w, "problems");
	jsonw_object(w);
	jsonw_kint(w, "total", problems_total(d));
	jsonw_key(w, "by_state");
	jsonw_object(w);
	for (int s = 0; s < PROBLEM__COUNT; s++)
		jsonw_kint(w, problem_state_name((enum problem_state)s), d->by_state[s]);
	jsonw_object_end(w);
	jsonw_key(w, "by_category");
	jsonw_array(w);
	for (size_t i = 0; i < d->ncategories; i++) {
		jsonw_object(w);
		jsonw_kstr(w, "name", problem_category_text(rq, d->categories[i].name, d->categories[i].name_en));
		jsonw_kint(w, "count", d->categories[i].problems);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_kint(w, "resolved", d->resolved);
	jsonw_key(w, "median_resolution_seconds");
	if (d->resolved)
		jsonw_int(w, d->median_seconds);
	else
		jsonw_null(w);
	jsonw_kstr(w, "median_resolution_days", d->resolved ? days(rq, d->median_seconds) : NULL);
	jsonw_kint(w, "overdue", d->overdue);
	jsonw_kint(w, "ratings", d->rated);
	jsonw_kstr(w, "satisfaction", score(rq, d->rating_sum, d->rated));
	jsonw_object_end(w);
	jsonw_key(w, "works_satisfaction");
	jsonw_object(w);
	jsonw_kint(w, "ratings", d->work_ratings);
	jsonw_kstr(w, "average", score(rq, d->work_rating_sum, d->work_ratings));
	jsonw_object_end(w);
}

static void
votes_json(struct req *rq, struct jsonw *w, const struct dashboard *d)
{
	jsonw_key(w, "votes");
	jsonw_array(w);
	for (size_t i = 0; i < d->nvotes; i++) {
		const struct dash_vote *v = &d->votes[i];
		jsonw_object(w);
		jsonw_kint(w, "id", v->id);
		jsonw_kstr(w, "title", v->title);
		jsonw_kstr(w, "state", decision_state_names[v->state]);
		jsonw_kint(w, "total_owners", v->total.owners);
		jsonw_kamount(w, "total_area", v->total.area);
		jsonw_kint(w, "voted_owners", v->voted.owners);
		jsonw_kamount(w, "voted_area", v->voted.area);
		jsonw_kint(w, "turnout_owners_permille", collection_permille(v->voted.owners, v->total.owners));
		jsonw_kint(w, "turnout_area_permille", collection_permille(v->voted.area, v->total.area));
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
plans_json(struct req *rq, struct jsonw *w, const struct dashboard *d)
{
	jsonw_key(w, "plans");
	jsonw_array(w);
	for (size_t i = 0; i < d->nplans; i++) {
		const struct dash_plan *p = &d->plans[i];
		jsonw_object(w);
		jsonw_kint(w, "id", p->id);
		jsonw_kstr(w, "title", p->title);
		jsonw_kint(w, "version", p->version);
		jsonw_key(w, "items");
		jsonw_object(w);
		for (int s = 0; s < ITEM_STATUS__COUNT; s++)
			jsonw_kint(w, item_status_names[s], p->items[s]);
		jsonw_object_end(w);
		jsonw_key(w, "works");
		jsonw_object(w);
		for (int s = 0; s < WS__COUNT; s++)
			jsonw_kint(w, work_state_names[s], p->works[s]);
		jsonw_object_end(w);
		jsonw_kamount(w, "approved_cost", p->approved_cost);
		jsonw_kamount(w, "accepted_cost", p->accepted_cost);
		jsonw_kamount(w, "paid", p->paid);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
fees_json(struct req *rq, struct jsonw *w, const struct dashboard *d)
{
	jsonw_key(w, "fees");
	jsonw_array(w);
	for (int i = 0; i < DASHBOARD_MONTHS; i++) {
		const struct dash_month *m = &d->months[i];
		jsonw_object(w);
		jsonw_kstr(w, "month", month_text(rq, m->month));
		jsonw_kamount(w, "billed", m->billed);
		jsonw_kamount(w, "paid", m->paid);
		jsonw_key(w, "collection_permille");
		if (m->billed > 0)
			jsonw_int(w, collection_permille(m->paid, m->billed));
		else
			jsonw_null(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
departments_json(struct req *rq, struct jsonw *w, const struct dashboard *d)
{
	jsonw_key(w, "departments");
	jsonw_array(w);
	for (size_t i = 0; i < d->ndepartments; i++) {
		jsonw_object(w);
		jsonw_kstr(w, "name", problem_category_text(rq, d->departments[i].name, d->departments[i].name_en));
		jsonw_kint(w, "referred", d->departments[i].referred);
		jsonw_kint(w, "overdue", d->departments[i].overdue);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

int
dashboard_api(struct req *rq)
{
	struct dashboard d;
	if (load(rq, &d) < 0)
		return -1;
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	jsonw_kint(&w, "community_id", rq->community_id);
	problems_json(rq, &w, &d);
	votes_json(rq, &w, &d);
	plans_json(rq, &w, &d);
	fees_json(rq, &w, &d);
	if (req_may(rq, PERM_PROBLEM_TRIAGE))
		departments_json(rq, &w, &d);
	jsonw_object_end(&w);
	return 0;
}
