/* plan_opinions.c: the consultation on a plan version — giving an opinion online, entering one
 * collected on paper (heads for their own buildings, staff for anyone, experts and designers),
 * staff's public answers, and the JSON API with the per-item summary. The page is
 * plan_opinion_pages.c, the SQL store/plan_opinions.c. Opinions and answers are public; the names
 * of residents and owners are masked for readers who may not see personal data (PIPL). Every
 * change is one transaction with its audit row; bad input is refused, field named, before
 * anything is written. */
#include "plan_opinions.h"
#include "registry.h"
#include "../core/words.h"
#include "plans.h"
#include "../core/arena.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/plans.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

/* Words ------------------------------------------------------------------------------------ */

static const enum msg stance_msgs[OST__COUNT] = {
	[OST_SUPPORT] = MSG_PO_ST_SUPPORT, [OST_OPPOSE] = MSG_PO_ST_OPPOSE, [OST_SUGGEST] = MSG_PO_ST_SUGGEST};
static const enum msg source_msgs[OSRC__COUNT] = {
	[OSRC_OWNER] = MSG_PO_SRC_OWNER,         [OSRC_RESIDENT] = MSG_PO_SRC_RESIDENT, [OSRC_COMMUNITY] = MSG_PO_SRC_COMMUNITY,
	[OSRC_EXPERT] = MSG_PO_SRC_EXPERT,       [OSRC_DESIGNER] = MSG_PO_SRC_DESIGNER};
static const enum msg answer_msgs[OANS__COUNT] = {
	[OANS_NONE] = MSG_PO_AWAITING, [OANS_ADOPTED] = MSG_PO_ANS_ADOPTED, [OANS_EXPLAINED] = MSG_PO_ANS_EXPLAINED};

const char *
opinion_stance_text(struct req *rq, enum opinion_stance s)
{
	return (unsigned)s < OST__COUNT ? i18n_get(rq->lang, stance_msgs[s]) : "?";
}

const char *
opinion_source_text(struct req *rq, enum opinion_source s)
{
	return (unsigned)s < OSRC__COUNT ? i18n_get(rq->lang, source_msgs[s]) : "?";
}

const char *
opinion_answer_text(struct req *rq, enum opinion_answer a)
{
	return (unsigned)a < OANS__COUNT ? i18n_get(rq->lang, answer_msgs[a]) : "?";
}

/* A private person's opinion: an owner's or a resident's (the others speak in office). */
static bool
private_source(enum opinion_source s)
{
	return s == OSRC_OWNER || s == OSRC_RESIDENT;
}

bool
opinion_personal(struct req *rq, const struct opinion *o)
{
	/* their own: written online by them, or entered by them from the sheet in their hands */
	if (rq->actor.id && o->account_id == rq->actor.id)
		return true;
	struct target t = {rq->community_id, o->building_id, 0, false};
	return req_allowed(rq, PERM_PERSONAL_DATA, &t);
}

const char *
opinion_author_text(struct req *rq, const struct opinion *o)
{
	if (!private_source(o->source)) {
		/* an expert's or designer's signature is public; otherwise the community speaks */
		return *o->author_name ? o->author_name : T(rq, PO_BY_STAFF);
	}
	const char *name = o->channel == OCH_PAPER ? o->author_name : o->account_name;
	return opinion_personal(rq, o) ? name : mask_name(rq->a, name);
}

const char *
opinion_channel_text(struct req *rq, const struct opinion *o)
{
	if (o->channel == OCH_ONLINE)
		return T(rq, PO_CH_ONLINE);
	return o->account_staff ? T(rq, PO_ENTERED_BY_STAFF) : T(rq, PO_ENTERED_BY_HEAD);
}

