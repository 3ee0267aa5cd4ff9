/* disclosure_pages.c: the public disclosure pages — the list of published periods (with the
 * committee's publish buttons for ended ones), one period printable on A4 in big type, and its
 * XLSX (see disclosures.h). No payer's or owner's name is on any of them. */
#include "disclosures.h"
#include "expenses.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/ledger.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

/* how many ended periods the committee is offered to publish or look at as drafts */
#define RECENT_PERIODS 12

static const char *
period_text(struct req *rq, struct period p)
{
	char b[12];
	period_format(p, b);
	return arena_strdup(rq->a, b);
}

static void
period_link(struct req *rq, struct html *h, struct period p, const char *label)
{
	html_lit(h, "<a href=\"");
	html_url(h, arena_printf(rq->a, "/disclosures/%lld/%s", (long long)rq->community_id, period_text(rq, p)));
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, "</a>");
}

static bool
published_in(const struct disclosure *v, size_t n, int first)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].first_month == first)
			return true;
	return false;
}

/* The ended periods of the last year not yet published, newest first, with a draft link and
 * (for the committee) a publish button. */
static void
unpublished(struct req *rq, struct html *h, const struct disclosure *v, size_t n)
{
	struct finance_settings fs;
	if (store_finance_settings(rq->db, rq->community_id, &fs) != YL_OK)
		return;
	int step = fs.disclosure_months, now = month_of(db_now());
	int cur = now - (now % 100 - 1) % step; /* the period now running */
	bool manage = req_may(rq, PERM_FINANCE_MANAGE), any = false;
	int begun = 0; /* nothing to disclose before the books begin */
	if (store_ledger_first_month(rq->db, rq->community_id, &begun) != YL_OK || begun == 0)
		return;
	for (int k = 1; k <= RECENT_PERIODS; k++) {
		struct period p = {month_add(cur, -k * step), step};
		if (published_in(v, n, p.first) || period_last(p) < begun)
			continue;
		bool closed = false;
		if (store_month_disclosed(rq->db, rq->community_id, p.first, &closed) != YL_OK || closed)
			continue;
		if (!any) {
			html_lit(h, "<section class=\"step\"><h2>");
			html_text(h, T(rq, DI_UNPUBLISHED));
			html_lit(h, "</h2><ul class=\"history\">");
			any = true;
		}
		html_lit(h, "<li>");
		period_link(rq, h, p, req_tf(rq, MSG_DI_DRAFT_OF, period_text(rq, p)));
		if (manage) {
			h->form_scope = period_text(rq, p);
			form_begin(rq, h, arena_printf(rq->a, "/disclosures/%lld", (long long)rq->community_id));
			html_lit(h, "<input type=\"hidden\" name=\"period\" value=\"");
			html_attr(h, period_text(rq, p));
			html_lit(h, "\">");
			form_submit(h, req_tf(rq, MSG_DI_PUBLISH, period_text(rq, p)));
			form_end(h);
			h->form_scope = NULL;
		}
		html_lit(h, "</li>");
	}
	if (any)
		html_lit(h, "</ul></section>");
}

static int
render_list(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct disclosure *v;
	size_t n;
	enum yl_err rc = store_disclosures(rq->db, rq->a, rq->community_id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, DI_TITLE));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, DI_LEAD));
	html_lit(&h, "</p>");
	if (n == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, DI_NONE));
		html_lit(&h, "</p>");
	} else {
		html_lit(&h, "<ul class=\"history disclosures\">");
		for (size_t i = 0; i < n; i++) {
			char t[20];
			time_local(v[i].published_at, t);
			html_lit(&h, "<li>");
			struct period p = {v[i].first_month, v[i].months};
			period_link(rq, &h, p, req_tf(rq, MSG_DI_ITEM, period_text(rq, p)));
			html_lit(&h, " · ");
			html_text(&h, req_tf(rq, MSG_DI_PUBLISHED_AT, t));
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ul>");
	}
	if (req_may(rq, PERM_FINANCE_READ))
		unpublished(rq, &h, v, n);
	return page_end(rq, &h);
}

