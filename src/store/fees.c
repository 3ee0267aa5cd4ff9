/* fees.c: SQL for fee schedules, exemptions, billing runs and bills (see fees.h). */
#include "fees.h"
#include "db.h"
#include "ledger.h"
#include "run_bills.h"
#include "../core/arena.h"

#include <stdlib.h>
#include <string.h>

#define ACCOUNT_NAME "CASE WHEN a.display_name <> '' THEN a.display_name ELSE a.name END"
#define UNIT_LABEL "b.name || s.name || u.room"
#define UNIT_JOIN                                                                                                      \
	"JOIN units u ON u.community_id = x.community_id AND u.id = x.unit_id "                                        \
	"JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "                                \
	"JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "

/* Schedules ---------------------------------------------------------------------------------- */

enum yl_err
store_fee_schedule_create(struct db *db, int64_t cid, const struct fee_schedule_new *s, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO fee_schedules (community_id, decision_id, price, effective_from, note, "
	                              "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, s->decision_id);
	db_bind_i64(st, 3, s->price);
	db_bind_i64(st, 4, s->effective_from);
	db_bind_text(st, 5, s->note ? s->note : "");
	db_bind_i64(st, 6, s->by);
	db_bind_i64(st, 7, s->now);
	enum yl_err rc = db_insert(db, st, "fee schedule", id);
	struct stmt *it = rc == YL_OK ? db_prep(db, "INSERT INTO fee_items (community_id, schedule_id, position, name, "
	                                            "amount) VALUES ($1, $2, $3, $4, $5)")
	                              : NULL;
	if (rc == YL_OK && it == NULL)
		return ERR_INTERNAL;
	for (size_t i = 0; rc == YL_OK && i < s->nitems; i++) {
		db_bind_i64(it, 1, cid);
		db_bind_i64(it, 2, *id);
		db_bind_i64(it, 3, (int64_t)i + 1);
		db_bind_text(it, 4, s->items[i].name);
		db_bind_i64(it, 5, s->items[i].amount);
		rc = db_done(db, it, "fee item");
	}
	return rc;
}

#define SCHEDULE_SELECT                                                                                                \
	"SELECT f.id, f.decision_id, d.title, f.price, f.effective_from, f.note, f.created_by, f.created_at, "          \
	ACCOUNT_NAME " FROM fee_schedules f JOIN decisions d ON d.id = f.decision_id "                                 \
	"JOIN accounts a ON a.id = f.created_by WHERE f.community_id = $1 "

static void
read_schedule(struct arena *a, struct stmt *st, void *elem)
{
	struct fee_schedule *f = elem;
	f->id = db_col_i64(st, 0);
	f->decision_id = db_col_i64(st, 1);
	f->decision_title = db_text(a, st, 2, "");
	f->price = db_col_i64(st, 3);
	f->effective_from = (int)db_col_i64(st, 4);
	f->note = db_text(a, st, 5, "");
	f->created_by = db_col_i64(st, 6);
	f->created_at = db_col_i64(st, 7);
	f->created_by_name = db_text(a, st, 8, "");
}

/* Attaches the items of the schedules v[0..n) (one query: all of the community's, or id's). */
static enum yl_err
attach_items(struct db *db, struct arena *a, int64_t cid, int64_t id, struct fee_schedule *v, size_t n)
{
	struct stmt *st = db_prep(db, "SELECT schedule_id, name, amount FROM fee_items WHERE community_id = $1 "
	                              "AND ($2 = 0 OR schedule_id = $2) ORDER BY schedule_id, position");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	for (size_t i = 0; i < n; i++)
		v[i].items = arena_zalloc(a, FEE_ITEMS_MAX * sizeof *v[i].items);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t sid = db_col_i64(st, 0);
		for (size_t i = 0; i < n; i++)
			if (v[i].id == sid && v[i].nitems < FEE_ITEMS_MAX) {
				v[i].items[v[i].nitems].name = db_text(a, st, 1, "");
				v[i].items[v[i].nitems++].amount = db_col_i64(st, 2);
			}
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "fee items");
}

enum yl_err
store_fee_schedules(struct db *db, struct arena *a, int64_t cid, struct fee_schedule **v, size_t *n)
{
	struct stmt *st = db_prep(db, SCHEDULE_SELECT "ORDER BY f.effective_from DESC");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	enum yl_err rc = db_rows(db, a, st, read_schedule, sizeof **v, v, n, "fee schedules");
	return rc == YL_OK && *n ? attach_items(db, a, cid, 0, *v, *n) : rc;
}

enum yl_err
store_fee_schedule_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct fee_schedule *out)
{
	static const char sql[] = SCHEDULE_SELECT "AND f.id = $2";
	memset(out, 0, sizeof *out);
	enum yl_err e = db_row_by_id(db, a, sql, cid, id, read_schedule, out, sizeof *out, "fee schedule");
	return e == YL_OK ? attach_items(db, a, cid, id, out, 1) : e;
}


