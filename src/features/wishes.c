/* wishes.c: small wishes (微心愿, issue 9) — pages and JSON API (see wishes.h).
 *
 * Who sees what: the poster, the adopter, and those who may see the people of the wish's
 * building (its head, staff) see the unit and the name; other confirmed volunteers see an open
 * wish with its building and a masked name, so they can choose one to adopt without learning
 * who asked; everybody else sees only their own. Every step is one transaction with its audit
 * row, and guarded in its UPDATE: two volunteers adopting at once, one wins and the other gets
 * 409. Points: one per whole half hour confirmed (core/wish.c). */
#include "wishes.h"
#include "registry.h"
#include "../core/arena.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../core/wish.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../store/volunteers.h"
#include "../store/wishes.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define TITLE_MAX 60
#define BODY_MAX 500
#define NAME_MAX 40
#define LIST_MAX 500

static const enum msg state_msgs[WISH__COUNT] = {[WISH_OPEN] = MSG_WI_ST_OPEN,
                                                 [WISH_ADOPTED] = MSG_WI_ST_ADOPTED,
                                                 [WISH_FULFILLED] = MSG_WI_ST_FULFILLED,
                                                 [WISH_CONFIRMED] = MSG_WI_ST_CONFIRMED,
                                                 [WISH_WITHDRAWN] = MSG_WI_ST_WITHDRAWN};

static const char *
state_text(struct req *rq, enum wish_state s)
{
	return (unsigned)s < WISH__COUNT ? i18n_get(rq->lang, state_msgs[s]) : "?";
}

static const char *
time_text(struct req *rq, int64_t t)
{
	char b[20];
	time_local(t, b);
	return arena_strdup(rq->a, b);
}

/* Who is asking ------------------------------------------------------------------------------ */

/* Heads (their buildings) and staff (anywhere) may enter a wish for a neighbour: the same reach
 * as seeing that neighbour's name and phone (PERM_PERSONAL_DATA). building 0: anywhere at all. */
static bool
may_enter_for(struct req *rq, int64_t building_id)
{
	struct target t = {rq->community_id, building_id, 0, building_id == 0};
	return req_allowed(rq, PERM_PERSONAL_DATA, &t);
}

static bool
staff(struct req *rq)
{
	return req_may(rq, PERM_VOLUNTEER_MANAGE);
}

/* The actor's confirmed registration as a volunteer here; 403 otherwise. */
static int
confirmed_volunteer(struct req *rq, struct volunteer *v)
{
	enum yl_err rc = store_volunteer_of_account(rq->db, rq->a, rq->community_id, rq->actor.id, v);
	if (rc == ERR_NOTFOUND || (rc == YL_OK && v->state != VST_CONFIRMED))
		return req_errorf(rq, ERR_FORBIDDEN, "not_confirmed_volunteer", NULL, T(rq, WI_NOT_VOLUNTEER));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* How much of a wish this person sees: none (404), masked (a volunteer choosing one), or all. */
enum sight { SIGHT_NONE, SIGHT_MASKED, SIGHT_FULL };

static enum sight
sight_of(struct req *rq, const struct wish *w)
{
	if (w->posted_by == rq->actor.id || (w->volunteer_account && w->volunteer_account == rq->actor.id))
		return SIGHT_FULL;
	if (w->building_id ? may_enter_for(rq, w->building_id) : staff(rq))
		return SIGHT_FULL;
	/* any volunteer may look through the open ones (the adopt route checks the registration) */
	if (w->state == WISH_OPEN && req_may(rq, PERM_WISH_ADOPT))
		return SIGHT_MASKED;
	return SIGHT_NONE;
}

/* The person the wish is for: the name on the paper, or the poster's own. */
static const char *
person_name(struct req *rq, const struct wish *w, enum sight s)
{
	const char *name = w->paper && *w->for_name ? w->for_name : w->poster_name;
	return s == SIGHT_FULL ? name : mask_name(rq->a, name);
}

int
wish_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_wish_community(rq->db, id, &t->community_id, NULL) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* The route's wish, as far as this person may see it (404 beyond). */
static int
wish_load(struct req *rq, struct wish *w, enum sight *s)
{
	enum yl_err rc = store_wish_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), w);
	if (rc != YL_OK)
		return req_error(rq, rc);
	*s = sight_of(rq, w);
	if (*s == SIGHT_NONE)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* For adopting: a volunteer who saw the wish open and was beaten to it learns that (409), not
 * that it vanished; the answer tells nothing but its state. */
