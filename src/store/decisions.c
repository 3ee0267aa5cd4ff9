/* decisions.c: SQL for owners' decisions (see decisions.h). The roll is grouped in C by
 * core/vote.c (the law in one place) and written row by row; the live count is one GROUP BY over
 * the live ballots joined to the frozen roll, and the close keeps that count per question. Who
 * has taken part so far (owners and area, whatever they answered) is kept by each ballot. */
#include "decisions.h"
#include "../core/words.h"
#include "db.h"
#include "../core/arena.h"
#include "../core/buf.h"

#include <stdlib.h>
#include <string.h>

const char *const decision_state_names[DST__COUNT] = {"draft", "published", "open", "closed", "announced"};
const char *const decision_scope_names[DSC__COUNT] = {"community", "building", "stairwell"};
const char *const ballot_choice_names[BC__COUNT] = {"yes", "no", "abstain"};
const char *const ballot_channel_names[BCH__COUNT] = {"online", "paper", "proxy"};

/* Decisions ----------------------------------------------------------------------------- */

enum yl_err
store_decision_create(struct db *db, int64_t cid, const struct decision_new *d, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO decisions (community_id, title, body, matter, scope, building_id, stairwell_id, "
	                              "allow_change, state, created_by, created_at, closes_on) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $11) RETURNING id");
	struct stmt *opt = db_prep(db, "INSERT INTO decision_options (community_id, decision_id, position, label) "
	                               "VALUES ($1, $2, $3, $4)");
	if (st == NULL || opt == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, d->title);
	db_bind_text(st, 3, d->body ? d->body : "");
	db_bind_text(st, 4, vote_matter_name(d->matter));
	db_bind_text(st, 5, decision_scope_names[d->scope]);
	db_bind_opt_i64(st, 6, d->building_id);
	db_bind_opt_i64(st, 7, d->stairwell_id);
	db_bind_i64(st, 8, d->allow_change ? 1 : 0);
	db_bind_i64(st, 9, d->created_by);
	db_bind_i64(st, 10, d->now);
	db_bind_opt_i64(st, 11, d->closes_on);
	enum yl_err rc = db_insert(db, st, "decision insert", id);
	for (size_t i = 0; rc == YL_OK && i < d->noptions; i++) {
		db_bind_i64(opt, 1, cid);
		db_bind_i64(opt, 2, *id);
		db_bind_i64(opt, 3, (int64_t)i + 1);
		db_bind_text(opt, 4, d->options[i]);
		rc = db_done(db, opt, "decision option");
	}
	return rc;
}

#define DECISION_COLS                                                                                         \
	"d.id, d.community_id, d.title, d.body, d.matter, d.scope, d.building_id, d.stairwell_id, b.name, s.name, " \
	"d.allow_change, d.state, d.created_by, d.created_at, d.published_at, d.opened_at, d.closed_at, "          \
	"d.announced_at, d.closes_on, d.total_owners, d.total_area, d.total_units, "                               \
	"(SELECT count(*) FROM decision_options o WHERE o.community_id = d.community_id AND o.decision_id = d.id) "
#define DECISION_JOINS                                                                                        \
	"FROM decisions d LEFT JOIN buildings b ON b.community_id = d.community_id AND b.id = d.building_id "     \
	"LEFT JOIN stairwells s ON s.community_id = d.community_id AND s.id = d.stairwell_id "

static void
read_decision(struct arena *a, struct stmt *st, void *elem)
{
	struct decision *d = elem;
	memset(d, 0, sizeof *d);
	d->id = db_col_i64(st, 0);
	d->community_id = db_col_i64(st, 1);
	d->title = db_text(a, st, 2, "");
	d->body = db_text(a, st, 3, "");
	int m = vote_matter_from_name(db_col_text(st, 4));
	d->matter = m < 0 ? MATTER_OTHER : (enum matter)m;
	int s = word_index(decision_scope_names, DSC__COUNT, db_col_text(st, 5));
	d->scope = s < 0 ? DSC_COMMUNITY : (enum decision_scope)s;
	d->building_id = db_col_i64(st, 6);
	d->stairwell_id = db_col_i64(st, 7);
	d->building = db_text(a, st, 8, "");
	d->stairwell = db_text(a, st, 9, "");
	d->allow_change = db_col_i64(st, 10) != 0;
	int k = word_index(decision_state_names, DST__COUNT, db_col_text(st, 11));
	d->state = k < 0 ? DST_DRAFT : (enum decision_state)k;
	d->created_by = db_col_i64(st, 12);
	d->created_at = db_col_i64(st, 13);
	d->published_at = db_col_i64(st, 14);
	d->opened_at = db_col_i64(st, 15);
	d->closed_at = db_col_i64(st, 16);
	d->announced_at = db_col_i64(st, 17);
	d->closes_on = db_col_i64(st, 18);
	d->total.owners = db_col_i64(st, 19);
	d->total.area = db_col_i64(st, 20);
	d->total_units = db_col_i64(st, 21);
	d->noptions = (size_t)db_col_i64(st, 22);
}

