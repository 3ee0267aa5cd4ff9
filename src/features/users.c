/* users.c: the administrator's accounts page — list, add an account, grant and revoke roles. */
#include "users.h"
#include "../core/arena.h"
#include "../core/names.h"
#include "../core/secret.h"
#include "../core/utf8.h"
#include "../store/accounts.h"
#include "../store/db.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define PAGE_SIZE 50

static void
role_select(struct req *rq, struct html *h, int64_t account)
{
	html_lit(h, "<label class=\"inline-label\" for=\"");
	html_attr(h, arena_printf(rq->a, "role-%lld", (long long)account));
	html_lit(h, "\">");
	html_text(h, T(rq, USERS_ROLE));
	html_lit(h, "</label><select name=\"role\" id=\"");
	html_attr(h, arena_printf(rq->a, "role-%lld", (long long)account));
	html_lit(h, "\">");
	for (int r = 0; r < ROLE__COUNT; r++) {
		html_lit(h, "<option value=\"");
		html_attr(h, role_name((enum role)r));
		html_lit(h, "\">");
		html_text(h, i18n_role(rq->lang, (enum role)r));
		html_lit(h, "</option>");
	}
	html_lit(h, "</select>");
}

static void
community_select(struct req *rq, struct html *h, const struct community_brief *cs, size_t n, int64_t account)
{
	html_lit(h, "<label class=\"inline-label\" for=\"");
	html_attr(h, arena_printf(rq->a, "community-%lld", (long long)account));
	html_lit(h, "\">");
	html_text(h, T(rq, USERS_COMMUNITY));
	html_lit(h, "</label><select name=\"community_id\" id=\"");
	html_attr(h, arena_printf(rq->a, "community-%lld", (long long)account));
	html_lit(h, "\">");
	/* The first community is the usual choice; "all" is only for the administrator role. */
	for (size_t i = 0; i < n; i++) {
		html_lit(h, "<option value=\"");
		html_int(h, cs[i].id);
		html_lit(h, "\">");
		html_text(h, cs[i].name);
		html_lit(h, "</option>");
	}
	html_lit(h, "<option value=\"0\">");
	html_text(h, T(rq, ALL_COMMUNITIES));
	html_lit(h, "</option></select>");
}

static const char *
community_name(struct req *rq, const struct community_brief *cs, size_t n, int64_t id)
{
	for (size_t c = 0; c < n; c++)
		if (cs[c].id == id)
			return cs[c].name;
	return T(rq, ALL_COMMUNITIES);
}

