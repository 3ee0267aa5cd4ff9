/* dashboard.c: SQL for the dashboard's figures (see dashboard.h). */
#include "dashboard.h"
#include "db.h"
#include "disclosures.h"
#include "plans.h"
#include "../core/arena.h"
#include "../core/period.h"
#include "../core/words.h"

#include <string.h>

/* Problems --------------------------------------------------------------------------------- */

/* The closed states as the problem list has them (store/problems.c CLOSED_STATES): resolved and
 * rated are the ones that were fixed. */
#define FIXED_STATES "('resolved', 'rated')"

static enum yl_err
by_state(struct db *db, int64_t cid, struct dashboard *d)
{
	struct stmt *st = db_prep(db, "SELECT state, count(*) FROM problems WHERE community_id = $1 GROUP BY state");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int s = problem_state_from_name(db_col_text(st, 0));
		if (s >= 0)
			d->by_state[s] += db_col_i64(st, 1);
	}
	db_reset(st);
	return rc == DB_DONE ? YL_OK : db_fail(db, "dashboard states");
}

static void
read_category(struct arena *a, struct stmt *st, void *elem)
{
	struct dash_category *c = elem;
	c->name = db_text(a, st, 0, "");
	c->name_en = db_text(a, st, 1, "");
	c->problems = db_col_i64(st, 2);
}

static enum yl_err
by_category(struct db *db, struct arena *a, int64_t cid, struct dashboard *d)
{
	/* the count is a correlated subquery per category (a few dozen), each read from the
	 * problems_by_category index alone */
	struct stmt *st = db_prep(db, "SELECT c.name, c.name_en, (SELECT count(*) FROM problems p WHERE p.community_id = "
	                              "c.community_id AND p.category_id = c.id) FROM problem_categories c "
	                              "WHERE c.community_id = $1 ORDER BY c.sort_key, c.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_category, sizeof *d->categories, &d->categories, &d->ncategories,
	               "dashboard categories");
}

/* One row of n integers from a statement whose parameters $1..$nargs are args. */
static enum yl_err
ints(struct db *db, const char *sql, const int64_t *args, int nargs, int64_t *out, int n, const char *what)
{
	struct stmt *st = db_prep(db, sql);
	if (st == NULL)
		return ERR_INTERNAL;
	for (int i = 0; i < nargs; i++)
		db_bind_i64(st, i + 1, args[i]);
	int rc = db_step(st);
	for (int i = 0; i < n; i++)
		out[i] = rc == DB_ROW ? db_col_i64(st, i) : 0;
	return db_one(db, st, rc, what);
}

/* The exact median of reported → resolved over the problems fixed now: the middle one of the
 * sorted durations, or for an even count the mean of the two middle ones rounded half up to the
 * second (so two problems of 1 and 2 days give 1.5 days, not 1). Two statements: the count, then
 * the one or two middle values. */
