/* home_parts.c: the sections of a resident's home (see home_parts.h). Each reads what it shows
 * with a query or two of an existing store (store/home.c for votes and problems), lists it as
 * large links — a whole line is the target — and says in words when there is nothing. */
#include "home_parts.h"
#include "notices.h"
#include "plans.h"
#include "problem_common.h"
#include "works.h"
#include "../core/arena.h"
#include "../store/db.h"
#include "../store/home.h"
#include "../store/notices.h"
#include "../store/payments.h"
#include "../store/plans.h"
#include "../store/registry.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

#define MAX_VOTES 10
#define MAX_PROBLEMS 5
#define MAX_NOTICES 3
#define MAX_ITEMS 8
#define EXCERPT_CHARS 40

void
home_units_of(struct req *rq, struct home_units *me)
{
	memset(me, 0, sizeof *me);
	const int64_t *ids;
	size_t n = req_own_units(rq, &ids);
	if (n == 0)
		return;
	me->v = arena_alloc(rq->a, n * sizeof *me->v);
	for (size_t i = 0; i < n; i++) {
		struct unit *u = &me->v[me->n];
		if (store_unit_get(rq->db, rq->a, rq->community_id, ids[i], u) != YL_OK)
			continue;
		me->n++;
		bool seen = false;
		for (size_t k = 0; k < me->nbuildings; k++)
			seen = seen || me->buildings[k] == u->building_id;
		if (!seen && me->nbuildings < HOME_MAX_BUILDINGS)
			me->buildings[me->nbuildings++] = u->building_id;
	}
}

static bool
in_my_buildings(const struct home_units *me, int64_t building_id)
{
	for (size_t k = 0; k < me->nbuildings; k++)
		if (me->buildings[k] == building_id)
			return true;
	return false;
}

/* The first max characters of s, "…" after them when cut. */
static const char *
excerpt(struct req *rq, const char *s, size_t max)
{
	size_t chars = 0, i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			return arena_printf(rq->a, "%.*s…", (int)i, s);
	return s;
}

/* <section> with its heading, labelled by it. */
static void
part_open(struct html *h, const char *id, const char *heading)
{
	html_lit(h, "<section class=\"home-part\" aria-labelledby=\"hm-");
	html_attr(h, id);
	html_lit(h, "\"><h2 id=\"hm-");
	html_attr(h, id);
	html_lit(h, "\">");
	html_text(h, heading);
	html_lit(h, "</h2>");
}

/* The way to the full page, and the section's end. */
static void
part_close(struct html *h, const char *href, const char *label)
{
	html_lit(h, "<p class=\"more\"><a href=\"");
	html_url(h, href);
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, "</a></p></section>");
}

static void
empty(struct html *h, const char *text)
{
	html_lit(h, "<p class=\"empty\">");
	html_text(h, text);
	html_lit(h, "</p>");
}

/* One line of a list: the whole line links to href; meta is the state and dates. The caller
 * closes the <li> (after an action of its own, if any). */
static void
line_open(struct html *h, const char *href, const char *title, const char *tag, const char *meta)
{
	html_lit(h, "<li><a class=\"line\" href=\"");
	html_url(h, href);
	html_lit(h, "\"><span class=\"title\">");
	html_text(h, title);
	html_lit(h, "</span><span class=\"meta\">");
	if (tag && *tag) {
		html_lit(h, "<strong>");
		html_text(h, tag);
		html_lit(h, "</strong>");
		if (meta && *meta)
			html_lit(h, " · ");
	}
	if (meta)
		html_text(h, meta);
	html_lit(h, "</span></a>");
}

/* Votes ------------------------------------------------------------------------------------------ */

static void
vote_line(struct req *rq, struct html *h, const struct home_vote *v)
{
	const char *closes = v->closes_on ? req_tf(rq, MSG_HM_CLOSES, req_day(rq, v->closes_on)) : "";
	line_open(h, arena_printf(rq->a, "/decisions/%lld", (long long)v->decision_id), v->title,
	          v->voted ? T(rq, HM_VOTED) : T(rq, HM_NOT_VOTED), closes);
	if (!v->voted) {
		html_lit(h, "<a class=\"btn\" href=\"");
		html_url(h, arena_printf(rq->a, "/decisions/%lld/vote", (long long)v->decision_id));
		html_lit(h, "\">");
		html_text(h, T(rq, HM_VOTE_NOW));
		html_lit(h, "</a>");
	}
	html_lit(h, "</li>");
}

