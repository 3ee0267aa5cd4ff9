/* work_payments.c: payments on the renovation's works and their corrections — the JSON API, the
 * work page's 工程款 section and forms (see work_payments.h).
 *
 * A write reads the work (its state and what was paid on it) and its item's cost inside the
 * transaction, after the community's lock, so two payments at once can never both fit the same
 * remainder of a budget; core/work_pay.c decides, and the row and its audit row are written
 * together or not at all. */
#include "work_payments.h"
#include "disclosures.h"
#include "works.h"
#include "../core/arena.h"
#include "../core/billing.h"
#include "../core/decimal.h"
#include "../core/timefmt.h"
#include "../core/work_pay.h"
#include "../store/db.h"
#include "../store/plans.h"
#include "../store/work_payments.h"
#include "../store/works.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define REFERENCE_MAX 100
#define NOTE_MAX 500

static const enum msg kind_msgs[WPAY__COUNT] = {[WPAY_ADVANCE] = MSG_WP_K_ADVANCE,
                                                [WPAY_PROGRESS] = MSG_WP_K_PROGRESS,
                                                [WPAY_FINAL] = MSG_WP_K_FINAL,
                                                [WPAY_RETENTION] = MSG_WP_K_RETENTION,
                                                [WPAY_CORRECTION] = MSG_WP_K_CORRECTION};

static const char *
kind_text(struct req *rq, enum work_pay_kind k)
{
	return (unsigned)k < WPAY__COUNT ? i18n_get(rq->lang, kind_msgs[k]) : "?";
}

const char *
work_paid_text(struct req *rq, int64_t budget, int64_t paid)
{
	/* rounded down, as the collection rate: 100.0 % only once the last fen is paid */
	return req_tf(rq, MSG_WP_SUMMARY, req_amount(rq, budget), req_amount(rq, paid),
	              permille_text(rq, collection_permille(paid, budget)));
}

int
work_payment_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_work_payment_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* A work's budget: its item's cost as the plan stands now (adopted version, else the newest
 * published), as the work page shows it; 0 when the item has gone from the plan, so nothing more
 * can be paid on it until the plan says what it costs. */
static enum yl_err
work_budget(struct req *rq, const struct work *w, int64_t *budget)
{
	struct item_state st;
	enum yl_err rc = store_plan_item_state(rq->db, rq->a, rq->community_id, w->plan_id, w->item_key, &st);
	*budget = rc == YL_OK ? st.row.it.cost : 0;
	return rc == ERR_NOTFOUND ? YL_OK : rc;
}

/* A refusal of core/work_pay.c in words: 422 for what the input itself gets wrong, 409 for what
 * the work's state or its money forbids. */
static int
refused(struct req *rq, enum work_pay_refusal r, int64_t budget, int64_t paid)
{
	switch (r) {
	case WPAY_NOT_POSITIVE:
		return req_errorf(rq, ERR_INVALID, "not_positive", "amount", T(rq, WP_NOT_POSITIVE));
	case WPAY_NOT_A_PAYMENT:
		return req_errorf(rq, ERR_INVALID, "bad_kind", "kind", T(rq, WP_BAD_KIND));
	case WPAY_ADVANCE_ONLY:
		return req_errorf(rq, ERR_CONFLICT, "advance_only", "kind", T(rq, WP_ADVANCE_ONLY));
	case WPAY_OVER_BUDGET:
		return req_errorf(rq, ERR_CONFLICT, "over_budget", "amount",
		                  req_tf(rq, MSG_WP_OVER_BUDGET, req_amount(rq, budget), req_amount(rq, paid),
		                         req_amount(rq, work_pay_remaining(budget, paid))));
	case WPAY_IS_CORRECTION:
		return req_errorf(rq, ERR_CONFLICT, "is_correction", NULL, T(rq, WP_IS_CORRECTION));
	case WPAY_ALREADY_CORRECTED:
		return req_errorf(rq, ERR_CONFLICT, "already_corrected", NULL, T(rq, WP_ALREADY_CORRECTED));
	default:
		return req_error(rq, ERR_INTERNAL);
	}
}