int
disclosures_page(struct req *rq)
{
	const char *d = req_query(rq, "done");
	return render_list(rq, d ? T(rq, DI_DONE) : NULL, false);
}

int
disclosure_publish_form(struct req *rq)
{
	struct period p;
	const char *head;
	if (disclosure_publish(rq, NULL, &p, &head) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_list(rq, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/disclosures/%lld/%s?done=published", (long long)rq->community_id,
	                                     period_text(rq, p)));
}

/* One period ------------------------------------------------------------------------------------- */

static void
row(struct req *rq, struct html *h, const char *label, int64_t fen)
{
	html_lit(h, "<tr><th scope=\"row\">");
	html_text(h, label);
	html_lit(h, "</th><td class=\"num\">");
	html_text(h, req_amount(rq, fen));
	html_lit(h, "</td></tr>");
}

static void
table_open(struct req *rq, struct html *h, enum msg caption)
{
	html_lit(h, "<table class=\"list figures\"><caption>");
	html_text(h, i18n_get(rq->lang, caption));
	html_lit(h, "</caption><tbody>");
}

static void
balances(struct req *rq, struct html *h, enum msg caption, int64_t cash, int64_t bank)
{
	table_open(rq, h, caption);
	row(rq, h, T(rq, EX_CASH), cash);
	row(rq, h, T(rq, EX_BANK), bank);
	row(rq, h, T(rq, DI_TOTAL), cash + bank);
	html_lit(h, "</tbody></table>");
}

static void
large_expenses(struct req *rq, struct html *h, const struct disclosure_figures *f)
{
	html_lit(h, "<table class=\"list large\"><caption>");
	html_text(h, req_tf(rq, MSG_DI_LARGE_CAPTION, req_amount(rq, f->threshold)));
	html_lit(h, "</caption><thead><tr>");
	static const enum msg cols[] = {MSG_EX_SPENT_ON, MSG_EX_CATEGORY, MSG_EX_PAYEE, MSG_EX_AMOUNT, MSG_EX_DESCRIPTION,
	                                MSG_EX_VOUCHER};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		html_lit(h, "<th scope=\"col\">");
		html_text(h, i18n_get(rq->lang, cols[i]));
		html_lit(h, "</th>");
	}
	html_lit(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < f->nlarge; i++) {
		const struct expense *x = &f->large[i];
		char d[11];
		date_local(x->spent_at, d);
		const char *text[] = {d, expense_category_text(rq, x->category), x->payee, req_amount(rq, x->amount),
		                      x->description};
		html_lit(h, "<tr>");
		/* data-label: on a phone each cell is a line of its own and says what it is */
		for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
			html_lit(h, "<td");
			if (cols[k] == MSG_EX_AMOUNT)
				html_lit(h, " class=\"num\"");
			html_lit(h, " data-label=\"");
			html_attr(h, i18n_get(rq->lang, cols[k]));
			html_lit(h, "\">");
			html_text(h, text[k]);
			html_lit(h, "</td>");
		}
		html_lit(h, "<td data-label=\"");
		html_attr(h, i18n_get(rq->lang, MSG_EX_VOUCHER));
		html_lit(h, "\"><a href=\"");
		html_url(h, arena_printf(rq->a, "/expenses/%lld/voucher", (long long)x->id));
		html_lit(h, "\">");
		html_text(h, T(rq, DI_VOUCHER_LINK));
		html_lit(h, "</a></td></tr>");
	}
	html_lit(h, "</tbody></table>");
}

