/* communities.h: the communities API (create, list, read, settings), and the one reader and
 * creator of a community's descriptive fields that the administrator's page shares with it. */
#ifndef YL_COMMUNITIES_H
#define YL_COMMUNITIES_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/result.h"

struct req;
typedef struct json_t json_t;

int communities_create_api(struct req *rq);
int communities_list_api(struct req *rq);
int communities_get_api(struct req *rq);
int communities_patch_api(struct req *rq);
int registry_units_api(struct req *rq);
int registry_owners_api(struct req *rq);

/* What describes a community; NULL is "not given" (left as it is by a change). slug is the
 * Open311 jurisdiction_id. */
#define COMMUNITY_FIELDS 5
struct community_fields {
	const char *name, *district, *street, *city, *slug;
};
/* Reads and checks them from a JSON body (create, or a change when !creating) or from a form
 * (create). Returns 0, or -1 with a 422 set that names the first field that is wrong. */
int community_fields_json(struct req *rq, json_t *j, bool creating, struct community_fields *f);
int community_fields_form(struct req *rq, struct community_fields *f);
/* Creates the community with its audit row, in a transaction of its own. ERR_CONFLICT when
 * the jurisdiction_id is taken. */
enum yl_err community_create(struct req *rq, const struct community_fields *f, int64_t *id);

#endif