static int
wish_load_to_adopt(struct req *rq, struct wish *w, enum sight *s)
{
	enum yl_err rc = store_wish_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), w);
	if (rc != YL_OK)
		return req_error(rq, rc);
	*s = sight_of(rq, w);
	if (*s == SIGHT_NONE && w->state == WISH_WITHDRAWN)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* Posting --------------------------------------------------------------------------------------- */

static int
wish_inputs(struct req *rq, json_t *j, struct wish_new *w)
{
	memset(w, 0, sizeof *w);
	w->for_name = "";
	if (field_text(rq, "title", field_value(rq, j, "title"), MSG_WI_TITLE_LABEL, TITLE_MAX, true, &w->title) < 0 ||
	    field_text(rq, "body", field_value(rq, j, "body"), MSG_WI_BODY_LABEL, BODY_MAX, false, &w->body) < 0)
		return -1;
	const char *ch = field_value(rq, j, "channel");
	if (ch && *ch && strcmp(ch, "paper") != 0 && strcmp(ch, "online") != 0)
		return req_errorf(rq, ERR_INVALID, "bad_channel", "channel", T(rq, WI_BAD_CHANNEL));
	const char *unit = field_value(rq, j, "unit");
	/* a unit named, or channel paper: entered for a neighbour (DOMAIN §7) */
	w->paper = (ch && strcmp(ch, "paper") == 0) || (unit && *unit);
	if (!w->paper) {
		const int64_t *units;
		size_t n = req_own_units(rq, &units);
		if (n == 0)
			return req_errorf(rq, ERR_INVALID, "no_unit", "unit", T(rq, WI_NO_OWN_UNIT));
		w->unit_id = units[0];
		return 0;
	}
	struct target any = {rq->community_id, 0, 0, true};
	if (!req_allowed(rq, PERM_PERSONAL_DATA, &any))
		return req_errorf(rq, ERR_FORBIDDEN, "not_allowed", "channel", T(rq, WI_NOT_ENTERER));
	if (field_text(rq, "for_name", field_value(rq, j, "for_name"), MSG_WI_FOR_NAME, NAME_MAX, true, &w->for_name) < 0)
		return -1;
	if (unit == NULL || *unit == '\0')
		return req_errorf(rq, ERR_INVALID, "required", "unit", T(rq, WI_NEED_UNIT));
	int64_t building = 0;
	if (registry_unit_input(rq, unit, &w->unit_id, &building) < 0)
		return -1;
	if (!may_enter_for(rq, building))
		return req_errorf(rq, ERR_FORBIDDEN, "not_your_building", "unit", T(rq, WI_NOT_YOUR_BUILDING));
	return 0;
}

static int
wish_post(struct req *rq, json_t *j, int64_t *id)
{
	struct wish_new w;
	if (wish_inputs(rq, j, &w) < 0)
		return -1;
	w.posted_by = rq->actor.id;
	w.now = db_now();
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_wish_create(rq->db, rq->community_id, &w, id);
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:s, s:s, s:I}", "title", w.title, "channel", w.paper ? "paper" : "online", "unit_id",
		                      (json_int_t)w.unit_id);
		/* who entered it for whom stays in the record */
		if (w.paper)
			json_object_set_new(d, "for_name", json_string(w.for_name));
		rc = req_audit(rq, rq->community_id, "wish.post", "wish", *id, d);
	}
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* The steps --------------------------------------------------------------------------------------- */

/* A refused step's answer for the state the wish is in. */
static int
wrong_state(struct req *rq, const struct wish *w, enum wish_step step)
{
	if (step == WSTEP_ADOPT && w->state == WISH_ADOPTED)
		return req_errorf(rq, ERR_CONFLICT, "already_adopted", NULL, T(rq, WI_TAKEN));
	if (step == WSTEP_CONFIRM && w->state == WISH_CONFIRMED)
		return req_errorf(rq, ERR_CONFLICT, "already_confirmed", NULL, T(rq, WI_ALREADY_CONFIRMED));
	return req_errorf(rq, ERR_CONFLICT, "wrong_state", NULL, req_tf(rq, MSG_WI_WRONG_STATE, state_text(rq, w->state)));
}