static enum yl_err
median(struct db *db, int64_t cid, struct dashboard *d)
{
	enum yl_err e = ints(db, "SELECT count(*) FROM problems WHERE community_id = $1 AND state IN " FIXED_STATES
	                         " AND resolved_at IS NOT NULL",
	                     &cid, 1, &d->resolved, 1, "dashboard resolved");
	if (e != YL_OK || d->resolved == 0)
		return e;
	struct stmt *st = db_prep(db, "SELECT resolved_at - created_at AS took FROM problems WHERE community_id = $1 "
	                              "AND state IN " FIXED_STATES " AND resolved_at IS NOT NULL ORDER BY took LIMIT 2 OFFSET $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, (d->resolved - 1) / 2);
	int64_t v[2] = {0, 0};
	int rc, got = 0;
	while ((rc = db_step(st)) == DB_ROW)
		if (got < 2)
			v[got++] = db_col_i64(st, 0);
	db_reset(st);
	if (rc != DB_DONE)
		return db_fail(db, "dashboard median");
	if (d->resolved % 2 == 1 || got < 2)
		d->median_seconds = v[0];
	else /* both are durations ≥ 0 in practice; the half-up of a negative sum is not a case */
		d->median_seconds = v[0] / 2 + v[1] / 2 + (v[0] % 2 + v[1] % 2 + 1) / 2;
	return YL_OK;
}

static enum yl_err
problems(struct db *db, struct arena *a, int64_t cid, int64_t now, struct dashboard *d)
{
	const int64_t args[] = {cid, now};
	enum yl_err e = by_state(db, cid, d);
	if (e == YL_OK)
		e = by_category(db, a, cid, d);
	if (e == YL_OK)
		e = median(db, cid, d);
	/* overdue as core/problem.c problem_overdue has it (and the list's overdue filter): referred,
	 * a due instant, and now at or past it */
	if (e == YL_OK)
		e = ints(db, "SELECT count(*) FROM problems WHERE community_id = $1 AND state = 'referred' "
		             "AND due_at IS NOT NULL AND due_at > 0 AND due_at <= $2",
		         args, 2, &d->overdue, 1, "dashboard overdue");
	int64_t r[2];
	if (e == YL_OK)
		e = ints(db, "SELECT count(*), coalesce(sum(rating), 0) FROM problems WHERE community_id = $1 "
		             "AND state = 'rated' AND rating IS NOT NULL",
		         args, 1, r, 2, "dashboard ratings");
	if (e == YL_OK) {
		d->rated = r[0];
		d->rating_sum = r[1];
		e = ints(db, "SELECT count(*), coalesce(sum(rating), 0) FROM work_ratings WHERE community_id = $1", args, 1,
		         r, 2, "dashboard work ratings");
		d->work_ratings = r[0];
		d->work_rating_sum = r[1];
	}
	return e;
}

static void
read_department(struct arena *a, struct stmt *st, void *elem)
{
	struct dash_department *x = elem;
	x->name = db_text(a, st, 0, "");
	x->name_en = db_text(a, st, 1, "");
	x->referred = db_col_i64(st, 2);
	x->overdue = db_col_i64(st, 3);
}

static enum yl_err
departments(struct db *db, struct arena *a, int64_t cid, int64_t now, struct dashboard *d)
{
	struct stmt *st = db_prep(db, "SELECT dp.name, dp.name_en, count(*), "
	                              "coalesce(sum(CASE WHEN p.due_at > 0 AND p.due_at <= $2 THEN 1 ELSE 0 END), 0) "
	                              "FROM problems p JOIN departments dp ON dp.id = p.department_id "
	                              "WHERE p.community_id = $1 AND p.state = 'referred' "
	                              "GROUP BY dp.id, dp.name, dp.name_en ORDER BY dp.name");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, now);
	return db_rows(db, a, st, read_department, sizeof *d->departments, &d->departments, &d->ndepartments,
	               "dashboard departments");
}

/* Votes ------------------------------------------------------------------------------------- */

static void
read_vote(struct arena *a, struct stmt *st, void *elem)
{
	struct dash_vote *v = elem;
	v->id = db_col_i64(st, 0);
	v->title = db_text(a, st, 1, "");
	int s = word_index(decision_state_names, DST__COUNT, db_col_text(st, 2));
	v->state = s < 0 ? DST_OPEN : (enum decision_state)s;
	v->total.owners = db_col_i64(st, 3);
	v->total.area = db_col_i64(st, 4);
	v->voted.owners = db_col_i64(st, 5);
	v->voted.area = db_col_i64(st, 6);
}

/* Each decision open now or closed since since: its frozen roll and who has taken part, as its
 * ballots keep it (schema/023: a voter's first live ballot adds them, a replacement nothing; after
 * the close nothing changes, so the same figure holds). No row: no ballot yet. */
