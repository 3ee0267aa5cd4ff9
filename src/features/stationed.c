/* stationed.c: stationed units (驻区单位) and their offers — pages and JSON API (see
 * stationed.h).
 *
 * A unit registers once per account (an org account speaks for one unit; staff may enter units
 * without an account). Its offers move offered → matched → delivered, or are withdrawn before
 * delivery; staff may correct a match, never a delivery. A match names something that exists
 * in this community: a problem, or an item of a plan as it stands now (store_plan_item_state).
 * Every write is one transaction with its audit row. */
#include "stationed.h"
#include "../core/arena.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/plans.h"
#include "../store/problems.h"
#include "../store/stationed.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define NAME_MAX 60
#define CONTACT_MAX 40
#define PHONE_MAX 20
#define TITLE_MAX 60
#define BODY_MAX 500
#define OFFERS_MAX 20

static const enum msg unit_state_msgs[SU__COUNT] = {
	[SU_APPLIED] = MSG_SU_ST_APPLIED, [SU_CONFIRMED] = MSG_SU_ST_CONFIRMED, [SU_DECLINED] = MSG_SU_ST_DECLINED};
static const enum msg offer_state_msgs[OFFER__COUNT] = {
	[OFFER_OFFERED] = MSG_SU_OF_OFFERED, [OFFER_MATCHED] = MSG_SU_OF_MATCHED, [OFFER_DELIVERED] = MSG_SU_OF_DELIVERED,
	[OFFER_WITHDRAWN] = MSG_SU_OF_WITHDRAWN};

/* Who is asking ------------------------------------------------------------------------------ */

static bool
staff(struct req *rq)
{
	return req_may(rq, PERM_VOLUNTEER_MANAGE);
}

/* An org account here: the kind of account that speaks for a stationed unit. */
static bool
org_account(struct req *rq)
{
	for (size_t i = 0; i < rq->actor.ngrants; i++)
		if (rq->actor.grants[i].role == ROLE_ORG && rq->actor.grants[i].community_id == rq->community_id)
			return true;
	return false;
}

static bool
own_unit(struct req *rq, const struct stationed_unit *u)
{
	return u->account_id && u->account_id == rq->actor.id;
}

/* Staff and the unit itself see it whatever its state, with the contact's phone; everyone else
 * sees confirmed units only, the contact's name masked (PIPL) and no phone. */
static bool
unit_visible(struct req *rq, const struct stationed_unit *u)
{
	return u->state == SU_CONFIRMED || own_unit(rq, u) || staff(rq);
}

static bool
unit_personal(struct req *rq, const struct stationed_unit *u)
{
	return own_unit(rq, u) || staff(rq);
}

int
stationed_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_stationed_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
offer_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_offer_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

static int
unit_load(struct req *rq, int64_t id, struct stationed_unit *u)
{
	enum yl_err rc = store_stationed_get(rq->db, rq->a, rq->community_id, id, u);
	if (rc == YL_OK && !unit_visible(rq, u))
		rc = ERR_NOTFOUND;
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

static int
offer_load(struct req *rq, struct unit_offer *o, struct stationed_unit *u)
{
	enum yl_err rc = store_offer_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), o);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return unit_load(rq, o->unit_id, u);
}

/* Registering ------------------------------------------------------------------------------------ */

struct offer_in {
	const char *title, *body;
};

static int
offer_fields(struct req *rq, const char *field, const char *title, const char *body, bool required, struct offer_in *o)
{
	if (field_text(rq, field, title, MSG_SU_OFFER_TITLE, TITLE_MAX, required, &o->title) < 0 ||
	    field_text(rq, field, body, MSG_SU_OFFER_BODY, BODY_MAX, false, &o->body) < 0)
		return -1;
	return 0;
}

