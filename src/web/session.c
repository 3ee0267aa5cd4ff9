/* session.c: session cookies, bearer tokens, CSRF tokens and per-visitor preferences. */
#include "session.h"
#include "req.h"
#include "../core/arena.h"
#include "../core/secret.h"
#include "../store/accounts.h"
#include "../store/db.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

static unsigned char csrf_key[32];

bool
session_init(struct db *db)
{
	struct arena *a = arena_new();
	const char *hex = NULL;
	enum yl_err rc = store_setting_get(db, a, "csrf_key", &hex);
	if (rc == ERR_NOTFOUND) {
		unsigned char k[32];
		char out[65];
		randombytes_buf(k, sizeof k);
		sodium_bin2hex(out, sizeof out, k, sizeof k);
		/* another process on the same PostgreSQL database may be doing this at the same
		 * moment: the first key written is the one every process must use */
		rc = store_setting_add(db, "csrf_key", out);
		if (rc == YL_OK)
			rc = store_setting_get(db, a, "csrf_key", &hex);
	}
	size_t len = 0;
	bool ok = rc == YL_OK &&
	          sodium_hex2bin(csrf_key, sizeof csrf_key, hex, strlen(hex), NULL, &len, NULL) == 0 &&
	          len == sizeof csrf_key;
	arena_free(a);
	return ok;
}

static enum yl_err
load_actor(struct req *rq, int64_t account_id)
{
	struct account acc;
	enum yl_err rc = store_account_get(rq->db, rq->a, account_id, &acc);
	if (rc != YL_OK)
		return rc;
	if (acc.disabled)
		return ERR_NOTFOUND;
	rq->actor.id = acc.id;
	rq->actor.name = acc.name;
	rq->actor.display_name = acc.display_name;
	/* Signed in, the account's choices follow the person to every device. */
	int l = lang_from_code(acc.lang);
	if (l >= 0)
		rq->lang = (enum lang)l;
	rq->large_text = acc.large_text;
	return store_grants_load(rq->db, rq->a, acc.id, &rq->actor.grants, &rq->actor.ngrants);
}

static void
visitor_prefs(struct req *rq)
{
	int l = lang_from_code(req_cookie(rq, LANG_COOKIE));
	rq->lang = l >= 0 ? (enum lang)l : i18n_negotiate(rq->accept_language);
	const char *large = req_cookie(rq, LARGE_COOKIE);
	rq->large_text = large != NULL && strcmp(large, "1") == 0;
}

enum yl_err
session_resolve(struct req *rq)
{
	visitor_prefs(rq);
	if (rq->is_api && rq->authorization && strncasecmp(rq->authorization, "Bearer ", 7) == 0) {
		const char *tok = rq->authorization + 7;
		while (*tok == ' ')
			tok++;
		char hash[SECRET_HASH_HEX + 1];
		secret_hash(tok, strlen(tok), hash);
		int64_t id;
		enum yl_err rc = store_token_lookup(rq->db, hash, &id);
		if (rc == YL_OK)
			rc = load_actor(rq, id);
		if (rc != YL_OK) {
			memset(&rq->actor, 0, sizeof rq->actor);
			return rc == ERR_INTERNAL ? rc : ERR_UNAUTH;
		}
		rq->actor.via = AUTH_BEARER;
		return YL_OK;
	}
	const char *cookie = req_cookie(rq, SESSION_COOKIE);
	if (cookie == NULL || strlen(cookie) != SECRET_TOKEN_CHARS)
		return YL_OK;
	char hash[SECRET_HASH_HEX + 1];
	secret_hash(cookie, strlen(cookie), hash);
	int64_t id, seen, now = db_now();
	enum yl_err rc = store_session_lookup(rq->db, hash, now, SESSION_IDLE, SESSION_MAX_AGE, &id, &seen);
	if (rc == ERR_NOTFOUND)
		return YL_OK;
	if (rc == YL_OK)
		rc = load_actor(rq, id);
	if (rc != YL_OK) {
		memset(&rq->actor, 0, sizeof rq->actor);
		return rc == ERR_NOTFOUND ? YL_OK : rc;
	}
	rq->actor.via = AUTH_COOKIE;
	memcpy(rq->actor.session_hash, hash, sizeof hash);
	/* Record use at most every five minutes: a write per page view would halve throughput. */
	if (now - seen > 300)
		store_session_touch(rq->db, hash, now);
	return YL_OK;
}