static int
wish_step(struct req *rq, json_t *j, enum wish_step step, int64_t *id, enum wish_state *to)
{
	static const char *const actions[WSTEP__COUNT] = {
		[WSTEP_ADOPT] = "wish.adopt", [WSTEP_FULFIL] = "wish.fulfil", [WSTEP_CONFIRM] = "wish.confirm",
		[WSTEP_WITHDRAW] = "wish.withdraw"};
	struct wish w;
	enum sight s;
	struct volunteer v = {0};
	int64_t minutes = 0;
	*id = req_param_id(rq, "id");
	if (step == WSTEP_CONFIRM &&
	    field_int(rq, "minutes", field_value(rq, j, "minutes"), MSG_WI_MINUTES, WISH_MINUTES_MIN, WISH_MINUTES_MAX, true,
	              &minutes) < 0)
		return req_errorf(rq, ERR_INVALID, "bad_minutes", "minutes", T(rq, WI_BAD_MINUTES));
	if ((step == WSTEP_ADOPT ? wish_load_to_adopt(rq, &w, &s) : wish_load(rq, &w, &s)) < 0)
		return -1;
	switch (step) {
	case WSTEP_ADOPT:
	case WSTEP_FULFIL:
		if (confirmed_volunteer(rq, &v) < 0)
			return -1;
		if (step == WSTEP_FULFIL && w.volunteer_id != v.id)
			return req_errorf(rq, ERR_FORBIDDEN, "not_adopter", NULL, T(rq, WI_NOT_ADOPTER));
		break;
	case WSTEP_CONFIRM:
	case WSTEP_WITHDRAW:
		/* the resident who asked, or the head or staff who entered it for them; staff for anyone */
		if (w.posted_by != rq->actor.id && !staff(rq))
			return req_errorf(rq, ERR_FORBIDDEN, "not_poster", NULL, T(rq, WI_NOT_POSTER));
		break;
	default:
		return req_error(rq, ERR_INTERNAL);
	}
	if (w.state != wish_step_from(step))
		return wrong_state(rq, &w, step);

	int64_t now = db_now(), points = wish_points(minutes);
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		switch (step) {
		case WSTEP_ADOPT:
			rc = store_wish_adopt(rq->db, rq->community_id, w.id, v.id, now);
			break;
		case WSTEP_FULFIL:
			rc = store_wish_fulfil(rq->db, rq->community_id, w.id, v.id, now);
			break;
		case WSTEP_CONFIRM:
			rc = store_wish_confirm(rq->db, rq->community_id, w.id, rq->actor.id, minutes, points, now);
			break;
		default:
			rc = store_wish_withdraw(rq->db, rq->community_id, w.id);
			break;
		}
	}
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:s, s:s}", "from", wish_state_names[w.state], "to",
		                      wish_state_names[wish_step_to(step)]);
		if (v.id)
			json_object_set_new(d, "volunteer_id", json_integer(v.id));
		if (step == WSTEP_CONFIRM) {
			json_object_set_new(d, "minutes", json_integer(minutes));
			json_object_set_new(d, "points", json_integer(points));
		}
		rc = req_audit(rq, rq->community_id, actions[step], "wish", w.id, d);
	}
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT) {
		/* someone else moved it between our read and the lock: the adoption race's loser */
		if (step == WSTEP_ADOPT)
			return req_errorf(rq, ERR_CONFLICT, "already_adopted", NULL, T(rq, WI_TAKEN));
		return req_errorf(rq, ERR_CONFLICT, "changed_meanwhile", NULL, T(rq, WI_CHANGED));
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	*to = wish_step_to(step);
	return 0;
}

/* JSON ------------------------------------------------------------------------------------------ */

