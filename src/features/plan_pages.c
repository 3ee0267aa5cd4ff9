/* plan_pages.c: the renovation plan's pages — the plans of a compound, one plan's version (its
 * items with class, place, cost, funding and approval, the reader's own share, the versions
 * with their changelogs), what changed between two versions, and staff's draft: adding,
 * changing and removing items, publishing for consultation, adoption and decision links. The
 * actions are plans.c's, shared with the API. */
#include "plans.h"
#include "decisions.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/decisions.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/html.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <stdlib.h>
#include <string.h>

static void
link_to(struct html *h, const char *href, const char *label, const char *cls)
{
	html_lit(h, "<a");
	if (cls) {
		html_lit(h, " class=\"");
		html_attr(h, cls);
		html_lit(h, "\"");
	}
	html_lit(h, " href=\"");
	html_url(h, href);
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, "</a>");
}

static void
para(struct html *h, const char *cls, const char *text)
{
	html_lit(h, "<p class=\"");
	html_attr(h, cls);
	html_lit(h, "\">");
	html_text(h, text);
	html_lit(h, "</p>");
}

/* A one-button form posting to /plans/{id}/step with to= and any hidden extras. */
static void
step_button(struct req *rq, struct html *h, int64_t id, const char *to, const char *version, const char *label)
{
	form_begin(rq, h, arena_printf(rq->a, "/plans/%lld/step", (long long)id));
	html_lit(h, "<input type=\"hidden\" name=\"to\" value=\"");
	html_attr(h, to);
	html_lit(h, "\">");
	if (version) {
		html_lit(h, "<input type=\"hidden\" name=\"version\" value=\"");
		html_attr(h, version);
		html_lit(h, "\">");
	}
	html_lit(h, "<button type=\"submit\" class=\"btn\">");
	html_text(h, label);
	html_lit(h, "</button>");
	form_end(h);
}

static const char *
version_line(struct req *rq, const struct plan_version *v, int64_t now)
{
	const char *n = arena_printf(rq->a, "%lld", (long long)v->number);
	if (!v->published_at)
		return req_tf(rq, MSG_PL_DRAFT_N, n);
	const char *s = arena_printf(rq->a, "%s · %s", req_tf(rq, MSG_PL_VERSION_N, n),
	                             req_tf(rq, MSG_PL_PUBLISHED_ON, req_day(rq, v->published_at)));
	if (plan_consult_open(v, now))
		return arena_printf(rq->a, "%s · %s", s, req_tf(rq, MSG_PL_CONSULT_OPEN_UNTIL, req_day(rq, v->consult_until)));
	if (v->consult_until)
		return arena_printf(rq->a, "%s · %s", s, T(rq, PL_CONSULT_CLOSED));
	return s;
}

/* The list ----------------------------------------------------------------------------------- */

static int
list_page(struct req *rq, const char *error)
{
	struct plan *v;
	size_t n;
	enum yl_err rc = store_plans(rq->db, rq->a, rq->community_id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool manage = req_may(rq, PERM_PLAN_MANAGE);
	struct html h;
	page_begin(rq, &h, T(rq, PL_TITLE));
	if (error)
		page_notice(&h, error, true);
	size_t shown = 0;
	html_lit(&h, "<ul class=\"plans\">");
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = &v[i];
		if (!p->published && !manage)
			continue; /* nothing of it is the residents' to read yet */
		shown++;
		html_lit(&h, "<li>");
		link_to(&h, arena_printf(rq->a, "/plans/%lld", (long long)p->id), p->title, NULL);
		html_lit(&h, " <span class=\"meta\">");
		if (p->published)
			html_text(&h, req_tf(rq, MSG_PL_VERSION_N, arena_printf(rq->a, "%lld", (long long)p->published)));
		else
			html_text(&h, req_tf(rq, MSG_PL_DRAFT_N, arena_printf(rq->a, "%lld", (long long)p->draft)));
		if (p->adopted_version) {
			html_lit(&h, " · ");
			html_text(&h, req_tf(rq, MSG_PL_ADOPTED, arena_printf(rq->a, "%lld", (long long)p->adopted_version),
			                     req_day(rq, p->adopted_at)));
		}
		html_lit(&h, "</span></li>");
	}
	html_lit(&h, "</ul>");
	if (shown == 0)
		para(&h, "lead", T(rq, PL_NONE));
	if (manage) {
		html_lit(&h, "<section class=\"step\"><h2>");
		html_text(&h, T(rq, PL_NEW));
		html_lit(&h, "</h2>");
		form_begin(rq, &h, "/plans");
		form_input(&h, "title", T(rq, PL_TITLE_FIELD), "text", req_form(rq, "title"), true, "off");
		form_textarea(&h, "summary", T(rq, PL_SUMMARY), req_form(rq, "summary"), 4, 4000, false);
		form_submit(&h, T(rq, PL_CREATE));
		form_end(&h);
		html_lit(&h, "</section>");
	}
	return page_end(rq, &h);
}

