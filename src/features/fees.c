/* fees.c: fee schedules, exemptions and billing runs — the actions and the JSON API (see fees.h).
 *
 * A schedule is only taken when the owners' decision behind it has passed (DOMAIN §5: matter
 * `manager` or `other`, voted by the whole compound), and never for a month already billed: the
 * bills made stay as they were. A run bills each unit once per month; running a period again
 * finds nothing new and says who billed it and when. */
#include "fees.h"
#include "decisions.h"
#include "registry.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/decisions.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define NOTE_MAX 200
#define ITEM_NAME_MAX 20
#define REASON_MAX 60

/* Words ---------------------------------------------------------------------------------------- */

const char *
fee_period_text(struct req *rq, struct period p)
{
	char b[12];
	period_format(p, b);
	return arena_strdup(rq->a, b);
}

const char *
fee_month_text(struct req *rq, int m)
{
	return fee_period_text(rq, (struct period){m, 1});
}

const char *
fee_months_text(struct req *rq, int first, int last)
{
	return last ? req_tf(rq, MSG_FE_MONTHS_RANGE, fee_month_text(rq, first), fee_month_text(rq, last))
	            : req_tf(rq, MSG_FE_MONTHS_OPEN, fee_month_text(rq, first));
}

/* Scopes --------------------------------------------------------------------------------------- */

int
fee_schedule_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_fee_schedule_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
fee_exemption_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_fee_exemption_community(rq->db, id, &t->community_id, &t->building_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
billing_run_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_billing_run_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
bill_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_bill_community(rq->db, id, &t->community_id, &t->building_id, &t->unit_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* Schedules ------------------------------------------------------------------------------------ */

/* One fixed item from fields name/amount of obj (NULL: the form). */
static int
item_input(struct req *rq, json_t *obj, const char *name, const char *amount, struct fee_item *it)
{
	return field_text(rq, name, field_value(rq, obj, obj ? "name" : name), MSG_FE_ITEM_NAME, ITEM_NAME_MAX, true,
	                  &it->name) < 0 ||
	               field_amount(rq, amount, field_money(rq, obj, obj ? "amount" : amount), MSG_FE_ITEM_AMOUNT, 1,
	                            BILL_FIXED_MAX, true, &it->amount) < 0
	           ? -1
	           : 0;
}

/* The fixed items: JSON "items":[{"name","amount"}], or the form's two rows item_name/item_amount
 * and item2_name/item2_amount (a row left blank is no item). */
static int
items_input(struct req *rq, json_t *j, struct fee_item *items, size_t *n)
{
	*n = 0;
	if (j == NULL) {
		static const char *const rows[][2] = {{"item_name", "item_amount"}, {"item2_name", "item2_amount"}};
		for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
			const char *nm = req_form(rq, rows[k][0]), *am = req_form(rq, rows[k][1]);
			if ((nm == NULL || *nm == '\0') && (am == NULL || *am == '\0'))
				continue;
			if (item_input(rq, NULL, rows[k][0], rows[k][1], &items[(*n)++]) < 0)
				return -1;
		}
	} else {
		json_t *v = json_object_get(j, "items");
		if (v != NULL && !json_is_null(v) && !json_is_array(v))
			return req_errorf(rq, ERR_INVALID, "bad_items", "items", T(rq, FE_ITEMS_BAD));
		if (json_array_size(v) > FEE_ITEMS_MAX)
			return req_errorf(rq, ERR_INVALID, "too_many_items", "items", req_tf(rq, MSG_FE_TOO_MANY_ITEMS, FEE_ITEMS_MAX));
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (!json_is_object(it))
				return req_errorf(rq, ERR_INVALID, "bad_items", "items", T(rq, FE_ITEMS_BAD));
			if (item_input(rq, it, arena_printf(rq->a, "items[%zu].name", i), arena_printf(rq->a, "items[%zu].amount", i),
			               &items[(*n)++]) < 0)
				return -1;
		}
	}
	for (size_t a = 0; a < *n; a++)
		for (size_t b = a + 1; b < *n; b++)
			if (strcmp(items[a].name, items[b].name) == 0)
				return req_errorf(rq, ERR_INVALID, "item_twice", "items", req_tf(rq, MSG_FE_ITEM_TWICE, items[a].name));
	return 0;
}

/* The decision a schedule rests on: this community's (422), passed (409 saying where it stands),
 * on the manager or another matter and voted by the whole compound (422). */
