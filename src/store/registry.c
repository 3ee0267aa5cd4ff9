/* registry.c: SQL for the registry: communities, buildings, units, owners, residents, heads'
 * buildings, activation codes, and applying a household import. */
#include "registry.h"
#include "db.h"
#include "../core/arena.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ---- communities ---- */

#define COMMUNITY_SQL                                                                                 \
	"SELECT c.id, c.name, c.district, c.street, c.city, coalesce(c.jurisdiction_id, ''), c.notice_days, " \
	"c.total_units, c.total_owners, c.total_buildings, c.total_area FROM communities c "

static void
read_community(struct arena *a, struct stmt *st, void *elem)
{
	struct community *c = elem;
	c->id = db_col_i64(st, 0);
	c->name = db_text(a, st, 1, "");
	c->district = db_text(a, st, 2, "");
	c->street = db_text(a, st, 3, "");
	c->city = db_text(a, st, 4, "");
	c->jurisdiction_id = db_text(a, st, 5, "");
	c->notice_days = db_col_i64(st, 6);
	c->units = db_col_i64(st, 7);
	c->owners = db_col_i64(st, 8);
	c->buildings = db_col_i64(st, 9);
	c->area = db_col_i64(st, 10);
}

enum yl_err
store_community_get(struct db *db, struct arena *a, int64_t id, struct community *out)
{
	struct stmt *st = db_prep(db, COMMUNITY_SQL "WHERE c.id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_community(a, st, out);
	return db_one(db, st, rc, "community get");
}

enum yl_err
store_community_by_jurisdiction(struct db *db, const char *s, int64_t *id)
{
	struct stmt *st = db_prep(db, "SELECT id FROM communities WHERE jurisdiction_id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, s);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	return db_one(db, st, rc, "community by jurisdiction");
}

enum yl_err
store_communities(struct db *db, struct arena *a, int64_t limit, int64_t offset, struct community **items, size_t *n,
                  int64_t *total)
{
	struct stmt *c = db_prep(db, "SELECT count(*) FROM communities");
	if (c == NULL || db_step(c) != DB_ROW)
		return db_fail(db, "communities count");
	*total = db_col_i64(c, 0);
	db_reset(c);
	size_t cap = limit > 0 && limit <= 1000 ? (size_t)limit : 1000;
	struct stmt *st = db_prep(db, COMMUNITY_SQL "ORDER BY c.id LIMIT $1 OFFSET $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, (int64_t)cap);
	db_bind_i64(st, 2, offset);
	return db_rows(db, a, st, read_community, sizeof **items, items, n, "communities");
}

enum yl_err
store_community_update(struct db *db, int64_t id, const char *name, const char *district, const char *street,
                       const char *city, const char *jurisdiction_id, int64_t notice_days)
{
	struct stmt *st = db_prep(db, "UPDATE communities SET name = coalesce($2, name), "
	                               "district = coalesce($3, district), street = coalesce($4, street), "
	                               "city = coalesce($7, city), jurisdiction_id = coalesce($5, jurisdiction_id), "
	                               "notice_days = CASE WHEN $6 >= 0 THEN $6 ELSE notice_days END "
	                               "WHERE id = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, district);
	db_bind_text(st, 4, street);
	db_bind_text(st, 5, jurisdiction_id);
	db_bind_i64(st, 6, notice_days);
	db_bind_text(st, 7, city);
	enum yl_err rc = db_done(db, st, "community update");
	if (rc == YL_OK && db_changes(st) == 0)
		return ERR_NOTFOUND;
	return rc;
}

/* ---- buildings and stairwells ---- */

static void
read_building(struct arena *a, struct stmt *st, void *elem)
{
	struct building *b = elem;
	b->id = db_col_i64(st, 0);
	b->name = db_text(a, st, 1, "");
	b->units = db_col_i64(st, 2);
	b->stairwells = db_col_i64(st, 3);
}

enum yl_err
store_buildings(struct db *db, struct arena *a, int64_t cid, struct building **items, size_t *n)
{
	/* the counts are kept with each building (migration 008), refreshed by the import */
	struct stmt *st = db_prep(db, "SELECT b.id, b.name, b.total_units, b.total_stairwells "
	                               "FROM buildings b WHERE b.community_id = $1 ORDER BY b.sort_key, b.name LIMIT 2000");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	return db_rows(db, a, st, read_building, sizeof **items, items, n, "buildings");
}

/* "12栋" sorts after "3栋": the leading number, else 1000000 (letters after numbers). */
static int64_t
sort_key(const char *name)
{
	int64_t v = 0;
	const char *p = name;
	if (*p < '0' || *p > '9')
		return 1000000;
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	return v;
}

static enum yl_err
ensure(struct db *db, struct stmt *find, struct stmt *ins, int64_t *id, bool *created, const char *what)
{
	int rc = db_step(find);
	if (rc == DB_ROW) {
		*id = db_col_i64(find, 0);
		db_reset(find);
		if (created)
			*created = false;
		return YL_OK;
	}
	db_reset(find);
	if (rc != DB_DONE)
		return db_fail(db, what);
	enum yl_err e = db_insert(db, ins, what, id);
	if (e == YL_OK) {
		if (created)
			*created = true;
	}
	return e;
}

static enum yl_err
find_id(struct db *db, struct stmt *st, int64_t *id, const char *what)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	return db_one(db, st, rc, what);
}

enum yl_err
store_building_find(struct db *db, int64_t cid, const char *name, int64_t *id)
{
	struct stmt *f = db_prep(db, "SELECT id FROM buildings WHERE community_id = $1 AND name = $2");
	if (f == NULL)
		return ERR_INTERNAL;
	db_bind_i64(f, 1, cid);
	db_bind_text(f, 2, name);
	return find_id(db, f, id, "building find");
}

enum yl_err
store_stairwell_find(struct db *db, int64_t cid, int64_t building_id, const char *name, int64_t *id)
{
	struct stmt *f = db_prep(db, "SELECT id FROM stairwells WHERE community_id = $1 AND building_id = $2 AND name = $3");
	if (f == NULL)
		return ERR_INTERNAL;
	db_bind_i64(f, 1, cid);
	db_bind_i64(f, 2, building_id);
	db_bind_text(f, 3, name);
	return find_id(db, f, id, "stairwell find");
}

enum yl_err
store_building_ensure(struct db *db, int64_t cid, const char *name, int64_t *id, bool *created)
{
	struct stmt *f = db_prep(db, "SELECT id FROM buildings WHERE community_id = $1 AND name = $2");
	struct stmt *i = db_prep(db, "INSERT INTO buildings(community_id, name, sort_key) VALUES ($1, $2, $3) RETURNING id");
	if (f == NULL || i == NULL)
		return ERR_INTERNAL;
	db_bind_i64(f, 1, cid);
	db_bind_text(f, 2, name);
	db_bind_i64(i, 1, cid);
	db_bind_text(i, 2, name);
	db_bind_i64(i, 3, sort_key(name));
	return ensure(db, f, i, id, created, "building");
}

enum yl_err
store_stairwell_ensure(struct db *db, int64_t cid, int64_t building_id, const char *name, int64_t *id,
                       bool *created)
{
	struct stmt *f = db_prep(db, "SELECT id FROM stairwells WHERE community_id = $1 AND building_id = $2 AND name = $3");
	struct stmt *i = db_prep(db, "INSERT INTO stairwells(community_id, building_id, name) VALUES ($1, $2, $3) RETURNING id");
	if (f == NULL || i == NULL)
		return ERR_INTERNAL;
	db_bind_i64(f, 1, cid);
	db_bind_i64(f, 2, building_id);
	db_bind_text(f, 3, name);
	db_bind_i64(i, 1, cid);
	db_bind_i64(i, 2, building_id);
	db_bind_text(i, 3, name);
	return ensure(db, f, i, id, created, "stairwell");
}

/* ---- units ---- */

#define UNIT_SQL                                                                                       \
	"SELECT u.id, u.building_id, u.stairwell_id, b.name, s.name, u.floor, u.room, u.area, u.area_source, " \
	"u.status, o.id, o.owner_ref, o.name, o.phone, o.kind FROM units u "                                  \
	"JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "                  \
	"JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "                \
	"JOIN owners o ON o.community_id = u.community_id AND o.id = u.owner_id "

static void
read_unit(struct arena *a, struct stmt *st, void *elem)
{
	struct unit *u = elem;
	u->id = db_col_i64(st, 0);
	u->building_id = db_col_i64(st, 1);
	u->stairwell_id = db_col_i64(st, 2);
	u->building = db_text(a, st, 3, "");
	u->stairwell = db_text(a, st, 4, "");
	u->floor = (int)db_col_i64(st, 5);
	u->room = db_text(a, st, 6, "");
	u->area = db_col_i64(st, 7);
	int e = registry_enum(area_source_names, AREA__COUNT, db_col_text(st, 8));
	u->area_source = e < 0 ? AREA_REGISTER : (enum area_source)e;
	e = registry_enum(unit_status_names, UNIT__COUNT, db_col_text(st, 9));
	u->status = e < 0 ? UNIT_DELIVERED : (enum unit_status)e;
	u->owner_id = db_col_i64(st, 10);
	u->owner_ref = db_text(a, st, 11, "");
	u->owner_name = db_text(a, st, 12, "");
	u->owner_phone = db_text(a, st, 13, "");
	e = registry_enum(owner_kind_names, OWNER__COUNT, db_col_text(st, 14));
	u->owner_kind = e < 0 ? OWNER_PERSON : (enum owner_kind)e;
}

/* The building is a range (one id, or all) rather than "$2 = 0 OR …": SQLite can walk an index
 * range, but not an OR, so a one-building page reads its 48 units and not the community's. */
#define UNIT_WHERE                                                                                  \
	"WHERE u.community_id = $1 AND u.building_id BETWEEN $2 AND $11 AND ($3 = 0 OR u.stairwell_id = $3) " \
	"AND ($4 IS NULL OR b.name = $4) AND ($5 IS NULL OR s.name = $5) "                                \
	"AND ($6 IS NULL OR strpos(u.room, $6) > 0 OR strpos(o.name, $6) > 0) AND ($7 IS NULL OR u.status = $7) " \
	"AND ($10 IS NULL OR strpos($10, ',' || CAST(u.building_id AS TEXT) || ',') > 0) "

static void
bind_filter(struct stmt *st, int64_t cid, const struct unit_filter *f)
{
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, f->building_id);
	db_bind_i64(st, 11, f->building_id ? f->building_id : INT64_MAX);
	db_bind_i64(st, 3, f->stairwell_id);
	db_bind_text(st, 4, f->building);
	db_bind_text(st, 5, f->stairwell);
	db_bind_text(st, 6, f->q && *f->q ? f->q : NULL);
	db_bind_text(st, 7, f->status >= 0 && f->status < UNIT__COUNT ? unit_status_names[f->status] : NULL);
	db_bind_text(st, 10, f->building_set);
}

/* Counting needs the joins only to filter by names or search owners; otherwise the units'
 * covering index answers alone (the common page: a whole community, a building, a status). */
#define UNIT_WHERE_PLAIN                                                                            \
	"WHERE u.community_id = $1 AND u.building_id BETWEEN $2 AND $11 AND ($3 = 0 OR u.stairwell_id = $3) " \
	"AND (CAST($4 AS TEXT) IS NULL) AND (CAST($5 AS TEXT) IS NULL) AND (CAST($6 AS TEXT) IS NULL) AND ($7 IS NULL OR u.status = $7) "        \
	"AND ($10 IS NULL OR strpos($10, ',' || CAST(u.building_id AS TEXT) || ',') > 0) "

static const char count_plain[] = "SELECT count(*) FROM units u INDEXED BY units_in_order " UNIT_WHERE_PLAIN;
static const char pg_count_plain[] = "SELECT count(*) FROM units u " UNIT_WHERE_PLAIN;

enum yl_err
store_units(struct db *db, struct arena *a, int64_t cid, const struct unit_filter *f, struct unit **items,
            size_t *n, int64_t *total)
{
	bool plain = f->building == NULL && f->stairwell == NULL && (f->q == NULL || *f->q == '\0');
	/* A whole community, or one building of it, unfiltered: the totals kept with the community
	 * and each building (migrations 006, 008) are the count, instead of stepping 2,156 index
	 * entries per view (a quarter of the register page's instructions under callgrind). */
	bool kept = plain && f->stairwell_id == 0 && (f->status < 0 || f->status >= UNIT__COUNT) && f->building_set == NULL;
	struct stmt *c = kept ? (f->building_id ? db_prep(db, "SELECT total_units FROM buildings WHERE community_id = $1 AND id = $2")
	                                        : db_prep(db, "SELECT total_units FROM communities WHERE id = $1"))
	               : plain ? db_prep(db, db_sql(db, count_plain, pg_count_plain))
	                        : db_prep(db, "SELECT count(*) FROM units u "
	                                      "JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "
	                                      "JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "
	                                      "JOIN owners o ON o.community_id = u.community_id AND o.id = u.owner_id " UNIT_WHERE);
	/* Registration order (buildings, then stairwells, as they were first imported), which the
	 * units_in_order index reads without sorting. */
	struct stmt *st = db_prep(db, UNIT_SQL UNIT_WHERE "ORDER BY u.building_id, u.stairwell_id, u.floor, u.room "
	                                                   "LIMIT $8 OFFSET $9");
	if (c == NULL || st == NULL)
		return ERR_INTERNAL;
	if (kept) {
		db_bind_i64(c, 1, cid);
		if (f->building_id)
			db_bind_i64(c, 2, f->building_id);
	} else {
		bind_filter(c, cid, f);
	}
	int crc = db_step(c);
	if (crc == DB_DONE && kept) {
		*total = 0; /* no such building in this community: an empty page */
	} else if (crc != DB_ROW) {
		db_reset(c);
		return db_fail(db, "units count");
	} else {
		*total = db_col_i64(c, 0);
	}
	db_reset(c);
	size_t cap = f->limit > 0 && f->limit <= 1000 ? (size_t)f->limit : 1000;
	bind_filter(st, cid, f);
	db_bind_i64(st, 8, (int64_t)cap);
	db_bind_i64(st, 9, f->offset);
	return db_rows(db, a, st, read_unit, sizeof **items, items, n, "units");
}

enum yl_err
store_unit_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct unit *out)
{
	return db_row_by_id(db, a, UNIT_SQL "WHERE u.community_id = $1 AND u.id = $2", cid, id, read_unit, out,
	                    sizeof *out, "unit get");
}

enum yl_err
store_unit_by_key(struct db *db, int64_t cid, const char *building, const char *stairwell, const char *room,
                  int64_t *id)
{
	struct stmt *st = db_prep(db, "SELECT u.id FROM units u JOIN buildings b ON b.community_id = u.community_id AND b.id = u.building_id "
	                               "JOIN stairwells s ON s.community_id = u.community_id AND s.id = u.stairwell_id "
	                               "WHERE u.community_id = $1 "
	                               "AND b.name = $2 AND s.name = $3 AND u.room = $4");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, building);
	db_bind_text(st, 3, stairwell);
	db_bind_text(st, 4, room);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_i64(st, 0);
	return db_one(db, st, rc, "unit by key");
}

