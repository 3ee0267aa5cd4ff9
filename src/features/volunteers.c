/* volunteers.c: volunteers reporting in (报到, issue 9) — the API and the shared rules; the pages
 * are in volunteer_pages.c.
 *
 * A person reports in once per community: the registration is applied until staff confirm it
 * (with the duty roles and buildings they decide, which grants the account the volunteer role)
 * or decline it. A declined registration, or one whose volunteer left, is taken up again when the
 * person reports in anew (the same row, back to applied), so an account never has two. Staff may
 * also enter someone without an account (paper): confirmed at once, as staff decided it. Phones
 * never leave staff's eyes; a card shows name, photo, duties, buildings and the person's own
 * commitment. Every write is one transaction with its audit row. */
#include "volunteers.h"
#include "volunteers_common.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/accounts.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../store/volunteers.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_CHARS 50
#define ORG_MAX 100
#define TEXT_MAX 200
#define LIST_MAX 20
#define TARGET_MAX 1000

/* Words and lookups --------------------------------------------------------------------------- */

static const enum msg state_msgs[VST__COUNT] = {[VST_APPLIED] = MSG_VO_STATE_APPLIED,
                                                 [VST_CONFIRMED] = MSG_VO_STATE_CONFIRMED,
                                                 [VST_DECLINED] = MSG_VO_STATE_DECLINED, [VST_LEFT] = MSG_VO_STATE_LEFT};

const char *
vol_state_text(struct req *rq, enum volunteer_state s)
{
	return (unsigned)s < VST__COUNT ? i18n_get(rq->lang, state_msgs[s]) : "?";
}

const char *
vol_role_name(struct req *rq, const struct vol_roles *r, const char *code)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].code, code) == 0)
			return rq->lang == LANG_EN && *r->v[i].name_en ? r->v[i].name_en : r->v[i].name;
	return code;
}

/* "宣传员、监督员" */
const char *
vol_roles_text(struct req *rq, const struct vol_roles *r, const struct volunteer *v)
{
	if (v->nroles == 0)
		return T(rq, VO_NO_ROLES);
	const char *sep = rq->lang == LANG_EN ? ", " : "、";
	const char *s = "";
	for (size_t i = 0; i < v->nroles; i++)
		s = arena_printf(rq->a, "%s%s%s", s, i ? sep : "", vol_role_name(rq, r, v->roles[i]));
	return s;
}

const char *
vol_buildings_text(struct req *rq, const struct volunteer *v)
{
	if (v->nbuildings == 0)
		return T(rq, VO_NO_BUILDINGS);
	const char *sep = rq->lang == LANG_EN ? ", " : "、";
	const char *s = "";
	for (size_t i = 0; i < v->nbuildings; i++)
		s = arena_printf(rq->a, "%s%s%s", s, i ? sep : "", v->buildings[i]);
	return s;
}

int
vol_roles_load(struct req *rq, struct vol_roles *r)
{
	enum yl_err rc = store_volunteer_roles(rq->db, rq->a, rq->community_id, &r->v, &r->n);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

bool
vol_is_manager(struct req *rq)
{
	return req_may(rq, PERM_VOLUNTEER_MANAGE);
}

int
volunteer_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_volunteer_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* The route's volunteer as the caller may see it: a confirmed one by anyone the route lets in;
 * another state only by staff or the person themselves (404 otherwise, as if absent). */
int
vol_load(struct req *rq, struct volunteer *v)
{
	enum yl_err rc = store_volunteer_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), v);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (v->state != VST_CONFIRMED && !vol_is_manager(rq) && !(v->account_id && v->account_id == rq->actor.id))
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* The calendar year holding now, in Beijing: [from, to) and the year's number. */
void
vol_this_year(int64_t *from, int64_t *to, int *year)
{
	char d[11], s[24];
	date_local(db_now(), d);
	*year = atoi(d);
	snprintf(s, sizeof s, "%04d-01-01", *year);
	date_parse_local(s, from);
	snprintf(s, sizeof s, "%04d-01-01", *year + 1);
	date_parse_local(s, to);
}

/* Inputs ------------------------------------------------------------------------------------------ */