/* The day a payment was made: required for a payment, today when a correction gives none; never
 * after today. */
static int
paid_on_input(struct req *rq, json_t *j, bool required, int64_t *day)
{
	if (field_date(rq, "paid_on", field_value(rq, j, "paid_on"), MSG_WP_PAID_ON, required, day) < 0)
		return -1;
	if (*day == 0)
		*day = day_start_local(db_now());
	if (*day > db_now())
		return req_errorf(rq, ERR_INVALID, "future_date", "paid_on", T(rq, WP_FUTURE));
	return 0;
}

/* Recording a payment ---------------------------------------------------------------------------- */

static int
payment_inputs(struct req *rq, json_t *j, struct work_payment *p)
{
	memset(p, 0, sizeof *p);
	/* signs are read, so that −5 is refused as "not more than 0" rather than as a malformed number */
	if (field_amount(rq, "amount", field_money(rq, j, "amount"), MSG_WP_AMOUNT, -DEC_MAX, DEC_MAX, true, &p->amount) <
	            0 ||
	    paid_on_input(rq, j, true, &p->paid_on) < 0)
		return -1;
	const char *kind = field_value(rq, j, "kind");
	int k = work_pay_kind_from_name(kind);
	if (k < 0 || k == WPAY_CORRECTION)
		return req_errorf(rq, ERR_INVALID, kind && *kind ? "bad_kind" : "required", "kind", T(rq, WP_BAD_KIND));
	p->kind = (enum work_pay_kind)k;
	if (field_text(rq, "reference", field_value(rq, j, "reference"), MSG_WP_REFERENCE, REFERENCE_MAX, true,
	               &p->reference) < 0 ||
	    field_text(rq, "note", field_value(rq, j, "note"), MSG_WP_NOTE, NOTE_MAX, false, &p->note) < 0)
		return -1;
	p->recorded_by = rq->actor.id;
	p->created_at = db_now();
	return 0;
}

/* What a write answers besides its id: the work's money after it. */
struct money {
	int64_t budget, paid;
};

static int
payment_record(struct req *rq, json_t *j, int64_t work_id, int64_t *id, struct money *m)
{
	struct work_payment p;
	if (payment_inputs(rq, j, &p) < 0)
		return -1;
	struct work w;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_work_get(rq->db, rq->a, rq->community_id, work_id, &w);
	if (rc == YL_OK)
		rc = work_budget(rq, &w, &m->budget);
	if (rc != YL_OK) {
		store_end(rq->db, rc);
		return req_error(rq, rc);
	}
	enum work_pay_refusal r = work_pay_check(m->budget, w.paid, p.amount, p.kind, w.state != WS_PLANNED);
	if (r != WPAY_OK) {
		store_end(rq->db, ERR_CONFLICT);
		return refused(rq, r, m->budget, w.paid);
	}
	p.work_id = w.id;
	m->paid = w.paid + p.amount;
	rc = store_work_payment_add(rq->db, rq->community_id, &p, id);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "work_payment.record", "work_payment", *id,
		               json_pack("{s:I, s:s, s:s, s:s, s:s}", "work_id", (json_int_t)w.id, "amount",
		                         req_amount(rq, p.amount), "kind", work_pay_kind_names[p.kind], "paid_on",
		                         req_day(rq, p.paid_on), "reference", p.reference));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Correcting a payment ----------------------------------------------------------------------------- */

/* Corrects payment pay_id; work_id, when not 0, is the work the page's route names, which the
 * payment must belong to (404 otherwise). *work_id_out: the payment's work. */