int
plans_page(struct req *rq)
{
	return list_page(rq, NULL);
}

int
plan_create_form(struct req *rq)
{
	int64_t id;
	if (plan_create(rq, NULL, &id) < 0) {
		if (req_fatal(rq))
			return -1;
		rq->status = req_form_status(rq);
		return list_page(rq, rq->err_message);
	}
	return req_redirect(rq, arena_printf(rq->a, "/plans/%lld/draft?done=created", (long long)id));
}

/* One version -------------------------------------------------------------------------------- */

static void
funding_cell(struct req *rq, struct html *h, const struct plan_item_row *r)
{
	for (int f = 0; f < FUND__COUNT; f++) {
		if (r->it.funding[f] == 0)
			continue;
		html_lit(h, "<span class=\"fund\">");
		html_text(h, plan_fund_text(rq, (enum fund_source)f));
		html_lit(h, " ");
		html_text(h, req_amount(rq, r->it.funding[f]));
		html_lit(h, "</span> ");
	}
}

static void
items_table(struct req *rq, struct html *h, const struct item_state *items, size_t n)
{
	static const enum msg cols[] = {MSG_PL_ITEMS, MSG_PL_CLASS, MSG_PL_WHERE, MSG_PL_COST, MSG_PL_FUNDING, MSG_PL_STATUS};
	html_lit(h, "<table class=\"list plan-items\"><thead><tr>");
	for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
		html_lit(h, "<th scope=\"col\">");
		html_text(h, i18n_get(rq->lang, cols[c]));
		html_lit(h, "</th>");
	}
	html_lit(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct item_state *s = &items[i];
		const struct plan_item_row *r = &s->row;
		html_lit(h, "<tr id=\"item-");
		html_int(h, r->it.key);
		html_lit(h, "\"><td><strong>");
		html_int(h, r->it.key);
		html_lit(h, ". ");
		html_text(h, r->it.title);
		html_lit(h, "</strong>");
		if (*r->it.description) {
			html_lit(h, "<br><span class=\"meta\">");
			html_text(h, r->it.description);
			html_lit(h, "</span>");
		}
		html_lit(h, "</td><td data-label=\"");
		html_attr(h, T(rq, PL_CLASS));
		html_lit(h, "\">");
		html_text(h, plan_class_text(rq, r->it.klass));
		html_lit(h, " · ");
		html_text(h, r->it.mandatory ? T(rq, PL_MANDATORY) : T(rq, PL_OPTIONAL));
		if (plan_item_needs_decision(r->it.mandatory, r->it.owners_decide)) {
			html_lit(h, " · ");
			html_text(h, T(rq, PL_NEEDS_DECISION));
		}
		html_lit(h, "</td><td data-label=\"");
		html_attr(h, T(rq, PL_WHERE));
		html_lit(h, "\">");
		html_text(h, plan_place_text(rq, r));
		html_lit(h, "</td><td data-label=\"");
		html_attr(h, T(rq, PL_COST));
		html_lit(h, "\" class=\"num\">");
		html_text(h, req_amount(rq, r->it.cost));
		html_lit(h, "</td><td data-label=\"");
		html_attr(h, T(rq, PL_FUNDING));
		html_lit(h, "\">");
		funding_cell(rq, h, r);
		html_lit(h, "</td><td data-label=\"");
		html_attr(h, T(rq, PL_STATUS));
		html_lit(h, "\"><span class=\"status st-");
		html_attr(h, item_status_names[s->status]);
		html_lit(h, "\">");
		html_text(h, plan_status_text(rq, s->status));
		html_lit(h, "</span>");
		if (s->decision_id) {
			html_lit(h, "<br>");
			link_to(h, arena_printf(rq->a, "/decisions/%lld", (long long)s->decision_id),
			        req_tf(rq, MSG_PL_LINKED_TO, s->decision_title), NULL);
		}
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table>");
}

