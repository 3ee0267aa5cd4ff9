/* registry.h: the registry's pages — units and owners, one unit, residents, heads' buildings. */
#ifndef YL_REGISTRY_PAGES_H
#define YL_REGISTRY_PAGES_H
#include <stdint.h>

struct req;
struct target;
int registry_page(struct req *rq);
/* A unit as a paper form gives it, "1栋2单元301", in the request's community: its id and
 * building. Returns 0, or -1 with a 422 on field "unit" (bad_unit: not written that way;
 * unknown_unit: no such unit in the register). */
int registry_unit_input(struct req *rq, const char *s, int64_t *unit, int64_t *building);
int registry_unit_scope(struct req *rq, struct target *t);
int registry_unit_page(struct req *rq);
int registry_resident_form(struct req *rq);
int registry_heads_form(struct req *rq);
#endif
