/* fee_pages.c: the committee's fee pages — /finance/fees (schedules in force and before, the
 * form that links a new one to a passed decision, exemptions), /finance/runs (preview, then
 * bill) and one run's bills. Forms work without JS; a refused form comes back with its reason
 * and what was typed. */
#include "fees.h"
#include "decisions.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/decisions.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <stdlib.h>
#include <string.h>

#define RUN_PAGE_BILLS 100

static void
heading(struct req *rq, struct html *h, enum msg m)
{
	html_lit(h, "<h2>");
	html_text(h, i18n_get(rq->lang, m));
	html_lit(h, "</h2>");
}

static void
para(struct html *h, const char *text)
{
	html_lit(h, "<p>");
	html_text(h, text);
	html_lit(h, "</p>");
}

/* Schedules and exemptions ------------------------------------------------------------------- */

static void
schedule_item(struct req *rq, struct html *h, const struct fee_schedule *s)
{
	html_lit(h, "<li><strong>");
	html_text(h, req_tf(rq, MSG_FE_SCHEDULE_ROW, fee_month_text(rq, s->effective_from), req_amount(rq, s->price)));
	html_lit(h, "</strong>");
	for (size_t i = 0; i < s->nitems; i++) {
		html_lit(h, "<br>");
		html_text(h, req_tf(rq, MSG_FE_ITEM_ROW, s->items[i].name, req_amount(rq, s->items[i].amount)));
	}
	html_lit(h, "<br><span class=\"meta\">");
	html_text(h, req_tf(rq, MSG_FE_BY_DECISION, (long long)s->decision_id, s->decision_title));
	if (*s->note) {
		html_lit(h, " · ");
		html_text(h, s->note);
	}
	html_lit(h, "</span></li>");
}

static void
schedules_section(struct req *rq, struct html *h, const struct fee_schedule *v, size_t n)
{
	/* newest first: the first whose month has begun is in force, the rest are past or planned */
	int now = month_of(db_now());
	size_t in_force = n;
	for (size_t i = 0; i < n && in_force == n; i++)
		if (v[i].effective_from <= now)
			in_force = i;
	heading(rq, h, MSG_FE_IN_FORCE);
	if (in_force == n) {
		para(h, T(rq, FE_NO_SCHEDULES));
	} else {
		html_lit(h, "<ul class=\"history\">");
		schedule_item(rq, h, &v[in_force]);
		html_lit(h, "</ul>");
	}
	if (n > (in_force < n)) {
		heading(rq, h, MSG_FE_PAST);
		html_lit(h, "<ul class=\"history\">");
		for (size_t i = 0; i < n; i++)
			if (i != in_force)
				schedule_item(rq, h, &v[i]);
		html_lit(h, "</ul>");
	}
}

/* The form for a new schedule: a picker of the community's passed compound-wide decisions on the
 * manager or another matter (none: it says a vote comes first). */