enum yl_err
store_decision_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct decision *out)
{
	struct stmt *st = db_prep(db, "SELECT " DECISION_COLS DECISION_JOINS "WHERE d.community_id = $1 AND d.id = $2");
	struct stmt *op = db_prep(db, "SELECT id, position, label FROM decision_options WHERE community_id = $1 AND decision_id = $2 "
	                              "ORDER BY position");
	if (st == NULL || op == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_decision(a, st, out);
	enum yl_err e = db_one(db, st, rc, "decision get");
	if (e != YL_OK)
		return e;
	size_t cap = out->noptions;
	out->noptions = 0;
	out->options = arena_zalloc(a, (cap ? cap : 1) * sizeof *out->options);
	db_bind_i64(op, 1, cid);
	db_bind_i64(op, 2, id);
	while ((rc = db_step(op)) == DB_ROW && out->noptions < cap) {
		struct decision_option *o = &out->options[out->noptions++];
		o->id = db_col_i64(op, 0);
		o->position = (int)db_col_i64(op, 1);
		o->label = db_text(a, op, 2, "");
	}
	db_reset(op);
	return rc == DB_ERR ? db_fail(db, "decision options") : YL_OK;
}

enum yl_err
store_decisions(struct db *db, struct arena *a, int64_t cid, bool with_drafts, int64_t limit, int64_t offset,
                struct decision **v, size_t *n, int64_t *total)
{
	struct stmt *c = db_prep(db, "SELECT count(*) FROM decisions WHERE community_id = $1 AND ($2 = 1 OR state <> 'draft')");
	struct stmt *st = db_prep(db, "SELECT " DECISION_COLS DECISION_JOINS "WHERE d.community_id = $1 "
	                              "AND ($4 = 1 OR d.state <> 'draft') ORDER BY d.id DESC LIMIT $2 OFFSET $3");
	if (c == NULL || st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(c, 1, cid);
	db_bind_i64(c, 2, with_drafts ? 1 : 0);
	if (db_step(c) != DB_ROW) {
		db_reset(c);
		return db_fail(db, "decisions count");
	}
	*total = db_col_i64(c, 0);
	db_reset(c);
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, limit > 0 && limit <= 200 ? limit : 200);
	db_bind_i64(st, 3, offset > 0 ? offset : 0);
	db_bind_i64(st, 4, with_drafts ? 1 : 0);
	return db_rows(db, a, st, read_decision, sizeof **v, v, n, "decisions");
}

enum yl_err
store_decision_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id)
{
	return db_community_of(db, "SELECT community_id, building_id FROM decisions WHERE id = $1", id, cid, building_id, NULL);
}

/* The roll ------------------------------------------------------------------------------ */

/* A unit in scope with what the roll keeps of it beside vote_roll's fields. */
struct scoped_unit {
	struct roll_unit u;
	int64_t building_id;
};