enum yl_err
store_unit_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id)
{
	return db_community_of(db, "SELECT community_id, building_id FROM units WHERE id = $1", id, cid, building_id, NULL);
}

/* ---- owners and residents ---- */

static void
read_owner(struct arena *a, struct stmt *st, void *elem)
{
	struct owner *o = elem;
	o->id = db_col_i64(st, 0);
	o->owner_ref = db_text(a, st, 1, "");
	o->name = db_text(a, st, 2, "");
	o->phone = db_text(a, st, 3, "");
	int e = registry_enum(owner_kind_names, OWNER__COUNT, db_col_text(st, 4));
	o->kind = e < 0 ? OWNER_PERSON : (enum owner_kind)e;
	o->units = db_col_i64(st, 5);
	o->area = db_col_i64(st, 6);
}

enum yl_err
store_owners(struct db *db, struct arena *a, int64_t cid, int64_t limit, int64_t offset, struct owner **items,
             size_t *n, int64_t *total)
{
	struct stmt *c = db_prep(db, "SELECT count(*) FROM owners WHERE community_id = $1");
	/* The page of owners first, then each one's units through units_by_owner: no grouping of
	 * the whole community for fifty rows. */
	struct stmt *st = db_prep(db, "SELECT o.id, o.owner_ref, o.name, o.phone, o.kind, "
	                               "(SELECT count(*) FROM units u WHERE u.community_id = o.community_id AND u.owner_id = o.id), "
	                               "(SELECT coalesce(sum(area), 0) FROM units u WHERE u.community_id = o.community_id AND u.owner_id = o.id) "
	                               "FROM owners o WHERE o.community_id = $1 ORDER BY o.id LIMIT $2 OFFSET $3");
	if (c == NULL || st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(c, 1, cid);
	if (db_step(c) != DB_ROW) {
		db_reset(c);
		return db_fail(db, "owners count");
	}
	*total = db_col_i64(c, 0);
	db_reset(c);
	size_t cap = limit > 0 && limit <= 1000 ? (size_t)limit : 1000;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, (int64_t)cap);
	db_bind_i64(st, 3, offset);
	return db_rows(db, a, st, read_owner, sizeof **items, items, n, "owners");
}