static int
decision_check(struct req *rq, int64_t id)
{
	struct decision d;
	enum yl_err rc = store_decision_get(rq->db, rq->a, rq->community_id, id, &d);
	if (rc == ERR_NOTFOUND)
		return req_errorf(rq, ERR_INVALID, "unknown_decision", "decision_id",
		                  req_tf(rq, MSG_FE_NO_DECISION, (long long)id));
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool passed;
	rc = store_decision_passed(rq->db, rq->community_id, &d, 0, &passed);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (!passed) {
		enum msg why = d.state == DST_OPEN                                  ? MSG_FE_DECISION_OPEN
		               : d.state == DST_DRAFT || d.state == DST_PUBLISHED ? MSG_FE_DECISION_NOT_STARTED
		                                                                  : MSG_FE_DECISION_FAILED;
		return req_errorf(rq, ERR_CONFLICT, "decision_not_passed", "decision_id", req_tf(rq, why, (long long)id));
	}
	if (d.matter != MATTER_MANAGER && d.matter != MATTER_OTHER)
		return req_errorf(rq, ERR_INVALID, "decision_matter", "decision_id",
		                  req_tf(rq, MSG_FE_DECISION_MATTER, (long long)id, decision_matter_text(rq, d.matter)));
	if (d.scope != DSC_COMMUNITY)
		return req_errorf(rq, ERR_INVALID, "decision_scope", "decision_id",
		                  req_tf(rq, MSG_FE_DECISION_SCOPE, (long long)id));
	return 0;
}

/* Inside the transaction: no schedule from that month yet, and the month not billed. */
static int
schedule_month_free(struct req *rq, int month, enum yl_err *rc)
{
	struct fee_schedule *v;
	size_t n;
	int last;
	if ((*rc = store_fee_schedules(rq->db, rq->a, rq->community_id, &v, &n)) != YL_OK ||
	    (*rc = store_fees_last_billed(rq->db, rq->community_id, &last)) != YL_OK)
		return -1;
	*rc = ERR_CONFLICT;
	for (size_t i = 0; i < n; i++)
		if (v[i].effective_from == month)
			return req_errorf(rq, ERR_CONFLICT, "schedule_exists", "effective_from",
			                  req_tf(rq, MSG_FE_SCHEDULE_EXISTS, fee_month_text(rq, month)));
	if (last && month <= last)
		return req_errorf(rq, ERR_CONFLICT, "month_billed", "effective_from",
		                  req_tf(rq, MSG_FE_MONTH_BILLED, fee_month_text(rq, last),
		                         fee_month_text(rq, month_add(last, 1))));
	*rc = YL_OK;
	return 0;
}