static int
payment_correct(struct req *rq, json_t *j, int64_t pay_id, int64_t work_id, int64_t *id, int64_t *work_id_out,
                struct money *m)
{
	struct work_payment c = {.kind = WPAY_CORRECTION, .recorded_by = rq->actor.id, .created_at = db_now()};
	const char *reference;
	if (field_text(rq, "reason", field_value(rq, j, "reason"), MSG_WP_REASON, NOTE_MAX, true, &c.note) < 0 ||
	    field_text(rq, "reference", field_value(rq, j, "reference"), MSG_WP_REFERENCE, REFERENCE_MAX, false,
	               &reference) < 0 ||
	    paid_on_input(rq, j, false, &c.paid_on) < 0)
		return -1;
	struct work_payment orig;
	struct work w;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = pay_id ? store_work_payment_get(rq->db, rq->a, rq->community_id, pay_id, &orig) : ERR_NOTFOUND;
	if (rc == YL_OK && work_id && orig.work_id != work_id)
		rc = ERR_NOTFOUND;
	if (rc == YL_OK)
		rc = store_work_get(rq->db, rq->a, rq->community_id, orig.work_id, &w);
	if (rc == YL_OK)
		rc = work_budget(rq, &w, &m->budget);
	if (rc != YL_OK) {
		store_end(rq->db, rc);
		return req_error(rq, rc);
	}
	*work_id_out = w.id;
	enum work_pay_refusal r = work_pay_correct_check(orig.kind, orig.corrected_by != 0);
	if (r != WPAY_OK) {
		store_end(rq->db, ERR_CONFLICT);
		return refused(rq, r, m->budget, w.paid);
	}
	c.work_id = w.id;
	c.amount = work_pay_correction(orig.amount);
	c.reference = *reference ? reference : orig.reference; /* a refund's own number, else the original's */
	c.corrects_id = orig.id;
	m->paid = w.paid + c.amount;
	rc = store_work_payment_add(rq->db, rq->community_id, &c, id);
	if (rc == ERR_CONFLICT) {
		store_end(rq->db, rc);
		return refused(rq, WPAY_ALREADY_CORRECTED, m->budget, w.paid);
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "work_payment.correct", "work_payment", *id,
		               json_pack("{s:I, s:I, s:s, s:s}", "work_id", (json_int_t)w.id, "corrects_id",
		                         (json_int_t)orig.id, "amount", req_amount(rq, c.amount), "reason", c.note));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* JSON ------------------------------------------------------------------------------------------------- */

int
work_payments_api(struct req *rq)
{
	struct work w;
	struct work_payment *v;
	size_t n;
	int64_t budget;
	enum yl_err rc = store_work_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &w);
	if (rc == YL_OK)
		rc = work_budget(rq, &w, &budget);
	if (rc == YL_OK)
		rc = store_work_payments(rq->db, rq->a, rq->community_id, w.id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&jw);
		jsonw_kint(&jw, "id", v[i].id);
		jsonw_kstr(&jw, "paid_on", req_day(rq, v[i].paid_on));
		jsonw_kamount(&jw, "amount", v[i].amount);
		jsonw_kstr(&jw, "kind", work_pay_kind_names[v[i].kind]);
		jsonw_kstr(&jw, "reference", v[i].reference);
		jsonw_kstr(&jw, "note", v[i].note);
		jsonw_kint_or_null(&jw, "corrects_id", v[i].corrects_id);
		jsonw_kint_or_null(&jw, "corrected_by", v[i].corrected_by);
		jsonw_ktime(&jw, "created_at", v[i].created_at);
		jsonw_object_end(&jw);
	}
	/* the list envelope, and the work's money beside it */
	jsonw_array_end(&jw);
	jsonw_kint(&jw, "total", (int64_t)n);
	jsonw_kamount(&jw, "budget", budget);
	jsonw_kamount(&jw, "paid", w.paid);
	jsonw_kamount(&jw, "remaining", work_pay_remaining(budget, w.paid));
	jsonw_object_end(&jw);
	return 0;
}

static int
money_created(struct req *rq, int64_t id, int64_t corrects_id, const struct money *m)
{
	struct jsonw jw;
	req_jsonw(rq, 201, &jw);
	jsonw_object(&jw);
	jsonw_kint(&jw, "id", id);
	if (corrects_id)
		jsonw_kint(&jw, "corrects_id", corrects_id);
	jsonw_kamount(&jw, "paid", m->paid);
	jsonw_kamount(&jw, "remaining", work_pay_remaining(m->budget, m->paid));
	jsonw_object_end(&jw);
	return 0;
}