enum yl_err
store_decision_publish(struct db *db, int64_t cid, int64_t id, int64_t now, struct count *total, int64_t *units)
{
	struct stmt *sc = db_prep(db, "SELECT scope, building_id, stairwell_id, state FROM decisions WHERE community_id = $1 AND id = $2");
	struct stmt *cnt = db_prep(db, "SELECT count(*) FROM units WHERE community_id = $1 AND ($2 IS NULL OR building_id = $2) "
	                               "AND ($3 IS NULL OR stairwell_id = $3)");
	/* Art. 9: unsold and sold-but-undelivered units are the developer's, whoever the register
	 * names; so are all units of an owner that is the developer or former work unit. */
	struct stmt *us = db_prep(db, "SELECT u.id, u.owner_id, u.area, u.building_id, "
	                              "CASE WHEN u.status <> 'delivered' OR o.kind = 'developer' THEN 1 ELSE 0 END "
	                              "FROM units u JOIN owners o ON o.community_id = u.community_id AND o.id = u.owner_id "
	                              "WHERE u.community_id = $1 AND ($2 IS NULL OR u.building_id = $2) "
	                              "AND ($3 IS NULL OR u.stairwell_id = $3)");
	struct stmt *iu = db_prep(db, "INSERT INTO decision_roll_units (community_id, decision_id, unit_id, voter, owner_id, "
	                              "building_id, area) VALUES ($1, $2, $3, $4, $5, $6, $7)");
	struct stmt *iv = db_prep(db, "INSERT INTO decision_voters (community_id, decision_id, voter, owner_id, area, units) "
	                              "VALUES ($1, $2, $3, $4, $5, $6)");
	struct stmt *up = db_prep(db, "UPDATE decisions SET state = 'published', published_at = $3, total_owners = $4, "
	                              "total_area = $5, total_units = $6 WHERE community_id = $1 AND id = $2 AND state = 'draft'");
	if (sc == NULL || cnt == NULL || us == NULL || iu == NULL || iv == NULL || up == NULL)
		return ERR_INTERNAL;
	db_bind_i64(sc, 1, cid);
	db_bind_i64(sc, 2, id);
	int rc = db_step(sc);
	int64_t building = 0, stairwell = 0;
	bool draft = false;
	if (rc == DB_ROW) {
		building = db_col_i64(sc, 1);
		stairwell = db_col_i64(sc, 2);
		draft = strcmp(db_col_text(sc, 3), "draft") == 0;
	}
	enum yl_err e = db_one(db, sc, rc, "decision scope");
	if (e != YL_OK)
		return e;
	if (!draft)
		return ERR_CONFLICT;

	db_bind_i64(cnt, 1, cid);
	db_bind_opt_i64(cnt, 2, building);
	db_bind_opt_i64(cnt, 3, stairwell);
	if (db_step(cnt) != DB_ROW) {
		db_reset(cnt);
		return db_fail(db, "roll count");
	}
	size_t cap = (size_t)db_col_i64(cnt, 0);
	db_reset(cnt);
	if (cap == 0)
		return ERR_INVALID;
	/* A district's biggest roll is hundreds of thousands of units: the heap, not the arena. */
	struct scoped_unit *su = malloc(cap * sizeof *su);
	struct roll_unit *ru = malloc(cap * sizeof *ru);
	struct roll_owner *ro = malloc(cap * sizeof *ro);
	if (su == NULL || ru == NULL || ro == NULL) {
		free(su);
		free(ru);
		free(ro);
		return ERR_INTERNAL;
	}
	size_t n = 0;
	db_bind_i64(us, 1, cid);
	db_bind_opt_i64(us, 2, building);
	db_bind_opt_i64(us, 3, stairwell);
	while ((rc = db_step(us)) == DB_ROW && n < cap) {
		struct scoped_unit *s = &su[n++];
		s->u.unit_id = db_col_i64(us, 0);
		s->u.owner_id = db_col_i64(us, 1);
		s->u.area = db_col_i64(us, 2);
		s->building_id = db_col_i64(us, 3);
		s->u.developer_held = db_col_i64(us, 4) != 0;
	}
	db_reset(us);
	e = rc == DB_ERR ? db_fail(db, "roll units") : YL_OK;

	for (size_t i = 0; e == YL_OK && i < n; i++) {
		const struct scoped_unit *s = &su[i];
		ru[i] = s->u;
		db_bind_i64(iu, 1, cid);
		db_bind_i64(iu, 2, id);
		db_bind_i64(iu, 3, s->u.unit_id);
		db_bind_i64(iu, 4, s->u.developer_held ? VOTE_DEVELOPER : s->u.owner_id);
		db_bind_i64(iu, 5, s->u.owner_id);
		db_bind_i64(iu, 6, s->building_id);
		db_bind_i64(iu, 7, s->u.area);
		e = db_done(db, iu, "roll unit");
	}
	size_t nv = 0;
	if (e == YL_OK) {
		nv = vote_roll(ru, n, ro, total);
		*units = (int64_t)n;
	}
	for (size_t i = 0; e == YL_OK && i < nv; i++) {
		db_bind_i64(iv, 1, cid);
		db_bind_i64(iv, 2, id);
		db_bind_i64(iv, 3, ro[i].owner_id);
		db_bind_opt_i64(iv, 4, ro[i].owner_id == VOTE_DEVELOPER ? 0 : ro[i].owner_id);
		db_bind_i64(iv, 5, ro[i].area);
		db_bind_i64(iv, 6, ro[i].units);
		e = db_done(db, iv, "roll voter");
	}
	free(su);
	free(ru);
	free(ro);
	if (e != YL_OK)
		return e;
	db_bind_i64(up, 1, cid);
	db_bind_i64(up, 2, id);
	db_bind_i64(up, 3, now);
	db_bind_i64(up, 4, total->owners);
	db_bind_i64(up, 5, total->area);
	db_bind_i64(up, 6, *units);
	e = db_done(db, up, "decision publish");
	if (e == YL_OK && db_changes(up) == 0)
		return ERR_CONFLICT;
	return e;
}

static enum yl_err keep_result(struct db *db, int64_t cid, int64_t id);

