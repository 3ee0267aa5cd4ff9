/* activity.h: the rules of volunteer activities and duties (issue 9) — whether a slot is free,
 * whether one may sign up or withdraw now, whether attendance may be confirmed, which minutes
 * are believable, and hours from minutes. Pure: no SQL, no HTTP, no allocation; the handler
 * reads the facts under the community's lock and the store records what these accept.
 *
 *   sign up (a volunteer)  open, not started, not on the roster already, holds the slot's role
 *                          (a slot for any volunteer asks none), the slot open to self sign-up,
 *                          a place left
 *   roster (staff)         as a sign-up, but staff may put someone on a slot closed to self
 *                          sign-up, and after the start (who came on the day)
 *   withdraw               before the start; after it the record is attendance, not a withdrawal
 *   attendance             once per sign-up, after the end, on an activity not cancelled;
 *                          minutes 0 .. the activity's length + 60 (helping set up and clear up),
 *                          0 for a no-show; households only for a publicist's notice duty
 */
#ifndef YL_ACTIVITY_H
#define YL_ACTIVITY_H

#include <stdbool.h>
#include <stdint.h>

/* The minutes beyond an activity's own length that attendance may credit. */
#define ACTIVITY_EXTRA_MINUTES 60

/* What the rules need to know of an activity. */
struct activity_facts {
	int64_t starts_at, ends_at; /* UTC s */
	bool cancelled;
	bool notice;                /* a duty linked to a notice: households delivered count */
};

/* What they need of one slot and the one asking. */
struct signup_facts {
	int64_t slots, taken;      /* places and live (not withdrawn) sign-ups on them */
	bool self_signup;          /* volunteers may sign themselves up on this slot */
	bool any_volunteer;        /* role_id 0: the slot asks no duty role */
	bool holds_role;           /* the volunteer holds the slot's duty role */
	bool already;              /* the volunteer has a live sign-up on this activity */
	bool by_staff;             /* staff putting someone on the roster */
};

enum activity_verdict {
	ACT_OK,
	ACT_CANCELLED,         /* 409: the activity was cancelled */
	ACT_STARTED,           /* 409: it has begun */
	ACT_ALREADY,           /* 409: on the roster already */
	ACT_ROLE_NOT_HELD,     /* 403: the slot is for a duty role the volunteer does not hold */
	ACT_NOT_SELF,          /* 403: staff put people on this slot */
	ACT_FULL,              /* 409: no place left */
	ACT_NOT_OVER,          /* 409: attendance before the end */
	ACT_CONFIRMED,         /* 409: attendance confirmed already */
	ACT_BAD_MINUTES,       /* 422: below 0, beyond the length + 60, or not 0 for a no-show */
	ACT_NO_HOUSEHOLDS,     /* 422: households for anything but a notice duty (or below 0) */
};

/* A place is left on a slot of `slots` with `taken` live sign-ups. */
bool activity_slot_free(int64_t slots, int64_t taken);

/* Whether the sign-up may be made at now; the first refusal in the order of the table above
 * (cancelled, started, already, role, self sign-up, full). */
enum activity_verdict activity_may_sign_up(const struct activity_facts *a, const struct signup_facts *s, int64_t now);

/* Whether a live sign-up may be withdrawn at now: ACT_STARTED from the start on. */
enum activity_verdict activity_may_withdraw(const struct activity_facts *a, int64_t now);

/* Whether attendance may be confirmed at now on a sign-up (confirmed: it has been already). */
enum activity_verdict activity_may_confirm(const struct activity_facts *a, bool confirmed, int64_t now);

/* Whether the entry is believable: minutes 0 .. length + ACTIVITY_EXTRA_MINUTES when attended,
 * exactly 0 for a no-show; households ≥ 0, and > 0 only on a notice duty. */
enum activity_verdict activity_check_entry(const struct activity_facts *a, bool attended, int64_t minutes,
                                           int64_t households);

/* The most minutes attendance may credit: the length in whole minutes + 60. */
int64_t activity_max_minutes(const struct activity_facts *a);

/* Hours from minutes in hundredths of an hour, rounded half up (90 → 150, 100 → 167, 20 → 33):
 * what sheets and JSON show as "1.50". minutes < 0 counts as 0. */
int64_t activity_hours_hundredths(int64_t minutes);

/* Parses a Beijing wall-clock time "2026-12-05T09:00" (also with a space for the T, and with
 * ":SS") into UTC seconds. Returns 0, or -1 for anything else (2月30日, 24:00, 9:5). */
int activity_parse_local_time(const char *s, int64_t *utc);

#endif