static int
schedule_form(struct req *rq, struct html *h)
{
	struct decision *d;
	size_t n;
	int64_t total;
	enum yl_err rc = store_decisions(rq->db, rq->a, rq->community_id, false, 200, 0, &d, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	html_lit(h, "<section class=\"step\">");
	heading(rq, h, MSG_FE_ADD_SCHEDULE);
	para(h, T(rq, FE_ADD_SCHEDULE_HINT));
	size_t offered = 0;
	const char *chosen = req_form(rq, "decision_id");
	for (size_t i = 0; i < n; i++) {
		bool passed = false;
		if ((d[i].matter != MATTER_MANAGER && d[i].matter != MATTER_OTHER) || d[i].scope != DSC_COMMUNITY)
			continue;
		if ((rc = store_decision_passed(rq->db, rq->community_id, &d[i], 0, &passed)) != YL_OK)
			return req_error(rq, rc);
		if (!passed)
			continue;
		if (offered++ == 0) {
			form_begin(rq, h, "/finance/fees");
			form_select_open(h, "decision_id", T(rq, FE_DECISION));
		}
		const char *id = arena_printf(rq->a, "%lld", (long long)d[i].id);
		form_option(h, id, req_tf(rq, MSG_FE_DECISION_OPTION, (long long)d[i].id, d[i].title),
		            chosen && strcmp(chosen, id) == 0);
	}
	if (offered == 0) {
		para(h, T(rq, FE_NO_PASSED));
		html_lit(h, "</section>");
		return 0;
	}
	html_lit(h, "</select></p>");
	form_input(h, "price_per_m2_month", T(rq, FE_PRICE), "text", req_form(rq, "price_per_m2_month"), true, "off");
	form_input(h, "effective_from", T(rq, FE_EFFECTIVE_FROM), "month", req_form(rq, "effective_from"), true, "off");
	form_input(h, "item_name", T(rq, FE_ITEM_NAME), "text", req_form(rq, "item_name"), false, "off");
	form_input(h, "item_amount", T(rq, FE_ITEM_AMOUNT), "text", req_form(rq, "item_amount"), false, "off");
	form_input(h, "item2_name", T(rq, FE_ITEM_NAME), "text", req_form(rq, "item2_name"), false, "off");
	form_input(h, "item2_amount", T(rq, FE_ITEM_AMOUNT), "text", req_form(rq, "item2_amount"), false, "off");
	form_input(h, "note", T(rq, FE_NOTE), "text", req_form(rq, "note"), false, "off");
	form_submit(h, T(rq, FE_SAVE_SCHEDULE));
	form_end(h);
	html_lit(h, "</section>");
	return 0;
}

static void
exemptions_section(struct req *rq, struct html *h, const struct fee_exemption *v, size_t n, bool manage)
{
	heading(rq, h, MSG_FE_EXEMPTIONS);
	if (n == 0)
		para(h, T(rq, FE_NO_EXEMPTIONS));
	else
		html_lit(h, "<ul class=\"history\">");
	for (size_t i = 0; i < n; i++) {
		const struct fee_exemption *e = &v[i];
		html_lit(h, "<li id=\"exemption-");
		html_int(h, e->id);
		html_lit(h, "\"><strong>");
		html_text(h, e->unit);
		html_lit(h, "</strong> · ");
		html_text(h, e->percent ? req_tf(rq, MSG_FE_PERCENT_OFF, (long long)e->percent)
		                        : req_tf(rq, MSG_FE_AMOUNT_OFF, req_amount(rq, e->amount)));
		html_lit(h, " · ");
		html_text(h, fee_months_text(rq, e->first, e->last));
		html_lit(h, "<br><span class=\"meta\">");
		html_text(h, e->reason);
		html_lit(h, "</span>");
		if (manage && e->last == 0) {
			form_begin(rq, h, arena_printf(rq->a, "/finance/exemptions/%lld/end", (long long)e->id));
			form_input(h, "last_month", T(rq, FE_LAST_MONTH), "month", NULL, true, "off");
			form_submit(h, T(rq, FE_END_EXEMPTION));
			form_end(h);
		}
		html_lit(h, "</li>");
	}
	if (n)
		html_lit(h, "</ul>");
	if (!manage)
		return;
	html_lit(h, "<section class=\"step\">");
	heading(rq, h, MSG_FE_ADD_EXEMPTION);
	para(h, T(rq, FE_ADD_EXEMPTION_HINT));
	form_begin(rq, h, "/finance/exemptions");
	form_input(h, "unit", T(rq, FE_UNIT), "text", req_form(rq, "unit"), true, "off");
	form_input(h, "from", T(rq, FE_FROM), "month", req_form(rq, "from"), true, "off");
	form_input(h, "to", T(rq, FE_TO), "month", req_form(rq, "to"), false, "off");
	form_input(h, "percent", T(rq, FE_PERCENT), "number", req_form(rq, "percent"), false, "off");
	form_input(h, "amount_per_month", T(rq, FE_AMOUNT_PER_MONTH), "text", req_form(rq, "amount_per_month"), false, "off");
	form_input(h, "reason", T(rq, FE_REASON), "text", req_form(rq, "reason"), true, "off");
	form_submit(h, T(rq, FE_SAVE_EXEMPTION));
	form_end(h);
	html_lit(h, "</section>");
}

static int
render_fees(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct fee_schedule *s;
	struct fee_exemption *e;
	size_t ns, ne;
	enum yl_err rc = store_fee_schedules(rq->db, rq->a, rq->community_id, &s, &ns);
	if (rc == YL_OK)
		rc = store_fee_exemptions(rq->db, rq->a, rq->community_id, 500, &e, &ne);
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool manage = req_may(rq, PERM_FINANCE_MANAGE);
	struct html h;
	page_begin(rq, &h, T(rq, FE_FEES_TITLE));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, FE_FEES_LEAD));
	html_lit(&h, "</p>");
	schedules_section(rq, &h, s, ns);
	if (manage && schedule_form(rq, &h) < 0)
		return -1;
	exemptions_section(rq, &h, e, ne, manage);
	return page_end(rq, &h);
}

