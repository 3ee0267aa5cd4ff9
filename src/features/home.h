/* home.h: the home page. */
#ifndef YL_HOME_H
#define YL_HOME_H
struct req;
int home_page(struct req *rq);
#endif
