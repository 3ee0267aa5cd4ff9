/* page_cache.c: a direct-mapped table of answers, one malloc'd block per answer (key, type,
 * headers and body together), replaced when another key lands in its slot. */
#include "page_cache.h"
#include "req.h"
#include "session.h"
#include "../core/arena.h"
#include "../core/hash.h"
#include "../store/db.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 256 /* power of two; a loop serves a few dozen pages to a few dozen people */

struct entry {
	char *mem;               /* the one block that holds everything below; NULL: empty */
	size_t size;
	const char *key;
	uint64_t hash, version[2];
	int64_t born_ms;
	bool renewing;           /* past its second, one request is making it again */
	int status;
	const char *type;
	const char *hname[REQ_MAX_HEADERS], *hvalue[REQ_MAX_HEADERS];
	size_t nheaders;
	const char *body;
	size_t len;
};

struct page_cache {
	struct db *db;
	struct entry slot[SLOTS];
	size_t bytes;            /* Σ size of the entries held */
};

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct page_cache *
page_cache_new(struct db *db)
{
	uint64_t v[2];
	if (!db_data_version(db, v))
		return NULL;
	struct page_cache *pc = calloc(1, sizeof *pc);
	if (pc)
		pc->db = db;
	return pc;
}

static void
drop(struct page_cache *pc, struct entry *e)
{
	pc->bytes -= e->size;
	free(e->mem);
	memset(e, 0, sizeof *e);
}

void
page_cache_free(struct page_cache *pc)
{
	if (pc == NULL)
		return;
	for (size_t i = 0; i < SLOTS; i++)
		if (pc->slot[i].mem)
			drop(pc, &pc->slot[i]);
	free(pc);
}

static void
add_part(struct buf *b, const char *s)
{
	buf_printf(b, "%zu:", strlen(s));
	buf_adds(b, s);
}

/* Who the answer is for, as the key's first part; NULL when it is not one to keep. A session's
 * pages carry its CSRF token, so each session has its own; a visitor's carry their pre-session's;
 * a cookieless visitor's answer that sets no cookie carries no token and may be shared. */
static const char *
whose(struct req *rq)
{
	switch (rq->actor.via) {
	case AUTH_COOKIE:
		return rq->actor.session_hash;
	case AUTH_NONE: {
		const char *p = req_cookie(rq, PRESESSION_COOKIE);
		return p ? arena_printf(rq->a, "p%s", p) : "-";
	}
	case AUTH_BEARER:
		break;
	}
	return NULL;
}

static bool
wanted(const struct req *rq)
{
	return rq->page_cache != NULL && rq->page_cache->db == rq->db && rq->method == GET && !rq->is_head &&
	       !(rq->route->flags & FRESH) && (rq->if_none_match == NULL || rq->if_none_match[0] == '\0');
}

bool
page_cache_serve(struct req *rq)
{
	rq->cache_note.key = NULL;
	if (!wanted(rq))
		return false;
	const char *who = whose(rq);
	if (who == NULL || !db_data_version(rq->db, rq->cache_note.version))
		return false;
	struct buf k;
	buf_init(&k, rq->a, 256);
	add_part(&k, who);
	buf_printf(&k, "%d%d%d", (int)rq->lang, rq->large_text ? 1 : 0, rq->tls ? 1 : 0);
	add_part(&k, rq->host);
	add_part(&k, rq->path);
	add_part(&k, rq->query_string);
	rq->cache_note.key = k.p;
	rq->cache_note.hash = hash_str(rq->cache_note.key);
	rq->cache_note.born_ms = now_ms();

	struct page_cache *pc = rq->page_cache;
	struct entry *e = &pc->slot[rq->cache_note.hash & (SLOTS - 1)];
	if (e->mem == NULL || e->hash != rq->cache_note.hash || strcmp(e->key, rq->cache_note.key) != 0)
		return false;
	if (e->version[0] != rq->cache_note.version[0] || e->version[1] != rq->cache_note.version[1]) {
		drop(pc, e);
		return false;
	}
	/* Past its second, the first request makes the page again; those that come while it does get
	 * this one, which was made from the same database, rather than all making it at once (the 32
	 * connections of a loop queueing on two workers for the arrears page). Should that request
	 * not bring a page back (an error, a write meanwhile), the next one past two seconds tries. */
	int64_t age = rq->cache_note.born_ms - e->born_ms;
	if (age >= PAGE_CACHE_TTL_MS && (!e->renewing || age >= 2 * PAGE_CACHE_TTL_MS)) {
		e->renewing = true;
		return false;
	}
	/* copied into the request's arena, which owns everything a response is made of; the slot is
	 * the next request's to refill */
	rq->status = e->status;
	rq->resp_type = e->type ? arena_strdup(rq->a, e->type) : NULL;
	rq->nheaders = 0;
	for (size_t i = 0; i < e->nheaders; i++)
		req_header(rq, arena_strdup(rq->a, e->hname[i]), arena_strdup(rq->a, e->hvalue[i]));
	req_header(rq, "x-cache", "hit");
	buf_reset(&rq->out);
	buf_add(&rq->out, e->body, e->len);
	rq->cache_note.key = NULL;
	return true;
}

/* Copies s into the block at *at; returns the copy. */
static const char *
put(char **at, const char *s, size_t n)
{
	char *p = *at;
	memcpy(p, s, n);
	p[n] = '\0';
	*at += n + 1;
	return p;
}

void
page_cache_keep(struct req *rq)
{
	const char *key = rq->cache_note.key;
	rq->cache_note.key = NULL;
	if (key == NULL || rq->page_cache == NULL || rq->status != 200 || rq->cacheable || rq->out.len > PAGE_CACHE_BODY_MAX)
		return;
	for (size_t i = 0; i < rq->nheaders; i++)
		if (strcmp(rq->headers[i].name, "set-cookie") == 0)
			return;
	/* the database is still as the handler read it: nobody committed, this request wrote nothing */
	uint64_t v[2];
	if (!db_data_version(rq->db, v) || v[0] != rq->cache_note.version[0] || v[1] != rq->cache_note.version[1])
		return;
	const char *type = rq->resp_type;
	size_t size = strlen(key) + 1 + (type ? strlen(type) + 1 : 0) + rq->out.len + 1;
	for (size_t i = 0; i < rq->nheaders; i++)
		size += strlen(rq->headers[i].name) + 1 + strlen(rq->headers[i].value) + 1;

	struct page_cache *pc = rq->page_cache;
	struct entry *e = &pc->slot[rq->cache_note.hash & (SLOTS - 1)];
	if (e->mem)
		drop(pc, e);
	if (pc->bytes + size > PAGE_CACHE_BYTES)
		return;
	char *at = malloc(size);
	if (at == NULL)
		return;
	e->mem = at;
	e->size = size;
	pc->bytes += size;
	e->key = put(&at, key, strlen(key));
	e->hash = rq->cache_note.hash;
	e->version[0] = v[0];
	e->version[1] = v[1];
	e->born_ms = rq->cache_note.born_ms; /* when the handler began, so "now" on the page is no older */
	e->renewing = false;
	e->status = rq->status;
	e->type = type ? put(&at, type, strlen(type)) : NULL;
	e->nheaders = rq->nheaders;
	for (size_t i = 0; i < rq->nheaders; i++) {
		e->hname[i] = put(&at, rq->headers[i].name, strlen(rq->headers[i].name));
		e->hvalue[i] = put(&at, rq->headers[i].value, strlen(rq->headers[i].value));
	}
	e->body = put(&at, rq->out.p ? rq->out.p : "", rq->out.len);
	e->len = rq->out.len;
}
