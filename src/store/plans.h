/* plans.h: SQL for the renovation plan (issue 8) — plans, their versions and items, the owners'
 * decisions linked to items, and the units a cost is shared between. The rules are
 * core/plan.c (approval), core/plan_diff.c (versions compared) and core/share.c (shares and
 * the funding split). Writes run in the caller's transaction (store_begin_community first).
 * Strings live in the caller's arena; ERR_NOTFOUND when an id is absent or in another
 * community. */
#ifndef YL_STORE_PLANS_H
#define YL_STORE_PLANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/plan.h"
#include "../core/plan_diff.h"
#include "../core/result.h"
#include "../core/share.h"

struct arena;
struct db;

struct plan {
	int64_t id, community_id;
	const char *title, *summary;
	int64_t adopted_version, adopted_at; /* 0: not adopted yet */
	int64_t created_by, created_at;
	int64_t published;                   /* the newest published version's number, 0: none yet */
	int64_t draft;                       /* the draft's number, 0: none */
};

struct plan_version {
	int64_t id, plan_id, number;
	const char *changelog;
	int64_t created_by, created_at;
	int64_t published_by, published_at;      /* 0: the draft */
	int64_t consult_until, consult_closed_at; /* 0: none / not closed early */
};

/* Item scope, as decisions name theirs (the same words in the API). */
enum item_scope { ISC_COMMUNITY, ISC_BUILDING, ISC_STAIRWELL, ISC__COUNT };
extern const char *const item_scope_names[ISC__COUNT]; /* "community", "building", "stairwell" */

/* An item of one version. it.location is filled for plan_diff: the scope's words and the place
 * ("3栋2单元 北侧道路"), so a moved item shows as a changed location. */
struct plan_item_row {
	int64_t id, version_id;
	struct plan_item it;                 /* key, title, class, cost, funding, … */
	enum item_scope scope;
	int64_t building_id, stairwell_id;   /* 0 when the scope names none */
	const char *building, *stairwell;    /* names, "" when none */
	const char *place;
};

enum yl_err store_plan_create(struct db *db, int64_t cid, const char *title, const char *summary, int64_t by,
                              int64_t now, int64_t *id); /* and its draft, version 1 */
enum yl_err store_plan_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct plan *out);
/* The plans still being drawn up first, then the adopted ones; newest first in each. */
enum yl_err store_plans(struct db *db, struct arena *a, int64_t cid, struct plan **v, size_t *n);
/* The community of a plan, for a route's permission. */
enum yl_err store_plan_community(struct db *db, int64_t id, int64_t *cid);

/* Version number of plan_id; number 0 reads the newest published one. */
enum yl_err store_plan_version(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, int64_t number,
                               struct plan_version *out);
/* Every version, oldest first (the draft last). */
enum yl_err store_plan_versions(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, struct plan_version **v,
                                size_t *n);
/* A version's items in key order. */
enum yl_err store_plan_items(struct db *db, struct arena *a, int64_t cid, int64_t version_id,
                             struct plan_item_row **v, size_t *n);
/* One item of a version, by key. */
enum yl_err store_plan_item(struct db *db, struct arena *a, int64_t cid, int64_t version_id, int64_t key,
                            struct plan_item_row *out);

/* Writes an item into the draft of plan_id: a new one when it.key is 0 (the plan's next key is
 * given, and returned in *key), else replaces the draft's item with that key (ERR_NOTFOUND when
 * the draft has none). ERR_CONFLICT when the plan has no draft. The caller has checked the
 * funding split. */
enum yl_err store_plan_item_put(struct db *db, int64_t cid, int64_t plan_id, const struct plan_item_row *r,
                                int64_t *key);
/* Removes the draft's item key (ERR_NOTFOUND when absent, ERR_CONFLICT with no draft). */
enum yl_err store_plan_item_delete(struct db *db, int64_t cid, int64_t plan_id, int64_t key);

/* Publishes the draft as it stands, with its changelog, consultation open until consult_until
 * (0: no consultation). ERR_CONFLICT when there is no draft, ERR_INVALID when it has no item. */
enum yl_err store_plan_publish(struct db *db, int64_t cid, int64_t plan_id, const char *changelog,
                               int64_t consult_until, int64_t by, int64_t now, int64_t *number);
/* Starts the next draft as a copy of the newest published version's items. ERR_CONFLICT when a
 * draft exists already, nothing is published yet, or the plan is adopted. ERR_NOTFOUND when
 * the plan is not this community's. */
enum yl_err store_plan_new_draft(struct db *db, int64_t cid, int64_t plan_id, int64_t by, int64_t now,
                                 int64_t *number);
/* Closes the consultation on a published version early. ERR_CONFLICT when it is not open. */
enum yl_err store_plan_consult_close(struct db *db, int64_t cid, int64_t plan_id, int64_t number, int64_t now);
/* True when consultation on the version is open at now. */
bool plan_consult_open(const struct plan_version *v, int64_t now);
/* Adopts a published version as the final plan (定稿). ERR_CONFLICT when it is not published, or
 * a version is adopted already (a plan is adopted once; a change after that is a new plan). */
enum yl_err store_plan_adopt(struct db *db, int64_t cid, int64_t plan_id, int64_t number, int64_t now);

/* Links item key to an owners' decision (option_id 0: its one question), replacing an earlier
 * link. ERR_NOTFOUND when the decision is not this community's, ERR_INVALID when option_id is
 * not one of its options, or is 0 and the decision has options. */
enum yl_err store_plan_link_decision(struct db *db, int64_t cid, int64_t plan_id, int64_t key, int64_t decision_id,
                                     int64_t option_id, int64_t by, int64_t now);

/* An item as it stands now: in the adopted version when the plan is adopted, otherwise in the
 * newest published one (ERR_NOTFOUND when it is in neither), with its approval. */
struct item_state {
	struct plan_item_row row;
	enum item_status status;
	int64_t decision_id, option_id;     /* 0: no decision linked */
	const char *decision_title;         /* "" when none */
};
enum yl_err store_plan_item_state(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, int64_t key,
                                  struct item_state *out);
/* The same in version number (a draft too); 0 as store_plan_item_state. ERR_NOTFOUND when the
 * item is not in that version. */
enum yl_err store_plan_item_state_in(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, int64_t number,
                                     int64_t key, struct item_state *out);
/* Every item of a version (in key order) with its approval judged as store_plan_item_state does. */
enum yl_err store_plan_item_states(struct db *db, struct arena *a, int64_t cid, const struct plan *p,
                                   const struct plan_version *ver, struct item_state **v, size_t *n);

/* A unit in scope for a cost share, with its owner's community key. */
struct plan_unit {
	struct share_unit u;
	const char *owner_ref; /* in the arena */
};

/* The units of community cid in scope (building_id and stairwell_id 0: not limited), ordered by
 * owner id, with owner, area, floor and whether the developer holds it (DOMAIN.md §2: unsold or
 * undelivered, or owned by a developer / former work unit). *v is malloc'd (a whole compound
 * can be large): the caller frees it. *n is 0 when the scope holds no unit. */
enum yl_err store_share_units(struct db *db, struct arena *a, int64_t cid, int64_t building_id, int64_t stairwell_id,
                              struct plan_unit **v, size_t *n);

#endif
