/* expense_pages.c: the committee's pages for expenses, other income and the opening balance —
 * /finance/expenses and /finance/expenses/{id} and the forms posting to them (see expenses.h).
 * Forms work without JavaScript; a refused form is shown again with the reason where it was. */
#include "expenses.h"
#include "../core/arena.h"
#include "../core/ledger.h"
#include "../core/period.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/ledger.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

#define PAGE_MAX 200

static void
cell(struct html *h, const char *s)
{
	html_lit(h, "<td>");
	html_text(h, s);
	html_lit(h, "</td>");
}

static void
head_cell(struct html *h, const char *s)
{
	html_lit(h, "<th scope=\"col\">");
	html_text(h, s);
	html_lit(h, "</th>");
}

static void
expense_link(struct req *rq, struct html *h, const struct expense *x)
{
	html_lit(h, "<a href=\"");
	html_url(h, arena_printf(rq->a, "/finance/expenses/%lld", (long long)x->id));
	html_lit(h, "\">");
	html_text(h, x->payee);
	html_lit(h, "</a>");
}

static void
expense_table(struct req *rq, struct html *h, enum msg caption, const struct expense *v, size_t n)
{
	html_lit(h, "<table class=\"list expenses\"><caption>");
	html_text(h, i18n_get(rq->lang, caption));
	html_lit(h, "</caption><thead><tr>");
	head_cell(h, T(rq, EX_SPENT_ON));
	head_cell(h, T(rq, EX_CATEGORY));
	head_cell(h, T(rq, EX_PAYEE));
	head_cell(h, T(rq, EX_AMOUNT));
	head_cell(h, T(rq, EX_STATE));
	html_lit(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(h, "<tr>");
		cell(h, req_day(rq, v[i].spent_at));
		cell(h, expense_category_text(rq, v[i].category));
		html_lit(h, "<td>");
		expense_link(rq, h, &v[i]);
		html_lit(h, "</td><td class=\"num\">");
		html_text(h, req_amount(rq, v[i].amount));
		html_lit(h, "</td>");
		cell(h, expense_state_text(rq, v[i].state));
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table>");
}

static void
words_select(struct req *rq, struct html *h, const char *name, enum msg label, const char *const *words, int n,
             const char *(*text)(struct req *, int))
{
	form_select_open(h, name, i18n_get(rq->lang, label));
	for (int i = 0; i < n; i++)
		form_option(h, words[i], text(rq, i), i == 0);
	html_lit(h, "</select></p>");
}

static const char *
category_word(struct req *rq, int i)
{
	return expense_category_text(rq, (enum expense_category)i);
}

static const char *
income_word(struct req *rq, int i)
{
	return income_category_text(rq, (enum income_category)i);
}

static const char *
method_word(struct req *rq, int i)
{
	return pay_method_text(rq, (enum pay_method)i);
}

static void
record_form(struct req *rq, struct html *h, int64_t threshold)
{
	html_lit(h, "<section class=\"step\" id=\"record\"><h2>");
	html_text(h, T(rq, EX_RECORD_TITLE));
	html_lit(h, "</h2><p>");
	html_text(h, req_tf(rq, MSG_EX_RECORD_HINT, req_amount(rq, threshold)));
	html_lit(h, "</p>");
	h->form_scope = "expense";
	form_begin_multipart(rq, h, "/finance/expenses");
	form_input(h, "amount", T(rq, EX_AMOUNT), "text", NULL, true, "off");
	words_select(rq, h, "category", MSG_EX_CATEGORY, expense_category_names, EXP__COUNT, category_word);
	form_input(h, "payee", T(rq, EX_PAYEE), "text", NULL, true, "off");
	form_textarea(h, "description", T(rq, EX_DESCRIPTION), NULL, 2, 500, false);
	words_select(rq, h, "method", MSG_EX_METHOD, pay_method_names, PAY__COUNT, method_word);
	form_input(h, "spent_on", T(rq, EX_SPENT_ON), "date", req_day(rq, db_now()), true, "off");
	html_lit(h, "<p class=\"field\"><label for=\"f-expense-voucher\">");
	html_text(h, T(rq, EX_VOUCHER));
	html_lit(h, "</label><input id=\"f-expense-voucher\" type=\"file\" name=\"voucher\" "
	            "accept=\"image/jpeg,image/png\" required></p>");
	form_submit(h, T(rq, EX_RECORD_SUBMIT));
	form_end(h);
	html_lit(h, "</section>");
}

static void
income_section(struct req *rq, struct html *h, bool manage)
{
	struct income *v;
	size_t n = 0;
	if (store_incomes(rq->db, rq->a, rq->community_id, 0, 0, 50, &v, &n) != YL_OK)
		n = 0;
	html_lit(h, "<section id=\"income\"><h2>");
	html_text(h, T(rq, EX_INCOME_TITLE));
	html_lit(h, "</h2>");
	if (n) {
		html_lit(h, "<table class=\"list incomes\"><thead><tr>");
		head_cell(h, T(rq, EX_RECEIVED_ON));
		head_cell(h, T(rq, EX_CATEGORY));
		head_cell(h, T(rq, EX_SOURCE));
		head_cell(h, T(rq, EX_AMOUNT));
		html_lit(h, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(h, "<tr>");
			cell(h, req_day(rq, v[i].received_at));
			cell(h, income_category_text(rq, v[i].category));
			cell(h, v[i].source);
			html_lit(h, "<td class=\"num\">");
			html_text(h, req_amount(rq, v[i].amount));
			html_lit(h, "</td></tr>");
		}
		html_lit(h, "</tbody></table>");
	} else {
		html_lit(h, "<p>");
		html_text(h, T(rq, EX_NO_INCOME));
		html_lit(h, "</p>");
	}
	if (manage) {
		h->form_scope = "income";
		form_begin(rq, h, "/finance/incomes");
		words_select(rq, h, "category", MSG_EX_INCOME_CATEGORY, income_category_names, INC__COUNT, income_word);
		form_input(h, "amount", T(rq, EX_AMOUNT), "text", NULL, true, "off");
		form_input(h, "source", T(rq, EX_SOURCE), "text", NULL, true, "off");
		words_select(rq, h, "method", MSG_EX_METHOD, pay_method_names, PAY__COUNT, method_word);
		form_input(h, "reference", T(rq, EX_REFERENCE), "text", NULL, false, "off");
		form_input(h, "received_on", T(rq, EX_RECEIVED_ON), "date", req_day(rq, db_now()), true, "off");
		form_submit(h, T(rq, EX_INCOME_SUBMIT));
		form_end(h);
	}
	html_lit(h, "</section>");
}

static void
opening_section(struct req *rq, struct html *h)
{
	int month;
	enum yl_err rc = store_opening_month(rq->db, rq->community_id, &month);
	html_lit(h, "<section id=\"opening\"><h2>");
	html_text(h, T(rq, EX_OPENING_TITLE));
	html_lit(h, "</h2>");
	if (rc == YL_OK) {
		char m[8];
		month_format(month, m);
		html_lit(h, "<p>");
		html_text(h, req_tf(rq, MSG_EX_OPENING_DONE, m));
		html_lit(h, "</p></section>");
		return;
	}
	html_lit(h, "<p>");
	html_text(h, T(rq, EX_OPENING_HINT));
	html_lit(h, "</p>");
	h->form_scope = "opening";
	form_begin(rq, h, "/finance/opening-balance");
	form_input(h, "cash", T(rq, EX_CASH), "text", NULL, false, "off");
	form_input(h, "bank", T(rq, EX_BANK), "text", NULL, false, "off");
	char m[8];
	month_format(month_of(db_now()), m);
	form_input(h, "month", T(rq, EX_MONTH), "month", m, true, "off");
	form_submit(h, T(rq, EX_OPENING_SUBMIT));
	form_end(h);
	html_lit(h, "</section>");
}

static int
render_list(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct finance_settings fs;
	struct expense *pending, *recent;
	size_t np = 0, nr = 0;
	struct expense_filter pf = {0, 0, XS_PENDING, -1, 0, PAGE_MAX}, rf = {0, 0, -1, -1, 0, PAGE_MAX};
	enum yl_err rc = store_finance_settings(rq->db, rq->community_id, &fs);
	if (rc == YL_OK)
		rc = store_expenses(rq->db, rq->a, rq->community_id, &pf, &pending, &np);
	if (rc == YL_OK)
		rc = store_expenses(rq->db, rq->a, rq->community_id, &rf, &recent, &nr);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, EX_TITLE));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tf(rq, MSG_EX_LEAD, req_amount(rq, fs.threshold)));
	html_lit(&h, " <a href=\"");
	html_url(&h, arena_printf(rq->a, "/disclosures/%lld", (long long)rq->community_id));
	html_lit(&h, "\">");
	html_text(&h, T(rq, EX_TO_DISCLOSURES));
	html_lit(&h, "</a></p>");
	bool manage = req_may(rq, PERM_FINANCE_MANAGE);
	/* what waits for a decision, then the form (the committee's daily work), then the history */
	if (np)
		expense_table(rq, &h, MSG_EX_PENDING_CAPTION, pending, np);
	if (manage)
		record_form(rq, &h, fs.threshold);
	if (nr)
		expense_table(rq, &h, MSG_EX_RECENT_CAPTION, recent, nr);
	else {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, EX_NONE));
		html_lit(&h, "</p>");
	}
	income_section(rq, &h, manage);
	if (manage)
		opening_section(rq, &h);
	h.form_scope = NULL;
	return page_end(rq, &h);
}

