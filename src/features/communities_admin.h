/* communities_admin.h: the administrator's communities page (list and add). */
#ifndef YL_COMMUNITIES_ADMIN_H
#define YL_COMMUNITIES_ADMIN_H
struct req;
int communities_admin_page(struct req *rq);
int communities_admin_form(struct req *rq);
#endif