static void
my_share_section(struct req *rq, struct html *h, const struct item_state *items, size_t n)
{
	struct my_share *ms = arena_zalloc(rq->a, (n + 1) * sizeof *ms);
	int64_t total;
	int owners = plan_my_shares(rq, items, n, ms, &total);
	if (owners <= 0)
		return;
	html_lit(h, "<section class=\"step mine\" id=\"my-share\"><h2>");
	html_text(h, T(rq, PL_MY_SHARE));
	html_lit(h, "</h2><p class=\"lead\">");
	html_text(h, total ? req_tf(rq, MSG_PL_MY_SHARE_TOTAL, req_amount(rq, total)) : T(rq, PL_MY_SHARE_NONE));
	html_lit(h, "</p><ul>");
	for (size_t i = 0; i < n; i++) {
		if (!ms[i].in_scope)
			continue;
		const struct plan_item_row *r = &items[i].row;
		html_lit(h, "<li>");
		html_text(h, req_tf(rq, MSG_PL_MY_SHARE_LINE, r->it.title, req_amount(rq, ms[i].amount),
		                    r->it.share_rule == SHARE_ELEVATOR ? T(rq, PL_RULE_ELEVATOR) : T(rq, PL_RULE_AREA),
		                    req_amount(rq, ms[i].area)));
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul></section>");
}

static void
compare_form(struct req *rq, struct html *h, const struct plan *p, const struct plan_version *vs, size_t nv)
{
	if (p->published < 2)
		return;
	html_lit(h, "<section class=\"step\"><h2>");
	html_text(h, T(rq, PL_COMPARE));
	html_lit(h, "</h2><form method=\"get\" class=\"inline\" action=\"");
	html_url(h, arena_printf(rq->a, "/plans/%lld/diff", (long long)p->id));
	html_lit(h, "\">");
	form_keep_community(rq, h);
	for (int side = 0; side < 2; side++) {
		form_select_open(h, side ? "to" : "from", side ? T(rq, PL_TO) : T(rq, PL_FROM));
		for (size_t i = 0; i < nv; i++) {
			if (!vs[i].published_at)
				continue;
			const char *num = arena_printf(rq->a, "%lld", (long long)vs[i].number);
			form_option(h, num, req_tf(rq, MSG_PL_VERSION_N, num),
			            vs[i].number == (side ? p->published : p->published - 1));
		}
		html_lit(h, "</select></p>");
	}
	form_submit(h, T(rq, PL_COMPARE_BTN));
	html_lit(h, "</form></section>");
}

static void
versions_section(struct req *rq, struct html *h, const struct plan *p, const struct plan_version *vs, size_t nv,
                 int64_t shown, bool manage)
{
	int64_t now = db_now();
	html_lit(h, "<section class=\"step\"><h2>");
	html_text(h, T(rq, PL_VERSIONS));
	html_lit(h, "</h2><ol class=\"versions\">");
	for (size_t i = nv; i-- > 0;) {
		const struct plan_version *v = &vs[i];
		if (!v->published_at && !manage)
			continue;
		html_lit(h, "<li>");
		const char *line = version_line(rq, v, now);
		if (v->number == shown)
			html_text(h, line);
		else
			link_to(h, arena_printf(rq->a, "/plans/%lld?version=%lld", (long long)p->id, (long long)v->number), line, NULL);
		if (*v->changelog) {
			html_lit(h, "<br><span class=\"meta\">");
			html_text(h, v->changelog);
			html_lit(h, "</span>");
		}
		html_lit(h, "</li>");
	}
	html_lit(h, "</ol></section>");
}

/* Staff's steps on the version shown: consultation, adoption, the next draft, decision links. */
static void
staff_section(struct req *rq, struct html *h, const struct plan *p, const struct plan_version *v,
              const struct item_state *items, size_t n)
{
	const char *num = arena_printf(rq->a, "%lld", (long long)v->number);
	html_lit(h, "<section class=\"step staff\"><p class=\"actions\">");
	if (p->draft)
		link_to(h, arena_printf(rq->a, "/plans/%lld/draft", (long long)p->id), T(rq, PL_EDIT_DRAFT), "btn");
	html_lit(h, "</p>");
	if (!p->draft && p->published && !p->adopted_version)
		step_button(rq, h, p->id, "draft", NULL, T(rq, PL_NEXT_DRAFT));
	if (v->published_at && plan_consult_open(v, db_now()))
		step_button(rq, h, p->id, "close", num, T(rq, PL_CLOSE_CONSULT));
	if (v->published_at && !p->adopted_version)
		step_button(rq, h, p->id, "adopt", num, T(rq, PL_ADOPT));

	/* items the owners decide: link each to one of the compound's decisions */
	struct decision *ds;
	size_t nd = 0;
	int64_t total;
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any |= plan_item_needs_decision(items[i].row.it.mandatory, items[i].row.it.owners_decide);
	if (!any || store_decisions(rq->db, rq->a, rq->community_id, true, 200, 0, &ds, &nd, &total) != YL_OK || nd == 0) {
		html_lit(h, "</section>");
		return;
	}
	/* the items of the multiple-choice decisions, for the option picker */
	struct decision *opts = arena_zalloc(rq->a, nd * sizeof *opts);
	bool choices = false;
	for (size_t d = 0; d < nd; d++)
		if (ds[d].noptions && store_decision_get(rq->db, rq->a, rq->community_id, ds[d].id, &opts[d]) == YL_OK)
			choices = true;
		else
			opts[d].noptions = 0;
	html_lit(h, "<h2>");
	html_text(h, T(rq, PL_LINK));
	html_lit(h, "</h2>");
	for (size_t i = 0; i < n; i++) {
		const struct plan_item_row *r = &items[i].row;
		if (!plan_item_needs_decision(r->it.mandatory, r->it.owners_decide))
			continue;
		form_begin(rq, h, arena_printf(rq->a, "/plans/%lld/step", (long long)p->id));
		html_lit(h, "<input type=\"hidden\" name=\"to\" value=\"link\"><input type=\"hidden\" name=\"key\" value=\"");
		html_int(h, r->it.key);
		html_lit(h, "\">");
		h->form_scope = arena_printf(rq->a, "link-%lld", (long long)r->it.key); /* a form per item */
		form_select_open(h, "decision_id", arena_printf(rq->a, "%lld. %s", (long long)r->it.key, r->it.title));
		h->form_scope = NULL;
		form_option(h, "", "—", items[i].decision_id == 0);
		for (size_t d = 0; d < nd; d++)
			form_option_id(h, ds[d].id, ds[d].title, ds[d].id == items[i].decision_id);
		html_lit(h, "</select></p>");
		/* a decision of several items approves an item by one of them: which */
		if (choices) {
			h->form_scope = arena_printf(rq->a, "link-%lld", (long long)r->it.key);
			form_select_open(h, "option_id", T(rq, PL_OPTION));
			h->form_scope = NULL;
			form_option(h, "", "—", items[i].option_id == 0);
			for (size_t d = 0; d < nd; d++)
				for (size_t o = 0; o < opts[d].noptions; o++)
					form_option_id(h, opts[d].options[o].id,
					               arena_printf(rq->a, "%s：%s", ds[d].title, opts[d].options[o].label),
					               opts[d].options[o].id == items[i].option_id);
			html_lit(h, "</select></p>");
		}
		form_submit(h, T(rq, PL_LINK));
		form_end(h);
	}
	html_lit(h, "</section>");
}

static const char *
done_text(struct req *rq)
{
	const char *d = req_query(rq, "done");
	if (d == NULL)
		return NULL;
	static const struct {
		const char *key;
		enum msg m;
	} done[] = {{"adopt", MSG_PL_ADOPTED_DONE},   {"close", MSG_PL_CONSULT_CLOSED_DONE},
	            {"link", MSG_PL_LINKED},          {"saved", MSG_PL_SAVED},
	            {"removed", MSG_PL_REMOVED},      {"created", MSG_PL_CREATED}};
	for (size_t i = 0; i < sizeof done / sizeof *done; i++)
		if (strcmp(d, done[i].key) == 0)
			return i18n_get(rq->lang, done[i].m);
	if (strcmp(d, "publish") == 0)
		return req_tf(rq, MSG_PL_PUBLISHED_DONE, req_query(rq, "version") ? req_query(rq, "version") : "");
	return NULL;
}

static int
version_page(struct req *rq, const char *error)
{
	struct plan p;
	struct plan_version v, *vs;
	size_t nv, n;
	struct item_state *items;
	if (plan_load(rq, &p) < 0 || plan_version_pick(rq, &p, req_query(rq, "version"), &v) < 0)
		return -1;
	enum yl_err rc = store_plan_versions(rq->db, rq->a, rq->community_id, p.id, &vs, &nv);
	if (rc == YL_OK)
		rc = store_plan_item_states(rq->db, rq->a, rq->community_id, &p, &v, &items, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool manage = req_may(rq, PERM_PLAN_MANAGE);
	struct html h;
	page_begin(rq, &h, p.title);
	if (error)
		page_notice(&h, error, true);
	else if (done_text(rq))
		page_notice(&h, done_text(rq), false);
	para(&h, "lead", version_line(rq, &v, db_now()));
	if (*p.summary)
		para(&h, "summary", p.summary);
	if (p.adopted_version)
		para(&h, "adopted", req_tf(rq, MSG_PL_ADOPTED, arena_printf(rq->a, "%lld", (long long)p.adopted_version),
		                           req_day(rq, p.adopted_at)));
	if (v.published_at) {
		html_lit(&h, "<p class=\"actions\">");
		link_to(&h, arena_printf(rq->a, "/plans/%lld/consultation?version=%lld", (long long)p.id, (long long)v.number),
		        T(rq, PL_CONSULTATION), "btn");
		html_lit(&h, "</p>");
	}
	my_share_section(rq, &h, items, n);
	html_lit(&h, "<h2>");
	html_text(&h, T(rq, PL_ITEMS));
	html_lit(&h, "</h2>");
	items_table(rq, &h, items, n);
	int64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += items[i].row.it.cost;
	para(&h, "total", req_tf(rq, MSG_PL_TOTAL_COST, req_amount(rq, total)));
	if (manage)
		staff_section(rq, &h, &p, &v, items, n);
	compare_form(rq, &h, &p, vs, nv);
	versions_section(rq, &h, &p, vs, nv, v.number, manage);
	return page_end(rq, &h);
}

int
plan_page(struct req *rq)
{
	return version_page(rq, NULL);
}

/* The diff ----------------------------------------------------------------------------------- */

static const char *
signed_money(struct req *rq, int64_t fen)
{
	return fen > 0 ? arena_printf(rq->a, "+%s", req_amount(rq, fen)) : req_amount(rq, fen);
}

int
plan_diff_page(struct req *rq)
{
	struct plan p;
	struct plan_diff_view d;
	if (plan_load(rq, &p) < 0 || plan_diff_read(rq, &p, &d) < 0)
		return -1;
	static const enum msg kind[] = {MSG_PL_DIFF_ADDED, MSG_PL_DIFF_REMOVED, MSG_PL_DIFF_CHANGED};
	static const char *const kind_class[] = {"added", "removed", "changed"};
	static const enum msg field[] = {MSG_PL_F_TITLE, MSG_PL_F_DESCRIPTION, MSG_PL_F_LOCATION,
	                                 MSG_PL_F_CLASS, MSG_PL_F_MANDATORY,   MSG_PL_F_COST,
	                                 MSG_PL_F_FUNDING, MSG_PL_F_OWNERS_DECIDE, MSG_PL_F_SHARE_RULE};
	const char *a = arena_printf(rq->a, "%lld", (long long)d.to.number), *b = arena_printf(rq->a, "%lld", (long long)d.from.number);
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_PL_DIFF_TITLE, a, b));
	para(&h, "lead", p.title);
	para(&h, "total", req_tf(rq, MSG_PL_DIFF_COST, req_amount(rq, d.cost_from), req_amount(rq, d.cost_to),
	                         signed_money(rq, d.cost_delta)));
	if (*d.to.changelog)
		para(&h, "summary", d.to.changelog);
	if (d.n == 0)
		para(&h, "lead", T(rq, PL_DIFF_NONE));
	html_lit(&h, "<ul class=\"diff\">");
	for (size_t i = 0; i < d.n; i++) {
		const struct plan_change *c = &d.changes[i];
		const struct plan_item *it = c->new_ ? c->new_ : c->old;
		html_lit(&h, "<li class=\"");
		html_attr(&h, kind_class[c->kind]);
		html_lit(&h, "\"><strong>");
		html_text(&h, i18n_get(rq->lang, kind[c->kind]));
		html_lit(&h, "</strong> ");
		html_int(&h, c->key);
		html_lit(&h, ". ");
		html_text(&h, it->title);
		if (c->kind == CHANGE_CHANGED) {
			const char *names = "";
			for (size_t f = 0; f < sizeof field / sizeof *field; f++)
				if (c->fields & (1u << f))
					names = *names ? arena_printf(rq->a, "%s、%s", names, i18n_get(rq->lang, field[f]))
					               : i18n_get(rq->lang, field[f]);
			html_lit(&h, "<br>");
			html_text(&h, req_tf(rq, MSG_PL_DIFF_FIELDS, names));
			if (c->fields & PF_TITLE) {
				html_lit(&h, "<br><del>");
				html_text(&h, c->old->title);
				html_lit(&h, "</del> → <ins>");
				html_text(&h, c->new_->title);
				html_lit(&h, "</ins>");
			}
			if (c->fields & PF_LOCATION) {
				html_lit(&h, "<br><del>");
				html_text(&h, *c->old->location ? c->old->location : T(rq, PL_COMMUNITY_SCOPE));
				html_lit(&h, "</del> → <ins>");
				html_text(&h, *c->new_->location ? c->new_->location : T(rq, PL_COMMUNITY_SCOPE));
				html_lit(&h, "</ins>");
			}
			if (c->fields & PF_COST) {
				html_lit(&h, "<br>");
				html_text(&h, req_tf(rq, MSG_PL_DIFF_COST_LINE, req_amount(rq, c->old->cost), req_amount(rq, c->new_->cost)));
			}
		} else {
			html_lit(&h, "<br>");
			html_text(&h, req_tf(rq, MSG_PL_YUAN, signed_money(rq, c->cost_delta)));
		}
		bool any = false;
		for (int f = 0; f < FUND__COUNT; f++)
			if (c->funding_delta[f]) {
				if (any)
					html_lit(&h, "；");
				else
					html_lit(&h, "<br>");
				html_text(&h, req_tf(rq, MSG_PL_DIFF_FUND_LINE, plan_fund_text(rq, (enum fund_source)f),
				                     signed_money(rq, c->funding_delta[f])));
				any = true;
			}
		html_lit(&h, "</li>");
	}
	html_lit(&h, "</ul><p>");
	link_to(&h, arena_printf(rq->a, "/plans/%lld?version=%lld", (long long)p.id, (long long)d.to.number), T(rq, PL_BACK), NULL);
	html_lit(&h, "</p>");
	return page_end(rq, &h);
}

