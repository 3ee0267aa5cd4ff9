/* audit.c: appending to and verifying the hash chains in the audit table. */
#include "audit.h"
#include "db.h"
#include "../core/arena.h"
#include "../core/buf.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum yl_err
store_audit_append(struct db *db, int64_t community_id, const struct audit_actor *actor, const char *action,
                   const char *object_type, int64_t object_id, json_t *details)
{
	if (!db_in_tx(db))
		return ERR_INTERNAL;
	/* Appends to one community's chain must not interleave (two would take the same seq and
	 * prev hash): the community's write lock (see store_begin_community), which a transaction
	 * that wrote the community's rows holds already. */
	enum yl_err lk = db_lock_community(db, community_id);
	if (lk != YL_OK)
		return lk;
	struct stmt *last = db_prep(db, "SELECT seq, hash FROM audit WHERE community_id = $1 "
	                                 "ORDER BY seq DESC LIMIT 1");
	if (last == NULL)
		return ERR_INTERNAL;
	db_bind_i64(last, 1, community_id);
	char prev[AUDIT_HASH_HEX + 1];
	int64_t seq = 1;
	int rc = db_step(last);
	if (rc == DB_ROW) {
		seq = db_col_i64(last, 0) + 1;
		const char *h = db_col_text(last, 1);
		snprintf(prev, sizeof prev, "%s", h ? h : "");
	} else if (rc == DB_DONE) {
		memcpy(prev, audit_genesis, sizeof prev);
	} else {
		return db_fail(db, "audit last");
	}
	db_reset(last);

	char *det = details ? json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a, 512);
	struct audit_row row = {
		.community_id = community_id,
		.seq = seq,
		.at = db_now(),
		.actor_id = actor ? actor->id : 0,
		.actor = actor && actor->name ? actor->name : "",
		.action = action,
		.object_type = object_type ? object_type : "",
		.object_id = object_id,
		.details = det ? det : "{}",
	};
	audit_canonical(&b, &row);
	char hash[AUDIT_HASH_HEX + 1];
	audit_hash(prev, b.p, b.len, hash);

	enum yl_err out = ERR_INTERNAL;
	struct stmt *ins = db_prep(db, "INSERT INTO audit(community_id, seq, at, actor_id, actor, action, "
	                                "object_type, object_id, details, prev_hash, hash) "
	                                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
	if (ins != NULL) {
		db_bind_i64(ins, 1, row.community_id);
		db_bind_i64(ins, 2, row.seq);
		db_bind_i64(ins, 3, row.at);
		db_bind_i64(ins, 4, row.actor_id);
		db_bind_text(ins, 5, row.actor);
		db_bind_text(ins, 6, row.action);
		db_bind_text(ins, 7, row.object_type);
		db_bind_i64(ins, 8, row.object_id);
		db_bind_text(ins, 9, row.details);
		db_bind_text(ins, 10, prev);
		db_bind_text(ins, 11, hash);
		out = db_step(ins) == DB_DONE ? YL_OK : db_fail(db, "audit append");
		db_reset(ins);
	}
	free(det);
	arena_free(a);
	return out;
}

static const char *
text(struct stmt *st, int i)
{
	const char *t = db_col_text(st, i);
	return t ? t : "";
}

/* Verifies the chains of communities from..to (inclusive) on connection db. The rows are read
 * in chunks by (community, seq) so that neither store builds one result of ten million rows
 * (PostgreSQL would hold it all in memory before the first row). */
