/* notices.c: SQL for the notice board (see notices.h). */
#include "notices.h"
#include "audit.h"
#include "db.h"
#include "../core/arena.h"
#include "../core/words.h"

#include <string.h>

#define NOTICE_COLS                                                                                                    \
	"n.id, n.community_id, n.title, n.body, n.kind, n.state, n.starts_at, n.ends_at, n.ref_type, n.ref_id, "         \
	"coalesce(n.replaces_id, 0), n.created_by, n.created_at, coalesce(n.published_by, 0), n.published_at, "         \
	"n.audit_head, coalesce(n.withdrawn_by, 0), n.withdrawn_at, n.withdraw_reason "

static void
read_notice(struct arena *a, struct stmt *st, void *elem)
{
	struct notice *n = elem;
	memset(n, 0, sizeof *n);
	n->id = db_col_i64(st, 0);
	n->community_id = db_col_i64(st, 1);
	n->title = db_text(a, st, 2, "");
	n->body = db_text(a, st, 3, "");
	n->kind = (enum notice_kind)word_or(notice_kind_names, NK__COUNT, db_col_text(st, 4), NK_OTHER);
	n->state = (enum notice_state)word_or(notice_state_names, NST__COUNT, db_col_text(st, 5), NST_DRAFT);
	n->starts_at = db_col_i64(st, 6);
	n->ends_at = db_col_i64(st, 7);
	n->ref_type = db_text(a, st, 8, "");
	n->ref_id = db_col_i64(st, 9);
	n->replaces_id = db_col_i64(st, 10);
	n->created_by = db_col_i64(st, 11);
	n->created_at = db_col_i64(st, 12);
	n->published_by = db_col_i64(st, 13);
	n->published_at = db_col_i64(st, 14);
	n->audit_head = db_text(a, st, 15, "");
	n->withdrawn_by = db_col_i64(st, 16);
	n->withdrawn_at = db_col_i64(st, 17);
	n->withdraw_reason = db_text(a, st, 18, "");
}

static enum yl_err
audience_put(struct db *db, int64_t cid, int64_t id, const struct notice_new *n)
{
	struct stmt *del = db_prep(db, "DELETE FROM notice_audience WHERE community_id = $1 AND notice_id = $2");
	struct stmt *ins = db_prep(db, "INSERT INTO notice_audience (community_id, notice_id, building_id, stairwell_id) "
	                               "VALUES ($1, $2, $3, $4)");
	if (del == NULL || ins == NULL)
		return ERR_INTERNAL;
	db_bind_i64(del, 1, cid);
	db_bind_i64(del, 2, id);
	enum yl_err e = db_done(db, del, "notice audience clear");
	for (size_t i = 0; e == YL_OK && i < n->naudience; i++) {
		db_bind_i64(ins, 1, cid);
		db_bind_i64(ins, 2, id);
		db_bind_i64(ins, 3, n->audience[i].building_id);
		db_bind_opt_i64(ins, 4, n->audience[i].stairwell_id);
		e = db_done(db, ins, "notice audience");
	}
	return e;
}

enum yl_err
store_notice_create(struct db *db, int64_t cid, const struct notice_new *n, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO notices (community_id, title, body, kind, state, starts_at, ends_at, "
	                              "ref_type, ref_id, replaces_id, created_by, created_at) VALUES ($1, $2, $3, $4, "
	                              "'draft', $5, $6, $7, $8, $9, $10, $11) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, n->title);
	db_bind_text(st, 3, n->body ? n->body : "");
	db_bind_text(st, 4, notice_kind_names[n->kind]);
	db_bind_i64(st, 5, n->starts_at);
	db_bind_i64(st, 6, n->ends_at);
	db_bind_text(st, 7, n->ref_type ? n->ref_type : "");
	db_bind_i64(st, 8, n->ref_id);
	db_bind_opt_i64(st, 9, n->replaces_id);
	db_bind_i64(st, 10, n->created_by);
	db_bind_i64(st, 11, n->now);
	enum yl_err e = db_insert(db, st, "notice create", id);
	return e == YL_OK ? audience_put(db, cid, *id, n) : e;
}

/* Nothing changed: ERR_NOTFOUND when the notice is not there, ERR_CONFLICT when it is (in
 * another state). */
static enum yl_err
unchanged(struct db *db, struct stmt *st, int64_t cid, int64_t id, const char *what)
{
	enum yl_err e = db_done(db, st, what);
	if (e != YL_OK || db_changes(st) > 0)
		return e;
	int64_t other;
	e = store_notice_community(db, id, &other);
	return e == YL_OK && other == cid ? ERR_CONFLICT : ERR_NOTFOUND;
}

enum yl_err
store_notice_update(struct db *db, int64_t cid, int64_t id, const struct notice_new *n)
{
	struct stmt *st = db_prep(db, "UPDATE notices SET title = $3, body = $4, kind = $5, starts_at = $6, ends_at = $7, "
	                              "replaces_id = $8 WHERE community_id = $1 AND id = $2 AND state = 'draft'");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, n->title);
	db_bind_text(st, 4, n->body ? n->body : "");
	db_bind_text(st, 5, notice_kind_names[n->kind]);
	db_bind_i64(st, 6, n->starts_at);
	db_bind_i64(st, 7, n->ends_at);
	db_bind_opt_i64(st, 8, n->replaces_id);
	enum yl_err e = unchanged(db, st, cid, id, "notice update");
	return e == YL_OK ? audience_put(db, cid, id, n) : e;
}