enum yl_err
session_start(struct req *rq, int64_t account_id)
{
	if (rq->actor.via == AUTH_COOKIE)
		store_session_delete(rq->db, rq->actor.session_hash);
	char tok[SECRET_TOKEN_CHARS + 1], hash[SECRET_HASH_HEX + 1];
	secret_token(tok);
	secret_hash(tok, strlen(tok), hash);
	enum yl_err rc = store_session_create(rq->db, hash, account_id, db_now());
	if (rc != YL_OK)
		return rc;
	req_set_cookie(rq, SESSION_COOKIE, arena_strdup(rq->a, tok), 0);
	/* The request now belongs to the new session, so forms on the next page match it. */
	rq->actor.via = AUTH_COOKIE;
	memcpy(rq->actor.session_hash, hash, sizeof hash);
	for (size_t i = 0; i < rq->cookies.n; i++)
		if (strcmp(rq->cookies.v[i].name, SESSION_COOKIE) == 0)
			rq->cookies.v[i].value = arena_strdup(rq->a, tok);
	return YL_OK;
}

enum yl_err
session_end(struct req *rq)
{
	enum yl_err rc = YL_OK;
	if (rq->actor.via == AUTH_COOKIE)
		rc = store_session_delete(rq->db, rq->actor.session_hash);
	req_set_cookie(rq, SESSION_COOKIE, "", -1);
	return rc;
}

/* The cookie the CSRF token is bound to: the live session's, else the pre-session's. */
static const char *
csrf_anchor(struct req *rq, bool create)
{
	if (rq->actor.via == AUTH_COOKIE) {
		for (size_t i = rq->cookies.n; i-- > 0;)
			if (strcmp(rq->cookies.v[i].name, SESSION_COOKIE) == 0)
				return rq->cookies.v[i].value;
	}
	const char *pre = req_cookie(rq, PRESESSION_COOKIE);
	if (pre != NULL && strlen(pre) == SECRET_TOKEN_CHARS)
		return pre;
	if (!create)
		return NULL;
	char tok[SECRET_TOKEN_CHARS + 1];
	secret_token(tok);
	char *t = arena_strdup(rq->a, tok);
	req_set_cookie(rq, PRESESSION_COOKIE, t, 0);
	/* Remember it so a second form on the same page gets the same token. */
	struct kv *v = arena_alloc(rq->a, (rq->cookies.n + 1) * sizeof *v);
	if (rq->cookies.n)
		memcpy(v, rq->cookies.v, rq->cookies.n * sizeof *v);
	memset(&v[rq->cookies.n], 0, sizeof *v);
	v[rq->cookies.n].name = PRESESSION_COOKIE;
	v[rq->cookies.n].value = t;
	rq->cookies.v = v;
	rq->cookies.n++;
	return t;
}

const char *
session_csrf(struct req *rq)
{
	const char *anchor = csrf_anchor(rq, true);
	char mac[SECRET_HASH_HEX + 1];
	secret_mac(csrf_key, anchor, strlen(anchor), mac);
	return arena_strdup(rq->a, mac);
}

bool
session_csrf_ok(struct req *rq)
{
	const char *anchor = csrf_anchor(rq, false);
	if (anchor == NULL)
		return false;
	const char *given = req_form(rq, "csrf");
	if (given == NULL)
		given = rq->csrf_header;
	if (given == NULL)
		return false;
	char mac[SECRET_HASH_HEX + 1];
	secret_mac(csrf_key, anchor, strlen(anchor), mac);
	return secret_equal(mac, given);
}