static enum yl_err
votes(struct db *db, struct arena *a, int64_t cid, int64_t since, struct dashboard *d)
{
	struct stmt *st = db_prep(db, "SELECT d.id, d.title, d.state, d.total_owners, d.total_area, coalesce(t.owners, 0), "
	                              "coalesce(t.area, 0) FROM decisions d "
	                              "LEFT JOIN decision_turnout t ON t.community_id = d.community_id AND t.decision_id = d.id "
	                              "WHERE d.community_id = $1 AND (d.state = 'open' "
	                              "OR (d.state IN ('closed', 'announced') AND d.closed_at >= $2)) ORDER BY d.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, since);
	return db_rows(db, a, st, read_vote, sizeof *d->votes, &d->votes, &d->nvotes, "dashboard votes");
}

/* Plans ------------------------------------------------------------------------------------- */

/* Works of a plan by state, with the cost of the accepted ones' items in version_id, and what was
 * paid on them all. */
static enum yl_err
plan_works(struct db *db, int64_t cid, struct dash_plan *p, int64_t version_id)
{
	struct stmt *st = db_prep(db, "SELECT w.state, count(*), coalesce(sum(i.cost), 0) FROM works w "
	                              "LEFT JOIN plan_items i ON i.community_id = w.community_id AND i.version_id = $3 "
	                              "AND i.key = w.item_key WHERE w.community_id = $1 AND w.plan_id = $2 GROUP BY w.state");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, p->id);
	db_bind_i64(st, 3, version_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int s = work_state_from_name(db_col_text(st, 0));
		if (s < 0)
			continue;
		p->works[s] += db_col_i64(st, 1);
		if (s == WS_ACCEPTED)
			p->accepted_cost += db_col_i64(st, 2);
	}
	db_reset(st);
	if (rc != DB_DONE)
		return db_fail(db, "dashboard works");
	/* what was paid: the plan's works by their unique (community, plan, item) index, each one's
	 * payments by work_payments_by_work */
	const int64_t args[] = {cid, p->id};
	return ints(db, "SELECT coalesce(sum(p.amount), 0) FROM works w JOIN work_payments p ON p.community_id = "
	                "w.community_id AND p.work_id = w.id WHERE w.community_id = $1 AND w.plan_id = $2",
	            args, 2, &p->paid, 1, "dashboard paid");
}

/* A plan's items are judged as the plan page judges them (store_plan_item_states: a few dozen
 * items, each linked decision read once); a plan with no published version is not in force. */
static enum yl_err
plans(struct db *db, struct arena *a, int64_t cid, struct dashboard *d)
{
	struct plan *pv;
	size_t n;
	enum yl_err e = store_plans(db, a, cid, &pv, &n);
	if (e != YL_OK)
		return e;
	d->plans = arena_zalloc(a, (n ? n : 1) * sizeof *d->plans);
	for (size_t i = 0; i < n && e == YL_OK; i++) {
		int64_t number = pv[i].adopted_version ? pv[i].adopted_version : pv[i].published;
		if (number == 0)
			continue;
		struct plan_version ver;
		struct item_state *items;
		size_t nitems;
		e = store_plan_version(db, a, cid, pv[i].id, number, &ver);
		if (e == YL_OK)
			e = store_plan_item_states(db, a, cid, &pv[i], &ver, &items, &nitems);
		if (e != YL_OK)
			break;
		struct dash_plan *p = &d->plans[d->nplans++];
		p->id = pv[i].id;
		p->version = number;
		p->title = pv[i].title;
		for (size_t k = 0; k < nitems; k++) {
			p->items[items[k].status]++;
			if (items[k].status == ITEM_APPROVED)
				p->approved_cost += items[k].row.it.cost;
		}
		e = plan_works(db, cid, p, ver.id);
	}
	return e;
}

/* Fees -------------------------------------------------------------------------------------- */

static enum yl_err
fees(struct db *db, int64_t cid, int first, struct dashboard *d)
{
	enum yl_err e = YL_OK;
	for (int i = 0; i < DASHBOARD_MONTHS && e == YL_OK; i++) {
		struct dash_month *m = &d->months[i];
		m->month = month_add(first, i);
		e = store_fee_collection(db, cid, m->month, m->month, month_add(m->month, 1), &m->billed, &m->paid);
	}
	return e;
}

enum yl_err
store_dashboard(struct db *db, struct arena *a, int64_t cid, int64_t now, bool with_departments,
                struct dashboard *out)
{
	memset(out, 0, sizeof *out);
	int first = month_add(month_of(now), 1 - DASHBOARD_MONTHS);
	enum yl_err e = problems(db, a, cid, now, out);
	if (e == YL_OK && with_departments)
		e = departments(db, a, cid, now, out);
	if (e == YL_OK)
		e = votes(db, a, cid, month_start(first), out);
	if (e == YL_OK)
		e = plans(db, a, cid, out);
	if (e == YL_OK)
		e = fees(db, cid, first, out);
	return e;
}