int
work_payment_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	struct money m = {0};
	int r = payment_record(rq, j, req_param_id(rq, "id"), &id, &m);
	json_decref(j);
	return r < 0 ? -1 : money_created(rq, id, 0, &m);
}

int
work_payment_correct_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0, work_id = 0, pay_id = req_param_id(rq, "id");
	struct money m = {0};
	int r = payment_correct(rq, j, pay_id, 0, &id, &work_id, &m);
	json_decref(j);
	return r < 0 ? -1 : money_created(rq, id, pay_id, &m);
}

/* Pages ------------------------------------------------------------------------------------------------- */

int
work_payment_form(struct req *rq)
{
	int64_t work_id = req_param_id(rq, "id"), id = 0;
	struct money m;
	return work_form_answer(rq, payment_record(rq, NULL, work_id, &id, &m), work_id, "paid");
}

int
work_payment_correct_form(struct req *rq)
{
	int64_t work_id = req_param_id(rq, "id"), id = 0, of = 0;
	struct money m;
	int r = work_id ? payment_correct(rq, NULL, req_param_id(rq, "pid"), work_id, &id, &of, &m)
	                : req_error(rq, ERR_NOTFOUND);
	return work_form_answer(rq, r, work_id, "corrected");
}

/* Whether a payment counts, in words: corrected (by which), a correction (of which, and why), or
 * neither. Payments are named by their number in the table (the n-th of the work). */
static const char *
status_text(struct req *rq, const struct work_payment *v, size_t n, size_t i)
{
	size_t k;
	if (v[i].corrects_id) {
		for (k = 0; k < n && v[k].id != v[i].corrects_id; k++)
			;
		return req_tf(rq, MSG_WP_CORRECTS, (long long)(k + 1), v[i].note);
	}
	if (v[i].corrected_by) {
		for (k = 0; k < n && v[k].id != v[i].corrected_by; k++)
			;
		return req_tf(rq, MSG_WP_CORRECTED_BY, (long long)(k + 1));
	}
	return T(rq, WP_COUNTS);
}

/* A payment's correct button with its reason, for staff, behind a summary: it is seldom needed,
 * and a table of open forms would hide the payments. The fields are scoped by the payment, so
 * every label names its own input. */
static void
correct_form(struct req *rq, struct html *h, const struct work *w, const struct work_payment *p)
{
	html_lit(h, "<details class=\"row-action\"><summary>");
	html_text(h, T(rq, WP_CORRECT_OPEN));
	html_lit(h, "</summary>");
	h->form_scope = arena_printf(rq->a, "wp%lld", (long long)p->id);
	form_begin(rq, h, arena_printf(rq->a, "/works/%lld/payments/%lld/correct", (long long)w->id, (long long)p->id));
	form_input(h, "reason", T(rq, WP_REASON), "text", NULL, true, "off");
	form_submit(h, T(rq, WP_CORRECT));
	form_end(h);
	h->form_scope = NULL;
	html_lit(h, "</details>");
}