/* Splits a form's "1栋、3栋, 5栋" at commas (either width), 、 and spaces. */
static size_t
split_names(struct req *rq, const char *s, const char **out, size_t max)
{
	size_t n = 0;
	while (*s) {
		size_t skip = 0;
		if (*s == ',' || *s == ' ' || *s == ';')
			skip = 1;
		else if (strncmp(s, "，", 3) == 0 || strncmp(s, "、", 3) == 0 || strncmp(s, "；", 3) == 0 ||
		         strncmp(s, "　", 3) == 0)
			skip = 3;
		if (skip) {
			s += skip;
			continue;
		}
		const char *e = s;
		while (*e && *e != ',' && *e != ' ' && *e != ';' && strncmp(e, "，", 3) != 0 && strncmp(e, "、", 3) != 0 &&
		       strncmp(e, "；", 3) != 0 && strncmp(e, "　", 3) != 0)
			e++;
		if (n == max)
			return max + 1;
		out[n++] = arena_strndup(rq->a, s, (size_t)(e - s));
		s = e;
	}
	return n;
}

/* A list of strings named key: from JSON an array of strings (absent or null: *present false);
 * from a form, every field of that name (roles: ticked boxes) or, split, the one text field
 * (buildings). */
static int
read_list(struct req *rq, json_t *j, const char *key, bool split, enum msg bad, const char ***out, size_t *n,
          bool *present)
{
	*n = 0;
	*present = false;
	const char **v = arena_zalloc(rq->a, (LIST_MAX + 1) * sizeof *v);
	*out = v;
	if (j) {
		json_t *a = json_object_get(j, key);
		if (a == NULL || json_is_null(a))
			return 0;
		if (!json_is_array(a))
			return req_errorf(rq, ERR_INVALID, "bad_list", key, i18n_get(rq->lang, bad));
		if (json_array_size(a) > LIST_MAX)
			return req_errorf(rq, ERR_INVALID, "too_many", key, req_tf(rq, MSG_VO_TOO_MANY, LIST_MAX));
		size_t i;
		json_t *e;
		json_array_foreach(a, i, e) {
			if (!json_is_string(e))
				return req_errorf(rq, ERR_INVALID, "bad_list", key, i18n_get(rq->lang, bad));
			v[(*n)++] = json_string_value(e);
		}
		*present = true;
		return 0;
	}
	/* a form sends the list when it shows it (duty_fields marks the boxes with roles_sent) */
	*present = split ? req_form(rq, key) != NULL : req_form(rq, "roles_sent") != NULL || req_form(rq, key) != NULL;
	if (!*present)
		return 0;
	if (split) {
		const char *s = req_form(rq, key);
		*n = split_names(rq, s ? s : "", v, LIST_MAX);
		if (*n > LIST_MAX)
			return req_errorf(rq, ERR_INVALID, "too_many", key, req_tf(rq, MSG_VO_TOO_MANY, LIST_MAX));
		return 0;
	}
	for (size_t i = 0; i < rq->form.n; i++) {
		if (strcmp(rq->form.v[i].name, key) != 0 || rq->form.v[i].is_file || !*rq->form.v[i].value)
			continue;
		if (*n == LIST_MAX)
			return req_errorf(rq, ERR_INVALID, "too_many", key, req_tf(rq, MSG_VO_TOO_MANY, LIST_MAX));
		v[(*n)++] = rq->form.v[i].value;
	}
	return 0;
}