/* The offers of a registration: JSON "offers":[{"title","body"}], or the form's one offer. */
static int
read_offers(struct req *rq, json_t *j, struct offer_in **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	if (j == NULL) {
		const char *t = req_form(rq, "offer_title");
		if (t == NULL || *t == '\0')
			return 0;
		*v = arena_zalloc(rq->a, sizeof **v);
		*n = 1;
		return offer_fields(rq, "offer_title", t, req_form(rq, "offer_body"), true, *v);
	}
	json_t *os = json_object_get(j, "offers");
	if (os == NULL || json_is_null(os))
		return 0;
	if (!json_is_array(os) || json_array_size(os) > OFFERS_MAX)
		return req_errorf(rq, ERR_INVALID, "bad_offers", "offers", T(rq, SU_BAD_OFFERS));
	*v = arena_zalloc(rq->a, (json_array_size(os) + 1) * sizeof **v);
	size_t i;
	json_t *o;
	json_array_foreach(os, i, o) {
		if (!json_is_object(o))
			return req_errorf(rq, ERR_INVALID, "bad_offers", "offers", T(rq, SU_BAD_OFFERS));
		if (offer_fields(rq, "offers", field_value(rq, o, "title"), field_value(rq, o, "body"), true, &(*v)[i]) < 0)
			return -1;
	}
	*n = json_array_size(os);
	return 0;
}

static bool
phone_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == ' '))
			return false;
	return true;
}

static int
unit_register(struct req *rq, json_t *j, int64_t *id)
{
	struct stationed_unit u = {0};
	struct offer_in *offers;
	size_t n;
	if (field_text(rq, "name", field_value(rq, j, "name"), MSG_SU_NAME, NAME_MAX, true, &u.name) < 0 ||
	    field_text(rq, "contact_name", field_value(rq, j, "contact_name"), MSG_SU_CONTACT, CONTACT_MAX, true,
	               &u.contact_name) < 0 ||
	    field_text(rq, "contact_phone", field_value(rq, j, "contact_phone"), MSG_SU_PHONE, PHONE_MAX, false,
	               &u.contact_phone) < 0 ||
	    read_offers(rq, j, &offers, &n) < 0)
		return -1;
	if (!phone_ok(u.contact_phone))
		return req_errorf(rq, ERR_INVALID, "bad_phone", "contact_phone", T(rq, SU_BAD_PHONE));
	/* a stationed unit speaks through its org account; staff enter one that has none */
	bool is_staff = staff(rq);
	if (!is_staff && !org_account(rq))
		return req_errorf(rq, ERR_FORBIDDEN, "not_org", NULL, T(rq, SU_NOT_ORG));
	if (!is_staff) {
		int64_t have;
		enum yl_err e = store_stationed_of_account(rq->db, rq->community_id, rq->actor.id, &have);
		if (e == YL_OK)
			return req_errorf(rq, ERR_CONFLICT, "already_registered", NULL, T(rq, SU_ALREADY));
		if (e != ERR_NOTFOUND)
			return req_error(rq, e);
		u.account_id = rq->actor.id;
	}
	int64_t now = db_now();
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_stationed_create(rq->db, rq->community_id, &u, now, id);
	if (rc == ERR_CONFLICT) {
		store_end(rq->db, rc);
		return req_errorf(rq, ERR_CONFLICT, "name_taken", "name", T(rq, SU_NAME_TAKEN));
	}
	for (size_t i = 0; rc == YL_OK && i < n; i++)
		rc = store_offer_add(rq->db, rq->community_id, *id, offers[i].title, offers[i].body, now, NULL);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "stationed.register", "stationed_unit", *id,
		               json_pack("{s:s, s:s, s:I, s:b}", "name", u.name, "contact_name", u.contact_name, "offers",
		                         (json_int_t)n, "own_account", u.account_id != 0));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

static int
unit_decide(struct req *rq, enum stationed_state to, int64_t *id)
{
	struct stationed_unit u;
	*id = req_param_id(rq, "id");
	if (unit_load(rq, *id, &u) < 0)
		return -1;
	if (u.state != SU_APPLIED)
		return req_errorf(rq, ERR_CONFLICT, "already_decided", NULL, T(rq, SU_DECIDED));
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_stationed_decide(rq->db, rq->community_id, u.id, to, rq->actor.id, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, to == SU_CONFIRMED ? "stationed.confirm" : "stationed.decline",
		               "stationed_unit", u.id, json_pack("{s:s}", "name", u.name));
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "already_decided", NULL, T(rq, SU_DECIDED));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Offers ------------------------------------------------------------------------------------------ */