static enum yl_err
verify_range(struct db *db, int64_t from, int64_t to, struct audit_check *out)
{
	memset(out, 0, sizeof *out);
	static const char chunk_sql[] =
		"SELECT community_id, seq, at, actor_id, actor, action, object_type, "
		"object_id, details, prev_hash, hash FROM audit "
		"WHERE (community_id, seq) > ($1, $2) AND community_id <= $3 "
		"ORDER BY community_id, seq LIMIT $4";
	/* SQLite streams the rows of one statement (LIMIT -1 is none); PostgreSQL would build the
	 * whole result in memory first, so it reads 20,000 at a time. */
	const int64_t chunk = db_kind(db) == DB_PG ? 20000 : -1;
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a, 4096);
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	int64_t cur = INT64_MIN, expect = 1, last_c = from, last_seq = 0;
	bool first = true;
	enum yl_err result = YL_OK;
	for (;;) {
		struct stmt *st = db_prep(db, chunk_sql);
		if (st == NULL) {
			result = ERR_INTERNAL;
			break;
		}
		/* The row value alone bounds the start: with "community_id >= from" beside it SQLite
		 * seeks by community_id only and each chunk would walk again from the first row (35,000
		 * rows/s on ten million). The first chunk starts after (from - 1, max), the first row
		 * of community from. */
		db_bind_i64(st, 1, first ? (from == INT64_MIN ? INT64_MIN : from - 1) : last_c);
		db_bind_i64(st, 2, first ? INT64_MAX : last_seq);
		db_bind_i64(st, 3, to);
		db_bind_i64(st, 4, chunk);
		first = false;
		int rc, got = 0;
		while ((rc = db_step(st)) == DB_ROW) {
			got++;
			struct audit_row r = {
				.community_id = db_col_i64(st, 0),
				.seq = db_col_i64(st, 1),
				.at = db_col_i64(st, 2),
				.actor_id = db_col_i64(st, 3),
				.actor = text(st, 4),
				.action = text(st, 5),
				.object_type = text(st, 6),
				.object_id = db_col_i64(st, 7),
				.details = text(st, 8),
			};
			last_c = r.community_id;
			last_seq = r.seq;
			if (r.community_id != cur) {
				cur = r.community_id;
				expect = 1;
				memcpy(prev, audit_genesis, sizeof prev);
				out->chains++;
			}
			const char *problem = NULL;
			if (r.seq != expect)
				problem = r.seq > expect ? "a row is missing before this one (sequence gap)"
				                         : "sequence out of order";
			else if (strcmp(text(st, 9), prev) != 0)
				problem = "its previous hash does not match the row before it (a row was removed or inserted)";
			if (problem == NULL) {
				buf_reset(&b);
				audit_canonical(&b, &r);
				audit_hash(prev, b.p, b.len, hash);
				if (strcmp(hash, text(st, 10)) != 0)
					problem = "its content does not match its hash (the row was changed)";
			}
			if (problem) {
				out->bad_community = r.community_id;
				out->bad_seq = r.seq;
				out->problem = problem;
				break;
			}
			memcpy(prev, hash, sizeof prev);
			expect++;
			out->rows++;
		}
		db_reset(st);
		if (rc == DB_ERR) {
			result = db_fail(db, "audit verify");
			break;
		}
		if (out->problem || chunk < 0 || got < chunk)
			break;
	}
	arena_free(a);
	return result;
}

struct half {
	const char *where;
	int64_t from, to;
	struct audit_check out;
	enum yl_err rc;
};

static void *
verify_half(void *arg)
{
	struct half *hf = arg;
	char err[256];
	hf->rc = ERR_INTERNAL;
	struct db *db = db_open(hf->where, false, err, sizeof err);
	if (db == NULL) {
		fprintf(stderr, "yuanli: audit verify: %s\n", err);
		return NULL;
	}
	hf->rc = verify_range(db, hf->from, hf->to, &hf->out);
	db_close(db);
	return NULL;
}

