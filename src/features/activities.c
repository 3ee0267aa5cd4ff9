/* activities.c: volunteer activities and duties (issue 9) — the writes (post, cancel, sign up,
 * withdraw, roster, attendance), the hours counted from them, and the JSON API. The pages are in
 * activity_pages.c.
 *
 * Every check that depends on what others may be doing at the same moment — the places left on
 * a slot, whether the volunteer is on the roster, whether attendance was confirmed — is made
 * after store_begin_community, under the community's write lock, and the store's guarded writes
 * repeat it in the statement: two volunteers racing for the last place cannot both get it. */
#include "activities.h"
#include "../core/activity.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/activities.h"
#include "../store/db.h"
#include "../store/volunteers.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_MAX 100
#define PLACE_MAX 100
#define BODY_MAX 2000
#define SLOTS_MAX 1000
#define ENTRIES_MAX 1000
#define HOUSEHOLDS_MAX 100000

const char *const hours_group_names[HG__COUNT] = {[HG_PERSON] = "person", [HG_TEAM] = "team", [HG_MONTH] = "month"};

/* Words and loading -------------------------------------------------------------------------- */

const char *
activity_role_text(struct req *rq, const struct activity_slot *s)
{
	if (s->role_id == 0)
		return T(rq, AC_ANY_VOLUNTEER);
	return rq->lang == LANG_EN && s->role_name_en && *s->role_name_en ? s->role_name_en : s->role_name;
}

const char *
activity_when_text(struct req *rq, const struct activity *a)
{
	char from[20], to[20];
	time_local(a->starts_at, from);
	time_local(a->ends_at, to);
	if (memcmp(from, to, 10) == 0)
		return arena_printf(rq->a, "%s–%s", from, to + 11);
	return arena_printf(rq->a, "%s – %s", from, to);
}

int
activity_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_activity_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
activity_load(struct req *rq, struct activity *a)
{
	enum yl_err rc = store_activity_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), a);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

static struct activity_facts
facts_of(const struct activity *a)
{
	return (struct activity_facts){.starts_at = a->starts_at,
	                               .ends_at = a->ends_at,
	                               .cancelled = a->cancelled,
	                               .notice = strcmp(a->link_type, "notice") == 0};
}

/* The refusal a verdict stands for, as the API answers it. */
static int
refuse(struct req *rq, enum activity_verdict v)
{
	switch (v) {
	case ACT_CANCELLED:
		return req_errorf(rq, ERR_CONFLICT, "cancelled", NULL, T(rq, AC_IS_CANCELLED));
	case ACT_STARTED:
		return req_errorf(rq, ERR_CONFLICT, "started", NULL, T(rq, AC_STARTED));
	case ACT_ALREADY:
		return req_errorf(rq, ERR_CONFLICT, "already_signed_up", NULL, T(rq, AC_ALREADY));
	case ACT_ROLE_NOT_HELD:
		return req_errorf(rq, ERR_FORBIDDEN, "role_not_held", "role", T(rq, AC_ROLE_NOT_HELD));
	case ACT_NOT_SELF:
		return req_errorf(rq, ERR_FORBIDDEN, "not_self_signup", "role", T(rq, AC_NOT_SELF));
	case ACT_FULL:
		return req_errorf(rq, ERR_CONFLICT, "full", "role", T(rq, AC_FULL));
	case ACT_NOT_OVER:
		return req_errorf(rq, ERR_CONFLICT, "not_over", NULL, T(rq, AC_NOT_OVER));
	case ACT_CONFIRMED:
		return req_errorf(rq, ERR_CONFLICT, "already_confirmed", "entries", T(rq, AC_ALREADY_CONFIRMED));
	case ACT_BAD_MINUTES:
		return req_errorf(rq, ERR_INVALID, "bad_minutes", "minutes", T(rq, AC_BAD_MINUTES));
	case ACT_NO_HOUSEHOLDS:
		return req_errorf(rq, ERR_INVALID, "bad_households", "households", T(rq, AC_BAD_HOUSEHOLDS));
	case ACT_OK:
		break;
	}
	return req_error(rq, ERR_INTERNAL);
}

/* Posting an activity ------------------------------------------------------------------------ */

static int
field_time(struct req *rq, const char *name, const char *value, int64_t *out)
{
	if (value != field_bad_type && (value == NULL || *value == '\0'))
		return req_errorf(rq, ERR_INVALID, "required", name, T(rq, AC_BAD_TIME));
	if (activity_parse_local_time(value, out) < 0)
		return req_errorf(rq, ERR_INVALID, "bad_time", name, T(rq, AC_BAD_TIME));
	return 0;
}