int
fees_page(struct req *rq)
{
	return render_fees(rq, req_query(rq, "done") ? T(rq, FE_DONE) : NULL, false);
}

/* A form's answer: back to the page with done, or the page again with the reason. */
static int
fees_answer(struct req *rq, int r)
{
	if (r == 0)
		return req_redirect(rq, "/finance/fees?done=1");
	if (req_fatal(rq) || rq->err_message == NULL)
		return req_fail(rq);
	rq->status = req_form_status(rq);
	return render_fees(rq, rq->err_message, true);
}

int
fee_schedule_form(struct req *rq)
{
	int64_t id;
	return fees_answer(rq, fee_schedule_post(rq, NULL, &id));
}

int
fee_exemption_form(struct req *rq)
{
	int64_t id;
	return fees_answer(rq, fee_exemption_post(rq, NULL, &id));
}

int
fee_exemption_end_form(struct req *rq)
{
	return fees_answer(rq, fee_exemption_end(rq, NULL, req_param_id(rq, "id")));
}

/* Runs -------------------------------------------------------------------------------------------- */

static void
th_row(struct req *rq, struct html *h, const enum msg *cols, size_t n)
{
	html_lit(h, "<thead><tr>");
	for (size_t c = 0; c < n; c++) {
		html_lit(h, "<th scope=\"col\">");
		html_text(h, i18n_get(rq->lang, cols[c]));
		html_lit(h, "</th>");
	}
	html_lit(h, "</tr></thead><tbody>");
}

static void
td(struct req *rq, struct html *h, enum msg label, const char *text, bool num)
{
	if (num)
		html_lit(h, "<td class=\"num\" data-label=\"");
	else
		html_lit(h, "<td data-label=\"");
	html_attr(h, i18n_get(rq->lang, label));
	html_lit(h, "\">");
	html_text(h, text);
	html_lit(h, "</td>");
}

static const enum msg bill_cols[] = {MSG_FE_COL_UNIT, MSG_FE_COL_AREA, MSG_FE_COL_AREA_FEE, MSG_FE_COL_FIXED,
                                     MSG_FE_COL_RELIEF, MSG_FE_COL_TOTAL, MSG_FE_COL_PAID};

/* One bill's row; paid < 0: a preview (no paid column). */
static void
bill_row(struct req *rq, struct html *h, const char *unit, int64_t area, const struct bill_calc *c, int64_t paid)
{
	html_lit(h, "<tr>");
	td(rq, h, MSG_FE_COL_UNIT, unit, false);
	td(rq, h, MSG_FE_COL_AREA, req_amount(rq, area), true);
	td(rq, h, MSG_FE_COL_AREA_FEE, req_amount(rq, c->area_fee), true);
	td(rq, h, MSG_FE_COL_FIXED, req_amount(rq, c->fixed_fee), true);
	td(rq, h, MSG_FE_COL_RELIEF, req_amount(rq, c->relief), true);
	td(rq, h, MSG_FE_COL_TOTAL, req_amount(rq, c->total), true);
	if (paid >= 0)
		td(rq, h, MSG_FE_COL_PAID, req_amount(rq, paid), true);
	html_lit(h, "</tr>");
}