enum yl_err
store_decision_move(struct db *db, int64_t cid, int64_t id, enum decision_state from, enum decision_state to,
                    int64_t now)
{
	struct stmt *st = db_prep(db, "UPDATE decisions SET state = $4, "
	                              "opened_at = CASE WHEN $4 = 'open' THEN $5 ELSE opened_at END, "
	                              "closed_at = CASE WHEN $4 = 'closed' THEN $5 ELSE closed_at END, "
	                              "announced_at = CASE WHEN $4 = 'announced' THEN $5 ELSE announced_at END "
	                              "WHERE community_id = $1 AND id = $2 AND state = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, decision_state_names[from]);
	db_bind_text(st, 4, decision_state_names[to]);
	db_bind_i64(st, 5, now);
	enum yl_err rc = db_done(db, st, "decision move");
	if (rc == YL_OK && db_changes(st) == 0)
		return ERR_CONFLICT;
	if (rc == YL_OK && to == DST_CLOSED)
		rc = keep_result(db, cid, id);
	return rc;
}

enum yl_err
store_decision_voter_of_owner(struct db *db, int64_t cid, int64_t id, int64_t owner_id, int64_t *voter)
{
	/* A person's voter is themselves, through a unit that is theirs in law (delivered); a unit
	 * sold but not yet handed over is still the developer's (Art. 9), so its buyer does not vote
	 * for it. Only an owner that is the developer casts the developer's one ballot. */
	struct stmt *st = db_prep(db, "SELECT voter FROM decision_roll_units WHERE community_id = $1 AND decision_id = $2 "
	                              "AND owner_id = $3 AND (voter = owner_id OR EXISTS (SELECT 1 FROM owners o "
	                              "WHERE o.community_id = $1 AND o.id = $3 AND o.kind = 'developer')) LIMIT 1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, owner_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*voter = db_col_i64(st, 0);
	return db_one(db, st, rc, "voter of owner");
}

static enum yl_err
ids_of(struct db *db, struct stmt *st, int64_t *ids, size_t max, size_t *n, const char *what)
{
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		if (*n < max)
			ids[(*n)++] = db_col_i64(st, 0);
	db_reset(st);
	return rc == DB_ERR ? db_fail(db, what) : YL_OK;
}

enum yl_err
store_account_owners(struct db *db, int64_t cid, int64_t account_id, int64_t *ids, size_t max, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT owner_id FROM owner_accounts WHERE community_id = $1 AND account_id = $2 "
	                              "ORDER BY owner_id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	return ids_of(db, st, ids, max, n, "account owners");
}

enum yl_err
store_owner_by_ref(struct db *db, int64_t cid, const char *ref, int64_t *owner_id)
{
	struct stmt *st = db_prep(db, "SELECT id FROM owners WHERE community_id = $1 AND owner_ref = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, ref);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*owner_id = db_col_i64(st, 0);
	return db_one(db, st, rc, "owner by ref");
}

bool
store_owner_exists(struct db *db, int64_t cid, int64_t owner_id)
{
	struct stmt *st = db_prep(db, "SELECT 1 FROM owners WHERE community_id = $1 AND id = $2");
	if (st == NULL)
		return false;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, owner_id);
	bool yes = db_step(st) == DB_ROW;
	db_reset(st);
	return yes;
}

enum yl_err
store_decision_voter_buildings(struct db *db, int64_t cid, int64_t id, int64_t voter, int64_t *ids, size_t max,
                               size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT DISTINCT building_id FROM decision_roll_units WHERE community_id = $1 "
	                              "AND decision_id = $2 AND voter = $3 ORDER BY building_id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, voter);
	return ids_of(db, st, ids, max, n, "voter buildings");
}

enum yl_err
store_decision_voters(struct db *db, int64_t cid, int64_t id, int64_t *ids, size_t max, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT voter FROM decision_voters WHERE community_id = $1 AND decision_id = $2 ORDER BY voter");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	return ids_of(db, st, ids, max, n, "voters");
}

enum yl_err
store_decision_voter(struct db *db, int64_t cid, int64_t id, int64_t voter, struct roll_owner *out)
{
	struct stmt *st = db_prep(db, "SELECT area, units FROM decision_voters WHERE community_id = $1 AND decision_id = $2 "
	                              "AND voter = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, voter);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->owner_id = voter;
		out->area = db_col_i64(st, 0);
		out->units = db_col_i64(st, 1);
	}
	return db_one(db, st, rc, "voter");
}

const char *
store_decision_voter_units(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t voter)
{
	struct stmt *st = db_prep(db, "SELECT b.name, s.name, u.room FROM decision_roll_units r "
	                              "JOIN units u ON u.community_id = r.community_id AND u.id = r.unit_id "
	                              "JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "
	                              "JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "
	                              "WHERE r.community_id = $1 AND r.decision_id = $2 AND r.voter = $3 "
	                              "ORDER BY b.sort_key, b.name, s.name, u.room LIMIT 6");
	if (st == NULL)
		return "";
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, voter);
	struct buf b;
	buf_init(&b, a, 64);
	int n = 0;
	while (db_step(st) == DB_ROW) {
		if (++n > 5) {
			buf_adds(&b, "…");
			break;
		}
		if (n > 1)
			buf_adds(&b, "、");
		buf_adds(&b, db_col_text(st, 0));
		buf_adds(&b, db_col_text(st, 1));
		buf_adds(&b, db_col_text(st, 2));
	}
	db_reset(st);
	return b.len ? b.p : "";
}

/* Ballots ------------------------------------------------------------------------------- */

#define BALLOT_COLS                                                                                           \
	"SELECT bl.id, bl.voter, bl.choice, bl.channel, bl.serial, bl.signer, bl.proxy_name, bl.account_id, "     \
	"ac.display_name, bl.cast_at, bl.replaced_at, bl.scan FROM ballots bl JOIN accounts ac ON ac.id = bl.account_id "

static void
read_ballot(struct arena *a, struct stmt *st, void *elem)
{
	struct ballot *b = elem;
	memset(b, 0, sizeof *b);
	b->id = db_col_i64(st, 0);
	b->voter = db_col_i64(st, 1);
	int c = word_index(ballot_choice_names, BC__COUNT, db_col_text(st, 2));
	b->choice = c < 0 ? BC_ABSTAIN : (enum ballot_choice)c;
	int ch = word_index(ballot_channel_names, BCH__COUNT, db_col_text(st, 3));
	b->channel = ch < 0 ? BCH_ONLINE : (enum ballot_channel)ch;
	b->serial = db_text(a, st, 4, "");
	b->signer = db_text(a, st, 5, "");
	b->proxy_name = db_text(a, st, 6, "");
	b->account_id = db_col_i64(st, 7);
	b->account_name = db_text(a, st, 8, "");
	b->cast_at = db_col_i64(st, 9);
	b->replaced_at = db_col_i64(st, 10);
	b->scan = db_text(a, st, 11, "");
}

static enum yl_err
read_answers(struct db *db, int64_t cid, struct ballot *b)
{
	struct stmt *st = db_prep(db, "SELECT ba.choice FROM ballot_answers ba JOIN decision_options o "
	                              "ON o.community_id = ba.community_id AND o.id = ba.option_id "
	                              "WHERE ba.community_id = $1 AND ba.ballot_id = $2 ORDER BY o.position");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, b->id);
	int rc;
	b->nanswers = 0;
	while ((rc = db_step(st)) == DB_ROW && b->nanswers < DECISION_MAX_OPTIONS) {
		int c = word_index(ballot_choice_names, BC__COUNT, db_col_text(st, 0));
		b->answers[b->nanswers++] = c < 0 ? BC_ABSTAIN : (enum ballot_choice)c;
	}
	db_reset(st);
	return rc == DB_ERR ? db_fail(db, "ballot answers") : YL_OK;
}

