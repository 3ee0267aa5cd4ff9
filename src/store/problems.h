/* problems.h: SQL for the problem list — departments, categories, problems and their events,
 * photos, "me too" supports, heads' lists, Open311 keys, search. Writes run inside the caller's
 * transaction (store_begin_community first); the workflow's rules are core/problem.c, which the
 * caller consults before store_problem_move records the move. Strings returned live in the
 * caller's arena. */
#ifndef YL_STORE_PROBLEMS_H
#define YL_STORE_PROBLEMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/problem.h"
#include "../core/result.h"

struct arena;
struct db;

/* Departments --------------------------------------------------------------------------- */

struct department {
	int64_t id;
	const char *name, *name_en;
};
enum yl_err store_departments(struct db *db, struct arena *a, int64_t cid, struct department **v, size_t *n);
/* Finds by exact name or creates. */
enum yl_err store_department_ensure(struct db *db, int64_t cid, const char *name, const char *name_en, int64_t *id);
/* The department a `department` account speaks for in cid; ERR_NOTFOUND when none. */
enum yl_err store_department_of(struct db *db, int64_t cid, int64_t account_id, int64_t *department_id);
/* Sets (replaces) the account's department in cid. */
enum yl_err store_department_assign(struct db *db, int64_t cid, int64_t account_id, int64_t department_id);

/* Categories ----------------------------------------------------------------------------- */

struct category {
	int64_t id;
	const char *code;          /* the Open311 service_code */
	const char *name, *name_en;
	int64_t department_id;     /* 0: none set (staff chooses at referral) */
	const char *department;    /* its name, "" when none */
	int sla_days;
	int sort_key;
};
/* In sort_key, id order. */
enum yl_err store_categories(struct db *db, struct arena *a, int64_t cid, struct category **v, size_t *n);
enum yl_err store_category_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct category *out);
enum yl_err store_category_by_code(struct db *db, struct arena *a, int64_t cid, const char *code,
                                   struct category *out);
/* The ten default categories (drainage, roads, greening/trees, lighting, walls/roofs, pipes,
 * parking, sanitation, safety, other), each once: codes already present are left alone. */
enum yl_err store_categories_seed(struct db *db, int64_t cid);
/* Changes name, name_en, department (0: none), SLA days and code. ERR_CONFLICT when the code is
 * another category's; ERR_NOTFOUND. */
enum yl_err store_category_update(struct db *db, int64_t cid, const struct category *c);

/* Problems ------------------------------------------------------------------------------- */

enum problem_channel { CHANNEL_WEB, CHANNEL_PAPER, CHANNEL_PROXY, CHANNEL_OPEN311, CHANNEL__COUNT };
extern const char *const problem_channel_names[CHANNEL__COUNT]; /* "web", "paper", … */
int problem_channel_from_name(const char *s);                    /* -1 when unknown */

struct problem {
	int64_t id;
	int64_t community_id;
	int64_t category_id;
	const char *category_code, *category_name, *category_name_en;
	const char *description;
	int64_t building_id, stairwell_id; /* 0: not in a building */
	const char *building, *stairwell;  /* "" when none */
	const char *place;                 /* a named place, "" when none */
	bool urgent;
	enum problem_state state;
	enum problem_channel channel;
	int64_t reporter_id;               /* 0: paper or Open311 */
	const char *reporter_name;         /* the account's display name, or the name given */
	const char *reporter_contact;      /* personal: show only with PERSONAL_DATA */
	int64_t entered_by;                /* 0 unless a head/staff entered it for someone */
	int64_t department_id;             /* where it is (or was last) referred, 0: never */
	const char *department, *department_en;
	int64_t due_at, resolved_at;       /* 0 when unset */
	int64_t merged_into, list_id;      /* 0 when unset */
	int rating;                        /* 0: not rated */
	int64_t supports, photos;
	int64_t created_at, updated_at;
	const char *last_note;             /* the latest event's note (a reply, a reason), "" */
};

struct problem_filter {
	int state;                 /* enum problem_state, -1: any */
	int open311_status;        /* -1 any, 1 open, 0 closed (problem_open311_status) */
	int64_t category_id;       /* 0: any */
	int64_t building_id;       /* 0: any */
	int64_t department_id;     /* 0: any */
	int64_t reporter_id;       /* 0: any */
	int64_t list_id;           /* 0: any */
	bool overdue;              /* only problem_overdue(…, now) ones */
	bool unlisted_verified;    /* verified and in no head's list yet */
	const char *q;             /* text in description or place; NULL/"" any */
	int64_t created_from, created_to; /* [from, to) UTC s; 0: unbounded */
	const int64_t *ids;        /* only these ids (Open311 service_request_id list); n_ids 0: any */
	size_t n_ids;
	int64_t now;               /* for overdue */
	bool oldest_first;         /* default newest first */
	int64_t limit, offset;
};
/* The problems of community cid that match f, a page of them (limit, offset); *total how many
 * match in all (total NULL: not counted, for a list that does not say). */
enum yl_err store_problems(struct db *db, struct arena *a, int64_t cid, const struct problem_filter *f,
                           struct problem **v, size_t *n, int64_t *total);
