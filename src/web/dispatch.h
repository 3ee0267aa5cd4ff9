/* dispatch.h: the request pipeline between the HTTP library and a handler, identical on an
 * event loop and on a worker thread: parse, authenticate, authorise, check CSRF, run. */
#ifndef YL_DISPATCH_H
#define YL_DISPATCH_H

struct req;

/* Runs rq->route's handler after the checks; on return rq holds a complete response (status,
 * type, headers, body). rq->route must be set (the server matched it). */
void dispatch_run(struct req *rq);

/* Answers a request that matched no route (404/405/400) with the same envelope and page. */
void dispatch_unmatched(struct req *rq, int why);

/* Removes uploaded temp files; call when the request is done. */
void dispatch_cleanup(struct req *rq);

#endif
