/* auth.h: logging in and out, and the visitor's display preferences. */
#ifndef YL_AUTH_H
#define YL_AUTH_H
struct req;
int auth_login_page(struct req *rq);
int auth_login_form(struct req *rq);   /* SLOW: Argon2id */
int auth_logout_form(struct req *rq);
int auth_prefs_form(struct req *rq);
#endif