enum yl_err
store_ballot_live(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t voter, struct ballot *out)
{
	struct stmt *st = db_prep(db, BALLOT_COLS "WHERE bl.community_id = $1 AND bl.decision_id = $2 AND bl.voter = $3 "
	                                          "AND bl.replaced_at IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, voter);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_ballot(a, st, out);
	enum yl_err e = db_one(db, st, rc, "live ballot");
	return e == YL_OK ? read_answers(db, cid, out) : e;
}

enum yl_err
store_ballots_of(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t voter, struct ballot **v, size_t *n)
{
	struct stmt *st = db_prep(db, BALLOT_COLS "WHERE bl.community_id = $1 AND bl.decision_id = $2 AND bl.voter = $3 "
	                                          "ORDER BY bl.id LIMIT 50");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, voter);
	enum yl_err rc = db_rows(db, a, st, read_ballot, sizeof **v, v, n, "ballots of voter");
	if (rc != YL_OK)
		return rc;
	for (size_t i = 0; i < *n; i++) {
		enum yl_err e = read_answers(db, cid, &(*v)[i]);
		if (e != YL_OK)
			return e;
	}
	return YL_OK;
}

/* A voter's first live ballot adds them, with their roll area, to the decision's kept turnout
 * (schema/023): one owner more, and the row made on the first ballot. A voter not on the roll adds
 * nothing, as the count over the ballots joined to the roll never counted one. */
static enum yl_err
add_to_turnout(struct db *db, int64_t cid, int64_t id, int64_t voter)
{
	/* the WHERE before ON CONFLICT is SQLite's: without one "ON" would be read as a join's */
	struct stmt *st = db_prep(db, "INSERT INTO decision_turnout (community_id, decision_id, owners, area) "
	                              "SELECT community_id, decision_id, 1, area FROM decision_voters "
	                              "WHERE community_id = $1 AND decision_id = $2 AND voter = $3 "
	                              "ON CONFLICT (community_id, decision_id) DO UPDATE SET "
	                              "owners = decision_turnout.owners + 1, area = decision_turnout.area + excluded.area");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, voter);
	return db_done(db, st, "turnout add");
}

