/* activity_pages.c: the pages of volunteer activities (issue 9) — the list, posting one, an
 * activity with its slots, roster and the forms each person may use there (sign up, withdraw;
 * staff: roster, attendance, cancel), staff's hours by person, team or month with its XLSX
 * export, and a volunteer's own hours. The writes are activities.c's. */
#include "activities.h"
#include "../core/activity.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/activities.h"
#include "../store/db.h"
#include "../store/volunteers.h"
#include "../web/layout.h"
#include "../web/req.h"
#include "../web/sheet.h"

#include <stdio.h>
#include <string.h>

/* Small pieces ----------------------------------------------------------------------------- */

static void
para(struct html *h, const char *text)
{
	html_lit(h, "<p>");
	html_text(h, text);
	html_lit(h, "</p>");
}

static void
link_p(struct req *rq, struct html *h, const char *href, const char *text)
{
	(void)rq;
	html_lit(h, "<p><a href=\"");
	html_url(h, href);
	html_lit(h, "\">");
	html_text(h, text);
	html_lit(h, "</a></p>");
}

static const char *
hours_text(struct req *rq, int64_t minutes)
{
	int64_t h = activity_hours_hundredths(minutes);
	return arena_printf(rq->a, "%lld.%02lld", (long long)(h / 100), (long long)(h % 100));
}

static const char *
team_text(struct req *rq, const char *team)
{
	return team && *team ? team : T(rq, AC_NO_TEAM);
}

/* The form's answer: to `to` with a notice, or the page again (render) with the error. */
static int
form_answer(struct req *rq, int r, int (*render)(struct req *, const char *, bool), const char *to)
{
	if (r < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render(rq, rq->err_message, true);
	}
	return req_redirect(rq, to);
}

/* The list --------------------------------------------------------------------------------- */

int
activities_page(struct req *rq)
{
	struct activity *v;
	size_t n;
	enum yl_err rc = store_activities(rq->db, rq->a, rq->community_id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, AC_TITLE));
	html_lit(&h, "<p class=\"actions\">");
	if (req_may(rq, PERM_VOLUNTEER_MANAGE)) {
		html_lit(&h, "<a class=\"btn\" href=\"/activities/new\">");
		html_text(&h, T(rq, AC_NEW));
		html_lit(&h, "</a> <a href=\"/activities/hours\">");
		html_text(&h, T(rq, AC_HOURS_TITLE));
		html_lit(&h, "</a> ");
	}
	if (req_may(rq, PERM_ACTIVITY_SIGNUP)) {
		html_lit(&h, "<a href=\"/volunteers/me/hours\">");
		html_text(&h, T(rq, AC_MY_HOURS));
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>");
	if (n == 0)
		para(&h, T(rq, AC_NONE));
	int64_t now = db_now();
	for (int past = 0; past < 2; past++) {
		bool any = false;
		/* upcoming soonest first; past ones latest first (the store's order) */
		for (size_t k = 0; k < n; k++) {
			const struct activity *a = &v[past ? k : n - 1 - k];
			if ((a->ends_at <= now) != (past == 1))
				continue;
			if (!any) {
				html_lit(&h, "<h2>");
				html_text(&h, past ? T(rq, AC_PAST) : T(rq, AC_UPCOMING));
				html_lit(&h, "</h2><ul class=\"history activities\">");
				any = true;
			}
			html_lit(&h, "<li><a href=\"");
			html_url(&h, arena_printf(rq->a, "/activities/%lld", (long long)a->id));
			html_lit(&h, "\">");
			html_text(&h, a->title);
			html_lit(&h, "</a> · ");
			html_text(&h, activity_when_text(rq, a));
			if (*a->place) {
				html_lit(&h, " · ");
				html_text(&h, a->place);
			}
			html_lit(&h, " · ");
			html_text(&h, a->duty ? T(rq, AC_KIND_DUTY) : T(rq, AC_KIND_ACTIVITY));
			html_lit(&h, " · ");
			/* "1 of 2 places taken": the noun follows the number of places */
			html_text(&h, a->cancelled ? T(rq, AC_CANCELLED_TAG)
			                           : req_tn(rq, MSG_AC_TAKEN_OF, a->slots, (long long)a->taken,
			                                    (long long)a->slots));
			html_lit(&h, "</li>");
		}
		if (any)
			html_lit(&h, "</ul>");
	}
	return page_end(rq, &h);
}

