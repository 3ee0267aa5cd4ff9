/* volunteer_pages.c: the volunteers' pages — cards (亮身份、亮分工、亮承诺), reporting in with a photo,
 * staff's decisions and changes, the yearly hours of Party members, the home page's volunteers of
 * one's building. Rules and writes are in volunteers.c. */
#include "volunteers.h"
#include "volunteers_common.h"
#include "uploads.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/files.h"
#include "../store/registry.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

/* One card ---------------------------------------------------------------------------------------- */

/* level: the card's heading, h2 under the page's h1, h3 inside a section of its own */
static void
card(struct req *rq, struct html *h, const struct vol_roles *roles, const struct volunteer *v, bool link, int level)
{
	html_lit(h, "<article class=\"volunteer-card\">");
	if (*v->photo) {
		html_lit(h, "<img class=\"volunteer-photo\" width=\"96\" height=\"96\" src=\"");
		html_url(h, arena_printf(rq->a, "/volunteers/photos/%lld", (long long)v->id));
		html_lit(h, "\" alt=\"");
		html_attr(h, req_tf(rq, MSG_VO_PHOTO_ALT, v->name));
		html_lit(h, "\">");
	}
	if (level == 3)
		html_lit(h, "<h3>");
	else
		html_lit(h, "<h2>");
	if (link) {
		html_lit(h, "<a href=\"");
		html_url(h, arena_printf(rq->a, "/volunteers/%lld", (long long)v->id));
		html_lit(h, "\">");
	}
	html_text(h, v->name);
	if (link)
		html_lit(h, "</a>");
	if (v->party_member) {
		html_lit(h, " <span class=\"badge party\">");
		html_text(h, T(rq, VO_PARTY_BADGE));
		html_lit(h, "</span>");
	}
	if (level == 3)
		html_lit(h, "</h3>");
	else
		html_lit(h, "</h2>");
	html_lit(h, "<p class=\"roles\">");
	html_text(h, vol_roles_text(rq, roles, v));
	html_lit(h, "</p>");
	if (*v->party_org) {
		html_lit(h, "<p class=\"org\">");
		html_text(h, v->party_org);
		html_lit(h, "</p>");
	}
	html_lit(h, "<p>");
	html_text(h, req_tf(rq, MSG_VO_COVERS, vol_buildings_text(rq, v)));
	html_lit(h, "</p>");
	if (*v->commitment) {
		html_lit(h, "<blockquote class=\"commitment\">");
		html_text(h, req_tf(rq, MSG_VO_COMMITMENT_SAYS, v->commitment));
		html_lit(h, "</blockquote>");
	}
	html_lit(h, "</article>");
}

/* Staff's view of what a card leaves out: phone, skills, availability, state. */
static void
private_details(struct req *rq, struct html *h, const struct volunteer *v)
{
	html_lit(h, "<dl class=\"volunteer-private\"><dt>");
	html_text(h, T(rq, VO_PHONE));
	html_lit(h, "</dt><dd>");
	html_text(h, v->phone);
	html_lit(h, "</dd><dt>");
	html_text(h, T(rq, VO_SKILLS));
	html_lit(h, "</dt><dd>");
	html_text(h, v->skills);
	html_lit(h, "</dd><dt>");
	html_text(h, T(rq, VO_AVAILABILITY));
	html_lit(h, "</dt><dd>");
	html_text(h, v->availability);
	html_lit(h, "</dd></dl><p>");
	char t[20];
	time_local(v->applied_at, t);
	html_text(h, vol_state_text(rq, v->state));
	html_lit(h, " · ");
	html_text(h, req_tf(rq, MSG_VO_APPLIED_AT, t));
	html_lit(h, "</p>");
}

/* Duty roles as boxes (ticked: held or wished) and buildings as one text field. */
static void
duty_fields(struct req *rq, struct html *h, const struct vol_roles *roles, const struct volunteer *v, const char *legend)
{
	html_lit(h, "<input type=\"hidden\" name=\"roles_sent\" value=\"1\"><fieldset><legend>");
	html_text(h, legend);
	html_lit(h, "</legend>");
	for (size_t i = 0; i < roles->n; i++) {
		bool held = false;
		for (size_t k = 0; v && k < v->nroles; k++)
			held = held || strcmp(v->roles[k], roles->v[i].code) == 0;
		html_lit(h, "<label class=\"check\"><input type=\"checkbox\" name=\"roles\" value=\"");
		html_attr(h, roles->v[i].code);
		html_lit(h, "\"");
		if (held)
			html_lit(h, " checked");
		html_lit(h, "> ");
		html_text(h, vol_role_name(rq, roles, roles->v[i].code));
		html_lit(h, "</label> ");
	}
	html_lit(h, "</fieldset>");
	const char *b = "";
	for (size_t i = 0; v && i < v->nbuildings; i++)
		b = arena_printf(rq->a, "%s%s%s", b, i ? "、" : "", v->buildings[i]);
	form_input(h, "buildings", T(rq, VO_BUILDINGS), "text", b, false, "off");
}