enum yl_err
store_ballot_cast(struct db *db, int64_t cid, const struct decision *d, const struct ballot *b, bool replace,
                  int64_t now, int64_t *id, int64_t *replaced)
{
	*replaced = 0;
	struct stmt *live = db_prep(db, "SELECT id FROM ballots WHERE community_id = $1 AND decision_id = $2 AND voter = $3 "
	                                "AND replaced_at IS NULL");
	struct stmt *rep = db_prep(db, "UPDATE ballots SET replaced_at = $3 WHERE community_id = $1 AND id = $2");
	/* The partial unique index is the last word on "one live ballot": with the community's lock
	 * held nothing can slip in between the check above and this insert, and ON CONFLICT keeps a
	 * PostgreSQL transaction usable if something ever did. */
	struct stmt *ins = db_prep(db, "INSERT INTO ballots (community_id, decision_id, voter, choice, channel, serial, signer, "
	                               "proxy_name, account_id, cast_at, scan) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
	                               "ON CONFLICT (community_id, decision_id, voter) WHERE replaced_at IS NULL DO NOTHING "
	                               "RETURNING id");
	struct stmt *ans = db_prep(db, "INSERT INTO ballot_answers (community_id, ballot_id, option_id, choice) VALUES ($1, $2, $3, $4)");
	if (live == NULL || rep == NULL || ins == NULL || ans == NULL)
		return ERR_INTERNAL;
	db_bind_i64(live, 1, cid);
	db_bind_i64(live, 2, d->id);
	db_bind_i64(live, 3, b->voter);
	int rc = db_step(live);
	int64_t old = rc == DB_ROW ? db_col_i64(live, 0) : 0;
	db_reset(live);
	if (rc == DB_ERR)
		return db_fail(db, "live ballot");
	if (old) {
		if (!replace)
			return ERR_CONFLICT;
		db_bind_i64(rep, 1, cid);
		db_bind_i64(rep, 2, old);
		db_bind_i64(rep, 3, now);
		enum yl_err e = db_done(db, rep, "ballot replace");
		if (e != YL_OK)
			return e;
		*replaced = old;
	}
	db_bind_i64(ins, 1, cid);
	db_bind_i64(ins, 2, d->id);
	db_bind_i64(ins, 3, b->voter);
	db_bind_text(ins, 4, d->noptions ? "" : ballot_choice_names[b->choice]);
	db_bind_text(ins, 5, ballot_channel_names[b->channel]);
	db_bind_text(ins, 6, b->serial ? b->serial : "");
	db_bind_text(ins, 7, b->signer ? b->signer : "");
	db_bind_text(ins, 8, b->proxy_name ? b->proxy_name : "");
	db_bind_text(ins, 11, b->scan ? b->scan : "");
	db_bind_i64(ins, 9, b->account_id);
	db_bind_i64(ins, 10, now);
	rc = db_step(ins);
	if (rc == DB_ROW)
		*id = db_col_i64(ins, 0);
	db_reset(ins);
	if (rc == DB_DONE)
		return ERR_CONFLICT;
	if (rc != DB_ROW)
		return db_fail(db, "ballot insert");
	for (size_t i = 0; i < d->noptions && i < b->nanswers; i++) {
		db_bind_i64(ans, 1, cid);
		db_bind_i64(ans, 2, *id);
		db_bind_i64(ans, 3, d->options[i].id);
		db_bind_text(ans, 4, ballot_choice_names[b->answers[i]]);
		enum yl_err e = db_done(db, ans, "ballot answer");
		if (e != YL_OK)
			return e;
	}
	/* a replacement's voter was live before and is live still: the turnout stays */
	return old ? YL_OK : add_to_turnout(db, cid, d->id, b->voter);
}

/* Counting ------------------------------------------------------------------------------ */

static const char tally_plain[] =
	"SELECT bl.choice, count(*), coalesce(sum(v.area), 0) FROM ballots bl "
	"JOIN decision_voters v ON v.community_id = bl.community_id AND v.decision_id = bl.decision_id AND v.voter = bl.voter "
	"WHERE bl.community_id = $1 AND bl.decision_id = $2 AND bl.replaced_at IS NULL GROUP BY bl.choice";
static const char tally_option[] =
	"SELECT ba.choice, count(*), coalesce(sum(v.area), 0) FROM ballots bl "
	"JOIN ballot_answers ba ON ba.community_id = bl.community_id AND ba.ballot_id = bl.id "
	"JOIN decision_voters v ON v.community_id = bl.community_id AND v.decision_id = bl.decision_id AND v.voter = bl.voter "
	"WHERE bl.community_id = $1 AND bl.decision_id = $2 AND bl.replaced_at IS NULL AND ba.option_id = $3 GROUP BY ba.choice";

