/* activation.h: activation slips (staff, heads) and claiming an account with a code. */
#ifndef YL_ACTIVATION_H
#define YL_ACTIVATION_H
struct req;
int codes_page(struct req *rq);
int codes_print_form(struct req *rq);
int claim_page(struct req *rq);
int claim_form(struct req *rq);   /* SLOW: Argon2id */
#endif