static void
decide_forms(struct req *rq, struct html *h, const struct vol_roles *roles, const struct volunteer *v)
{
	const char *scope = h->form_scope;
	h->form_scope = arena_printf(rq->a, "c%lld", (long long)v->id);
	form_begin(rq, h, arena_printf(rq->a, "/volunteers/%lld/confirm", (long long)v->id));
	duty_fields(rq, h, roles, v, T(rq, VO_ROLES));
	form_submit(h, T(rq, VO_CONFIRM));
	form_end(h);
	form_begin(rq, h, arena_printf(rq->a, "/volunteers/%lld/decline", (long long)v->id));
	form_submit(h, T(rq, VO_DECLINE));
	form_end(h);
	h->form_scope = scope;
}

static void
change_forms(struct req *rq, struct html *h, const struct vol_roles *roles, const struct volunteer *v)
{
	form_begin(rq, h, arena_printf(rq->a, "/volunteers/%lld", (long long)v->id));
	duty_fields(rq, h, roles, v, T(rq, VO_ROLES));
	form_submit(h, T(rq, VO_SAVE));
	form_end(h);
	form_begin(rq, h, arena_printf(rq->a, "/volunteers/%lld", (long long)v->id));
	html_lit(h, "<input type=\"hidden\" name=\"state\" value=\"left\">");
	form_submit(h, T(rq, VO_MARK_LEFT));
	form_end(h);
}

static const char *
done_text(struct req *rq)
{
	const char *d = req_query(rq, "done");
	if (d == NULL)
		return NULL;
	if (strcmp(d, "joined") == 0)
		return T(rq, VO_DONE_JOIN);
	if (strcmp(d, "entered") == 0)
		return T(rq, VO_DONE_PAPER);
	if (strcmp(d, "confirmed") == 0)
		return T(rq, VO_DONE_CONFIRM);
	if (strcmp(d, "declined") == 0)
		return T(rq, VO_DONE_DECLINE);
	if (strcmp(d, "saved") == 0)
		return T(rq, VO_DONE_SAVED);
	if (strcmp(d, "target") == 0)
		return T(rq, VO_DONE_TARGET);
	return NULL;
}

static void
notices(struct req *rq, struct html *h, const char *error)
{
	if (error)
		page_notice(h, error, true);
	else if (done_text(rq))
		page_notice(h, done_text(rq), false);
}

/* The list --------------------------------------------------------------------------------------- */