void
home_votes(struct req *rq, struct html *h)
{
	struct home_vote *v;
	size_t n;
	if (store_home_votes(rq->db, rq->a, rq->community_id, rq->actor.id, MAX_VOTES, &v, &n) != YL_OK)
		n = 0;
	part_open(h, "votes", T(rq, HM_VOTES));
	if (n == 0)
		empty(h, T(rq, HM_VOTES_NONE));
	else {
		html_lit(h, "<ul class=\"home-list votes\">");
		for (int voted = 0; voted <= 1; voted++) /* the ones still to vote on first */
			for (size_t i = 0; i < n; i++)
				if (v[i].voted == (voted == 1))
					vote_line(rq, h, &v[i]);
		html_lit(h, "</ul>");
	}
	part_close(h, "/decisions", T(rq, HM_ALL_VOTES));
}

/* Bills ------------------------------------------------------------------------------------------ */

void
home_bills(struct req *rq, struct html *h, const struct home_units *me)
{
	bool any = false;
	for (size_t i = 0; i < me->n; i++) {
		const struct unit *u = &me->v[i];
		/* a tenant lives there but the bills are the owner's (PERM_BILL_READ says whose) */
		struct target t = {rq->community_id, u->building_id, u->id, false};
		int64_t owed;
		if (!req_allowed(rq, PERM_BILL_READ, &t) || store_unit_owed(rq->db, rq->community_id, u->id, &owed) != YL_OK)
			continue;
		if (!any) {
			part_open(h, "bills", T(rq, HM_BILLS));
			html_lit(h, "<ul class=\"home-list bills\">");
			any = true;
		}
		if (owed > 0)
			html_lit(h, "<li class=\"owed\"><span class=\"title\">");
		else
			html_lit(h, "<li class=\"settled\"><span class=\"title\">");
		html_text(h, arena_printf(rq->a, "%s%s%s", u->building, u->stairwell, u->room));
		html_lit(h, "</span><span class=\"meta\"><strong>");
		html_text(h, owed > 0 ? req_tf(rq, MSG_PA_OWED_NOW, req_amount(rq, owed)) : T(rq, HM_SETTLED));
		html_lit(h, "</strong></span></li>");
	}
	if (!any)
		return;
	html_lit(h, "</ul>");
	part_close(h, "/bills", T(rq, HM_ALL_BILLS));
}

/* Problems --------------------------------------------------------------------------------------- */

void
home_problems(struct req *rq, struct html *h)
{
	struct home_problem *v;
	size_t n;
	if (store_home_problems(rq->db, rq->a, rq->community_id, rq->actor.id, MAX_PROBLEMS, &v, &n) != YL_OK)
		n = 0;
	part_open(h, "problems", T(rq, HM_PROBLEMS));
	if (n == 0)
		empty(h, T(rq, HM_PROBLEMS_NONE));
	else {
		html_lit(h, "<ul class=\"home-list problems\">");
		for (size_t i = 0; i < n; i++) {
			const char *meta = req_tf(rq, v[i].reported ? MSG_HM_REPORTED_ON : MSG_HM_ME_TOO,
			                          problem_category_text(rq, v[i].category, v[i].category_en),
			                          req_day(rq, v[i].created_at));
			line_open(h, arena_printf(rq->a, "/problems/%lld", (long long)v[i].id),
			          excerpt(rq, v[i].description, EXCERPT_CHARS), problem_state_text(rq, v[i].state), meta);
			html_lit(h, "</li>");
		}
		html_lit(h, "</ul>");
	}
	struct target t = {rq->community_id, 0, 0, true};
	if (req_allowed(rq, PERM_PROBLEM_REPORT, &t)) {
		html_lit(h, "<p class=\"actions\"><a class=\"btn\" href=\"/problems/new\">");
		html_text(h, T(rq, HM_REPORT));
		html_lit(h, "</a></p>");
	}
	part_close(h, "/problems", T(rq, HM_ALL_PROBLEMS));
}

