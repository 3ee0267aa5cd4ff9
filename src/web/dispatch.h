/* dispatch.h: the request pipeline between the HTTP library and a handler, identical on an
 * event loop and on a worker thread: parse, authenticate, authorise, check CSRF, run. */
#ifndef YL_DISPATCH_H
#define YL_DISPATCH_H

#include <stdbool.h>

struct req;

/* Runs rq->route's handler after the checks; on return rq holds a complete response (status,
 * type, headers, body). rq->route must be set (the server matched it). */
void dispatch_run(struct req *rq);

/* The same in two halves, for a GET on the worker pool: dispatch_before runs the checks and asks
 * the page cache on the event loop, and is true when rq is answered (refused, or from the
 * cache); otherwise dispatch_handler runs the handler on a worker (rq->db the worker's), and
 * the loop then offers the answer to its cache (page_cache_keep, rq->db the loop's again). A
 * page the cache holds is so served without the trip to a worker and back. Each half reads in a
 * snapshot of its own. */
bool dispatch_before(struct req *rq);
void dispatch_handler(struct req *rq);

/* Answers a request that matched no route (404/405/400) with the same envelope and page. */
void dispatch_unmatched(struct req *rq, int why);

/* Removes uploaded temp files; call when the request is done. */
void dispatch_cleanup(struct req *rq);

#endif
