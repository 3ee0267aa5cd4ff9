/* finance.c: the committee's finance home (see finance.h). Every figure is derived from the
 * journal and the bills at the moment the page is drawn (store_finance_overview). */
#include "finance.h"
#include "../core/arena.h"
#include "../core/period.h"
#include "../store/db.h"
#include "../store/ledger.h"
#include "../store/payments.h"
#include "../web/layout.h"
#include "../web/req.h"

static void
figure(struct req *rq, struct html *h, enum msg label, int64_t fen)
{
	html_lit(h, "<dt>");
	html_text(h, i18n_get(rq->lang, label));
	html_lit(h, "</dt><dd class=\"num\">");
	html_text(h, req_tf(rq, MSG_FI_YUAN, req_amount(rq, fen)));
	html_lit(h, "</dd>");
}

static void
link(struct req *rq, struct html *h, const char *href, enum msg label)
{
	html_lit(h, "<li><a class=\"btn\" href=\"");
	html_url(h, href);
	html_lit(h, "\">");
	html_text(h, i18n_get(rq->lang, label));
	html_lit(h, "</a></li>");
}

int
finance_page(struct req *rq)
{
	int month = month_of(db_now());
	struct finance_overview o;
	struct arrear *owing, totals;
	size_t nowing;
	enum yl_err rc = store_finance_overview(rq->db, rq->community_id, month, &o);
	if (rc == YL_OK)
		rc = store_arrears(rq->db, rq->a, rq->community_id, 0, month, &owing, &nowing, &totals);
	if (rc != YL_OK)
		return req_error(rq, rc);
	char m[8];
	month_format(month, m);
	struct html h;
	page_begin(rq, &h, T(rq, FI_TITLE));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, FI_LEAD));
	html_lit(&h, "</p><h2>");
	html_text(&h, T(rq, FI_BALANCES));
	html_lit(&h, "</h2><dl class=\"facts\">");
	figure(rq, &h, MSG_FI_CASH, o.cash);
	figure(rq, &h, MSG_FI_BANK, o.bank);
	figure(rq, &h, MSG_FI_RECEIVABLE, o.receivable);
	html_lit(&h, "<dt>");
	html_text(&h, T(rq, FI_OWING_UNITS));
	html_lit(&h, "</dt><dd class=\"num\">");
	html_int(&h, (int64_t)nowing);
	html_lit(&h, "</dd></dl><h2>");
	html_text(&h, req_tf(rq, MSG_FI_THIS_MONTH, m));
	html_lit(&h, "</h2><dl class=\"facts\">");
	figure(rq, &h, MSG_FI_BILLED, o.billed_month);
	figure(rq, &h, MSG_FI_COLLECTED, o.collected_month);
	html_lit(&h, "<dt>");
	html_text(&h, T(rq, FI_PENDING));
	html_lit(&h, "</dt><dd class=\"num\">");
	html_int(&h, o.pending_expenses);
	html_lit(&h, "</dd><dt>");
	html_text(&h, T(rq, FI_LAST_DISCLOSED));
	html_lit(&h, "</dt><dd>");
	if (o.last_disclosed) {
		month_format(o.last_disclosed, m);
		html_text(&h, m);
	} else {
		html_text(&h, T(rq, FI_NONE_DISCLOSED));
	}
	html_lit(&h, "</dd></dl><h2>");
	html_text(&h, T(rq, FI_WORK));
	html_lit(&h, "</h2><ul class=\"actions\">");
	link(rq, &h, "/finance/payments", MSG_FI_TO_PAYMENTS);
	link(rq, &h, "/finance/arrears", MSG_FI_TO_ARREARS);
	link(rq, &h, "/finance/runs", MSG_FI_TO_RUNS);
	link(rq, &h, "/finance/fees", MSG_FI_TO_FEES);
	link(rq, &h, "/finance/expenses", MSG_FI_TO_EXPENSES);
	link(rq, &h, arena_printf(rq->a, "/disclosures/%lld", (long long)rq->community_id), MSG_FI_TO_DISCLOSURES);
	html_lit(&h, "</ul>");
	return page_end(rq, &h);
}