static void
read_resident(struct arena *a, struct stmt *st, void *elem)
{
	struct resident *r = elem;
	r->id = db_col_i64(st, 0);
	r->unit_id = db_col_i64(st, 1);
	r->name = db_text(a, st, 2, "");
	r->phone = db_text(a, st, 3, "");
	r->tenant = strcmp(db_col_text(st, 4), "tenant") == 0;
	r->account_id = db_col_i64(st, 5);
}

enum yl_err
store_residents(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, struct resident **items, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT id, unit_id, name, phone, kind, coalesce(account_id, 0) FROM residents "
	                               "WHERE community_id = $1 AND unit_id = $2 ORDER BY kind, id LIMIT 100");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	return db_rows(db, a, st, read_resident, sizeof **items, items, n, "residents");
}

enum yl_err
store_resident_add(struct db *db, int64_t cid, int64_t unit_id, const char *name, const char *phone, bool tenant,
                   int64_t account_id, int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO residents(community_id, unit_id, name, phone, kind, account_id) "
	                               "VALUES ($1, $2, $3, $4, $5, nullif($6, 0)) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, phone ? phone : "");
	db_bind_text(st, 5, tenant ? "tenant" : "owner");
	db_bind_i64(st, 6, account_id);
	enum yl_err rc = db_insert(db, st, "resident add", id);
	return rc;
}

