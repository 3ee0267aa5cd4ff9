/* activation.c: printing activation slips per building (a one-time code and its QR code per
 * unit) and claiming an account with a code. Codes are stored hashed, expire, work once, and
 * wrong guesses are throttled per address like logins. */
#include "activation.h"
#include "../core/arena.h"
#include "../core/code.h"
#include "../core/names.h"
#include "../core/secret.h"
#include "../core/timefmt.h"
#include "../core/utf8.h"
#include "../store/accounts.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/qr.h"
#include "../web/req.h"
#include "../web/session.h"

#include <jansson.h>
#include <string.h>

#define CODE_DAYS 30
#define CLAIM_WINDOW (15 * 60)
#define CLAIM_FAILURES 10

int
codes_page(struct req *rq)
{
	struct building *bs;
	size_t nb;
	enum yl_err rc = store_buildings(rq->db, rq->a, rq->community_id, &bs, &nb);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, CODES_TITLE));
	html_lit(&h, "<p>");
	html_text(&h, req_tn(rq, MSG_CODES_HELP, CODE_DAYS, CODE_DAYS));
	html_lit(&h, "</p>");
	form_begin(rq, &h, "/registry/codes");
	html_lit(&h, "<p class=\"field\"><label for=\"f-building\">");
	html_text(&h, T(rq, REG_BUILDING));
	html_lit(&h, "</label><select id=\"f-building\" name=\"building_id\">");
	for (size_t i = 0; i < nb; i++) {
		struct target t = {rq->community_id, bs[i].id, 0, false};
		if (!req_allowed(rq, PERM_CODES_PRINT, &t))
			continue;
		html_lit(&h, "<option value=\"");
		html_int(&h, bs[i].id);
		html_lit(&h, "\">");
		html_text(&h, bs[i].name);
		html_lit(&h, " (");
		html_int(&h, bs[i].units);
		html_lit(&h, ")</option>");
	}
	html_lit(&h, "</select></p><p class=\"field\"><label for=\"f-role\">");
	html_text(&h, T(rq, UNIT_RESIDENT_KIND));
	html_lit(&h, "</label><select id=\"f-role\" name=\"role\"><option value=\"owner\" selected>");
	html_text(&h, T(rq, ROLE_OWNER));
	html_lit(&h, "</option><option value=\"resident\">");
	html_text(&h, T(rq, ROLE_RESIDENT));
	html_lit(&h, "</option></select></p>");
	form_submit(&h, T(rq, CODES_GENERATE));
	form_end(&h);
	return page_end(rq, &h);
}

static void
slip(struct req *rq, struct html *h, const struct unit *u, const char *code, const char *claim_base,
     const char *expires)
{
	const char *url = arena_printf(rq->a, "%s?code=%s", claim_base, code);
	html_lit(h, "<section class=\"slip\"><h2>");
	html_text(h, rq->community_name);
	html_lit(h, " · ");
	html_text(h, u->building);
	html_text(h, u->stairwell);
	html_lit(h, " ");
	html_text(h, u->room);
	html_lit(h, "</h2><div class=\"slip-body\">");
	qr_svg(h, url, T(rq, CLAIM_TITLE));
	html_lit(h, "<div><p class=\"code\">");
	html_text(h, code);
	html_lit(h, "</p><p>");
	html_text(h, req_tf(rq, MSG_CODES_SLIP_TEXT, claim_base));
	html_lit(h, "</p><p>");
	html_text(h, req_tf(rq, MSG_CODES_SLIP_EXPIRES, expires));
	html_lit(h, "</p></div></div></section>");
}

