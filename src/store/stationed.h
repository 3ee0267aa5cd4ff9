/* stationed.h: SQL for units stationed in the area (驻区单位, issue 9): their registration with a
 * contact person and staff's decision, their offers (资源清单), an offer matched to a problem or a
 * plan item, and what was delivered. Moves are guarded in the statement (UPDATE … WHERE state
 * …), so a second decision or a second delivery is ERR_CONFLICT. Writes run in the caller's
 * transaction; strings live in the caller's arena; ERR_NOTFOUND for an id absent or in another
 * community. */
#ifndef YL_STORE_STATIONED_H
#define YL_STORE_STATIONED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"

struct arena;
struct db;

enum stationed_state { SU_APPLIED, SU_CONFIRMED, SU_DECLINED, SU__COUNT };
extern const char *const stationed_state_names[SU__COUNT]; /* "applied", "confirmed", "declined" */

enum offer_state { OFFER_OFFERED, OFFER_MATCHED, OFFER_DELIVERED, OFFER_WITHDRAWN, OFFER__COUNT };
extern const char *const offer_state_names[OFFER__COUNT];  /* "offered", "matched", … */

enum offer_match { MATCH_NONE, MATCH_PROBLEM, MATCH_PLAN_ITEM, MATCH__COUNT };
extern const char *const offer_match_names[MATCH__COUNT];  /* "", "problem", "plan_item" */

struct stationed_unit {
	int64_t id;
	const char *name, *contact_name, *contact_phone;
	int64_t account_id; /* 0: entered by staff, no account speaks for it */
	enum stationed_state state;
	int64_t registered_at, decided_by, decided_at;
};

struct unit_offer {
	int64_t id, unit_id;
	const char *title, *body;
	enum offer_state state;
	int64_t created_at;
	enum offer_match match;
	int64_t match_id, match_key; /* problem id; or plan id and item key */
	int64_t matched_by, matched_at;
	const char *delivered;
	int64_t delivered_at;
};

/* ERR_CONFLICT when the community has a unit of that name already. */
enum yl_err store_stationed_create(struct db *db, int64_t cid, const struct stationed_unit *u, int64_t now, int64_t *id);
enum yl_err store_stationed_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct stationed_unit *out);
enum yl_err store_stationed_community(struct db *db, int64_t id, int64_t *cid);
/* The units of the community by name. */
enum yl_err store_stationed_list(struct db *db, struct arena *a, int64_t cid, struct stationed_unit **v, size_t *n);
/* The unit an account speaks for here; ERR_NOTFOUND when none. */
enum yl_err store_stationed_of_account(struct db *db, int64_t cid, int64_t account_id, int64_t *id);
/* Staff's decision on an applied unit (to SU_CONFIRMED or SU_DECLINED); ERR_CONFLICT once decided. */
enum yl_err store_stationed_decide(struct db *db, int64_t cid, int64_t id, enum stationed_state to, int64_t by,
                                   int64_t now);

enum yl_err store_offer_add(struct db *db, int64_t cid, int64_t unit_id, const char *title, const char *body, int64_t now,
                            int64_t *id);
enum yl_err store_offer_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct unit_offer *out);
enum yl_err store_offer_community(struct db *db, int64_t id, int64_t *cid);
/* A unit's offers (unit_id 0: the community's), in the order they were made. */
enum yl_err store_offers(struct db *db, struct arena *a, int64_t cid, int64_t unit_id, struct unit_offer **v, size_t *n);
/* Matches an offered (or already matched: staff may correct it) offer; ERR_CONFLICT otherwise. */
enum yl_err store_offer_match(struct db *db, int64_t cid, int64_t id, enum offer_match m, int64_t match_id,
                              int64_t match_key, int64_t by, int64_t now);
/* Records delivery of an offered or matched offer; ERR_CONFLICT otherwise. */
enum yl_err store_offer_deliver(struct db *db, int64_t cid, int64_t id, const char *what, int64_t now);
/* Withdraws an offer not yet delivered; ERR_CONFLICT otherwise. */
enum yl_err store_offer_withdraw(struct db *db, int64_t cid, int64_t id);

#endif