/* Posting ---------------------------------------------------------------------------------- */

static const char *
kept(struct req *rq, const char *name)
{
	return rq->method == POST ? req_form(rq, name) : NULL;
}

static int
render_new(struct req *rq, const char *notice, bool is_error)
{
	struct volunteer_role *roles;
	size_t nr;
	enum yl_err rc = store_volunteer_roles(rq->db, rq->a, rq->community_id, &roles, &nr);
	if (rc != YL_OK)
		return req_error(rq, rc);
	int status = rq->status;
	struct html h;
	page_begin(rq, &h, T(rq, AC_NEW));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	form_begin(rq, &h, "/activities");
	form_input(&h, "title", T(rq, AC_TITLE_FIELD), "text", kept(rq, "title"), true, "off");
	form_select_open(&h, "kind", T(rq, AC_KIND));
	const char *kind = kept(rq, "kind");
	form_option(&h, "activity", T(rq, AC_KIND_ACTIVITY), kind == NULL || strcmp(kind, "duty") != 0);
	form_option(&h, "duty", T(rq, AC_KIND_DUTY), kind && strcmp(kind, "duty") == 0);
	html_lit(&h, "</select></p>");
	form_input(&h, "starts_at", T(rq, AC_STARTS_AT), "datetime-local", kept(rq, "starts_at"), true, "off");
	form_input(&h, "ends_at", T(rq, AC_ENDS_AT), "datetime-local", kept(rq, "ends_at"), true, "off");
	form_input(&h, "place", T(rq, AC_PLACE), "text", kept(rq, "place"), false, "off");
	form_textarea(&h, "body", T(rq, AC_BODY), kept(rq, "body"), 4, 2000, false);

	html_lit(&h, "<fieldset><legend>");
	html_text(&h, T(rq, AC_SLOTS_PER_ROLE));
	html_lit(&h, "</legend><p class=\"hint\">");
	html_text(&h, T(rq, AC_SLOTS_HINT));
	html_lit(&h, "</p>");
	for (size_t i = 0; i <= nr; i++) {
		const char *code = i < nr ? roles[i].code : "any";
		struct activity_slot s = {.role_id = i < nr ? roles[i].id : 0,
		                          .role_name = i < nr ? roles[i].name : "",
		                          .role_name_en = i < nr ? roles[i].name_en : ""};
		h.form_scope = code;
		const char *sname = arena_printf(rq->a, "slots_%s", code), *selfname = arena_printf(rq->a, "self_%s", code);
		html_lit(&h, "<div class=\"slot-row\">");
		form_input(&h, sname, req_tf(rq, MSG_AC_SLOTS_FOR, activity_role_text(rq, &s)), "number", kept(rq, sname), false,
		           "off");
		form_checkbox(&h, selfname, T(rq, AC_SELF_SIGNUP), rq->method != POST || req_form(rq, selfname) != NULL);
		html_lit(&h, "</div>");
	}
	h.form_scope = NULL;
	html_lit(&h, "</fieldset><fieldset><legend>");
	html_text(&h, T(rq, AC_LINK));
	html_lit(&h, "</legend>");
	form_select_open(&h, "link_type", T(rq, AC_LINK_TYPE));
	const char *lt = kept(rq, "link_type");
	static const struct {
		const char *code;
		enum msg label;
	} links[] = {{"", MSG_AC_LINK_NONE}, {"problem", MSG_AC_LINK_PROBLEM}, {"inspection", MSG_AC_LINK_INSPECTION},
	             {"notice", MSG_AC_LINK_NOTICE}};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
		form_option(&h, links[i].code, i18n_get(rq->lang, links[i].label),
		            lt ? strcmp(lt, links[i].code) == 0 : i == 0);
	html_lit(&h, "</select></p>");
	form_input(&h, "link_id", T(rq, AC_LINK_ID), "number", kept(rq, "link_id"), false, "off");
	html_lit(&h, "</fieldset>");
	form_submit(&h, T(rq, AC_POST));
	form_end(&h);
	return page_end(rq, &h);
}

int
activity_new_page(struct req *rq)
{
	return render_new(rq, NULL, false);
}

int
activity_create_form(struct req *rq)
{
	int64_t id = 0;
	int r = activity_create(rq, NULL, &id);
	return form_answer(rq, r, render_new, arena_printf(rq->a, "/activities/%lld?done=created", (long long)id));
}

/* One activity ----------------------------------------------------------------------------- */