static int
offer_add(struct req *rq, json_t *j, int64_t *unit_id)
{
	struct offer_in o;
	struct stationed_unit u;
	*unit_id = req_param_id(rq, "id");
	if (offer_fields(rq, "title", field_value(rq, j, "title"), field_value(rq, j, "body"), true, &o) < 0)
		return -1;
	/* fields are named title/body here: put the error on them */
	if (unit_load(rq, *unit_id, &u) < 0)
		return -1;
	if (!own_unit(rq, &u) && !staff(rq))
		return req_errorf(rq, ERR_FORBIDDEN, "not_your_unit", NULL, T(rq, SU_NOT_YOUR_UNIT));
	if (u.state == SU_DECLINED)
		return req_errorf(rq, ERR_CONFLICT, "declined", NULL, T(rq, SU_IS_DECLINED));
	int64_t oid = 0;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_offer_add(rq->db, rq->community_id, u.id, o.title, o.body, db_now(), &oid);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "offer.add", "unit_offer", oid,
		               json_pack("{s:I, s:s}", "unit_id", (json_int_t)u.id, "title", o.title));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* An optional positive id field: 0 when absent or empty (a form's blank field). */
static int
opt_id(struct req *rq, json_t *j, const char *name, enum msg label, int64_t *out)
{
	const char *v = field_value(rq, j, name);
	*out = 0;
	if (v == NULL || (*v == '\0' && j == NULL))
		return 0;
	return field_int(rq, name, v, label, 1, INT64_MAX, true, out);
}

static int
offer_match(struct req *rq, json_t *j, int64_t *unit_id, enum offer_state *to)
{
	int64_t problem_id, plan_id, key;
	if (opt_id(rq, j, "problem_id", MSG_SU_PROBLEM_ID, &problem_id) < 0 ||
	    opt_id(rq, j, "plan_id", MSG_SU_PLAN_ID, &plan_id) < 0 || opt_id(rq, j, "key", MSG_SU_ITEM_KEY, &key) < 0)
		return -1;
	enum offer_match m = problem_id ? MATCH_PROBLEM : MATCH_PLAN_ITEM;
	if ((problem_id != 0) == (plan_id != 0 || key != 0))
		return req_errorf(rq, ERR_INVALID, "match_required", "problem_id", T(rq, SU_MATCH_ONE));
	if (m == MATCH_PLAN_ITEM && (plan_id == 0 || key == 0))
		return req_errorf(rq, ERR_INVALID, "required", plan_id ? "key" : "plan_id", T(rq, SU_MATCH_NEED_ITEM));
	struct unit_offer o;
	struct stationed_unit u;
	if (offer_load(rq, &o, &u) < 0)
		return -1;
	*unit_id = u.id;
	if (u.state != SU_CONFIRMED)
		return req_errorf(rq, ERR_CONFLICT, "unit_not_confirmed", NULL, T(rq, SU_NOT_CONFIRMED));
	if (o.state != OFFER_OFFERED && o.state != OFFER_MATCHED)
		return req_errorf(rq, ERR_CONFLICT, "wrong_state", NULL,
		                  req_tf(rq, MSG_SU_WRONG_STATE, i18n_get(rq->lang, offer_state_msgs[o.state])));
	enum yl_err rc;
	if (m == MATCH_PROBLEM) {
		struct problem p;
		rc = store_problem_get(rq->db, rq->a, rq->community_id, problem_id, &p);
		if (rc == ERR_NOTFOUND)
			return req_errorf(rq, ERR_INVALID, "unknown_problem", "problem_id",
			                  req_tf(rq, MSG_SU_NO_PROBLEM, (long long)problem_id));
	} else {
		struct item_state st;
		rc = store_plan_item_state(rq->db, rq->a, rq->community_id, plan_id, key, &st);
		if (rc == ERR_NOTFOUND)
			return req_errorf(rq, ERR_INVALID, "unknown_item", "key",
			                  req_tf(rq, MSG_SU_NO_ITEM, (long long)plan_id, (long long)key));
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_offer_match(rq->db, rq->community_id, o.id, m, m == MATCH_PROBLEM ? problem_id : plan_id,
		                       m == MATCH_PROBLEM ? 0 : key, rq->actor.id, db_now());
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)u.id, "from", offer_state_names[o.state],
		                      "match_type", offer_match_names[m]);
		if (m == MATCH_PROBLEM) {
			json_object_set_new(d, "problem_id", json_integer(problem_id));
		} else {
			json_object_set_new(d, "plan_id", json_integer(plan_id));
			json_object_set_new(d, "key", json_integer(key));
		}
		rc = req_audit(rq, rq->community_id, "offer.match", "unit_offer", o.id, d);
	}
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "changed_meanwhile", NULL, T(rq, SU_CHANGED));
	if (rc != YL_OK)
		return req_error(rq, rc);
	*to = OFFER_MATCHED;
	return 0;
}

