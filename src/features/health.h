/* health.h: GET /healthz. */
#ifndef YL_HEALTH_H
#define YL_HEALTH_H
struct req;
int health_api(struct req *rq);
#endif
