/* home_parts.h: the sections of a resident's home (home_parts.c) — each a heading, what concerns
 * the signed-in person, an empty state in words, and a link to the full page. home.c orders them. */
#ifndef YL_FEATURES_HOME_PARTS_H
#define YL_FEATURES_HOME_PARTS_H

#include <stddef.h>
#include <stdint.h>

struct req;
struct html;
struct unit;

#define HOME_MAX_BUILDINGS 8

/* The units the person owns or lives in, in the request's community, and their buildings. */
struct home_units {
	struct unit *v;
	size_t n;
	int64_t buildings[HOME_MAX_BUILDINGS];
	size_t nbuildings;
};
/* Reads them (none on an error: the home then shows what it can). */
void home_units_of(struct req *rq, struct home_units *me);

/* The open votes for my units: not voted first ("还没投票", the close date, a big button to the
 * ballot), then those I voted on. */
void home_votes(struct req *rq, struct html *h);
/* What I owe now per unit whose bills are mine to read (or "已缴清"); nothing for a tenant. */
void home_bills(struct req *rq, struct html *h, const struct home_units *me);
/* The problems I reported or said "me too" to, newest first, at most 5, with their state. */
void home_problems(struct req *rq, struct html *h);
/* Items of the plans in force (adopted, else the newest published version) for my buildings or
 * the whole compound: title, place, approval, the work's state. */
void home_plan_items(struct req *rq, struct html *h, const struct home_units *me);
/* The 3 latest current notices for the whole compound or my buildings. */
void home_notices(struct req *rq, struct html *h, const struct home_units *me);

#endif
