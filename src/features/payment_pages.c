/* payment_pages.c: the pages of fee payments (see payments.h) — the owner's own bills (/bills),
 * the committee's payment desk (/finance/payments), the arrears by unit (/finance/arrears) and
 * the printable receipt (/receipts/{id}) with its reverse form. Tables turn into cards on a
 * phone (the site's CSS); no script; a refused form comes back with the field's error beside it. */
#include "payments.h"
#include "registry.h"
#include "../core/arena.h"
#include "../core/capitals.h"
#include "../core/period.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/payments.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

#define RECENT 20
#define ARREARS_PAGE 100

static const enum msg method_msgs[PAY__COUNT] = {MSG_PA_CASH, MSG_PA_BANK, MSG_PA_WECHAT, MSG_PA_ALIPAY};

static const char *
method_text(struct req *rq, enum pay_method m)
{
	return (unsigned)m < PAY__COUNT ? i18n_get(rq->lang, method_msgs[m]) : "?";
}

static const char *
receipt_href(struct req *rq, int64_t id)
{
	return arena_printf(rq->a, "/receipts/%lld", (long long)id);
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

/* A list of payments: receipt (linked), date, unit, amount, method; a reversal says so. */
static void
payments_table(struct req *rq, struct html *h, const struct payment *v, size_t n, bool with_unit)
{
	html_lit(h, "<table class=\"list payments\"><thead><tr>");
	page_th(h, T(rq, PA_RECEIPT_NO), false);
	page_th(h, T(rq, PA_PAID_ON), false);
	if (with_unit)
		page_th(h, T(rq, PA_UNIT), false);
	page_th(h, T(rq, PA_AMOUNT), true);
	page_th(h, T(rq, PA_METHOD), false);
	html_lit(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct payment *p = &v[i];
		html_lit(h, "<tr><td data-label=\"");
		html_attr(h, T(rq, PA_RECEIPT_NO));
		html_lit(h, "\"><a href=\"");
		html_url(h, receipt_href(rq, p->id));
		html_lit(h, "\">");
		html_text(h, p->receipt_no);
		html_lit(h, "</a>");
		if (p->reverses_id || p->reversed_by) {
			html_lit(h, " <strong class=\"tag reversed\">");
			html_text(h, i18n_get(rq->lang, p->reverses_id ? MSG_PA_IS_REVERSAL_TAG : MSG_PA_REVERSED_TAG));
			html_lit(h, "</strong>");
		}
		html_lit(h, "</td>");
		page_td(h, T(rq, PA_PAID_ON), req_day(rq, p->paid_at), false);
		if (with_unit)
			page_td(h, T(rq, PA_UNIT), p->unit, false);
		page_td(h, T(rq, PA_AMOUNT), req_amount(rq, p->amount), true);
		page_td(h, T(rq, PA_METHOD), method_text(rq, p->method), false);
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table>");
}

/* A unit's bills: months, area × price, fixed items and exemptions with their reasons, total,
 * paid, unpaid. unpaid_only: the desk shows only what is still owed. */
static void
bills_table(struct req *rq, struct html *h, const struct bill *v, size_t n, bool unpaid_only)
{
	html_lit(h, "<table class=\"list bills\"><thead><tr>");
	page_th(h, T(rq, PA_MONTHS_LABEL), false);
	page_th(h, T(rq, PA_HOW), false);
	page_th(h, T(rq, PA_TOTAL), true);
	page_th(h, T(rq, PA_PAID), true);
	page_th(h, T(rq, PA_UNPAID), true);
	html_lit(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct bill *b = &v[i];
		if (unpaid_only && b->total == b->paid)
			continue;
		html_lit(h, "<tr>");
		page_td(h, T(rq, PA_MONTHS_LABEL), payment_months(rq, b->first, b->last), false);
		html_lit(h, "<td data-label=\"");
		html_attr(h, T(rq, PA_HOW));
		html_lit(h, "\">");
		html_text(h, req_tf(rq, MSG_PA_AREA_TIMES, req_amount(rq, b->area), req_amount(rq, b->price_months),
		                    req_amount(rq, b->area_fee)));
		for (size_t k = 0; k < b->nlines; k++) {
			html_lit(h, "<br>");
			html_text(h, req_tf(rq, strcmp(b->lines[k].kind, "exemption") == 0 ? MSG_PA_LINE_EXEMPTION : MSG_PA_LINE_FIXED,
			                    b->lines[k].label, req_amount(rq, b->lines[k].amount)));
		}
		html_lit(h, "</td>");
		page_td(h, T(rq, PA_TOTAL), req_amount(rq, b->total), true);
		page_td(h, T(rq, PA_PAID), req_amount(rq, b->paid), true);
		page_td(h, T(rq, PA_UNPAID), req_amount(rq, b->total - b->paid), true);
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table>");
}

static int64_t
owed_of(const struct bill *v, size_t n)
{
	int64_t owed = 0;
	for (size_t i = 0; i < n; i++)
		owed += v[i].total - v[i].paid;
	return owed;
}

/* The owner's own bills ------------------------------------------------------------------------- */

static int
unit_section(struct req *rq, struct html *h, int64_t unit_id)
{
	struct unit u;
	struct bill *bills;
	struct payment *pays;
	size_t nb, np;
	enum yl_err rc = store_unit_get(rq->db, rq->a, rq->community_id, unit_id, &u);
	if (rc == YL_OK)
		rc = store_unit_bills(rq->db, rq->a, rq->community_id, unit_id, &bills, &nb);
	if (rc == YL_OK)
		rc = store_payments(rq->db, rq->a, rq->community_id, unit_id, 200, 0, &pays, &np, NULL);
	if (rc != YL_OK)
		return req_error(rq, rc);
	html_lit(h, "<section class=\"unit-bills\"><h2>");
	html_text(h, arena_printf(rq->a, "%s%s%s", u.building, u.stairwell, u.room));
	html_lit(h, "</h2>");
	if (nb == 0) {
		para(h, "lead", T(rq, PA_NO_BILLS));
		html_lit(h, "</section>");
		return 0;
	}
	int64_t owed = owed_of(bills, nb);
	para(h, owed > 0 ? "owed lead" : "owed lead settled",
	     owed > 0 ? req_tf(rq, MSG_PA_OWED_NOW, req_amount(rq, owed)) : T(rq, PA_SETTLED));
	html_lit(h, "<h3>");
	html_text(h, T(rq, PA_BILLS));
	html_lit(h, "</h3>");
	bills_table(rq, h, bills, nb, false);
	html_lit(h, "<h3>");
	html_text(h, T(rq, PA_PAYMENTS));
	html_lit(h, "</h3>");
	if (np)
		payments_table(rq, h, pays, np, false);
	else
		para(h, "", T(rq, PA_NO_PAYMENTS));
	html_lit(h, "</section>");
	return 0;
}

int
bills_page(struct req *rq)
{
	const int64_t *units;
	size_t n = req_own_units(rq, &units);
	struct html h;
	page_begin(rq, &h, T(rq, PA_BILLS_TITLE));
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t cid, building;
		if (store_unit_community(rq->db, units[i], &cid, &building) != YL_OK)
			continue;
		/* a tenant lives there but the bills are the owner's (PERM_BILL_READ says whose) */
		struct target t = {rq->community_id, building, units[i], false};
		if (!req_allowed(rq, PERM_BILL_READ, &t))
			continue;
		if (unit_section(rq, &h, units[i]) < 0)
			return -1;
		shown++;
	}
	if (shown == 0)
		para(&h, "lead", T(rq, PA_NO_UNITS));
	return page_end(rq, &h);
}

/* The receipt ----------------------------------------------------------------------------------- */

static int
render_receipt(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct payment p;
	struct allocation *al;
	size_t n;
	int64_t id = req_param_id(rq, "id");
	enum yl_err rc = store_payment_get(rq->db, rq->a, rq->community_id, id, &p);
	if (rc == YL_OK)
		rc = store_payment_allocations(rq->db, rq->a, rq->community_id, id, &al, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, req_tf(rq, p.reverses_id ? MSG_PA_REVERSAL_TITLE : MSG_PA_RECEIPT_TITLE, p.receipt_no));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<article class=\"receipt\">");
	para(&h, "receipt-compound", rq->community_name ? rq->community_name : "");
	if (p.reverses_id || p.reversed_by) {
		html_lit(&h, "<p class=\"receipt-reversed\"><strong>");
		html_text(&h, p.reverses_id ? req_tf(rq, MSG_PA_REVERSES, p.reverses_no, p.reason)
		                            : req_tf(rq, MSG_PA_REVERSED_BY, p.reversed_no));
		html_lit(&h, "</strong></p>");
	}
	char words[CAPITALS_MAX];
	capitals_of(p.amount, words);
	html_lit(&h, "<dl class=\"facts receipt-facts\">");
	page_fact(&h, T(rq, PA_RECEIPT_NO), p.receipt_no);
	page_fact(&h, T(rq, PA_UNIT), p.unit);
	if (*p.payer)
		page_fact(&h, T(rq, PA_PAYER), p.payer);
	page_fact(&h, T(rq, PA_AMOUNT), req_tf(rq, MSG_PA_YUAN, req_amount(rq, p.amount)));
	page_fact(&h, T(rq, PA_IN_WORDS), words);
	page_fact(&h, T(rq, PA_METHOD), *p.reference ? req_tf(rq, MSG_PA_METHOD_REF, method_text(rq, p.method), p.reference)
	                                          : method_text(rq, p.method));
	page_fact(&h, T(rq, PA_PAID_ON), req_day(rq, p.paid_at));
	html_lit(&h, "<dt>");
	html_text(&h, T(rq, PA_FOR_BILLS));
	html_lit(&h, "</dt><dd><ul class=\"receipt-bills\">");
	for (size_t i = 0; i < n; i++) {
		html_lit(&h, "<li>");
		html_text(&h, req_tf(rq, MSG_PA_ALLOCATED, payment_months(rq, al[i].first_month, al[i].last_month),
		                     req_amount(rq, al[i].amount)));
		html_lit(&h, "</li>");
	}
	html_lit(&h, "</ul></dd>");
	page_fact(&h, T(rq, PA_RECORDED_BY), p.recorder);
	html_lit(&h, "</dl></article>");
	para(&h, "no-print", T(rq, PA_PRINT_HINT));

	if (req_may(rq, PERM_FINANCE_MANAGE) && !p.reverses_id && !p.reversed_by) {
		html_lit(&h, "<section class=\"step no-print\"><h2>");
		html_text(&h, T(rq, PA_REVERSE_TITLE));
		html_lit(&h, "</h2><p>");
		html_text(&h, T(rq, PA_REVERSE_HINT));
		html_lit(&h, "</p>");
		form_begin(rq, &h, arena_printf(rq->a, "/receipts/%lld/reverse", (long long)p.id));
		bool wrong = is_error && rq->err_field && strcmp(rq->err_field, "reason") == 0;
		form_input_error(&h, "reason", T(rq, PA_REASON), "text", NULL, true, "off", wrong ? notice : NULL);
		form_submit(&h, T(rq, PA_REVERSE));
		form_end(&h);
		html_lit(&h, "</section>");
	}
	if (req_may(rq, PERM_FINANCE_READ)) {
		html_lit(&h, "<p class=\"no-print\"><a href=\"/finance/payments\">");
		html_text(&h, T(rq, PA_BACK_DESK));
		html_lit(&h, "</a></p>");
	} else {
		html_lit(&h, "<p class=\"no-print\"><a href=\"/bills\">");
		html_text(&h, T(rq, PA_BACK_BILLS));
		html_lit(&h, "</a></p>");
	}
	return page_end(rq, &h);
}

int
receipt_page(struct req *rq)
{
	const char *d = req_query(rq, "done");
	return render_receipt(rq, d ? T(rq, PA_DONE) : NULL, false);
}

int
receipt_reverse_form(struct req *rq)
{
	struct payment_done d;
	if (payment_reverse(rq, NULL, &d) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_receipt(rq, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/receipts/%lld?done=reversed", (long long)d.id));
}

/* The payment desk ------------------------------------------------------------------------------ */

/* The unit the desk looks at (?unit=1栋1单元101, or the form's own on a refused post); 0 none. */
static int64_t
desk_unit(struct req *rq, const char *s)
{
	int64_t unit = 0, building;
	if (s == NULL || *s == '\0')
		return 0;
	enum yl_err saved = rq->err;
	const char *code = rq->err_code, *msg = rq->err_message, *field = rq->err_field;
	if (registry_unit_input(rq, s, &unit, &building) < 0)
		unit = -1; /* not a unit here: the page says so */
	rq->err = saved;
	rq->err_code = code;
	rq->err_message = msg;
	rq->err_field = field;
	return unit;
}

static void
desk_form(struct req *rq, struct html *h, const char *unit, const char *error)
{
	static const struct {
		const char *name;
		enum msg label;
		const char *type;
		bool required;
	} boxes[] = {
		{"unit", MSG_PA_UNIT, "text", true},           {"amount", MSG_PA_AMOUNT_YUAN, "text", true},
		{"reference", MSG_PA_REFERENCE, "text", false}, {"payer", MSG_PA_PAYER, "text", false},
		{"paid_on", MSG_PA_PAID_ON, "date", false},
	};
	const char *field = error ? rq->err_field : NULL;
	html_lit(h, "<section class=\"step\"><h2>");
	html_text(h, T(rq, PA_RECORD_TITLE));
	html_lit(h, "</h2><p>");
	html_text(h, T(rq, PA_RECORD_HINT));
	html_lit(h, "</p>");
	form_begin(rq, h, "/finance/payments");
	for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
		const char *value = error ? req_form(rq, boxes[i].name) : i == 0 ? unit : NULL;
		bool wrong = field && strcmp(field, boxes[i].name) == 0;
		form_input_error(h, boxes[i].name, i18n_get(rq->lang, boxes[i].label), boxes[i].type, value,
		                 boxes[i].required, "off", wrong ? error : NULL);
		if (i == 1) {
			const char *chosen = error ? req_form(rq, "method") : NULL;
			form_select_open(h, "method", T(rq, PA_METHOD));
			for (int m = 0; m < PAY__COUNT; m++)
				form_option(h, pay_method_names[m], method_text(rq, (enum pay_method)m),
				            chosen && strcmp(chosen, pay_method_names[m]) == 0);
			html_lit(h, "</select></p>");
		}
	}
	form_submit(h, T(rq, PA_RECORD));
	form_end(h);
	html_lit(h, "</section>");
}

static int
render_desk(struct req *rq, const char *error)
{
	int status = rq->status;
	const char *q = error ? req_form(rq, "unit") : req_query(rq, "unit");
	int64_t unit = desk_unit(rq, q);
	struct payment *recent;
	size_t nr;
	enum yl_err rc = store_payments(rq->db, rq->a, rq->community_id, unit > 0 ? unit : 0, RECENT, 0, &recent, &nr,
	                                NULL);
	struct bill *bills = NULL;
	size_t nb = 0;
	if (rc == YL_OK && unit > 0)
		rc = store_unit_bills(rq->db, rq->a, rq->community_id, unit, &bills, &nb);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, PA_DESK_TITLE));
	rq->status = status;
	if (error)
		page_notice(&h, error, true);

	/* find a unit: a GET form, so the address can be bookmarked and works without script */
	html_lit(&h, "<form method=\"get\" action=\"/finance/payments\" class=\"find\">");
	form_keep_community(rq, &h);
	h.form_scope = "find"; /* the record form below has a unit field too: ids of their own */
	form_input(&h, "unit", T(rq, PA_FIND_UNIT), "text", q, true, "off");
	h.form_scope = NULL;
	form_submit(&h, T(rq, PA_FIND));
	html_lit(&h, "</form>");

	if (unit < 0) {
		page_notice(&h, req_tf(rq, MSG_REG_NO_UNIT_ADDRESS, q), true);
	} else if (unit > 0) {
		html_lit(&h, "<h2>");
		html_text(&h, q);
		html_lit(&h, "</h2>");
		int64_t owed = owed_of(bills, nb);
		para(&h, "owed lead", nb == 0 ? T(rq, PA_NO_BILLS)
		                    : owed > 0 ? req_tf(rq, MSG_PA_OWED_NOW, req_amount(rq, owed)) : T(rq, PA_SETTLED));
		if (owed > 0)
			bills_table(rq, &h, bills, nb, true);
	}
	if (req_may(rq, PERM_FINANCE_MANAGE))
		desk_form(rq, &h, unit > 0 ? q : NULL, error);

	html_lit(&h, "<h2>");
	html_text(&h, unit > 0 ? T(rq, PA_UNIT_PAYMENTS) : T(rq, PA_RECENT));
	html_lit(&h, "</h2>");
	if (nr)
		payments_table(rq, &h, recent, nr, unit <= 0);
	else
		para(&h, "", T(rq, PA_NO_PAYMENTS));
	html_lit(&h, "<p><a href=\"/finance/arrears\">");
	html_text(&h, T(rq, PA_ARREARS_TITLE));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
payment_desk_page(struct req *rq)
{
	return render_desk(rq, NULL);
}

int
payment_desk_form(struct req *rq)
{
	struct payment_done d;
	if (payment_record(rq, NULL, &d) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_desk(rq, rq->err_message);
	}
	return req_redirect(rq, arena_printf(rq->a, "/receipts/%lld?done=recorded", (long long)d.id));
}

/* Arrears --------------------------------------------------------------------------------------- */

static const enum msg age_msgs[AGE__COUNT] = {MSG_PA_AGE_0_3, MSG_PA_AGE_3_6, MSG_PA_AGE_6_12, MSG_PA_AGE_12_UP};

int
arrears_page(struct req *rq)
{
	int64_t building, offset;
	if (field_int(rq, "building", req_query(rq, "building"), MSG_PA_BUILDING, 0, INT64_MAX, false, &building) < 0 ||
	    field_int(rq, "offset", req_query(rq, "offset"), MSG_FIELD_OFFSET, 0, INT32_MAX, false, &offset) < 0)
		return req_fail(rq);
	struct building *bs;
	size_t nbs, n;
	struct arrear *v, totals;
	enum yl_err rc = store_buildings(rq->db, rq->a, rq->community_id, &bs, &nbs);
	if (rc == YL_OK)
		rc = store_arrears(rq->db, rq->a, rq->community_id, building, month_of(db_now()), &v, &n, &totals);
	size_t from = (size_t)offset < n ? (size_t)offset : n, upto = from + ARREARS_PAGE < n ? from + ARREARS_PAGE : n;
	if (rc == YL_OK)
		rc = store_arrears_label(rq->db, rq->a, rq->community_id, v + from, upto - from);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct target whole = {rq->community_id, 0, 0, false};
	bool personal = req_allowed(rq, PERM_PERSONAL_DATA, &whole);

	struct html h;
	page_begin(rq, &h, T(rq, PA_ARREARS_TITLE));
	html_lit(&h, "<form method=\"get\" action=\"/finance/arrears\" class=\"find\">");
	form_keep_community(rq, &h);
	form_select_open(&h, "building", T(rq, PA_BUILDING));
	form_option(&h, "", T(rq, PA_ALL_BUILDINGS), building == 0);
	for (size_t i = 0; i < nbs; i++)
		form_option_id(&h, bs[i].id, bs[i].name, bs[i].id == building);
	html_lit(&h, "</select></p>");
	form_submit(&h, T(rq, PA_SHOW));
	html_lit(&h, "</form>");

	/* the totals first, bucket by bucket: what the committee reports */
	html_lit(&h, "<dl class=\"facts arrears-totals\">");
	page_fact(&h, T(rq, PA_UNITS_OWING), arena_printf(rq->a, "%zu", n));
	page_fact(&h, T(rq, PA_OWED_TOTAL), req_tf(rq, MSG_PA_YUAN, req_amount(rq, totals.owed)));
	for (int g = 0; g < AGE__COUNT; g++)
		page_fact(&h, i18n_get(rq->lang, age_msgs[g]), req_tf(rq, MSG_PA_YUAN, req_amount(rq, totals.age[g])));
	html_lit(&h, "</dl>");

	if (n == 0) {
		para(&h, "lead", T(rq, PA_NO_ARREARS));
		return page_end(rq, &h);
	}
	html_lit(&h, "<table class=\"list arrears\"><thead><tr>");
	page_th(&h, T(rq, PA_UNIT), false);
	page_th(&h, T(rq, PA_OWNER), false);
	page_th(&h, T(rq, PA_OWED), true);
	for (int g = 0; g < AGE__COUNT; g++)
		page_th(&h, i18n_get(rq->lang, age_msgs[g]), true);
	html_lit(&h, "</tr></thead><tbody>");
	for (size_t i = from; i < upto; i++) {
		html_lit(&h, "<tr><td data-label=\"");
		html_attr(&h, T(rq, PA_UNIT));
		html_lit(&h, "\"><a href=\"/finance/payments?unit=");
		html_url(&h, v[i].unit);
		html_lit(&h, "\">");
		html_text(&h, v[i].unit);
		html_lit(&h, "</a></td>");
		page_td(&h, T(rq, PA_OWNER), personal ? v[i].owner_name : mask_name(rq->a, v[i].owner_name), false);
		page_td(&h, T(rq, PA_OWED), req_amount(rq, v[i].owed), true);
		for (int g = 0; g < AGE__COUNT; g++)
			page_td(&h, i18n_get(rq->lang, age_msgs[g]), v[i].age[g] ? req_amount(rq, v[i].age[g]) : "", true);
		html_lit(&h, "</tr>");
	}
	html_lit(&h, "</tbody></table>");
	if (upto < n) {
		html_lit(&h, "<p class=\"pager\"><a href=\"");
		html_url(&h, arena_printf(rq->a, "/finance/arrears?building=%lld&offset=%zu%s", (long long)building, upto,
		                          community_arg(rq)));
		html_lit(&h, "\">");
		html_text(&h, T(rq, NEXT_PAGE));
		html_lit(&h, "</a></p>");
	}
	return page_end(rq, &h);
}