int
expenses_page(struct req *rq)
{
	const char *d = req_query(rq, "done");
	return render_list(rq, d ? T(rq, EX_DONE) : NULL, false);
}

static void
decide_forms(struct req *rq, struct html *h, const struct expense *x)
{
	html_lit(h, "<section class=\"step\"><h2>");
	html_text(h, T(rq, EX_DECIDE_TITLE));
	html_lit(h, "</h2>");
	if (x->recorded_by == rq->actor.id) {
		html_lit(h, "<p>");
		html_text(h, T(rq, EX_SAME_MEMBER));
		html_lit(h, "</p></section>");
		return;
	}
	html_lit(h, "<p>");
	html_text(h, T(rq, EX_DECIDE_HINT));
	html_lit(h, "</p>");
	h->form_scope = "approve";
	form_begin(rq, h, arena_printf(rq->a, "/finance/expenses/%lld/approve", (long long)x->id));
	form_input(h, "note", T(rq, EX_NOTE), "text", NULL, false, "off");
	form_submit(h, T(rq, EX_APPROVE));
	form_end(h);
	h->form_scope = "reject";
	form_begin(rq, h, arena_printf(rq->a, "/finance/expenses/%lld/reject", (long long)x->id));
	form_input(h, "note", T(rq, EX_REJECT_NOTE), "text", NULL, true, "off");
	form_submit(h, T(rq, EX_REJECT));
	form_end(h);
	h->form_scope = NULL;
	html_lit(h, "</section>");
}

