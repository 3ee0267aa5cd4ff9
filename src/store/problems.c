/* problems.c: SQL for the problem list (see problems.h). Lists filter with one statement whose
 * optional conditions are switched off by NULL or 0 parameters, so every filter combination is
 * one cached statement; search is SQLite's trigram FTS5 index (keyed by community too) for three
 * characters or more and a substring scan inside the community for shorter words (and always on
 * PostgreSQL). */
#include "problems.h"
#include "db.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/utf8.h"

#include <stdio.h>
#include <string.h>

const char *const problem_channel_names[CHANNEL__COUNT] = {
	[CHANNEL_WEB] = "web", [CHANNEL_PAPER] = "paper", [CHANNEL_PROXY] = "proxy", [CHANNEL_OPEN311] = "open311"};

int
problem_channel_from_name(const char *s)
{
	for (int i = 0; s && i < CHANNEL__COUNT; i++)
		if (strcmp(s, problem_channel_names[i]) == 0)
			return i;
	return -1;
}

static void
bind_opt_id(struct stmt *st, int i, int64_t v)
{
	db_bind_opt_i64(st, i, v);
}

/* Departments ------------------------------------------------------------------------- */

static void
read_department(struct arena *a, struct stmt *st, void *elem)
{
	struct department *d = elem;
	d->id = db_col_i64(st, 0);
	d->name = db_text(a, st, 1, "");
	d->name_en = db_text(a, st, 2, "");
}

enum yl_err
store_departments(struct db *db, struct arena *a, int64_t cid, struct department **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, name, name_en FROM departments WHERE community_id = $1 ORDER BY id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_department, sizeof **v, v, n, "departments");
}

enum yl_err
store_department_ensure(struct db *db, int64_t cid, const char *name, const char *name_en, int64_t *id)
{
	struct stmt *f = db_prep(db, "SELECT id FROM departments WHERE community_id = $1 AND name = $2");
	if (f == NULL)
		return ERR_INTERNAL;
	db_bind_i64(f, 1, cid);
	db_bind_text(f, 2, name);
	int rc = db_step(f);
	if (rc == DB_ROW)
		*id = db_col_i64(f, 0);
	db_reset(f);
	if (rc == DB_ROW)
		return YL_OK;
	if (rc != DB_DONE)
		return db_fail(db, "department find");
	struct stmt *ins = db_prep(db, "INSERT INTO departments (community_id, name, name_en) VALUES ($1, $2, $3) RETURNING id");
	if (ins == NULL)
		return ERR_INTERNAL;
	db_bind_i64(ins, 1, cid);
	db_bind_text(ins, 2, name);
	db_bind_text(ins, 3, name_en ? name_en : "");
	return db_insert(db, ins, "department insert", id);
}