static int
offer_deliver(struct req *rq, json_t *j, int64_t *unit_id, enum offer_state *to)
{
	const char *what;
	if (field_text(rq, "delivered", field_value(rq, j, "delivered"), MSG_SU_DELIVERED, BODY_MAX, true, &what) < 0)
		return -1;
	struct unit_offer o;
	struct stationed_unit u;
	if (offer_load(rq, &o, &u) < 0)
		return -1;
	*unit_id = u.id;
	if (u.state != SU_CONFIRMED)
		return req_errorf(rq, ERR_CONFLICT, "unit_not_confirmed", NULL, T(rq, SU_NOT_CONFIRMED));
	if (o.state != OFFER_OFFERED && o.state != OFFER_MATCHED)
		return req_errorf(rq, ERR_CONFLICT, o.state == OFFER_DELIVERED ? "already_delivered" : "wrong_state", NULL,
		                  req_tf(rq, MSG_SU_WRONG_STATE, i18n_get(rq->lang, offer_state_msgs[o.state])));
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_offer_deliver(rq->db, rq->community_id, o.id, what, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "offer.deliver", "unit_offer", o.id,
		               json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)u.id, "from", offer_state_names[o.state],
		                         "delivered", what));
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "changed_meanwhile", NULL, T(rq, SU_CHANGED));
	if (rc != YL_OK)
		return req_error(rq, rc);
	*to = OFFER_DELIVERED;
	return 0;
}

static int
offer_withdraw(struct req *rq, json_t *j, int64_t *unit_id, enum offer_state *to)
{
	(void)j;
	struct unit_offer o;
	struct stationed_unit u;
	if (offer_load(rq, &o, &u) < 0)
		return -1;
	*unit_id = u.id;
	/* the state first: it is public, and a delivered offer stays delivered whoever asks */
	if (o.state != OFFER_OFFERED && o.state != OFFER_MATCHED)
		return req_errorf(rq, ERR_CONFLICT, "wrong_state", NULL,
		                  req_tf(rq, MSG_SU_WRONG_STATE, i18n_get(rq->lang, offer_state_msgs[o.state])));
	if (!own_unit(rq, &u) && !staff(rq))
		return req_errorf(rq, ERR_FORBIDDEN, "not_your_unit", NULL, T(rq, SU_NOT_YOUR_UNIT));
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_offer_withdraw(rq->db, rq->community_id, o.id);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "offer.withdraw", "unit_offer", o.id,
		               json_pack("{s:I, s:s}", "unit_id", (json_int_t)u.id, "from", offer_state_names[o.state]));
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "changed_meanwhile", NULL, T(rq, SU_CHANGED));
	if (rc != YL_OK)
		return req_error(rq, rc);
	*to = OFFER_WITHDRAWN;
	return 0;
}

/* What an offer was matched to, in words: "问题 #12（路灯）", "方案 3 第 2 项：加装电梯". */
static const char *
match_text(struct req *rq, const struct unit_offer *o, const char **href)
{
	*href = NULL;
	if (o->match == MATCH_PROBLEM) {
		struct problem p;
		*href = arena_printf(rq->a, "/problems/%lld", (long long)o->match_id);
		if (store_problem_get(rq->db, rq->a, rq->community_id, o->match_id, &p) == YL_OK)
			return req_tf(rq, MSG_SU_MATCH_PROBLEM, (long long)o->match_id,
			              rq->lang == LANG_EN && *p.category_name_en ? p.category_name_en : p.category_name);
		return req_tf(rq, MSG_SU_MATCH_PROBLEM, (long long)o->match_id, "");
	}
	if (o->match == MATCH_PLAN_ITEM) {
		struct item_state st;
		*href = arena_printf(rq->a, "/plans/%lld", (long long)o->match_id);
		const char *title = store_plan_item_state(rq->db, rq->a, rq->community_id, o->match_id, o->match_key, &st) ==
		                                YL_OK
		                        ? st.row.it.title
		                        : "";
		return req_tf(rq, MSG_SU_MATCH_ITEM, (long long)o->match_id, (long long)o->match_key, title);
	}
	return "";
}

