/* session.h: who is asking — session cookies, bearer tokens, the CSRF token, and the
 * visitor's language and text-size preferences. */
#ifndef YL_SESSION_H
#define YL_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/result.h"

struct db;
struct req;

#define SESSION_COOKIE "yl_s"
#define PRESESSION_COOKIE "yl_p" /* anonymous visitors' CSRF anchor */
#define LANG_COOKIE "yl_lang"
#define LARGE_COOKIE "yl_large"

/* Sessions end after SESSION_IDLE seconds without use and SESSION_MAX_AGE after login. Many
 * residents are elderly and share no device: a week idle keeps them from re-entering a
 * password daily, thirty days caps a forgotten session on a lost phone. */
#define SESSION_IDLE (7 * 24 * 3600)
#define SESSION_MAX_AGE (30 * 24 * 3600)

/* Loads the installation's CSRF key (creating it on first use). Call once at start-up,
 * before threads; false on a database failure. */
bool session_init(struct db *db);

/* Fills rq->actor (bearer token for /api/, else the session cookie), rq->lang and
 * rq->large_text. A bad or expired credential leaves the request anonymous; for a bearer
 * token that is ERR_UNAUTH (the caller answers 401), for a cookie it is silently dropped. */
enum yl_err session_resolve(struct req *rq);

/* Starts a fresh session for the account (ending the one the request came with, so a
 * session id known before login is worthless after it) and sets the cookie. */
enum yl_err session_start(struct req *rq, int64_t account_id);
/* Ends the request's session and clears the cookie. */
enum yl_err session_end(struct req *rq);

/* The CSRF token forms must echo: a MAC of the session (or pre-session) cookie. Creates the
 * pre-session cookie for anonymous visitors when needed. */
const char *session_csrf(struct req *rq);
/* true when the request carries the right token in the form field "csrf" or the
 * X-CSRF-Token header. */
bool session_csrf_ok(struct req *rq);

#endif
