/* district.h: the district home (GET /district) and its figures as JSON (GET /api/v1/district). */
#ifndef YL_DISTRICT_H
#define YL_DISTRICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;
struct target;

int district_page(struct req *rq);
int district_api(struct req *rq);

/* The route's scope: the target is the first community this person oversees, so the
 * permission is judged where they hold it. */
int district_scope(struct req *rq, struct target *t);

/* The communities this person may read at district level, in id order (arena); *all is true
 * when a grant reaches every community (the administrator), and the list is then incomplete. */
int64_t *district_communities(struct req *rq, size_t *n, bool *all);

#endif