static void
link_row(struct req *rq, struct html *h, const struct activity *a)
{
	if (!*a->link_type)
		return;
	html_lit(h, "<dt>");
	html_text(h, T(rq, AC_LINK));
	html_lit(h, "</dt><dd>");
	if (strcmp(a->link_type, "notice") == 0) {
		html_text(h, req_tf(rq, MSG_AC_NOTICE_N, (long long)a->link_id));
	} else {
		bool problem = strcmp(a->link_type, "problem") == 0;
		html_lit(h, "<a href=\"");
		html_url(h, arena_printf(rq->a, problem ? "/problems/%lld" : "/works/%lld", (long long)a->link_id));
		html_lit(h, "\">");
		html_text(h, req_tf(rq, problem ? MSG_AC_PROBLEM_N : MSG_AC_WORK_N, (long long)a->link_id));
		html_lit(h, "</a>");
	}
	html_lit(h, "</dd>");
}

static void
slots_table(struct req *rq, struct html *h, const struct activity_slot *v, size_t n)
{
	html_lit(h, "<table class=\"list slots\"><caption>");
	html_text(h, T(rq, AC_SLOTS));
	html_lit(h, "</caption><thead><tr><th scope=\"col\">");
	html_text(h, T(rq, AC_ROLE));
	html_lit(h, "</th><th scope=\"col\">");
	html_text(h, T(rq, AC_SLOTS));
	html_lit(h, "</th><th scope=\"col\">");
	html_text(h, T(rq, AC_TAKEN));
	html_lit(h, "</th><th scope=\"col\">");
	html_text(h, T(rq, AC_FREE));
	html_lit(h, "</th><th scope=\"col\">");
	html_text(h, T(rq, AC_HOW));
	html_lit(h, "</th></tr></thead><tbody>");
	/* data-label: on a phone each cell is a line of its own and says what its number is */
	static const enum msg cols[] = {MSG_AC_SLOTS, MSG_AC_TAKEN, MSG_AC_FREE};
	for (size_t i = 0; i < n; i++) {
		const int64_t nums[] = {v[i].slots, v[i].taken, v[i].slots > v[i].taken ? v[i].slots - v[i].taken : 0};
		html_lit(h, "<tr><th scope=\"row\">");
		html_text(h, activity_role_text(rq, &v[i]));
		html_lit(h, "</th>");
		for (size_t c = 0; c < 3; c++) {
			html_lit(h, "<td data-label=\"");
			html_attr(h, i18n_get(rq->lang, cols[c]));
			html_lit(h, "\">");
			html_int(h, nums[c]);
			html_lit(h, "</td>");
		}
		html_lit(h, "<td data-label=\"");
		html_attr(h, T(rq, AC_HOW));
		html_lit(h, "\">");
		html_text(h, v[i].self_signup ? T(rq, AC_HOW_SELF) : T(rq, AC_HOW_STAFF));
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table>");
}

static const char *
slot_role_text(struct req *rq, const struct activity_slot *v, size_t n, int64_t role_id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].role_id == role_id)
			return activity_role_text(rq, &v[i]);
	return "";
}

