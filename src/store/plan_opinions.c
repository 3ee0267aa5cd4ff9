/* plan_opinions.c: SQL for the consultation on a plan version (see plan_opinions.h). An opinion is
 * read with its author's account, whether that account is staff here (a paper opinion then says
 * who entered it by role) and its unit's name; the per-item counts are one GROUP BY. */
#include "plan_opinions.h"
#include "../core/words.h"
#include "db.h"
#include "../core/arena.h"

#include <string.h>

const char *const opinion_stance_names[OST__COUNT] = {"support", "oppose", "suggest"};
const char *const opinion_source_names[OSRC__COUNT] = {"owner", "resident", "community", "expert", "designer"};
const char *const opinion_channel_names[OCH__COUNT] = {"online", "paper"};
const char *const opinion_answer_names[OANS__COUNT] = {"", "adopted", "explained"};

enum yl_err
store_opinion_add(struct db *db, int64_t cid, const struct opinion_new *o, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO plan_opinions (community_id, plan_id, version_id, item_key, stance, "
	                              "source, body, channel, author_name, unit_id, account_id, created_at) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, o->plan_id);
	db_bind_i64(st, 3, o->version_id);
	db_bind_i64(st, 4, o->item_key);
	db_bind_text(st, 5, opinion_stance_names[o->stance]);
	db_bind_text(st, 6, opinion_source_names[o->source]);
	db_bind_text(st, 7, o->body ? o->body : "");
	db_bind_text(st, 8, opinion_channel_names[o->channel]);
	db_bind_text(st, 9, o->author_name ? o->author_name : "");
	db_bind_opt_i64(st, 10, o->unit_id);
	db_bind_i64(st, 11, o->account_id);
	db_bind_i64(st, 12, o->now);
	return db_insert(db, st, "opinion insert", id);
}

/* The columns every read takes, in the order read_row expects. account_staff: the account holds
 * the staff role in this community (a paper opinion was then entered by staff, else by a head). */
#define OPINION_COLS                                                                                                    \
	"o.id, o.plan_id, o.version_id, o.item_key, o.stance, o.source, o.channel, o.body, o.author_name, o.account_id, " \
	"a.display_name, EXISTS (SELECT 1 FROM account_roles r WHERE r.account_id = o.account_id "                      \
	"AND r.community_id = o.community_id AND r.role = 'staff'), o.unit_id, u.building_id, "                        \
	"CASE WHEN u.id IS NULL THEN '' ELSE b.name || s.name || u.room END, o.created_at, o.answer, o.answer_body, "     \
	"o.answered_by, o.answered_at, v.number "
#define OPINION_FROM                                                                                                    \
	"FROM plan_opinions o JOIN accounts a ON a.id = o.account_id "                                                    \
	"JOIN plan_versions v ON v.community_id = o.community_id AND v.id = o.version_id "                                \
	"LEFT JOIN units u ON u.community_id = o.community_id AND u.id = o.unit_id "                                      \
	"LEFT JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "                              \
	"LEFT JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "

static int
enum_of(const char *const *names, int n, const char *s, int fallback)
{
	int i = word_index(names, n, s);
	return i < 0 ? fallback : i;
}

static void
read_row(struct arena *a, struct stmt *st, void *elem)
{
	struct opinion *o = elem;
	memset(o, 0, sizeof *o);
	o->id = db_col_i64(st, 0);
	o->plan_id = db_col_i64(st, 1);
	o->version_id = db_col_i64(st, 2);
	o->item_key = db_col_i64(st, 3);
	/* the schema's CHECKs keep these to the names; the fallbacks are never taken */
	o->stance = (enum opinion_stance)enum_of(opinion_stance_names, OST__COUNT, db_col_text(st, 4), OST_SUGGEST);
	o->source = (enum opinion_source)enum_of(opinion_source_names, OSRC__COUNT, db_col_text(st, 5), OSRC_RESIDENT);
	o->channel = (enum opinion_channel)enum_of(opinion_channel_names, OCH__COUNT, db_col_text(st, 6), OCH_ONLINE);
	o->body = db_text(a, st, 7, "");
	o->author_name = db_text(a, st, 8, "");
	o->account_id = db_col_i64(st, 9);
	o->account_name = db_text(a, st, 10, "");
	o->account_staff = db_col_i64(st, 11) != 0;
	o->unit_id = db_col_i64(st, 12);
	o->building_id = db_col_i64(st, 13);
	o->unit = db_text(a, st, 14, "");
	o->created_at = db_col_i64(st, 15);
	o->answer = db_col_null(st, 16) ? OANS_NONE
	                                : (enum opinion_answer)enum_of(opinion_answer_names, OANS__COUNT, db_col_text(st, 16),
	                                                               OANS_EXPLAINED);
	o->answer_body = db_text(a, st, 17, "");
	o->answered_by = db_col_i64(st, 18);
	o->answered_at = db_col_i64(st, 19);
	o->version = db_col_i64(st, 20);
}

enum yl_err
store_opinion_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct opinion *out)
{
	return db_row_by_id(db, a, "SELECT " OPINION_COLS OPINION_FROM "WHERE o.community_id = $1 AND o.id = $2",
	                    cid, id, read_row, out, sizeof *out, "opinion");
}

