/* account.c: my account page (change password, language, large text), GET /api/v1/me. */
#include "account.h"
#include "../core/arena.h"
#include "../core/secret.h"
#include "../core/utf8.h"
#include "../store/accounts.h"
#include "../store/db.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"
#include "../web/session.h"
#include "../web/throttle.h"

#include <jansson.h>
#include <string.h>

void
account_roles_list(struct req *rq, struct html *h)
{
	if (rq->actor.ngrants == 0) {
		html_lit(h, "<p>");
		html_text(h, T(rq, HOME_NO_ROLES));
		html_lit(h, "</p>");
		return;
	}
	html_lit(h, "<ul class=\"roles\">");
	int district = 0;
	for (size_t i = 0; i < rq->actor.ngrants; i++) {
		const struct grant *g = &rq->actor.grants[i];
		if (g->role == ROLE_DISTRICT) { /* one per community overseen, hundreds: counted below */
			district++;
			continue;
		}
		html_lit(h, "<li>");
		html_text(h, i18n_role(rq->lang, g->role));
		html_lit(h, " · ");
		struct community_brief c;
		if (g->community_id == 0)
			html_text(h, T(rq, ALL_COMMUNITIES));
		else if (store_community_brief(rq->db, rq->a, g->community_id, &c) == YL_OK)
			html_text(h, c.name);
		html_lit(h, "</li>");
	}
	if (district) {
		html_lit(h, "<li><a href=\"/district\">");
		html_text(h, req_tn(rq, MSG_ROLES_DISTRICT_COUNT, district, i18n_role(rq->lang, ROLE_DISTRICT), district));
		html_lit(h, "</a></li>");
	}
	html_lit(h, "</ul>");
}

static int
page(struct req *rq, const char *notice, bool is_error)
{
	struct html h;
	page_begin(rq, &h, T(rq, ACCOUNT_TITLE));
	if (notice)
		page_notice(&h, notice, is_error);
	else if (req_query(rq, "saved"))
		page_notice(&h, T(rq, ACCOUNT_PW_DONE), false);
	html_lit(&h, "<dl class=\"facts\"><dt>");
	html_text(&h, T(rq, ACCOUNT_NAME));
	html_lit(&h, "</dt><dd>");
	html_text(&h, rq->actor.name);
	html_lit(&h, "</dd><dt>");
	html_text(&h, T(rq, ACCOUNT_DISPLAY));
	html_lit(&h, "</dt><dd>");
	html_text(&h, rq->actor.display_name);
	html_lit(&h, "</dd></dl><h2>");
	html_text(&h, T(rq, HOME_YOUR_ROLES));
	html_lit(&h, "</h2>");
	account_roles_list(rq, &h);

	html_lit(&h, "<h2>");
	html_text(&h, T(rq, ACCOUNT_PREFS_TITLE));
	html_lit(&h, "</h2>");
	form_begin(rq, &h, "/prefs");
	html_lit(&h, "<input type=\"hidden\" name=\"next\" value=\"/account\">"
	             "<p class=\"field\"><label for=\"f-lang\">");
	html_text(&h, T(rq, LANG_LABEL));
	html_lit(&h, "</label><select id=\"f-lang\" name=\"lang\"><option value=\"zh-CN\"");
	if (rq->lang == LANG_ZH)
		html_lit(&h, " selected");
	html_lit(&h, ">中文</option><option value=\"en\"");
	if (rq->lang == LANG_EN)
		html_lit(&h, " selected");
	html_lit(&h, ">English</option></select></p><p class=\"field\"><label for=\"f-large\">");
	html_text(&h, T(rq, ACCOUNT_LARGE_LABEL));
	html_lit(&h, "</label><select id=\"f-large\" name=\"large\"><option value=\"1\"");
	if (rq->large_text)
		html_lit(&h, " selected");
	html_lit(&h, ">");
	html_text(&h, T(rq, YES));
	html_lit(&h, "</option><option value=\"0\"");
	if (!rq->large_text)
		html_lit(&h, " selected");
	html_lit(&h, ">");
	html_text(&h, T(rq, NO));
	html_lit(&h, "</option></select></p>");
	form_submit(&h, T(rq, SAVE));
	form_end(&h);

	html_lit(&h, "<h2>");
	html_text(&h, T(rq, ACCOUNT_PW_TITLE));
	html_lit(&h, "</h2>");
	form_begin(rq, &h, "/account/password");
	form_input(&h, "current", T(rq, ACCOUNT_PW_CURRENT), "password", NULL, true, "current-password");
	form_input(&h, "new", T(rq, ACCOUNT_PW_NEW), "password", NULL, true, "new-password");
	form_input(&h, "repeat", T(rq, ACCOUNT_PW_REPEAT), "password", NULL, true, "new-password");
	form_submit(&h, T(rq, ACCOUNT_PW_SUBMIT));
	form_end(&h);
	return page_end(rq, &h);
}