/* JSON -------------------------------------------------------------------------------------------- */

static void
offer_json(struct req *rq, struct jsonw *jw, const struct unit_offer *o)
{
	jsonw_object(jw);
	jsonw_kint(jw, "id", o->id);
	jsonw_kstr(jw, "title", o->title);
	jsonw_kstr(jw, "body", o->body);
	jsonw_kstr(jw, "state", offer_state_names[o->state]);
	jsonw_key(jw, "match");
	if (o->match == MATCH_NONE) {
		jsonw_null(jw);
	} else {
		const char *href;
		jsonw_object(jw);
		jsonw_kstr(jw, "type", offer_match_names[o->match]);
		if (o->match == MATCH_PROBLEM) {
			jsonw_kint(jw, "problem_id", o->match_id);
		} else {
			jsonw_kint(jw, "plan_id", o->match_id);
			jsonw_kint(jw, "key", o->match_key);
		}
		jsonw_kstr(jw, "text", match_text(rq, o, &href));
		jsonw_object_end(jw);
	}
	jsonw_kstr(jw, "delivered", o->delivered);
	jsonw_ktime(jw, "delivered_at", o->delivered_at);
	jsonw_object_end(jw);
}

static void
unit_json(struct req *rq, struct jsonw *jw, const struct stationed_unit *u, const struct unit_offer *os, size_t n)
{
	bool personal = unit_personal(rq, u);
	jsonw_object(jw);
	jsonw_kint(jw, "id", u->id);
	jsonw_kstr(jw, "name", u->name);
	jsonw_kstr(jw, "contact_name", personal ? u->contact_name : mask_name(rq->a, u->contact_name));
	jsonw_key(jw, "contact_phone");
	jsonw_str(jw, personal ? u->contact_phone : NULL);
	jsonw_kstr(jw, "state", stationed_state_names[u->state]);
	jsonw_key(jw, "mine");
	jsonw_bool(jw, own_unit(rq, u));
	jsonw_ktime(jw, "registered_at", u->registered_at);
	jsonw_key(jw, "offers");
	jsonw_array(jw);
	for (size_t i = 0; i < n; i++)
		if (os[i].unit_id == u->id)
			offer_json(rq, jw, &os[i]);
	jsonw_array_end(jw);
	jsonw_object_end(jw);
}

int
stationed_list_api(struct req *rq)
{
	struct stationed_unit *us;
	struct unit_offer *os;
	size_t nu, no;
	enum yl_err rc = store_stationed_list(rq->db, rq->a, rq->community_id, &us, &nu);
	if (rc == YL_OK)
		rc = store_offers(rq->db, rq->a, rq->community_id, 0, &os, &no);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	int64_t total = 0;
	for (size_t i = 0; i < nu; i++) {
		if (!unit_visible(rq, &us[i]))
			continue;
		unit_json(rq, &jw, &us[i], os, no);
		total++;
	}
	jsonw_list_end(&jw, total);
	return 0;
}