/* ERR_NOTFOUND when absent or in another community. */
enum yl_err store_problem_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct problem *out);
/* The community and building of a problem (for the route's permission); ERR_NOTFOUND. */
enum yl_err store_problem_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id);

struct problem_new {
	int64_t category_id;
	const char *description;
	int64_t building_id, stairwell_id; /* 0: none */
	const char *place;                 /* NULL/"": none */
	bool urgent;
	enum problem_channel channel;
	int64_t reporter_id;               /* 0: none (paper, Open311) */
	const char *reporter_name;         /* "" when it is the account's */
	const char *reporter_contact;
	int64_t actor_id;                  /* who entered it (0: an Open311 client) */
	const char *actor_name;
	int64_t now;
};
/* Inserts the problem in state reported with its first event ('report'). */
enum yl_err store_problem_create(struct db *db, int64_t cid, const struct problem_new *p, int64_t *id,
                                 int64_t *event_id);

/* One move core/problem.c has accepted. */
struct problem_change {
	enum problem_action action;
	enum problem_state from, to;
	int64_t actor_id;
	const char *actor_name;
	enum problem_channel channel;
	const char *note;          /* reason, reply or rating comment; NULL: none */
	int64_t department_id;     /* refer */
	int64_t due_at;            /* refer */
	int rating;                /* rate */
	int64_t merge_into;        /* merge */
	int64_t now;
};
/* Records the move and its event. The row changes only if it is still in c->from (someone else
 * may have moved it since it was read): ERR_CONFLICT otherwise. *event_id may be NULL. */
enum yl_err store_problem_move(struct db *db, int64_t cid, int64_t id, const struct problem_change *c,
                               int64_t *event_id);

struct problem_event {
	int64_t id;
	int64_t at;
	int64_t actor_id;
	const char *actor_name;
	const char *action;        /* "report" or an action name */
	const char *from_state, *to_state;
	enum problem_channel channel;
	const char *note;
	int64_t department_id;
	const char *department;
	int64_t due_at, merge_into;
	int rating;
};
/* In time order. */
enum yl_err store_problem_events(struct db *db, struct arena *a, int64_t cid, int64_t id,
                                 struct problem_event **v, size_t *n);

/* Photos --------------------------------------------------------------------------------- */

struct problem_photo {
	int64_t id, problem_id, event_id;
	const char *file, *mime;
	int64_t bytes;
	int width, height;
};
/* file is store/files.c's name, already durable on disk. Bumps problems.photos. */
enum yl_err store_problem_photo_add(struct db *db, int64_t cid, int64_t problem_id, int64_t event_id,
                                    const char *file, const char *mime, int64_t bytes, int width, int height,
                                    int64_t account_id, int64_t now, int64_t *id);
enum yl_err store_problem_photos(struct db *db, struct arena *a, int64_t cid, int64_t problem_id,
                                 struct problem_photo **v, size_t *n);
/* A photo by id wherever it is, with its community and building (for the permission). */
enum yl_err store_problem_photo_get(struct db *db, struct arena *a, int64_t id, int64_t *cid,
                                    int64_t *building_id, struct problem_photo *out);

/* Supports ("me too") -------------------------------------------------------------------- */

/* ERR_CONFLICT when this account supports it already; bumps problems.supports otherwise. */
enum yl_err store_problem_support(struct db *db, int64_t cid, int64_t id, int64_t account_id, int64_t now);
bool store_problem_supported(struct db *db, int64_t cid, int64_t id, int64_t account_id);

/* Heads' lists --------------------------------------------------------------------------- */

struct problem_list {
	int64_t id;
	int64_t head_id;
	const char *head_name;
	const char *title, *note;
	int64_t created_at;
	int64_t items, open_items; /* open: still verified (not yet accepted or rejected) */
};
/* Creates the list and puts the problems in it. Each must be verified, in cid, in no list yet:
 * otherwise ERR_CONFLICT and *bad_id names the first that is not (nothing is written). */
enum yl_err store_problem_list_create(struct db *db, int64_t cid, int64_t head_id, const char *title,
                                      const char *note, const int64_t *ids, size_t n, int64_t now, int64_t *id,
                                      int64_t *bad_id);
/* Newest first; head_id 0: everyone's. */
enum yl_err store_problem_lists(struct db *db, struct arena *a, int64_t cid, int64_t head_id,
                                struct problem_list **v, size_t *n);
enum yl_err store_problem_list_get(struct db *db, struct arena *a, int64_t cid, int64_t id,
                                   struct problem_list *out);

/* Open311 keys --------------------------------------------------------------------------- */

/* hash: secret_hash_hex of the key (only the hash is kept). */
enum yl_err store_open311_key_create(struct db *db, int64_t cid, const char *name, const char *hash,
                                     int64_t now, int64_t *id);
/* The community and name of a key that is not revoked; ERR_NOTFOUND. */
enum yl_err store_open311_key_find(struct db *db, struct arena *a, const char *hash, int64_t *cid,
                                   const char **name);
/* Revokes the community's live keys named name (revoked_at = now); ERR_NOTFOUND when none. */
enum yl_err store_open311_key_revoke(struct db *db, int64_t cid, const char *name, int64_t now);

#endif