static void
roster_list(struct req *rq, struct html *h, const struct activity_slot *slots, size_t nslots, const struct signup *v,
            size_t n)
{
	html_lit(h, "<h2>");
	html_text(h, req_tf(rq, MSG_AC_ROSTER_N, (long long)n));
	html_lit(h, "</h2>");
	if (n == 0) {
		para(h, T(rq, AC_ROSTER_EMPTY));
		return;
	}
	html_lit(h, "<ul class=\"history roster\">");
	for (size_t i = 0; i < n; i++) {
		html_lit(h, "<li>");
		html_text(h, v[i].name);
		html_lit(h, " · ");
		html_text(h, slot_role_text(rq, slots, nslots, v[i].role_id));
		if (v[i].attendance == ATT_ATTENDED) {
			html_lit(h, " · ");
			html_text(h, req_tn(rq, MSG_AC_ATTENDED_MIN, v[i].minutes, (long long)v[i].minutes));
			if (v[i].households) {
				html_lit(h, " · ");
				html_text(h, req_tn(rq, MSG_AC_HOUSEHOLDS_N, v[i].households, (long long)v[i].households));
			}
		} else if (v[i].attendance == ATT_ABSENT) {
			html_lit(h, " · ");
			html_text(h, T(rq, AC_NO_SHOW));
		}
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>");
}

static void
section_open(struct html *h, const char *title)
{
	html_lit(h, "<section class=\"step\"><h3>");
	html_text(h, title);
	html_lit(h, "</h3>");
}

/* A confirmed volunteer's part: withdraw while signed up and not started, else the slots open to
 * them (self sign-up, a role they hold or none) while it has not started. */
static void
volunteer_part(struct req *rq, struct html *h, const struct activity *a, const struct activity_slot *slots,
               size_t nslots, const struct signup *roster, size_t nroster)
{
	struct volunteer me;
	if (store_volunteer_of_account(rq->db, rq->a, rq->community_id, rq->actor.id, &me) != YL_OK ||
	    me.state != VST_CONFIRMED) {
		para(h, T(rq, AC_NOT_A_VOLUNTEER));
		return;
	}
	const struct signup *mine = NULL;
	for (size_t i = 0; i < nroster; i++)
		if (roster[i].volunteer_id == me.id)
			mine = &roster[i];
	bool started = db_now() >= a->starts_at;
	const char *base = arena_printf(rq->a, "/activities/%lld", (long long)a->id);
	if (mine) {
		section_open(h, T(rq, AC_YOU_ARE_ON));
		para(h, req_tf(rq, MSG_AC_YOUR_SLOT, slot_role_text(rq, slots, nslots, mine->role_id)));
		if (!started) {
			form_begin(rq, h, arena_printf(rq->a, "%s/signups/mine/withdraw", base));
			form_submit(h, T(rq, AC_WITHDRAW));
			form_end(h);
		}
		html_lit(h, "</section>");
		return;
	}
	if (started || a->cancelled)
		return;
	section_open(h, T(rq, AC_SIGN_UP));
	size_t offered = 0;
	for (size_t i = 0; i < nslots; i++) {
		const struct activity_slot *s = &slots[i];
		if (!s->self_signup || (s->role_id && !store_volunteer_has_role(rq->db, rq->community_id, me.id, s->role_code)))
			continue;
		offered++;
		form_begin(rq, h, arena_printf(rq->a, "%s/signups", base));
		html_lit(h, "<input type=\"hidden\" name=\"role\" value=\"");
		html_attr(h, s->role_code);
		html_lit(h, "\">");
		if (activity_slot_free(s->slots, s->taken)) {
			html_lit(h, "<button class=\"btn\" type=\"submit\">");
			html_text(h, req_tf(rq, MSG_AC_SIGN_UP_AS, activity_role_text(rq, s)));
			html_lit(h, "</button>");
		} else {
			html_lit(h, "<p>");
			html_text(h, req_tf(rq, MSG_AC_SLOT_FULL, activity_role_text(rq, s)));
			html_lit(h, "</p>");
		}
		form_end(h);
	}
	if (offered == 0)
		para(h, T(rq, AC_NOTHING_FOR_YOU));
	html_lit(h, "</section>");
}

static void
roster_form(struct req *rq, struct html *h, const struct activity *a, const struct activity_slot *slots, size_t nslots)
{
	struct volunteer_ref *vs;
	size_t nv;
	if (store_confirmed_volunteers(rq->db, rq->a, rq->community_id, &vs, &nv) != YL_OK || nv == 0)
		return;
	section_open(h, T(rq, AC_ROSTER_ADD));
	h->form_scope = "roster";
	form_begin(rq, h, arena_printf(rq->a, "/activities/%lld/roster", (long long)a->id));
	form_select_open(h, "volunteer_id", T(rq, AC_VOLUNTEER));
	for (size_t i = 0; i < nv; i++)
		form_option_id(h, vs[i].id, vs[i].name, i == 0);
	html_lit(h, "</select></p>");
	form_select_open(h, "role", T(rq, AC_ROLE));
	for (size_t i = 0; i < nslots; i++)
		form_option(h, slots[i].role_code, activity_role_text(rq, &slots[i]), i == 0);
	html_lit(h, "</select></p>");
	form_submit(h, T(rq, AC_ROSTER_ADD));
	form_end(h);
	h->form_scope = NULL;
	html_lit(h, "</section>");
}

static void
attendance_form(struct req *rq, struct html *h, const struct activity *a, const struct activity_slot *slots,
                size_t nslots, const struct signup *v, size_t n)
{
	size_t open = 0;
	for (size_t i = 0; i < n; i++)
		open += v[i].attendance == ATT_NONE;
	if (open == 0)
		return;
	bool notice = strcmp(a->link_type, "notice") == 0;
	section_open(h, T(rq, AC_ATTENDANCE));
	para(h, req_tf(rq, MSG_AC_ATTENDANCE_HINT, (long long)((a->ends_at - a->starts_at) / 60),
	               (long long)(a->ends_at - a->starts_at) / 60 + ACTIVITY_EXTRA_MINUTES));
	form_begin(rq, h, arena_printf(rq->a, "/activities/%lld/attendance", (long long)a->id));
	const char *dflt = arena_printf(rq->a, "%lld", (long long)((a->ends_at - a->starts_at) / 60));
	for (size_t i = 0; i < n; i++) {
		if (v[i].attendance != ATT_NONE)
			continue;
		const char *id = arena_printf(rq->a, "%lld", (long long)v[i].id);
		h->form_scope = id;
		html_lit(h, "<fieldset class=\"attendance\"><legend>");
		html_text(h, v[i].name);
		html_lit(h, " · ");
		html_text(h, slot_role_text(rq, slots, nslots, v[i].role_id));
		html_lit(h, "</legend><input type=\"hidden\" name=\"signup\" value=\"");
		html_attr(h, id);
		html_lit(h, "\">");
		form_checkbox(h, arena_printf(rq->a, "present_%s", id), T(rq, AC_PRESENT), true);
		form_input(h, arena_printf(rq->a, "minutes_%s", id), T(rq, AC_MINUTES), "number", dflt, false, "off");
		if (notice)
			form_input(h, arena_printf(rq->a, "households_%s", id), T(rq, AC_HOUSEHOLDS), "number", "0", false, "off");
		html_lit(h, "</fieldset>");
	}
	h->form_scope = NULL;
	form_submit(h, T(rq, AC_CONFIRM_ATTENDANCE));
	form_end(h);
	html_lit(h, "</section>");
}

static const char *
done_notice(struct req *rq)
{
	const char *d = req_query(rq, "done");
	if (d == NULL)
		return NULL;
	static const struct {
		const char *code;
		enum msg m;
	} done[] = {{"created", MSG_AC_DONE_CREATED}, {"signed", MSG_AC_DONE_SIGNED}, {"withdrawn", MSG_AC_DONE_WITHDRAWN},
	            {"roster", MSG_AC_DONE_ROSTER}, {"attendance", MSG_AC_DONE_ATTENDANCE},
	            {"cancelled", MSG_AC_DONE_CANCELLED}};
	for (size_t i = 0; i < sizeof done / sizeof done[0]; i++)
		if (strcmp(d, done[i].code) == 0)
			return i18n_get(rq->lang, done[i].m);
	return NULL;
}

static int
render_activity(struct req *rq, const char *notice, bool is_error)
{
	struct activity a;
	struct activity_slot *slots;
	struct signup *ss;
	size_t nslots, ns;
	int status = rq->status;
	rq->err = YL_OK;
	if (activity_load(rq, &a) < 0)
		return -1;
	enum yl_err rc;
	if ((rc = store_activity_slots(rq->db, rq->a, rq->community_id, a.id, &slots, &nslots)) != YL_OK ||
	    (rc = store_signups(rq->db, rq->a, rq->community_id, a.id, true, &ss, &ns)) != YL_OK)
		return req_error(rq, rc);
	bool manage = req_may(rq, PERM_VOLUNTEER_MANAGE);
	int64_t now = db_now();
	struct html h;
	page_begin(rq, &h, a.title);
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead state\">");
	html_text(&h, a.duty ? T(rq, AC_KIND_DUTY) : T(rq, AC_KIND_ACTIVITY));
	html_lit(&h, " · ");
	html_text(&h, a.cancelled ? T(rq, AC_CANCELLED_TAG)
	              : now >= a.ends_at ? T(rq, AC_STATE_OVER)
	              : now >= a.starts_at ? T(rq, AC_STATE_UNDERWAY)
	                                   : T(rq, AC_STATE_OPEN));
	html_lit(&h, "</p>");
	if (*a.body) {
		html_lit(&h, "<p class=\"description\">");
		html_text(&h, a.body);
		html_lit(&h, "</p>");
	}
	html_lit(&h, "<dl class=\"facts\">");
	page_fact(&h, T(rq, AC_WHEN), activity_when_text(rq, &a));
	if (*a.place)
		page_fact(&h, T(rq, AC_PLACE), a.place);
	link_row(rq, &h, &a);
	html_lit(&h, "</dl>");
	slots_table(rq, &h, slots, nslots);
	roster_list(rq, &h, slots, nslots, ss, ns);

	if (req_may(rq, PERM_ACTIVITY_SIGNUP))
		volunteer_part(rq, &h, &a, slots, nslots, ss, ns);
	if (manage && !a.cancelled) {
		roster_form(rq, &h, &a, slots, nslots);
		if (now >= a.ends_at)
			attendance_form(rq, &h, &a, slots, nslots, ss, ns);
		else
			para(&h, T(rq, AC_ATTENDANCE_LATER));
		int64_t confirmed = 0;
		if (store_activity_confirmed(rq->db, rq->community_id, a.id, &confirmed) == YL_OK && confirmed == 0) {
			section_open(&h, T(rq, AC_CANCEL));
			form_begin(rq, &h, arena_printf(rq->a, "/activities/%lld/cancel", (long long)a.id));
			form_submit(&h, T(rq, AC_CANCEL));
			form_end(&h);
			html_lit(&h, "</section>");
		}
	}
	link_p(rq, &h, "/activities", T(rq, AC_BACK));
	return page_end(rq, &h);
}

