/* demo_payments.c: the demo compound's fee payments (issue 10) — for the bills that exist when it
 * runs (the fees demo bills the last three months and this one), about 85 % of the oldest month's
 * are paid, 75 % of the next, 60 % of the last and 20 % of this month's, by cash, WeChat, Alipay
 * and bank transfer, a few only in part, and one payment is reversed as entered twice (重复录入).
 * The owner's 1栋1单元101 pays all but its latest month. Deterministic (no rand()), through the
 * store functions the payment routes use, each payment with its audit row. No bills: nothing. */
#include "demo.h"
#include "../core/arena.h"
#include "../core/period.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/payments.h"
#include "../store/registry.h"

#include <jansson.h>

#define DAY 86400

/* Percent of a month's bills paid, by the month's place from the newest (0: this month). */
static int
share_paid(size_t from_newest)
{
	static const int pct[] = {20, 60, 75, 85};
	return pct[from_newest < 3 ? from_newest : 3];
}

enum yl_err
demo_payments(struct db *db, struct arena *a, int64_t cid, int64_t committee_id)
{
	struct allocation *bills;
	int64_t *units, own = 0;
	size_t n;
	enum yl_err rc = store_community_bills(db, a, cid, &bills, &units, &n);
	if (rc != YL_OK || n == 0)
		return rc;
	if (store_unit_by_key(db, cid, "1栋", "1单元", "101", &own) != YL_OK)
		own = 0;
	int newest = bills[n - 1].first_month;
	int64_t now = db_now(), first_payment = 0;
	const struct audit_actor actor = {committee_id, "committee"};
	static const enum pay_method methods[] = {PAY_CASH, PAY_WECHAT, PAY_ALIPAY, PAY_CASH, PAY_BANK};
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		int age = month_diff(bills[i].first_month, newest);
		bool pay = units[i] == own ? age > 0 : (int)(i * 37 % 100) < share_paid((size_t)age);
		if (!pay)
			continue;
		struct payment_new p = {.unit_id = units[i], .amount = bills[i].amount, .method = methods[i % 5],
		                        .by = committee_id, .now = now};
		/* one in twenty pays half for now */
		if (units[i] != own && i % 20 == 7 && p.amount > 1)
			p.amount /= 2;
		p.reference = p.method == PAY_CASH ? "" : arena_printf(a, "%s%06zu", p.method == PAY_BANK ? "YH" : "JY", i);
		p.paid_at = month_start(bills[i].first_month) + (int64_t)(3 + i % 20) * DAY + 10 * 3600;
		if (p.paid_at > now)
			p.paid_at = now;
		struct payment_done d;
		rc = store_payment_record(db, a, cid, &p, &d);
		if (rc == ERR_CONFLICT) { /* paid already by an older bill's turn, or a closed month */
			rc = YL_OK;
			continue;
		}
		if (rc == YL_OK) {
			json_t *j = json_pack("{s:I, s:s}", "unit_id", (json_int_t)p.unit_id, "receipt_no", d.receipt_no);
			rc = store_audit_append(db, cid, &actor, "payment.record", "payment", d.id, j);
			json_decref(j);
		}
		if (rc == YL_OK && first_payment == 0 && units[i] != own)
			first_payment = d.id;
	}
	if (rc == YL_OK && first_payment) {
		struct payment_done d;
		rc = store_payment_reverse(db, a, cid, first_payment, "重复录入", committee_id, now, &d);
		if (rc == YL_OK) {
			json_t *j = json_pack("{s:I, s:s, s:s}", "reverses_id", (json_int_t)first_payment, "receipt_no",
			                      d.receipt_no, "reason", "重复录入");
			rc = store_audit_append(db, cid, &actor, "payment.reverse", "payment", d.id, j);
			json_decref(j);
		}
		if (rc == ERR_CONFLICT)
			rc = YL_OK;
	}
	return rc;
}