static void
period_form(struct req *rq, struct html *h, const char *period, bool preview)
{
	form_begin(rq, h, "/finance/runs");
	if (preview) {
		html_lit(h, "<input type=\"hidden\" name=\"preview\" value=\"1\">");
		form_input(h, "period", T(rq, FE_PERIOD), "text", period, true, "off");
		form_submit(h, T(rq, FE_PREVIEW));
	} else {
		html_lit(h, "<input type=\"hidden\" name=\"period\" value=\"");
		html_attr(h, period);
		html_lit(h, "\">");
		form_submit(h, T(rq, FE_RUN));
	}
	form_end(h);
}

static int
render_runs(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct billing_run *v;
	size_t n;
	enum yl_err rc = store_billing_runs(rq->db, rq->a, rq->community_id, 200, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, FE_RUNS_TITLE));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, FE_RUNS_LEAD));
	html_lit(&h, "</p>");
	if (req_may(rq, PERM_FINANCE_MANAGE)) {
		html_lit(&h, "<section class=\"step\">");
		period_form(rq, &h, req_form(rq, "period") ? req_form(rq, "period") : fee_month_text(rq, month_of(db_now())),
		            true);
		html_lit(&h, "</section>");
	}
	heading(rq, &h, MSG_FE_RUNS_DONE);
	if (n == 0)
		para(&h, T(rq, FE_NO_RUNS));
	else
		html_lit(&h, "<ul class=\"history\">");
	for (size_t i = 0; i < n; i++) {
		char at[20];
		time_local(v[i].created_at, at);
		html_lit(&h, "<li><a href=\"");
		html_url(&h, arena_printf(rq->a, "/finance/runs/%lld", (long long)v[i].id));
		html_lit(&h, "\">");
		html_text(&h, req_tn(rq, MSG_FE_RUN_ROW, v[i].bills, fee_period_text(rq, v[i].period), (long long)v[i].bills,
		                     req_amount(rq, v[i].total)));
		html_lit(&h, "</a><br><span class=\"meta\">");
		html_text(&h, req_tf(rq, MSG_FE_RUN_BY, at, v[i].created_by_name));
		html_lit(&h, "</span></li>");
	}
	if (n)
		html_lit(&h, "</ul>");
	html_lit(&h, "<p><a href=\"/finance/fees\">");
	html_text(&h, T(rq, FE_BACK_FEES));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
runs_page(struct req *rq)
{
	return render_runs(rq, NULL, false);
}

