/* registry.h: the registry's pages — units and owners, one unit, residents, heads' buildings. */
#ifndef YL_REGISTRY_PAGES_H
#define YL_REGISTRY_PAGES_H
struct req;
struct target;
int registry_page(struct req *rq);
int registry_unit_scope(struct req *rq, struct target *t);
int registry_unit_page(struct req *rq);
int registry_resident_form(struct req *rq);
int registry_heads_form(struct req *rq);
#endif