static void
payments_table(struct req *rq, struct html *h, const struct work *w, const struct work_payment *v, size_t n,
               bool manage)
{
	html_lit(h, "<table class=\"list work-payments\"><caption>");
	html_text(h, T(rq, WP_TABLE));
	html_lit(h, "</caption><thead><tr>");
	page_th(h, T(rq, WP_NO), false);
	page_th(h, T(rq, WP_PAID_ON), false);
	page_th(h, T(rq, WP_KIND), false);
	page_th(h, T(rq, WP_AMOUNT), true);
	page_th(h, T(rq, WP_REFERENCE), false);
	page_th(h, T(rq, WP_NOTE), false);
	page_th(h, T(rq, WP_STATUS), false);
	if (manage)
		page_th(h, T(rq, WP_CORRECT), false);
	html_lit(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct work_payment *p = &v[i];
		html_lit(h, "<tr>");
		page_td(h, T(rq, WP_NO), arena_printf(rq->a, "%zu", i + 1), false);
		page_td(h, T(rq, WP_PAID_ON), req_day(rq, p->paid_on), false);
		page_td(h, T(rq, WP_KIND), kind_text(rq, p->kind), false);
		page_td(h, T(rq, WP_AMOUNT), req_amount(rq, p->amount), true);
		page_td(h, T(rq, WP_REFERENCE), p->reference, false);
		page_td(h, T(rq, WP_NOTE), p->corrects_id ? "" : p->note, false); /* a correction's note is its reason, beside */
		page_td(h, T(rq, WP_STATUS), status_text(rq, v, n, i), false);
		if (manage) {
			html_lit(h, "<td data-label=\"");
			html_attr(h, T(rq, WP_CORRECT));
			html_lit(h, "\">");
			if (work_pay_correct_check(p->kind, p->corrected_by != 0) == WPAY_OK)
				correct_form(rq, h, w, p);
			html_lit(h, "</td>");
		}
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table>");
}

static void
record_form(struct req *rq, struct html *h, const struct work *w)
{
	html_lit(h, "<section class=\"step\"><h3>");
	html_text(h, T(rq, WP_RECORD));
	html_lit(h, "</h3><p>");
	html_text(h, i18n_get(rq->lang, w->state == WS_PLANNED ? MSG_WP_RECORD_HINT_PLANNED : MSG_WP_RECORD_HINT));
	html_lit(h, "</p>");
	form_begin(rq, h, arena_printf(rq->a, "/works/%lld/payments", (long long)w->id));
	form_input(h, "amount", T(rq, WP_AMOUNT), "text", NULL, true, "off");
	form_input(h, "paid_on", T(rq, WP_PAID_ON), "date", req_day(rq, day_start_local(db_now())), true, "off");
	form_select_open(h, "kind", T(rq, WP_KIND));
	for (int k = WPAY_ADVANCE; k < WPAY_CORRECTION; k++)
		form_option(h, work_pay_kind_names[k], kind_text(rq, (enum work_pay_kind)k),
		            k == (w->state == WS_PLANNED ? WPAY_ADVANCE : WPAY_PROGRESS));
	html_lit(h, "</select></p>");
	form_input(h, "reference", T(rq, WP_REFERENCE), "text", NULL, true, "off");
	form_textarea(h, "note", T(rq, WP_NOTE), NULL, 2, NOTE_MAX, false);
	form_submit(h, T(rq, WP_RECORD));
	form_end(h);
	html_lit(h, "</section>");
}

void
work_payments_section(struct req *rq, struct html *h, const struct work *w, int64_t budget)
{
	struct work_payment *v = NULL;
	size_t n = 0;
	if (store_work_payments(rq->db, rq->a, rq->community_id, w->id, &v, &n) != YL_OK)
		n = 0;
	bool manage = req_may(rq, PERM_PLAN_MANAGE);
	html_lit(h, "<section class=\"work-money\" id=\"payments\"><h2>");
	html_text(h, T(rq, WP_H));
	html_lit(h, "</h2><dl class=\"facts\">");
	page_fact(h, T(rq, WP_BUDGET), req_tf(rq, MSG_WK_YUAN, req_amount(rq, budget)));
	page_fact(h, T(rq, WP_PAID),
	          req_tf(rq, MSG_WP_PAID_SHARE, req_amount(rq, w->paid), permille_text(rq, collection_permille(w->paid, budget))));
	page_fact(h, T(rq, WP_REMAINING), req_tf(rq, MSG_WK_YUAN, req_amount(rq, work_pay_remaining(budget, w->paid))));
	html_lit(h, "</dl>");
	if (n == 0) {
		html_lit(h, "<p>");
		html_text(h, T(rq, WP_NONE));
		html_lit(h, "</p>");
	} else {
		payments_table(rq, h, w, v, n, manage);
	}
	if (manage)
		record_form(rq, h, w);
	html_lit(h, "</section>");
}