int
opinion_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id"), plan_id;
	if (id == 0 || store_opinion_community(rq->db, id, &t->community_id, &plan_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
opinion_version(struct req *rq, const struct plan *p, int64_t number, struct plan_version *v)
{
	enum yl_err rc = store_plan_version(rq->db, rq->a, rq->community_id, p->id, number, v);
	if (rc == ERR_NOTFOUND && number == 0)
		return req_errorf(rq, ERR_CONFLICT, "not_published", "version", T(rq, PO_NOT_PUBLISHED));
	if (rc == ERR_NOTFOUND)
		return req_errorf(rq, ERR_NOTFOUND, "unknown_version", "version", req_tf(rq, MSG_PO_NO_VERSION, (long long)number));
	if (rc != YL_OK)
		return req_error(rq, rc);
	/* a draft is staff's work in progress: to anyone else it is not there at all */
	if (v->published_at == 0 && !req_may(rq, PERM_PLAN_MANAGE))
		return req_errorf(rq, ERR_NOTFOUND, "unknown_version", "version", req_tf(rq, MSG_PO_NO_VERSION, (long long)number));
	if (v->published_at == 0)
		return req_errorf(rq, ERR_CONFLICT, "not_published", "version",
		                  req_tf(rq, MSG_PO_VERSION_DRAFT, (long long)v->number));
	return 0;
}

/* The source an online opinion has by its account: staff speak for the community, an account
 * holding the owner role here for an owner, anyone else for a resident. */
static enum opinion_source
own_source(struct req *rq, bool staff)
{
	if (staff)
		return OSRC_COMMUNITY;
	for (size_t i = 0; i < rq->actor.ngrants; i++)
		if (rq->actor.grants[i].role == ROLE_OWNER && rq->actor.grants[i].community_id == rq->community_id)
			return OSRC_OWNER;
	return OSRC_RESIDENT;
}

/* Giving ---------------------------------------------------------------------------------- */

/* Everything the request says, checked before anything is looked up in the plan. */
static int
opinion_inputs(struct req *rq, json_t *j, int64_t *number, struct opinion_new *o)
{
	memset(o, 0, sizeof *o);
	o->author_name = "";
	if (field_int(rq, "version", field_value(rq, j, "version"), MSG_PO_VERSION, 1, INT32_MAX, false, number) < 0 ||
	    field_int(rq, "item", field_value(rq, j, "item"), MSG_PO_ITEM, 0, INT32_MAX, false, &o->item_key) < 0)
		return -1;
	const char *s = field_value(rq, j, "stance");
	int si = word_index(opinion_stance_names, OST__COUNT, s);
	if (si < 0)
		return req_errorf(rq, ERR_INVALID, s && *s ? "bad_stance" : "required", "stance", T(rq, PO_BAD_STANCE));
	o->stance = (enum opinion_stance)si;
	/* a plain "I support it" needs no words; an objection or a suggestion is nothing without them */
	const char *body = field_value(rq, j, "body");
	if (o->stance != OST_SUPPORT && (body == NULL || *body == '\0'))
		return req_errorf(rq, ERR_INVALID, "required", "body", T(rq, PO_NEED_BODY));
	if (field_text(rq, "body", body, MSG_PO_BODY, OPINION_BODY_MAX, false, &o->body) < 0)
		return -1;
	const char *ch = field_value(rq, j, "channel");
	int ci = ch && *ch ? word_index(opinion_channel_names, OCH__COUNT, ch) : OCH_ONLINE;
	if (ci < 0)
		return req_errorf(rq, ERR_INVALID, "bad_channel", "channel", T(rq, PO_BAD_CHANNEL));
	o->channel = (enum opinion_channel)ci;

	bool staff = req_may(rq, PERM_OPINION_ENTER);
	const char *src = field_value(rq, j, "source");
	int sr = src && *src ? word_index(opinion_source_names, OSRC__COUNT, src) : -1;
	if (src && *src && sr < 0)
		return req_errorf(rq, ERR_INVALID, "bad_source", "source", T(rq, PO_BAD_SOURCE));
	if (sr >= 0 && !private_source((enum opinion_source)sr) && !staff)
		return req_errorf(rq, ERR_FORBIDDEN, "source_not_allowed", "source", T(rq, PO_SOURCE_STAFF));

	if (o->channel == OCH_ONLINE) {
		/* online, the account says who speaks; staff may enter an expert's or designer's */
		enum opinion_source own = own_source(rq, staff);
		if (sr >= 0 && sr != (int)own && private_source((enum opinion_source)sr))
			return req_errorf(rq, ERR_INVALID, "source_not_yours", "source", T(rq, PO_SOURCE_OWN));
		o->source = sr >= 0 ? (enum opinion_source)sr : own;
		if (!private_source(o->source) &&
		    field_text(rq, "author_name", field_value(rq, j, "author_name"), MSG_PO_AUTHOR_ORG, OPINION_NAME_MAX, false,
		               &o->author_name) < 0)
			return -1;
		return 0;
	}

	/* on paper: a head for the residents of their buildings, staff for anyone (DOMAIN §7) and for
	 * an expert's or designer's letter */
	struct target any = {rq->community_id, 0, 0, true};
	if (!req_allowed(rq, PERM_OPINION_ENTER, &any))
		return req_errorf(rq, ERR_FORBIDDEN, "not_allowed", "channel", T(rq, PO_NOT_ENTERER));
	if (sr < 0)
		return req_errorf(rq, ERR_INVALID, "required", "source", T(rq, PO_PAPER_SOURCE));
	o->source = (enum opinion_source)sr;
	/* a resident's sheet is signed; an expert's or designer's letter may speak for an office */
	if (field_text(rq, "author_name", field_value(rq, j, "author_name"), MSG_PO_AUTHOR, OPINION_NAME_MAX,
	               private_source(o->source), &o->author_name) < 0)
		return -1;
	const char *unit = field_value(rq, j, "unit");
	int64_t building = 0;
	if (unit && *unit) {
		if (registry_unit_input(rq, unit, &o->unit_id, &building) < 0)
			return -1;
		struct target t = {rq->community_id, building, o->unit_id, false};
		if (!req_allowed(rq, PERM_OPINION_ENTER, &t))
			return req_errorf(rq, ERR_FORBIDDEN, "not_your_building", "unit", T(rq, PO_NOT_YOUR_BUILDING));
	} else if (!staff) {
		/* a head's reach is their buildings: without the unit it cannot be told */
		return req_errorf(rq, ERR_INVALID, "required", "unit", T(rq, PO_NEED_UNIT));
	}
	return 0;
}

int
opinion_give(struct req *rq, json_t *j, int64_t *id, int64_t *version, int64_t *item)
{
	struct plan p;
	if (plan_load(rq, &p) < 0)
		return -1;
	int64_t number;
	struct opinion_new o;
	if (opinion_inputs(rq, j, &number, &o) < 0)
		return -1;

	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	/* the version read under the lock: a close that just committed wins over this opinion */
	struct plan_version v;
	int64_t now = db_now();
	int err = opinion_version(rq, &p, number, &v);
	if (err == 0 && !plan_consult_open(&v, now))
		err = req_errorf(rq, ERR_CONFLICT, "consultation_closed", "version", req_tf(rq, MSG_PO_CLOSED, (long long)v.number));
	struct plan_item_row it;
	if (err == 0 && o.item_key) {
		rc = store_plan_item(rq->db, rq->a, rq->community_id, v.id, o.item_key, &it);
		if (rc == ERR_NOTFOUND)
			err = req_errorf(rq, ERR_INVALID, "unknown_item", "item",
			                 req_tf(rq, MSG_PO_NO_ITEM, (long long)v.number, (long long)o.item_key));
		else if (rc != YL_OK)
			err = req_error(rq, rc);
	}
	if (err < 0) {
		store_end(rq->db, rq->err);
		return -1;
	}
	o.plan_id = p.id;
	o.version_id = v.id;
	o.account_id = rq->actor.id;
	o.now = now;
	rc = store_opinion_add(rq->db, rq->community_id, &o, id);
	if (rc == YL_OK) {
		json_t *det = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s}", "plan_id", (json_int_t)p.id, "version",
		                        (json_int_t)v.number, "item", (json_int_t)o.item_key, "stance",
		                        opinion_stance_names[o.stance], "source", opinion_source_names[o.source], "channel",
		                        opinion_channel_names[o.channel]);
		/* who entered what for whom: the paper sheet's name and unit stay in the record */
		if (*o.author_name)
			json_object_set_new(det, "author_name", json_string(o.author_name));
		if (o.unit_id)
			json_object_set_new(det, "unit_id", json_integer(o.unit_id));
		rc = req_audit(rq, rq->community_id, "plan.opinion", "plan_opinion", *id, det);
	}
	rc = store_end(rq->db, rc);
	if (rc != YL_OK)
		return req_error(rq, rc);
	*version = v.number;
	*item = o.item_key;
	return 0;
}