enum yl_err
store_department_of(struct db *db, int64_t cid, int64_t account_id, int64_t *department_id)
{
	struct stmt *st = db_prep(db, "SELECT department_id FROM department_accounts WHERE community_id = $1 AND account_id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*department_id = db_col_i64(st, 0);
	return db_one(db, st, rc, "department of");
}

enum yl_err
store_department_assign(struct db *db, int64_t cid, int64_t account_id, int64_t department_id)
{
	struct stmt *st = db_prep(db, "INSERT INTO department_accounts (community_id, account_id, department_id) VALUES ($1, $2, $3) "
	                              "ON CONFLICT (community_id, account_id) DO UPDATE SET department_id = excluded.department_id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	db_bind_i64(st, 3, department_id);
	return db_done(db, st, "department assign");
}

/* Categories -------------------------------------------------------------------------- */

#define CATEGORY_SQL                                                                                          \
	"SELECT c.id, c.code, c.name, c.name_en, c.department_id, d.name, c.sla_days, c.sort_key "                \
	"FROM problem_categories c LEFT JOIN departments d ON d.community_id = c.community_id AND d.id = c.department_id "

static void
read_category(struct arena *a, struct stmt *st, void *elem)
{
	struct category *c = elem;
	c->id = db_col_i64(st, 0);
	c->code = db_text(a, st, 1, "");
	c->name = db_text(a, st, 2, "");
	c->name_en = db_text(a, st, 3, "");
	c->department_id = db_col_i64(st, 4);
	c->department = db_text(a, st, 5, "");
	c->sla_days = (int)db_col_i64(st, 6);
	c->sort_key = (int)db_col_i64(st, 7);
}

enum yl_err
store_categories(struct db *db, struct arena *a, int64_t cid, struct category **v, size_t *n)
{
	struct stmt *st = db_prep(db, CATEGORY_SQL "WHERE c.community_id = $1 ORDER BY c.sort_key, c.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_category, sizeof **v, v, n, "categories");
}

enum yl_err
store_category_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct category *out)
{
	return db_row_by_id(db, a, CATEGORY_SQL "WHERE c.community_id = $1 AND c.id = $2", cid, id, read_category, out,
	                    sizeof *out, "category get");
}

enum yl_err
store_category_by_code(struct db *db, struct arena *a, int64_t cid, const char *code, struct category *out)
{
	struct stmt *st = db_prep(db, CATEGORY_SQL "WHERE c.community_id = $1 AND c.code = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, code);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_category(a, st, out);
	return db_one(db, st, rc, "category get");
}

/* The seed: what a compound's problems are mostly about, with the SLA days a community office
 * would start from (it edits them on the categories page). */
static const struct {
	const char *code, *name, *name_en;
	int sla;
} seed[] = {
	{"drainage", "排水", "Drainage", 7},       {"roads", "道路", "Roads and paths", 15},
	{"greening", "绿化/树木", "Greening and trees", 15}, {"lighting", "照明", "Lighting", 7},
	{"walls_roofs", "墙体/屋面", "Walls and roofs", 30}, {"pipes", "管线", "Pipes and cables", 15},
	{"parking", "停车", "Parking", 15},        {"sanitation", "环境卫生", "Sanitation", 7},
	{"safety", "安全隐患", "Safety hazards", 3}, {"other", "其他", "Other", 15},
};

enum yl_err
store_categories_seed(struct db *db, int64_t cid)
{
	struct stmt *st = db_prep(db, "INSERT INTO problem_categories (community_id, code, name, name_en, sla_days, sort_key) "
	                              "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (community_id, code) DO NOTHING");
	if (st == NULL)
		return ERR_INTERNAL;
	for (size_t i = 0; i < sizeof seed / sizeof seed[0]; i++) {
		db_bind_i64(st, 1, cid);
		db_bind_text(st, 2, seed[i].code);
		db_bind_text(st, 3, seed[i].name);
		db_bind_text(st, 4, seed[i].name_en);
		db_bind_i64(st, 5, seed[i].sla);
		db_bind_i64(st, 6, (int64_t)(i + 1) * 10);
		enum yl_err rc = db_done(db, st, "category seed");
		if (rc != YL_OK)
			return rc;
	}
	return YL_OK;
}

enum yl_err
store_category_update(struct db *db, int64_t cid, const struct category *c)
{
	struct stmt *st = db_prep(db, "UPDATE problem_categories SET name = $3, name_en = $4, department_id = $5, sla_days = $6, "
	                              "code = $7 WHERE community_id = $1 AND id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, c->id);
	db_bind_text(st, 3, c->name);
	db_bind_text(st, 4, c->name_en);
	bind_opt_id(st, 5, c->department_id);
	db_bind_i64(st, 6, c->sla_days);
	db_bind_text(st, 7, c->code);
	enum yl_err rc = db_done(db, st, "category update");
	if (rc == YL_OK && db_changes(st) == 0)
		return ERR_NOTFOUND;
	return rc;
}

/* Problems ---------------------------------------------------------------------------- */

#define PROBLEM_COLS                                                                                          \
	"p.id, p.community_id, p.category_id, c.code, c.name, c.name_en, p.description, p.building_id, "         \
	"p.stairwell_id, b.name, s.name, p.place, p.urgent, p.state, p.channel, p.reporter_id, "                 \
	"CASE WHEN p.reporter_name <> '' THEN p.reporter_name ELSE a.display_name END, p.reporter_contact, "     \
	"p.entered_by, p.department_id, d.name, d.name_en, p.due_at, p.resolved_at, p.merged_into, p.list_id, " \
	"p.rating, p.supports, p.photos, p.created_at, p.updated_at "
#define PROBLEM_JOINS                                                                                         \
	"FROM problems p JOIN problem_categories c ON c.community_id = p.community_id AND c.id = p.category_id " \
	"LEFT JOIN buildings b ON b.community_id = p.community_id AND b.id = p.building_id "                    \
	"LEFT JOIN stairwells s ON s.community_id = p.community_id AND s.id = p.stairwell_id "                  \
	"LEFT JOIN departments d ON d.community_id = p.community_id AND d.id = p.department_id "                \
	"LEFT JOIN accounts a ON a.id = p.reporter_id "

static void
read_problem(struct arena *a, struct stmt *st, void *elem)
{
	struct problem *p = elem;
	memset(p, 0, sizeof *p);
	p->id = db_col_i64(st, 0);
	p->community_id = db_col_i64(st, 1);
	p->category_id = db_col_i64(st, 2);
	p->category_code = db_text(a, st, 3, "");
	p->category_name = db_text(a, st, 4, "");
	p->category_name_en = db_text(a, st, 5, "");
	p->description = db_text(a, st, 6, "");
	p->building_id = db_col_i64(st, 7);
	p->stairwell_id = db_col_i64(st, 8);
	p->building = db_text(a, st, 9, "");
	p->stairwell = db_text(a, st, 10, "");
	p->place = db_text(a, st, 11, "");
	p->urgent = db_col_i64(st, 12) != 0;
	int s = problem_state_from_name(db_col_text(st, 13));
	p->state = s < 0 ? PROBLEM_REPORTED : (enum problem_state)s;
	int ch = problem_channel_from_name(db_col_text(st, 14));
	p->channel = ch < 0 ? CHANNEL_WEB : (enum problem_channel)ch;
	p->reporter_id = db_col_i64(st, 15);
	p->reporter_name = db_text(a, st, 16, "");
	p->reporter_contact = db_text(a, st, 17, "");
	p->entered_by = db_col_i64(st, 18);
	p->department_id = db_col_i64(st, 19);
	p->department = db_text(a, st, 20, "");
	p->department_en = db_text(a, st, 21, "");
	p->due_at = db_col_i64(st, 22);
	p->resolved_at = db_col_i64(st, 23);
	p->merged_into = db_col_i64(st, 24);
	p->list_id = db_col_i64(st, 25);
	p->rating = (int)db_col_i64(st, 26);
	p->supports = db_col_i64(st, 27);
	p->photos = db_col_i64(st, 28);
	p->created_at = db_col_i64(st, 29);
	p->updated_at = db_col_i64(st, 30);
	p->last_note = "";
}

/* $1 community; $2 state name; $3 open (2) / closed (1); $4 category; $5 building;
 * $6 department; $7 reporter; $8 list; $9 overdue: now; $10 unlisted verified (1); $11 text
 * for the FTS index (a quoted phrase); $12 text for a substring scan; $13 created from; $14
 * created to; $15 id set ",1,5,". Unused ones are NULL. PostgreSQL's text never names $11
 * (no FTS table there): the driver declares every parameter's type, so an unused one is fine. */
#define CLOSED_STATES "('merged', 'rejected', 'resolved', 'rated')"
#define FILTER_COMMON                                                                                         \
	"WHERE p.community_id = $1 AND ($2 IS NULL OR p.state = $2) "                                             \
	"AND ($3 IS NULL OR ($3 = 2) = (p.state NOT IN " CLOSED_STATES ")) "                                      \
	"AND ($4 IS NULL OR p.category_id = $4) AND ($5 IS NULL OR p.building_id = $5) "                         \
	"AND ($6 IS NULL OR p.department_id = $6) AND ($7 IS NULL OR p.reporter_id = $7) "                       \
	"AND ($8 IS NULL OR p.list_id = $8) "                                                                     \
	"AND ($9 IS NULL OR (p.state = 'referred' AND p.due_at <= $9)) "                                          \
	"AND ($10 IS NULL OR (p.state = 'verified' AND p.list_id IS NULL)) "                                      \
	"AND ($13 IS NULL OR p.created_at >= $13) AND ($14 IS NULL OR p.created_at < $14) "                      \
	"AND ($15 IS NULL OR strpos($15, ',' || p.id || ',') > 0) "
#define FILTER_SQLITE                                                                                         \
	FILTER_COMMON "AND ($11 IS NULL OR p.id IN (SELECT rowid FROM problems_fts WHERE problems_fts MATCH $11)) " \
	              "AND ($12 IS NULL OR instr(p.description, $12) > 0 OR instr(p.place, $12) > 0) "
#define FILTER_PG                                                                                             \
	FILTER_COMMON "AND ($12 IS NULL OR strpos(lower(p.description), lower($12)) > 0 "                         \
	              "OR strpos(lower(p.place), lower($12)) > 0) "

/* The count touches only problems: every filter is a column of problems_filter (migration 009),
 * so SQLite counts a community's index entries without reading a row (10,000 problems: 18 ms with
 * the joins and row reads, about 1 ms without). The list is in reporting order, which the index
 * on (community_id, created_at) gives without a sort: the page stops after its 50 rows instead of
 * joining and sorting the community's every problem first. */
static const char count_sqlite[] = "SELECT count(*) FROM problems p " FILTER_SQLITE;
static const char count_pg[] = "SELECT count(*) FROM problems p " FILTER_PG;
/* Without text to search, the count names no column outside problems_filter: SQLite sees it can
 * answer from the index alone (a statement that mentions description cannot). */
static const char count_plain[] = "SELECT count(*) FROM problems p " FILTER_COMMON;
static const char list_new_sqlite[] = "SELECT " PROBLEM_COLS PROBLEM_JOINS FILTER_SQLITE
                                      "ORDER BY p.created_at DESC, p.id DESC LIMIT $16 OFFSET $17";
static const char list_new_pg[] = "SELECT " PROBLEM_COLS PROBLEM_JOINS FILTER_PG
                                  "ORDER BY p.created_at DESC, p.id DESC LIMIT $16 OFFSET $17";
static const char list_old_sqlite[] = "SELECT " PROBLEM_COLS PROBLEM_JOINS FILTER_SQLITE
                                      "ORDER BY p.created_at, p.id LIMIT $16 OFFSET $17";
static const char list_old_pg[] = "SELECT " PROBLEM_COLS PROBLEM_JOINS FILTER_PG "ORDER BY p.created_at, p.id LIMIT $16 OFFSET $17";

static void
bind_problem_filter(struct db *db, struct arena *a, struct stmt *st, int64_t cid, const struct problem_filter *f)
{
	db_bind_i64(st, 1, cid);
	if (f->state >= 0 && f->state < PROBLEM__COUNT)
		db_bind_text(st, 2, problem_state_name((enum problem_state)f->state));
	else
		db_bind_null(st, 2);
	/* 2 open, 1 closed: the optional binder takes 0 for "none" */
	bind_opt_id(st, 3, f->open311_status == 1 ? 2 : f->open311_status == 0 ? 1 : 0);
	bind_opt_id(st, 4, f->category_id);
	bind_opt_id(st, 5, f->building_id);
	bind_opt_id(st, 6, f->department_id);
	bind_opt_id(st, 7, f->reporter_id);
	bind_opt_id(st, 8, f->list_id);
	bind_opt_id(st, 9, f->overdue ? f->now : 0);
	bind_opt_id(st, 10, f->unlisted_verified ? 1 : 0);
	db_bind_null(st, 11);
	db_bind_null(st, 12);
	if (f->q && *f->q) {
		/* The trigram index finds any run of three characters or more; a shorter word (两个字
		 * such as 漏水) has no trigram, so it is a substring scan of this community's rows. */
		if (db_kind(db) == DB_SQLITE && utf8_chars(f->q, strlen(f->q)) >= 3) {
			/* cid:"#17#" AND "the words": the index's entries of this community only */
			struct buf b;
			buf_init(&b, a, strlen(f->q) + 40);
			buf_adds(&b, "cid:\"#");
			buf_add_i64(&b, cid);
			buf_adds(&b, "#\" AND \"");
			for (const char *s = f->q; *s; s++) {
				if (*s == '"')
					buf_addc(&b, '"');
				buf_addc(&b, *s);
			}
			buf_addc(&b, '"');
			db_bind_text(st, 11, b.p);
		} else {
			db_bind_text(st, 12, f->q);
		}
	}
	bind_opt_id(st, 13, f->created_from);
	bind_opt_id(st, 14, f->created_to);
	if (f->n_ids) {
		struct buf b;
		buf_init(&b, a, 16 * f->n_ids + 2);
		buf_addc(&b, ',');
		for (size_t i = 0; i < f->n_ids; i++) {
			buf_add_i64(&b, f->ids[i]);
			buf_addc(&b, ',');
		}
		db_bind_text(st, 15, b.p);
	} else {
		db_bind_null(st, 15);
	}
}

enum yl_err
store_problems(struct db *db, struct arena *a, int64_t cid, const struct problem_filter *f, struct problem **v,
               size_t *n, int64_t *total)
{
	bool text = f->q && *f->q;
	struct stmt *st = f->oldest_first ? db_prep(db, db_sql(db, list_old_sqlite, list_old_pg))
	                                  : db_prep(db, db_sql(db, list_new_sqlite, list_new_pg));
	if (st == NULL)
		return ERR_INTERNAL;
	/* counted only for a caller that shows it: Open311's list and the lists sent to departments
	 * say no total, and a district's count walks every problem that matches */
	if (total) {
		struct stmt *c = text ? db_prep(db, db_sql(db, count_sqlite, count_pg)) : db_prep(db, count_plain);
		if (c == NULL)
			return ERR_INTERNAL;
		bind_problem_filter(db, a, c, cid, f);
		if (db_step(c) != DB_ROW) {
			db_reset(c);
			return db_fail(db, "problems count");
		}
		*total = db_col_i64(c, 0);
		db_reset(c);
	}
	size_t cap = f->limit > 0 && f->limit <= 1000 ? (size_t)f->limit : 1000;
	bind_problem_filter(db, a, st, cid, f);
	db_bind_i64(st, 16, (int64_t)cap);
	db_bind_i64(st, 17, f->offset > 0 ? f->offset : 0);
	return db_rows(db, a, st, read_problem, sizeof **v, v, n, "problems");
}

enum yl_err
store_problem_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct problem *out)
{
	struct stmt *st = db_prep(db, "SELECT " PROBLEM_COLS ", (SELECT e.note FROM problem_events e "
	                              "WHERE e.community_id = p.community_id AND e.problem_id = p.id AND e.note <> '' "
	                              "ORDER BY e.id DESC LIMIT 1) " PROBLEM_JOINS "WHERE p.community_id = $1 AND p.id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_problem(a, st, out);
		out->last_note = db_text(a, st, 31, "");
	}
	return db_one(db, st, rc, "problem get");
}

enum yl_err
store_problem_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id)
{
	return db_community_of(db, "SELECT community_id, building_id FROM problems WHERE id = $1", id, cid, building_id, NULL);
}

static enum yl_err
add_event(struct db *db, int64_t cid, int64_t problem_id, int64_t at, int64_t actor_id, const char *actor_name,
          const char *action, const char *from, const char *to, enum problem_channel ch, const char *note,
          int64_t department_id, int64_t due_at, int rating, int64_t merge_into, int64_t *event_id)
{
	struct stmt *st = db_prep(db, "INSERT INTO problem_events (community_id, problem_id, at, actor_id, actor_name, action, "
	                              "from_state, to_state, channel, note, department_id, due_at, rating, merge_into) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, problem_id);
	db_bind_i64(st, 3, at);
	db_bind_i64(st, 4, actor_id);
	db_bind_text(st, 5, actor_name ? actor_name : "");
	db_bind_text(st, 6, action);
	db_bind_text(st, 7, from);
	db_bind_text(st, 8, to);
	db_bind_text(st, 9, problem_channel_names[ch]);
	db_bind_text(st, 10, note ? note : "");
	bind_opt_id(st, 11, department_id);
	bind_opt_id(st, 12, due_at);
	bind_opt_id(st, 13, rating);
	bind_opt_id(st, 14, merge_into);
	return db_insert(db, st, "problem event", event_id);
}

enum yl_err
store_problem_create(struct db *db, int64_t cid, const struct problem_new *p, int64_t *id, int64_t *event_id)
{
	struct stmt *st = db_prep(db, "INSERT INTO problems (community_id, category_id, description, building_id, stairwell_id, "
	                              "place, urgent, state, channel, reporter_id, reporter_name, reporter_contact, entered_by, "
	                              "created_at, updated_at) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $7, 'reported', $8, $9, $10, $11, $12, $13, $13) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, p->category_id);
	db_bind_text(st, 3, p->description);
	bind_opt_id(st, 4, p->building_id);
	bind_opt_id(st, 5, p->stairwell_id);
	db_bind_text(st, 6, p->place ? p->place : "");
	db_bind_i64(st, 7, p->urgent ? 1 : 0);
	db_bind_text(st, 8, problem_channel_names[p->channel]);
	bind_opt_id(st, 9, p->reporter_id);
	db_bind_text(st, 10, p->reporter_name ? p->reporter_name : "");
	db_bind_text(st, 11, p->reporter_contact ? p->reporter_contact : "");
	/* entered_by marks a report made for someone else; the reporter's own has none */
	bind_opt_id(st, 12, p->actor_id != p->reporter_id ? p->actor_id : 0);
	db_bind_i64(st, 13, p->now);
	enum yl_err rc = db_insert(db, st, "problem insert", id);
	if (rc != YL_OK)
		return rc;
	return add_event(db, cid, *id, p->now, p->actor_id, p->actor_name, "report", "", "reported", p->channel, NULL, 0,
	                 0, 0, 0, event_id);
}

enum yl_err
store_problem_move(struct db *db, int64_t cid, int64_t id, const struct problem_change *c, int64_t *event_id)
{
	/* Each action sets only its own facts: refer the department and due date, resolve the
	 * resolution instant, rate the rating, merge the other problem; the rest stay. */
	struct stmt *st = db_prep(db, "UPDATE problems SET state = $4, updated_at = $5, "
	                              "department_id = CASE WHEN $6 IS NULL THEN department_id ELSE $6 END, "
	                              "due_at = CASE WHEN $7 IS NULL THEN due_at ELSE $7 END, "
	                              "resolved_at = CASE WHEN $4 = 'resolved' THEN $5 ELSE resolved_at END, "
	                              "rating = CASE WHEN $8 IS NULL THEN rating ELSE $8 END, "
	                              "merged_into = CASE WHEN $9 IS NULL THEN merged_into ELSE $9 END "
	                              "WHERE community_id = $1 AND id = $2 AND state = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	const char *from = problem_state_name(c->from), *to = problem_state_name(c->to);
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	db_bind_i64(st, 5, c->now);
	bind_opt_id(st, 6, c->action == PACT_REFER ? c->department_id : 0);
	bind_opt_id(st, 7, c->action == PACT_REFER ? c->due_at : 0);
	bind_opt_id(st, 8, c->action == PACT_RATE ? c->rating : 0);
	bind_opt_id(st, 9, c->action == PACT_MERGE ? c->merge_into : 0);
	enum yl_err rc = db_done(db, st, "problem move");
	if (rc != YL_OK)
		return rc;
	if (db_changes(st) == 0)
		return ERR_CONFLICT;
	return add_event(db, cid, id, c->now, c->actor_id, c->actor_name, problem_action_name(c->action), from, to,
	                 c->channel, c->note, c->action == PACT_REFER ? c->department_id : 0,
	                 c->action == PACT_REFER ? c->due_at : 0, c->action == PACT_RATE ? c->rating : 0,
	                 c->action == PACT_MERGE ? c->merge_into : 0, event_id);
}

static void
read_event(struct arena *a, struct stmt *st, void *elem)
{
	struct problem_event *e = elem;
	e->id = db_col_i64(st, 0);
	e->at = db_col_i64(st, 1);
	e->actor_id = db_col_i64(st, 2);
	e->actor_name = db_text(a, st, 3, "");
	e->action = db_text(a, st, 4, "");
	e->from_state = db_text(a, st, 5, "");
	e->to_state = db_text(a, st, 6, "");
	int ch = problem_channel_from_name(db_col_text(st, 7));
	e->channel = ch < 0 ? CHANNEL_WEB : (enum problem_channel)ch;
	e->note = db_text(a, st, 8, "");
	e->department_id = db_col_i64(st, 9);
	e->department = db_text(a, st, 10, "");
	e->due_at = db_col_i64(st, 11);
	e->merge_into = db_col_i64(st, 12);
	e->rating = (int)db_col_i64(st, 13);
}

enum yl_err
store_problem_events(struct db *db, struct arena *a, int64_t cid, int64_t id, struct problem_event **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT e.id, e.at, e.actor_id, e.actor_name, e.action, e.from_state, e.to_state, e.channel, "
	                              "e.note, e.department_id, d.name, e.due_at, e.merge_into, e.rating FROM problem_events e "
	                              "LEFT JOIN departments d ON d.community_id = e.community_id AND d.id = e.department_id "
	                              "WHERE e.community_id = $1 AND e.problem_id = $2 ORDER BY e.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	return db_rows(db, a, st, read_event, sizeof **v, v, n, "events");
}

/* Photos ------------------------------------------------------------------------------ */

enum yl_err
store_problem_photo_add(struct db *db, int64_t cid, int64_t problem_id, int64_t event_id, const char *file,
                        const char *mime, int64_t bytes, int width, int height, int64_t account_id, int64_t now,
                        int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO problem_photos (community_id, problem_id, event_id, file, mime, bytes, width, "
	                              "height, account_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	struct stmt *up = db_prep(db, "UPDATE problems SET photos = photos + 1 WHERE community_id = $1 AND id = $2");
	if (st == NULL || up == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, problem_id);
	bind_opt_id(st, 3, event_id);
	db_bind_text(st, 4, file);
	db_bind_text(st, 5, mime);
	db_bind_i64(st, 6, bytes);
	db_bind_i64(st, 7, width);
	db_bind_i64(st, 8, height);
	db_bind_i64(st, 9, account_id);
	db_bind_i64(st, 10, now);
	enum yl_err rc = db_insert(db, st, "photo insert", id);
	if (rc != YL_OK)
		return rc;
	db_bind_i64(up, 1, cid);
	db_bind_i64(up, 2, problem_id);
	return db_done(db, up, "photo count");
}

#define PHOTO_COLS "ph.id, ph.problem_id, ph.event_id, ph.file, ph.mime, ph.bytes, ph.width, ph.height "

static void
read_photo(struct arena *a, struct stmt *st, void *elem)
{
	struct problem_photo *p = elem;
	p->id = db_col_i64(st, 0);
	p->problem_id = db_col_i64(st, 1);
	p->event_id = db_col_i64(st, 2);
	p->file = db_text(a, st, 3, "");
	p->mime = db_text(a, st, 4, "");
	p->bytes = db_col_i64(st, 5);
	p->width = (int)db_col_i64(st, 6);
	p->height = (int)db_col_i64(st, 7);
}

enum yl_err
store_problem_photos(struct db *db, struct arena *a, int64_t cid, int64_t problem_id, struct problem_photo **v,
                     size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " PHOTO_COLS "FROM problem_photos ph WHERE ph.community_id = $1 AND ph.problem_id = $2 "
	                              "ORDER BY ph.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, problem_id);
	return db_rows(db, a, st, read_photo, sizeof **v, v, n, "photos");
}

enum yl_err
store_problem_photo_get(struct db *db, struct arena *a, int64_t id, int64_t *cid, int64_t *building_id,
                        struct problem_photo *out)
{
	struct stmt *st = db_prep(db, "SELECT " PHOTO_COLS ", ph.community_id, p.building_id FROM problem_photos ph "
	                              "JOIN problems p ON p.community_id = ph.community_id AND p.id = ph.problem_id WHERE ph.id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_photo(a, st, out);
		*cid = db_col_i64(st, 8);
		*building_id = db_col_i64(st, 9);
	}
	return db_one(db, st, rc, "photo get");
}

/* Supports ---------------------------------------------------------------------------- */

enum yl_err
store_problem_support(struct db *db, int64_t cid, int64_t id, int64_t account_id, int64_t now)
{
	struct stmt *st = db_prep(db, "INSERT INTO problem_supports (community_id, problem_id, account_id, at) "
	                              "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
	struct stmt *up = db_prep(db, "UPDATE problems SET supports = supports + 1 WHERE community_id = $1 AND id = $2");
	if (st == NULL || up == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, account_id);
	db_bind_i64(st, 4, now);
	enum yl_err rc = db_done(db, st, "support");
	if (rc != YL_OK)
		return rc;
	if (db_changes(st) == 0)
		return ERR_CONFLICT;
	db_bind_i64(up, 1, cid);
	db_bind_i64(up, 2, id);
	return db_done(db, up, "support count");
}

bool
store_problem_supported(struct db *db, int64_t cid, int64_t id, int64_t account_id)
{
	struct stmt *st = db_prep(db, "SELECT 1 FROM problem_supports WHERE community_id = $1 AND problem_id = $2 AND account_id = $3");
	if (st == NULL)
		return false;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, account_id);
	bool yes = db_step(st) == DB_ROW;
	db_reset(st);
	return yes;
}

/* Heads' lists ------------------------------------------------------------------------ */

enum yl_err
store_problem_list_create(struct db *db, int64_t cid, int64_t head_id, const char *title, const char *note,
                          const int64_t *ids, size_t n, int64_t now, int64_t *id, int64_t *bad_id)
{
	*bad_id = 0;
	struct stmt *ins = db_prep(db, "INSERT INTO problem_lists (community_id, head_id, title, note, created_at) "
	                               "VALUES ($1, $2, $3, $4, $5) RETURNING id");
	struct stmt *put = db_prep(db, "UPDATE problems SET list_id = $3, updated_at = $4 "
	                               "WHERE community_id = $1 AND id = $2 AND state = 'verified' AND list_id IS NULL");
	if (ins == NULL || put == NULL)
		return ERR_INTERNAL;
	db_bind_i64(ins, 1, cid);
	db_bind_i64(ins, 2, head_id);
	db_bind_text(ins, 3, title);
	db_bind_text(ins, 4, note ? note : "");
	db_bind_i64(ins, 5, now);
	enum yl_err rc = db_insert(db, ins, "list insert", id);
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		db_bind_i64(put, 1, cid);
		db_bind_i64(put, 2, ids[i]);
		db_bind_i64(put, 3, *id);
		db_bind_i64(put, 4, now);
		rc = db_done(db, put, "list item");
		if (rc == YL_OK && db_changes(put) == 0) {
			*bad_id = ids[i];
			rc = ERR_CONFLICT; /* the caller's store_end rolls the whole list back */
		}
	}
	return rc;
}

#define LIST_SQL                                                                                              \
	"SELECT l.id, l.head_id, a.display_name, l.title, l.note, l.created_at, "                                 \
	"(SELECT count(*) FROM problems p WHERE p.community_id = l.community_id AND p.list_id = l.id), "          \
	"(SELECT count(*) FROM problems p WHERE p.community_id = l.community_id AND p.list_id = l.id "            \
	"AND p.state = 'verified') FROM problem_lists l JOIN accounts a ON a.id = l.head_id "

static void
read_list(struct arena *a, struct stmt *st, void *elem)
{
	struct problem_list *l = elem;
	l->id = db_col_i64(st, 0);
	l->head_id = db_col_i64(st, 1);
	l->head_name = db_text(a, st, 2, "");
	l->title = db_text(a, st, 3, "");
	l->note = db_text(a, st, 4, "");
	l->created_at = db_col_i64(st, 5);
	l->items = db_col_i64(st, 6);
	l->open_items = db_col_i64(st, 7);
}

enum yl_err
store_problem_lists(struct db *db, struct arena *a, int64_t cid, int64_t head_id, struct problem_list **v,
                    size_t *n)
{
	/* A page of the newest 200: a compound's heads send a few lists a month. */
	struct stmt *st = db_prep(db, LIST_SQL "WHERE l.community_id = $1 AND ($2 IS NULL OR l.head_id = $2) "
	                                       "ORDER BY l.id DESC LIMIT 200");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	bind_opt_id(st, 2, head_id);
	return db_rows(db, a, st, read_list, sizeof **v, v, n, "lists");
}

enum yl_err
store_problem_list_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct problem_list *out)
{
	return db_row_by_id(db, a, LIST_SQL "WHERE l.community_id = $1 AND l.id = $2", cid, id, read_list, out,
	                    sizeof *out, "list get");
}

/* Open311 keys ------------------------------------------------------------------------ */

enum yl_err
store_open311_key_create(struct db *db, int64_t cid, const char *name, const char *hash, int64_t now, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO open311_keys (community_id, name, hash, created_at) VALUES ($1, $2, $3, $4) "
	                              "RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, hash);
	db_bind_i64(st, 4, now);
	return db_insert(db, st, "open311 key", id);
}

enum yl_err
store_open311_key_find(struct db *db, struct arena *a, const char *hash, int64_t *cid, const char **name)
{
	struct stmt *st = db_prep(db, "SELECT community_id, name FROM open311_keys WHERE hash = $1 AND revoked_at IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*cid = db_col_i64(st, 0);
		*name = db_text(a, st, 1, "");
	}
	return db_one(db, st, rc, "open311 key");
}

enum yl_err
store_open311_key_revoke(struct db *db, int64_t cid, const char *name, int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE open311_keys SET revoked_at = $3 "
	                              "WHERE community_id = $1 AND name = $2 AND revoked_at IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, name);
	db_bind_i64(st, 3, now);
	enum yl_err rc = db_done(db, st, "open311 key revoke");
	if (rc == YL_OK && db_changes(st) == 0)
		return ERR_NOTFOUND;
	return rc;
}