/* Duty role codes and building names to ids of this community, each once. */
static int
resolve_lists(struct req *rq, json_t *j, struct vol_lists *l)
{
	memset(l, 0, sizeof *l);
	if (read_list(rq, j, "roles", false, MSG_VO_BAD_ROLES, &l->role_codes, &l->nroles, &l->has_roles) < 0 ||
	    read_list(rq, j, "buildings", j == NULL, MSG_VO_BAD_BUILDINGS, &l->building_names, &l->nbuildings,
	              &l->has_buildings) < 0)
		return -1;
	l->roles = arena_zalloc(rq->a, (l->nroles + 1) * sizeof *l->roles);
	l->buildings = arena_zalloc(rq->a, (l->nbuildings + 1) * sizeof *l->buildings);
	size_t k = 0;
	for (size_t i = 0; i < l->nroles; i++) {
		struct volunteer_role r;
		if (store_volunteer_role_find(rq->db, rq->a, rq->community_id, l->role_codes[i], &r) != YL_OK)
			return req_errorf(rq, ERR_INVALID, "unknown_role", "roles",
			                  req_tf(rq, MSG_VO_BAD_ROLE, l->role_codes[i]));
		bool dup = false;
		for (size_t m = 0; m < k; m++)
			dup = dup || l->roles[m] == r.id;
		if (!dup) {
			l->role_codes[k] = r.code;
			l->roles[k++] = r.id;
		}
	}
	l->nroles = k;
	k = 0;
	for (size_t i = 0; i < l->nbuildings; i++) {
		int64_t b;
		if (store_building_find(rq->db, rq->community_id, l->building_names[i], &b) != YL_OK)
			return req_errorf(rq, ERR_INVALID, "unknown_building", "buildings",
			                  req_tf(rq, MSG_VO_BAD_BUILDING, l->building_names[i]));
		bool dup = false;
		for (size_t m = 0; m < k; m++)
			dup = dup || l->buildings[m] == b;
		if (!dup) {
			l->building_names[k] = l->building_names[i];
			l->buildings[k++] = b;
		}
	}
	l->nbuildings = k;
	return 0;
}