static int
preview_page(struct req *rq, struct period p, const struct run_outcome *o)
{
	const char *period = fee_period_text(rq, p);
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_FE_PREVIEW_TITLE, period));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tn(rq, MSG_FE_PREVIEW_SUMMARY, o->bills, (long long)o->bills, req_amount(rq, o->total)));
	html_lit(&h, "</p>");
	if (o->skipped)
		para(&h, req_tn(rq, MSG_FE_SKIPPED, o->skipped, (long long)o->skipped));
	html_lit(&h, "<section class=\"step\">");
	period_form(rq, &h, period, false);
	html_lit(&h, "</section>");
	html_lit(&h, "<h2>");
	html_text(&h, req_tn(rq, MSG_FE_FIRST_BILLS, o->nfirst, (long long)o->nfirst));
	html_lit(&h, "</h2><table class=\"list\">");
	th_row(rq, &h, bill_cols, sizeof bill_cols / sizeof *bill_cols - 1);
	for (size_t i = 0; i < o->nfirst; i++)
		bill_row(rq, &h, o->first[i].unit, o->first[i].area, &o->first[i].calc, -1);
	html_lit(&h, "</tbody></table>");
	if (o->nreliefs) {
		static const enum msg cols[] = {MSG_FE_COL_UNIT, MSG_FE_COL_REASON, MSG_FE_COL_RELIEF};
		heading(rq, &h, MSG_FE_RELIEFS_APPLIED);
		html_lit(&h, "<table class=\"list\">");
		th_row(rq, &h, cols, sizeof cols / sizeof *cols);
		for (size_t i = 0; i < o->nreliefs; i++) {
			html_lit(&h, "<tr>");
			td(rq, &h, MSG_FE_COL_UNIT, o->reliefs[i].unit, false);
			td(rq, &h, MSG_FE_COL_REASON, o->reliefs[i].reason, false);
			td(rq, &h, MSG_FE_COL_RELIEF, req_amount(rq, o->reliefs[i].amount), true);
			html_lit(&h, "</tr>");
		}
		html_lit(&h, "</tbody></table>");
	}
	html_lit(&h, "<p><a href=\"/finance/runs\">");
	html_text(&h, T(rq, FE_BACK_RUNS));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
run_create_form(struct req *rq)
{
	const char *pv = req_form(rq, "preview");
	bool preview = pv && *pv;
	struct period p;
	struct run_outcome *o = arena_alloc(rq->a, sizeof *o);
	if (billing_run_post(rq, NULL, preview, &p, o) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_runs(rq, rq->err_message, true);
	}
	if (preview)
		return preview_page(rq, p, o);
	return req_redirect(rq, arena_printf(rq->a, "/finance/runs/%lld?done=1", (long long)o->id));
}

int
run_page(struct req *rq)
{
	int64_t offset = 0, id = req_param_id(rq, "id");
	const char *off = req_query(rq, "offset");
	if (off && *off)
		offset = strtoll(off, NULL, 10);
	if (offset < 0)
		offset = 0;
	struct billing_run r;
	struct bill *v;
	size_t n;
	int64_t total;
	enum yl_err rc = store_billing_run_get(rq->db, rq->a, rq->community_id, id, &r);
	if (rc == YL_OK)
		rc = store_run_bills(rq->db, rq->a, rq->community_id, id, RUN_PAGE_BILLS, offset, &v, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	const char *period = fee_period_text(rq, r.period);
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_FE_RUN_TITLE, period));
	if (req_query(rq, "done"))
		page_notice(&h, req_tn(rq, MSG_FE_RUN_DONE, r.bills, (long long)r.bills), false);
	char at[20];
	time_local(r.created_at, at);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tn(rq, MSG_FE_RUN_ROW, r.bills, period, (long long)r.bills, req_amount(rq, r.total)));
	html_lit(&h, "<br><span class=\"meta\">");
	html_text(&h, req_tf(rq, MSG_FE_RUN_BY, at, r.created_by_name));
	html_lit(&h, "</span></p><table class=\"list\">");
	th_row(rq, &h, bill_cols, sizeof bill_cols / sizeof *bill_cols);
	for (size_t i = 0; i < n; i++) {
		struct bill_calc c = {v[i].price_months, v[i].area_fee, v[i].fixed_fee, v[i].relief, v[i].total};
		bill_row(rq, &h, v[i].unit, v[i].area, &c, v[i].paid);
	}
	html_lit(&h, "</tbody></table>");
	if (offset + (int64_t)n < total) {
		html_lit(&h, "<p><a class=\"btn\" href=\"");
		html_url(&h, arena_printf(rq->a, "/finance/runs/%lld?offset=%lld", (long long)id,
		                          (long long)(offset + RUN_PAGE_BILLS)));
		html_lit(&h, "\">");
		html_text(&h, T(rq, NEXT_PAGE));
		html_lit(&h, "</a></p>");
	}
	html_lit(&h, "<p><a href=\"/finance/runs\">");
	html_text(&h, T(rq, FE_BACK_RUNS));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}