int
activity_page(struct req *rq)
{
	return render_activity(rq, done_notice(rq), false);
}

static const char *
back_to(struct req *rq, const char *done)
{
	return arena_printf(rq->a, "/activities/%lld?done=%s", (long long)req_param_id(rq, "id"), done);
}

int
activity_cancel_form(struct req *rq)
{
	return form_answer(rq, activity_cancel(rq), render_activity, back_to(rq, "cancelled"));
}

int
activity_signup_form(struct req *rq)
{
	int64_t id;
	return form_answer(rq, activity_sign_up(rq, NULL, &id), render_activity, back_to(rq, "signed"));
}

int
activity_withdraw_form(struct req *rq)
{
	return form_answer(rq, activity_withdraw(rq), render_activity, back_to(rq, "withdrawn"));
}

int
activity_roster_form(struct req *rq)
{
	int64_t id;
	return form_answer(rq, activity_roster_add(rq, NULL, &id), render_activity, back_to(rq, "roster"));
}

int
activity_attendance_form(struct req *rq)
{
	int64_t n;
	return form_answer(rq, activity_attendance(rq, NULL, &n), render_activity, back_to(rq, "attendance"));
}

/* Hours -------------------------------------------------------------------------------------- */

static const enum msg group_msgs[HG__COUNT] = {[HG_PERSON] = MSG_AC_BY_PERSON, [HG_TEAM] = MSG_AC_BY_TEAM,
                                               [HG_MONTH] = MSG_AC_BY_MONTH};