int
stationed_api(struct req *rq)
{
	struct stationed_unit u;
	struct unit_offer *os;
	size_t n;
	if (unit_load(rq, req_param_id(rq, "id"), &u) < 0)
		return -1;
	enum yl_err rc = store_offers(rq->db, rq->a, rq->community_id, u.id, &os, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	unit_json(rq, &jw, &u, os, n);
	return 0;
}

int
stationed_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = unit_register(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

static int
decide_api(struct req *rq, enum stationed_state to)
{
	int64_t id;
	if (unit_decide(rq, to, &id) < 0)
		return -1;
	return req_json(rq, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", stationed_state_names[to]));
}

int
stationed_confirm_api(struct req *rq)
{
	return decide_api(rq, SU_CONFIRMED);
}

int
stationed_decline_api(struct req *rq)
{
	return decide_api(rq, SU_DECLINED);
}

int
stationed_offer_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t unit_id;
	int r = offer_add(rq, j, &unit_id);
	json_decref(j);
	if (r < 0)
		return -1;
	/* the newest offer of the unit is the one just added */
	struct unit_offer *os;
	size_t n;
	enum yl_err rc = store_offers(rq->db, rq->a, rq->community_id, unit_id, &os, &n);
	if (rc != YL_OK || n == 0)
		return req_error(rq, rc == YL_OK ? ERR_INTERNAL : rc);
	return req_created(rq, os[n - 1].id);
}

static int
offer_api(struct req *rq, int (*fn)(struct req *, json_t *, int64_t *, enum offer_state *), bool body)
{
	json_t *j = NULL;
	if (body && (j = req_json_body(rq)) == NULL)
		return req_fail(rq);
	int64_t unit_id;
	enum offer_state to;
	int r = fn(rq, j, &unit_id, &to);
	json_decref(j);
	return r < 0 ? -1
	             : req_json(rq, 200, json_pack("{s:I, s:s}", "id", (json_int_t)req_param_id(rq, "id"), "state",
	                                           offer_state_names[to]));
}

int
offer_match_api(struct req *rq)
{
	return offer_api(rq, offer_match, true);
}

int
offer_deliver_api(struct req *rq)
{
	return offer_api(rq, offer_deliver, true);
}

int
offer_withdraw_api(struct req *rq)
{
	return offer_api(rq, offer_withdraw, false);
}

/* Pages ------------------------------------------------------------------------------------------- */

/* One offer as a list item: what, its state, what it went to and what was delivered. */
static void
offer_item(struct req *rq, struct html *h, const struct unit_offer *o)
{
	html_lit(h, "<li><strong>");
	html_text(h, o->title);
	html_lit(h, "</strong> · ");
	html_text(h, i18n_get(rq->lang, offer_state_msgs[o->state]));
	if (*o->body) {
		html_lit(h, "<br>");
		html_text(h, o->body);
	}
	if (o->match != MATCH_NONE) {
		const char *href;
		const char *text = match_text(rq, o, &href);
		html_lit(h, "<br>");
		html_text(h, T(rq, SU_MATCHED_TO));
		html_lit(h, "<a href=\"");
		html_url(h, href);
		html_lit(h, "\">");
		html_text(h, text);
		html_lit(h, "</a>");
	}
	if (o->state == OFFER_DELIVERED) {
		html_lit(h, "<p class=\"note\">");
		html_text(h, req_tf(rq, MSG_SU_DELIVERED_ON, req_day(rq, o->delivered_at), o->delivered));
		html_lit(h, "</p>");
	}
	html_lit(h, "</li>");
}

static void
offers_list(struct req *rq, struct html *h, int64_t unit_id, const struct unit_offer *os, size_t n)
{
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (os[i].unit_id != unit_id || os[i].state == OFFER_WITHDRAWN)
			continue;
		if (shown++ == 0)
			html_lit(h, "<ul class=\"history offers\">");
		offer_item(rq, h, &os[i]);
	}
	if (shown)
		html_lit(h, "</ul>");
	else {
		html_lit(h, "<p>");
		html_text(h, T(rq, SU_NO_OFFERS));
		html_lit(h, "</p>");
	}
}

static void
register_form(struct req *rq, struct html *h)
{
	html_lit(h, "<section class=\"step\"><h2>");
	html_text(h, T(rq, SU_REGISTER_TITLE));
	html_lit(h, "</h2><p>");
	html_text(h, T(rq, SU_REGISTER_HINT));
	html_lit(h, "</p>");
	form_begin(rq, h, "/stationed");
	form_input(h, "name", T(rq, SU_NAME), "text", NULL, true, "organization");
	form_input(h, "contact_name", T(rq, SU_CONTACT), "text", NULL, true, "name");
	form_input(h, "contact_phone", T(rq, SU_PHONE), "tel", NULL, false, "tel");
	form_input(h, "offer_title", T(rq, SU_OFFER_TITLE), "text", NULL, false, "off");
	form_textarea(h, "offer_body", T(rq, SU_OFFER_BODY), NULL, 3, BODY_MAX, false);
	form_submit(h, T(rq, SU_REGISTER_SUBMIT));
	form_end(h);
	html_lit(h, "</section>");
}

static int
render_list(struct req *rq, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct stationed_unit *us;
	struct unit_offer *os;
	size_t nu, no;
	enum yl_err rc = store_stationed_list(rq->db, rq->a, rq->community_id, &us, &nu);
	if (rc == YL_OK)
		rc = store_offers(rq->db, rq->a, rq->community_id, 0, &os, &no);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, SU_TITLE));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, SU_LEAD));
	html_lit(&h, "</p>");
	size_t shown = 0;
	bool mine = false;
	for (size_t i = 0; i < nu; i++) {
		if (!unit_visible(rq, &us[i]))
			continue;
		mine = mine || own_unit(rq, &us[i]);
		shown++;
		html_lit(&h, "<section class=\"item\"><h2><a href=\"");
		html_url(&h, arena_printf(rq->a, "/stationed/%lld", (long long)us[i].id));
		html_lit(&h, "\">");
		html_text(&h, us[i].name);
		html_lit(&h, "</a></h2>");
		if (us[i].state != SU_CONFIRMED) {
			html_lit(&h, "<p class=\"state\">");
			html_text(&h, i18n_get(rq->lang, unit_state_msgs[us[i].state]));
			html_lit(&h, "</p>");
		}
		offers_list(rq, &h, us[i].id, os, no);
		html_lit(&h, "</section>");
	}
	if (shown == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, SU_NONE));
		html_lit(&h, "</p>");
	}
	if (staff(rq) || (org_account(rq) && !mine))
		register_form(rq, &h);
	return page_end(rq, &h);
}

