/* payments.c: fee payments and reversals, arrears, a unit's bills — the actions and the JSON API
 * (see payments.h). A payment, its allocations, its journal entry and its audit row are one
 * transaction under the community lock, which also serialises the receipt counter; what the
 * unit owes is read inside it, so two payments at once never both fit the same debt. */
#include "payments.h"
#include "registry.h"
#include "../core/arena.h"
#include "../core/capitals.h"
#include "../core/decimal.h"
#include "../core/period.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../core/words.h"
#include "../store/db.h"
#include "../store/payments.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <string.h>

#define REFERENCE_MAX 64
#define PAYER_MAX 40
#define REASON_MAX 200
#define LIST_MAX 1000

int
payment_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_payment_place(rq->db, id, &t->community_id, &t->building_id, &t->unit_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

const char *
payment_months(struct req *rq, int first, int last)
{
	char a[8], b[8];
	month_format(first, a);
	if (last == first)
		return arena_strdup(rq->a, a);
	month_format(last, b);
	return req_tf(rq, MSG_PA_MONTHS, a, b);
}

/* The unit a payment is for: "unit":"1栋1单元101" as on a paper form, or "unit_id". */
static int
unit_input(struct req *rq, json_t *j, int64_t *unit_id)
{
	const char *u = field_value(rq, j, "unit"), *id = field_value(rq, j, "unit_id");
	int64_t building, cid;
	if (u && *u)
		return registry_unit_input(rq, u, unit_id, &building);
	if (field_int(rq, "unit_id", id, MSG_PA_UNIT, 1, INT64_MAX, false, unit_id) < 0)
		return -1;
	if (*unit_id == 0)
		return req_errorf(rq, ERR_INVALID, "required", "unit", req_tf(rq, MSG_ERR_REQUIRED, T(rq, PA_UNIT)));
	if (store_unit_community(rq->db, *unit_id, &cid, &building) != YL_OK || cid != rq->community_id)
		return req_errorf(rq, ERR_INVALID, "unknown_unit", "unit_id", T(rq, PA_NO_UNIT));
	return 0;
}

static int
payment_inputs(struct req *rq, json_t *j, struct payment_new *p)
{
	memset(p, 0, sizeof *p);
	p->now = db_now();
	p->by = rq->actor.id;
	if (unit_input(rq, j, &p->unit_id) < 0 ||
	    field_amount(rq, "amount", field_money(rq, j, "amount"), MSG_PA_AMOUNT, 1, DEC_MAX, true, &p->amount) < 0)
		return -1;
	const char *m = field_value(rq, j, "method");
	int method = word_index(pay_method_names, PAY__COUNT, m);
	if (method < 0)
		return req_errorf(rq, ERR_INVALID, m && *m ? "bad_method" : "required", "method", T(rq, PA_BAD_METHOD));
	p->method = (enum pay_method)method;
	if (field_text(rq, "reference", field_value(rq, j, "reference"), MSG_PA_REFERENCE, REFERENCE_MAX,
	               p->method != PAY_CASH, &p->reference) < 0) {
		if (strcmp(rq->err_code, "required") == 0)
			return req_errorf(rq, ERR_INVALID, "required", "reference", T(rq, PA_NEED_REFERENCE));
		return -1;
	}
	if (field_text(rq, "payer", field_value(rq, j, "payer"), MSG_PA_PAYER, PAYER_MAX, false, &p->payer) < 0 ||
	    field_date(rq, "paid_on", field_value(rq, j, "paid_on"), MSG_PA_PAID_ON, false, &p->paid_at) < 0)
		return -1;
	if (p->paid_at > p->now)
		return req_errorf(rq, ERR_INVALID, "future_date", "paid_on", T(rq, PA_FUTURE));
	if (p->paid_at == 0)
		p->paid_at = p->now;
	return 0;
}

/* A refused write, in words: which month is closed, how much is owed. */
static int
refused(struct req *rq, enum yl_err e, const struct payment_done *d)
{
	char m[8];
	switch (e == ERR_CONFLICT ? d->refusal : PAYR_NONE) {
	case PAYR_OVERPAYMENT:
		if (d->owed_before <= 0)
			return req_errorf(rq, ERR_CONFLICT, "overpayment", "amount", T(rq, PA_NOTHING_OWED));
		return req_errorf(rq, ERR_CONFLICT, "overpayment", "amount",
		                  req_tf(rq, MSG_PA_OVERPAYMENT, req_amount(rq, d->owed_before), req_amount(rq, d->owed_before)));
	case PAYR_CLOSED:
		month_format(d->month, m);
		return req_errorf(rq, ERR_CONFLICT, "period_closed", "paid_on", req_tf(rq, MSG_PA_CLOSED, m));
	case PAYR_REVERSED:
		return req_errorf(rq, ERR_CONFLICT, "already_reversed", NULL, T(rq, PA_ALREADY_REVERSED));
	case PAYR_IS_REVERSAL:
		return req_errorf(rq, ERR_CONFLICT, "is_reversal", NULL, T(rq, PA_IS_REVERSAL));
	default:
		return req_error(rq, e);
	}
}

int
payment_record(struct req *rq, json_t *j, struct payment_done *out)
{
	struct payment_new p;
	if (payment_inputs(rq, j, &p) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_payment_record(rq->db, rq->a, rq->community_id, &p, out);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "payment.record", "payment", out->id,
		               json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)p.unit_id, "receipt_no",
		                         out->receipt_no, "amount", req_amount(rq, p.amount), "method",
		                         pay_method_names[p.method]));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : refused(rq, rc, out);
}