enum yl_err
store_notice_publish(struct db *db, int64_t cid, int64_t id, int64_t by, int64_t now)
{
	struct stmt *get = db_prep(db, "SELECT n.kind, n.state, n.starts_at, n.ends_at, c.notice_days FROM notices n "
	                               "JOIN communities c ON c.id = n.community_id WHERE n.community_id = $1 AND n.id = $2");
	struct stmt *st = db_prep(db, "UPDATE notices SET state = 'published', published_by = $3, published_at = $4, "
	                              "starts_at = $5, ends_at = $6, audit_head = $7 "
	                              "WHERE community_id = $1 AND id = $2 AND state = 'draft'");
	if (get == NULL || st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(get, 1, cid);
	db_bind_i64(get, 2, id);
	int rc = db_step(get);
	int kind = NK_OTHER, state = NST_DRAFT;
	int64_t starts = 0, ends = 0, days = 15;
	if (rc == DB_ROW) {
		kind = word_or(notice_kind_names, NK__COUNT, db_col_text(get, 0), NK_OTHER);
		state = word_or(notice_state_names, NST__COUNT, db_col_text(get, 1), NST_DRAFT);
		starts = db_col_i64(get, 2);
		ends = db_col_i64(get, 3);
		days = db_col_i64(get, 4);
	}
	enum yl_err e = db_one(db, get, rc, "notice to publish");
	if (e != YL_OK)
		return e;
	if (state != NST_DRAFT)
		return ERR_CONFLICT;
	if (starts == 0)
		starts = now;
	if (ends == 0)
		ends = starts + notice_default_days((enum notice_kind)kind, days) * 86400;
	if (ends <= now || ends <= starts)
		return ERR_INVALID;
	struct audit_head head;
	if ((e = store_audit_head(db, cid, &head)) != YL_OK)
		return e;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, by);
	db_bind_i64(st, 4, now);
	db_bind_i64(st, 5, starts);
	db_bind_i64(st, 6, ends);
	db_bind_text(st, 7, head.hash);
	return unchanged(db, st, cid, id, "notice publish");
}

enum yl_err
store_notice_withdraw(struct db *db, int64_t cid, int64_t id, int64_t by, int64_t now, const char *reason)
{
	struct stmt *st = db_prep(db, "UPDATE notices SET state = 'withdrawn', withdrawn_by = $3, withdrawn_at = $4, "
	                              "withdraw_reason = $5 WHERE community_id = $1 AND id = $2 AND state = 'published'");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, by);
	db_bind_i64(st, 4, now);
	db_bind_text(st, 5, reason);
	return unchanged(db, st, cid, id, "notice withdraw");
}

enum yl_err
store_notice_post(struct db *db, int64_t cid, const struct notice_new *n, int64_t *id)
{
	enum yl_err e = store_notice_create(db, cid, n, id);
	return e == YL_OK ? store_notice_publish(db, cid, *id, n->created_by, n->now) : e;
}

static enum yl_err page_audiences(struct db *db, struct arena *a, int64_t cid, struct notice *v, size_t n);

enum yl_err
store_notice_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct notice *out)
{
	struct stmt *st = db_prep(db, "SELECT " NOTICE_COLS ", (SELECT coalesce(sum(households), 0) FROM notice_deliveries d "
	                              "WHERE d.community_id = n.community_id AND d.notice_id = n.id) "
	                              "FROM notices n WHERE n.community_id = $1 AND n.id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_notice(a, st, out);
		out->delivered = db_col_i64(st, 19);
	}
	enum yl_err e = db_one(db, st, rc, "notice get");
	return e == YL_OK ? page_audiences(db, a, cid, out, 1) : e;
}

enum yl_err
store_notice_community(struct db *db, int64_t id, int64_t *cid)
{
	return db_community_of(db, "SELECT community_id FROM notices WHERE id = $1", id, cid, NULL, NULL);
}

