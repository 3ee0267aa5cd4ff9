/* wishes.h: SQL for small wishes (微心愿, issue 9): posting, the one-way steps (adopt, fulfil,
 * confirm, withdraw) and the community's list. Each step is guarded in its statement (UPDATE …
 * WHERE state = the state it needs), so of two volunteers adopting one wish at once only one
 * succeeds; the other gets ERR_CONFLICT. Writes run in the caller's transaction; strings live in
 * the caller's arena; ERR_NOTFOUND when an id is absent or in another community. */
#ifndef YL_STORE_WISHES_H
#define YL_STORE_WISHES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"
#include "../core/wish.h"

struct arena;
struct db;

struct wish {
	int64_t id;
	const char *title, *body;
	int64_t unit_id, building_id;     /* 0: no unit known */
	const char *building, *unit;      /* "3栋", "3栋2单元301"; "" without a unit */
	const char *for_name;             /* the neighbour a head or staff entered it for; "" own wish */
	bool paper;                       /* channel paper: entered for someone */
	int64_t posted_by;
	const char *poster_name;          /* the poster's account name (display name first) */
	int64_t posted_at;
	enum wish_state state;
	int64_t volunteer_id, volunteer_account;   /* 0: not adopted */
	const char *volunteer_name;
	int64_t adopted_at, fulfilled_at, confirmed_by, confirmed_at;
	int64_t minutes, points;
};

struct wish_new {
	const char *title, *body, *for_name;
	int64_t unit_id; /* 0: none */
	bool paper;
	int64_t posted_by, now;
};

enum yl_err store_wish_create(struct db *db, int64_t cid, const struct wish_new *w, int64_t *id);
enum yl_err store_wish_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct wish *out);
/* The community and building of a wish (route scope); ERR_NOTFOUND. */
enum yl_err store_wish_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id);
/* The community's wishes, newest first (at most limit). */
enum yl_err store_wishes(struct db *db, struct arena *a, int64_t cid, int64_t limit, struct wish **v, size_t *n);

/* The steps. ERR_CONFLICT when the wish is not in the state the step needs (or, for fulfil, not
 * adopted by that volunteer); ERR_NOTFOUND when there is no such wish. */
enum yl_err store_wish_adopt(struct db *db, int64_t cid, int64_t id, int64_t volunteer_id, int64_t now);
enum yl_err store_wish_fulfil(struct db *db, int64_t cid, int64_t id, int64_t volunteer_id, int64_t now);
enum yl_err store_wish_confirm(struct db *db, int64_t cid, int64_t id, int64_t by, int64_t minutes, int64_t points,
                               int64_t now);
enum yl_err store_wish_withdraw(struct db *db, int64_t cid, int64_t id);

/* A volunteer's confirmed wishes: how many, their minutes and points (for their hours). */
enum yl_err store_wish_totals(struct db *db, int64_t cid, int64_t volunteer_id, int64_t *count, int64_t *minutes,
                              int64_t *points);

/* The volunteer registration of account_id, made confirmed under name when it has none (the demo
 * needs an adopter; registrations are otherwise made by reporting in). *id: its id. */
enum yl_err store_wish_adopter_ensure(struct db *db, int64_t cid, int64_t account_id, const char *name, int64_t now,
                                      int64_t *id);

#endif