static json_t *
strings_json(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* Mainland mobile numbers: 11 digits beginning with 1. */
static bool
phone_ok(const char *s)
{
	if (strlen(s) != 11 || s[0] != '1')
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int
vol_check(struct req *rq, json_t *j, struct vol_input *in)
{
	memset(in, 0, sizeof *in);
	struct volunteer_new *v = &in->v;
	if (j) {
		json_t *p = json_object_get(j, "paper");
		in->paper = p && json_is_true(p);
	} else {
		in->paper = req_form(rq, "paper") != NULL;
	}
	const char *name = field_value(rq, j, "name");
	if (!in->paper && (name == NULL || *name == '\0'))
		name = rq->actor.display_name && *rq->actor.display_name ? rq->actor.display_name : rq->actor.name;
	if (field_text(rq, "name", name, MSG_VO_NAME, NAME_MAX_CHARS, true, &v->name) < 0)
		return req_errorf(rq, ERR_INVALID, name && *name ? "too_long" : "required", "name",
		                  in->paper && (name == NULL || *name == '\0') ? T(rq, VO_NEED_ACCOUNT_NAME) : T(rq, VO_BAD_NAME));
	if (field_text(rq, "phone", field_value(rq, j, "phone"), MSG_VO_PHONE, 20, false, &v->phone) < 0)
		return req_errorf(rq, ERR_INVALID, "bad_phone", "phone", T(rq, VO_BAD_PHONE));
	if (*v->phone && !phone_ok(v->phone))
		return req_errorf(rq, ERR_INVALID, "bad_phone", "phone", T(rq, VO_BAD_PHONE));
	if (j) {
		json_t *pm = json_object_get(j, "party_member");
		if (pm && !json_is_null(pm) && !json_is_boolean(pm))
			return req_errorf(rq, ERR_INVALID, "bad_party_member", "party_member", T(rq, VO_BAD_PARTY_MEMBER));
		v->party_member = pm && json_is_true(pm);
	} else {
		const char *pm = req_form(rq, "party_member");
		v->party_member = pm && *pm && strcmp(pm, "0") != 0;
	}
	if (field_text(rq, "party_org", field_value(rq, j, "party_org"), MSG_VO_PARTY_ORG, ORG_MAX, false, &v->party_org) < 0)
		return -1;
	if (v->party_member && *v->party_org == '\0')
		return req_errorf(rq, ERR_INVALID, "required", "party_org", T(rq, VO_NEED_PARTY_ORG));
	if (!v->party_member)
		v->party_org = ""; /* a Party organisation belongs only to a member's card */
	if (field_text(rq, "skills", field_value(rq, j, "skills"), MSG_VO_SKILLS, TEXT_MAX, false, &v->skills) < 0 ||
	    field_text(rq, "availability", field_value(rq, j, "availability"), MSG_VO_AVAILABILITY, TEXT_MAX, false,
	               &v->availability) < 0 ||
	    field_text(rq, "commitment", field_value(rq, j, "commitment"), MSG_VO_COMMITMENT, TEXT_MAX, false,
	               &v->commitment) < 0)
		return -1;
	if (resolve_lists(rq, j, &in->l) < 0)
		return -1;
	v->photo = "";
	v->now = db_now();
	v->by = rq->actor.id;
	if (in->paper) {
		if (!vol_is_manager(rq))
			return req_error(rq, ERR_FORBIDDEN);
		v->account_id = 0;
		v->state = VST_CONFIRMED;
	} else {
		v->account_id = rq->actor.id;
		v->state = VST_APPLIED;
	}
	return 0;
}

/* Writes ------------------------------------------------------------------------------------------ */

int
vol_apply(struct req *rq, struct vol_input *in, int64_t *id)
{
	struct volunteer_new *v = &in->v;
	if (v->account_id) {
		struct volunteer old;
		enum yl_err e = store_volunteer_of_account(rq->db, rq->a, rq->community_id, v->account_id, &old);
		if (e == YL_OK && (old.state == VST_APPLIED || old.state == VST_CONFIRMED)) {
			*id = old.id;
			return req_errorf(rq, ERR_CONFLICT, "exists", NULL, req_tf(rq, MSG_VO_EXISTS, vol_state_text(rq, old.state)));
		}
		if (e != YL_OK && e != ERR_NOTFOUND)
			return req_error(rq, e);
	}
	bool again = false;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_volunteer_apply(rq->db, rq->community_id, v, id, &again);
	if (rc == YL_OK)
		rc = store_volunteer_set_duties(rq->db, rq->community_id, *id, in->l.roles, in->l.nroles);
	if (rc == YL_OK)
		rc = store_volunteer_set_buildings(rq->db, rq->community_id, *id, in->l.buildings, in->l.nbuildings);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, in->paper ? "volunteer.enter" : "volunteer.apply", "volunteer", *id,
		               json_pack("{s:b, s:o, s:o, s:b, s:b}", "party_member", v->party_member, "roles",
		                         strings_json(in->l.role_codes, in->l.nroles), "buildings",
		                         strings_json(in->l.building_names, in->l.nbuildings), "photo", *v->photo != '\0',
		                         "again", again));
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "exists", NULL, req_tf(rq, MSG_VO_EXISTS, vol_state_text(rq, VST_APPLIED)));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Confirms (with the duties and buildings staff decide, else those wished) or declines. */
int
vol_decide(struct req *rq, json_t *j, bool confirm, int64_t *id)
{
	struct volunteer v;
	struct vol_lists l;
	if (vol_load(rq, &v) < 0)
		return -1;
	*id = v.id;
	if (v.state != VST_APPLIED)
		return req_errorf(rq, ERR_CONFLICT, "not_applied", NULL, req_tf(rq, MSG_VO_NOT_APPLIED, vol_state_text(rq, v.state)));
	if (confirm && resolve_lists(rq, j, &l) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_volunteer_move(rq->db, rq->community_id, v.id, VST_APPLIED, confirm ? VST_CONFIRMED : VST_DECLINED,
		                          rq->actor.id, db_now());
	if (rc == YL_OK && confirm && l.has_roles)
		rc = store_volunteer_set_duties(rq->db, rq->community_id, v.id, l.roles, l.nroles);
	if (rc == YL_OK && confirm && l.has_buildings)
		rc = store_volunteer_set_buildings(rq->db, rq->community_id, v.id, l.buildings, l.nbuildings);
	if (rc == YL_OK && confirm && v.account_id) {
		enum yl_err g = store_role_grant(rq->db, v.account_id, ROLE_VOLUNTEER, rq->community_id);
		if (g == YL_OK)
			rc = req_audit(rq, rq->community_id, "role.grant", "account", v.account_id,
			               json_pack("{s:s, s:I}", "role", role_name(ROLE_VOLUNTEER), "community_id",
			                         (json_int_t)rq->community_id));
		else if (g != ERR_CONFLICT) /* held already: nothing to record */
			rc = g;
	}
	if (rc == YL_OK) {
		json_t *d = json_object();
		if (confirm && l.has_roles)
			json_object_set_new(d, "roles", strings_json(l.role_codes, l.nroles));
		if (confirm && l.has_buildings)
			json_object_set_new(d, "buildings", strings_json(l.building_names, l.nbuildings));
		rc = req_audit(rq, rq->community_id, confirm ? "volunteer.confirm" : "volunteer.decline", "volunteer", v.id, d);
	}
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "not_applied", NULL, req_tf(rq, MSG_VO_NOT_APPLIED, vol_state_text(rq, VST_CONFIRMED)));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Staff change a confirmed volunteer's duties or buildings, or mark them as left (which takes
 * the volunteer role back: sign-ups and adoptions need it). */
int
vol_update(struct req *rq, json_t *j, int64_t *id)
{
	struct volunteer v;
	struct vol_lists l;
	if (vol_load(rq, &v) < 0)
		return -1;
	*id = v.id;
	const char *state = field_value(rq, j, "state");
	bool leave = false;
	if (state && *state) {
		if (strcmp(state, "left") != 0)
			return req_errorf(rq, ERR_INVALID, "bad_state", "state", T(rq, VO_BAD_STATE));
		leave = true;
	}
	if (leave) {
		memset(&l, 0, sizeof l);
	} else if (resolve_lists(rq, j, &l) < 0) {
		return -1;
	}
	if (!leave && !l.has_roles && !l.has_buildings)
		return req_errorf(rq, ERR_INVALID, "nothing_to_change", NULL, T(rq, VO_NOTHING));
	if (v.state != VST_CONFIRMED)
		return req_errorf(rq, ERR_CONFLICT, "not_confirmed", NULL,
		                  req_tf(rq, MSG_VO_NOT_CONFIRMED, vol_state_text(rq, v.state)));
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK && leave) {
		rc = store_volunteer_move(rq->db, rq->community_id, v.id, VST_CONFIRMED, VST_LEFT, rq->actor.id, db_now());
		if (rc == YL_OK)
			rc = req_audit(rq, rq->community_id, "volunteer.left", "volunteer", v.id, NULL);
		if (rc == YL_OK && v.account_id) {
			enum yl_err g = store_role_revoke(rq->db, v.account_id, ROLE_VOLUNTEER, rq->community_id);
			if (g == YL_OK)
				rc = req_audit(rq, rq->community_id, "role.revoke", "account", v.account_id,
				               json_pack("{s:s, s:I}", "role", role_name(ROLE_VOLUNTEER), "community_id",
				                         (json_int_t)rq->community_id));
			else if (g != ERR_NOTFOUND)
				rc = g;
		}
	} else if (rc == YL_OK) {
		if (l.has_roles)
			rc = store_volunteer_set_duties(rq->db, rq->community_id, v.id, l.roles, l.nroles);
		if (rc == YL_OK && l.has_buildings)
			rc = store_volunteer_set_buildings(rq->db, rq->community_id, v.id, l.buildings, l.nbuildings);
		if (rc == YL_OK) {
			json_t *d = json_object();
			if (l.has_roles)
				json_object_set_new(d, "roles", strings_json(l.role_codes, l.nroles));
			if (l.has_buildings)
				json_object_set_new(d, "buildings", strings_json(l.building_names, l.nbuildings));
			rc = req_audit(rq, rq->community_id, "volunteer.update", "volunteer", v.id, d);
		}
	}
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "not_confirmed", NULL, req_tf(rq, MSG_VO_NOT_CONFIRMED, vol_state_text(rq, VST_LEFT)));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