int
account_page(struct req *rq)
{
	return page(rq, NULL, false);
}

int
account_password_form(struct req *rq)
{
	const char *cur = req_form(rq, "current"), *nw = req_form(rq, "new"), *rep = req_form(rq, "repeat");
	const char *problem = NULL;
	struct account acc;
	enum yl_err rc = store_account_get(rq->db, rq->a, rq->actor.id, &acc);
	if (rc != YL_OK)
		return req_error(rq, rc);
	/* A stolen session must not become a free password-guessing oracle: wrong current
	 * passwords count against the account exactly like wrong logins. */
	const char *akey = throttle_account_key(rq, acc.name);
	int64_t wait = throttle_wait(rq, akey, 5);
	if (wait > 0)
		return page(rq, throttle_message(rq, wait), true);
	if (cur == NULL || acc.pw_hash == NULL || !secret_password_verify(acc.pw_hash, cur, strlen(cur))) {
		throttle_fail(rq, akey, NULL);
		problem = T(rq, ACCOUNT_PW_WRONG);
	}
	else if (nw == NULL || !utf8_valid(nw, strlen(nw)) || utf8_chars(nw, strlen(nw)) < SECRET_PASSWORD_MIN_CHARS)
		problem = T(rq, ERR_PASSWORD_SHORT);
	else if (strlen(nw) > SECRET_PASSWORD_MAX_BYTES)
		problem = T(rq, ERR_PASSWORD_LONG);
	else if (rep == NULL || strcmp(nw, rep) != 0)
		problem = T(rq, ACCOUNT_PW_MISMATCH);
	if (problem) {
		rq->status = 422;
		return page(rq, problem, true);
	}
	store_login_failures_clear(rq->db, akey);
	char hash[SECRET_PWHASH_MAX];
	if (!secret_password_hash(nw, strlen(nw), hash))
		return req_error(rq, ERR_INTERNAL);
	rc = store_begin(rq->db);
	if (rc == YL_OK) {
		rc = store_account_set_password(rq->db, rq->actor.id, hash);
		/* A changed password ends every other session: the reason to change it may be a
		 * phone left behind somewhere. */
		if (rc == YL_OK)
			rc = store_sessions_end_others(rq->db, rq->actor.id, rq->actor.session_hash);
		if (rc == YL_OK)
			rc = req_audit(rq, 0, "account.password", "account", rq->actor.id, NULL);
		rc = store_end(rq->db, rc);
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, "/account?saved=1");
}

int
account_me_api(struct req *rq)
{
	json_t *roles = json_array();
	for (size_t i = 0; i < rq->actor.ngrants; i++)
		json_array_append_new(roles, json_pack("{s:s, s:I}", "role", role_name(rq->actor.grants[i].role),
		                                       "community_id", (json_int_t)rq->actor.grants[i].community_id));
	return req_json(rq, 200, json_pack("{s:s, s:s, s:s, s:o}", "user", rq->actor.name, "display_name",
	                                   rq->actor.display_name ? rq->actor.display_name : "", "language",
	                                   lang_code(rq->lang), "roles", roles));
}
