/* fees.h: SQL for the committee's fees (schema/013_finance.sql) — fee schedules linked to a passed
 * owners' decision, exemptions (减免), billing runs and the bills they make. The run itself is
 * store_billing_run: the route, its preview, the demo and bench/billing all call it, so what is
 * measured is what is served. Writes run in the caller's transaction (store_begin_community
 * first); strings live in the caller's arena; ERR_NOTFOUND when an id is absent or in another
 * community. */
#ifndef YL_STORE_FEES_H
#define YL_STORE_FEES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/billing.h"
#include "../core/period.h"
#include "../core/result.h"

struct arena;
struct db;

#define FEE_ITEMS_MAX 8

/* Schedules ---------------------------------------------------------------------------------- */

struct fee_item {
	const char *name;
	int64_t amount; /* fen per unit per month */
};

struct fee_schedule {
	int64_t id, decision_id;
	const char *decision_title;
	int64_t price;        /* fen per m² per month */
	int effective_from;   /* YYYYMM */
	const char *note;
	int64_t created_by, created_at;
	const char *created_by_name;
	struct fee_item *items;
	size_t nitems;
};

struct fee_schedule_new {
	int64_t decision_id, price;
	int effective_from;
	const char *note;
	const struct fee_item *items;
	size_t nitems;
	int64_t by, now;
};

/* ERR_CONFLICT when the community has a schedule from that month already. */
enum yl_err store_fee_schedule_create(struct db *db, int64_t cid, const struct fee_schedule_new *s, int64_t *id);
/* Every schedule of the community, newest effective_from first, with items. */
enum yl_err store_fee_schedules(struct db *db, struct arena *a, int64_t cid, struct fee_schedule **v, size_t *n);
enum yl_err store_fee_schedule_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct fee_schedule *out);
enum yl_err store_fee_schedule_community(struct db *db, int64_t id, int64_t *cid);
/* The last month any bill of the community covers; 0 when none. */
enum yl_err store_fees_last_billed(struct db *db, int64_t cid, int *month);
/* The last month any bill of one unit covers; 0 when none (bills_by_unit). */
enum yl_err store_unit_last_billed(struct db *db, int64_t cid, int64_t unit_id, int *month);

/* Exemptions --------------------------------------------------------------------------------- */

struct fee_exemption {
	int64_t id, unit_id, building_id;
	const char *unit;     /* "1栋1单元101" */
	int first, last;      /* last 0: until ended */
	int percent;          /* 1–100, or 0 with amount */
	int64_t amount;       /* fen per month, or 0 with percent */
	const char *reason;
	int64_t created_by, created_at;
};

enum yl_err store_fee_exemption_create(struct db *db, int64_t cid, const struct fee_exemption *e, int64_t *id);
/* The community's exemptions, the open-ended and latest-ending first (at most limit). */
enum yl_err store_fee_exemptions(struct db *db, struct arena *a, int64_t cid, int64_t limit, struct fee_exemption **v,
                                 size_t *n);
enum yl_err store_fee_exemption_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct fee_exemption *out);
/* The community and building of an exemption's unit (route scope). */
enum yl_err store_fee_exemption_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id);
/* Sets last_month; ERR_CONFLICT when it ends at or before last already (guarded in the UPDATE). */
enum yl_err store_fee_exemption_end(struct db *db, int64_t cid, int64_t id, int last);

/* Billing runs -------------------------------------------------------------------------------- */

/* Why a run made nothing (out->refusal), with out->month naming the month concerned. */
enum run_refusal {
	RUN_OK,
	RUN_NO_SCHEDULE,    /* out->month has no schedule in force */
	RUN_PERIOD_CLOSED,  /* out->month is closed by a published disclosure */
	RUN_ALREADY_BILLED, /* every unit has a bill for the period's months (or some of them) */
	RUN_NO_UNITS,       /* the register has no unit */
};