/* The columns of the hours table (page and sheet): the key column(s) by group, then counts. */
static size_t
hours_headers(struct req *rq, enum hours_group g, const char **hd)
{
	size_t n = 0;
	if (g == HG_PERSON) {
		hd[n++] = T(rq, AC_VOLUNTEER);
		hd[n++] = T(rq, AC_TEAM);
	} else {
		hd[n++] = g == HG_TEAM ? T(rq, AC_TEAM) : T(rq, AC_MONTH);
		hd[n++] = T(rq, AC_PEOPLE);
	}
	hd[n++] = T(rq, AC_COL_ATTENDED);
	hd[n++] = T(rq, AC_COL_ABSENT);
	hd[n++] = T(rq, AC_COL_ACTIVITY_MIN);
	hd[n++] = T(rq, AC_COL_WISH_MIN);
	hd[n++] = T(rq, AC_COL_HOURS);
	hd[n++] = T(rq, AC_COL_HOUSEHOLDS);
	return n;
}

static const char *
hours_query_string(struct req *rq, const struct hours_query *q)
{
	struct buf b;
	buf_init(&b, rq->a, 128);
	buf_printf(&b, "group=%s&year=%d", hours_group_names[q->group], q->year);
	if (q->team) {
		buf_adds(&b, "&team=");
		url_encode(&b, q->team, strlen(q->team));
	}
	return b.p;
}