enum yl_err
store_fee_schedule_community(struct db *db, int64_t id, int64_t *cid)
{
	static const char sql[] = "SELECT community_id FROM fee_schedules WHERE id = $1";
	return db_community_of(db, sql, id, cid, NULL, NULL);
}

enum yl_err
store_fees_last_billed(struct db *db, int64_t cid, int *month)
{
	/* a run's bills end in its last month; runs never cross a year, so that is first_month +
	 * months − 1 in YYYYMM */
	struct stmt *st = db_prep(db, "SELECT coalesce(max(first_month + months - 1), 0) FROM billing_runs "
	                              "WHERE community_id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	int rc = db_step(st);
	*month = rc == DB_ROW ? (int)db_col_i64(st, 0) : 0;
	return db_one(db, st, rc, "last billed");
}

enum yl_err
store_unit_last_billed(struct db *db, int64_t cid, int64_t unit_id, int *month)
{
	struct stmt *st = db_prep(db, "SELECT coalesce(max(last_month), 0) FROM bills WHERE community_id = $1 AND unit_id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	int rc = db_step(st);
	*month = rc == DB_ROW ? (int)db_col_i64(st, 0) : 0;
	return db_one(db, st, rc, "unit last billed");
}

/* Exemptions --------------------------------------------------------------------------------- */

enum yl_err
store_fee_exemption_create(struct db *db, int64_t cid, const struct fee_exemption *e, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO fee_exemptions (community_id, unit_id, first_month, last_month, percent, "
	                              "amount, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
	                              "RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, e->unit_id);
	db_bind_i64(st, 3, e->first);
	db_bind_opt_i64(st, 4, e->last);
	db_bind_i64(st, 5, e->percent);
	db_bind_i64(st, 6, e->amount);
	db_bind_text(st, 7, e->reason);
	db_bind_i64(st, 8, e->created_by);
	db_bind_i64(st, 9, e->created_at);
	return db_insert(db, st, "fee exemption", id);
}

#define EXEMPTION_SELECT                                                                                               \
	"SELECT x.id, x.unit_id, u.building_id, " UNIT_LABEL ", x.first_month, coalesce(x.last_month, 0), x.percent, "  \
	"x.amount, x.reason, x.created_by, x.created_at FROM fee_exemptions x " UNIT_JOIN "WHERE x.community_id = $1 "

static void
read_exemption(struct arena *a, struct stmt *st, void *elem)
{
	struct fee_exemption *e = elem;
	e->id = db_col_i64(st, 0);
	e->unit_id = db_col_i64(st, 1);
	e->building_id = db_col_i64(st, 2);
	e->unit = db_text(a, st, 3, "");
	e->first = (int)db_col_i64(st, 4);
	e->last = (int)db_col_i64(st, 5);
	e->percent = (int)db_col_i64(st, 6);
	e->amount = db_col_i64(st, 7);
	e->reason = db_text(a, st, 8, "");
	e->created_by = db_col_i64(st, 9);
	e->created_at = db_col_i64(st, 10);
}

enum yl_err
store_fee_exemptions(struct db *db, struct arena *a, int64_t cid, int64_t limit, struct fee_exemption **v, size_t *n)
{
	struct stmt *st = db_prep(db, EXEMPTION_SELECT "ORDER BY x.last_month IS NOT NULL, x.last_month DESC, x.id DESC "
	                                               "LIMIT $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, limit);
	return db_rows(db, a, st, read_exemption, sizeof **v, v, n, "fee exemptions");
}

enum yl_err
store_fee_exemption_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct fee_exemption *out)
{
	static const char sql[] = EXEMPTION_SELECT "AND x.id = $2";
	return db_row_by_id(db, a, sql, cid, id, read_exemption, out, sizeof *out, "fee exemption");
}

enum yl_err
store_fee_exemption_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id)
{
	static const char sql[] = "SELECT x.community_id, u.building_id FROM fee_exemptions x "
	                          "JOIN units u ON u.community_id = x.community_id AND u.id = x.unit_id WHERE x.id = $1";
	return db_community_of(db, sql, id, cid, building_id, NULL);
}

enum yl_err
store_fee_exemption_end(struct db *db, int64_t cid, int64_t id, int last)
{
	struct stmt *st = db_prep(db, "UPDATE fee_exemptions SET last_month = $3 WHERE community_id = $1 AND id = $2 "
	                              "AND (last_month IS NULL OR last_month > $3)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, last);
	enum yl_err rc = db_done(db, st, "fee exemption end");
	return rc == YL_OK && db_changes(st) == 0 ? ERR_CONFLICT : rc;
}

/* Billing runs -------------------------------------------------------------------------------- */

struct unit_row {
	int64_t id, area;
	unsigned billed; /* bit i: the period's i-th month has a bill already */
};

struct exemption_row {
	int64_t id, unit_id;
	struct fee_relief r;
	const char *reason;
};

/* What a run reads once: the units in id order, their bills in the period, the exemptions in
 * unit order, and each month's fee with the fixed lines every bill gets. */
struct run_input {
	struct unit_row *units;
	size_t nunits;
	struct exemption_row *ex;
	size_t nex;
	struct fee_month months[12];
	struct fee_item fixed[12 * FEE_ITEMS_MAX]; /* by name, Σ over the months */
	size_t nfixed;
};

static void
run_input_free(struct run_input *in)
{
	free(in->units);
	free(in->ex);
}

static int
unit_order(const void *x, const void *y)
{
	int64_t a = ((const struct unit_row *)x)->id, b = ((const struct unit_row *)y)->id;
	return (a > b) - (a < b);
}

/* The units in id order. Not ORDER BY id: SQLite reads the covering units_in_order index (by
 * building, stairwell, room) and sorted 500,000 rows in a temporary b-tree, 0.18 s of the 0.3 s
 * the read took; they mostly come in id order already (a register is imported building by
 * building), and otherwise qsort is quicker. */
static enum yl_err
read_units(struct db *db, int64_t cid, struct run_input *in)
{
	struct stmt *st = db_prep(db, "SELECT id, area FROM units WHERE community_id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	size_t cap = 0;
	bool sorted = true;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (in->nunits == cap) {
			cap = cap ? cap * 2 : 4096;
			struct unit_row *u = realloc(in->units, cap * sizeof *u);
			if (u == NULL) {
				db_reset(st);
				return ERR_INTERNAL;
			}
			in->units = u;
		}
		struct unit_row r = {db_col_i64(st, 0), db_col_i64(st, 1), 0};
		sorted = sorted && (in->nunits == 0 || in->units[in->nunits - 1].id < r.id);
		in->units[in->nunits++] = r;
	}
	db_reset(st);
	if (rc != DB_DONE)
		return db_fail(db, "run units");
	if (!sorted)
		qsort(in->units, in->nunits, sizeof *in->units, unit_order);
	return YL_OK;
}

static int
by_unit_id(const void *k, const void *e)
{
	int64_t a = *(const int64_t *)k, b = ((const struct unit_row *)e)->id;
	return (a > b) - (a < b);
}

/* Marks the months of p each unit has a bill for: the bills of the runs overlapping p, each
 * run's a stretch of ids (schema/018_run_bills.sql). Runs never cross a year (periods are
 * calendar months, quarters and years), so one overlapping p begins in p's year. */
static enum yl_err
read_billed(struct db *db, int64_t cid, struct period p, struct run_input *in)
{
#define BILLED(run_bills)                                                                                              \
	"SELECT b.unit_id, b.first_month, b.last_month FROM billing_runs r CROSS JOIN bills b WHERE r.community_id = $1 " \
	"AND r.first_month BETWEEN $2 AND $3 AND r.first_month + r.months - 1 >= $4 AND " run_bills
	struct stmt *st = db_prep(db, db_sql(db, BILLED(RUN_BILLS_LITE), BILLED(RUN_BILLS_PG)));
#undef BILLED
	if (st == NULL)
		return ERR_INTERNAL;
	int last = period_last(p);
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, (p.first / 100) * 100 + 1);
	db_bind_i64(st, 3, last);
	db_bind_i64(st, 4, p.first);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t uid = db_col_i64(st, 0);
		int f = (int)db_col_i64(st, 1), l = (int)db_col_i64(st, 2);
		struct unit_row *u = bsearch(&uid, in->units, in->nunits, sizeof *in->units, by_unit_id);
		for (int i = 0; u && i < p.months; i++) {
			int m = month_add(p.first, i);
			if (m >= f && m <= l)
				u->billed |= 1u << i;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "run billed");
}

static enum yl_err
read_exemptions(struct db *db, struct arena *a, int64_t cid, struct period p, struct run_input *in)
{
	struct stmt *st = db_prep(db, "SELECT id, unit_id, first_month, coalesce(last_month, 0), percent, amount, reason "
	                              "FROM fee_exemptions WHERE community_id = $1 AND first_month <= $3 "
	                              "AND (last_month IS NULL OR last_month >= $2) ORDER BY unit_id, id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, p.first);
	db_bind_i64(st, 3, period_last(p));
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (in->nex == cap) {
			cap = cap ? cap * 2 : 64;
			struct exemption_row *e = realloc(in->ex, cap * sizeof *e);
			if (e == NULL) {
				db_reset(st);
				return ERR_INTERNAL;
			}
			in->ex = e;
		}
		in->ex[in->nex++] = (struct exemption_row){
			db_col_i64(st, 0), db_col_i64(st, 1),
			{(int)db_col_i64(st, 2), (int)db_col_i64(st, 3), (int)db_col_i64(st, 4), db_col_i64(st, 5)},
			db_text(a, st, 6, "")};
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "run exemptions");
}

/* Each month's fee under the newest schedule in force; 0 or the month without one. */
static int
read_fees(struct db *db, struct arena *a, int64_t cid, struct period p, struct run_input *in, enum yl_err *rc)
{
	struct fee_schedule *v;
	size_t n;
	*rc = store_fee_schedules(db, a, cid, &v, &n);
	if (*rc != YL_OK)
		return 0;
	for (int i = 0; i < p.months; i++) {
		int m = month_add(p.first, i);
		const struct fee_schedule *s = NULL;
		for (size_t k = 0; k < n && s == NULL; k++)
			if (v[k].effective_from <= m)
				s = &v[k];
		if (s == NULL)
			return m;
		in->months[i] = (struct fee_month){s->price, 0};
		for (size_t k = 0; k < s->nitems; k++) {
			in->months[i].fixed += s->items[k].amount;
			size_t j = 0;
			while (j < in->nfixed && strcmp(in->fixed[j].name, s->items[k].name) != 0)
				j++;
			if (j == in->nfixed)
				in->fixed[in->nfixed++] = (struct fee_item){s->items[k].name, 0};
			in->fixed[j].amount += s->items[k].amount;
		}
	}
	return 0;
}

/* The first month of p that a published disclosure closes, 0 when none. */
static int
closed_month(struct db *db, int64_t cid, struct period p, enum yl_err *rc)
{
	for (int i = 0; i < p.months; i++) {
		bool closed;
		int m = month_add(p.first, i);
		*rc = store_month_closed(db, cid, m, &closed);
		if (*rc != YL_OK || closed)
			return *rc == YL_OK ? m : 0;
	}
	return 0;
}

static enum yl_err
unit_label(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, const char **out)
{
	struct stmt *st = db_prep(db, "SELECT " UNIT_LABEL " FROM units u "
	                              "JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "
	                              "JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "
	                              "WHERE u.community_id = $1 AND u.id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	int rc = db_step(st);
	*out = rc == DB_ROW ? db_text(a, st, 0, "") : "";
	return db_one(db, st, rc, "unit label");
}

/* An exemption line of a bill of the run, kept until the bills are in (their ids with them). */
struct relief_line {
	int64_t unit_id, position, amount;
	const char *reason;
};

/* Each relief line of the run, on its bill found by unit (bills_by_unit): a unit has one bill in
 * a run. A few hundred in a 500,000-unit run, so one statement each. */
static enum yl_err
insert_relief_lines(struct db *db, int64_t cid, int64_t run, struct period p, const struct relief_line *v, size_t n)
{
	struct stmt *st = n ? db_prep(db, "INSERT INTO bill_lines (community_id, bill_id, position, kind, label, amount) "
	                                  "SELECT $1, id, $3, 'exemption', $4, $5 FROM bills WHERE community_id = $1 "
	                                  "AND unit_id = $2 AND first_month = $6 AND run_id = $7")
	                    : NULL;
	if (n && st == NULL)
		return ERR_INTERNAL;
	enum yl_err rc = YL_OK;
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, v[i].unit_id);
		db_bind_i64(st, 3, v[i].position);
		db_bind_text(st, 4, v[i].reason);
		db_bind_i64(st, 5, -v[i].amount);
		db_bind_i64(st, 6, p.first);
		db_bind_i64(st, 7, run);
		rc = db_done(db, st, "bill line");
		if (rc == YL_OK && db_changes(st) != 1)
			rc = ERR_INTERNAL; /* the bill of that unit was just inserted: one, always */
	}
	return rc;
}

/* One pass over the units: counts and sums (pass 0, and the preview's first bills and reliefs),
 * or inserts every bill of run and its exemption lines (pass 1). The same computation either way.
 * The bills go in as one bulk insert (db.h) and their exemption lines after them: with a
 * statement a bill a 500,000-unit run took 2.3 s on SQLite, 1.0 s this way together with
 * read_units' unsorted read (bench/billing.c, 2 cores, 2026-11-27); on PostgreSQL, a round trip a
 * bill, 300 s against 14 s. */
static enum yl_err
run_pass(struct db *db, struct arena *a, int64_t cid, struct period p, const struct run_input *in, int64_t run,
         bool collect, int64_t now, struct run_outcome *out, int64_t *units)
{
	unsigned all = (1u << p.months) - 1;
	struct fee_relief *rel = malloc((in->nex + 1) * sizeof *rel);
	int64_t *rel_out = malloc((in->nex + 1) * sizeof *rel_out);
	enum yl_err rc = rel && rel_out ? YL_OK : ERR_INTERNAL;
	struct bulk *bills = rc == YL_OK && run ? db_bulk_begin(db, "bills", "community_id, unit_id, run_id, first_month, "
	                                                         "last_month, area, price_months, area_fee, fixed_fee, "
	                                                         "relief, total, created_at", 12)
	                                        : NULL;
	if (run && bills == NULL)
		rc = ERR_INTERNAL;
	struct relief_line *lines = NULL;
	size_t nlines = 0, lcap = 0;
	size_t e = 0, cap = 0;
	for (size_t i = 0; rc == YL_OK && i < in->nunits; i++) {
		const struct unit_row *u = &in->units[i];
		while (e < in->nex && in->ex[e].unit_id < u->id)
			e++;
		size_t e0 = e, nrel = 0;
		for (; e < in->nex && in->ex[e].unit_id == u->id; e++)
			rel[nrel++] = in->ex[e].r;
		if (u->billed) {
			if (run == 0)
				(*(u->billed == all ? &out->already : &out->skipped))++;
			continue;
		}
		struct bill_calc c;
		if (bill_compute(u->area, p, in->months, rel, nrel, &c, rel_out) != YL_OK) {
			rc = ERR_INTERNAL;
			break;
		}
		if (run) {
			const int64_t row[12] = {cid, u->id, run, p.first, period_last(p), u->area,
			                         c.price_months, c.area_fee, c.fixed_fee, c.relief, c.total, now};
			rc = db_bulk_row(bills, row);
			if (units[0] == 0)
				units[0] = u->id;
			units[1] = u->id;
			/* numbered after the run's fixed lines, each relief above zero */
			int64_t pos = (int64_t)in->nfixed;
			for (size_t k = 0; k < nrel; k++)
				if (rel_out[k] > 0) {
					struct relief_line *l = arena_append(a, &lines, &nlines, &lcap, sizeof *l);
					*l = (struct relief_line){u->id, ++pos, rel_out[k], in->ex[e0 + k].reason};
				}
			continue;
		}
		out->bills++;
		out->total += c.total;
		if (collect && out->nfirst < RUN_PREVIEW_BILLS)
			out->first[out->nfirst++] = (struct run_bill){u->id, "", u->area, c};
		for (size_t k = 0; collect && k < nrel; k++)
			if (rel_out[k] > 0) {
				struct run_relief *r = arena_append(a, &out->reliefs, &out->nreliefs, &cap, sizeof *r);
				*r = (struct run_relief){u->id, in->ex[e0 + k].id, "", in->ex[e0 + k].reason, rel_out[k]};
			}
	}
	if (run) {
		rc = db_bulk_end(bills, rc);
		if (rc == YL_OK)
			rc = insert_relief_lines(db, cid, run, p, lines, nlines);
	}
	free(rel);
	free(rel_out);
	return rc;
}

/* Records the stretch of ids of the run's bills (schema/018_run_bills.sql): from the bill of
 * the first unit billed to the bill of the last, as they were inserted in unit order. */
static enum yl_err
record_bills(struct db *db, int64_t cid, int64_t run, struct period p, const int64_t *units)
{
	struct stmt *st = db_prep(db, "UPDATE billing_runs SET first_bill = (SELECT id FROM bills WHERE community_id = $1 "
	                              "AND unit_id = $3 AND first_month = $5 AND run_id = $2), last_bill = (SELECT id FROM "
	                              "bills WHERE community_id = $1 AND unit_id = $4 AND first_month = $5 AND run_id = $2) "
	                              "WHERE community_id = $1 AND id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, run);
	db_bind_i64(st, 3, units[0]);
	db_bind_i64(st, 4, units[1]);
	db_bind_i64(st, 5, p.first);
	return db_done(db, st, "run bills");
}

/* The run, its fixed lines (positions 1..k: each bill's first lines) and its journal entry. */
static enum yl_err
insert_run(struct db *db, int64_t cid, struct period p, const struct run_input *in, int64_t by, int64_t now,
           struct run_outcome *out)
{
	struct stmt *st = db_prep(db, "INSERT INTO billing_runs (community_id, first_month, months, bills, total, created_by, "
	                              "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, p.first);
	db_bind_i64(st, 3, p.months);
	db_bind_i64(st, 4, out->bills);
	db_bind_i64(st, 5, out->total);
	db_bind_i64(st, 6, by);
	db_bind_i64(st, 7, now);
	enum yl_err rc = db_insert(db, st, "billing run", &out->id);
	struct stmt *li = rc == YL_OK && in->nfixed ? db_prep(db, "INSERT INTO billing_run_lines (community_id, run_id, "
	                                                          "position, label, amount) VALUES ($1, $2, $3, $4, $5)")
	                                            : NULL;
	if (rc == YL_OK && in->nfixed && li == NULL)
		return ERR_INTERNAL;
	for (size_t i = 0; rc == YL_OK && i < in->nfixed; i++) {
		db_bind_i64(li, 1, cid);
		db_bind_i64(li, 2, out->id);
		db_bind_i64(li, 3, (int64_t)i + 1);
		db_bind_text(li, 4, in->fixed[i].name);
		db_bind_i64(li, 5, in->fixed[i].amount);
		rc = db_done(db, li, "billing run line");
	}
	if (rc != YL_OK || out->total == 0)
		return rc;
	/* the receivable and the income the run makes (a run of nothing but full exemptions posts
	 * nothing: an entry has at least one non-zero line a side) */
	char memo[12];
	period_format(p, memo);
	struct entry_new en = {p.first, EK_BILLING, "billing_run", out->id, memo, by, now};
	struct ledger_line l[2] = {{ACC_RECEIVABLE, out->total, 0}, {ACC_FEE_INCOME, 0, out->total}};
	rc = store_ledger_post(db, cid, &en, l, 2, &out->entry_id);
	struct stmt *up = rc == YL_OK ? db_prep(db, "UPDATE billing_runs SET entry_id = $3 WHERE community_id = $1 "
	                                            "AND id = $2 AND entry_id IS NULL")
	                              : NULL;
	if (rc == YL_OK && up == NULL)
		return ERR_INTERNAL;
	if (rc == YL_OK) {
		db_bind_i64(up, 1, cid);
		db_bind_i64(up, 2, out->id);
		db_bind_i64(up, 3, out->entry_id);
		rc = db_done(db, up, "billing run entry");
	}
	return rc;
}

enum yl_err
store_billing_run(struct db *db, struct arena *a, int64_t cid, struct period p, bool preview, int64_t by, int64_t now,
                  struct run_outcome *out)
{
	memset(out, 0, sizeof *out);
	if (p.months != 1 && p.months != 3 && p.months != 12)
		return ERR_INVALID;
	struct run_input in = {0};
	enum yl_err rc = YL_OK;
	if ((out->month = read_fees(db, a, cid, p, &in, &rc)) != 0)
		out->refusal = RUN_NO_SCHEDULE;
	else if (rc == YL_OK && (out->month = closed_month(db, cid, p, &rc)) != 0)
		out->refusal = RUN_PERIOD_CLOSED;
	if (rc != YL_OK || out->refusal != RUN_OK)
		return rc;
	rc = read_units(db, cid, &in);
	if (rc == YL_OK)
		rc = read_billed(db, cid, p, &in);
	if (rc == YL_OK)
		rc = read_exemptions(db, a, cid, p, &in);
	if (rc == YL_OK)
		rc = run_pass(db, a, cid, p, &in, 0, preview, now, out, NULL);
	if (rc == YL_OK && out->bills == 0)
		out->refusal = in.nunits ? RUN_ALREADY_BILLED : RUN_NO_UNITS;
	if (rc == YL_OK && out->refusal == RUN_OK && preview) {
		for (size_t i = 0; rc == YL_OK && i < out->nfirst; i++)
			rc = unit_label(db, a, cid, out->first[i].unit_id, &out->first[i].unit);
		for (size_t i = 0; rc == YL_OK && i < out->nreliefs; i++)
			rc = unit_label(db, a, cid, out->reliefs[i].unit_id, &out->reliefs[i].unit);
	} else if (rc == YL_OK && out->refusal == RUN_OK) {
		rc = insert_run(db, cid, p, &in, by, now, out);
		int64_t units[2] = {0, 0}; /* the first and the last unit billed */
		if (rc == YL_OK)
			rc = run_pass(db, a, cid, p, &in, out->id, false, now, out, units);
		if (rc == YL_OK)
			rc = record_bills(db, cid, out->id, p, units);
	}
	run_input_free(&in);
	return rc;
}

#define RUN_SELECT                                                                                                     \
	"SELECT r.id, r.first_month, r.months, r.bills, r.total, coalesce(r.entry_id, 0), r.created_by, r.created_at, " \
	ACCOUNT_NAME " FROM billing_runs r JOIN accounts a ON a.id = r.created_by WHERE r.community_id = $1 "

static void
read_run(struct arena *a, struct stmt *st, void *elem)
{
	struct billing_run *r = elem;
	r->id = db_col_i64(st, 0);
	r->period = (struct period){(int)db_col_i64(st, 1), (int)db_col_i64(st, 2)};
	r->bills = db_col_i64(st, 3);
	r->total = db_col_i64(st, 4);
	r->entry_id = db_col_i64(st, 5);
	r->created_by = db_col_i64(st, 6);
	r->created_at = db_col_i64(st, 7);
	r->created_by_name = db_text(a, st, 8, "");
}

enum yl_err
store_billing_runs(struct db *db, struct arena *a, int64_t cid, int64_t limit, struct billing_run **v, size_t *n)
{
	struct stmt *st = db_prep(db, RUN_SELECT "ORDER BY r.id DESC LIMIT $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, limit);
	return db_rows(db, a, st, read_run, sizeof **v, v, n, "billing runs");
}

enum yl_err
store_billing_run_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct billing_run *out)
{
	static const char sql[] = RUN_SELECT "AND r.id = $2";
	return db_row_by_id(db, a, sql, cid, id, read_run, out, sizeof *out, "billing run");
}

enum yl_err
store_billing_run_community(struct db *db, int64_t id, int64_t *cid)
{
	static const char sql[] = "SELECT community_id FROM billing_runs WHERE id = $1";
	return db_community_of(db, sql, id, cid, NULL, NULL);
}

enum yl_err
store_billing_run_covering(struct db *db, struct arena *a, int64_t cid, struct period p, struct billing_run *out,
                           int64_t *bills)
{
	/* runs never cross a year, so first_month + months − 1 is a run's last month in YYYYMM */
	struct stmt *st = db_prep(db, RUN_SELECT "AND r.first_month <= $3 AND r.first_month + r.months - 1 >= $2 "
	                                         "ORDER BY r.id DESC LIMIT 1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, p.first);
	db_bind_i64(st, 3, period_last(p));
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_run(a, st, out);
	enum yl_err e = db_one(db, st, rc, "run covering");
	if (e != YL_OK)
		return e;
#define COVERING(run_bills)                                                                                            \
	"SELECT count(*) FROM billing_runs r CROSS JOIN bills b WHERE r.community_id = $1 AND r.first_month BETWEEN $2 " \
	"AND $3 AND r.first_month + r.months - 1 >= $4 AND " run_bills
	struct stmt *c = db_prep(db, db_sql(db, COVERING(RUN_BILLS_LITE), COVERING(RUN_BILLS_PG)));
#undef COVERING
	if (c == NULL)
		return ERR_INTERNAL;
	db_bind_i64(c, 1, cid);
	db_bind_i64(c, 2, (p.first / 100) * 100 + 1);
	db_bind_i64(c, 3, period_last(p));
	db_bind_i64(c, 4, p.first);
	rc = db_step(c);
	*bills = rc == DB_ROW ? db_col_i64(c, 0) : 0;
	return db_one(db, c, rc, "bills covering");
}

/* Bills ---------------------------------------------------------------------------------------- */

#define BILL_FROM                                                                                                      \
	"SELECT x.id, x.unit_id, u.building_id, x.run_id, " UNIT_LABEL ", x.first_month, x.last_month, x.area, "        \
	"x.price_months, x.area_fee, x.fixed_fee, x.relief, x.total, x.paid, x.created_at FROM bills x " UNIT_JOIN
#define BILL_SELECT BILL_FROM "WHERE x.community_id = $1 "

static void
read_bill(struct arena *a, struct stmt *st, void *elem)
{
	struct bill *b = elem;
	b->id = db_col_i64(st, 0);
	b->unit_id = db_col_i64(st, 1);
	b->building_id = db_col_i64(st, 2);
	b->run_id = db_col_i64(st, 3);
	b->unit = db_text(a, st, 4, "");
	b->first = (int)db_col_i64(st, 5);
	b->last = (int)db_col_i64(st, 6);
	b->area = db_col_i64(st, 7);
	b->price_months = db_col_i64(st, 8);
	b->area_fee = db_col_i64(st, 9);
	b->fixed_fee = db_col_i64(st, 10);
	b->relief = db_col_i64(st, 11);
	b->total = db_col_i64(st, 12);
	b->paid = db_col_i64(st, 13);
	b->created_at = db_col_i64(st, 14);
}

static void
read_line(struct arena *a, struct stmt *st, void *elem)
{
	struct bill_line *l = elem;
	l->kind = db_text(a, st, 0, "");
	l->label = db_text(a, st, 1, "");
	l->amount = db_col_i64(st, 2);
}

enum yl_err
store_bill_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct bill *out)
{
	static const char sql[] = BILL_SELECT "AND x.id = $2";
	memset(out, 0, sizeof *out);
	enum yl_err e = db_row_by_id(db, a, sql, cid, id, read_bill, out, sizeof *out, "bill");
	if (e != YL_OK)
		return e;
	/* the run's fixed lines (1..k), then the bill's own (k+1 …): see schema/017_run_lines.sql */
	struct stmt *li = db_prep(db, "SELECT 'fixed' AS kind, label, amount, position FROM billing_run_lines "
	                              "WHERE community_id = $1 AND run_id = $3 UNION ALL SELECT kind, label, amount, "
	                              "position FROM bill_lines WHERE community_id = $1 AND bill_id = $2 ORDER BY position");
	if (li == NULL)
		return ERR_INTERNAL;
	db_bind_i64(li, 1, cid);
	db_bind_i64(li, 2, id);
	db_bind_i64(li, 3, out->run_id);
	return db_rows(db, a, li, read_line, sizeof *out->lines, &out->lines, &out->nlines, "bill lines");
}

enum yl_err
store_bill_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id, int64_t *unit_id)
{
	static const char sql[] = "SELECT x.community_id, u.building_id, x.unit_id FROM bills x "
	                          "JOIN units u ON u.community_id = x.community_id AND u.id = x.unit_id WHERE x.id = $1";
	return db_community_of(db, sql, id, cid, building_id, unit_id);
}

enum yl_err
store_run_bills(struct db *db, struct arena *a, int64_t cid, int64_t run_id, int64_t limit, int64_t offset,
                struct bill **v, size_t *n, int64_t *total)
{
	struct stmt *c = db_prep(db, "SELECT bills, first_bill, last_bill FROM billing_runs WHERE community_id = $1 "
	                             "AND id = $2");
	if (c == NULL)
		return ERR_INTERNAL;
	db_bind_i64(c, 1, cid);
	db_bind_i64(c, 2, run_id);
	int rc = db_step(c);
	int64_t first = 0, last = 0;
	*total = 0;
	if (rc == DB_ROW) {
		*total = db_col_i64(c, 0);
		first = db_col_i64(c, 1);
		last = db_col_i64(c, 2);
	}
	enum yl_err e = db_one(db, c, rc, "run bills count");
	if (e != YL_OK)
		return e;
	/* the run's stretch of ids by primary key (store/run_bills.h says why SQLite's has a plus) */
#define RUN_PAGE(community)                                                                                            \
	BILL_FROM "WHERE " community " = $1 AND x.id BETWEEN $5 AND $6 AND x.run_id = $2 ORDER BY x.id LIMIT $3 OFFSET $4"
	struct stmt *st = db_prep(db, db_sql(db, RUN_PAGE("+x.community_id"), RUN_PAGE("x.community_id")));
#undef RUN_PAGE
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, run_id);
	db_bind_i64(st, 3, limit);
	db_bind_i64(st, 4, offset);
	db_bind_i64(st, 5, first);
	db_bind_i64(st, 6, last);
	return db_rows(db, a, st, read_bill, sizeof **v, v, n, "run bills");
}

struct line_row {
	int64_t bill_id;
	struct bill_line l;
};

static void
read_line_row(struct arena *a, struct stmt *st, void *elem)
{
	struct line_row *r = elem;
	r->bill_id = db_col_i64(st, 0);
	r->l.kind = db_text(a, st, 1, "");
	r->l.label = db_text(a, st, 2, "");
	r->l.amount = db_col_i64(st, 3);
}

enum yl_err
store_unit_bills(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, struct bill **v, size_t *n)
{
	struct stmt *st = db_prep(db, BILL_SELECT "AND x.unit_id = $2 ORDER BY x.first_month, x.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	enum yl_err e = db_rows(db, a, st, read_bill, sizeof **v, v, n, "unit bills");
	if (e != YL_OK || *n == 0)
		return e;
	/* CROSS JOIN: SQLite takes the unit's bills first, then each one's lines by key — its run's
	 * fixed lines (1..k), then its own (k+1 …) */
	struct stmt *ls = db_prep(db, "SELECT b.id AS bill_id, 'fixed' AS kind, l.label, l.amount, l.position FROM bills b "
	                              "CROSS JOIN billing_run_lines l WHERE b.community_id = $1 AND b.unit_id = $2 "
	                              "AND l.community_id = b.community_id AND l.run_id = b.run_id UNION ALL "
	                              "SELECT l.bill_id, l.kind, l.label, l.amount, l.position FROM bills b CROSS JOIN "
	                              "bill_lines l WHERE b.community_id = $1 AND b.unit_id = $2 AND l.community_id = "
	                              "b.community_id AND l.bill_id = b.id ORDER BY bill_id, position");
	if (ls == NULL)
		return ERR_INTERNAL;
	db_bind_i64(ls, 1, cid);
	db_bind_i64(ls, 2, unit_id);
	struct line_row *rows;
	size_t nr;
	e = db_rows(db, a, ls, read_line_row, sizeof *rows, &rows, &nr, "bill lines");
	if (e != YL_OK)
		return e;
	/* lines are few (a fixed item or two, an exemption): each bill takes its own */
	for (size_t i = 0; i < *n; i++) {
		struct bill *b = &(*v)[i];
		for (size_t k = 0; k < nr; k++)
			b->nlines += rows[k].bill_id == b->id;
		if (b->nlines == 0)
			continue;
		b->lines = arena_alloc(a, b->nlines * sizeof *b->lines);
		for (size_t k = 0, j = 0; k < nr; k++)
			if (rows[k].bill_id == b->id)
				b->lines[j++] = rows[k].l;
	}
	return YL_OK;
}