static void
figures(struct req *rq, struct html *h, const struct disclosure_figures *f)
{
	balances(rq, h, MSG_DI_OPENING, f->opening_cash, f->opening_bank);
	table_open(rq, h, MSG_DI_INCOME);
	row(rq, h, T(rq, DI_FEES_COLLECTED), f->fees_collected);
	for (int i = 0; i < INC__COUNT; i++)
		row(rq, h, income_category_text(rq, (enum income_category)i), f->income[i]);
	row(rq, h, T(rq, DI_TOTAL), f->income_total);
	if (f->handed_over)
		row(rq, h, T(rq, DI_HANDED_OVER), f->handed_over);
	html_lit(h, "</tbody></table>");
	table_open(rq, h, MSG_DI_EXPENSES);
	for (int i = 0; i < EXP__COUNT; i++)
		if (f->vouchers[i])
			row(rq, h,
			    req_tn(rq, MSG_DI_CATEGORY_VOUCHERS, f->vouchers[i],
			           expense_category_text(rq, (enum expense_category)i), (long long)f->vouchers[i]),
			    f->expense[i]);
	row(rq, h, T(rq, DI_TOTAL), f->expense_total);
	html_lit(h, "</tbody></table>");
	balances(rq, h, MSG_DI_CLOSING, f->closing_cash, f->closing_bank);
	table_open(rq, h, MSG_DI_FEES);
	row(rq, h, T(rq, DI_BILLED), f->billed);
	row(rq, h, T(rq, DI_COLLECTED), f->billed_collected);
	html_lit(h, "<tr><th scope=\"row\">");
	html_text(h, T(rq, DI_RATE));
	html_lit(h, "</th><td class=\"num\">");
	html_text(h, permille_text(rq, f->collection_permille));
	html_lit(h, "</td></tr>");
	row(rq, h, T(rq, DI_ARREARS), f->arrears);
	html_lit(h, "</tbody></table>");
	if (f->nlarge)
		large_expenses(rq, h, f);
	if (!f->consistent)
		page_notice(h, T(rq, DI_INCONSISTENT), true);
}

/* The {period} segment carries ".xlsx" for the spreadsheet (a route parameter is a whole
 * segment): the same figures, the same rule of who may see them. */
int
disclosure_page(struct req *rq)
{
	const char *seg = req_param(rq, "period");
	size_t len = strlen(seg);
	bool xlsx = len > 5 && strcmp(seg + len - 5, ".xlsx") == 0;
	struct disclosure_view v;
	if (disclosure_load(rq, xlsx ? arena_strndup(rq->a, seg, len - 5) : seg, &v) < 0)
		return req_fail(rq);
	if (xlsx)
		return disclosure_xlsx(rq, &v);
	const char *per = period_text(rq, v.p);
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_DI_PAGE_TITLE, per));
	if (req_query(rq, "done"))
		page_notice(&h, T(rq, DI_DONE), false);
	html_lit(&h, "<div class=\"notice-a4 disclosure\"><p class=\"lead\">");
	html_text(&h, rq->community_name ? rq->community_name : "");
	html_lit(&h, " · ");
	html_text(&h, req_tf(rq, MSG_DI_ITEM, per));
	html_lit(&h, "</p>");
	if (v.published) {
		char t[20];
		time_local(v.row.published_at, t);
		html_lit(&h, "<p>");
		html_text(&h, req_tf(rq, MSG_DI_PUBLISHED_AT, t));
		html_lit(&h, "</p><p class=\"hash\">");
		html_text(&h, req_tf(rq, MSG_DI_AUDIT_HEAD, v.row.audit_head));
		html_lit(&h, "</p>");
	} else {
		page_notice(&h, T(rq, DI_DRAFT), true);
	}
	figures(rq, &h, &v.f);
	html_lit(&h, "<p class=\"no-print actions\"><a class=\"btn\" href=\"");
	html_url(&h, arena_printf(rq->a, "/disclosures/%lld/%s.xlsx", (long long)rq->community_id, per));
	html_lit(&h, "\">");
	html_text(&h, T(rq, DI_XLSX));
	html_lit(&h, "</a> <a href=\"");
	html_url(&h, arena_printf(rq->a, "/disclosures/%lld", (long long)rq->community_id));
	html_lit(&h, "\">");
	html_text(&h, T(rq, DI_BACK));
	html_lit(&h, "</a></p></div>");
	return page_end(rq, &h);
}