static int
render_expense(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct expense x;
	enum yl_err rc = store_expense_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &x);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_EX_PAGE_TITLE, x.payee, req_amount(rq, x.amount)));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead state\">");
	html_text(&h, expense_state_text(rq, x.state));
	html_lit(&h, "</p><dl class=\"facts\">");
	page_fact(&h, T(rq, EX_AMOUNT), req_amount(rq, x.amount));
	page_fact(&h, T(rq, EX_CATEGORY), expense_category_text(rq, x.category));
	page_fact(&h, T(rq, EX_PAYEE), x.payee);
	if (*x.description)
		page_fact(&h, T(rq, EX_DESCRIPTION), x.description);
	page_fact(&h, T(rq, EX_METHOD), pay_method_text(rq, x.method));
	page_fact(&h, T(rq, EX_SPENT_ON), req_day(rq, x.spent_at));
	page_fact(&h, T(rq, EX_RECORDED_BY), x.recorder_name);
	if (x.decided_by)
		page_fact(&h, T(rq, EX_DECIDED_BY), req_tf(rq, MSG_EX_DECIDED_TEXT, x.decider_name, req_day(rq, x.decided_at)));
	if (*x.decision_note)
		page_fact(&h, T(rq, EX_NOTE), x.decision_note);
	html_lit(&h, "</dl><p><a class=\"btn\" href=\"");
	html_url(&h, arena_printf(rq->a, "/expenses/%lld/voucher", (long long)x.id));
	html_lit(&h, "\">");
	html_text(&h, T(rq, EX_SEE_VOUCHER));
	html_lit(&h, "</a></p>");
	if (x.state == XS_PENDING && req_may(rq, PERM_FINANCE_MANAGE))
		decide_forms(rq, &h, &x);
	html_lit(&h, "<p><a href=\"/finance/expenses\">");
	html_text(&h, T(rq, EX_BACK));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
expense_page(struct req *rq)
{
	const char *d = req_query(rq, "done");
	return render_expense(rq, d ? T(rq, EX_DONE) : NULL, false);
}

/* A refused form: the page again with the reason (or the plain error page for what is not the
 * form's to show). */
static int
refused(struct req *rq, int (*render)(struct req *, const char *, bool))
{
	if (req_fatal(rq) || rq->err_message == NULL)
		return req_fail(rq);
	rq->status = req_form_status(rq);
	return render(rq, rq->err_message, true);
}

int
expense_create_form(struct req *rq)
{
	int64_t id = 0;
	enum expense_state s;
	if (expense_record(rq, &id, &s) < 0)
		return refused(rq, render_list);
	return req_redirect(rq, arena_printf(rq->a, "/finance/expenses/%lld?done=%s", (long long)id,
	                                     expense_state_names[s]));
}

static int
decide_form(struct req *rq, enum expense_state to)
{
	int64_t id = 0;
	if (expense_decide(rq, NULL, to, &id) < 0)
		return refused(rq, render_expense);
	return req_redirect(rq, arena_printf(rq->a, "/finance/expenses/%lld?done=%s", (long long)id,
	                                     expense_state_names[to]));
}

int
expense_approve_form(struct req *rq)
{
	return decide_form(rq, XS_APPROVED);
}

int
expense_reject_form(struct req *rq)
{
	return decide_form(rq, XS_REJECTED);
}

int
income_create_form(struct req *rq)
{
	int64_t id = 0;
	if (income_record(rq, NULL, &id) < 0)
		return refused(rq, render_list);
	return req_redirect(rq, "/finance/expenses?done=income#income");
}

int
opening_balance_form(struct req *rq)
{
	if (opening_record(rq, NULL) < 0)
		return refused(rq, render_list);
	return req_redirect(rq, "/finance/expenses?done=opening#opening");
}