/* Plan items ------------------------------------------------------------------------------------- */

static const char *
work_of(struct req *rq, const struct work *w, size_t nw, int64_t key)
{
	for (size_t i = 0; i < nw; i++)
		if (w[i].item_key == key)
			return work_state_text(rq, w[i].state);
	return "";
}

/* The items of plan p (in its version in force) for my buildings or the whole compound. */
static size_t
plan_lines(struct req *rq, struct html *h, const struct home_units *me, const struct plan *p, size_t shown)
{
	struct plan_version ver;
	struct item_state *items;
	struct work *works;
	size_t ni, nw;
	int64_t number = p->adopted_version ? p->adopted_version : p->published;
	if (number == 0 || store_plan_version(rq->db, rq->a, rq->community_id, p->id, number, &ver) != YL_OK ||
	    store_plan_item_states(rq->db, rq->a, rq->community_id, p, &ver, &items, &ni) != YL_OK ||
	    store_works(rq->db, rq->a, rq->community_id, p->id, &works, &nw) != YL_OK)
		return shown;
	for (size_t i = 0; i < ni && shown < MAX_ITEMS; i++) {
		const struct plan_item_row *r = &items[i].row;
		if (r->scope != ISC_COMMUNITY && !in_my_buildings(me, r->building_id))
			continue;
		if (shown++ == 0)
			html_lit(h, "<ul class=\"home-list plan-items\">");
		const char *work = work_of(rq, works, nw, r->it.key);
		const char *meta = *work ? arena_printf(rq->a, "%s · %s", plan_place_text(rq, r), work) : plan_place_text(rq, r);
		line_open(h, arena_printf(rq->a, "/plans/%lld", (long long)p->id), r->it.title,
		          plan_status_text(rq, items[i].status), meta);
		html_lit(h, "</li>");
	}
	return shown;
}

void
home_plan_items(struct req *rq, struct html *h, const struct home_units *me)
{
	struct plan *plans;
	size_t np, shown = 0;
	if (store_plans(rq->db, rq->a, rq->community_id, &plans, &np) != YL_OK)
		np = 0;
	part_open(h, "plan", T(rq, HM_PLAN));
	for (size_t i = 0; i < np; i++)
		shown = plan_lines(rq, h, me, &plans[i], shown);
	if (shown)
		html_lit(h, "</ul>");
	else
		empty(h, T(rq, HM_PLAN_NONE));
	part_close(h, "/plans", T(rq, HM_ALL_PLANS));
}

/* Notices ---------------------------------------------------------------------------------------- */

void
home_notices(struct req *rq, struct html *h, const struct home_units *me)
{
	struct notice_filter f = {.list = NL_CURRENT, .now = db_now(), .kind = -1, .buildings = me->buildings,
	                          .nbuildings = me->nbuildings};
	struct notice *v;
	size_t n;
	int64_t total;
	if (store_notices(rq->db, rq->a, rq->community_id, &f, MAX_NOTICES, 0, &v, &n, &total) != YL_OK)
		n = 0;
	part_open(h, "notices", T(rq, HM_NOTICES));
	if (n == 0)
		empty(h, T(rq, NT_NONE));
	else {
		html_lit(h, "<ul class=\"home-list notices\">");
		for (size_t i = 0; i < n; i++) {
			line_open(h, arena_printf(rq->a, "/notices/%lld", (long long)v[i].id), v[i].title,
			          notice_kind_text(rq, v[i].kind),
			          req_tf(rq, MSG_NT_PERIOD, req_day(rq, v[i].starts_at), notice_last_day(rq, v[i].ends_at)));
			html_lit(h, "</li>");
		}
		html_lit(h, "</ul>");
	}
	part_close(h, "/notices", T(rq, HM_ALL_NOTICES));
}
