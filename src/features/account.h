/* account.h: my account — password, display preferences, my roles; GET /api/v1/me. */
#ifndef YL_ACCOUNT_H
#define YL_ACCOUNT_H
struct req;
struct html;
int account_page(struct req *rq);
int account_password_form(struct req *rq); /* SLOW: Argon2id */
int account_me_api(struct req *rq);
/* The signed-in person's roles as a list (also used by the home page). */
void account_roles_list(struct req *rq, struct html *h);
#endif