int
vol_target_set(struct req *rq, json_t *j, int64_t *hours)
{
	if (field_int(rq, "hours", field_value(rq, j, "hours"), MSG_VO_TARGET_HOURS, 0, TARGET_MAX, true, hours) < 0)
		return req_errorf(rq, ERR_INVALID, "bad_target", "hours", T(rq, VO_BAD_TARGET));
	int64_t old = 0;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_volunteer_target(rq->db, rq->community_id, &old);
	if (rc == YL_OK)
		rc = store_volunteer_target_set(rq->db, rq->community_id, *hours);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "volunteer.target", "community", rq->community_id,
		               json_pack("{s:I, s:I}", "from", (json_int_t)old, "hours", (json_int_t)*hours));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Inspections ----------------------------------------------------------------------------------- */

bool
volunteer_has_duty(struct req *rq, const char *code)
{
	for (size_t i = 0; i < rq->actor.ngrants; i++)
		if (rq->actor.grants[i].role == ROLE_STAFF && rq->actor.grants[i].community_id == rq->community_id)
			return true;
	struct volunteer v;
	if (rq->actor.id == 0 ||
	    store_volunteer_of_account(rq->db, rq->a, rq->community_id, rq->actor.id, &v) != YL_OK ||
	    v.state != VST_CONFIRMED)
		return false;
	return store_volunteer_has_role(rq->db, rq->community_id, v.id, code);
}