enum yl_err
store_decision_tally(struct db *db, int64_t cid, const struct decision *d, int64_t option_id, struct tally *t)
{
	memset(t, 0, sizeof *t);
	t->total = d->total;
	struct stmt *st = db_prep(db, option_id ? tally_option : tally_plain);
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, d->id);
	if (option_id)
		db_bind_i64(st, 3, option_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int c = word_index(ballot_choice_names, BC__COUNT, db_col_text(st, 0));
		struct count *k = c == BC_YES ? &t->yes : c == BC_NO ? &t->no : c == BC_ABSTAIN ? &t->abstain : NULL;
		if (k == NULL)
			continue;
		k->owners += db_col_i64(st, 1);
		k->area += db_col_i64(st, 2);
	}
	db_reset(st);
	if (rc == DB_ERR)
		return db_fail(db, "tally");
	t->participating.owners = t->yes.owners + t->no.owners + t->abstain.owners;
	t->participating.area = t->yes.area + t->no.area + t->abstain.area;
	return YL_OK;
}

static enum yl_err
keep_one(struct db *db, int64_t cid, const struct decision *d, int64_t option_id)
{
	struct tally t;
	enum yl_err rc = store_decision_tally(db, cid, d, option_id, &t);
	if (rc != YL_OK)
		return rc;
	struct stmt *st = db_prep(db, "INSERT INTO decision_results (community_id, decision_id, option_id, yes_owners, yes_area, "
	                              "no_owners, no_area, abstain_owners, abstain_area) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, d->id);
	db_bind_i64(st, 3, option_id);
	db_bind_i64(st, 4, t.yes.owners);
	db_bind_i64(st, 5, t.yes.area);
	db_bind_i64(st, 6, t.no.owners);
	db_bind_i64(st, 7, t.no.area);
	db_bind_i64(st, 8, t.abstain.owners);
	db_bind_i64(st, 9, t.abstain.area);
	return db_done(db, st, "decision result");
}

static enum yl_err
keep_result(struct db *db, int64_t cid, int64_t id)
{
	struct arena *a = arena_new();
	struct decision d;
	enum yl_err rc = store_decision_get(db, a, cid, id, &d);
	if (rc == YL_OK && d.noptions == 0)
		rc = keep_one(db, cid, &d, 0);
	for (size_t i = 0; rc == YL_OK && i < d.noptions; i++)
		rc = keep_one(db, cid, &d, d.options[i].id);
	arena_free(a);
	return rc;
}

enum yl_err
store_decision_passed(struct db *db, int64_t cid, const struct decision *d, int64_t option_id, bool *passed)
{
	*passed = false;
	if (d->state != DST_CLOSED && d->state != DST_ANNOUNCED)
		return YL_OK;
	struct tally t;
	enum yl_err e = store_decision_result(db, cid, d, option_id, &t);
	if (e == ERR_NOTFOUND)
		return YL_OK;
	if (e == YL_OK)
		*passed = vote_decide(d->matter, &t).passed;
	return e;
}

enum yl_err
store_decision_result(struct db *db, int64_t cid, const struct decision *d, int64_t option_id, struct tally *t)
{
	struct stmt *st = db_prep(db, "SELECT yes_owners, yes_area, no_owners, no_area, abstain_owners, abstain_area "
	                              "FROM decision_results WHERE community_id = $1 AND decision_id = $2 AND option_id = $3");
	if (st == NULL)
		return ERR_INTERNAL;
	memset(t, 0, sizeof *t);
	t->total = d->total;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, d->id);
	db_bind_i64(st, 3, option_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		t->yes.owners = db_col_i64(st, 0);
		t->yes.area = db_col_i64(st, 1);
		t->no.owners = db_col_i64(st, 2);
		t->no.area = db_col_i64(st, 3);
		t->abstain.owners = db_col_i64(st, 4);
		t->abstain.area = db_col_i64(st, 5);
		t->participating.owners = t->yes.owners + t->no.owners + t->abstain.owners;
		t->participating.area = t->yes.area + t->no.area + t->abstain.area;
	}
	return db_one(db, st, rc, "decision result");
}

enum yl_err
store_decision_voted(struct db *db, int64_t cid, int64_t id, struct count *voted)
{
	struct stmt *st = db_prep(db, "SELECT owners, area FROM decision_turnout WHERE community_id = $1 AND decision_id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	voted->owners = rc == DB_ROW ? db_col_i64(st, 0) : 0;
	voted->area = rc == DB_ROW ? db_col_i64(st, 1) : 0;
	db_reset(st);
	/* no row: no ballot yet */
	return rc == DB_ERR ? db_fail(db, "turnout") : YL_OK;
}

static void
read_turnout(struct arena *a, struct stmt *st, void *elem)
{
	struct turnout_row *r = elem;
	r->building_id = db_col_i64(st, 0);
	r->building = db_text(a, st, 1, "");
	r->total.owners = db_col_i64(st, 2);
	r->total.area = db_col_i64(st, 3);
	r->voted.owners = db_col_i64(st, 4);
	r->voted.area = db_col_i64(st, 5);
}

enum yl_err
store_decision_turnout(struct db *db, struct arena *a, int64_t cid, int64_t id, struct turnout_row **v, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT r.building_id, b.name, count(DISTINCT r.voter), sum(r.area), "
	                              "count(DISTINCT CASE WHEN bl.id IS NOT NULL THEN r.voter END), "
	                              "coalesce(sum(CASE WHEN bl.id IS NOT NULL THEN r.area END), 0) "
	                              "FROM decision_roll_units r JOIN buildings b ON b.community_id = r.community_id "
	                              "AND b.id = r.building_id LEFT JOIN ballots bl ON bl.community_id = r.community_id "
	                              "AND bl.decision_id = r.decision_id AND bl.voter = r.voter AND bl.replaced_at IS NULL "
	                              "WHERE r.community_id = $1 AND r.decision_id = $2 "
	                              "GROUP BY r.building_id, b.name, b.sort_key ORDER BY b.sort_key, b.name");
	if (st == NULL)
		return ERR_INTERNAL;
	/* one pass: counting the buildings first read the whole roll a second time */
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	return db_rows(db, a, st, read_turnout, sizeof **v, v, n, "turnout");
}