int
fee_schedule_post(struct req *rq, json_t *j, int64_t *id)
{
	struct fee_item items[FEE_ITEMS_MAX];
	struct fee_schedule_new s = {.items = items, .by = rq->actor.id, .now = db_now()};
	struct period from;
	if (field_int(rq, "decision_id", field_value(rq, j, "decision_id"), MSG_FE_DECISION, 1, INT64_MAX, true,
	              &s.decision_id) < 0 ||
	    field_amount(rq, "price_per_m2_month", field_money(rq, j, "price_per_m2_month"), MSG_FE_PRICE, 0,
	                 BILL_PRICE_MAX, true, &s.price) < 0 ||
	    field_period(rq, "effective_from", field_value(rq, j, "effective_from"), MSG_FE_EFFECTIVE_FROM, true, &from) < 0 ||
	    field_text(rq, "note", field_value(rq, j, "note"), MSG_FE_NOTE, NOTE_MAX, false, &s.note) < 0 ||
	    items_input(rq, j, items, &s.nitems) < 0 || decision_check(rq, s.decision_id) < 0)
		return -1;
	s.effective_from = from.first;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	bool refused = false;
	if (rc == YL_OK && schedule_month_free(rq, s.effective_from, &rc) < 0)
		refused = rc == ERR_CONFLICT;
	if (rc == YL_OK)
		rc = store_fee_schedule_create(rq->db, rq->community_id, &s, id);
	if (rc == YL_OK) {
		json_t *its = json_array();
		for (size_t i = 0; i < s.nitems; i++)
			json_array_append_new(its, json_pack("{s:s, s:s}", "name", items[i].name, "amount",
			                                     req_amount(rq, items[i].amount)));
		rc = req_audit(rq, rq->community_id, "fee_schedule.create", "fee_schedule", *id,
		               json_pack("{s:I, s:s, s:s, s:o}", "decision_id", (json_int_t)s.decision_id, "price",
		                         req_amount(rq, s.price), "effective_from", fee_month_text(rq, s.effective_from),
		                         "items", its));
	}
	rc = store_end(rq->db, rc);
	if (refused)
		return -1;
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Exemptions ----------------------------------------------------------------------------------- */

static int
exemption_unit(struct req *rq, json_t *j, int64_t *unit)
{
	const char *s = field_value(rq, j, "unit"), *sid = field_value(rq, j, "unit_id");
	int64_t building, cid;
	if (s && *s)
		return registry_unit_input(rq, s, unit, &building);
	if (sid == NULL || *sid == '\0')
		return req_errorf(rq, ERR_INVALID, "required", "unit", T(rq, FE_NEED_UNIT));
	if (field_int(rq, "unit_id", sid, MSG_FE_UNIT, 1, INT64_MAX, true, unit) < 0)
		return -1;
	if (store_unit_community(rq->db, *unit, &cid, &building) != YL_OK || cid != rq->community_id)
		return req_errorf(rq, ERR_INVALID, "unknown_unit", "unit_id", req_tf(rq, MSG_FE_NO_UNIT_ID, (long long)*unit));
	return 0;
}

int
fee_exemption_post(struct req *rq, json_t *j, int64_t *id)
{
	struct fee_exemption e = {.created_by = rq->actor.id, .created_at = db_now()};
	struct period from, to = {0, 1};
	const char *tos = field_value(rq, j, "to");
	int64_t percent;
	if (exemption_unit(rq, j, &e.unit_id) < 0 ||
	    field_period(rq, "from", field_value(rq, j, "from"), MSG_FE_FROM, true, &from) < 0 ||
	    (tos && *tos && field_period(rq, "to", tos, MSG_FE_TO, true, &to) < 0) ||
	    field_int(rq, "percent", field_value(rq, j, "percent"), MSG_FE_PERCENT, 1, 100, false, &percent) < 0 ||
	    field_amount(rq, "amount_per_month", field_money(rq, j, "amount_per_month"), MSG_FE_AMOUNT_PER_MONTH, 1,
	                 BILL_FIXED_MAX, false, &e.amount) < 0 ||
	    field_text(rq, "reason", field_value(rq, j, "reason"), MSG_FE_REASON, REASON_MAX, true, &e.reason) < 0)
		return -1;
	e.first = from.first;
	e.last = to.first;
	e.percent = (int)percent;
	if ((e.percent != 0) == (e.amount != 0))
		return req_errorf(rq, ERR_INVALID, "one_of", "percent", T(rq, FE_ONE_OF));
	if (e.last && e.last < e.first)
		return req_errorf(rq, ERR_INVALID, "to_before_from", "to", T(rq, FE_TO_BEFORE_FROM));
	/* A bill, once made, stays as it is (DOMAIN: books are corrected by counter-entries, never
	 * rewritten), so an exemption from a month the unit was billed for would be on record for
	 * months it never relieved: it starts after the unit's last bill. Checked inside the
	 * community's lock, which a billing run holds too. */
	int billed = 0;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_unit_last_billed(rq->db, rq->community_id, e.unit_id, &billed);
	if (rc == YL_OK && billed && e.first <= billed) {
		store_end(rq->db, ERR_CONFLICT);
		return req_errorf(rq, ERR_CONFLICT, "month_billed", "from",
		                  req_tf(rq, MSG_FE_EXEMPTION_BILLED, fee_month_text(rq, billed),
		                         fee_month_text(rq, month_add(billed, 1))));
	}
	if (rc == YL_OK)
		rc = store_fee_exemption_create(rq->db, rq->community_id, &e, id);
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)e.unit_id, "from", fee_month_text(rq, e.first),
		                      "reason", e.reason);
		json_object_set_new(d, "to", e.last ? json_string(fee_month_text(rq, e.last)) : json_null());
		json_object_set_new(d, e.percent ? "percent" : "amount_per_month",
		                    e.percent ? json_integer(e.percent) : json_string(req_amount(rq, e.amount)));
		rc = req_audit(rq, rq->community_id, "fee_exemption.create", "fee_exemption", *id, d);
	}
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

