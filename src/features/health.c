/* health.c: GET /healthz — {"status":"ok"} once the database has answered a query. */
#include "health.h"
#include "../store/db.h"
#include "../web/req.h"

#include <jansson.h>

int
health_api(struct req *rq)
{
	if (!db_ping(rq->db))
		return req_json(rq, 503, json_pack("{s:s}", "status", "unavailable"));
	return req_json(rq, 200, json_pack("{s:s}", "status", "ok"));
}