/* The draft (staff) -------------------------------------------------------------------------- */

/* The item's fields; r NULL for a new item (values then come back from a refused form). */
static void
item_fields(struct req *rq, struct html *h, const struct plan_item_row *r, const struct building *bs, size_t nb,
            bool refill)
{
	const char *cls = r ? item_class_names[r->it.klass] : req_form(rq, "class");
	const char *scope = r ? item_scope_names[r->scope] : req_form(rq, "scope");
	const char *b = r ? r->building : req_form(rq, "building");
	const char *rule = r ? share_rule_names[r->it.share_rule] : req_form(rq, "share_rule");
	form_input(h, "title", T(rq, PL_ITEM_TITLE), "text", r ? r->it.title : refill ? req_form(rq, "title") : NULL, true, "off");
	form_textarea(h, "description", T(rq, PL_ITEM_DESCRIPTION),
	              r ? r->it.description : refill ? req_form(rq, "description") : NULL, 3, 4000, false);
	form_select_open(h, "class", T(rq, PL_CLASS));
	for (int c = 0; c < ITEM__COUNT; c++)
		form_option(h, item_class_names[c], plan_class_text(rq, (enum item_class)c),
		            refill || r ? cls && strcmp(cls, item_class_names[c]) == 0 : c == 0);
	html_lit(h, "</select></p>");
	form_checkbox(h, "mandatory", T(rq, PL_MANDATORY_FIELD), r ? r->it.mandatory : refill ? req_form(rq, "mandatory") != NULL : true);
	form_checkbox(h, "owners_decide", T(rq, PL_OWNERS_DECIDE_FIELD),
	              r ? r->it.owners_decide : refill && req_form(rq, "owners_decide") != NULL);
	form_select_open(h, "scope", T(rq, PL_SCOPE));
	static const enum msg scope_words[] = {MSG_DC_SCOPE_ALL, MSG_DC_SCOPE_BUILDING, MSG_DC_SCOPE_STAIRWELL};
	for (int s = 0; s < ISC__COUNT; s++)
		form_option(h, item_scope_names[s], i18n_get(rq->lang, scope_words[s]),
		            (refill || r) && scope ? strcmp(scope, item_scope_names[s]) == 0 : s == 0);
	html_lit(h, "</select></p>");
	form_select_open(h, "building", T(rq, DC_BUILDING_IF));
	form_option(h, "", "—", b == NULL || *b == '\0');
	for (size_t i = 0; i < nb; i++)
		form_option(h, bs[i].name, bs[i].name, (refill || r) && b && strcmp(b, bs[i].name) == 0);
	html_lit(h, "</select></p>");
	form_input(h, "stairwell", T(rq, DC_STAIRWELL_IF), "text", r ? r->stairwell : refill ? req_form(rq, "stairwell") : NULL,
	           false, "off");
	form_input(h, "place", T(rq, PL_ITEM_PLACE), "text", r ? r->place : refill ? req_form(rq, "place") : NULL, false, "off");
	form_input(h, "cost", T(rq, PL_COST), "text", r ? req_amount(rq, r->it.cost) : refill ? req_form(rq, "cost") : NULL,
	           true, "off");
	html_lit(h, "<fieldset><legend>");
	html_text(h, T(rq, PL_FUNDING));
	html_lit(h, "</legend>");
	for (int f = 0; f < FUND__COUNT; f++) {
		const char *name = arena_printf(rq->a, "fund_%s", fund_source_names[f]);
		const char *v = r ? (r->it.funding[f] ? req_amount(rq, r->it.funding[f]) : NULL) : refill ? req_form(rq, name) : NULL;
		form_input(h, name, plan_fund_text(rq, (enum fund_source)f), "text", v, false, "off");
	}
	html_lit(h, "</fieldset>");
	form_select_open(h, "share_rule", T(rq, PL_SHARE_RULE));
	form_option(h, "area", T(rq, PL_RULE_AREA), !(rule && strcmp(rule, "elevator") == 0));
	form_option(h, "elevator", T(rq, PL_RULE_ELEVATOR), rule && strcmp(rule, "elevator") == 0);
	html_lit(h, "</select></p>");
}