int
fee_exemption_end(struct req *rq, json_t *j, int64_t id)
{
	struct fee_exemption e;
	struct period last;
	if (field_period(rq, "last_month", field_value(rq, j, "last_month"), MSG_FE_LAST_MONTH, true, &last) < 0)
		return -1;
	enum yl_err rc = store_fee_exemption_get(rq->db, rq->a, rq->community_id, id, &e);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (last.first < e.first)
		return req_errorf(rq, ERR_INVALID, "before_start", "last_month",
		                  req_tf(rq, MSG_FE_END_BEFORE_START, fee_month_text(rq, e.first)));
	if (e.last && e.last <= last.first)
		return req_errorf(rq, ERR_CONFLICT, "already_ended", "last_month",
		                  req_tf(rq, MSG_FE_ALREADY_ENDED, fee_month_text(rq, e.last)));
	/* the unit's bills up to its last one were made with this exemption: it cannot end before them */
	int billed = 0;
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_unit_last_billed(rq->db, rq->community_id, e.unit_id, &billed);
	if (rc == YL_OK && billed >= e.first && last.first < billed) {
		store_end(rq->db, ERR_CONFLICT);
		return req_errorf(rq, ERR_CONFLICT, "month_billed", "last_month",
		                  req_tf(rq, MSG_FE_EXEMPTION_END_BILLED, fee_month_text(rq, billed)));
	}
	if (rc == YL_OK)
		rc = store_fee_exemption_end(rq->db, rq->community_id, id, last.first);
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:s}", "last_month", fee_month_text(rq, last.first));
		json_object_set_new(d, "was", e.last ? json_string(fee_month_text(rq, e.last)) : json_null());
		rc = req_audit(rq, rq->community_id, "fee_exemption.end", "fee_exemption", id, d);
	}
	rc = store_end(rq->db, rc);
	/* ended meanwhile by someone else: the guard in the UPDATE held */
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, ERR_CONFLICT, "already_ended", "last_month",
		                  req_tf(rq, MSG_FE_ALREADY_ENDED, fee_month_text(rq, last.first)));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Billing runs --------------------------------------------------------------------------------- */

/* A run that made nothing, in words (409). */
static int
run_refused(struct req *rq, struct period p, const struct run_outcome *o)
{
	switch (o->refusal) {
	case RUN_NO_SCHEDULE:
		return req_errorf(rq, ERR_CONFLICT, "no_schedule", "period",
		                  req_tf(rq, MSG_FE_NO_SCHEDULE, fee_month_text(rq, o->month)));
	case RUN_PERIOD_CLOSED:
		return req_errorf(rq, ERR_CONFLICT, "period_closed", "period",
		                  req_tf(rq, MSG_FE_PERIOD_CLOSED, fee_month_text(rq, o->month)));
	case RUN_NO_UNITS:
		return req_errorf(rq, ERR_CONFLICT, "no_units", "period", T(rq, FE_NO_UNITS));
	default: {
		struct billing_run r;
		int64_t bills;
		enum yl_err rc = store_billing_run_covering(rq->db, rq->a, rq->community_id, p, &r, &bills);
		if (rc != YL_OK)
			return req_error(rq, rc == ERR_NOTFOUND ? ERR_CONFLICT : rc);
		char at[20];
		time_local(r.created_at, at);
		return req_errorf(rq, ERR_CONFLICT, "already_billed", "period",
		                  req_tn(rq, MSG_FE_ALREADY_BILLED, bills, fee_period_text(rq, p), at, r.created_by_name,
		                         (long long)bills));
	}
	}
}