/* ---- import ---- */

/* Buildings and stairwells seen in this import, so 10,000 rows do not ask 20,000 times. */
struct place_cache {
	char key[2 * REG_NAME_MAX + 2];
	int64_t id;
};

static enum yl_err
place(struct db *db, struct arena *a, int64_t cid, const struct import_row *r, struct place_cache **cache,
      size_t *n, int64_t *bid, int64_t *sid)
{
	/* Building entries are keyed "/<building>", stairwell entries "<building>/<stairwell>". */
	char bkey[sizeof((*cache)->key)], skey[sizeof((*cache)->key)];
	snprintf(bkey, sizeof bkey, "/%s", r->building);
	snprintf(skey, sizeof skey, "%s/%s", r->building, r->stairwell);
	*bid = *sid = 0;
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*cache)[i].key, bkey) == 0)
			*bid = (*cache)[i].id;
		else if (strcmp((*cache)[i].key, skey) == 0)
			*sid = (*cache)[i].id;
	}
	if (*bid && *sid)
		return YL_OK;
	if (*n + 2 > 4096) {
		*n = 0; /* a district-sized import: start the cache over rather than grow it */
	}
	enum yl_err e;
	if (*bid == 0) {
		if ((e = store_building_ensure(db, cid, r->building, bid, NULL)) != YL_OK)
			return e;
		snprintf((*cache)[*n].key, sizeof bkey, "%s", bkey);
		(*cache)[(*n)++].id = *bid;
	}
	if ((e = store_stairwell_ensure(db, cid, *bid, r->stairwell, sid, NULL)) != YL_OK)
		return e;
	snprintf((*cache)[*n].key, sizeof skey, "%s", skey);
	(*cache)[(*n)++].id = *sid;
	(void)a;
	return YL_OK;
}