bool
volunteer_may_inspect(struct req *rq)
{
	return volunteer_has_duty(rq, "supervisor");
}

int
volunteer_inspect_check(struct req *rq)
{
	if (volunteer_may_inspect(rq))
		return 0;
	return req_errorf(rq, ERR_FORBIDDEN, "not_supervisor", NULL, T(rq, VO_NOT_SUPERVISOR));
}

/* JSON ------------------------------------------------------------------------------------------- */

static void
volunteer_json(struct req *rq, struct jsonw *jw, const struct volunteer *v, bool private)
{
	jsonw_object(jw);
	jsonw_kint(jw, "id", v->id);
	jsonw_kstr(jw, "name", v->name);
	jsonw_key(jw, "roles");
	jsonw_array(jw);
	for (size_t i = 0; i < v->nroles; i++)
		jsonw_str(jw, v->roles[i]);
	jsonw_array_end(jw);
	jsonw_key(jw, "buildings");
	jsonw_array(jw);
	for (size_t i = 0; i < v->nbuildings; i++)
		jsonw_str(jw, v->buildings[i]);
	jsonw_array_end(jw);
	jsonw_kstr(jw, "commitment", v->commitment);
	jsonw_key(jw, "party_member");
	jsonw_bool(jw, v->party_member);
	jsonw_kstr(jw, "party_org", v->party_org);
	jsonw_key(jw, "photo");
	if (*v->photo)
		jsonw_str(jw, arena_printf(rq->a, "/volunteers/photos/%lld", (long long)v->id));
	else
		jsonw_null(jw);
	if (private) {
		jsonw_kstr(jw, "state", volunteer_state_names[v->state]);
		jsonw_kstr(jw, "phone", v->phone);
		jsonw_kstr(jw, "skills", v->skills);
		jsonw_kstr(jw, "availability", v->availability);
		jsonw_kint_or_null(jw, "account_id", v->account_id);
		char b[26];
		time_rfc3339(v->applied_at, b);
		jsonw_kstr(jw, "applied_at", b);
	}
	jsonw_object_end(jw);
}