enum yl_err
store_audit_verify(struct db *db, struct audit_check *out)
{
	/* Chains are independent, so a district's are checked on two threads, each with its own
	 * connection: the communities split where about half the rows lie. The chain heads (seq of
	 * each last row) give the sizes with one index seek per community. */
	memset(out, 0, sizeof *out);
	struct stmt *next = db_prep(db, "SELECT community_id FROM audit WHERE community_id > $1 "
	                               "ORDER BY community_id LIMIT 1");
	if (next == NULL)
		return ERR_INTERNAL;
	int64_t ids[4096], sizes[4096], total = 0;
	size_t n = 0;
	int64_t after = INT64_MIN;
	while (n < 4096) {
		db_bind_i64(next, 1, after);
		int rc = db_step(next);
		if (rc != DB_ROW) {
			db_reset(next);
			break;
		}
		after = ids[n] = db_col_i64(next, 0);
		db_reset(next);
		struct audit_head hd;
		if (store_audit_head(db, ids[n], &hd) != YL_OK)
			return ERR_INTERNAL;
		sizes[n] = hd.length;
		total += hd.length;
		n++;
	}
	if (n < 2 || n == 4096 || total < 200000)
		return verify_range(db, INT64_MIN, INT64_MAX, out); /* small or odd: one pass */
	size_t split = 0;
	for (int64_t acc = 0; split < n - 1 && acc + sizes[split] <= total / 2; split++)
		acc += sizes[split];
	if (split == 0)
		split = 1;
	struct half second = {db_where(db), ids[split], INT64_MAX, {0}, ERR_INTERNAL};
	pthread_t t;
	if (pthread_create(&t, NULL, verify_half, &second) != 0)
		return verify_range(db, INT64_MIN, INT64_MAX, out);
	struct audit_check first;
	enum yl_err rc = verify_range(db, INT64_MIN, ids[split - 1], &first);
	pthread_join(t, NULL);
	if (rc != YL_OK || second.rc != YL_OK)
		return ERR_INTERNAL;
	/* the first problem in (community, seq) order: the first half's, if it has one */
	*out = first.problem ? first : second.out;
	out->rows = first.rows + (first.problem ? 0 : second.out.rows);
	out->chains = first.chains + (first.problem ? 0 : second.out.chains);
	return YL_OK;
}

enum yl_err
store_audit_head(struct db *db, int64_t community_id, struct audit_head *out)
{
	struct stmt *st = db_prep(db, "SELECT seq, hash FROM audit WHERE community_id = $1 "
	                               "ORDER BY seq DESC LIMIT 1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, community_id);
	out->community_id = community_id;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->length = db_col_i64(st, 0);
		snprintf(out->hash, sizeof out->hash, "%s", text(st, 1));
	} else {
		out->length = 0;
		memcpy(out->hash, audit_genesis, sizeof out->hash);
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? YL_OK : db_fail(db, "audit head");
}

enum yl_err
store_audit_heads(struct db *db, struct arena *a, struct audit_head **heads, const char ***names, size_t *n)
{
	/* for each chain two descents of the (community_id, seq) key, as store_audit_head does */
	struct stmt *st = db_prep(db, "SELECT c.id, c.name, "
	                               "coalesce((SELECT max(x.seq) FROM audit x WHERE x.community_id = c.id), 0), "
	                               "(SELECT y.hash FROM audit y WHERE y.community_id = c.id ORDER BY y.seq DESC LIMIT 1) "
	                               "FROM (SELECT 0 AS id, '' AS name UNION ALL "
	                               "SELECT id, name FROM (SELECT id, name FROM communities ORDER BY id LIMIT 4096) k) c "
	                               "ORDER BY c.id");
	if (st == NULL)
		return ERR_INTERNAL;
	size_t cap = 64, k = 0;
	struct audit_head *hs = arena_alloc(a, cap * sizeof *hs);
	const char **ns = arena_alloc(a, cap * sizeof *ns);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (k == cap) {
			struct audit_head *h2 = arena_alloc(a, 2 * cap * sizeof *h2);
			const char **n2 = arena_alloc(a, 2 * cap * sizeof *n2);
			memcpy(h2, hs, cap * sizeof *hs);
			memcpy(n2, ns, cap * sizeof *ns);
			hs = h2;
			ns = n2;
			cap *= 2;
		}
		struct audit_head *h = &hs[k];
		h->community_id = db_col_i64(st, 0);
		ns[k] = db_text(a, st, 1, "");
		h->length = db_col_i64(st, 2);
		const char *hash = db_col_text(st, 3);
		if (hash)
			snprintf(h->hash, sizeof h->hash, "%s", hash);
		else
			memcpy(h->hash, audit_genesis, sizeof h->hash);
		k++;
	}
	db_reset(st);
	if (rc != DB_DONE)
		return db_fail(db, "audit heads");
	*heads = hs;
	*names = ns + 1; /* the installation's chain has no community name */
	*n = k - 1;
	return k > 0 ? YL_OK : ERR_INTERNAL;
}

/* One statement per kind of filter, each one an index can serve: the whole chain by seq, one
 * object's history by audit_by_object, an action prefix by audit_by_action. The actor is a
 * plain condition on what the index yields. */
#define AUDIT_COLS                                                                                 \
	"SELECT community_id, seq, at, actor_id, actor, action, object_type, object_id, details, hash " \
	"FROM audit "
