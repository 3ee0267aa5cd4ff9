/* throttle.h: slowing down guessing — failures counted per key (an account, an address) in a
 * sliding window; a key over its limit waits until its oldest failure leaves the window. */
#ifndef YL_THROTTLE_H
#define YL_THROTTLE_H

#include <stdint.h>

struct req;

#define THROTTLE_WINDOW (15 * 60)

/* Seconds key must still wait (0: it may try now) given at most limit failures per window. */
int64_t throttle_wait(struct req *rq, const char *key, int64_t limit);
/* Records a failure for each non-NULL key, in its own small transaction. */
void throttle_fail(struct req *rq, const char *key1, const char *key2);
/* Answers 429 with Retry-After and the message in the person's language; returns -1 like the
 * other req_ error helpers (callers that show a form set rq->status and message themselves). */
const char *throttle_message(struct req *rq, int64_t wait);

/* "a:<name lower-cased>": account names compare without case, so their counters must too. */
const char *throttle_account_key(struct req *rq, const char *name);

#endif