int
billing_run_post(struct req *rq, json_t *j, bool preview, struct period *p, struct run_outcome *out)
{
	if (field_period(rq, "period", field_value(rq, j, "period"), MSG_FE_PERIOD, false, p) < 0)
		return -1;
	enum yl_err rc = preview ? YL_OK : store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_billing_run(rq->db, rq->a, rq->community_id, *p, preview, rq->actor.id, db_now(), out);
	bool refused = rc == YL_OK && out->refusal != RUN_OK;
	if (!preview && rc == YL_OK && !refused)
		rc = req_audit(rq, rq->community_id, "billing.run", "billing_run", out->id,
		               json_pack("{s:s, s:I, s:I, s:s}", "period", fee_period_text(rq, *p), "bills",
		                         (json_int_t)out->bills, "skipped", (json_int_t)out->skipped, "total",
		                         req_amount(rq, out->total)));
	if (!preview)
		rc = store_end(rq->db, refused ? ERR_CONFLICT : rc);
	if (refused)
		return run_refused(rq, *p, out);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* JSON ------------------------------------------------------------------------------------------ */

static void
schedule_json(struct req *rq, struct jsonw *w, const struct fee_schedule *s)
{
	jsonw_object(w);
	jsonw_kint(w, "id", s->id);
	jsonw_kint(w, "decision_id", s->decision_id);
	jsonw_kstr(w, "decision_title", s->decision_title);
	jsonw_kamount(w, "price_per_m2_month", s->price);
	jsonw_kstr(w, "effective_from", fee_month_text(rq, s->effective_from));
	jsonw_kstr(w, "note", s->note);
	jsonw_key(w, "items");
	jsonw_array(w);
	for (size_t i = 0; i < s->nitems; i++) {
		jsonw_object(w);
		jsonw_kstr(w, "name", s->items[i].name);
		jsonw_kamount(w, "amount", s->items[i].amount);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_kstr(w, "created_by", s->created_by_name);
	jsonw_ktime(w, "created_at", s->created_at);
	jsonw_object_end(w);
}

int
fee_schedules_api(struct req *rq)
{
	struct fee_schedule *v;
	size_t n;
	enum yl_err rc = store_fee_schedules(rq->db, rq->a, rq->community_id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++)
		schedule_json(rq, &w, &v[i]);
	jsonw_list_end(&w, (int64_t)n);
	return 0;
}

int
fee_schedule_api(struct req *rq)
{
	struct fee_schedule s;
	enum yl_err rc = store_fee_schedule_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &s);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	schedule_json(rq, &w, &s);
	return 0;
}

/* Runs an action on the JSON body and answers 201 {"id":N}. */
static int
create_api(struct req *rq, int (*action)(struct req *, json_t *, int64_t *))
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = action(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

int
fee_schedule_create_api(struct req *rq)
{
	return create_api(rq, fee_schedule_post);
}

int
fee_exemptions_api(struct req *rq)
{
	struct fee_exemption *v;
	size_t n;
	enum yl_err rc = store_fee_exemptions(rq->db, rq->a, rq->community_id, 1000, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&w);
		jsonw_kint(&w, "id", v[i].id);
		jsonw_kint(&w, "unit_id", v[i].unit_id);
		jsonw_kstr(&w, "unit", v[i].unit);
		jsonw_kstr(&w, "from", fee_month_text(rq, v[i].first));
		jsonw_kstr(&w, "to", v[i].last ? fee_month_text(rq, v[i].last) : NULL);
		jsonw_kint_or_null(&w, "percent", v[i].percent);
		jsonw_kstr(&w, "amount_per_month", v[i].amount ? req_amount(rq, v[i].amount) : NULL);
		jsonw_kstr(&w, "reason", v[i].reason);
		jsonw_ktime(&w, "created_at", v[i].created_at);
		jsonw_object_end(&w);
	}
	jsonw_list_end(&w, (int64_t)n);
	return 0;
}

int
fee_exemption_create_api(struct req *rq)
{
	return create_api(rq, fee_exemption_post);
}

int
fee_exemption_end_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = req_param_id(rq, "id");
	int r = fee_exemption_end(rq, j, id);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 200, json_pack("{s:I}", "id", (json_int_t)id));
}

static void
calc_json(struct req *rq, struct jsonw *w, int64_t area, const struct bill_calc *c)
{
	jsonw_kamount(w, "area_m2", area);
	jsonw_kamount(w, "price_months", c->price_months);
	jsonw_kamount(w, "area_fee", c->area_fee);
	jsonw_kamount(w, "fixed_fee", c->fixed_fee);
	jsonw_kamount(w, "relief", c->relief);
	jsonw_kamount(w, "total", c->total);
}