static void
wish_json(struct req *rq, struct jsonw *jw, const struct wish *w, enum sight s)
{
	jsonw_object(jw);
	jsonw_kint(jw, "id", w->id);
	jsonw_kstr(jw, "title", w->title);
	jsonw_kstr(jw, "body", w->body);
	jsonw_kstr(jw, "state", wish_state_names[w->state]);
	jsonw_kstr(jw, "building", w->building);
	jsonw_key(jw, "unit");
	jsonw_str(jw, s == SIGHT_FULL && *w->unit ? w->unit : NULL);
	jsonw_kstr(jw, "name", person_name(rq, w, s));
	jsonw_kstr(jw, "channel", w->paper ? "paper" : "online");
	jsonw_key(jw, "mine");
	jsonw_bool(jw, w->posted_by == rq->actor.id);
	jsonw_ktime(jw, "posted_at", w->posted_at);
	jsonw_key(jw, "volunteer");
	if (w->volunteer_id) {
		jsonw_object(jw);
		jsonw_kint(jw, "id", w->volunteer_id);
		jsonw_kstr(jw, "name", w->volunteer_name);
		jsonw_object_end(jw);
	} else {
		jsonw_null(jw);
	}
	jsonw_ktime(jw, "adopted_at", w->adopted_at);
	jsonw_ktime(jw, "fulfilled_at", w->fulfilled_at);
	jsonw_ktime(jw, "confirmed_at", w->confirmed_at);
	jsonw_kint(jw, "minutes", w->minutes);
	jsonw_kint(jw, "points", w->points);
	jsonw_object_end(jw);
}

int
wishes_api(struct req *rq)
{
	const char *q = req_query(rq, "state");
	int want = q && *q ? wish_state_from_name(q) : -1;
	if (q && *q && want < 0)
		return req_errorf(rq, ERR_INVALID, "bad_state", "state", T(rq, WI_BAD_STATE));
	struct wish *v;
	size_t n;
	enum yl_err rc = store_wishes(rq->db, rq->a, rq->community_id, LIST_MAX, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		enum sight s = sight_of(rq, &v[i]);
		if (s == SIGHT_NONE || (want >= 0 && (int)v[i].state != want))
			continue;
		wish_json(rq, &jw, &v[i], s);
		total++;
	}
	jsonw_list_end(&jw, total);
	return 0;
}

int
wish_api(struct req *rq)
{
	struct wish w;
	enum sight s;
	if (wish_load(rq, &w, &s) < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	wish_json(rq, &jw, &w, s);
	return 0;
}

int
wish_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = wish_post(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

static int
step_api(struct req *rq, enum wish_step step)
{
	json_t *j = NULL;
	if (step == WSTEP_CONFIRM && (j = req_json_body(rq)) == NULL)
		return req_fail(rq);
	int64_t id;
	enum wish_state to;
	int r = wish_step(rq, j, step, &id, &to);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", wish_state_names[to]));
}

int
wish_adopt_api(struct req *rq)
{
	return step_api(rq, WSTEP_ADOPT);
}

int
wish_fulfil_api(struct req *rq)
{
	return step_api(rq, WSTEP_FULFIL);
}

int
wish_confirm_api(struct req *rq)
{
	return step_api(rq, WSTEP_CONFIRM);
}

int
wish_withdraw_api(struct req *rq)
{
	return step_api(rq, WSTEP_WITHDRAW);
}

/* Pages ------------------------------------------------------------------------------------------ */

static void
wish_item(struct req *rq, struct html *h, const struct wish *w, enum sight s)
{
	html_lit(h, "<li><a href=\"");
	html_url(h, arena_printf(rq->a, "/wishes/%lld", (long long)w->id));
	html_lit(h, "\">");
	html_text(h, w->title);
	html_lit(h, "</a> · ");
	html_text(h, state_text(rq, w->state));
	html_lit(h, "<br>");
	const char *where = s == SIGHT_FULL && *w->unit ? w->unit : w->building;
	html_text(h, *where ? req_tf(rq, MSG_WI_FOR_AT, person_name(rq, w, s), where) : person_name(rq, w, s));
	html_lit(h, "</li>");
}

/* One section of the list page: the wishes keep(w) picks, or nothing when none. */
static void
wish_section(struct req *rq, struct html *h, enum msg heading, const struct wish *v, size_t n,
             bool (*keep)(struct req *, const struct wish *))
{
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!keep(rq, &v[i]))
			continue;
		if (shown++ == 0) {
			html_lit(h, "<h2>");
			html_text(h, i18n_get(rq->lang, heading));
			html_lit(h, "</h2><ul class=\"history wishes\">");
		}
		wish_item(rq, h, &v[i], sight_of(rq, &v[i]));
	}
	if (shown)
		html_lit(h, "</ul>");
}

static bool
keep_open_to_adopt(struct req *rq, const struct wish *w)
{
	return w->state == WISH_OPEN && w->posted_by != rq->actor.id && req_may(rq, PERM_WISH_ADOPT);
}

static bool
keep_adopted_by_me(struct req *rq, const struct wish *w)
{
	return w->volunteer_account == rq->actor.id && rq->actor.id;
}

