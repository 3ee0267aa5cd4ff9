/* users.h: admin pages for accounts and their roles. */
#ifndef YL_USERS_H
#define YL_USERS_H
struct req;
int users_page(struct req *rq);
int users_add_form(struct req *rq);     /* SLOW: Argon2id */
int users_grant_form(struct req *rq);
int users_revoke_form(struct req *rq);
#endif
