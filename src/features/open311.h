/* open311.h: the Open311 GeoReport v2 server under /open311/v2 (see open311.c and OPEN311.md).
 * Every handler answers XML or JSON as the path's extension says, errors included. */
#ifndef YL_OPEN311_H
#define YL_OPEN311_H

struct req;

/* GET /open311/v2/{file}: discovery, services or requests, each .xml or .json. */
int open311_get(struct req *rq);
/* POST /open311/v2/{file}: requests.xml or requests.json, a new service request (api_key). */
int open311_post(struct req *rq);
/* GET /open311/v2/services/{file}: a service's definition, CODE.xml or CODE.json. */
int open311_service_get(struct req *rq);
/* GET /open311/v2/requests/{file}: one request, ID.xml or ID.json. */
int open311_request_get(struct req *rq);
/* GET /open311/v2/tokens/{file}: always the standard 404 (ids are assigned at once). */
int open311_token_get(struct req *rq);

#endif