static bool
keep_mine(struct req *rq, const struct wish *w)
{
	return w->posted_by == rq->actor.id;
}

/* The wishes of the head's buildings (all of them for staff) that are not their own. */
static bool
keep_entered(struct req *rq, const struct wish *w)
{
	return w->posted_by != rq->actor.id && w->volunteer_account != rq->actor.id && w->state != WISH_WITHDRAWN &&
	       sight_of(rq, w) == SIGHT_FULL;
}

static void
post_forms(struct req *rq, struct html *h)
{
	if (!req_may(rq, PERM_WISH_POST))
		return;
	html_lit(h, "<section class=\"step\"><h2>");
	html_text(h, T(rq, WI_POST_TITLE));
	html_lit(h, "</h2><p>");
	html_text(h, T(rq, WI_POST_HINT));
	html_lit(h, "</p>");
	h->form_scope = "own";
	form_begin(rq, h, "/wishes");
	form_input(h, "title", T(rq, WI_TITLE_LABEL), "text", NULL, true, "off");
	form_textarea(h, "body", T(rq, WI_BODY_LABEL), NULL, 3, BODY_MAX, false);
	form_submit(h, T(rq, WI_POST_SUBMIT));
	form_end(h);
	html_lit(h, "</section>");
	struct target any = {rq->community_id, 0, 0, true};
	if (req_allowed(rq, PERM_PERSONAL_DATA, &any)) {
		html_lit(h, "<section class=\"step\"><h2>");
		html_text(h, T(rq, WI_ENTER_TITLE));
		html_lit(h, "</h2><p>");
		html_text(h, T(rq, WI_ENTER_HINT));
		html_lit(h, "</p>");
		h->form_scope = "paper";
		form_begin(rq, h, "/wishes");
		html_lit(h, "<input type=\"hidden\" name=\"channel\" value=\"paper\">");
		form_input(h, "for_name", T(rq, WI_FOR_NAME), "text", NULL, true, "off");
		form_input(h, "unit", T(rq, WI_UNIT_LABEL), "text", NULL, true, "off");
		form_input(h, "title", T(rq, WI_TITLE_LABEL), "text", NULL, true, "off");
		form_textarea(h, "body", T(rq, WI_BODY_LABEL), NULL, 3, BODY_MAX, false);
		form_submit(h, T(rq, WI_ENTER_SUBMIT));
		form_end(h);
		html_lit(h, "</section>");
	}
	h->form_scope = NULL;
}

static int
render_list(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct wish *v;
	size_t n;
	enum yl_err rc = store_wishes(rq->db, rq->a, rq->community_id, LIST_MAX, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, WI_TITLE));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, WI_LEAD));
	html_lit(&h, "</p>");
	size_t before = h.b.len;
	wish_section(rq, &h, MSG_WI_ADOPTED_BY_ME, v, n, keep_adopted_by_me);
	wish_section(rq, &h, MSG_WI_OPEN_TO_ADOPT, v, n, keep_open_to_adopt);
	wish_section(rq, &h, MSG_WI_MINE, v, n, keep_mine);
	wish_section(rq, &h, MSG_WI_ENTERED, v, n, keep_entered);
	if (h.b.len == before) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, WI_NONE));
		html_lit(&h, "</p>");
	}
	post_forms(rq, &h);
	return page_end(rq, &h);
}

int
wishes_page(struct req *rq)
{
	const char *d = req_query(rq, "done");
	return render_list(rq, d ? T(rq, WI_DONE_POSTED) : NULL, false);
}

static void
step_button(struct req *rq, struct html *h, const struct wish *w, const char *step, enum msg label)
{
	form_begin(rq, h, arena_printf(rq->a, "/wishes/%lld/%s", (long long)w->id, step));
	form_submit(h, i18n_get(rq->lang, label));
	form_end(h);
}