/* Answering ------------------------------------------------------------------------------- */

int
opinion_answer(struct req *rq, json_t *j, int64_t id, int64_t *plan_id, int64_t *version)
{
	const char *a = field_value(rq, j, "answer");
	int ai = word_index(opinion_answer_names, OANS__COUNT, a);
	if (ai <= OANS_NONE)
		return req_errorf(rq, ERR_INVALID, a && *a ? "bad_answer" : "required", "answer", T(rq, PO_BAD_ANSWER));
	const char *body;
	/* an answer is owed its reasons, "adopted" as much as "explained" */
	if (field_text(rq, "body", field_value(rq, j, "body"), MSG_PO_ANSWER_BODY, OPINION_BODY_MAX, true, &body) < 0)
		return -1;

	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct opinion o;
	enum opinion_answer was = OANS_NONE;
	const char *was_body = "";
	rc = store_opinion_get(rq->db, rq->a, rq->community_id, id, &o);
	if (rc == YL_OK)
		rc = store_opinion_answer(rq->db, rq->a, rq->community_id, id, (enum opinion_answer)ai, body, rq->actor.id,
		                          db_now(), &was, &was_body);
	if (rc == YL_OK) {
		json_t *det = json_pack("{s:I, s:I, s:s, s:s}", "plan_id", (json_int_t)o.plan_id, "version",
		                        (json_int_t)o.version, "answer", opinion_answer_names[ai], "body", body);
		/* answering again replaces the public answer: the record keeps the one it replaced */
		if (was != OANS_NONE) {
			json_object_set_new(det, "replaces", json_string(opinion_answer_names[was]));
			json_object_set_new(det, "replaced_body", json_string(was_body));
		}
		rc = req_audit(rq, rq->community_id, was != OANS_NONE ? "plan.answer.replace" : "plan.answer",
		               "plan_opinion", id, det);
	}
	rc = store_end(rq->db, rc);
	if (rc != YL_OK)
		return req_error(rq, rc);
	*plan_id = o.plan_id;
	*version = o.version;
	return 0;
}