int
volunteers_page(struct req *rq)
{
	const char *s = req_query(rq, "state");
	bool applied = s && strcmp(s, "applied") == 0;
	bool manager = vol_is_manager(rq);
	if (applied && !manager)
		return req_error(rq, ERR_FORBIDDEN);
	struct vol_roles roles;
	struct volunteer *v;
	size_t n;
	if (vol_roles_load(rq, &roles) < 0)
		return -1;
	enum yl_err rc = store_volunteers(rq->db, rq->a, rq->community_id, applied ? VST_APPLIED : VST_CONFIRMED, 0, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, applied ? T(rq, VO_APPLIED_TITLE) : T(rq, VO_TITLE));
	notices(rq, &h, NULL);
	html_lit(&h, "<p>");
	html_text(&h, T(rq, VO_INTRO));
	html_lit(&h, "</p><p class=\"actions\">");
	struct volunteer mine;
	bool registered = rq->actor.id &&
	                  store_volunteer_of_account(rq->db, rq->a, rq->community_id, rq->actor.id, &mine) == YL_OK;
	if (registered) {
		html_lit(&h, "<a href=\"");
		html_url(&h, arena_printf(rq->a, "/volunteers/%lld", (long long)mine.id));
		html_lit(&h, "\">");
		html_text(&h, req_tf(rq, MSG_VO_YOUR_STATE, vol_state_text(rq, mine.state)));
		html_lit(&h, "</a> ");
	}
	if (req_may(rq, PERM_VOLUNTEER_JOIN) &&
	    (!registered || mine.state == VST_DECLINED || mine.state == VST_LEFT)) {
		html_lit(&h, "<a class=\"btn\" href=\"/volunteers/join\">");
		html_text(&h, T(rq, VO_JOIN));
		html_lit(&h, "</a> ");
	}
	if (manager) {
		if (applied)
			html_lit(&h, "<a class=\"btn\" href=\"/volunteers\">");
		else
			html_lit(&h, "<a class=\"btn\" href=\"/volunteers?state=applied\">");
		html_text(&h, applied ? T(rq, VO_SHOW_CARDS) : T(rq, VO_SHOW_APPLIED));
		html_lit(&h, "</a> <a class=\"btn\" href=\"/volunteers/join?paper=1\">");
		html_text(&h, T(rq, VO_PAPER_TITLE));
		html_lit(&h, "</a> <a class=\"btn\" href=\"/volunteers/target\">");
		html_text(&h, T(rq, VO_TARGET_TITLE));
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>");
	if (n == 0) {
		html_lit(&h, "<p>");
		html_text(&h, applied ? T(rq, VO_NONE_APPLIED) : T(rq, VO_NONE));
		html_lit(&h, "</p>");
	}
	html_lit(&h, "<div class=\"volunteer-cards\">");
	for (size_t i = 0; i < n; i++) {
		if (!applied) {
			card(rq, &h, &roles, &v[i], true, 2);
			continue;
		}
		html_lit(&h, "<section class=\"application\">");
		card(rq, &h, &roles, &v[i], true, 2);
		private_details(rq, &h, &v[i]);
		decide_forms(rq, &h, &roles, &v[i]);
		html_lit(&h, "</section>");
	}
	html_lit(&h, "</div>");
	return page_end(rq, &h);
}

/* One volunteer ------------------------------------------------------------------------------------ */

static int
render_volunteer(struct req *rq, const char *error)
{
	struct volunteer v;
	struct vol_roles roles;
	if (vol_load(rq, &v) < 0 || vol_roles_load(rq, &roles) < 0)
		return req_fail(rq);
	struct html h;
	page_begin(rq, &h, v.name);
	notices(rq, &h, error);
	card(rq, &h, &roles, &v, false, 2);
	bool manager = vol_is_manager(rq);
	if (manager || (v.account_id && v.account_id == rq->actor.id))
		private_details(rq, &h, &v);
	if (manager && v.state == VST_APPLIED)
		decide_forms(rq, &h, &roles, &v);
	else if (manager && v.state == VST_CONFIRMED)
		change_forms(rq, &h, &roles, &v);
	html_lit(&h, "<p><a href=\"/volunteers\">");
	html_text(&h, T(rq, VO_BACK));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
volunteer_page(struct req *rq)
{
	return render_volunteer(rq, NULL);
}

/* A form's answer: the volunteer's page with a notice, or again with the error. */
static int
form_answer(struct req *rq, int r, int64_t id, const char *done)
{
	if (r < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		const char *msg = rq->err_message;
		return render_volunteer(rq, msg);
	}
	return req_redirect(rq, arena_printf(rq->a, "/volunteers/%lld?done=%s", (long long)id, done));
}

int
volunteer_confirm_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return form_answer(rq, vol_decide(rq, NULL, true, &id), id, "confirmed");
}

int
volunteer_decline_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return form_answer(rq, vol_decide(rq, NULL, false, &id), id, "declined");
}

int
volunteer_update_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return form_answer(rq, vol_update(rq, NULL, &id), id, "saved");
}