int
codes_print_form(struct req *rq)
{
	int64_t bid;
	if (field_int(rq, "building_id", req_form(rq, "building_id"), MSG_REG_BUILDING, 1, INT64_MAX / 2, true, &bid) < 0)
		return req_fail(rq);
	const char *role = req_form(rq, "role");
	if (role == NULL || (strcmp(role, "owner") != 0 && strcmp(role, "resident") != 0))
		return req_invalid(rq, "role", req_tf(rq, MSG_ERR_BAD_CHOICE, T(rq, UNIT_RESIDENT_KIND)));
	struct target t = {rq->community_id, bid, 0, false};
	if (!req_allowed(rq, PERM_CODES_PRINT, &t))
		return req_error(rq, ERR_FORBIDDEN);
	struct unit_filter f = {.building_id = bid, .status = -1, .limit = 1000};
	struct unit *units;
	size_t n;
	int64_t total;
	enum yl_err rc = store_units(rq->db, rq->a, rq->community_id, &f, &units, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (n == 0)
		return req_error(rq, ERR_NOTFOUND);

	int64_t now = db_now(), expires_at = now + CODE_DAYS * 86400;
	char (*codes)[CODE_PRINTED + 1] = arena_alloc(rq->a, n * sizeof *codes);
	rc = store_begin_community(rq->db, rq->community_id);
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		char canon[CODE_CHARS + 1], hash[SECRET_HASH_HEX + 1];
		code_new(codes[i]);
		code_normalise(codes[i], canon);
		secret_hash(canon, CODE_CHARS, hash);
		rc = store_code_add(rq->db, rq->community_id, units[i].id, role, hash, now, expires_at);
	}
	/* One row for the sheet; the codes themselves are never recorded anywhere in clear. */
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "codes.print", "building", bid,
		               json_pack("{s:I, s:s}", "units", (json_int_t)n, "role", role));
	rc = store_end(rq->db, rc);
	if (rc != YL_OK)
		return req_error(rq, rc);

	const char *base = arena_printf(rq->a, "%s://%s/claim", rq->tls ? "https" : "http", rq->host);
	char expires[11];
	date_local(expires_at, expires);
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_CODES_SHEET_TITLE, units[0].building));
	html_lit(&h, "<p class=\"no-print\"><button type=\"button\" class=\"btn\" data-print>");
	html_text(&h, T(rq, CODES_PRINT));
	html_lit(&h, "</button></p><div class=\"slips\">");
	for (size_t i = 0; i < n; i++)
		slip(rq, &h, &units[i], codes[i], base, expires);
	html_lit(&h, "</div>");
	return page_end(rq, &h);
}

static int
claim_view(struct req *rq, const char *error, const char *code)
{
	struct html h;
	page_begin(rq, &h, T(rq, CLAIM_TITLE));
	if (error)
		page_notice(&h, error, true);
	html_lit(&h, "<p>");
	html_text(&h, T(rq, CLAIM_HELP));
	html_lit(&h, "</p>");
	form_begin(rq, &h, "/claim");
	form_input(&h, "code", T(rq, CLAIM_CODE), "text", code, true, "one-time-code");
	if (rq->actor.id == 0) {
		form_input(&h, "user", T(rq, LOGIN_USER), "text", req_form(rq, "user"), true, "username");
		form_input(&h, "display_name", T(rq, ACCOUNT_DISPLAY), "text", req_form(rq, "display_name"), false, "name");
		form_input(&h, "password", T(rq, ACCOUNT_PW_NEW), "password", NULL, true, "new-password");
		form_input(&h, "repeat", T(rq, ACCOUNT_PW_REPEAT), "password", NULL, true, "new-password");
	}
	form_submit(&h, T(rq, CLAIM_SUBMIT));
	form_end(&h);
	return page_end(rq, &h);
}

int
claim_page(struct req *rq)
{
	const char *code = req_query(rq, "code");
	return claim_view(rq, NULL, code && utf8_chars(code, strlen(code)) <= 20 ? code : NULL);
}

static int
refuse(struct req *rq, int status, const char *msg)
{
	rq->status = status;
	return claim_view(rq, msg, req_form(rq, "code"));
}