/* One bill of a preview (the first RUN_PREVIEW_BILLS) and each exemption a run applies. */
#define RUN_PREVIEW_BILLS 20
struct run_bill {
	int64_t unit_id;
	const char *unit;
	int64_t area;
	struct bill_calc calc;
};
struct run_relief {
	int64_t unit_id, exemption_id;
	const char *unit, *reason;
	int64_t amount; /* fen taken off */
};

struct run_outcome {
	enum run_refusal refusal;
	int month;              /* RUN_NO_SCHEDULE, RUN_PERIOD_CLOSED */
	int64_t id;             /* the run's id (0 for a preview or a refusal) */
	int64_t bills, skipped; /* skipped: units with only some of the period's months billed */
	int64_t already;        /* units billed for the whole period before */
	int64_t total;          /* Σ bill totals (net of exemptions) */
	int64_t entry_id;       /* the journal entry (0: nothing to post, every bill 0) */
	struct run_bill first[RUN_PREVIEW_BILLS];
	size_t nfirst;
	struct run_relief *reliefs; /* in the arena */
	size_t nreliefs;
};

/* Bills every unit of the community that has no bill for any month of p: reads units, schedules
 * and exemptions once, computes each bill with bill_compute (each month at the schedule in
 * force), and, unless preview, inserts the run with its fixed lines (one per fixed item, once
 * for all its bills), its bills and their exemption lines (one per relief) and posts Dr
 * receivable / Cr fee_income for the total into p's first month — all inside the caller's
 * transaction.
 * Returns YL_OK with out->refusal saying whether anything was (or would be) billed; when it is
 * not RUN_OK nothing was written. Errors of the store otherwise. */
enum yl_err store_billing_run(struct db *db, struct arena *a, int64_t cid, struct period p, bool preview, int64_t by,
                              int64_t now, struct run_outcome *out);

struct billing_run {
	int64_t id;
	struct period period;
	int64_t bills, total, entry_id;
	int64_t created_by, created_at;
	const char *created_by_name;
};

/* Newest first (at most limit). */
enum yl_err store_billing_runs(struct db *db, struct arena *a, int64_t cid, int64_t limit, struct billing_run **v,
                               size_t *n);
enum yl_err store_billing_run_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct billing_run *out);
enum yl_err store_billing_run_community(struct db *db, int64_t id, int64_t *cid);
/* The newest run covering any month of p, and how many bills cover any of its months
 * (ERR_NOTFOUND: none) — what an already_billed refusal tells. */
enum yl_err store_billing_run_covering(struct db *db, struct arena *a, int64_t cid, struct period p,
                                       struct billing_run *out, int64_t *bills);

/* Bills ---------------------------------------------------------------------------------------- */

struct bill_line {
	const char *kind; /* "fixed", "exemption" */
	const char *label;
	int64_t amount;   /* negative for an exemption */
};

struct bill {
	int64_t id, unit_id, building_id, run_id;
	const char *unit;
	int first, last;
	int64_t area, price_months, area_fee, fixed_fee, relief, total;
	int64_t paid;     /* Σ payment allocations (a reversal's are negative), kept on the bill */
	int64_t created_at;
	struct bill_line *lines; /* from store_bill_get and store_unit_bills: the run's fixed lines,
	                          * then the bill's exemptions */
	size_t nlines;
};

enum yl_err store_bill_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct bill *out);
/* The community, building and unit of a bill (route scope: an owner's own unit). */
enum yl_err store_bill_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id, int64_t *unit_id);
/* A run's bills by id, a page at a time; *total counts them all. */
enum yl_err store_run_bills(struct db *db, struct arena *a, int64_t cid, int64_t run_id, int64_t limit, int64_t offset,
                            struct bill **v, size_t *n, int64_t *total);
/* A unit's bills, oldest first, with what was paid on each and their lines. */
enum yl_err store_unit_bills(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, struct bill **v, size_t *n);

#endif