int
volunteer_photo(struct req *rq)
{
	struct volunteer v;
	if (vol_load(rq, &v) < 0)
		return -1;
	const char *mime = upload_mime(v.photo);
	unsigned char *bytes;
	size_t n;
	if (mime == NULL)
		return req_error(rq, ERR_NOTFOUND);
	enum yl_err rc = files_read(rq->a, v.photo, &bytes, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_bytes(rq, 200, mime, bytes, n);
}

/* Reporting in ------------------------------------------------------------------------------------- */

static const char *
kept(struct req *rq, const char *name)
{
	return rq->method == POST ? req_form(rq, name) : NULL;
}

static int
render_join(struct req *rq, const char *error)
{
	bool paper = (req_query(rq, "paper") || req_form(rq, "paper")) && vol_is_manager(rq);
	struct vol_roles roles;
	if (vol_roles_load(rq, &roles) < 0)
		return req_fail(rq);
	struct html h;
	page_begin(rq, &h, paper ? T(rq, VO_PAPER_TITLE) : T(rq, VO_JOIN_TITLE));
	notices(rq, &h, error);
	html_lit(&h, "<p>");
	html_text(&h, paper ? T(rq, VO_PAPER_HINT) : T(rq, VO_JOIN_HINT));
	html_lit(&h, "</p>");
	form_begin_multipart(rq, &h, "/volunteers/join");
	if (paper)
		html_lit(&h, "<input type=\"hidden\" name=\"paper\" value=\"1\">");
	const char *name = kept(rq, "name");
	if (name == NULL && !paper)
		name = rq->actor.display_name && *rq->actor.display_name ? rq->actor.display_name : rq->actor.name;
	form_input(&h, "name", T(rq, VO_NAME), "text", name, true, paper ? "off" : "name");
	form_input(&h, "phone", T(rq, VO_PHONE), "tel", kept(rq, "phone"), false, paper ? "off" : "tel");
	form_checkbox(&h, "party_member", paper ? T(rq, VO_PARTY_MEMBER_PAPER) : T(rq, VO_PARTY_MEMBER),
	              kept(rq, "party_member") != NULL);
	form_input(&h, "party_org", T(rq, VO_PARTY_ORG), "text", kept(rq, "party_org"), false, "off");
	form_input(&h, "skills", T(rq, VO_SKILLS), "text", kept(rq, "skills"), false, "off");
	form_input(&h, "availability", T(rq, VO_AVAILABILITY), "text", kept(rq, "availability"), false, "off");
	form_textarea(&h, "commitment", T(rq, VO_COMMITMENT), kept(rq, "commitment"), 3, 200, false);
	html_lit(&h, "<p class=\"field\"><label for=\"f-photo\">");
	html_text(&h, T(rq, VO_PHOTO));
	html_lit(&h, "</label><input id=\"f-photo\" type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png\"></p>");
	struct volunteer wished = {0};
	if (rq->method == POST) {
		/* the boxes and buildings as sent, so a refused form comes back as it was */
		const char **codes = arena_zalloc(rq->a, (rq->form.n + 1) * sizeof *codes);
		for (size_t i = 0; i < rq->form.n; i++)
			if (strcmp(rq->form.v[i].name, "roles") == 0 && !rq->form.v[i].is_file)
				codes[wished.nroles++] = rq->form.v[i].value;
		wished.roles = codes;
		const char *b = req_form(rq, "buildings");
		if (b && *b) {
			wished.buildings = arena_zalloc(rq->a, sizeof *wished.buildings);
			wished.buildings[0] = b;
			wished.nbuildings = 1;
		}
	}
	duty_fields(rq, &h, &roles, &wished, paper ? T(rq, VO_ROLES) : T(rq, VO_ROLES_WISHED));
	form_submit(&h, paper ? T(rq, VO_SUBMIT_PAPER) : T(rq, VO_SUBMIT_JOIN));
	form_end(&h);
	return page_end(rq, &h);
}

int
volunteer_join_page(struct req *rq)
{
	return render_join(rq, NULL);
}

int
volunteer_join_form(struct req *rq)
{
	struct vol_input in;
	struct image_upload up = {0};
	int64_t id = 0;
	int r = vol_check(rq, NULL, &in);
	/* the photo is checked and written before the transaction (uploads.h) */
	if (r == 0)
		r = upload_images(rq, "photo", 1, &up);
	if (r == 0) {
		in.v.photo = up.n ? arena_strdup(rq->a, up.v[0].name) : "";
		r = vol_apply(rq, &in, &id);
	}
	if (r < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = rq->err == ERR_TOOLARGE ? 413 : req_form_status(rq);
		return render_join(rq, rq->err_message);
	}
	return req_redirect(rq, arena_printf(rq->a, "/volunteers/%lld?done=%s", (long long)id,
	                                     in.paper ? "entered" : "joined"));
}

/* The yearly target ------------------------------------------------------------------------------ */

static const char *
hm(struct req *rq, int64_t minutes)
{
	return req_tf(rq, MSG_VO_HM, (int)(minutes / 60), (int)(minutes % 60));
}

/* A cell labelled for narrow screens, where the table's head is hidden. */
static void
td(struct req *rq, struct html *h, enum msg label)
{
	html_lit(h, "<td data-label=\"");
	html_attr(h, i18n_get(rq->lang, label));
	html_lit(h, "\">");
}

static int
render_target(struct req *rq, const char *error)
{
	struct vol_target t;
	if (vol_target_load(rq, &t) < 0)
		return req_fail(rq);
	struct html h;
	page_begin(rq, &h, T(rq, VO_TARGET_TITLE));
	notices(rq, &h, error);
	form_begin(rq, &h, "/volunteers/target");
	const char *cur = kept(rq, "hours");
	form_input(&h, "hours", T(rq, VO_TARGET_HOURS), "number", cur ? cur : arena_printf(rq->a, "%lld", (long long)t.hours),
	           true, "off");
	form_submit(&h, T(rq, VO_TARGET_SAVE));
	form_end(&h);
	html_lit(&h, "<p class=\"lead\">");
	if (t.hours > 0)
		html_text(&h, req_tn(rq, MSG_VO_TARGET_SUMMARY, t.hours, t.year, (int)t.hours, (int)t.short_count, (int)t.n));
	else
		html_text(&h, T(rq, VO_TARGET_NONE));
	html_lit(&h, "</p><table class=\"list target\"><thead><tr><th scope=\"col\">");
	html_text(&h, T(rq, VO_COL_NAME));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, VO_COL_ORG));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, VO_COL_HOURS));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, VO_COL_SHORT));
	html_lit(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < t.n; i++) {
		int64_t s = vol_short_minutes(t.hours, t.v[i].minutes);
		if (s > 0)
			html_lit(&h, "<tr class=\"short\">");
		else
			html_lit(&h, "<tr>");
		td(rq, &h, MSG_VO_COL_NAME);
		html_lit(&h, "<a href=\"");
		html_url(&h, arena_printf(rq->a, "/volunteers/%lld", (long long)t.v[i].id));
		html_lit(&h, "\">");
		html_text(&h, t.v[i].name);
		html_lit(&h, "</a></td>");
		td(rq, &h, MSG_VO_COL_ORG);
		html_text(&h, t.v[i].party_org);
		html_lit(&h, "</td>");
		td(rq, &h, MSG_VO_COL_HOURS);
		html_text(&h, hm(rq, t.v[i].minutes));
		html_lit(&h, "</td>");
		td(rq, &h, MSG_VO_COL_SHORT);
		html_text(&h, t.hours == 0 ? "" : s > 0 ? hm(rq, s) : T(rq, VO_MET));
		html_lit(&h, "</td></tr>");
	}
	html_lit(&h, "</tbody></table>");
	return page_end(rq, &h);
}

