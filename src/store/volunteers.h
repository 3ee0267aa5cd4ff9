/* volunteers.h: SQL for volunteers (issue 9) — their registration (报到) with its duty roles and
 * buildings, and the duty roles themselves. Activities, hours, small wishes and stationed
 * units have their own files (store/activities.c, store/wishes.c, store/stationed.c). Writes run in
 * the caller's transaction (store_begin_community first); strings live in the caller's arena;
 * ERR_NOTFOUND when an id is absent or in another community. */
#ifndef YL_STORE_VOLUNTEERS_H
#define YL_STORE_VOLUNTEERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"

struct arena;
struct db;

enum volunteer_state { VST_APPLIED, VST_CONFIRMED, VST_DECLINED, VST_LEFT, VST__COUNT };
extern const char *const volunteer_state_names[VST__COUNT]; /* "applied", "confirmed", … */

/* A duty role: the four builtin ones (publicist, advisor, mediator, supervisor) and the
 * community's own. */
struct volunteer_role {
	int64_t id;
	const char *code, *name, *name_en;
	bool builtin;
};

struct volunteer {
	int64_t id, account_id;             /* account_id 0: entered for someone without an account */
	const char *name, *phone;
	bool party_member;
	const char *party_org, *skills, *availability, *commitment, *photo;
	enum volunteer_state state;
	int64_t applied_at, decided_by, decided_at; /* 0: not decided yet */
	/* duty role codes and building names, in the arena */
	const char **roles;
	size_t nroles;
	const char **buildings;
	size_t nbuildings;
};

/* The community's duty roles, builtin first, then by code. */
enum yl_err store_volunteer_roles(struct db *db, struct arena *a, int64_t cid, struct volunteer_role **v, size_t *n);
/* The four builtin roles for a new community (store_community_create calls it). */
enum yl_err store_volunteer_roles_seed(struct db *db, int64_t cid);

/* One volunteer with roles and buildings; by id, or the registration of an account. */
enum yl_err store_volunteer_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct volunteer *out);
enum yl_err store_volunteer_of_account(struct db *db, struct arena *a, int64_t cid, int64_t account_id,
                                       struct volunteer *out);
/* Whether volunteer id is confirmed and holds the duty role code ("supervisor"). */
bool store_volunteer_has_role(struct db *db, int64_t cid, int64_t id, const char *code);

/* Reporting in, deciding, changing ----------------------------------------------------------- */

/* The community a volunteer belongs to (routes' scopes); ERR_NOTFOUND. */
enum yl_err store_volunteer_community(struct db *db, int64_t id, int64_t *cid);

/* A registration as the person gave it (or as staff entered it: account_id 0, state confirmed). */
struct volunteer_new {
	int64_t account_id;                 /* 0: entered by staff for someone without an account */
	const char *name, *phone, *party_org, *skills, *availability, *commitment, *photo;
	bool party_member;
	enum volunteer_state state;         /* VST_APPLIED, or VST_CONFIRMED for staff's own entry */
	int64_t by, now;                    /* decided_by/at when entered confirmed */
};

/* Records a registration. An account's earlier registration that was declined or that it left
 * is taken up again (the same row, back to applied with what is given now): one row per account
 * and community. ERR_CONFLICT when the account's registration is applied or confirmed; *reapplied
 * says whether an old row was reused. */
enum yl_err store_volunteer_apply(struct db *db, int64_t cid, const struct volunteer_new *v, int64_t *id,
                                  bool *reapplied);
/* Replaces the volunteer's duty roles (ids of this community's roles) or buildings. */
enum yl_err store_volunteer_set_duties(struct db *db, int64_t cid, int64_t id, const int64_t *roles, size_t n);
enum yl_err store_volunteer_set_buildings(struct db *db, int64_t cid, int64_t id, const int64_t *buildings, size_t n);
/* Moves the registration from state from to state to, noting who decided and when. ERR_CONFLICT
 * when it is no longer in from (someone decided meanwhile). */
enum yl_err store_volunteer_move(struct db *db, int64_t cid, int64_t id, enum volunteer_state from,
                                 enum volunteer_state to, int64_t by, int64_t now);

/* The community's volunteers in state st (confirmed: the cards), by name, with roles and
 * buildings. building_id > 0: only those covering that building. */
enum yl_err store_volunteers(struct db *db, struct arena *a, int64_t cid, enum volunteer_state st, int64_t building_id,
                             struct volunteer **v, size_t *n);

/* Duty roles of the community's own --------------------------------------------------------- */

/* By code; ERR_NOTFOUND. */
enum yl_err store_volunteer_role_find(struct db *db, struct arena *a, int64_t cid, const char *code,
                                      struct volunteer_role *out);
/* ERR_CONFLICT when the code is taken. */
enum yl_err store_volunteer_role_add(struct db *db, int64_t cid, const char *code, const char *name,
                                     const char *name_en, int64_t *id);
/* A community role's names; builtin ones are never changed (ERR_FORBIDDEN). */
enum yl_err store_volunteer_role_rename(struct db *db, int64_t cid, int64_t id, const char *name, const char *name_en);
/* Removes a community role nobody holds and no activity asks for: ERR_FORBIDDEN for a builtin
 * one, ERR_CONFLICT while in use. */
enum yl_err store_volunteer_role_remove(struct db *db, int64_t cid, int64_t id);

/* Yearly hours --------------------------------------------------------------------------------- */

/* communities.volunteer_hours_target (hours a year; 0 none). */
enum yl_err store_volunteer_target(struct db *db, int64_t cid, int64_t *hours);
enum yl_err store_volunteer_target_set(struct db *db, int64_t cid, int64_t hours);

/* A Party member's confirmed minutes in [from, to): attended and confirmed sign-ups of
 * activities starting then, and small wishes confirmed then. */
struct volunteer_hours {
	int64_t id;
	const char *name, *party_org;
	int64_t minutes;
};
/* Every confirmed Party-member volunteer of the community, fewest minutes first. */
enum yl_err store_volunteer_hours(struct db *db, struct arena *a, int64_t cid, int64_t from, int64_t to,
                                  struct volunteer_hours **v, size_t *n);

#endif