#define PLACE_JOINS                                                                                                    \
	"JOIN buildings b ON b.community_id = x.community_id AND b.id = x.building_id "                               \
	"LEFT JOIN stairwells s ON s.community_id = x.community_id AND s.id = x.stairwell_id "

static void
read_place(struct arena *a, struct stmt *st, void *elem)
{
	struct notice_place *p = elem;
	p->building_id = db_col_i64(st, 0);
	p->stairwell_id = db_col_i64(st, 1);
	p->building = db_text(a, st, 2, "");
	p->stairwell = db_text(a, st, 3, "");
}

/* A place of the audience of notice notice_id, for a page's audiences read at once. */
struct place_of {
	int64_t notice_id;
	struct notice_place place;
};

static void
read_place_of(struct arena *a, struct stmt *st, void *elem)
{
	struct place_of *p = elem;
	read_place(a, st, &p->place);
	p->notice_id = db_col_i64(st, 4);
}

/* Fills the audience of each of v[0..n) with one query over their ids (db_ids_json): one notice's
 * (store_notice_get) or a list page's (a query a notice was the list's N+1). */
#define AUDIENCES_SQL(ids)                                                                                             \
	"SELECT x.building_id, coalesce(x.stairwell_id, 0), b.name, coalesce(s.name, ''), x.notice_id FROM " ids      \
	" CROSS JOIN notice_audience x " PLACE_JOINS "WHERE x.community_id = $1 AND x.notice_id = j.value "            \
	"ORDER BY x.notice_id, b.sort_key, b.id, s.id"

static enum yl_err
page_audiences(struct db *db, struct arena *a, int64_t cid, struct notice *v, size_t n)
{
	if (n == 0)
		return YL_OK;
	int64_t *ids = arena_alloc(a, n * sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = v[i].id;
	struct stmt *st = db_prep(db, db_sql(db, AUDIENCES_SQL(DB_IDS_LITE("$2")), AUDIENCES_SQL(DB_IDS_PG("$2"))));
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, db_ids_json(a, ids, n));
	struct place_of *rows;
	size_t nrows;
	enum yl_err e = db_rows(db, a, st, read_place_of, sizeof *rows, &rows, &nrows, "notice audiences");
	if (e != YL_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		size_t first = 0, count = 0;
		for (size_t r = 0; r < nrows; r++)
			if (rows[r].notice_id == v[i].id && count++ == 0)
				first = r;
		v[i].naudience = count;
		v[i].audience = count ? arena_alloc(a, count * sizeof *v[i].audience) : NULL;
		for (size_t k = 0; k < count; k++)
			v[i].audience[k] = rows[first + k].place;
	}
	return YL_OK;
}

/* One WHERE for the list and its count: $2 the list, $3 now, $4 a kind or '', $5 1 to keep only
 * notices for the whole compound or buildings $6..$9 (0 fills unused places). */
#define LIST_WHERE                                                                                                     \
	"WHERE n.community_id = $1 AND ("                                                                              \
	"($2 = 0 AND n.state = 'published' AND n.starts_at <= $3 AND n.ends_at > $3) OR "                              \
	"($2 = 1 AND ((n.state = 'published' AND n.ends_at <= $3) OR n.state = 'withdrawn')) OR "                      \
	"($2 = 2 AND n.state = 'draft') OR ($2 = 3 AND n.state = 'published' AND n.starts_at > $3)) "                  \
	"AND ($4 = '' OR n.kind = $4) AND ($5 = 0 OR NOT EXISTS (SELECT 1 FROM notice_audience x WHERE "                \
	"x.community_id = n.community_id AND x.notice_id = n.id) OR EXISTS (SELECT 1 FROM notice_audience x WHERE "     \
	"x.community_id = n.community_id AND x.notice_id = n.id AND x.building_id IN ($6, $7, $8, $9))) "
#define LIST_BUILDINGS_MAX 4

static void
bind_filter(struct stmt *st, int64_t cid, const struct notice_filter *f)
{
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, (int64_t)f->list);
	db_bind_i64(st, 3, f->now);
	db_bind_text(st, 4, f->kind >= 0 && f->kind < NK__COUNT ? notice_kind_names[f->kind] : "");
	db_bind_i64(st, 5, f->buildings != NULL);
	for (size_t i = 0; i < LIST_BUILDINGS_MAX; i++)
		db_bind_i64(st, 6 + (int)i, f->buildings && i < f->nbuildings ? f->buildings[i] : 0);
}

