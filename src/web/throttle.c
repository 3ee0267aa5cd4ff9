/* throttle.c: failure counting for logins, password changes and activation codes. */
#include "throttle.h"
#include "req.h"
#include "../core/arena.h"
#include "../store/accounts.h"
#include "../store/db.h"

int64_t
throttle_wait(struct req *rq, const char *key, int64_t limit)
{
	int64_t now = db_now(), count = 0, oldest = 0;
	if (store_login_failures(rq->db, key, now - THROTTLE_WINDOW, &count, &oldest) != YL_OK)
		return 0;
	return count >= limit ? oldest + THROTTLE_WINDOW - now : 0;
}

void
throttle_fail(struct req *rq, const char *key1, const char *key2)
{
	int64_t now = db_now();
	if (store_begin(rq->db) != YL_OK)
		return;
	enum yl_err rc = key1 ? store_login_failure_add(rq->db, key1, now) : YL_OK;
	if (rc == YL_OK && key2)
		rc = store_login_failure_add(rq->db, key2, now);
	store_end(rq->db, rc);
}

const char *
throttle_message(struct req *rq, int64_t wait)
{
	req_header(rq, "retry-after", arena_printf(rq->a, "%lld", (long long)wait));
	rq->status = 429;
	int minutes = (int)((wait + 59) / 60);
	return req_tn(rq, MSG_LOGIN_THROTTLED, minutes, minutes);
}

const char *
throttle_account_key(struct req *rq, const char *name)
{
	char *lower = arena_printf(rq->a, "a:%s", name);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return lower;
}