static int
draft_page(struct req *rq, const char *error, int64_t failed_key)
{
	struct plan p;
	struct plan_version v;
	struct plan_item_row *items;
	size_t n, nb;
	struct building *bs;
	if (plan_load(rq, &p) < 0)
		return -1;
	if (!p.draft)
		return req_redirect(rq, arena_printf(rq->a, "/plans/%lld", (long long)p.id));
	enum yl_err rc = store_plan_version(rq->db, rq->a, rq->community_id, p.id, p.draft, &v);
	if (rc == YL_OK)
		rc = store_plan_items(rq->db, rq->a, rq->community_id, v.id, &items, &n);
	if (rc == YL_OK)
		rc = store_buildings(rq->db, rq->a, rq->community_id, &bs, &nb);
	if (rc != YL_OK)
		return req_error(rq, rc);
	const char *num = arena_printf(rq->a, "%lld", (long long)v.number);
	struct html h;
	page_begin(rq, &h, arena_printf(rq->a, "%s · %s", p.title, req_tf(rq, MSG_PL_DRAFT_N, num)));
	if (error)
		page_notice(&h, error, true);
	else if (done_text(rq))
		page_notice(&h, done_text(rq), false);
	para(&h, "hint", T(rq, PL_DRAFT_HINT));
	for (size_t i = 0; i < n; i++) {
		const struct plan_item_row *r = &items[i];
		html_lit(&h, "<details class=\"item-edit\"");
		if (failed_key == r->it.key)
			html_lit(&h, " open");
		html_lit(&h, "><summary>");
		html_text(&h, arena_printf(rq->a, "%lld. %s · %s · %s", (long long)r->it.key, r->it.title,
		                           plan_class_text(rq, r->it.klass), req_tf(rq, MSG_PL_YUAN, req_amount(rq, r->it.cost))));
		html_lit(&h, "</summary>");
		form_begin(rq, &h, arena_printf(rq->a, "/plans/%lld/items", (long long)p.id));
		html_lit(&h, "<input type=\"hidden\" name=\"key\" value=\"");
		html_int(&h, r->it.key);
		html_lit(&h, "\">");
		h.form_scope = arena_printf(rq->a, "item-%lld", (long long)r->it.key); /* a form per item */
		item_fields(rq, &h, failed_key == r->it.key ? NULL : r, bs, nb, failed_key == r->it.key);
		h.form_scope = NULL;
		form_submit(&h, T(rq, PL_SAVE_ITEM));
		form_end(&h);
		form_begin(rq, &h, arena_printf(rq->a, "/plans/%lld/items/%lld/delete", (long long)p.id, (long long)r->it.key));
		html_lit(&h, "<button type=\"submit\" class=\"btn secondary\">");
		html_text(&h, T(rq, PL_REMOVE_ITEM));
		html_lit(&h, "</button>");
		form_end(&h);
		html_lit(&h, "</details>");
	}
	html_lit(&h, "<section class=\"step\" id=\"add-item\"><h2>");
	html_text(&h, T(rq, PL_ADD_ITEM));
	html_lit(&h, "</h2>");
	form_begin(rq, &h, arena_printf(rq->a, "/plans/%lld/items", (long long)p.id));
	html_lit(&h, "<input type=\"hidden\" name=\"key\" value=\"0\">");
	item_fields(rq, &h, NULL, bs, nb, failed_key == 0 && error != NULL);
	form_submit(&h, T(rq, PL_ADD_ITEM));
	form_end(&h);
	html_lit(&h, "</section><section class=\"step\" id=\"publish\"><h2>");
	html_text(&h, T(rq, PL_PUBLISH));
	html_lit(&h, "</h2>");
	form_begin(rq, &h, arena_printf(rq->a, "/plans/%lld/step", (long long)p.id));
	html_lit(&h, "<input type=\"hidden\" name=\"to\" value=\"publish\">");
	form_textarea(&h, "changelog", T(rq, PL_CHANGELOG), failed_key == -1 ? req_form(rq, "changelog") : NULL, 4, 4000,
	              v.number > 1);
	form_input(&h, "consult_until", T(rq, PL_CONSULT_UNTIL), "date", failed_key == -1 ? req_form(rq, "consult_until") : NULL,
	           false, "off");
	form_submit(&h, T(rq, PL_PUBLISH));
	form_end(&h);
	html_lit(&h, "</section><p>");
	link_to(&h, arena_printf(rq->a, "/plans/%lld", (long long)p.id), T(rq, PL_BACK), NULL);
	html_lit(&h, "</p>");
	return page_end(rq, &h);
}