enum yl_err
store_notices(struct db *db, struct arena *a, int64_t cid, const struct notice_filter *f, int64_t limit, int64_t offset,
              struct notice **v, size_t *n, int64_t *total)
{
	struct stmt *c = db_prep(db, "SELECT count(*) FROM notices n " LIST_WHERE);
	/* current and archive: the newest first; scheduled: the next to begin first; drafts: newest */
	struct stmt *st = db_prep(db, "SELECT " NOTICE_COLS "FROM notices n " LIST_WHERE
	                              "ORDER BY CASE WHEN $2 = 3 THEN -n.starts_at WHEN $2 = 2 THEN n.id "
	                              "ELSE n.starts_at END DESC, n.id DESC LIMIT $10 OFFSET $11");
	if (c == NULL || st == NULL)
		return ERR_INTERNAL;
	bind_filter(c, cid, f);
	int rc = db_step(c);
	if (rc == DB_ROW)
		*total = db_col_i64(c, 0);
	enum yl_err e = db_one(db, c, rc, "notices count");
	if (e != YL_OK)
		return e;
	bind_filter(st, cid, f);
	db_bind_i64(st, 10, limit);
	db_bind_i64(st, 11, offset > 0 ? offset : 0);
	e = db_rows(db, a, st, read_notice, sizeof **v, v, n, "notices");
	return e == YL_OK ? page_audiences(db, a, cid, *v, *n) : e;
}

enum yl_err
store_notice_attach(struct db *db, int64_t cid, int64_t notice_id, const char *file, const char *name, int64_t bytes,
                    int64_t by, int64_t now, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO notice_attachments (community_id, notice_id, file, name, bytes, added_by, "
	                              "added_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, notice_id);
	db_bind_text(st, 3, file);
	db_bind_text(st, 4, name);
	db_bind_i64(st, 5, bytes);
	db_bind_i64(st, 6, by);
	db_bind_i64(st, 7, now);
	return db_insert(db, st, "notice attach", id);
}

static void
read_attachment(struct arena *a, struct stmt *st, void *elem)
{
	struct notice_attachment *t = elem;
	t->id = db_col_i64(st, 0);
	t->notice_id = db_col_i64(st, 1);
	t->file = db_text(a, st, 2, "");
	t->name = db_text(a, st, 3, "");
	t->bytes = db_col_i64(st, 4);
	t->added_at = db_col_i64(st, 5);
}

enum yl_err
store_notice_attachments(struct db *db, struct arena *a, int64_t cid, int64_t notice_id, struct notice_attachment **v,
                         size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, notice_id, file, name, bytes, added_at FROM notice_attachments "
	                              "WHERE community_id = $1 AND notice_id = $2 ORDER BY id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, notice_id);
	return db_rows(db, a, st, read_attachment, sizeof **v, v, n, "notice attachments");
}

enum yl_err
store_notice_attachment(struct db *db, struct arena *a, int64_t id, int64_t *cid, struct notice_attachment *out)
{
	struct stmt *st = db_prep(db, "SELECT id, notice_id, file, name, bytes, added_at, community_id "
	                              "FROM notice_attachments WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_attachment(a, st, out);
		*cid = db_col_i64(st, 6);
	}
	return db_one(db, st, rc, "notice attachment");
}

enum yl_err
store_notice_deliver(struct db *db, int64_t cid, int64_t notice_id, const struct notice_place *p, int64_t households,
                     int64_t by, int64_t now, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO notice_deliveries (community_id, notice_id, building_id, stairwell_id, "
	                              "households, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, notice_id);
	db_bind_i64(st, 3, p->building_id);
	db_bind_opt_i64(st, 4, p->stairwell_id);
	db_bind_i64(st, 5, households);
	db_bind_i64(st, 6, by);
	db_bind_i64(st, 7, now);
	return db_insert(db, st, "notice deliver", id);
}

static void
read_delivery(struct arena *a, struct stmt *st, void *elem)
{
	struct notice_delivery *d = elem;
	read_place(a, st, &d->place);
	d->id = db_col_i64(st, 4);
	d->households = db_col_i64(st, 5);
	d->recorded_by = db_col_i64(st, 6);
	d->recorded_at = db_col_i64(st, 7);
	d->recorder = db_text(a, st, 8, "");
}

enum yl_err
store_notice_deliveries(struct db *db, struct arena *a, int64_t cid, int64_t notice_id, struct notice_delivery **v,
                        size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT x.building_id, coalesce(x.stairwell_id, 0), b.name, coalesce(s.name, ''), "
	                              "x.id, x.households, x.recorded_by, x.recorded_at, "
	                              "CASE WHEN ac.display_name <> '' THEN ac.display_name ELSE ac.name END "
	                              "FROM notice_deliveries x " PLACE_JOINS "JOIN accounts ac ON ac.id = x.recorded_by "
	                              "WHERE x.community_id = $1 AND x.notice_id = $2 ORDER BY x.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, notice_id);
	return db_rows(db, a, st, read_delivery, sizeof **v, v, n, "notice deliveries");
}
