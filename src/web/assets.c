/* assets.c: serves the embedded static files with ETag and a year-long immutable cache. */
#include "assets.h"
#include "req.h"

#include <string.h>

extern const struct asset embedded_assets[];
extern const size_t embedded_assets_count;
extern const char *const embedded_asset_urls[];

const struct asset *
asset_find(const char *name)
{
	for (size_t i = 0; i < embedded_assets_count; i++)
		if (strcmp(embedded_assets[i].name, name) == 0)
			return &embedded_assets[i];
	return NULL;
}

const char *
asset_url(const char *name)
{
	for (size_t i = 0; i < embedded_assets_count; i++)
		if (strcmp(embedded_assets[i].name, name) == 0)
			return embedded_asset_urls[i];
	return "/assets/missing";
}

int
assets_serve(struct req *rq)
{
	const struct asset *as = asset_find(req_param(rq, "name"));
	if (as == NULL)
		return req_error(rq, ERR_NOTFOUND);
	rq->cacheable = true;
	req_header(rq, "etag", as->etag);
	if (rq->if_none_match && strstr(rq->if_none_match, as->etag) != NULL)
		return req_bytes(rq, 304, as->type, "", 0);
	return req_bytes(rq, 200, as->type, as->data, as->len);
}
