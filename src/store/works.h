/* works.h: SQL for the construction of a renovation plan (issue 8) — works built from approved
 * plan items, their milestones, supervisors' inspections with photos, residents' ratings and the
 * formal acceptance. Whether an item may be built is store/plans.h's (store_plan_item_state);
 * which moves are allowed is features/works.c's. Writes run in the caller's transaction
 * (store_begin_community first). Strings live in the caller's arena. ERR_NOTFOUND when an id is
 * absent or in another community; ERR_CONFLICT when a guarded row was changed meanwhile. */
#ifndef YL_STORE_WORKS_H
#define YL_STORE_WORKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"

struct arena;
struct db;

/* planned → underway → completed → accepted, one step at a time. */
enum work_state { WS_PLANNED, WS_UNDERWAY, WS_COMPLETED, WS_ACCEPTED, WS__COUNT };
extern const char *const work_state_names[WS__COUNT]; /* "planned", "underway", … */
int work_state_from_name(const char *s);              /* -1 when unknown */

struct work {
	int64_t id, plan_id, item_key;
	const char *contractor;
	int64_t starts_on, ends_on;       /* UTC s of the Beijing day's start; 0: not set */
	int progress;                     /* percent */
	enum work_state state;
	int64_t created_by, created_at;
	int64_t completed_at, accepted_at; /* 0: not yet */
	int64_t accepted_by;
	const char *acceptance_note;
	/* summaries */
	int64_t inspections, photos;
	int64_t ratings, rating_sum;      /* the average is rating_sum / ratings */
	const char *latest_severity;      /* of the newest inspection, "" when none */
	const char *latest_findings;
	int64_t paid;                     /* Σ of its payments and corrections, fen (store/work_payments.h) */
};

struct work_milestone {
	int64_t id, work_id;
	const char *title;
	int64_t due_on, done_on;          /* 0: none / not done */
};

struct work_new {
	int64_t plan_id, item_key;
	const char *contractor;
	int64_t starts_on, ends_on;       /* 0: not set */
	int64_t by, now;
	const struct work_milestone *milestones; /* title and due_on of each; may be NULL with n 0 */
	size_t nmilestones;
};
/* Creates the work (planned, progress 0) and its milestones. ERR_CONFLICT when the item has a
 * work already. */
enum yl_err store_work_create(struct db *db, int64_t cid, const struct work_new *w, int64_t *id);

enum yl_err store_work_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct work *out);
/* The community's works (plan_id 0) or one plan's, by plan and item key, with their summaries. */
enum yl_err store_works(struct db *db, struct arena *a, int64_t cid, int64_t plan_id, struct work **v, size_t *n);
/* The community of a work, for a route's permission. */
enum yl_err store_work_community(struct db *db, int64_t id, int64_t *cid);

/* Writes the work's state, progress, contractor and schedule as given in w, and completed_at
 * (now when w->state is completed and it was not before). Only if the row is still in state
 * from: ERR_CONFLICT otherwise. */
enum yl_err store_work_update(struct db *db, int64_t cid, const struct work *w, enum work_state from, int64_t now);
/* The formal acceptance: completed → accepted with the note. ERR_CONFLICT when the work is not
 * completed (any more). */
enum yl_err store_work_accept(struct db *db, int64_t cid, int64_t id, int64_t by, const char *note, int64_t now);

/* In due order (those without a due day last), then id. */
enum yl_err store_work_milestones(struct db *db, struct arena *a, int64_t cid, int64_t work_id,
                                  struct work_milestone **v, size_t *n);
enum yl_err store_work_milestone_add(struct db *db, int64_t cid, int64_t work_id, const char *title, int64_t due_on,
                                     int64_t *id);
/* Marks milestone mid of work_id done on day. ERR_NOTFOUND when the work has no such
 * milestone, ERR_CONFLICT when it is done already. */
enum yl_err store_work_milestone_done(struct db *db, int64_t cid, int64_t work_id, int64_t mid, int64_t day);

/* Inspections ------------------------------------------------------------------------------ */

enum severity { SEV_NOTE, SEV_MINOR, SEV_MAJOR, SEV_CRITICAL, SEV__COUNT };
extern const char *const severity_names[SEV__COUNT]; /* "note", "minor", "major", "critical" */
int severity_from_name(const char *s);                /* -1 when unknown */

struct inspection {
	int64_t id, work_id;
	int64_t inspected_on;
	enum severity severity;
	const char *findings;
	int64_t account_id;
	const char *inspector;            /* the account's display name (or login); personal */
	int64_t created_at;
	int64_t problem_id;               /* 0: the finding did not become a problem */
};

struct inspection_photo {
	int64_t id, inspection_id;
	const char *file, *mime;
	int64_t bytes;
	int width, height;
};

enum yl_err store_inspection_add(struct db *db, int64_t cid, const struct inspection *in, int64_t *id);
/* file is store/files.c's name, already durable on disk. */
enum yl_err store_inspection_photo_add(struct db *db, int64_t cid, int64_t inspection_id,
                                       const struct inspection_photo *ph, int64_t *id);
/* A work's inspections, newest first. */
enum yl_err store_inspections(struct db *db, struct arena *a, int64_t cid, int64_t work_id, struct inspection **v,
                              size_t *n);
/* The photos of all of a work's inspections, by inspection and id. */
enum yl_err store_inspection_photos(struct db *db, struct arena *a, int64_t cid, int64_t work_id,
                                    struct inspection_photo **v, size_t *n);
/* A photo by id wherever it is, with its community (for the route's permission). */
enum yl_err store_inspection_photo_get(struct db *db, struct arena *a, int64_t id, int64_t *cid,
                                       struct inspection_photo *out);

/* Ratings ---------------------------------------------------------------------------------- */

/* One rating per account and work: a new one replaces the old (*replaced says so; may be NULL). */
enum yl_err store_work_rate(struct db *db, int64_t cid, int64_t work_id, int64_t account_id, int rating,
                            const char *comment, int64_t now, bool *replaced);
/* The account's rating of the work, 0 when none. */
int store_work_rating_of(struct db *db, int64_t cid, int64_t work_id, int64_t account_id);

/* Whether account_id owns or lives in a unit of community cid within building_id (0: anywhere in
 * the community) and stairwell_id (0: any stairwell of it). */
enum yl_err store_lives_within(struct db *db, int64_t cid, int64_t account_id, int64_t building_id,
                               int64_t stairwell_id, bool *yes);

#endif
