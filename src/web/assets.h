/* assets.h: css, js and icons compiled into the binary (tools/embed.c makes the table). */
#ifndef YL_ASSETS_H
#define YL_ASSETS_H

#include <stddef.h>

struct req;

struct asset {
	const char *name;   /* "app.css" */
	const char *type;   /* "text/css; charset=utf-8" */
	const unsigned char *data;
	size_t len;
	const char *etag;   /* hash of the content, quoted */
};

const struct asset *asset_find(const char *name);
/* "/assets/app.css?v=<hash>": the URL pages use, so a new build busts every cache at once. */
const char *asset_url(const char *name);

/* GET /assets/{name}: long-cached, 304 on a matching If-None-Match. */
int assets_serve(struct req *rq);

#endif