int
stationed_page(struct req *rq)
{
	return render_list(rq, req_query(rq, "done") ? T(rq, SU_DONE) : NULL, false);
}

/* Staff's forms for one offer: match it, record delivery. */
static void
offer_forms(struct req *rq, struct html *h, const struct unit_offer *o, bool manage, bool withdraw)
{
	const char *base = arena_printf(rq->a, "/stationed/offers/%lld", (long long)o->id);
	h->form_scope = arena_printf(rq->a, "o%lld", (long long)o->id);
	html_lit(h, "<section class=\"step\"><h3>");
	html_text(h, o->title);
	html_lit(h, "</h3>");
	if (manage) {
		html_lit(h, "<p>");
		html_text(h, T(rq, SU_MATCH_HINT));
		html_lit(h, "</p>");
		form_begin(rq, h, arena_printf(rq->a, "%s/match", base));
		form_input(h, "problem_id", T(rq, SU_PROBLEM_ID), "number", NULL, false, "off");
		form_input(h, "plan_id", T(rq, SU_PLAN_ID), "number", NULL, false, "off");
		form_input(h, "key", T(rq, SU_ITEM_KEY), "number", NULL, false, "off");
		form_submit(h, T(rq, SU_MATCH));
		form_end(h);
		form_begin(rq, h, arena_printf(rq->a, "%s/deliver", base));
		form_textarea(h, "delivered", T(rq, SU_DELIVERED), NULL, 2, BODY_MAX, true);
		form_submit(h, T(rq, SU_DELIVER));
		form_end(h);
	}
	if (withdraw) {
		form_begin(rq, h, arena_printf(rq->a, "%s/withdraw", base));
		html_lit(h, "<p><button type=\"submit\" class=\"btn small\">");
		html_text(h, T(rq, SU_WITHDRAW));
		html_lit(h, "</button></p>");
		form_end(h);
	}
	html_lit(h, "</section>");
	h->form_scope = NULL;
}