/* The account's roles, each with its revoke button. */
static void
roles_list(struct req *rq, struct html *h, int64_t account, const struct community_brief *cs, size_t ncs)
{
	struct grant *g;
	size_t ng;
	if (store_grants_load(rq->db, rq->a, account, &g, &ng) != YL_OK)
		ng = 0;
	const char *revoke = arena_printf(rq->a, "/admin/users/%lld/roles/revoke", (long long)account);
	html_lit(h, "<ul class=\"roles\">");
	for (size_t k = 0; k < ng; k++) {
		html_lit(h, "<li>");
		html_text(h, i18n_role(rq->lang, g[k].role));
		html_lit(h, " · ");
		html_text(h, community_name(rq, cs, ncs, g[k].community_id));
		form_begin(rq, h, revoke);
		html_lit(h, "<input type=\"hidden\" name=\"role\" value=\"");
		html_attr(h, role_name(g[k].role));
		html_lit(h, "\"><input type=\"hidden\" name=\"community_id\" value=\"");
		html_int(h, g[k].community_id);
		html_lit(h, "\"><button type=\"submit\" class=\"link\">");
		html_text(h, T(rq, USERS_REVOKE));
		html_lit(h, "</button>");
		form_end(h);
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>");
}

/* One box per community, for a grant in several at once (one grant each); "all" last, for the
 * administrator role only. */
static void
community_boxes(struct req *rq, struct html *h, const struct community_brief *cs, size_t n)
{
	html_lit(h, "<fieldset class=\"choices\"><legend>");
	html_text(h, T(rq, USERS_COMMUNITIES));
	html_lit(h, "</legend>");
	for (size_t i = 0; i <= n; i++) {
		int64_t id = i < n ? cs[i].id : 0;
		html_lit(h, "<label><input type=\"checkbox\" name=\"community_id\" value=\"");
		html_int(h, id);
		html_lit(h, "\"> ");
		html_text(h, i < n ? cs[i].name : T(rq, ALL_COMMUNITIES));
		html_lit(h, "</label>");
	}
	html_lit(h, "</fieldset>");
}

static int
page(struct req *rq, const char *notice, bool is_error)
{
	int64_t offset = 0, total = 0;
	const char *off = req_query(rq, "offset"), *q;
	if (off && field_int(rq, "offset", off, MSG_USERS_TITLE, 0, INT32_MAX, false, &offset) < 0)
		return req_fail(rq);
	if (field_text(rq, "q", req_query(rq, "q"), MSG_USERS_SEARCH, 64, false, &q) < 0)
		return req_fail(rq);
	struct account *items;
	size_t n;
	struct community_brief *cs;
	size_t ncs;
	enum yl_err rc = store_account_list(rq->db, rq->a, q, PAGE_SIZE, offset, &items, &n, &total);
	if (rc == YL_OK)
		rc = store_community_list(rq->db, rq->a, &cs, &ncs);
	if (rc != YL_OK)
		return req_error(rq, rc);

	struct html h;
	page_begin(rq, &h, T(rq, USERS_TITLE));
	if (notice)
		page_notice(&h, notice, is_error);
	else if (req_query(rq, "done")) {
		const char *d = req_query(rq, "done");
		page_notice(&h, strcmp(d, "added") == 0     ? T(rq, USERS_ADDED)
		                : strcmp(d, "granted") == 0 ? T(rq, USERS_GRANTED)
		                : strcmp(d, "revoked") == 0 ? T(rq, USERS_REVOKED)
		                                            : T(rq, ACCOUNT_PREFS_SAVED),
		            false);
	}

	html_lit(&h, "<h2>");
	html_text(&h, T(rq, USERS_ADD_TITLE));
	html_lit(&h, "</h2>");
	form_begin(rq, &h, "/admin/users");
	form_input(&h, "user", T(rq, LOGIN_USER), "text", NULL, true, "off");
	form_input(&h, "display_name", T(rq, ACCOUNT_DISPLAY), "text", NULL, false, "off");
	form_input(&h, "password", T(rq, ACCOUNT_PW_NEW), "password", NULL, true, "new-password");
	form_submit(&h, T(rq, USERS_ADD_SUBMIT));
	form_end(&h);

	html_lit(&h, "<form class=\"filters\" method=\"get\" action=\"/admin/users\">");
	form_input(&h, "q", T(rq, USERS_SEARCH), "search", q, false, "off");
	form_submit(&h, T(rq, REG_FILTER));
	html_lit(&h, "</form><h2>");
	html_text(&h, req_tn(rq, MSG_USERS_COUNT, total, (int)total));
	html_lit(&h, "</h2><table class=\"list\"><thead><tr><th scope=\"col\">");
	html_text(&h, T(rq, LOGIN_USER));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, ACCOUNT_DISPLAY));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, USERS_ROLES));
	html_lit(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(&h, "<tr><td>");
		html_text(&h, items[i].name);
		html_lit(&h, "</td><td>");
		html_text(&h, items[i].display_name);
		html_lit(&h, "</td><td>");
		roles_list(rq, &h, items[i].id, cs, ncs);
		form_begin(rq, &h, arena_printf(rq->a, "/admin/users/%lld/roles", (long long)items[i].id));
		role_select(rq, &h, items[i].id);
		community_select(rq, &h, cs, ncs, items[i].id);
		html_lit(&h, "<button type=\"submit\" class=\"btn small\">");
		html_text(&h, T(rq, USERS_GRANT));
		html_lit(&h, "</button>");
		form_end(&h);
		/* several communities at once (district staff) on the account's own page */
		html_lit(&h, "<a href=\"");
		html_url(&h, arena_printf(rq->a, "/admin/users/%lld", (long long)items[i].id));
		html_lit(&h, "\">");
		html_text(&h, T(rq, USERS_MANAGE));
		html_lit(&h, "</a></td></tr>");
	}
	html_lit(&h, "</tbody></table>");
	if (offset + PAGE_SIZE < total) {
		html_lit(&h, "<p><a href=\"");
		struct buf next;
		buf_init(&next, rq->a, 64);
		buf_printf(&next, "/admin/users?offset=%lld&q=", (long long)(offset + PAGE_SIZE));
		url_encode(&next, q, strlen(q));
		html_url(&h, next.p);
		html_lit(&h, "\">");
		html_text(&h, T(rq, NEXT_PAGE));
		html_lit(&h, "</a></p>");
	}
	return page_end(rq, &h);
}