static enum yl_err
owner_upsert(struct db *db, int64_t cid, const struct import_row *r, const struct audit_actor *actor, int64_t *id,
             struct import_summary *sum)
{
	struct stmt *f = db_prep(db, "SELECT id, name, kind FROM owners WHERE community_id = $1 AND owner_ref = $2");
	if (f == NULL)
		return ERR_INTERNAL;
	db_bind_i64(f, 1, cid);
	db_bind_text(f, 2, r->owner_ref);
	int rc = db_step(f);
	const char *kind = owner_kind_names[r->owner_kind];
	if (rc == DB_ROW) {
		*id = db_col_i64(f, 0);
		bool same = strcmp(db_col_text(f, 1), r->owner_name) == 0 &&
		            strcmp(db_col_text(f, 2), kind) == 0;
		db_reset(f);
		if (same)
			return YL_OK;
		struct stmt *u = db_prep(db, "UPDATE owners SET name = $2, kind = $3 WHERE community_id = $4 AND id = $1");
		if (u == NULL)
			return ERR_INTERNAL;
		db_bind_i64(u, 1, *id);
		db_bind_text(u, 2, r->owner_name);
		db_bind_text(u, 3, kind);
		db_bind_i64(u, 4, cid);
		enum yl_err e = db_done(db, u, "owner update");
		if (e != YL_OK)
			return e;
		sum->owners_updated++;
		json_t *d = json_pack("{s:s, s:s}", "owner_ref", r->owner_ref, "kind", kind);
		e = store_audit_append(db, cid, actor, "owner.update", "owner", *id, d);
		json_decref(d);
		return e;
	}
	db_reset(f);
	if (rc != DB_DONE)
		return db_fail(db, "owner find");
	struct stmt *i = db_prep(db, "INSERT INTO owners(community_id, owner_ref, name, kind) VALUES ($1, $2, $3, $4) RETURNING id");
	if (i == NULL)
		return ERR_INTERNAL;
	db_bind_i64(i, 1, cid);
	db_bind_text(i, 2, r->owner_ref);
	db_bind_text(i, 3, r->owner_name);
	db_bind_text(i, 4, kind);
	enum yl_err e = db_insert(db, i, "owner insert", id);
	if (e != YL_OK)
		return e;
	sum->owners_created++;
	/* Names are personal data: the audit row records the reference and kind, not the name. */
	json_t *d = json_pack("{s:s, s:s}", "owner_ref", r->owner_ref, "kind", kind);
	e = store_audit_append(db, cid, actor, "owner.create", "owner", *id, d);
	json_decref(d);
	return e;
}