int
volunteer_hours_page(struct req *rq)
{
	struct hours_query q;
	struct hours_row *v;
	size_t n;
	if (hours_query_read(rq, &q) < 0 || hours_rows(rq, &q, &v, &n) < 0)
		return req_fail(rq);
	struct html h;
	page_begin(rq, &h, T(rq, AC_HOURS_TITLE));
	html_lit(&h, "<form method=\"get\" action=\"/activities/hours\" class=\"filters\">");
	form_keep_community(rq, &h);
	form_select_open(&h, "group", T(rq, AC_GROUP));
	for (int g = 0; g < HG__COUNT; g++)
		form_option(&h, hours_group_names[g], i18n_get(rq->lang, group_msgs[g]), g == (int)q.group);
	html_lit(&h, "</select></p>");
	form_input(&h, "year", T(rq, AC_YEAR), "number", arena_printf(rq->a, "%d", q.year), true, "off");
	form_input(&h, "team", T(rq, AC_TEAM), "text", q.team, false, "off");
	form_submit(&h, T(rq, AC_SHOW));
	html_lit(&h, "</form>");
	const char *qs = hours_query_string(rq, &q);
	html_lit(&h, "<p><a class=\"btn\" href=\"");
	html_url(&h, arena_printf(rq->a, "/activities/hours.xlsx?%s%s", qs, community_arg(rq)));
	html_lit(&h, "\">");
	html_text(&h, T(rq, AC_EXPORT));
	html_lit(&h, "</a></p>");
	if (n == 0) {
		para(&h, T(rq, AC_NO_HOURS));
		return page_end(rq, &h);
	}
	const char *hd[8];
	size_t nc = hours_headers(rq, q.group, hd);
	html_lit(&h, "<table class=\"list hours\"><caption>");
	html_text(&h, req_tf(rq, MSG_AC_HOURS_CAPTION, q.year, i18n_get(rq->lang, group_msgs[q.group])));
	html_lit(&h, "</caption><thead><tr>");
	for (size_t i = 0; i < nc; i++) {
		html_lit(&h, "<th scope=\"col\">");
		html_text(&h, hd[i]);
		html_lit(&h, "</th>");
	}
	html_lit(&h, "</tr></thead><tbody>");
	struct hours_row sum = {0};
	for (size_t i = 0; i < n; i++) {
		const struct hours_row *r = &v[i];
		html_lit(&h, "<tr><th scope=\"row\">");
		html_text(&h, q.group == HG_TEAM ? team_text(rq, r->key) : r->key);
		html_lit(&h, "</th><td>");
		if (q.group == HG_PERSON)
			html_text(&h, team_text(rq, r->team));
		else
			html_int(&h, r->volunteers);
		html_lit(&h, "</td><td>");
		html_int(&h, r->attended);
		html_lit(&h, "</td><td>");
		html_int(&h, r->absent);
		html_lit(&h, "</td><td>");
		html_int(&h, r->activity_minutes);
		html_lit(&h, "</td><td>");
		html_int(&h, r->wish_minutes);
		html_lit(&h, "</td><td>");
		html_text(&h, hours_text(rq, r->activity_minutes + r->wish_minutes));
		html_lit(&h, "</td><td>");
		html_int(&h, r->households);
		html_lit(&h, "</td></tr>");
		sum.attended += r->attended;
		sum.absent += r->absent;
		sum.activity_minutes += r->activity_minutes;
		sum.wish_minutes += r->wish_minutes;
		sum.households += r->households;
	}
	html_lit(&h, "</tbody><tfoot><tr><th scope=\"row\">");
	html_text(&h, T(rq, AC_TOTAL));
	html_lit(&h, "</th><td></td><td>");
	html_int(&h, sum.attended);
	html_lit(&h, "</td><td>");
	html_int(&h, sum.absent);
	html_lit(&h, "</td><td>");
	html_int(&h, sum.activity_minutes);
	html_lit(&h, "</td><td>");
	html_int(&h, sum.wish_minutes);
	html_lit(&h, "</td><td>");
	html_text(&h, hours_text(rq, sum.activity_minutes + sum.wish_minutes));
	html_lit(&h, "</td><td>");
	html_int(&h, sum.households);
	html_lit(&h, "</td></tr></tfoot></table>");
	return page_end(rq, &h);
}

