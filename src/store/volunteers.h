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

#endif