/* Recounts a community's totals, and each of its buildings', after its units changed (one pass
 * over its covering index; SQLite has to be told to use it, PostgreSQL's planner finds it). */
#define TOTALS_SQL(units)                                                                                \
	"UPDATE communities SET "                                                                         \
	"total_units = (SELECT count(*) FROM " units " WHERE u.community_id = $1), "                      \
	"total_owners = (SELECT count(*) FROM owners o WHERE o.community_id = $1), "                      \
	"total_buildings = (SELECT count(*) FROM buildings b WHERE b.community_id = $1), "                \
	"total_area = (SELECT CAST(coalesce(sum(area), 0) AS BIGINT) FROM " units " WHERE u.community_id = $1) " \
	"WHERE id = $1"
static const char totals_sql[] = TOTALS_SQL("units u INDEXED BY units_in_order");
static const char pg_totals_sql[] = TOTALS_SQL("units u");

static enum yl_err
refresh_totals(struct db *db, int64_t cid, const struct place_cache *places, size_t nplaces)
{
	struct stmt *st = db_prep(db, db_sql(db, totals_sql, pg_totals_sql));
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	enum yl_err rc = db_done(db, st, "community totals");
	if (rc != YL_OK)
		return rc;
	/* only the buildings this import named: a one-unit import recounts one building, not 49 */
	for (size_t i = 0; i < nplaces && rc == YL_OK; i++) {
		if (places[i].key[0] != '/')
			continue; /* a stairwell entry */
		struct stmt *b = db_prep(db, "UPDATE buildings SET "
		                              "total_units = (SELECT count(*) FROM units u WHERE u.community_id = $1 "
		                              "AND u.building_id = $2), "
		                              "total_stairwells = (SELECT count(*) FROM stairwells s WHERE s.community_id = $1 "
		                              "AND s.building_id = $2) "
		                              "WHERE community_id = $1 AND id = $2");
		if (b == NULL)
			return ERR_INTERNAL;
		db_bind_i64(b, 1, cid);
		db_bind_i64(b, 2, places[i].id);
		rc = db_done(db, b, "building totals");
	}
	return rc;
}