int
volunteer_hours_xlsx(struct req *rq)
{
	struct hours_query q;
	struct hours_row *v;
	size_t n;
	if (hours_query_read(rq, &q) < 0 || hours_rows(rq, &q, &v, &n) < 0)
		return req_fail(rq);
	const char *hd[8];
	size_t nc = hours_headers(rq, q.group, hd);
	struct sheet *s = sheet_new(rq->a, T(rq, AC_HOURS_TITLE), nc, hd);
	for (size_t i = 0; i < n; i++) {
		const struct hours_row *r = &v[i];
		sheet_text(s, q.group == HG_TEAM ? team_text(rq, r->key) : r->key);
		if (q.group == HG_PERSON)
			sheet_text(s, team_text(rq, r->team));
		else
			sheet_int(s, r->volunteers);
		sheet_int(s, r->attended);
		sheet_int(s, r->absent);
		sheet_int(s, r->activity_minutes);
		sheet_int(s, r->wish_minutes);
		sheet_fixed2(s, activity_hours_hundredths(r->activity_minutes + r->wish_minutes));
		sheet_int(s, r->households);
		sheet_row_end(s);
	}
	/* names of people leave the office in this file: audited like every personal export */
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_end(rq->db, req_audit(rq, rq->community_id, "volunteer_hours.export", "community", rq->community_id,
		                                 json_pack("{s:s, s:i, s:s, s:I}", "group", hours_group_names[q.group], "year",
		                                           q.year, "team", q.team ? q.team : "", "rows", (json_int_t)n)));
	if (rc != YL_OK)
		return req_error(rq, rc);
	unsigned char *p;
	size_t len;
	if (sheet_xlsx(s, rq->a, &p, &len) < 0)
		return req_error(rq, ERR_INTERNAL);
	req_header(rq, "content-disposition",
	           arena_printf(rq->a, "attachment; filename=\"volunteer-hours-%d-%s.xlsx\"", q.year,
	                        hours_group_names[q.group]));
	return req_bytes(rq, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", p, len);
}

int
volunteer_my_hours_page(struct req *rq)
{
	struct volunteer me;
	enum yl_err rc = store_volunteer_of_account(rq->db, rq->a, rq->community_id, rq->actor.id, &me);
	if (rc != YL_OK && rc != ERR_NOTFOUND)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, AC_MY_HOURS));
	if (rc == ERR_NOTFOUND || me.state != VST_CONFIRMED) {
		para(&h, T(rq, AC_NOT_A_VOLUNTEER));
		return page_end(rq, &h);
	}
	struct hour_entry *es;
	size_t n;
	if ((rc = store_hour_entries(rq->db, rq->a, rq->community_id, me.id, 0, INT64_MAX, &es, &n)) != YL_OK)
		return req_error(rq, rc);
	int64_t minutes = 0, attended = 0, absent = 0, wishes = 0;
	for (size_t i = 0; i < n; i++) {
		minutes += es[i].minutes;
		if (es[i].wish)
			wishes++;
		else if (es[i].attended)
			attended++;
		else
			absent++;
	}
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tf(rq, MSG_AC_MY_TOTAL, hours_text(rq, minutes), (long long)minutes, (long long)attended,
	                     (long long)wishes, (long long)absent));
	html_lit(&h, "</p>");
	if (n == 0)
		para(&h, T(rq, AC_NO_HOURS_YET));
	else
		html_lit(&h, "<ul class=\"history hours\">");
	for (size_t i = n; i-- > 0;) {
		char d[11];
		date_local(es[i].at, d);
		html_lit(&h, "<li>");
		html_text(&h, d);
		html_lit(&h, " · ");
		if (es[i].wish) {
			html_text(&h, req_tf(rq, MSG_AC_WISH_TITLE, es[i].title));
		} else {
			html_lit(&h, "<a href=\"");
			html_url(&h, arena_printf(rq->a, "/activities/%lld", (long long)es[i].object_id));
			html_lit(&h, "\">");
			html_text(&h, es[i].title);
			html_lit(&h, "</a>");
		}
		html_lit(&h, " · ");
		html_text(&h, es[i].attended ? req_tn(rq, MSG_AC_ATTENDED_MIN, es[i].minutes, (long long)es[i].minutes)
		                             : T(rq, AC_NO_SHOW));
		if (es[i].households) {
			html_lit(&h, " · ");
			html_text(&h, req_tn(rq, MSG_AC_HOUSEHOLDS_N, es[i].households, (long long)es[i].households));
		}
		html_lit(&h, "</li>");
	}
	if (n)
		html_lit(&h, "</ul>");
	link_p(rq, &h, "/activities", T(rq, AC_BACK));
	return page_end(rq, &h);
}