static const char list_all[] = AUDIT_COLS "WHERE community_id = $1 AND ($4 IS NULL OR actor = $4) "
                                          "ORDER BY seq DESC LIMIT $2 OFFSET $3";
static const char list_object[] = AUDIT_COLS "INDEXED BY audit_by_object WHERE community_id = $1 AND object_type = $5 AND object_id = $6 "
                                             "AND ($4 IS NULL OR actor = $4) "
                                             "AND ($7 IS NULL OR substr(action, 1, length($7)) = $7) "
                                             "ORDER BY seq DESC LIMIT $2 OFFSET $3";
/* INDEXED BY: left to itself SQLite walks the whole chain newest-first to skip a sort; for a
 * rare action in a long chain that is every row of the community. */
static const char list_action[] = AUDIT_COLS "INDEXED BY audit_by_action WHERE community_id = $1 AND action >= $7 AND action < $8 "
                                             "AND ($4 IS NULL OR actor = $4) "
                                             "ORDER BY seq DESC LIMIT $2 OFFSET $3";
/* PostgreSQL plans these well by itself; the prefix range compares bytes (COLLATE "C", like
 * the index audit_by_action) so that the U+10FFFF upper bound works under any locale. */
static const char pg_list_object[] = AUDIT_COLS "WHERE community_id = $1 AND object_type = $5 AND object_id = $6 "
                                                "AND ($4 IS NULL OR actor = $4) "
                                                "AND ($7 IS NULL OR substr(action, 1, length($7)) = $7) "
                                                "ORDER BY seq DESC LIMIT $2 OFFSET $3";
static const char pg_list_action[] = AUDIT_COLS "WHERE community_id = $1 AND action COLLATE \"C\" >= $7 "
                                                "AND action COLLATE \"C\" < $8 AND ($4 IS NULL OR actor = $4) "
                                                "ORDER BY seq DESC LIMIT $2 OFFSET $3";

enum yl_err
store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f, struct audit_item **items,
                 size_t *n, bool *more, int64_t *total)
{
	const char *prefix = f->action_prefix && *f->action_prefix ? f->action_prefix : NULL;
	bool by_object = f->object_type && f->object_id;
	const char *sql = by_object ? db_sql(db, list_object, pg_list_object)
	                  : prefix  ? db_sql(db, list_action, pg_list_action)
	                            : list_all;
	size_t cap = f->limit > 0 && f->limit <= 500 ? (size_t)f->limit : 500;
	*total = -1;
	if (!prefix && !by_object && !f->actor) {
		struct audit_head h;
		enum yl_err rc = store_audit_head(db, f->community_id, &h);
		if (rc != YL_OK)
			return rc;
		*total = h.length;
	}
	struct stmt *st = db_prep(db, sql);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, f->community_id);
	db_bind_i64(st, 2, (int64_t)cap + 1); /* one more tells whether a next page exists */
	db_bind_i64(st, 3, f->offset);
	if (f->actor)
		db_bind_text(st, 4, f->actor);
	if (by_object) {
		db_bind_text(st, 5, f->object_type);
		db_bind_i64(st, 6, f->object_id);
	}
	if (prefix) {
		/* every action that starts with prefix sorts in [prefix, prefix + U+10FFFF) */
		db_bind_text(st, 7, prefix);
		if (!by_object)
			db_bind_text(st, 8, arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix));
	}
	*items = arena_alloc(a, cap * sizeof **items);
	*n = 0;
	*more = false;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			*more = true;
			break;
		}
		struct audit_item *it = &(*items)[(*n)++];
		it->row.community_id = db_col_i64(st, 0);
		it->row.seq = db_col_i64(st, 1);
		it->row.at = db_col_i64(st, 2);
		it->row.actor_id = db_col_i64(st, 3);
		it->row.actor = arena_strdup(a, text(st, 4));
		it->row.action = arena_strdup(a, text(st, 5));
		it->row.object_type = arena_strdup(a, text(st, 6));
		it->row.object_id = db_col_i64(st, 7);
		it->row.details = arena_strdup(a, text(st, 8));
		it->hash = arena_strdup(a, text(st, 9));
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? YL_OK : db_fail(db, "audit list");
}
