/* demo_fees.c: the demo compound's fees (issue 10) — 0.45 元/m²/月 and 卫生费 5.00 元/户/月
 * under the passed decision on choosing the manager, from three months back; three exemptions;
 * a billing run for each of the three months before this one and for this month. Everything
 * goes through the same store calls as the routes, with the committee as the actor. */
#include "demo.h"
#include "../core/arena.h"
#include "../core/period.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/decisions.h"
#include "../store/fees.h"
#include "../store/registry.h"

#include <jansson.h>

static enum yl_err
logged(struct db *db, int64_t cid, int64_t by, const char *action, const char *type, int64_t id, json_t *d)
{
	const struct audit_actor actor = {by, "committee"};
	enum yl_err rc = store_audit_append(db, cid, &actor, action, type, id, d);
	json_decref(d);
	return rc;
}

/* The passed compound-wide decision on the manager (the demo's 选聘物业, 0.45 元). */
static enum yl_err
fee_decision(struct db *db, struct arena *a, int64_t cid, int64_t *id)
{
	struct decision *v;
	size_t n;
	int64_t total;
	enum yl_err rc = store_decisions(db, a, cid, false, 50, 0, &v, &n, &total);
	for (size_t i = n; rc == YL_OK && i-- > 0;) {
		bool passed = false;
		if (v[i].matter != MATTER_MANAGER || v[i].scope != DSC_COMMUNITY)
			continue;
		rc = store_decision_passed(db, cid, &v[i], 0, &passed);
		if (rc == YL_OK && passed) {
			*id = v[i].id;
			return YL_OK;
		}
	}
	return rc == YL_OK ? ERR_NOTFOUND : rc;
}

static enum yl_err
exemption(struct db *db, int64_t cid, int64_t by, int64_t now, const char *building, const char *stair,
          const char *room, int first, int percent, const char *reason)
{
	struct fee_exemption e = {.first = first, .percent = percent, .reason = reason, .created_by = by, .created_at = now};
	int64_t id;
	enum yl_err rc = store_unit_by_key(db, cid, building, stair, room, &e.unit_id);
	if (rc == YL_OK)
		rc = store_fee_exemption_create(db, cid, &e, &id);
	if (rc == YL_OK)
		rc = logged(db, cid, by, "fee_exemption.create", "fee_exemption", id,
		            json_pack("{s:I, s:i, s:s}", "unit_id", (json_int_t)e.unit_id, "percent", percent, "reason", reason));
	return rc;
}

enum yl_err
demo_fees(struct db *db, struct arena *a, int64_t cid, int64_t committee_id)
{
	int64_t now = db_now(), decision = 0, id;
	int month = month_of(now), from = month_add(month, -3);
	enum yl_err rc = fee_decision(db, a, cid, &decision);
	struct fee_item sanitation = {"卫生费", 500};
	struct fee_schedule_new s = {decision, 45, from, "", &sanitation, 1, committee_id, now};
	if (rc == YL_OK)
		rc = store_fee_schedule_create(db, cid, &s, &id);
	if (rc == YL_OK)
		rc = logged(db, cid, committee_id, "fee_schedule.create", "fee_schedule", id,
		            json_pack("{s:I, s:s, s:i}", "decision_id", (json_int_t)decision, "price", "0.45", "effective_from",
		                      from));
	if (rc == YL_OK)
		rc = exemption(db, cid, committee_id, now, "2栋", "1单元", "101", from, 100, "低保户");
	if (rc == YL_OK)
		rc = exemption(db, cid, committee_id, now, "5栋", "2单元", "301", from, 100, "低保户");
	if (rc == YL_OK)
		rc = exemption(db, cid, committee_id, now, "3栋", "1单元", "102", from, 50, "八十岁以上独居老人，业主大会决议减半");
	for (int m = from; rc == YL_OK && m <= month; m = month_add(m, 1)) {
		struct run_outcome *o = arena_alloc(a, sizeof *o);
		rc = store_billing_run(db, a, cid, (struct period){m, 1}, false, committee_id, now, o);
		if (rc == YL_OK && o->refusal != RUN_OK)
			rc = ERR_CONFLICT;
		if (rc == YL_OK)
			rc = logged(db, cid, committee_id, "billing.run", "billing_run", o->id,
			            json_pack("{s:i, s:I, s:I}", "first_month", m, "bills", (json_int_t)o->bills, "total",
			                      (json_int_t)o->total));
	}
	return rc;
}