static int
render_unit(struct req *rq, int64_t id, const char *notice, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct stationed_unit u;
	struct unit_offer *os;
	size_t n;
	if (unit_load(rq, id, &u) < 0)
		return -1;
	enum yl_err rc = store_offers(rq->db, rq->a, rq->community_id, u.id, &os, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool manage = staff(rq), personal = unit_personal(rq, &u), may_edit = manage || own_unit(rq, &u);
	struct html h;
	page_begin(rq, &h, u.name);
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<dl class=\"facts\">");
	page_fact(&h, T(rq, SU_STATE), i18n_get(rq->lang, unit_state_msgs[u.state]));
	page_fact(&h, T(rq, SU_CONTACT), personal ? u.contact_name : mask_name(rq->a, u.contact_name));
	if (personal && *u.contact_phone)
		page_fact(&h, T(rq, SU_PHONE), u.contact_phone);
	page_fact(&h, T(rq, SU_REGISTERED), req_day(rq, u.registered_at));
	html_lit(&h, "</dl><h2>");
	html_text(&h, T(rq, SU_OFFERS));
	html_lit(&h, "</h2>");
	offers_list(rq, &h, u.id, os, n);

	if (manage && u.state == SU_APPLIED) {
		html_lit(&h, "<section class=\"step\"><h2>");
		html_text(&h, T(rq, SU_DECIDE));
		html_lit(&h, "</h2>");
		form_begin(rq, &h, arena_printf(rq->a, "/stationed/%lld/confirm", (long long)u.id));
		form_submit(&h, T(rq, SU_CONFIRM));
		form_end(&h);
		form_begin(rq, &h, arena_printf(rq->a, "/stationed/%lld/decline", (long long)u.id));
		html_lit(&h, "<p><button type=\"submit\" class=\"btn small\">");
		html_text(&h, T(rq, SU_DECLINE));
		html_lit(&h, "</button></p>");
		form_end(&h);
		html_lit(&h, "</section>");
	}
	if (may_edit) {
		for (size_t i = 0; i < n; i++)
			if (os[i].state == OFFER_OFFERED || os[i].state == OFFER_MATCHED)
				offer_forms(rq, &h, &os[i], manage && u.state == SU_CONFIRMED, true);
		if (u.state != SU_DECLINED) {
			html_lit(&h, "<section class=\"step\"><h2>");
			html_text(&h, T(rq, SU_ADD_OFFER));
			html_lit(&h, "</h2>");
			h.form_scope = "new";
			form_begin(rq, &h, arena_printf(rq->a, "/stationed/%lld/offers", (long long)u.id));
			form_input(&h, "title", T(rq, SU_OFFER_TITLE), "text", NULL, true, "off");
			form_textarea(&h, "body", T(rq, SU_OFFER_BODY), NULL, 3, BODY_MAX, false);
			form_submit(&h, T(rq, SU_ADD_OFFER));
			form_end(&h);
			h.form_scope = NULL;
			html_lit(&h, "</section>");
		}
	}
	html_lit(&h, "<p><a href=\"/stationed\">");
	html_text(&h, T(rq, SU_BACK));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
stationed_unit_page(struct req *rq)
{
	return render_unit(rq, req_param_id(rq, "id"), req_query(rq, "done") ? T(rq, SU_DONE) : NULL, false);
}

/* A form's answer: the unit's page with a notice, or the page again with the error. */
static int
form_answer(struct req *rq, int r, int64_t unit_id)
{
	if (r < 0) {
		if (req_fatal(rq) || rq->err_message == NULL || unit_id == 0)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_unit(rq, unit_id, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/stationed/%lld?done=1", (long long)unit_id));
}

int
stationed_create_form(struct req *rq)
{
	int64_t id = 0;
	if (unit_register(rq, NULL, &id) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_list(rq, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/stationed/%lld?done=1", (long long)id));
}

int
stationed_confirm_form(struct req *rq)
{
	int64_t id;
	return form_answer(rq, unit_decide(rq, SU_CONFIRMED, &id), req_param_id(rq, "id"));
}

int
stationed_decline_form(struct req *rq)
{
	int64_t id;
	return form_answer(rq, unit_decide(rq, SU_DECLINED, &id), req_param_id(rq, "id"));
}

int
stationed_offer_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return form_answer(rq, offer_add(rq, NULL, &id), id);
}

static int
offer_form(struct req *rq, int (*fn)(struct req *, json_t *, int64_t *, enum offer_state *))
{
	int64_t unit_id = 0;
	enum offer_state to;
	int r = fn(rq, NULL, &unit_id, &to);
	if (r < 0 && unit_id == 0) {
		/* refused before the offer was read: find its unit to show the page again */
		struct unit_offer o;
		if (store_offer_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &o) == YL_OK)
			unit_id = o.unit_id;
	}
	return form_answer(rq, r, unit_id);
}

int
offer_match_form(struct req *rq)
{
	return offer_form(rq, offer_match);
}

int
offer_deliver_form(struct req *rq)
{
	return offer_form(rq, offer_deliver);
}

int
offer_withdraw_form(struct req *rq)
{
	return offer_form(rq, offer_withdraw);
}
