/* volunteers_common.h: what volunteers.c (API and rules) shares with volunteer_pages.c (pages):
 * inputs read alike from JSON or a form, the writes, words for states and duty roles. */
#ifndef YL_FEATURES_VOLUNTEERS_COMMON_H
#define YL_FEATURES_VOLUNTEERS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../store/volunteers.h"

struct req;

struct vol_roles {
	struct volunteer_role *v;
	size_t n;
};

/* Duty roles and buildings as given (codes, names) and as ids of this community, each once.
 * has_*: the input carried the list (a form always does; JSON when the key is there). */
struct vol_lists {
	const char **role_codes, **building_names;
	int64_t *roles, *buildings;
	size_t nroles, nbuildings;
	bool has_roles, has_buildings;
};

struct vol_input {
	struct volunteer_new v;
	struct vol_lists l;
	bool paper; /* staff entering someone without an account */
};

struct vol_target {
	int year;
	int64_t from, to, hours;
	struct volunteer_hours *v;
	size_t n, short_count;
};

const char *vol_state_text(struct req *rq, enum volunteer_state s);
const char *vol_role_name(struct req *rq, const struct vol_roles *r, const char *code);
const char *vol_roles_text(struct req *rq, const struct vol_roles *r, const struct volunteer *v);
const char *vol_buildings_text(struct req *rq, const struct volunteer *v);
int vol_roles_load(struct req *rq, struct vol_roles *r);
bool vol_is_manager(struct req *rq);
/* The route's {id} as the caller may see it (another's unconfirmed one: 404). */
int vol_load(struct req *rq, struct volunteer *v);
void vol_this_year(int64_t *from, int64_t *to, int *year);

/* Each returns 0, or -1 with the error set (422 naming the field, 409, 403). j NULL: the form. */
int vol_check(struct req *rq, json_t *j, struct vol_input *in);
int vol_apply(struct req *rq, struct vol_input *in, int64_t *id);
int vol_decide(struct req *rq, json_t *j, bool confirm, int64_t *id);
int vol_update(struct req *rq, json_t *j, int64_t *id);
int vol_target_set(struct req *rq, json_t *j, int64_t *hours);
int vol_target_load(struct req *rq, struct vol_target *t);

/* Minutes still missing to a target of target_hours a year (0 when met). */
int64_t vol_short_minutes(int64_t target_hours, int64_t minutes);

#endif
