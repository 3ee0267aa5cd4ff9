/* demo_work_payments.c: what the demo compound paid on the first phase's works (issue 11), so the
 * work pages, the progress page and the dashboard show real spending against budget. The roof of
 * 1栋 (budget 300,000.00): a 30 % advance before work began, a progress payment, and a final
 * payment first entered as 85,000.00, corrected (冲正) the next day and entered again as
 * 75,000.00 — 285,000.00 in all, the 5 % retention (质保金) held until the warranty ends. The
 * stairwell lights under way (budget 80,000.00): an advance and a progress payment. Each payment
 * is checked by core/work_pay.c as the routes check it and written with its audit row as they
 * write it; dates follow the clock (YUANLI_NOW pins them), like the works they pay for. */
#include "demo.h"
#include "../core/decimal.h"
#include "../core/timefmt.h"
#include "../core/work_pay.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/work_payments.h"

#include <jansson.h>

#define DAY INT64_C(86400)

struct demo_pay {
	bool roof;             /* else the lights */
	int days_ago;
	int64_t amount;        /* fen; 0: the correction of the payment before */
	enum work_pay_kind kind;
	bool started;          /* the work was under way (or further) that day */
	const char *reference, *note;
};

enum yl_err
demo_work_payments(struct db *db, int64_t cid, int64_t staff_id, int64_t roof, int64_t roof_budget, int64_t lights,
                   int64_t lights_budget)
{
	static const struct demo_pay pays[] = {
		{true, 158, 9000000, WPAY_ADVANCE, false, "转账 HY-0001", "合同价30%预付"},
		{true, 130, 12000000, WPAY_PROGRESS, true, "发票 43000231", "防水层完成一半"},
		{true, 95, 8500000, WPAY_FINAL, true, "转账 HY-0002", ""},
		{true, 94, 0, WPAY_CORRECTION, true, "转账 HY-0002", "金额录错：结算款应为75,000元"},
		{true, 94, 7500000, WPAY_FINAL, true, "转账 HY-0003", "质保金15,000元待保修期满支付"},
		{false, 20, 2400000, WPAY_ADVANCE, false, "转账 MLDQ-01", "合同价30%预付"},
		{false, 3, 1600000, WPAY_PROGRESS, true, "发票 43001187", "3栋至6栋灯具安装完成"},
	};
	const struct audit_actor staff = {staff_id, "staff"};
	int64_t now = db_now(), last = 0, last_amount = 0;
	int64_t paid[2] = {0, 0}; /* so far on the lights [0] and the roof [1]: the demo writes all of it */
	enum yl_err rc = YL_OK;
	for (size_t i = 0; rc == YL_OK && i < sizeof pays / sizeof pays[0]; i++) {
		const struct demo_pay *d = &pays[i];
		int64_t work = d->roof ? roof : lights, budget = d->roof ? roof_budget : lights_budget, id = 0;
		struct work_payment p = {.work_id = work, .paid_on = day_start_local(now - d->days_ago * DAY), .amount = d->amount,
		                         .kind = d->kind, .reference = d->reference, .note = d->note,
		                         .recorded_by = staff_id, .created_at = now - d->days_ago * DAY};
		if (work == 0)
			continue;
		json_t *j;
		char amount[24];
		if (d->kind == WPAY_CORRECTION) {
			p.amount = work_pay_correction(last_amount);
			p.corrects_id = last;
			dec_format(p.amount, amount);
			rc = store_work_payment_add(db, cid, &p, &id);
			j = json_pack("{s:I, s:I, s:s, s:s}", "work_id", (json_int_t)work, "corrects_id", (json_int_t)last,
			              "amount", amount, "reason", d->note);
		} else {
			if (work_pay_check(budget, paid[d->roof], d->amount, d->kind, d->started) != WPAY_OK)
				return ERR_INTERNAL; /* the demo keeps the rules it shows */
			dec_format(p.amount, amount);
			char day[11];
			date_local(p.paid_on, day);
			rc = store_work_payment_add(db, cid, &p, &id);
			/* the audit details the route writes (work_payments.c payment_record) */
			j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "work_id", (json_int_t)work, "amount", amount, "kind",
			              work_pay_kind_names[d->kind], "paid_on", day, "reference", d->reference);
		}
		paid[d->roof] += p.amount;
		if (rc == YL_OK)
			rc = store_audit_append(db, cid, &staff, d->kind == WPAY_CORRECTION ? "work_payment.correct"
			                                                                     : "work_payment.record",
			                        "work_payment", id, j);
		json_decref(j);
		last = id;
		last_amount = p.amount;
	}
	return rc;
}