enum yl_err
store_import_apply(struct db *db, int64_t cid, const struct import_result *r, const struct audit_actor *actor,
                   struct import_summary *out)
{
	memset(out, 0, sizeof *out);
	struct arena *a = arena_new();
	struct place_cache *cache = arena_alloc(a, 4096 * sizeof *cache);
	size_t ncache = 0;
	enum yl_err e = YL_OK;
	struct stmt *f = db_prep(db, "SELECT id, floor, area, area_source, status, owner_id FROM units "
	                              "WHERE community_id = $1 AND building_id = $2 AND stairwell_id = $3 AND room = $4");
	struct stmt *ins = db_prep(db, "INSERT INTO units(community_id, building_id, stairwell_id, floor, room, area, "
	                                "area_source, status, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	struct stmt *upd = db_prep(db, "UPDATE units SET floor = $2, area = $3, area_source = $4, status = $5, "
	                                "owner_id = $6 WHERE community_id = $7 AND id = $1");
	if (f == NULL || ins == NULL || upd == NULL)
		e = ERR_INTERNAL;
	for (size_t i = 0; e == YL_OK && i < r->nrows; i++) {
		const struct import_row *row = &r->rows[i];
		int64_t bid = 0, sid = 0, owner = 0, uid = 0;
		if ((e = place(db, a, cid, row, &cache, &ncache, &bid, &sid)) != YL_OK ||
		    (e = owner_upsert(db, cid, row, actor, &owner, out)) != YL_OK)
			break;
		const char *src = area_source_names[row->area_source], *status = unit_status_names[row->status];
		db_bind_i64(f, 1, cid);
		db_bind_i64(f, 2, bid);
		db_bind_i64(f, 3, sid);
		db_bind_text(f, 4, row->room);
		int rc = db_step(f);
		const char *action = NULL;
		if (rc == DB_ROW) {
			uid = db_col_i64(f, 0);
			bool same = (int)db_col_i64(f, 1) == row->floor && db_col_i64(f, 2) == row->area &&
			            strcmp(db_col_text(f, 3), src) == 0 &&
			            strcmp(db_col_text(f, 4), status) == 0 &&
			            db_col_i64(f, 5) == owner;
			db_reset(f);
			if (same) {
				out->unchanged++;
				continue;
			}
			db_bind_i64(upd, 1, uid);
			db_bind_i64(upd, 7, cid);
			db_bind_i64(upd, 2, row->floor);
			db_bind_i64(upd, 3, row->area);
			db_bind_text(upd, 4, src);
			db_bind_text(upd, 5, status);
			db_bind_i64(upd, 6, owner);
			e = db_done(db, upd, "unit update");
			out->updated++;
			action = "unit.update";
		} else if (rc == DB_DONE) {
			db_reset(f);
			db_bind_i64(ins, 1, cid);
			db_bind_i64(ins, 2, bid);
			db_bind_i64(ins, 3, sid);
			db_bind_i64(ins, 4, row->floor);
			db_bind_text(ins, 5, row->room);
			db_bind_i64(ins, 6, row->area);
			db_bind_text(ins, 7, src);
			db_bind_text(ins, 8, status);
			db_bind_i64(ins, 9, owner);
			e = db_insert(db, ins, "unit insert", &uid);
			out->created++;
			action = "unit.create";
		} else {
			db_reset(f);
			e = db_fail(db, "unit find");
		}
		if (e == YL_OK && action) {
			char area[24];
			snprintf(area, sizeof area, "%lld.%02lld", (long long)(row->area / 100), (long long)(row->area % 100));
			json_t *d = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:I}", "building", row->building,
			                      "stairwell", row->stairwell, "room", row->room, "floor", row->floor, "area_m2",
			                      area, "area_source", src, "status", status, "owner_ref", row->owner_ref,
			                      "owner_id", (json_int_t)owner);
			e = store_audit_append(db, cid, actor, action, "unit", uid, d);
			json_decref(d);
		}
	}
	if (e == YL_OK && (out->created || out->updated || out->owners_created || out->owners_updated))
		e = refresh_totals(db, cid, cache, ncache);
	arena_free(a);
	return e;
}

/* ---- heads, owners' accounts ---- */

enum yl_err
store_head_assign(struct db *db, int64_t cid, int64_t account_id, int64_t building_id)
{
	struct stmt *st = db_prep(db, "INSERT INTO head_buildings(community_id, account_id, building_id) "
	                               "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	db_bind_i64(st, 3, building_id);
	return db_done(db, st, "head assign");
}

static enum yl_err
ids(struct db *db, struct arena *a, struct stmt *st, int64_t **out, size_t *n, const char *what)
{
	*out = arena_alloc(a, 256 * sizeof **out);
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < 256)
		(*out)[(*n)++] = db_col_i64(st, 0);
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? YL_OK : db_fail(db, what);
}

enum yl_err
store_head_buildings(struct db *db, struct arena *a, int64_t cid, int64_t account_id, int64_t **out, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT building_id FROM head_buildings WHERE community_id = $1 AND account_id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	return ids(db, a, st, out, n, "head buildings");
}

enum yl_err
store_account_units(struct db *db, struct arena *a, int64_t cid, int64_t account_id, int64_t **out, size_t *n)
{
	struct stmt *st = db_prep(db, "SELECT u.id FROM owner_accounts oa JOIN units u ON u.community_id = oa.community_id "
	                               "AND u.owner_id = oa.owner_id WHERE oa.community_id = $1 AND oa.account_id = $2 "
	                               "UNION SELECT unit_id FROM residents WHERE community_id = $1 AND account_id = $2");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	return ids(db, a, st, out, n, "account units");
}