int
billing_run_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	bool preview = json_is_true(json_object_get(j, "preview"));
	struct period p;
	struct run_outcome *o = arena_alloc(rq->a, sizeof *o);
	int r = billing_run_post(rq, j, preview, &p, o);
	json_decref(j);
	if (r < 0)
		return -1;
	struct jsonw w;
	req_jsonw(rq, preview ? 200 : 201, &w);
	jsonw_object(&w);
	if (!preview)
		jsonw_kint(&w, "id", o->id);
	jsonw_kstr(&w, "period", fee_period_text(rq, p));
	jsonw_kint(&w, "bills", o->bills);
	jsonw_kint(&w, "skipped", o->skipped);
	jsonw_kint(&w, "already_billed", o->already);
	jsonw_kamount(&w, "total", o->total);
	if (preview) {
		jsonw_key(&w, "preview");
		jsonw_bool(&w, true);
		jsonw_key(&w, "first");
		jsonw_array(&w);
		for (size_t i = 0; i < o->nfirst; i++) {
			jsonw_object(&w);
			jsonw_kint(&w, "unit_id", o->first[i].unit_id);
			jsonw_kstr(&w, "unit", o->first[i].unit);
			calc_json(rq, &w, o->first[i].area, &o->first[i].calc);
			jsonw_object_end(&w);
		}
		jsonw_array_end(&w);
		jsonw_key(&w, "exemptions");
		jsonw_array(&w);
		for (size_t i = 0; i < o->nreliefs; i++) {
			jsonw_object(&w);
			jsonw_kint(&w, "exemption_id", o->reliefs[i].exemption_id);
			jsonw_kstr(&w, "unit", o->reliefs[i].unit);
			jsonw_kstr(&w, "reason", o->reliefs[i].reason);
			jsonw_kamount(&w, "amount", o->reliefs[i].amount);
			jsonw_object_end(&w);
		}
		jsonw_array_end(&w);
	}
	jsonw_object_end(&w);
	return 0;
}

static void
run_json(struct req *rq, struct jsonw *w, const struct billing_run *r)
{
	jsonw_kint(w, "id", r->id);
	jsonw_kstr(w, "period", fee_period_text(rq, r->period));
	jsonw_kint(w, "bills", r->bills);
	jsonw_kamount(w, "total", r->total);
	jsonw_kstr(w, "created_by", r->created_by_name);
	jsonw_ktime(w, "created_at", r->created_at);
}

int
billing_runs_api(struct req *rq)
{
	struct billing_run *v;
	size_t n;
	enum yl_err rc = store_billing_runs(rq->db, rq->a, rq->community_id, 500, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&w);
		run_json(rq, &w, &v[i]);
		jsonw_object_end(&w);
	}
	jsonw_list_end(&w, (int64_t)n);
	return 0;
}

static void
bill_json(struct req *rq, struct jsonw *w, const struct bill *b, bool lines)
{
	jsonw_object(w);
	jsonw_kint(w, "id", b->id);
	jsonw_kint(w, "run_id", b->run_id);
	jsonw_kint(w, "unit_id", b->unit_id);
	jsonw_kstr(w, "unit", b->unit);
	jsonw_kstr(w, "first_month", fee_month_text(rq, b->first));
	jsonw_kstr(w, "last_month", fee_month_text(rq, b->last));
	struct bill_calc c = {b->price_months, b->area_fee, b->fixed_fee, b->relief, b->total};
	calc_json(rq, w, b->area, &c);
	jsonw_kamount(w, "paid", b->paid);
	jsonw_kamount(w, "unpaid", b->total - b->paid);
	if (lines) {
		jsonw_key(w, "lines");
		jsonw_array(w);
		for (size_t i = 0; i < b->nlines; i++) {
			jsonw_object(w);
			jsonw_kstr(w, "kind", b->lines[i].kind);
			jsonw_kstr(w, "label", b->lines[i].label);
			jsonw_kamount(w, "amount", b->lines[i].amount);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
	}
	jsonw_object_end(w);
}

int
billing_run_api(struct req *rq)
{
	int64_t limit, offset;
	if (field_paging(rq, 1000, 100, &limit, &offset) < 0)
		return req_fail(rq);
	struct billing_run r;
	struct bill *v;
	size_t n;
	int64_t total;
	int64_t id = req_param_id(rq, "id");
	enum yl_err rc = store_billing_run_get(rq->db, rq->a, rq->community_id, id, &r);
	if (rc == YL_OK)
		rc = store_run_bills(rq->db, rq->a, rq->community_id, id, limit, offset, &v, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	run_json(rq, &w, &r);
	jsonw_key(&w, "bills");
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++)
		bill_json(rq, &w, &v[i], false);
	jsonw_list_end(&w, total);
	jsonw_object_end(&w);
	return 0;
}

int
bill_api(struct req *rq)
{
	struct bill b;
	enum yl_err rc = store_bill_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &b);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	bill_json(rq, &w, &b, true);
	return 0;
}