static int
render_wish(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct wish w;
	enum sight s;
	if (wish_load(rq, &w, &s) < 0)
		return -1;
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_WI_PAGE_TITLE, w.title));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead state\">");
	html_text(&h, state_text(rq, w.state));
	html_lit(&h, "</p>");
	if (*w.body) {
		html_lit(&h, "<p class=\"description\">");
		html_text(&h, w.body);
		html_lit(&h, "</p>");
	}
	html_lit(&h, "<dl class=\"facts\">");
	page_fact(&h, T(rq, WI_WHO), person_name(rq, &w, s));
	if (s == SIGHT_FULL && *w.unit)
		page_fact(&h, T(rq, WI_UNIT_LABEL), w.unit);
	else if (*w.building)
		page_fact(&h, T(rq, WI_BUILDING), w.building);
	if (w.paper && s == SIGHT_FULL)
		page_fact(&h, T(rq, WI_ENTERED_BY), w.poster_name);
	page_fact(&h, T(rq, WI_POSTED_AT), time_text(rq, w.posted_at));
	if (w.volunteer_id)
		page_fact(&h, T(rq, WI_VOLUNTEER), w.volunteer_name);
	if (w.fulfilled_at)
		page_fact(&h, T(rq, WI_FULFILLED_AT), time_text(rq, w.fulfilled_at));
	if (w.state == WISH_CONFIRMED)
		page_fact(&h, T(rq, WI_HOURS), req_tf(rq, MSG_WI_MINUTES_POINTS, (long long)w.minutes, (long long)w.points));
	html_lit(&h, "</dl>");

	bool poster = w.posted_by == rq->actor.id || staff(rq);
	if (w.state == WISH_OPEN && req_may(rq, PERM_WISH_ADOPT) && w.posted_by != rq->actor.id) {
		html_lit(&h, "<section class=\"step\"><p>");
		html_text(&h, T(rq, WI_ADOPT_HINT));
		html_lit(&h, "</p>");
		step_button(rq, &h, &w, "adopt", MSG_WI_ADOPT);
		html_lit(&h, "</section>");
	}
	if (w.state == WISH_ADOPTED && w.volunteer_account == rq->actor.id) {
		html_lit(&h, "<section class=\"step\"><p>");
		html_text(&h, T(rq, WI_FULFIL_HINT));
		html_lit(&h, "</p>");
		step_button(rq, &h, &w, "fulfil", MSG_WI_FULFIL);
		html_lit(&h, "</section>");
	}
	if (w.state == WISH_FULFILLED && poster) {
		html_lit(&h, "<section class=\"step\"><h2>");
		html_text(&h, T(rq, WI_CONFIRM_TITLE));
		html_lit(&h, "</h2><p>");
		html_text(&h, T(rq, WI_CONFIRM_HINT));
		html_lit(&h, "</p>");
		form_begin(rq, &h, arena_printf(rq->a, "/wishes/%lld/confirm", (long long)w.id));
		form_input(&h, "minutes", T(rq, WI_MINUTES), "number", "60", true, "off");
		form_submit(&h, T(rq, WI_CONFIRM));
		form_end(&h);
		html_lit(&h, "</section>");
	}
	if (w.state == WISH_OPEN && poster) {
		html_lit(&h, "<section class=\"step\">");
		step_button(rq, &h, &w, "withdraw", MSG_WI_WITHDRAW);
		html_lit(&h, "</section>");
	}
	html_lit(&h, "<p><a href=\"/wishes\">");
	html_text(&h, T(rq, WI_BACK));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
wish_page(struct req *rq)
{
	const char *d = req_query(rq, "done");
	return render_wish(rq, d ? T(rq, WI_DONE_STEP) : NULL, false);
}

int
wish_create_form(struct req *rq)
{
	int64_t id = 0;
	if (wish_post(rq, NULL, &id) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_list(rq, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/wishes/%lld?done=posted", (long long)id));
}

static int
step_form(struct req *rq, enum wish_step step)
{
	int64_t id;
	enum wish_state to;
	if (wish_step(rq, NULL, step, &id, &to) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_wish(rq, rq->err_message, true);
	}
	/* a withdrawn wish is gone from every list: back to the list */
	if (to == WISH_WITHDRAWN)
		return req_redirect(rq, "/wishes?done=withdrawn");
	return req_redirect(rq, arena_printf(rq->a, "/wishes/%lld?done=%s", (long long)id, wish_state_names[to]));
}

int
wish_adopt_form(struct req *rq)
{
	return step_form(rq, WSTEP_ADOPT);
}

int
wish_fulfil_form(struct req *rq)
{
	return step_form(rq, WSTEP_FULFIL);
}

int
wish_confirm_form(struct req *rq)
{
	return step_form(rq, WSTEP_CONFIRM);
}

int
wish_withdraw_form(struct req *rq)
{
	return step_form(rq, WSTEP_WITHDRAW);
}