int
plan_draft_page(struct req *rq)
{
	return draft_page(rq, NULL, -2);
}

/* A refused form: the page it came from again, with the message and (where it has them) the
 * values as sent. */
static int
refused(struct req *rq, bool on_draft, int64_t key)
{
	if (req_fatal(rq))
		return -1;
	int status = req_form_status(rq);
	const char *msg = rq->err_message;
	rq->status = status;
	return on_draft ? draft_page(rq, msg, key) : version_page(rq, msg);
}

int
plan_item_form(struct req *rq)
{
	struct plan p;
	int64_t key = 0, out;
	if (plan_load(rq, &p) < 0)
		return -1;
	const char *k = req_form(rq, "key");
	if (k && *k && field_int(rq, "key", k, MSG_PL_ITEMS, 0, INT64_MAX, false, &key) < 0)
		return refused(rq, true, 0);
	if (plan_item_save(rq, &p, NULL, key, &out) < 0)
		return refused(rq, true, key);
	return req_redirect(rq, arena_printf(rq->a, "/plans/%lld/draft?done=saved#add-item", (long long)p.id));
}

int
plan_item_delete_form(struct req *rq)
{
	struct plan p;
	if (plan_load(rq, &p) < 0)
		return -1;
	if (plan_item_remove(rq, &p, req_param_id(rq, "key")) < 0)
		return refused(rq, true, -2);
	return req_redirect(rq, arena_printf(rq->a, "/plans/%lld/draft?done=removed", (long long)p.id));
}

