/* activities.h: SQL for volunteer activities and duties (issue 9) — the activity with its slots
 * per duty role, sign-ups and withdrawals, attendance with minutes and households, and the rows
 * hours are counted from. Which moves are allowed is core/activity.c's; the handler asks it
 * under the community's lock (store_begin_community), and the writes here are guarded in the
 * statement as well, so a race that slipped past a check still cannot overfill a slot or
 * confirm a sign-up twice. Strings live in the caller's arena; ERR_NOTFOUND when an id is absent
 * or in another community; ERR_CONFLICT when a guarded write found nothing to change. */
#ifndef YL_STORE_ACTIVITIES_H
#define YL_STORE_ACTIVITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"

struct arena;
struct db;

struct activity {
	int64_t id;
	const char *title, *body, *place;
	int64_t starts_at, ends_at;       /* UTC s */
	bool duty;                        /* kind duty (governance work) rather than activity */
	const char *link_type;            /* "", "problem", "inspection" (a work), "notice" */
	int64_t link_id;
	bool cancelled;
	int64_t created_by, created_at;
	/* summaries */
	int64_t slots, taken;             /* places on all slots, live sign-ups */
};

/* A slot: role_id 0 (role_code "") is for any confirmed volunteer. taken: live sign-ups. */
struct activity_slot {
	int64_t role_id;
	const char *role_code, *role_name, *role_name_en;
	int64_t slots, taken;
	bool self_signup;
};

enum attendance { ATT_NONE, ATT_ATTENDED, ATT_ABSENT };

struct signup {
	int64_t id, activity_id, volunteer_id, role_id;
	const char *name, *party_org;     /* the volunteer's */
	const char *role_code;            /* "" for the any-volunteer slot */
	int64_t signed_at, signed_by, withdrawn_at; /* withdrawn_at 0: live */
	enum attendance attendance;
	int64_t minutes, households, confirmed_at;
};

/* Creates the activity (state open) with its slots (role ids already checked). */
enum yl_err store_activity_create(struct db *db, int64_t cid, const struct activity *a,
                                  const struct activity_slot *slots, size_t nslots, int64_t *id);
enum yl_err store_activity_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct activity *out);
/* The community's activities, the latest start first. */
enum yl_err store_activities(struct db *db, struct arena *a, int64_t cid, struct activity **v, size_t *n);
/* The community of an activity, for a route's permission. */
enum yl_err store_activity_community(struct db *db, int64_t id, int64_t *cid);
/* open → cancelled; ERR_CONFLICT when it is cancelled already. */
enum yl_err store_activity_cancel(struct db *db, int64_t cid, int64_t id);

/* The activity's slots with their live sign-ups: role slots (builtin roles first), then the
 * any-volunteer slot. */
enum yl_err store_activity_slots(struct db *db, struct arena *a, int64_t cid, int64_t activity_id,
                                 struct activity_slot **v, size_t *n);
/* The activity's sign-ups in the order made; live only, or withdrawn ones too. */
enum yl_err store_signups(struct db *db, struct arena *a, int64_t cid, int64_t activity_id, bool live_only,
                          struct signup **v, size_t *n);
/* The volunteer's live sign-up on the activity: ERR_NOTFOUND when none. */
enum yl_err store_signup_live(struct db *db, struct arena *a, int64_t cid, int64_t activity_id, int64_t volunteer_id,
                              struct signup *out);
/* Sign-ups with attendance confirmed on the activity. */
enum yl_err store_activity_confirmed(struct db *db, int64_t cid, int64_t activity_id, int64_t *n);

/* Puts the volunteer on the slot of role_id, only while it has fewer than slots live sign-ups
 * and the volunteer has none on the activity: ERR_CONFLICT otherwise. */
enum yl_err store_signup_add(struct db *db, int64_t cid, int64_t activity_id, int64_t volunteer_id, int64_t role_id,
                             int64_t slots, int64_t by, int64_t now, int64_t *id);
/* Withdraws a live sign-up with no attendance: ERR_CONFLICT when there is none such. */
enum yl_err store_signup_withdraw(struct db *db, int64_t cid, int64_t signup_id, int64_t now);
/* Records attendance on a live sign-up of the activity not confirmed yet: ERR_CONFLICT when it
 * has been (or is withdrawn, or of another activity). */
enum yl_err store_signup_confirm(struct db *db, int64_t cid, int64_t activity_id, int64_t signup_id, bool attended,
                                 int64_t minutes, int64_t households, int64_t by, int64_t now);

/* The id of the community's duty role code: ERR_NOTFOUND when there is none. */
enum yl_err store_role_id(struct db *db, int64_t cid, const char *code, int64_t *id);
/* Whether a problem ("problem") or a work ("inspection") of that id is in the community. */
enum yl_err store_activity_link_exists(struct db *db, int64_t cid, const char *type, int64_t id, bool *yes);

/* The community's confirmed volunteers (id and name, by name): whom staff may put on a roster. */
struct volunteer_ref {
	int64_t id;
	const char *name;
};
enum yl_err store_confirmed_volunteers(struct db *db, struct arena *a, int64_t cid, struct volunteer_ref **v, size_t *n);

/* What hours are counted from: a confirmed sign-up (attended or a no-show) of an activity that
 * starts in [from, to), or a small wish confirmed in [from, to). */
struct hour_entry {
	int64_t volunteer_id;
	const char *name, *party_org;
	int64_t at;                       /* the activity's start, the wish's confirmation */
	const char *title;
	bool wish;
	bool attended;                    /* false: a no-show */
	int64_t minutes, households;
	int64_t object_id;                /* the activity or the wish */
};
/* In time order; volunteer_id 0: everyone's. */
enum yl_err store_hour_entries(struct db *db, struct arena *a, int64_t cid, int64_t volunteer_id, int64_t from,
                               int64_t to, struct hour_entry **v, size_t *n);

#endif