int
payment_reverse(struct req *rq, json_t *j, struct payment_done *out)
{
	const char *reason;
	if (field_text(rq, "reason", field_value(rq, j, "reason"), MSG_PA_REASON, REASON_MAX, true, &reason) < 0)
		return -1;
	int64_t id = req_param_id(rq, "id");
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_payment_reverse(rq->db, rq->a, rq->community_id, id, reason, rq->actor.id, db_now(), out);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "payment.reverse", "payment", out->id,
		               json_pack("{s:I, s:s, s:s}", "reverses_id", (json_int_t)id, "receipt_no", out->receipt_no,
		                         "reason", reason));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : refused(rq, rc, out);
}

/* JSON ------------------------------------------------------------------------------------------ */

static void
allocations_json(struct req *rq, struct jsonw *jw, const struct allocation *v, size_t n)
{
	jsonw_key(jw, "allocated");
	jsonw_array(jw);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(jw);
		jsonw_kint(jw, "bill_id", v[i].bill_id);
		jsonw_kstr(jw, "months", payment_months(rq, v[i].first_month, v[i].last_month));
		jsonw_kamount(jw, "amount", v[i].amount);
		jsonw_object_end(jw);
	}
	jsonw_array_end(jw);
}

/* The other side of a reversal: {"id","receipt_no"} or null. */
static void
link_json(struct jsonw *jw, const char *key, int64_t id, const char *no)
{
	jsonw_key(jw, key);
	if (id == 0) {
		jsonw_null(jw);
		return;
	}
	jsonw_object(jw);
	jsonw_kint(jw, "id", id);
	jsonw_kstr(jw, "receipt_no", no);
	jsonw_object_end(jw);
}

static void
payment_json(struct req *rq, struct jsonw *jw, const struct payment *p, const struct allocation *al, size_t nal)
{
	char words[CAPITALS_MAX], day[11];
	capitals_of(p->amount, words);
	date_local(p->paid_at, day);
	jsonw_object(jw);
	jsonw_kint(jw, "id", p->id);
	jsonw_kstr(jw, "receipt_no", p->receipt_no);
	jsonw_kint(jw, "unit_id", p->unit_id);
	jsonw_kstr(jw, "unit", p->unit);
	jsonw_kamount(jw, "amount", p->amount);
	jsonw_kstr(jw, "amount_in_words", words);
	jsonw_kstr(jw, "method", pay_method_names[p->method]);
	jsonw_kstr(jw, "reference", p->reference);
	jsonw_kstr(jw, "payer", p->payer);
	jsonw_kstr(jw, "paid_on", day);
	jsonw_ktime(jw, "paid_at", p->paid_at);
	link_json(jw, "reverses", p->reverses_id, p->reverses_no);
	link_json(jw, "reversed_by", p->reversed_by, p->reversed_no);
	jsonw_kstr(jw, "reason", p->reason);
	jsonw_kstr(jw, "recorded_by", p->recorder);
	jsonw_ktime(jw, "recorded_at", p->recorded_at);
	if (al)
		allocations_json(rq, jw, al, nal);
	jsonw_object_end(jw);
}

