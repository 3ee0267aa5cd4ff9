/* auth.c: the login page, login with throttling per account and per address, logout, and the
 * 长辈模式 / language switches that every page header posts to. */
#include "auth.h"
#include "../core/arena.h"
#include "../core/secret.h"
#include "../store/accounts.h"
#include "../store/db.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"
#include "../web/session.h"
#include "../web/throttle.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Five wrong passwords for one account, or twenty from one address, within fifteen minutes
 * lock further tries until the oldest of them is fifteen minutes old. Enough for a resident
 * who mistypes, far too few for guessing. */
#define THROTTLE_ACCOUNT 5
#define THROTTLE_ADDRESS 20

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[SECRET_PWHASH_MAX];

static void
make_dummy(void)
{
	secret_password_hash("no such account", 15, dummy_hash);
}

static void
login_form(struct req *rq, struct html *h, const char *user, const char *next)
{
	form_begin(rq, h, "/login");
	html_lit(h, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(h, next);
	html_lit(h, "\">");
	form_input(h, "user", T(rq, LOGIN_USER), "text", user, true, "username");
	form_input(h, "password", T(rq, LOGIN_PASSWORD), "password", NULL, true, "current-password");
	form_submit(h, T(rq, LOGIN_SUBMIT));
	form_end(h);
}

static int
login_page(struct req *rq, const char *error, const char *user, const char *next)
{
	struct html h;
	page_begin(rq, &h, T(rq, LOGIN_TITLE));
	if (error)
		page_notice(&h, error, true);
	else if (req_query(rq, "bye"))
		page_notice(&h, T(rq, LOGGED_OUT), false);
	login_form(rq, &h, user, next);
	return page_end(rq, &h);
}

int
auth_login_page(struct req *rq)
{
	return login_page(rq, NULL, NULL, req_local_path(req_query(rq, "next")));
}

int
auth_login_form(struct req *rq)
{
	const char *user, *pw;
	const char *next = req_local_path(req_form(rq, "next"));
	if (field_text(rq, "user", req_form(rq, "user"), MSG_FIELD_USER, 64, true, &user) < 0 ||
	    field_text(rq, "password", req_form(rq, "password"), MSG_FIELD_PASSWORD, 256, true, &pw) < 0) {
		rq->status = 422;
		return login_page(rq, rq->err_message, req_form(rq, "user"), next);
	}
	/* Names compare without case, so the lock must too: "OWNER" is owner's sixth try. */
	const char *akey = throttle_account_key(rq, user);
	const char *ikey = arena_printf(rq->a, "ip:%s", rq->remote_addr);
	int64_t wait = throttle_wait(rq, akey, THROTTLE_ACCOUNT);
	int64_t wait_ip = throttle_wait(rq, ikey, THROTTLE_ADDRESS);
	if (wait_ip > wait)
		wait = wait_ip;
	if (wait > 0)
		return login_page(rq, throttle_message(rq, wait), user, next);

	struct account acc;
	enum yl_err rc = store_account_by_name(rq->db, rq->a, user, &acc);
	if (rc == ERR_INTERNAL)
		return req_error(rq, rc);
	bool ok;
	if (rc == YL_OK && acc.pw_hash && !acc.disabled) {
		ok = secret_password_verify(acc.pw_hash, pw, strlen(pw));
	} else {
		/* Spend the same time on an unknown name, so timing does not reveal who exists. */
		pthread_once(&dummy_once, make_dummy);
		secret_password_verify(dummy_hash, pw, strlen(pw));
		ok = false;
	}
	if (!ok) {
		throttle_fail(rq, akey, ikey);
		rq->status = 401;
		return login_page(rq, T(rq, LOGIN_FAILED), user, next);
	}
	rc = store_begin(rq->db);
	if (rc == YL_OK) {
		rc = store_login_failures_clear(rq->db, akey);
		if (rc == YL_OK)
			rc = session_start(rq, acc.id);
		rc = store_end(rq->db, rc);
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, next);
}

int
auth_logout_form(struct req *rq)
{
	enum yl_err rc = session_end(rq);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, "/login?bye=1");
}

int
auth_prefs_form(struct req *rq)
{
	const char *lang = req_form(rq, "lang");
	const char *large = req_form(rq, "large");
	int l = lang_from_code(lang);
	if (lang && l < 0)
		return req_invalid(rq, "lang", req_tf(rq, MSG_ERR_BAD_CHOICE, T(rq, LANG_LABEL)));
	if (large && strcmp(large, "0") != 0 && strcmp(large, "1") != 0)
		return req_invalid(rq, "large", req_tf(rq, MSG_ERR_BAD_CHOICE, T(rq, LARGE_ON)));
	if (l >= 0) {
		rq->lang = (enum lang)l;
		req_set_cookie(rq, LANG_COOKIE, lang_code(rq->lang), 365 * 24 * 3600);
	}
	if (large) {
		rq->large_text = large[0] == '1';
		req_set_cookie(rq, LARGE_COOKIE, large, 365 * 24 * 3600);
	}
	if (rq->actor.id) {
		/* Signed in: the choice follows the person to every device. */
		enum yl_err rc = store_account_set_prefs(rq->db, rq->actor.id, lang_code(rq->lang), rq->large_text);
		if (rc != YL_OK)
			return req_error(rq, rc);
	}
	return req_redirect(rq, req_local_path(req_form(rq, "next")));
}