int
volunteer_target_page(struct req *rq)
{
	return render_target(rq, NULL);
}

int
volunteer_target_form(struct req *rq)
{
	int64_t hours;
	if (vol_target_set(rq, NULL, &hours) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_target(rq, rq->err_message);
	}
	return req_redirect(rq, "/volunteers/target?done=target");
}

/* The home page ------------------------------------------------------------------------------------ */

void
volunteer_home_cards(struct req *rq, struct html *h, const int64_t *buildings, size_t nbuildings)
{
	int64_t seen_v[256];
	size_t nv = 0;
	bool any = false;
	struct vol_roles roles = {0};
	for (size_t k = 0; k < nbuildings; k++) {
		struct volunteer *v;
		size_t n;
		if (store_volunteers(rq->db, rq->a, rq->community_id, VST_CONFIRMED, buildings[k], &v, &n) != YL_OK)
			continue;
		if (n > 0 && roles.v == NULL && store_volunteer_roles(rq->db, rq->a, rq->community_id, &roles.v, &roles.n) != YL_OK)
			continue;
		for (size_t j = 0; j < n; j++) {
			bool again = false;
			for (size_t m = 0; m < nv; m++)
				again = again || seen_v[m] == v[j].id;
			if (again || nv == sizeof seen_v / sizeof seen_v[0])
				continue;
			seen_v[nv++] = v[j].id;
			if (!any) {
				html_lit(h, "<h2>");
				html_text(h, T(rq, VO_MY_BUILDINGS));
				html_lit(h, "</h2><div class=\"volunteer-cards\">");
				any = true;
			}
			card(rq, h, &roles, &v[j], true, 3);
		}
	}
	if (any)
		html_lit(h, "</div>");
}