/* POST bodies of both writes: the action on the JSON body, then 201 with the new payment's
 * number, its allocations and what the unit owes after it. */
static int
write_api(struct req *rq, int (*action)(struct req *, json_t *, struct payment_done *))
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	struct payment_done d;
	int r = action(rq, j, &d);
	json_decref(j);
	if (r < 0)
		return req_fail(rq);
	struct jsonw jw;
	req_jsonw(rq, 201, &jw);
	jsonw_object(&jw);
	jsonw_kint(&jw, "id", d.id);
	jsonw_kstr(&jw, "receipt_no", d.receipt_no);
	allocations_json(rq, &jw, d.alloc, d.nalloc);
	jsonw_kamount(&jw, "owed_after", d.owed_after);
	jsonw_object_end(&jw);
	return 0;
}

int
payment_create_api(struct req *rq)
{
	return write_api(rq, payment_record);
}

int
payment_reverse_api(struct req *rq)
{
	return write_api(rq, payment_reverse);
}

int
payment_api(struct req *rq)
{
	struct payment p;
	struct allocation *al;
	size_t n;
	int64_t id = req_param_id(rq, "id");
	enum yl_err rc = store_payment_get(rq->db, rq->a, rq->community_id, id, &p);
	if (rc == YL_OK)
		rc = store_payment_allocations(rq->db, rq->a, rq->community_id, id, &al, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	payment_json(rq, &jw, &p, al, n);
	return 0;
}

int
payments_api(struct req *rq)
{
	int64_t limit, offset, unit_id, total;
	if (field_paging(rq, LIST_MAX, 50, &limit, &offset) < 0 ||
	    field_int(rq, "unit_id", req_query(rq, "unit_id"), MSG_PA_UNIT, 0, INT64_MAX, false, &unit_id) < 0)
		return req_fail(rq);
	struct payment *v;
	size_t n;
	enum yl_err rc = store_payments(rq->db, rq->a, rq->community_id, unit_id, limit, offset, &v, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < n; i++)
		payment_json(rq, &jw, &v[i], NULL, 0);
	jsonw_list_end(&jw, total);
	return 0;
}

static void
ageing_json(struct req *rq, struct jsonw *jw, const int64_t age[AGE__COUNT])
{
	static const char *const keys[AGE__COUNT] = {"0_3", "3_6", "6_12", "12_up"};
	jsonw_key(jw, "ageing");
	jsonw_object(jw);
	for (int g = 0; g < AGE__COUNT; g++)
		jsonw_kstr(jw, keys[g], req_amount(rq, age[g]));
	jsonw_object_end(jw);
}

int
arrears_api(struct req *rq)
{
	int64_t limit, offset, building;
	if (field_paging(rq, LIST_MAX, 50, &limit, &offset) < 0 ||
	    field_int(rq, "building", req_query(rq, "building"), MSG_PA_BUILDING, 0, INT64_MAX, false, &building) < 0)
		return req_fail(rq);
	struct arrear *v, totals;
	size_t n;
	enum yl_err rc = store_arrears(rq->db, rq->a, rq->community_id, building, month_of(db_now()), &v, &n, &totals);
	size_t from = (size_t)offset < n ? (size_t)offset : n, upto = from + (size_t)limit < n ? from + (size_t)limit : n;
	if (rc == YL_OK)
		rc = store_arrears_label(rq->db, rq->a, rq->community_id, v + from, upto - from);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct target whole = {rq->community_id, 0, 0, false};
	bool personal = req_allowed(rq, PERM_PERSONAL_DATA, &whole);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_object(&jw);
	jsonw_key(&jw, "items");
	jsonw_array(&jw);
	for (size_t i = from; i < upto; i++) {
		jsonw_object(&jw);
		jsonw_kint(&jw, "unit_id", v[i].unit_id);
		jsonw_kstr(&jw, "unit", v[i].unit);
		jsonw_kstr(&jw, "owner_ref", v[i].owner_ref);
		jsonw_kstr(&jw, "owner", personal ? v[i].owner_name : mask_name(rq->a, v[i].owner_name));
		jsonw_kamount(&jw, "owed", v[i].owed);
		ageing_json(rq, &jw, v[i].age);
		jsonw_object_end(&jw);
	}
	jsonw_array_end(&jw);
	jsonw_kint(&jw, "total", (int64_t)n);
	jsonw_key(&jw, "totals");
	jsonw_object(&jw);
	jsonw_kamount(&jw, "owed", totals.owed);
	ageing_json(rq, &jw, totals.age);
	jsonw_object_end(&jw);
	jsonw_object_end(&jw);
	return 0;
}

int
unit_bills_api(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	struct unit u;
	struct bill *bills;
	struct payment *pays;
	size_t nb, np;
	enum yl_err rc = store_unit_get(rq->db, rq->a, rq->community_id, id, &u);
	if (rc == YL_OK)
		rc = store_unit_bills(rq->db, rq->a, rq->community_id, id, &bills, &nb);
	if (rc == YL_OK)
		rc = store_payments(rq->db, rq->a, rq->community_id, id, LIST_MAX, 0, &pays, &np, NULL);
	if (rc != YL_OK)
		return req_error(rq, rc);
	int64_t owed = 0;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_object(&jw);
	jsonw_kint(&jw, "unit_id", id);
	jsonw_kstr(&jw, "unit", arena_printf(rq->a, "%s%s%s", u.building, u.stairwell, u.room));
	jsonw_key(&jw, "bills");
	jsonw_array(&jw);
	for (size_t i = 0; i < nb; i++) {
		const struct bill *b = &bills[i];
		char m[8];
		owed += b->total - b->paid;
		jsonw_object(&jw);
		jsonw_kint(&jw, "id", b->id);
		jsonw_kstr(&jw, "months", payment_months(rq, b->first, b->last));
		month_format(b->first, m);
		jsonw_kstr(&jw, "first_month", m);
		month_format(b->last, m);
		jsonw_kstr(&jw, "last_month", m);
		jsonw_kamount(&jw, "area_m2", b->area);
		jsonw_kamount(&jw, "price_months", b->price_months);
		jsonw_kamount(&jw, "area_fee", b->area_fee);
		jsonw_kamount(&jw, "fixed_fee", b->fixed_fee);
		jsonw_kamount(&jw, "relief", b->relief);
		jsonw_kamount(&jw, "total", b->total);
		jsonw_kamount(&jw, "paid", b->paid);
		jsonw_kamount(&jw, "unpaid", b->total - b->paid);
		jsonw_key(&jw, "lines");
		jsonw_array(&jw);
		for (size_t k = 0; k < b->nlines; k++) {
			jsonw_object(&jw);
			jsonw_kstr(&jw, "kind", strcmp(b->lines[k].kind, "exemption") == 0 ? "exemption" : "fixed");
			jsonw_kstr(&jw, "label", b->lines[k].label);
			jsonw_kamount(&jw, "amount", b->lines[k].amount);
			jsonw_object_end(&jw);
		}
		jsonw_array_end(&jw);
		jsonw_object_end(&jw);
	}
	jsonw_array_end(&jw);
	jsonw_kamount(&jw, "owed", owed);
	jsonw_key(&jw, "payments");
	jsonw_array(&jw);
	for (size_t i = 0; i < np; i++)
		payment_json(rq, &jw, &pays[i], NULL, 0);
	jsonw_array_end(&jw);
	jsonw_object_end(&jw);
	return 0;
}