int
users_page(struct req *rq)
{
	return page(rq, NULL, false);
}

/* Re-shows the page with the error for a form, keeping the status of the problem. */
static int
form_failed(struct req *rq)
{
	int status = rq->err == ERR_CONFLICT ? 409 : rq->err == ERR_MALFORMED ? 400 : 422;
	const char *msg = rq->err_message;
	rq->err = YL_OK;
	rq->status = status;
	return page(rq, msg, true);
}

int
users_add_form(struct req *rq)
{
	const char *user, *display, *pw;
	if (field_text(rq, "user", req_form(rq, "user"), MSG_FIELD_USER, 64, true, &user) < 0 ||
	    field_text(rq, "display_name", req_form(rq, "display_name"), MSG_FIELD_DISPLAY, 64, false, &display) < 0 ||
	    field_text(rq, "password", req_form(rq, "password"), MSG_FIELD_PASSWORD, 256, true, &pw) < 0)
		return form_failed(rq);
	if (!account_name_valid(user)) {
		req_invalid(rq, "user", T(rq, ERR_USER_NAME));
		return form_failed(rq);
	}
	if (utf8_chars(pw, strlen(pw)) < SECRET_PASSWORD_MIN_CHARS) {
		req_invalid(rq, "password", T(rq, ERR_PASSWORD_SHORT));
		return form_failed(rq);
	}
	char hash[SECRET_PWHASH_MAX];
	if (!secret_password_hash(pw, strlen(pw), hash))
		return req_error(rq, ERR_INTERNAL);
	int64_t id = 0;
	enum yl_err rc = store_begin(rq->db);
	if (rc == YL_OK) {
		rc = store_account_create(rq->db, user, display, hash, &id);
		if (rc == YL_OK)
			rc = req_audit(rq, 0, "account.create", "account", id, json_pack("{s:s}", "name", user));
		rc = store_end(rq->db, rc);
	}
	if (rc == ERR_CONFLICT) {
		req_errorf(rq, ERR_CONFLICT, "exists", "user", T(rq, ERR_USER_EXISTS));
		return form_failed(rq);
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, "/admin/users?done=added");
}

/* One account's page: its roles, and a grant in one community or several at once. */
static int
account_page(struct req *rq, const char *notice, bool is_error)
{
	struct account acc;
	struct community_brief *cs;
	size_t ncs;
	int64_t id = req_param_id(rq, "id");
	enum yl_err rc = id ? store_account_get(rq->db, rq->a, id, &acc) : ERR_NOTFOUND;
	if (rc == YL_OK)
		rc = store_community_list(rq->db, rq->a, &cs, &ncs);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_USERS_ROLES_OF, acc.name));
	if (notice)
		page_notice(&h, notice, is_error);
	else if (req_query(rq, "done"))
		page_notice(&h, strcmp(req_query(rq, "done"), "revoked") == 0 ? T(rq, USERS_REVOKED) : T(rq, USERS_GRANTED),
		            false);
	if (acc.display_name[0]) {
		html_lit(&h, "<p class=\"lead\">");
		html_text(&h, acc.display_name);
		html_lit(&h, "</p>");
	}
	html_lit(&h, "<h2>");
	html_text(&h, T(rq, USERS_ROLES));
	html_lit(&h, "</h2>");
	roles_list(rq, &h, id, cs, ncs);
	html_lit(&h, "<h2>");
	html_text(&h, T(rq, USERS_GRANT));
	html_lit(&h, "</h2>");
	form_begin(rq, &h, arena_printf(rq->a, "/admin/users/%lld/roles", (long long)id));
	html_lit(&h, "<p class=\"field\">");
	role_select(rq, &h, id);
	html_lit(&h, "</p>");
	community_boxes(rq, &h, cs, ncs);
	form_submit(&h, T(rq, USERS_GRANT));
	form_end(&h);
	html_lit(&h, "<p><a href=\"/admin/users\">");
	html_text(&h, T(rq, USERS_BACK));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
users_account_page(struct req *rq)
{
	return account_page(rq, NULL, false);
}

/* Reads and checks the role and the communities of a grant or revoke form: one community_id,
 * or several (district staff are granted their role once in each community they oversee).
 * The ids come back sorted and without repeats. */
