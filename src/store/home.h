/* home.h: SQL for the resident's home page (issue 11) — the two things no other store answers in
 * one indexed query: the open votes an account's owners are on the roll of (voted or not), and
 * the problems an account reported or said "me too" to. Strings live in the caller's arena. */
#ifndef YL_STORE_HOME_H
#define YL_STORE_HOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/problem.h"
#include "../core/result.h"

struct arena;
struct db;

/* An open decision the account votes on, as the voter the decision page would cast for. */
struct home_vote {
	int64_t decision_id;
	const char *title;
	int64_t closes_on;   /* 0: no planned close */
	bool voted;          /* a live ballot of that voter, cast online, on paper or by proxy */
};
/* The open decisions on whose frozen roll one of the account's owners is a voter (through a
 * delivered unit, or as the developer), one row each, the soonest to close first (those without
 * a close date last), then by id; at most limit. */
enum yl_err store_home_votes(struct db *db, struct arena *a, int64_t cid, int64_t account_id, int64_t limit,
                             struct home_vote **v, size_t *n);

/* A problem as the home lists it. */
struct home_problem {
	int64_t id;
	const char *description, *category, *category_en;
	enum problem_state state;
	bool reported;       /* reported by the account; false: a "me too" */
	int64_t created_at, updated_at;
};
/* The problems the account reported or supported, newest first, at most limit. */
enum yl_err store_home_problems(struct db *db, struct arena *a, int64_t cid, int64_t account_id, int64_t limit,
                                struct home_problem **v, size_t *n);

#endif
