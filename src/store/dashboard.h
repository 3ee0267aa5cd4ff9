/* dashboard.h: the figures of the public dashboard (issue 11) — counts, sums, medians and rates
 * of one community, never a name or a unit. Each figure is one grouped query (or two), read by
 * the indexes that lead with community_id, so the page costs the same few statements with 40
 * problems or 10,000. Strings live in the caller's arena. */
#ifndef YL_STORE_DASHBOARD_H
#define YL_STORE_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/plan.h"
#include "../core/problem.h"
#include "../core/result.h"
#include "../core/vote.h"
#include "decisions.h"
#include "works.h"

struct arena;
struct db;

/* How many months the vote and fee figures look back, the current month included. */
#define DASHBOARD_MONTHS 12

struct dash_category {
	const char *name, *name_en;
	int64_t problems;
};

/* One decision open now or closed in the window: its roll and who of it took part so far. */
struct dash_vote {
	int64_t id;
	const char *title;
	enum decision_state state;
	struct count total, voted;
};

/* One plan in force (its adopted version, else its newest published one). */
struct dash_plan {
	int64_t id, version;
	const char *title;
	int64_t items[ITEM_STATUS__COUNT];
	int64_t approved_cost;          /* Σ cost of its approved items, fen */
	int64_t works[WS__COUNT];
	int64_t accepted_cost;          /* Σ cost of the items whose work is accepted */
	int64_t paid;                   /* Σ paid on its works, corrections taken off (work_payments), fen */
};

/* Fees of one month: the bills whose first month it is, and what was paid towards them before
 * the month's end. */
struct dash_month {
	int month;                      /* YYYYMM */
	int64_t billed, paid;
};

/* Problems referred to one department (staff's table). */
struct dash_department {
	const char *name, *name_en;
	int64_t referred, overdue;
};

struct dashboard {
	int64_t by_state[PROBLEM__COUNT];
	struct dash_category *categories; /* every category, in the categories' order, with 0s */
	size_t ncategories;
	int64_t resolved;                 /* problems resolved or rated now */
	int64_t median_seconds;           /* reported → resolved over those; 0 when none */
	int64_t overdue;                  /* problem_overdue at now */
	int64_t rated, rating_sum;        /* residents' ratings of resolved problems (state rated) */
	int64_t work_ratings, work_rating_sum; /* residents' ratings of works */
	struct dash_vote *votes;          /* oldest first */
	size_t nvotes;
	struct dash_plan *plans;
	size_t nplans;
	struct dash_month months[DASHBOARD_MONTHS]; /* oldest first, the current month last */
	struct dash_department *departments;        /* with_departments only; by name */
	size_t ndepartments;
};

/* The figures of community cid at now (UTC s). with_departments: also the staff's table of
 * problems referred and overdue by department. */
enum yl_err store_dashboard(struct db *db, struct arena *a, int64_t cid, int64_t now, bool with_departments,
                            struct dashboard *out);

#endif