int
claim_form(struct req *rq)
{
	int64_t now = db_now(), count = 0, oldest = 0;
	const char *ikey = arena_printf(rq->a, "claim:%s", rq->remote_addr);
	if (store_login_failures(rq->db, ikey, now - CLAIM_WINDOW, &count, &oldest) == YL_OK && count >= CLAIM_FAILURES) {
		int64_t wait = oldest + CLAIM_WINDOW - now;
		req_header(rq, "retry-after", arena_printf(rq->a, "%lld", (long long)wait));
		int minutes = (int)((wait + 59) / 60);
		return refuse(rq, 429, req_tn(rq, MSG_LOGIN_THROTTLED, minutes, minutes));
	}
	char canon[CODE_CHARS + 1], hash[SECRET_HASH_HEX + 1];
	struct code_info ci;
	const char *typed = req_form(rq, "code");
	bool ok = typed && code_normalise(typed, canon);
	if (ok) {
		secret_hash(canon, CODE_CHARS, hash);
		ok = store_code_find(rq->db, rq->a, hash, &ci) == YL_OK && ci.used_at == 0 && ci.expires_at > now;
	}
	if (!ok) {
		if (store_begin(rq->db) == YL_OK)
			store_end(rq->db, store_login_failure_add(rq->db, ikey, now));
		return refuse(rq, 422, T(rq, CLAIM_BAD_CODE));
	}

	const char *user = NULL, *display = NULL, *pw = NULL;
	char pwhash[SECRET_PWHASH_MAX];
	if (rq->actor.id == 0) {
		const char *rep = req_form(rq, "repeat");
		if (field_text(rq, "user", req_form(rq, "user"), MSG_FIELD_USER, 64, true, &user) < 0 ||
		    field_text(rq, "display_name", req_form(rq, "display_name"), MSG_FIELD_DISPLAY, 32, false, &display) < 0 ||
		    field_text(rq, "password", req_form(rq, "password"), MSG_FIELD_PASSWORD, 256, true, &pw) < 0)
			return refuse(rq, 422, rq->err_message);
		if (!account_name_valid(user))
			return refuse(rq, 422, T(rq, ERR_USER_NAME));
		if (utf8_chars(pw, strlen(pw)) < SECRET_PASSWORD_MIN_CHARS)
			return refuse(rq, 422, T(rq, ERR_PASSWORD_SHORT));
		if (rep == NULL || strcmp(rep, pw) != 0)
			return refuse(rq, 422, T(rq, ACCOUNT_PW_MISMATCH));
		if (!secret_password_hash(pw, strlen(pw), pwhash))
			return req_error(rq, ERR_INTERNAL);
	}
	struct unit u;
	enum yl_err rc = store_unit_get(rq->db, rq->a, ci.community_id, ci.unit_id, &u);
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool as_owner = strcmp(ci.role, "owner") == 0;
	int64_t account = rq->actor.id;
	enum msg conflict = MSG_CLAIM_BAD_CODE; /* what a conflict means, by the step that had it */
	rc = store_begin_community(rq->db, ci.community_id);
	if (rc == YL_OK && account == 0) {
		rc = store_account_create(rq->db, user, display, pwhash, &account);
		if (rc == ERR_CONFLICT)
			conflict = MSG_ERR_USER_EXISTS;
		if (rc == YL_OK)
			rc = req_audit(rq, 0, "account.create", "account", account, json_pack("{s:s}", "name", user));
	}
	if (rc == YL_OK)
		rc = store_code_use(rq->db, ci.community_id, ci.id, account, now);
	if (rc == YL_OK) {
		rc = store_role_grant(rq->db, account, as_owner ? ROLE_OWNER : ROLE_RESIDENT, ci.community_id);
		if (rc == ERR_CONFLICT)
			rc = YL_OK; /* a second unit for the same person */
	}
	if (rc == YL_OK)
		rc = as_owner ? store_owner_link(rq->db, ci.community_id, u.owner_id, account)
		              : store_resident_add(rq->db, ci.community_id, u.id, display && *display ? display : user,
		                                   "", true, account, NULL);
	if (rc == YL_OK)
		rc = req_audit(rq, ci.community_id, "account.claim", "unit", u.id,
		               json_pack("{s:I, s:s}", "account_id", (json_int_t)account, "role", ci.role));
	if (rc == YL_OK && rq->actor.id == 0)
		rc = session_start(rq, account);
	enum yl_err end = store_end(rq->db, rc);
	if (end == ERR_CONFLICT)
		return refuse(rq, 409, i18n_get(rq->lang, conflict));
	if (end != YL_OK)
		return req_error(rq, end);
	return req_redirect(rq, "/?welcome=1");
}