int
volunteers_api(struct req *rq)
{
	enum volunteer_state st = VST_CONFIRMED;
	const char *s = req_query(rq, "state");
	if (s && *s) {
		int k = -1;
		for (int i = 0; i < VST__COUNT; i++)
			if (strcmp(s, volunteer_state_names[i]) == 0)
				k = i;
		if (k < 0)
			return req_errorf(rq, ERR_INVALID, "bad_state", "state", T(rq, VO_BAD_STATE));
		st = (enum volunteer_state)k;
		if (st != VST_CONFIRMED && !vol_is_manager(rq))
			return req_error(rq, ERR_FORBIDDEN);
	}
	int64_t limit, offset;
	if (field_paging(rq, 1000, 100, &limit, &offset) < 0)
		return req_fail(rq);
	struct volunteer *v;
	size_t n;
	enum yl_err rc = store_volunteers(rq->db, rq->a, rq->community_id, st, 0, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool priv = vol_is_manager(rq);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
		volunteer_json(rq, &jw, &v[i], priv);
	jsonw_list_end(&jw, (int64_t)n);
	return 0;
}

int
volunteer_api(struct req *rq)
{
	struct volunteer v;
	if (vol_load(rq, &v) < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	volunteer_json(rq, &jw, &v, vol_is_manager(rq) || (v.account_id && v.account_id == rq->actor.id));
	return 0;
}

int
volunteer_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	struct vol_input in;
	int64_t id = 0;
	int r = vol_check(rq, j, &in);
	if (r == 0)
		r = vol_apply(rq, &in, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

static int
json_write(struct req *rq, int (*fn)(struct req *, json_t *, int64_t *))
{
	json_t *j = rq->body_len ? req_json_body(rq) : json_object();
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = fn(rq, j, &id);
	json_decref(j);
	if (r < 0)
		return -1;
	struct volunteer v;
	if (vol_load(rq, &v) < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	volunteer_json(rq, &jw, &v, true);
	return 0;
}

static int
confirm_w(struct req *rq, json_t *j, int64_t *id)
{
	return vol_decide(rq, j, true, id);
}

static int
decline_w(struct req *rq, json_t *j, int64_t *id)
{
	return vol_decide(rq, j, false, id);
}

int
volunteer_confirm_api(struct req *rq)
{
	return json_write(rq, confirm_w);
}

int
volunteer_decline_api(struct req *rq)
{
	return json_write(rq, decline_w);
}

int
volunteer_update_api(struct req *rq)
{
	return json_write(rq, vol_update);
}

/* Duty roles ------------------------------------------------------------------------------------- */

static void
role_json(struct jsonw *jw, const struct volunteer_role *r)
{
	jsonw_object(jw);
	jsonw_kint(jw, "id", r->id);
	jsonw_kstr(jw, "code", r->code);
	jsonw_kstr(jw, "name", r->name);
	jsonw_kstr(jw, "name_en", r->name_en);
	jsonw_key(jw, "builtin");
	jsonw_bool(jw, r->builtin);
	jsonw_object_end(jw);
}

int
volunteer_roles_api(struct req *rq)
{
	struct vol_roles r;
	if (vol_roles_load(rq, &r) < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < r.n; i++)
		role_json(&jw, &r.v[i]);
	jsonw_list_end(&jw, (int64_t)r.n);
	return 0;
}

static bool
code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32 || s[0] < 'a' || s[0] > 'z')
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static int
role_names(struct req *rq, json_t *j, const char **name, const char **name_en)
{
	if (field_text(rq, "name", field_value(rq, j, "name"), MSG_VO_ROLE_NAME, 20, true, name) < 0 ||
	    field_text(rq, "name_en", field_value(rq, j, "name_en"), MSG_VO_ROLE_NAME_EN, 40, false, name_en) < 0)
		return -1;
	return 0;
}

int
volunteer_role_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	const char *code = field_value(rq, j, "code"), *name, *name_en;
	int64_t id = 0;
	int r = 0;
	if (code == NULL || !code_ok(code))
		r = req_errorf(rq, ERR_INVALID, code && *code ? "bad_code" : "required", "code", T(rq, VO_BAD_ROLE_CODE));
	if (r == 0)
		r = role_names(rq, j, &name, &name_en);
	if (r == 0) {
		enum yl_err rc = store_begin_community(rq->db, rq->community_id);
		if (rc == YL_OK)
			rc = store_volunteer_role_add(rq->db, rq->community_id, code, name, name_en, &id);
		if (rc == YL_OK)
			rc = req_audit(rq, rq->community_id, "volunteer_role.add", "volunteer_role", id,
			               json_pack("{s:s, s:s, s:s}", "code", code, "name", name, "name_en", name_en));
		rc = store_end(rq->db, rc);
		if (rc == ERR_CONFLICT)
			r = req_errorf(rq, rc, "code_taken", "code", T(rq, VO_ROLE_TAKEN));
		else if (rc != YL_OK)
			r = req_error(rq, rc);
	}
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

/* The route's {code} role, refused when builtin. */
static int
role_load(struct req *rq, struct volunteer_role *r)
{
	const char *code = req_param(rq, "code");
	if (code == NULL || store_volunteer_role_find(rq->db, rq->a, rq->community_id, code, r) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	if (r->builtin)
		return req_errorf(rq, ERR_CONFLICT, "builtin", NULL, T(rq, VO_ROLE_BUILTIN));
	return 0;
}

int
volunteer_role_update_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	struct volunteer_role r;
	const char *name, *name_en;
	int rr = role_load(rq, &r);
	if (rr == 0)
		rr = role_names(rq, j, &name, &name_en);
	if (rr == 0) {
		enum yl_err rc = store_begin_community(rq->db, rq->community_id);
		if (rc == YL_OK)
			rc = store_volunteer_role_rename(rq->db, rq->community_id, r.id, name, name_en);
		if (rc == YL_OK)
			rc = req_audit(rq, rq->community_id, "volunteer_role.rename", "volunteer_role", r.id,
			               json_pack("{s:s, s:s, s:s, s:s}", "code", r.code, "from", r.name, "name", name, "name_en",
			                         name_en));
		rc = store_end(rq->db, rc);
		if (rc != YL_OK)
			rr = rc == ERR_FORBIDDEN ? req_errorf(rq, ERR_CONFLICT, "builtin", NULL, T(rq, VO_ROLE_BUILTIN))
			                         : req_error(rq, rc);
		else
			r.name = arena_strdup(rq->a, name), r.name_en = arena_strdup(rq->a, name_en); /* j goes below */
	}
	json_decref(j);
	if (rr < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	role_json(&jw, &r);
	return 0;
}

int
volunteer_role_delete_api(struct req *rq)
{
	struct volunteer_role r;
	if (role_load(rq, &r) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_volunteer_role_remove(rq->db, rq->community_id, r.id);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "volunteer_role.remove", "volunteer_role", r.id,
		               json_pack("{s:s, s:s}", "code", r.code, "name", r.name));
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "in_use", NULL, T(rq, VO_ROLE_IN_USE));
	if (rc == ERR_FORBIDDEN)
		return req_errorf(rq, ERR_CONFLICT, "builtin", NULL, T(rq, VO_ROLE_BUILTIN));
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_json(rq, 200, json_pack("{s:I}", "id", (json_int_t)r.id));
}

/* The yearly target ------------------------------------------------------------------------------- */

int
vol_target_load(struct req *rq, struct vol_target *t)
{
	vol_this_year(&t->from, &t->to, &t->year);
	enum yl_err rc = store_volunteer_target(rq->db, rq->community_id, &t->hours);
	if (rc == YL_OK)
		rc = store_volunteer_hours(rq->db, rq->a, rq->community_id, t->from, t->to, &t->v, &t->n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	t->short_count = 0;
	for (size_t i = 0; i < t->n; i++)
		if (vol_short_minutes(t->hours, t->v[i].minutes) > 0)
			t->short_count++;
	return 0;
}

int64_t
vol_short_minutes(int64_t target_hours, int64_t minutes)
{
	int64_t need = target_hours * 60 - minutes;
	return need > 0 ? need : 0;
}

int
volunteer_target_api(struct req *rq)
{
	struct vol_target t;
	if (vol_target_load(rq, &t) < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_object(&jw);
	jsonw_kint(&jw, "year", t.year);
	jsonw_kint(&jw, "target_hours", t.hours);
	jsonw_kint(&jw, "short", (int64_t)t.short_count);
	jsonw_kint(&jw, "total", (int64_t)t.n);
	jsonw_key(&jw, "items");
	jsonw_array(&jw);
	for (size_t i = 0; i < t.n; i++) {
		jsonw_object(&jw);
		jsonw_kint(&jw, "id", t.v[i].id);
		jsonw_kstr(&jw, "name", t.v[i].name);
		jsonw_kstr(&jw, "party_org", t.v[i].party_org);
		jsonw_kint(&jw, "minutes", t.v[i].minutes);
		jsonw_kint(&jw, "short_minutes", vol_short_minutes(t.hours, t.v[i].minutes));
		jsonw_object_end(&jw);
	}
	jsonw_array_end(&jw);
	jsonw_object_end(&jw);
	return 0;
}

int
volunteer_target_set_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t hours = 0;
	int r = vol_target_set(rq, j, &hours);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 200, json_pack("{s:I}", "hours", (json_int_t)hours));
}