int
plan_step_form(struct req *rq)
{
	struct plan p;
	if (plan_load(rq, &p) < 0)
		return -1;
	const char *to = req_form(rq, "to");
	to = to ? to : "";
	int64_t number = 0;
	if (strcmp(to, "publish") == 0) {
		if (plan_publish(rq, &p, NULL, &number) < 0)
			return refused(rq, true, -1);
		return req_redirect(rq, arena_printf(rq->a, "/plans/%lld?version=%lld&done=publish", (long long)p.id,
		                                     (long long)number));
	}
	if (strcmp(to, "draft") == 0) {
		if (plan_new_draft(rq, &p, &number) < 0)
			return refused(rq, false, 0);
		return req_redirect(rq, arena_printf(rq->a, "/plans/%lld/draft", (long long)p.id));
	}
	int r;
	if (strcmp(to, "close") == 0)
		r = plan_consult_close(rq, &p, NULL);
	else if (strcmp(to, "adopt") == 0)
		r = plan_adopt(rq, &p, NULL);
	else if (strcmp(to, "link") == 0)
		r = plan_link_decision(rq, &p, NULL, req_form(rq, "key") ? strtoll(req_form(rq, "key"), NULL, 10) : 0);
	else
		r = req_errorf(rq, ERR_INVALID, "unknown_step", "to", T(rq, PL_BAD_STEP));
	if (r < 0)
		return refused(rq, false, 0);
	return req_redirect(rq, arena_printf(rq->a, "/plans/%lld?done=%s", (long long)p.id, to));
}