enum yl_err
store_opinions(struct db *db, struct arena *a, int64_t cid, int64_t version_id, struct opinion **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT " OPINION_COLS OPINION_FROM
	                              "WHERE o.community_id = $1 AND o.version_id = $2 ORDER BY o.item_key, o.id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, version_id);
	return db_rows(db, a, st, read_row, sizeof **v, v, n, "opinions");
}

enum yl_err
store_opinion_answer(struct db *db, struct arena *a, int64_t cid, int64_t id, enum opinion_answer answer,
                     const char *body, int64_t by, int64_t now, enum opinion_answer *was, const char **was_body)
{
	/* the answer it replaces, read first so the audit row can say what changed */
	struct stmt *st = db_prep(db, "SELECT answer, answer_body FROM plan_opinions WHERE community_id = $1 AND id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*was = db_col_null(st, 0) ? OANS_NONE
		                          : (enum opinion_answer)enum_of(opinion_answer_names, OANS__COUNT, db_col_text(st, 0),
		                                                         OANS_EXPLAINED);
		*was_body = db_text(a, st, 1, "");
	}
	db_reset(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOTFOUND : db_fail(db, "opinion answer read");
	st = db_prep(db, "UPDATE plan_opinions SET answer = $3, answer_body = $4, answered_by = $5, answered_at = $6 "
	                 "WHERE community_id = $1 AND id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, opinion_answer_names[answer]);
	db_bind_text(st, 4, body ? body : "");
	db_bind_i64(st, 5, by);
	db_bind_i64(st, 6, now);
	return db_done(db, st, "opinion answer");
}

static void
read_count(struct arena *a, struct stmt *st, void *elem)
{
	struct opinion_count *c = elem;
	c->item_key = db_col_i64(st, 0);
	for (int s = 0; s < OST__COUNT; s++)
		c->stance[s] = db_col_i64(st, 1 + s);
	c->unanswered = db_col_i64(st, 4);
}

enum yl_err
store_opinion_counts(struct db *db, struct arena *a, int64_t cid, int64_t version_id, struct opinion_count **v,
                     size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT item_key, "
	                              "sum(CASE WHEN stance = 'support' THEN 1 ELSE 0 END), "
	                              "sum(CASE WHEN stance = 'oppose' THEN 1 ELSE 0 END), "
	                              "sum(CASE WHEN stance = 'suggest' THEN 1 ELSE 0 END), "
	                              "sum(CASE WHEN answer IS NULL THEN 1 ELSE 0 END) "
	                              "FROM plan_opinions WHERE community_id = $1 AND version_id = $2 "
	                              "GROUP BY item_key ORDER BY item_key");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, version_id);
	return db_rows(db, a, st, read_count, sizeof **v, v, n, "opinion counts");
}

enum yl_err
store_opinion_community(struct db *db, int64_t id, int64_t *cid, int64_t *plan_id)
{
	struct stmt *st = db_prep(db, "SELECT community_id, plan_id FROM plan_opinions WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*cid = db_col_i64(st, 0);
		*plan_id = db_col_i64(st, 1);
	}
	return db_one(db, st, rc, "opinion community");
}
