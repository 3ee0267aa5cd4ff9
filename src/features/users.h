/* users.h: admin pages for accounts and their roles. */
#ifndef YL_USERS_H
#define YL_USERS_H
struct req;
int users_page(struct req *rq);
int users_add_form(struct req *rq);     /* SLOW: Argon2id */
int users_account_page(struct req *rq); /* one account's roles; grants in several communities */
int users_grant_form(struct req *rq);   /* one community_id or several: one grant each */
int users_revoke_form(struct req *rq);
#endif