/* One slot from its role code (NULL or "" for any volunteer), count and self sign-up. */
static int
add_slot(struct req *rq, const char *code, int64_t count, bool self, struct activity_slot *v, size_t *n)
{
	struct activity_slot s = {.role_code = code && *code ? code : "", .slots = count, .self_signup = self};
	if (count < 1 || count > SLOTS_MAX)
		return req_errorf(rq, ERR_INVALID, "bad_slots", "slots", T(rq, AC_BAD_SLOTS));
	if (*s.role_code) {
		enum yl_err rc = store_role_id(rq->db, rq->community_id, s.role_code, &s.role_id);
		if (rc == ERR_NOTFOUND)
			return req_errorf(rq, ERR_INVALID, "unknown_role", "slots", req_tf(rq, MSG_AC_UNKNOWN_ROLE, s.role_code));
		if (rc != YL_OK)
			return req_error(rq, rc);
	}
	for (size_t i = 0; i < *n; i++)
		if (v[i].role_id == s.role_id)
			return req_errorf(rq, ERR_INVALID, "bad_slots", "slots", T(rq, AC_DUPLICATE_SLOT));
	v[(*n)++] = s;
	return 0;
}

static int
read_slots_json(struct req *rq, json_t *j, struct activity_slot **v, size_t *n)
{
	json_t *a = json_object_get(j, "slots");
	*n = 0;
	if (a == NULL || json_is_null(a) || (json_is_array(a) && json_array_size(a) == 0))
		return req_errorf(rq, ERR_INVALID, "no_slots", "slots", T(rq, AC_NO_SLOTS));
	if (!json_is_array(a) || json_array_size(a) > 100)
		return req_errorf(rq, ERR_INVALID, "bad_slots", "slots", T(rq, AC_BAD_SLOTS));
	*v = arena_zalloc(rq->a, json_array_size(a) * sizeof **v);
	size_t i;
	json_t *s;
	json_array_foreach(a, i, s) {
		json_t *role = json_object_get(s, "role"), *count = json_object_get(s, "slots");
		json_t *self = json_object_get(s, "self_signup");
		if (!json_is_object(s) || !json_is_integer(count) || (role && !json_is_null(role) && !json_is_string(role)) ||
		    (self && !json_is_boolean(self)))
			return req_errorf(rq, ERR_INVALID, "bad_slots", "slots", T(rq, AC_BAD_SLOTS));
		if (add_slot(rq, json_string_value(role), json_integer_value(count), self == NULL || json_is_true(self), *v, n) < 0)
			return -1;
	}
	return 0;
}

/* The form: "slots_<code>" (a number, empty or 0 for no slot) and "self_<code>" for each duty
 * role, "slots_any" and "self_any" for any volunteer. */
static int
read_slots_form(struct req *rq, struct activity_slot **v, size_t *n)
{
	struct volunteer_role *roles;
	size_t nr;
	enum yl_err rc = store_volunteer_roles(rq->db, rq->a, rq->community_id, &roles, &nr);
	if (rc != YL_OK)
		return req_error(rq, rc);
	*v = arena_zalloc(rq->a, (nr + 1) * sizeof **v);
	*n = 0;
	for (size_t i = 0; i <= nr; i++) {
		const char *code = i < nr ? roles[i].code : "any";
		const char *value = req_form(rq, arena_printf(rq->a, "slots_%s", code));
		if (value == NULL || *value == '\0' || strcmp(value, "0") == 0)
			continue;
		int64_t count;
		if (field_int(rq, "slots", value, MSG_AC_SLOTS, 1, SLOTS_MAX, true, &count) < 0)
			return req_errorf(rq, ERR_INVALID, "bad_slots", "slots", T(rq, AC_BAD_SLOTS));
		bool self = req_form(rq, arena_printf(rq->a, "self_%s", code)) != NULL;
		if (add_slot(rq, i < nr ? code : NULL, count, self, *v, n) < 0)
			return -1;
	}
	if (*n == 0)
		return req_errorf(rq, ERR_INVALID, "no_slots", "slots", T(rq, AC_NO_SLOTS));
	return 0;
}

/* The link: JSON {"type","id"} (or null); the form "link_type" and "link_id". */
static int
read_link(struct req *rq, json_t *j, struct activity *a)
{
	const char *type = NULL, *id = NULL;
	if (j) {
		json_t *l = json_object_get(j, "link");
		if (l == NULL || json_is_null(l))
			return 0;
		if (!json_is_object(l) || !json_is_string(json_object_get(l, "type")))
			return req_errorf(rq, ERR_INVALID, "bad_link", "link", T(rq, AC_BAD_LINK));
		type = json_string_value(json_object_get(l, "type"));
		id = field_value(rq, l, "id");
	} else {
		type = req_form(rq, "link_type");
		id = req_form(rq, "link_id");
		if (type == NULL || *type == '\0')
			return 0;
	}
	if (strcmp(type, "problem") != 0 && strcmp(type, "inspection") != 0 && strcmp(type, "notice") != 0)
		return req_errorf(rq, ERR_INVALID, "bad_link", "link", T(rq, AC_BAD_LINK));
	a->link_type = type;
	if (field_int(rq, "link", id, MSG_AC_LINK_ID, 1, INT64_MAX, true, &a->link_id) < 0)
		return req_errorf(rq, ERR_INVALID, "bad_link", "link", T(rq, AC_BAD_LINK));
	if (strcmp(type, "notice") == 0)
		return 0; /* notices do not exist yet: the number is kept as given */
	bool yes;
	enum yl_err rc = store_activity_link_exists(rq->db, rq->community_id, type, a->link_id, &yes);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (!yes)
		return req_errorf(rq, ERR_INVALID, "unknown_link", "link",
		                  req_tf(rq, strcmp(type, "problem") == 0 ? MSG_AC_NO_PROBLEM : MSG_AC_NO_WORK,
		                         (long long)a->link_id));
	return 0;
}

