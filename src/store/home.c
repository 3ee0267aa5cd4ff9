/* home.c: SQL for the resident's home page (see home.h). */
#include "home.h"
#include "db.h"
#include "../core/arena.h"

#include <string.h>

static void
read_vote(struct arena *a, struct stmt *st, void *elem)
{
	struct home_vote *v = elem;
	v->decision_id = db_col_i64(st, 0);
	v->title = db_text(a, st, 1, "");
	v->closes_on = db_col_i64(st, 2);
	v->voted = db_col_i64(st, 3) != 0;
}

enum yl_err
store_home_votes(struct db *db, struct arena *a, int64_t cid, int64_t account_id, int64_t limit, struct home_vote **v,
                 size_t *n)
{
	/* The voter rule is store_decision_voter_of_owner's: a unit sold but not yet handed over is
	 * the developer's to vote for, so its buyer is no voter through it. An account acting for two
	 * owners (rare) has voted when either of them has. CROSS JOIN keeps SQLite's order: the
	 * community's open decisions, then the account's owners, then their units on each roll by
	 * decision_roll_units_by_owner (joined first by owner, it read every roll of the community). */
	struct stmt *st = db_prep(db, "SELECT d.id, d.title, coalesce(d.closes_on, 0), max(CASE WHEN EXISTS (SELECT 1 "
	                              "FROM ballots b WHERE b.community_id = r.community_id AND b.decision_id = r.decision_id "
	                              "AND b.voter = r.voter AND b.replaced_at IS NULL) THEN 1 ELSE 0 END) "
	                              "FROM decisions d CROSS JOIN owner_accounts oa CROSS JOIN decision_roll_units r "
	                              "WHERE d.community_id = $1 AND d.state = 'open' AND oa.community_id = $1 "
	                              "AND oa.account_id = $2 AND r.community_id = $1 AND r.decision_id = d.id "
	                              "AND r.owner_id = oa.owner_id AND (r.voter = r.owner_id OR EXISTS (SELECT 1 FROM "
	                              "owners o WHERE o.community_id = $1 AND o.id = r.owner_id AND o.kind = 'developer')) "
	                              "GROUP BY d.id, d.title, d.closes_on "
	                              "ORDER BY d.closes_on IS NULL, d.closes_on, d.id LIMIT $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	db_bind_i64(st, 3, limit);
	return db_rows(db, a, st, read_vote, sizeof **v, v, n, "home votes");
}

static void
read_problem(struct arena *a, struct stmt *st, void *elem)
{
	struct home_problem *p = elem;
	p->id = db_col_i64(st, 0);
	p->description = db_text(a, st, 1, "");
	p->category = db_text(a, st, 2, "");
	p->category_en = db_text(a, st, 3, "");
	int s = problem_state_from_name(db_text(a, st, 4, ""));
	p->state = s < 0 ? PROBLEM_REPORTED : (enum problem_state)s;
	p->reported = db_col_i64(st, 5) != 0;
	p->created_at = db_col_i64(st, 6);
	p->updated_at = db_col_i64(st, 7);
}

enum yl_err
store_home_problems(struct db *db, struct arena *a, int64_t cid, int64_t account_id, int64_t limit,
                    struct home_problem **v, size_t *n)
{
	/* Two indexed lookups (problems_by_reporter, problem_supports_by_account) united first, then
	 * the rows by id: with "p.id IN (…)" SQLite walked the community's every problem in
	 * problems_by_created to spare itself the sort of five rows. */
	struct stmt *st = db_prep(db, "SELECT p.id, p.description, c.name, c.name_en, p.state, "
	                              "CASE WHEN p.reporter_id = $2 THEN 1 ELSE 0 END, p.created_at, p.updated_at "
	                              "FROM (SELECT id FROM problems WHERE community_id = $1 AND reporter_id = $2 UNION "
	                              "SELECT problem_id FROM problem_supports WHERE community_id = $1 AND account_id = $2) m "
	                              "CROSS JOIN problems p JOIN problem_categories c ON c.community_id = p.community_id "
	                              "AND c.id = p.category_id WHERE p.community_id = $1 AND p.id = m.id "
	                              "ORDER BY p.created_at DESC, p.id DESC LIMIT $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	db_bind_i64(st, 3, limit);
	return db_rows(db, a, st, read_problem, sizeof **v, v, n, "home problems");
}
