/* communities.h: the communities API (create, list, read, settings). */
#ifndef YL_COMMUNITIES_H
#define YL_COMMUNITIES_H
struct req;
int communities_create_api(struct req *rq);
int communities_list_api(struct req *rq);
int communities_get_api(struct req *rq);
int communities_patch_api(struct req *rq);
int registry_units_api(struct req *rq);
int registry_owners_api(struct req *rq);
#endif
