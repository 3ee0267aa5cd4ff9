/* page_cache.h: one thread's recent answers to GET requests, given again while nothing they were
 * made from can have changed — the same person's session (or visitor's pre-session), language,
 * text size, host and URL, a database at the same version (db_data_version), and less than a
 * second old, so that a page's "overdue at now" or "closes in 3 days" is never older than that.
 * (Once past its second, the first request makes it again, and the few that come meanwhile still
 * get the old one: a page is so at most two seconds old, and only while the database is as it
 * was.)
 *
 * Why: a list page is two-thirds SQLite and HTML escaping, and the same page asked again by the
 * same person (a reload, the back button, the office screen that refreshes the turnout, a
 * burst of clicks from one WeChat message) was made again from an unchanged database.
 *
 * What is never kept: anything but a 200 to a GET (HEAD included: it is answered fresh), an
 * answer that sets a cookie (a new visitor's first page sets their pre-session, whose CSRF token
 * its forms carry), a request with If-None-Match, a bearer token's request, a route marked
 * FRESH (the health check), an answer made while the database changed (the request wrote, or
 * another connection committed), and one bigger than PAGE_CACHE_BODY_MAX. Nothing is shared
 * between two sessions; anonymous answers without a cookie (JSON, spreadsheets) are shared by
 * every cookieless visitor, as they carry no token.
 *
 * Each event loop owns one, for its own connection; a page made on the worker pool is asked for
 * and kept by the loop that took the request (dispatch_before), with the version read on the
 * loop's connection before and after the worker ran. SQLite only: PostgreSQL has no
 * data_version, and page_cache_new returns NULL there (no cache; every page is made afresh).
 * Memory: at most PAGE_CACHE_BYTES per loop. */
#ifndef YL_PAGE_CACHE_H
#define YL_PAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct req;

#define PAGE_CACHE_TTL_MS 1000
#define PAGE_CACHE_BODY_MAX (256 * 1024)
#define PAGE_CACHE_BYTES (2 * 1024 * 1024)

struct page_cache;

/* A cache for the thread that uses db; NULL when db cannot say its version (PostgreSQL) or out
 * of memory, which both mean "no cache". */
struct page_cache *page_cache_new(struct db *db);
void page_cache_free(struct page_cache *pc);

/* Just before the handler: answers rq from its thread's cache (true: status, type, headers and
 * body are set, "x-cache: hit" among them, and the handler is not run), or notes the key and
 * version to keep the answer under (false). Does nothing when rq->page_cache is NULL or the
 * request is not one to keep. */
bool page_cache_serve(struct req *rq);

/* After the handler and db_idle, on the thread of page_cache_serve: keeps rq's answer when it
 * is one to keep and the database is still at the version page_cache_serve read. */
void page_cache_keep(struct req *rq);

#endif
