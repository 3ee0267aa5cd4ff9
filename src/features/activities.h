/* activities.h: volunteer activities and duties (issue 9) — staff post an activity or a duty
 * with slots per duty role, volunteers sign up and withdraw, staff put people on the roster,
 * confirm attendance after the end (no-shows recorded), and read hours by person, team and
 * month (XLSX export); a volunteer reads their own hours. Rules in core/activity.c, SQL in
 * store/activities.c; pages in activity_pages.c. */
#ifndef YL_FEATURES_ACTIVITIES_H
#define YL_FEATURES_ACTIVITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct req;
struct target;
struct activity;
struct activity_slot;

/* Route scope for a path with an activity's {id}: its community (404 when there is none). */
int activity_scope(struct req *rq, struct target *t);

/* API */
/* GET, POST /api/v1/communities/{cid}/activities */
int activities_api(struct req *rq);
int activity_create_api(struct req *rq);
/* GET /api/v1/activities/{id}: details, slots with taken and free, the roster. */
int activity_api(struct req *rq);
/* POST /api/v1/activities/{id}/cancel */
int activity_cancel_api(struct req *rq);
/* POST /api/v1/activities/{id}/signups {"role"}: a confirmed volunteer signs up. */
int activity_signup_api(struct req *rq);
/* DELETE /api/v1/activities/{id}/signups/mine, POST …/signups/mine/withdraw */
int activity_withdraw_api(struct req *rq);
/* POST /api/v1/activities/{id}/roster {"volunteer_id","role"}: staff put someone on it. */
int activity_roster_api(struct req *rq);
/* POST /api/v1/activities/{id}/attendance {"entries":[{"signup_id","attended","minutes","households"}]} */
int activity_attendance_api(struct req *rq);
/* GET /api/v1/communities/{cid}/volunteer-hours?group=person|team|month&year=&team= */
int volunteer_hours_api(struct req *rq);
/* GET /api/v1/communities/{cid}/volunteer-hours/mine */
int volunteer_my_hours_api(struct req *rq);

/* Pages */
int activities_page(struct req *rq);
int activity_new_page(struct req *rq);
int activity_create_form(struct req *rq);
int activity_page(struct req *rq);
int activity_cancel_form(struct req *rq);
int activity_signup_form(struct req *rq);
int activity_withdraw_form(struct req *rq);
int activity_roster_form(struct req *rq);
int activity_attendance_form(struct req *rq);
int volunteer_hours_page(struct req *rq);
int volunteer_hours_xlsx(struct req *rq);
int volunteer_my_hours_page(struct req *rq);

/* Shared by activities.c and activity_pages.c -------------------------------------------- */

/* Each write reads a JSON body (j) or, j NULL, the form; checks, then writes in one transaction
 * with its audit row. Returns 0, or -1 with the error set on rq. */
int activity_create(struct req *rq, json_t *j, int64_t *id);
int activity_cancel(struct req *rq);
int activity_sign_up(struct req *rq, json_t *j, int64_t *signup_id);
int activity_withdraw(struct req *rq);
int activity_roster_add(struct req *rq, json_t *j, int64_t *signup_id);
int activity_attendance(struct req *rq, json_t *j, int64_t *confirmed);

/* The route's activity: -1 with 404 set when absent. */
int activity_load(struct req *rq, struct activity *a);
/* "监督员" / "Supervisor", or "任何志愿者" for the any-volunteer slot. */
const char *activity_role_text(struct req *rq, const struct activity_slot *s);
/* "2026-12-05 09:00–11:00" (or with the end's day when it ends another day). */
const char *activity_when_text(struct req *rq, const struct activity *a);

/* Hours grouped: one row per person, team (party_org) or month. */
enum hours_group { HG_PERSON, HG_TEAM, HG_MONTH, HG__COUNT };
extern const char *const hours_group_names[HG__COUNT];
struct hours_row {
	const char *key;             /* the person's name, the team ("" none), "2026-11" */
	int64_t volunteer_id;        /* HG_PERSON */
	const char *team;            /* HG_PERSON: their party_org */
	int64_t volunteers;          /* HG_TEAM, HG_MONTH: how many people */
	int64_t attended, absent;
	int64_t activity_minutes, wish_minutes, households;
};
struct hours_query {
	enum hours_group group;
	int year;
	const char *team;            /* NULL: every team */
};
/* Reads group, year (the current Beijing year when absent) and team from the query string:
 * -1 with a 422 set when group or year is bad. */
int hours_query_read(struct req *rq, struct hours_query *q);
int hours_rows(struct req *rq, const struct hours_query *q, struct hours_row **v, size_t *n);

#endif