enum yl_err
store_owner_link(struct db *db, int64_t cid, int64_t owner_id, int64_t account_id)
{
	struct stmt *st = db_prep(db, "INSERT INTO owner_accounts(community_id, owner_id, account_id) "
	                               "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, owner_id);
	db_bind_i64(st, 3, account_id);
	return db_done(db, st, "owner link");
}

/* ---- activation codes ---- */

enum yl_err
store_code_add(struct db *db, int64_t cid, int64_t unit_id, const char *role, const char *code_hash, int64_t now,
               int64_t expires_at)
{
	/* A new slip replaces the unit's earlier unused ones for that role (the codes page says
	 * so): a lost or stolen slip stops working once the building is printed again. */
	struct stmt *old = db_prep(db, "UPDATE activation_codes SET expires_at = $4 WHERE community_id = $1 AND "
	                                "unit_id = $2 AND role = $3 AND used_at IS NULL AND expires_at > $4");
	if (old == NULL)
		return ERR_INTERNAL;
	db_bind_i64(old, 1, cid);
	db_bind_i64(old, 2, unit_id);
	db_bind_text(old, 3, role);
	db_bind_i64(old, 4, now);
	enum yl_err e = db_done(db, old, "code replace");
	if (e != YL_OK)
		return e;
	struct stmt *st = db_prep(db, "INSERT INTO activation_codes(community_id, unit_id, role, code_hash, created_at, "
	                               "expires_at) VALUES ($1, $2, $3, $4, $5, $6)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, unit_id);
	db_bind_text(st, 3, role);
	db_bind_text(st, 4, code_hash);
	db_bind_i64(st, 5, now);
	db_bind_i64(st, 6, expires_at);
	return db_done(db, st, "code add");
}

enum yl_err
store_code_find(struct db *db, struct arena *a, const char *code_hash, struct code_info *out)
{
	struct stmt *st = db_prep(db, "SELECT id, community_id, unit_id, role, expires_at, coalesce(used_at, 0) "
	                               "FROM activation_codes WHERE code_hash = $1");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_text(st, 1, code_hash);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_i64(st, 0);
		out->community_id = db_col_i64(st, 1);
		out->unit_id = db_col_i64(st, 2);
		out->role = db_text(a, st, 3, "");
		out->expires_at = db_col_i64(st, 4);
		out->used_at = db_col_i64(st, 5);
	}
	return db_one(db, st, rc, "code find");
}

enum yl_err
store_code_use(struct db *db, int64_t cid, int64_t code_id, int64_t account_id, int64_t now)
{
	/* used_at IS NULL in the WHERE: two claims racing for one code, only one wins. */
	struct stmt *st = db_prep(db, "UPDATE activation_codes SET used_at = $3, used_by = $2 "
	                               "WHERE community_id = $4 AND id = $1 AND used_at IS NULL");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, code_id);
	db_bind_i64(st, 2, account_id);
	db_bind_i64(st, 3, now);
	db_bind_i64(st, 4, cid);
	enum yl_err rc = db_done(db, st, "code use");
	if (rc == YL_OK && db_changes(st) == 0)
		return ERR_CONFLICT;
	return rc;
}

/* ---- import drafts ---- */

enum yl_err
store_draft_add(struct db *db, int64_t cid, int64_t account_id, const char *encoding, const char *body, int64_t now,
                int64_t *id)
{
	struct stmt *st = db_prep(db, "INSERT INTO import_drafts(community_id, account_id, created_at, encoding, body) "
	                               "VALUES ($1, $2, $3, $4, $5) RETURNING id");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, account_id);
	db_bind_i64(st, 3, now);
	db_bind_text(st, 4, encoding);
	db_bind_text(st, 5, body);
	enum yl_err rc = db_insert(db, st, "draft add", id);
	return rc;
}

enum yl_err
store_draft_get(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t account_id, int64_t not_before,
                const char **encoding, const char **body)
{
	struct stmt *st = db_prep(db, "SELECT encoding, body FROM import_drafts WHERE id = $1 AND community_id = $2 "
	                               "AND account_id = $3 AND created_at >= $4");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, cid);
	db_bind_i64(st, 3, account_id);
	db_bind_i64(st, 4, not_before);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*encoding = db_text(a, st, 0, "");
		*body = db_text(a, st, 1, "");
	}
	return db_one(db, st, rc, "draft get");
}

enum yl_err
store_draft_delete(struct db *db, int64_t cid, int64_t id)
{
	struct stmt *st = db_prep(db, "DELETE FROM import_drafts WHERE community_id = $1 AND (id = $2 OR created_at < $3)");
	if (st == NULL)
		return ERR_INTERNAL;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, db_now() - 86400);
	return db_done(db, st, "draft delete");
}
