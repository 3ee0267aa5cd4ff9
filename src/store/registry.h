/* registry.h: SQL for communities, buildings, stairwells, units, owners, residents, heads'
 * buildings and activation codes. Writes run inside the caller's transaction. Strings returned
 * live in the caller's arena. */
#ifndef YL_STORE_REGISTRY_H
#define YL_STORE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/registry.h"
#include "../core/result.h"
#include "audit.h"

struct arena;
struct db;

struct community {
	int64_t id;
	const char *name, *district, *street, *city, *jurisdiction_id;
	int64_t notice_days;
	int64_t units, owners, buildings; /* counts */
	int64_t area;                      /* total exclusive area, hundredths of m² */
};
enum yl_err store_community_get(struct db *db, struct arena *a, int64_t id, struct community *out);
/* The community whose jurisdiction_id (Open311's name for it) is exactly s; ERR_NOTFOUND. */
enum yl_err store_community_by_jurisdiction(struct db *db, const char *s, int64_t *id);
/* Communities by id, a page at a time; *total counts them all. */
enum yl_err store_communities(struct db *db, struct arena *a, int64_t limit, int64_t offset, struct community **items,
                              size_t *n, int64_t *total);
/* Fields left NULL are not changed; notice_days < 0 is not changed. ERR_CONFLICT when the
 * jurisdiction_id is taken. */
enum yl_err store_community_update(struct db *db, int64_t id, const char *name, const char *district,
                                   const char *street, const char *city, const char *jurisdiction_id,
                                   int64_t notice_days);

struct building {
	int64_t id;
	const char *name;
	int64_t units, stairwells;
};
enum yl_err store_buildings(struct db *db, struct arena *a, int64_t cid, struct building **items, size_t *n);
/* Finds by normalised name; ERR_NOTFOUND. */
enum yl_err store_building_find(struct db *db, int64_t cid, const char *name, int64_t *id);
enum yl_err store_stairwell_find(struct db *db, int64_t cid, int64_t building_id, const char *name, int64_t *id);
/* Finds or creates (name already normalised). */
enum yl_err store_building_ensure(struct db *db, int64_t cid, const char *name, int64_t *id, bool *created);
enum yl_err store_stairwell_ensure(struct db *db, int64_t cid, int64_t building_id, const char *name,
                                   int64_t *id, bool *created);

struct unit {
	int64_t id;
	int64_t building_id, stairwell_id;
	const char *building, *stairwell;
	int floor;
	const char *room;
	int64_t area;
	enum area_source area_source;
	enum unit_status status;
	int64_t owner_id;
	const char *owner_ref, *owner_name, *owner_phone;
	enum owner_kind owner_kind;
};
struct unit_filter {
	int64_t building_id;   /* 0: any */
	int64_t stairwell_id;  /* 0: any */
	const char *building;  /* name, NULL: any (API filters by name) */
	const char *stairwell;
	const char *q;         /* room or owner name contains; NULL: any */
	int status;            /* -1: any */
	const char *building_set; /* ",3,7," the building ids the list is limited to (a head's), NULL: any */
	int64_t limit, offset;
};
enum yl_err store_units(struct db *db, struct arena *a, int64_t cid, const struct unit_filter *f,
                        struct unit **items, size_t *n, int64_t *total);
/* ERR_NOTFOUND when absent or in another community. */
enum yl_err store_unit_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct unit *out);
/* A unit by its natural key (names normalised); ERR_NOTFOUND. */
enum yl_err store_unit_by_key(struct db *db, int64_t cid, const char *building, const char *stairwell,
                              const char *room, int64_t *id);
/* The community a unit belongs to (for permission checks); ERR_NOTFOUND. */
enum yl_err store_unit_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id);

struct owner {
	int64_t id;
	const char *owner_ref, *name, *phone;
	enum owner_kind kind;
	int64_t units;
	int64_t area;
};
enum yl_err store_owners(struct db *db, struct arena *a, int64_t cid, int64_t limit, int64_t offset,
                         struct owner **items, size_t *n, int64_t *total);

struct resident {
	int64_t id, unit_id;
	const char *name, *phone;
	bool tenant;
	int64_t account_id;
};
enum yl_err store_residents(struct db *db, struct arena *a, int64_t cid, int64_t unit_id,
                            struct resident **items, size_t *n);
enum yl_err store_resident_add(struct db *db, int64_t cid, int64_t unit_id, const char *name, const char *phone,
                               bool tenant, int64_t account_id, int64_t *id);

/* Applies a validated import in the open transaction, one audit row per unit created or
 * changed. Re-applying the same rows changes nothing (units are keyed by building, stairwell
 * and room; owners by owner_ref). */
struct import_summary {
	int64_t created, updated, unchanged;
	int64_t owners_created, owners_updated;
};
enum yl_err store_import_apply(struct db *db, int64_t cid, const struct import_result *r,
                               const struct audit_actor *actor, struct import_summary *out);

/* Heads' buildings. */
enum yl_err store_head_assign(struct db *db, int64_t cid, int64_t account_id, int64_t building_id);
enum yl_err store_head_buildings(struct db *db, struct arena *a, int64_t cid, int64_t account_id,
                                 int64_t **ids, size_t *n);
/* Units an account acts for (as owner through owner_accounts, or as resident). */
enum yl_err store_account_units(struct db *db, struct arena *a, int64_t cid, int64_t account_id,
                                int64_t **ids, size_t *n);

/* Activation codes: the hash of a fresh code for a unit, valid until expires_at. */
enum yl_err store_code_add(struct db *db, int64_t cid, int64_t unit_id, const char *role, const char *code_hash,
                           int64_t now, int64_t expires_at);
struct code_info {
	int64_t id, community_id, unit_id;
	const char *role;
	int64_t expires_at, used_at;
};
/* ERR_NOTFOUND for an unknown hash. */
enum yl_err store_code_find(struct db *db, struct arena *a, const char *code_hash, struct code_info *out);
enum yl_err store_code_use(struct db *db, int64_t cid, int64_t code_id, int64_t account_id, int64_t now);
/* Links an account to the unit's owner (role owner) or as a resident of the unit. */
enum yl_err store_owner_link(struct db *db, int64_t cid, int64_t owner_id, int64_t account_id);



/* Import drafts (checked files awaiting confirmation). get: ERR_NOTFOUND when absent, older
 * than max_age, or another account's. */
enum yl_err store_draft_add(struct db *db, int64_t cid, int64_t account_id, const char *encoding, const char *body,
                            int64_t now, int64_t *id);
enum yl_err store_draft_get(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t account_id,
                            int64_t not_before, const char **encoding, const char **body);
enum yl_err store_draft_delete(struct db *db, int64_t cid, int64_t id);

#endif