enum yl_err
store_decision_channels(struct db *db, int64_t cid, int64_t id, int64_t counts[BCH__COUNT])
{
	memset(counts, 0, BCH__COUNT * sizeof counts[0]);
	struct stmt *st = db_prep(db, "SELECT channel, count(*) FROM ballots WHERE community_id = $1 AND decision_id = $2 "
	                              "AND replaced_at IS NULL GROUP BY channel");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int ch = word_index(ballot_channel_names, BCH__COUNT, db_col_text(st, 0));
		if (ch >= 0)
			counts[ch] = db_col_i64(st, 1);
	}
	db_reset(st);
	return rc == DB_ERR ? db_fail(db, "channels") : YL_OK;
}

enum yl_err
store_ballot_scan(struct db *db, struct arena *a, int64_t ballot_id, int64_t *cid, const char **file)
{
	struct stmt *st = db_prep(db, "SELECT community_id, scan FROM ballots WHERE id = $1 AND scan <> ''");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, ballot_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*cid = db_col_i64(st, 0);
		*file = db_text(a, st, 1, "");
	}
	return db_one(db, st, rc, "ballot scan");
}

enum yl_err
store_decision_roll_buildings(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t **ids,
                              const char ***names, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT b.id, b.name FROM buildings b WHERE b.community_id = $1 AND EXISTS ("
	                              "SELECT 1 FROM decision_roll_units r WHERE r.community_id = b.community_id "
	                              "AND r.decision_id = $2 AND r.building_id = b.id) ORDER BY b.sort_key, b.name LIMIT 1000");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	*ids = arena_alloc(a, 1000 * sizeof **ids);
	*names = arena_alloc(a, 1000 * sizeof **names);
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < 1000) {
		(*ids)[*n] = db_col_i64(st, 0);
		(*names)[*n] = db_text(a, st, 1, "");
		(*n)++;
	}
	db_reset(st);
	return rc == DB_ERR ? db_fail(db, "roll buildings") : YL_OK;
}

static void
read_roll_line(struct arena *a, struct stmt *st, void *elem)
{
	struct roll_line *l = elem;
	l->building = db_text(a, st, 0, "");
	l->stairwell = db_text(a, st, 1, "");
	l->room = db_text(a, st, 2, "");
	l->area = db_col_i64(st, 3);
	l->voter_no = db_col_i64(st, 4);
	l->developer = db_col_i64(st, 5) < 0;
	l->voter_units = db_col_i64(st, 6);
}

enum yl_err
store_decision_roll(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t building_id, int64_t *shown,
                    struct roll_line **v, size_t *n)
{
	*n = 0;
	*shown = building_id;
	if (building_id == 0) {
		int64_t *ids;
		const char **names;
		size_t nb;
		enum yl_err rc = store_decision_roll_buildings(db, a, cid, id, &ids, &names, &nb);
		if (rc != YL_OK || nb == 0)
			return rc;
		*shown = ids[0];
	}
	/* the voter's number is its place in roll order (the developer, -1, first), numbered in one
	 * pass over the voters rather than counted again for every unit shown */
	struct stmt *st = db_prep(db, "SELECT b.name, s.name, u.room, r.area, v.no, r.voter, v.units "
	                              "FROM decision_roll_units r "
	                              "JOIN (SELECT voter, units, row_number() OVER (ORDER BY voter) AS no FROM decision_voters "
	                              "WHERE community_id = $1 AND decision_id = $2) v ON v.voter = r.voter "
	                              "JOIN units u ON u.community_id = r.community_id AND u.id = r.unit_id "
	                              "JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "
	                              "JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "
	                              "WHERE r.community_id = $1 AND r.decision_id = $2 AND r.building_id = $3 "
	                              "ORDER BY s.name, u.floor, u.room LIMIT 2000");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, *shown);
	return db_rows(db, a, st, read_roll_line, sizeof **v, v, n, "roll");
}