int
activity_create(struct req *rq, json_t *j, int64_t *id)
{
	struct activity a = {.link_type = "", .created_by = rq->actor.id, .created_at = db_now()};
	struct activity_slot *slots = NULL;
	size_t nslots = 0;
	const char *kind = field_value(rq, j, "kind");
	if (field_text(rq, "title", field_value(rq, j, "title"), MSG_AC_TITLE_FIELD, TITLE_MAX, true, &a.title) < 0 ||
	    field_text(rq, "body", field_value(rq, j, "body"), MSG_AC_BODY, BODY_MAX, false, &a.body) < 0 ||
	    field_text(rq, "place", field_value(rq, j, "place"), MSG_AC_PLACE, PLACE_MAX, false, &a.place) < 0 ||
	    field_time(rq, "starts_at", field_value(rq, j, "starts_at"), &a.starts_at) < 0 ||
	    field_time(rq, "ends_at", field_value(rq, j, "ends_at"), &a.ends_at) < 0)
		return -1;
	if (a.ends_at <= a.starts_at)
		return req_errorf(rq, ERR_INVALID, "bad_schedule", "ends_at", T(rq, AC_BAD_SCHEDULE));
	if (kind == NULL || *kind == '\0' || strcmp(kind, "activity") == 0)
		a.duty = false;
	else if (strcmp(kind, "duty") == 0)
		a.duty = true;
	else
		return req_errorf(rq, ERR_INVALID, "bad_kind", "kind", T(rq, AC_BAD_KIND));
	if ((j ? read_slots_json(rq, j, &slots, &nslots) : read_slots_form(rq, &slots, &nslots)) < 0 ||
	    read_link(rq, j, &a) < 0)
		return -1;

	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_activity_create(rq->db, rq->community_id, &a, slots, nslots, id);
	if (rc == YL_OK) {
		json_t *ss = json_array();
		for (size_t i = 0; i < nslots; i++)
			json_array_append_new(ss, json_pack("{s:s, s:I, s:b}", "role", slots[i].role_code, "slots",
			                                    (json_int_t)slots[i].slots, "self_signup", slots[i].self_signup));
		rc = req_audit(rq, rq->community_id, "activity.create", "activity", *id,
		               json_pack("{s:s, s:s, s:I, s:I, s:s, s:I, s:o}", "title", a.title, "kind",
		                         a.duty ? "duty" : "activity", "starts_at", (json_int_t)a.starts_at, "ends_at",
		                         (json_int_t)a.ends_at, "link_type", a.link_type, "link_id", (json_int_t)a.link_id,
		                         "slots", ss));
	}
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

int
activity_cancel(struct req *rq)
{
	struct activity a;
	if (activity_load(rq, &a) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	int64_t confirmed = 0;
	if (rc == YL_OK)
		rc = store_activity_confirmed(rq->db, rq->community_id, a.id, &confirmed);
	if (rc == YL_OK && confirmed > 0) {
		store_end(rq->db, ERR_CONFLICT);
		return req_errorf(rq, ERR_CONFLICT, "attendance_confirmed", NULL, T(rq, AC_CANCEL_CONFIRMED));
	}
	if (rc == YL_OK)
		rc = store_activity_cancel(rq->db, rq->community_id, a.id);
	if (rc == ERR_CONFLICT) {
		store_end(rq->db, rc);
		return refuse(rq, ACT_CANCELLED);
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "activity.cancel", "activity", a.id, json_pack("{s:s}", "title", a.title));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Signing up ---------------------------------------------------------------------------------- */

/* The slot for role code (NULL or "": the any-volunteer slot) among the activity's. */
static int
find_slot(struct req *rq, const struct activity *a, const char *code, struct activity_slot *out)
{
	struct activity_slot *v;
	size_t n;
	enum yl_err rc = store_activity_slots(rq->db, rq->a, rq->community_id, a->id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (code == NULL)
		code = "";
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].role_code, code) == 0) {
			*out = v[i];
			return 0;
		}
	return req_errorf(rq, ERR_INVALID, "no_slot", "role", T(rq, AC_NO_SLOT));
}

/* Checks under the community's lock (the caller began the transaction) and inserts. */
static enum yl_err
sign_up_locked(struct req *rq, const struct activity *a, const struct volunteer *v, const char *code, bool by_staff,
               int64_t *signup_id, int *refused)
{
	struct activity_slot slot = {0};
	*refused = 0;
	if (find_slot(rq, a, code, &slot) < 0) {
		*refused = 1;
		return ERR_INVALID;
	}
	struct signup mine;
	enum yl_err rc = store_signup_live(rq->db, rq->a, rq->community_id, a->id, v->id, &mine);
	if (rc != YL_OK && rc != ERR_NOTFOUND)
		return rc;
	struct signup_facts s = {
		.slots = slot.slots,
		.taken = slot.taken,
		.self_signup = slot.self_signup,
		.any_volunteer = slot.role_id == 0,
		.holds_role = slot.role_id == 0 || store_volunteer_has_role(rq->db, rq->community_id, v->id, slot.role_code),
		.already = rc == YL_OK,
		.by_staff = by_staff,
	};
	struct activity_facts f = facts_of(a);
	enum activity_verdict verdict = activity_may_sign_up(&f, &s, db_now());
	if (verdict != ACT_OK) {
		refuse(rq, verdict);
		*refused = 1;
		return rq->err;
	}
	rc = store_signup_add(rq->db, rq->community_id, a->id, v->id, slot.role_id, slot.slots, rq->actor.id, db_now(),
	                      signup_id);
	if (rc == ERR_CONFLICT) {
		/* the guarded insert found the slot full (or the volunteer on it) after all */
		refuse(rq, ACT_FULL);
		*refused = 1;
		return rq->err;
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, by_staff ? "activity.roster" : "activity.signup", "activity", a->id,
		               json_pack("{s:I, s:I, s:s}", "signup_id", (json_int_t)*signup_id, "volunteer_id",
		                         (json_int_t)v->id, "role", slot.role_code));
	return rc;
}

/* The role asked for: JSON "role" a code or null (absent: null), the form's "role" ("" any). */
static int
read_role(struct req *rq, json_t *j, const char **code)
{
	*code = NULL;
	if (j) {
		json_t *r = json_object_get(j, "role");
		if (r && !json_is_null(r) && !json_is_string(r))
			return req_errorf(rq, ERR_INVALID, "no_slot", "role", T(rq, AC_NO_SLOT));
		*code = json_string_value(r);
	} else {
		*code = req_form(rq, "role");
	}
	return 0;
}

static int
signup_run(struct req *rq, const struct activity *a, const struct volunteer *v, const char *code, bool by_staff,
           int64_t *signup_id)
{
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	int refused = 0;
	if (rc == YL_OK)
		rc = sign_up_locked(rq, a, v, code, by_staff, signup_id, &refused);
	rc = store_end(rq->db, rc);
	if (refused)
		return -1;
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* The signed-in account's confirmed registration with the community. */
static int
my_volunteer(struct req *rq, struct volunteer *v)
{
	enum yl_err rc = store_volunteer_of_account(rq->db, rq->a, rq->community_id, rq->actor.id, v);
	if (rc == ERR_NOTFOUND || (rc == YL_OK && v->state != VST_CONFIRMED))
		return req_errorf(rq, ERR_FORBIDDEN, "not_a_volunteer", NULL, T(rq, AC_NOT_A_VOLUNTEER));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

int
activity_sign_up(struct req *rq, json_t *j, int64_t *signup_id)
{
	const char *code;
	struct activity a;
	struct volunteer v;
	if (read_role(rq, j, &code) < 0 || activity_load(rq, &a) < 0 || my_volunteer(rq, &v) < 0)
		return -1;
	return signup_run(rq, &a, &v, code, false, signup_id);
}

int
activity_roster_add(struct req *rq, json_t *j, int64_t *signup_id)
{
	const char *code;
	int64_t vid;
	struct activity a;
	struct volunteer v;
	if (field_int(rq, "volunteer_id", field_value(rq, j, "volunteer_id"), MSG_AC_VOLUNTEER, 1, INT64_MAX, true, &vid) < 0 ||
	    read_role(rq, j, &code) < 0 || activity_load(rq, &a) < 0)
		return -1;
	enum yl_err rc = store_volunteer_get(rq->db, rq->a, rq->community_id, vid, &v);
	if (rc == ERR_NOTFOUND || (rc == YL_OK && v.state != VST_CONFIRMED))
		return req_errorf(rq, ERR_INVALID, "unknown_volunteer", "volunteer_id", T(rq, AC_UNKNOWN_VOLUNTEER));
	if (rc != YL_OK)
		return req_error(rq, rc);
	return signup_run(rq, &a, &v, code, true, signup_id);
}

int
activity_withdraw(struct req *rq)
{
	struct activity a;
	struct volunteer v;
	if (activity_load(rq, &a) < 0 || my_volunteer(rq, &v) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	struct signup mine;
	if (rc == YL_OK)
		rc = store_signup_live(rq->db, rq->a, rq->community_id, a.id, v.id, &mine);
	if (rc == ERR_NOTFOUND) {
		store_end(rq->db, rc);
		return req_errorf(rq, ERR_CONFLICT, "not_signed_up", NULL, T(rq, AC_NOT_SIGNED_UP));
	}
	struct activity_facts f = facts_of(&a);
	if (rc == YL_OK && activity_may_withdraw(&f, db_now()) != ACT_OK) {
		store_end(rq->db, ERR_CONFLICT);
		return refuse(rq, ACT_STARTED);
	}
	if (rc == YL_OK)
		rc = store_signup_withdraw(rq->db, rq->community_id, mine.id, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "activity.withdraw", "activity", a.id,
		               json_pack("{s:I, s:I}", "signup_id", (json_int_t)mine.id, "volunteer_id", (json_int_t)v.id));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Attendance ---------------------------------------------------------------------------------- */

struct entry {
	int64_t signup_id;
	bool attended;
	int64_t minutes, households;
};

static int
read_entries_json(struct req *rq, json_t *j, struct entry **v, size_t *n)
{
	json_t *es = json_object_get(j, "entries");
	if (!json_is_array(es) || json_array_size(es) == 0 || json_array_size(es) > ENTRIES_MAX)
		return req_errorf(rq, ERR_INVALID, "bad_entries", "entries", T(rq, AC_BAD_ENTRIES));
	*v = arena_zalloc(rq->a, json_array_size(es) * sizeof **v);
	*n = json_array_size(es);
	size_t i;
	json_t *e;
	json_array_foreach(es, i, e) {
		json_t *sid = json_object_get(e, "signup_id"), *att = json_object_get(e, "attended");
		json_t *min = json_object_get(e, "minutes"), *hh = json_object_get(e, "households");
		if (!json_is_object(e) || !json_is_integer(sid) || !json_is_boolean(att))
			return req_errorf(rq, ERR_INVALID, "bad_entries", "entries", T(rq, AC_BAD_ENTRIES));
		if ((min && !json_is_null(min) && !json_is_integer(min)))
			return refuse(rq, ACT_BAD_MINUTES);
		if ((hh && !json_is_null(hh) && !json_is_integer(hh)))
			return refuse(rq, ACT_NO_HOUSEHOLDS);
		(*v)[i] = (struct entry){.signup_id = json_integer_value(sid),
		                         .attended = json_is_true(att),
		                         .minutes = json_integer_value(min),
		                         .households = json_integer_value(hh)};
	}
	return 0;
}

/* The form: for each sign-up shown, "present_<id>" (ticked: attended), "minutes_<id>" and
 * "households_<id>"; "signup" lists the ids the form was made for. */
static int
read_entries_form(struct req *rq, struct entry **v, size_t *n)
{
	size_t cap = 0;
	*v = NULL;
	*n = 0;
	for (size_t i = 0; i < rq->form.n; i++) {
		if (strcmp(rq->form.v[i].name, "signup") != 0)
			continue;
		struct entry e = {0};
		if (field_int(rq, "signup", rq->form.v[i].value, MSG_AC_VOLUNTEER, 1, INT64_MAX, true, &e.signup_id) < 0)
			return req_errorf(rq, ERR_INVALID, "bad_entries", "entries", T(rq, AC_BAD_ENTRIES));
		e.attended = req_form(rq, arena_printf(rq->a, "present_%lld", (long long)e.signup_id)) != NULL;
		const char *m = req_form(rq, arena_printf(rq->a, "minutes_%lld", (long long)e.signup_id));
		const char *h = req_form(rq, arena_printf(rq->a, "households_%lld", (long long)e.signup_id));
		/* a no-show's minutes are 0 whatever the box says */
		if (e.attended && m && *m && field_int(rq, "minutes", m, MSG_AC_MINUTES, INT64_MIN / 2, INT64_MAX / 2, true,
		                                       &e.minutes) < 0)
			return refuse(rq, ACT_BAD_MINUTES);
		if (e.attended && h && *h && field_int(rq, "households", h, MSG_AC_HOUSEHOLDS, INT64_MIN / 2, INT64_MAX / 2,
		                                       true, &e.households) < 0)
			return refuse(rq, ACT_NO_HOUSEHOLDS);
		*(struct entry *)arena_append(rq->a, v, n, &cap, sizeof **v) = e;
	}
	if (*n == 0)
		return req_errorf(rq, ERR_INVALID, "bad_entries", "entries", T(rq, AC_BAD_ENTRIES));
	return 0;
}

int
activity_attendance(struct req *rq, json_t *j, int64_t *confirmed)
{
	struct entry *es;
	size_t n;
	struct activity a;
	if (activity_load(rq, &a) < 0 || (j ? read_entries_json(rq, j, &es, &n) : read_entries_form(rq, &es, &n)) < 0)
		return -1;
	struct activity_facts f = facts_of(&a);
	/* the whole batch is checked before anything is written: all or nothing */
	for (size_t i = 0; i < n; i++) {
		enum activity_verdict v = activity_check_entry(&f, es[i].attended, es[i].minutes, es[i].households);
		if (v != ACT_OK)
			return refuse(rq, v);
		for (size_t k = 0; k < i; k++)
			if (es[k].signup_id == es[i].signup_id)
				return req_errorf(rq, ERR_INVALID, "bad_entries", "entries", T(rq, AC_BAD_ENTRIES));
	}
	enum activity_verdict v = activity_may_confirm(&f, false, db_now());
	if (v != ACT_OK)
		return refuse(rq, v);

	struct signup *ss;
	size_t ns;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_signups(rq->db, rq->a, rq->community_id, a.id, true, &ss, &ns);
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		const struct signup *s = NULL;
		for (size_t k = 0; k < ns && s == NULL; k++)
			if (ss[k].id == es[i].signup_id)
				s = &ss[k];
		if (s == NULL) {
			store_end(rq->db, ERR_INVALID);
			return req_errorf(rq, ERR_INVALID, "unknown_signup", "entries",
			                  req_tf(rq, MSG_AC_UNKNOWN_SIGNUP, (long long)es[i].signup_id));
		}
		if (s->attendance != ATT_NONE) {
			store_end(rq->db, ERR_CONFLICT);
			return refuse(rq, ACT_CONFIRMED);
		}
		rc = store_signup_confirm(rq->db, rq->community_id, a.id, s->id, es[i].attended, es[i].minutes,
		                          es[i].households, rq->actor.id, db_now());
		if (rc == ERR_CONFLICT) {
			store_end(rq->db, rc);
			return refuse(rq, ACT_CONFIRMED);
		}
	}
	if (rc == YL_OK) {
		json_t *d = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(d, json_pack("{s:I, s:b, s:I, s:I}", "signup_id", (json_int_t)es[i].signup_id,
			                                   "attended", es[i].attended, "minutes", (json_int_t)es[i].minutes,
			                                   "households", (json_int_t)es[i].households));
		rc = req_audit(rq, rq->community_id, "activity.attendance", "activity", a.id, json_pack("{s:o}", "entries", d));
	}
	rc = store_end(rq->db, rc);
	*confirmed = (int64_t)n;
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Hours ----------------------------------------------------------------------------------------- */

static int
current_year(void)
{
	char d[11];
	date_local(db_now(), d);
	return atoi(d);
}

int
hours_query_read(struct req *rq, struct hours_query *q)
{
	const char *g = req_query(rq, "group"), *y = req_query(rq, "year"), *t = req_query(rq, "team");
	q->group = HG_PERSON;
	if (g && *g) {
		int found = -1;
		for (int i = 0; i < HG__COUNT; i++)
			if (strcmp(g, hours_group_names[i]) == 0)
				found = i;
		if (found < 0)
			return req_errorf(rq, ERR_INVALID, "bad_group", "group", T(rq, AC_BAD_GROUP));
		q->group = (enum hours_group)found;
	}
	q->year = current_year();
	if (y && *y) {
		int64_t v;
		if (field_int(rq, "year", y, MSG_AC_YEAR, 2000, 2999, true, &v) < 0)
			return req_errorf(rq, ERR_INVALID, "bad_year", "year", T(rq, AC_BAD_YEAR));
		q->year = (int)v;
	}
	q->team = t && *t ? t : NULL;
	return 0;
}

/* [from, to) of a Beijing calendar year. */
static void
year_bounds(int year, int64_t *from, int64_t *to)
{
	char d[24];
	snprintf(d, sizeof d, "%04d-01-01", year);
	date_parse_local(d, from);
	snprintf(d, sizeof d, "%04d-01-01", year + 1);
	date_parse_local(d, to);
}

/* Counts a person once per row: the ids seen so far for that row. */
struct seen {
	int64_t *ids;
	size_t n, cap;
};

static void
count_person(struct req *rq, struct seen *s, struct hours_row *r, int64_t vid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->ids[i] == vid)
			return;
	*(int64_t *)arena_append(rq->a, &s->ids, &s->n, &s->cap, sizeof *s->ids) = vid;
	r->volunteers++;
}

int
hours_rows(struct req *rq, const struct hours_query *q, struct hours_row **v, size_t *n)
{
	int64_t from, to;
	year_bounds(q->year, &from, &to);
	struct hour_entry *es;
	size_t ne;
	enum yl_err rc = store_hour_entries(rq->db, rq->a, rq->community_id, 0, from, to, &es, &ne);
	if (rc != YL_OK)
		return req_error(rq, rc);
	size_t cap = 0;
	struct seen *seen = NULL;
	size_t nseen = 0, seencap = 0;
	*v = NULL;
	*n = 0;
	for (size_t i = 0; i < ne; i++) {
		const struct hour_entry *e = &es[i];
		if (q->team && strcmp(q->team, e->party_org) != 0)
			continue;
		const char *key;
		char month[11];
		if (q->group == HG_PERSON) {
			key = e->name;
		} else if (q->group == HG_TEAM) {
			key = e->party_org;
		} else {
			date_local(e->at, month);
			month[7] = '\0';
			key = month;
		}
		struct hours_row *r = NULL;
		size_t k;
		for (k = 0; k < *n && r == NULL; k++)
			if (q->group == HG_PERSON ? (*v)[k].volunteer_id == e->volunteer_id : strcmp((*v)[k].key, key) == 0)
				r = &(*v)[k];
		if (r == NULL) {
			r = arena_append(rq->a, v, n, &cap, sizeof **v);
			r->key = arena_strdup(rq->a, key);
			r->volunteer_id = q->group == HG_PERSON ? e->volunteer_id : 0;
			r->team = e->party_org;
			arena_append(rq->a, &seen, &nseen, &seencap, sizeof *seen);
			k = *n;
		}
		count_person(rq, &seen[k - 1], r, e->volunteer_id);
		if (e->wish) {
			r->wish_minutes += e->minutes;
		} else if (e->attended) {
			r->attended++;
			r->activity_minutes += e->minutes;
			r->households += e->households;
		} else {
			r->absent++;
		}
	}
	return 0;
}

/* JSON ---------------------------------------------------------------------------------------- */

static void
activity_fields_json(struct jsonw *jw, const struct activity *a)
{
	jsonw_kint(jw, "id", a->id);
	jsonw_kstr(jw, "title", a->title);
	jsonw_kstr(jw, "body", a->body);
	jsonw_kstr(jw, "place", a->place);
	jsonw_ktime(jw, "starts_at", a->starts_at);
	jsonw_ktime(jw, "ends_at", a->ends_at);
	jsonw_kstr(jw, "kind", a->duty ? "duty" : "activity");
	jsonw_kstr(jw, "state", a->cancelled ? "cancelled" : "open");
	jsonw_key(jw, "link");
	if (*a->link_type) {
		jsonw_object(jw);
		jsonw_kstr(jw, "type", a->link_type);
		jsonw_kint(jw, "id", a->link_id);
		jsonw_object_end(jw);
	} else {
		jsonw_null(jw);
	}
	jsonw_kint(jw, "slots", a->slots);
	jsonw_kint(jw, "taken", a->taken);
}

int
activities_api(struct req *rq)
{
	struct activity *v;
	size_t n;
	enum yl_err rc = store_activities(rq->db, rq->a, rq->community_id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&jw);
		activity_fields_json(&jw, &v[i]);
		jsonw_object_end(&jw);
	}
	jsonw_list_end(&jw, (int64_t)n);
	return 0;
}

static const char *const attendance_names[] = {[ATT_NONE] = NULL, [ATT_ATTENDED] = "attended", [ATT_ABSENT] = "absent"};

int
activity_api(struct req *rq)
{
	struct activity a;
	struct activity_slot *slots;
	struct signup *ss;
	size_t nslots, ns;
	if (activity_load(rq, &a) < 0)
		return -1;
	enum yl_err rc;
	if ((rc = store_activity_slots(rq->db, rq->a, rq->community_id, a.id, &slots, &nslots)) != YL_OK ||
	    (rc = store_signups(rq->db, rq->a, rq->community_id, a.id, true, &ss, &ns)) != YL_OK)
		return req_error(rq, rc);
	struct volunteer me;
	bool volunteer = store_volunteer_of_account(rq->db, rq->a, rq->community_id, rq->actor.id, &me) == YL_OK;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_object(&jw);
	activity_fields_json(&jw, &a);
	jsonw_key(&jw, "slot_list");
	jsonw_array(&jw);
	for (size_t i = 0; i < nslots; i++) {
		jsonw_object(&jw);
		jsonw_kstr(&jw, "role", slots[i].role_id ? slots[i].role_code : NULL);
		jsonw_kstr(&jw, "role_name", activity_role_text(rq, &slots[i]));
		jsonw_kint(&jw, "slots", slots[i].slots);
		jsonw_kint(&jw, "taken", slots[i].taken);
		jsonw_kint(&jw, "free", slots[i].slots > slots[i].taken ? slots[i].slots - slots[i].taken : 0);
		jsonw_key(&jw, "self_signup");
		jsonw_bool(&jw, slots[i].self_signup);
		jsonw_object_end(&jw);
	}
	jsonw_array_end(&jw);
	jsonw_key(&jw, "roster");
	jsonw_array(&jw);
	int64_t mine = 0;
	for (size_t i = 0; i < ns; i++) {
		if (volunteer && ss[i].volunteer_id == me.id)
			mine = ss[i].id;
		jsonw_object(&jw);
		jsonw_kint(&jw, "signup_id", ss[i].id);
		jsonw_kint(&jw, "volunteer_id", ss[i].volunteer_id);
		jsonw_kstr(&jw, "name", ss[i].name);
		jsonw_kstr(&jw, "role", ss[i].role_id ? ss[i].role_code : NULL);
		jsonw_kstr(&jw, "attendance", attendance_names[ss[i].attendance]);
		jsonw_kint(&jw, "minutes", ss[i].minutes);
		jsonw_kint(&jw, "households", ss[i].households);
		jsonw_object_end(&jw);
	}
	jsonw_array_end(&jw);
	jsonw_kint_or_null(&jw, "my_signup", mine);
	jsonw_object_end(&jw);
	return 0;
}

int
activity_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = activity_create(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

int
activity_cancel_api(struct req *rq)
{
	if (activity_cancel(rq) < 0)
		return -1;
	return req_json(rq, 200, json_pack("{s:I, s:s}", "id", (json_int_t)req_param_id(rq, "id"), "state", "cancelled"));
}

int
activity_signup_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = activity_sign_up(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

int
activity_withdraw_api(struct req *rq)
{
	if (activity_withdraw(rq) < 0)
		return -1;
	return req_json(rq, 200, json_pack("{s:I, s:s}", "id", (json_int_t)req_param_id(rq, "id"), "state", "withdrawn"));
}

int
activity_roster_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = activity_roster_add(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

int
activity_attendance_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t n = 0;
	int r = activity_attendance(rq, j, &n);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 200, json_pack("{s:I}", "confirmed", (json_int_t)n));
}

static void
hours_json(struct jsonw *jw, int64_t minutes)
{
	char b[32];
	int64_t h = activity_hours_hundredths(minutes);
	snprintf(b, sizeof b, "%lld.%02lld", (long long)(h / 100), (long long)(h % 100));
	jsonw_kstr(jw, "hours", b);
}

int
volunteer_hours_api(struct req *rq)
{
	struct hours_query q;
	struct hours_row *v;
	size_t n;
	if (hours_query_read(rq, &q) < 0 || hours_rows(rq, &q, &v, &n) < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_object(&jw);
	jsonw_kstr(&jw, "group", hours_group_names[q.group]);
	jsonw_kint(&jw, "year", q.year);
	jsonw_key(&jw, "items");
	jsonw_array(&jw);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&jw);
		if (q.group == HG_PERSON) {
			jsonw_kint(&jw, "volunteer_id", v[i].volunteer_id);
			jsonw_kstr(&jw, "name", v[i].key);
			jsonw_kstr(&jw, "team", v[i].team);
		} else {
			jsonw_kstr(&jw, q.group == HG_TEAM ? "team" : "month", v[i].key);
			jsonw_kint(&jw, "volunteers", v[i].volunteers);
		}
		jsonw_kint(&jw, "attended", v[i].attended);
		jsonw_kint(&jw, "absent", v[i].absent);
		jsonw_kint(&jw, "activity_minutes", v[i].activity_minutes);
		jsonw_kint(&jw, "wish_minutes", v[i].wish_minutes);
		jsonw_kint(&jw, "minutes", v[i].activity_minutes + v[i].wish_minutes);
		hours_json(&jw, v[i].activity_minutes + v[i].wish_minutes);
		jsonw_kint(&jw, "households", v[i].households);
		jsonw_object_end(&jw);
	}
	jsonw_array_end(&jw);
	jsonw_kint(&jw, "total", (int64_t)n);
	jsonw_object_end(&jw);
	return 0;
}

int
volunteer_my_hours_api(struct req *rq)
{
	struct volunteer me;
	if (my_volunteer(rq, &me) < 0)
		return -1;
	struct hour_entry *es;
	size_t n;
	enum yl_err rc = store_hour_entries(rq->db, rq->a, rq->community_id, me.id, 0, INT64_MAX, &es, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	int64_t minutes = 0, absent = 0;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_object(&jw);
	jsonw_key(&jw, "items");
	jsonw_array(&jw);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&jw);
		jsonw_kstr(&jw, "type", es[i].wish ? "wish" : "activity");
		jsonw_kint(&jw, "id", es[i].object_id);
		jsonw_kstr(&jw, "title", es[i].title);
		jsonw_ktime(&jw, "at", es[i].at);
		jsonw_kstr(&jw, "attendance", es[i].attended ? "attended" : "absent");
		jsonw_kint(&jw, "minutes", es[i].minutes);
		jsonw_kint(&jw, "households", es[i].households);
		jsonw_object_end(&jw);
		minutes += es[i].minutes;
		absent += !es[i].attended;
	}
	jsonw_array_end(&jw);
	jsonw_kint(&jw, "total", (int64_t)n);
	jsonw_kint(&jw, "minutes", minutes);
	hours_json(&jw, minutes);
	jsonw_kint(&jw, "absent", absent);
	jsonw_object_end(&jw);
	return 0;
}