/* JSON ------------------------------------------------------------------------------------ */

static void
opinion_json(struct req *rq, struct jsonw *w, const struct opinion *o)
{
	jsonw_object(w);
	jsonw_kint(w, "id", o->id);
	jsonw_kint(w, "version", o->version);
	jsonw_kint(w, "item", o->item_key);
	jsonw_kstr(w, "stance", opinion_stance_names[o->stance]);
	jsonw_kstr(w, "source", opinion_source_names[o->source]);
	jsonw_kstr(w, "channel", opinion_channel_names[o->channel]);
	jsonw_kstr(w, "body", o->body);
	jsonw_kstr(w, "author", opinion_author_text(rq, o));
	/* who entered a paper opinion is named by office, never by name */
	jsonw_kstr(w, "entered_by", o->channel == OCH_PAPER ? (o->account_staff ? "staff" : "head") : NULL);
	if (o->unit_id && opinion_personal(rq, o))
		jsonw_kstr(w, "unit", o->unit);
	jsonw_ktime(w, "created_at", o->created_at);
	jsonw_key(w, "answer");
	if (o->answer != OANS_NONE) {
		jsonw_object(w);
		jsonw_kstr(w, "answer", opinion_answer_names[o->answer]);
		jsonw_kstr(w, "body", o->answer_body);
		jsonw_ktime(w, "answered_at", o->answered_at);
		jsonw_object_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_object_end(w);
}

/* ?version=N (absent: the newest published one) of the route's plan. */
static int
asked_version(struct req *rq, struct plan *p, struct plan_version *v)
{
	int64_t number;
	if (plan_load(rq, p) < 0 ||
	    field_int(rq, "version", req_query(rq, "version"), MSG_PO_VERSION, 1, INT32_MAX, false, &number) < 0)
		return -1;
	return opinion_version(rq, p, number, v);
}

int
plan_opinions_api(struct req *rq)
{
	struct plan p;
	struct plan_version v;
	if (asked_version(rq, &p, &v) < 0)
		return -1;
	struct opinion *os;
	size_t n;
	enum yl_err rc = store_opinions(rq->db, rq->a, rq->community_id, v.id, &os, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++)
		opinion_json(rq, &w, &os[i]);
	jsonw_list_end(&w, (int64_t)n);
	return 0;
}

static void
count_json(struct jsonw *w, int64_t key, const char *title, const struct opinion_count *c)
{
	static const struct opinion_count none;
	if (c == NULL)
		c = &none;
	jsonw_object(w);
	jsonw_kint(w, "item", key);
	jsonw_kstr(w, "title", title);
	for (int s = 0; s < OST__COUNT; s++)
		jsonw_kint(w, opinion_stance_names[s], c->stance[s]);
	jsonw_kint(w, "unanswered", c->unanswered);
	jsonw_kint(w, "total", c->stance[OST_SUPPORT] + c->stance[OST_OPPOSE] + c->stance[OST_SUGGEST]);
	jsonw_object_end(w);
}

/* The counts of item key among cs (in key order), NULL when it has none. */
static const struct opinion_count *
count_of(const struct opinion_count *cs, size_t n, int64_t key)
{
	for (size_t i = 0; i < n; i++)
		if (cs[i].item_key == key)
			return &cs[i];
	return NULL;
}

int
plan_summary_api(struct req *rq)
{
	struct plan p;
	struct plan_version v;
	if (asked_version(rq, &p, &v) < 0)
		return -1;
	struct plan_item_row *items;
	struct opinion_count *cs;
	size_t ni, nc;
	enum yl_err rc = store_plan_items(rq->db, rq->a, rq->community_id, v.id, &items, &ni);
	if (rc == YL_OK)
		rc = store_opinion_counts(rq->db, rq->a, rq->community_id, v.id, &cs, &nc);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	jsonw_kint(&w, "plan_id", p.id);
	jsonw_kint(&w, "version", v.number);
	jsonw_key(&w, "consultation_open");
	jsonw_bool(&w, plan_consult_open(&v, db_now()));
	/* the last day opinions are taken, as it was published */
	jsonw_key(&w, "consult_until");
	if (v.consult_until) {
		char day[11];
		date_local(v.consult_until - 1, day);
		jsonw_str(&w, day);
	} else {
		jsonw_null(&w);
	}
	jsonw_key(&w, "items");
	jsonw_array(&w);
	count_json(&w, 0, T(rq, PO_WHOLE_PLAN), count_of(cs, nc, 0));
	for (size_t i = 0; i < ni; i++)
		count_json(&w, items[i].it.key, items[i].it.title, count_of(cs, nc, items[i].it.key));
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	return 0;
}

int
plan_opinion_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0, version, item;
	int r = opinion_give(rq, j, &id, &version, &item);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

int
opinion_answer_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = req_param_id(rq, "id"), plan_id, version;
	int r = opinion_answer(rq, j, id, &plan_id, &version);
	json_decref(j);
	if (r < 0)
		return -1;
	return req_json(rq, 200, json_pack("{s:I, s:I, s:I}", "id", (json_int_t)id, "plan_id", (json_int_t)plan_id,
	                                   "version", (json_int_t)version));
}