static int
role_fields(struct req *rq, int64_t *account, enum role *role, int64_t **cids, size_t *ncids)
{
	*account = req_param_id(rq, "id");
	struct account acc;
	enum yl_err rc = *account ? store_account_get(rq->db, rq->a, *account, &acc) : ERR_NOTFOUND;
	if (rc != YL_OK)
		return req_error(rq, rc);
	int r = role_from_name(req_form(rq, "role") ? req_form(rq, "role") : "");
	if (r < 0)
		return req_invalid(rq, "role", T(rq, ERR_BAD_ROLE));
	*role = (enum role)r;
	*cids = arena_alloc(rq->a, (rq->form.n + 1) * sizeof **cids);
	*ncids = 0;
	for (size_t i = 0; i < rq->form.n; i++) {
		if (strcmp(rq->form.v[i].name, "community_id") != 0)
			continue;
		int64_t cid;
		if (field_int(rq, "community_id", rq->form.v[i].value, MSG_FIELD_COMMUNITY, 0, INT64_MAX / 2, true, &cid) < 0)
			return -1;
		struct community_brief c;
		if (cid != 0 && store_community_brief(rq->db, rq->a, cid, &c) != YL_OK)
			return req_invalid(rq, "community_id", T(rq, ERR_BAD_COMMUNITY));
		/* Only the administrator is installation-wide; every other role lives in a community. */
		if ((*role == ROLE_ADMIN) != (cid == 0))
			return req_invalid(rq, "community_id", T(rq, ERR_ROLE_NEEDS_COMMUNITY));
		size_t k = *ncids;
		while (k > 0 && (*cids)[k - 1] > cid) /* insertion: the form has a few hundred at most */
			k--;
		if (k > 0 && (*cids)[k - 1] == cid)
			continue;
		memmove(*cids + k + 1, *cids + k, (*ncids - k) * sizeof **cids);
		(*cids)[k] = cid;
		(*ncids)++;
	}
	int64_t none;
	if (*ncids == 0) /* nothing ticked: "community is required" */
		return field_int(rq, "community_id", NULL, MSG_FIELD_COMMUNITY, 0, 0, true, &none);
	return 0;
}

/* A refused grant or revoke: the account's page again with the problem, or 404 for no account. */
static int
roles_failed(struct req *rq)
{
	if (rq->err == ERR_NOTFOUND)
		return req_fail(rq);
	int status = rq->err == ERR_CONFLICT ? 409 : rq->err == ERR_MALFORMED ? 400 : 422;
	const char *msg = rq->err_message;
	rq->err = YL_OK;
	rq->status = status;
	return account_page(rq, msg, true);
}

int
users_grant_form(struct req *rq)
{
	int64_t account, *cids;
	size_t n;
	enum role role;
	if (role_fields(rq, &account, &role, &cids, &n) < 0)
		return roles_failed(rq);
	/* One transaction for all of them, each grant with its audit row in its community's chain.
	 * The ids are in ascending order, so on PostgreSQL the chains' locks are always taken in
	 * the same order and two such grants cannot deadlock. */
	enum yl_err rc = store_begin(rq->db);
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		enum yl_err g = store_role_grant(rq->db, account, role, cids[i]);
		if (g == ERR_CONFLICT) /* held already: nothing changes, nothing to record */
			continue;
		rc = g;
		if (rc == YL_OK)
			rc = req_audit(rq, cids[i], "role.grant", "account", account,
			               json_pack("{s:s, s:I}", "role", role_name(role), "community_id", (json_int_t)cids[i]));
	}
	rc = store_end(rq->db, rc);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, arena_printf(rq->a, "/admin/users/%lld?done=granted", (long long)account));
}

int
users_revoke_form(struct req *rq)
{
	int64_t account, *cids;
	size_t n;
	enum role role;
	if (role_fields(rq, &account, &role, &cids, &n) < 0)
		return roles_failed(rq);
	enum yl_err rc = store_begin(rq->db);
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		rc = store_role_revoke(rq->db, account, role, cids[i]);
		if (rc == YL_OK)
			rc = req_audit(rq, cids[i], "role.revoke", "account", account,
			               json_pack("{s:s, s:I}", "role", role_name(role), "community_id", (json_int_t)cids[i]));
	}
	rc = store_end(rq->db, rc);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, arena_printf(rq->a, "/admin/users/%lld?done=revoked", (long long)account));
}
