/* plans.c: the renovation plan's rules on the web side and its JSON API (DOMAIN.md §3–§4) —
 * plans, versions and their items (class, location, cost and a funding split that must sum
 * exactly to the cost), publishing with a changelog, adoption, the owners' decisions that
 * approve items, the diff between two versions and cost shares: every owner's (staff and
 * committee) or one's own. The pages are plan_pages.c; both go through the plan_* actions here,
 * each one transaction with its audit row. */
#include "plans.h"
#include "notices.h" /* issue 11 */
#include "decisions.h"
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../core/plan.h"
#include "../core/plan_diff.h"
#include "../core/registry.h"
#include "../core/share.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/plans.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Loading ------------------------------------------------------------------------------------ */

int
plan_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (rq->actor.id == 0) /* "sign in" before whether it exists: no plan is public by its id */
		return req_error(rq, ERR_UNAUTH);
	if (id == 0 || store_plan_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
plan_load(struct req *rq, struct plan *p)
{
	enum yl_err rc = store_plan_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), p);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

int
plan_version_pick(struct req *rq, const struct plan *p, const char *number, struct plan_version *v)
{
	int64_t n = 0;
	if (number && *number && field_int(rq, "version", number, MSG_PL_VERSION, 1, INT32_MAX, false, &n) < 0)
		return -1;
	/* no number: the newest published version, or for staff the draft while nothing is published */
	if (n == 0 && p->published == 0 && req_may(rq, PERM_PLAN_MANAGE))
		n = p->draft;
	if (n == 0 && p->published == 0)
		return req_errorf(rq, ERR_NOTFOUND, "not_published", "version", T(rq, PL_NOT_PUBLISHED));
	enum yl_err rc = store_plan_version(rq->db, rq->a, rq->community_id, p->id, n, v);
	/* a draft is staff's work in progress, not yet the residents' to read */
	if (rc == YL_OK && v->published_at == 0 && !req_may(rq, PERM_PLAN_MANAGE))
		rc = ERR_NOTFOUND;
	if (rc != YL_OK)
		return req_errorf(rq, rc, "unknown_version", "version", T(rq, PL_NO_VERSION));
	return 0;
}

/* Words -------------------------------------------------------------------------------------- */

const char *
plan_class_text(struct req *rq, enum item_class c)
{
	static const enum msg m[ITEM__COUNT] = {MSG_PL_CLASS_BASIC, MSG_PL_CLASS_IMPROVEMENT, MSG_PL_CLASS_ENHANCEMENT};
	return i18n_get(rq->lang, m[c]);
}

const char *
plan_status_text(struct req *rq, enum item_status s)
{
	static const enum msg m[ITEM_STATUS__COUNT] = {MSG_PL_ST_PROPOSED, MSG_PL_ST_AWAITING, MSG_PL_ST_VOTING,
	                                               MSG_PL_ST_APPROVED, MSG_PL_ST_REJECTED};
	return i18n_get(rq->lang, m[s]);
}

static const enum msg fund_msgs[FUND__COUNT] = {MSG_PL_FUND_GOVERNMENT, MSG_PL_FUND_RESIDENTS, MSG_PL_FUND_MAINTENANCE,
                                               MSG_PL_FUND_UTILITY,    MSG_PL_FUND_STATIONED, MSG_PL_FUND_SOCIAL};

const char *
plan_fund_text(struct req *rq, enum fund_source f)
{
	return i18n_get(rq->lang, fund_msgs[f]);
}

const char *
plan_place_text(struct req *rq, const struct plan_item_row *r)
{
	const char *where = r->scope == ISC_COMMUNITY ? T(rq, DC_SCOPE_ALL)
	                                              : arena_printf(rq->a, "%s%s", r->building, r->stairwell);
	return *r->place ? arena_printf(rq->a, "%s · %s", where, r->place) : where;
}

/* Input -------------------------------------------------------------------------------------- */

#define PLAN_TITLE_MAX 100
#define PLAN_SUMMARY_MAX 4000
#define ITEM_TITLE_MAX 100
#define ITEM_DESCRIPTION_MAX 4000
#define ITEM_PLACE_MAX 200
#define CHANGELOG_MAX 4000

/* A yes/no: a JSON boolean, or a form checkbox ("1" when ticked, absent otherwise). */
static int
flag_input(struct req *rq, json_t *j, const char *name, enum msg bad, bool required, bool *out)
{
	if (j == NULL) {
		const char *v = req_form(rq, name);
		*out = v != NULL && strcmp(v, "1") == 0;
		return 0;
	}
	json_t *v = json_object_get(j, name);
	if (v == NULL && !required) {
		*out = false;
		return 0;
	}
	if (!json_is_boolean(v))
		return req_errorf(rq, ERR_INVALID, v ? "not_boolean" : "required", name, i18n_get(rq->lang, bad));
	*out = json_is_true(v);
	return 0;
}

int
plan_item_input(struct req *rq, json_t *j, struct plan_item_row *r)
{
	memset(r, 0, sizeof *r);
	const char *cls = field_value(rq, j, "class"), *rule = field_value(rq, j, "share_rule");
	if (field_text(rq, "title", field_value(rq, j, "title"), MSG_PL_ITEM_TITLE, ITEM_TITLE_MAX, true, &r->it.title) < 0 ||
	    field_text(rq, "description", field_value(rq, j, "description"), MSG_PL_ITEM_DESCRIPTION, ITEM_DESCRIPTION_MAX,
	               false, &r->it.description) < 0)
		return -1;
	int c = item_class_from_name(cls);
	if (c < 0)
		return req_errorf(rq, ERR_INVALID, cls && *cls ? "unknown_class" : "required", "class", T(rq, PL_BAD_CLASS));
	r->it.klass = (enum item_class)c;
	if (flag_input(rq, j, "mandatory", MSG_PL_BAD_MANDATORY, true, &r->it.mandatory) < 0 ||
	    flag_input(rq, j, "owners_decide", MSG_PL_BAD_OWNERS_DECIDE, false, &r->it.owners_decide) < 0)
		return -1;
	enum decision_scope sc;
	if (decision_scope_input(rq, j, MSG_PL_BAD_SCOPE, &sc, &r->building_id, &r->stairwell_id) < 0)
		return -1;
	r->scope = (enum item_scope)sc;
	if (field_text(rq, "place", field_value(rq, j, "place"), MSG_PL_ITEM_PLACE, ITEM_PLACE_MAX, false, &r->place) < 0)
		return -1;
	int sr = rule && *rule ? share_rule_from_name(rule) : SHARE_AREA;
	if (sr < 0)
		return req_errorf(rq, ERR_INVALID, "unknown_rule", "share_rule", T(rq, PL_BAD_RULE));
	r->it.share_rule = sr;
	if (field_amount(rq, "cost", field_money(rq, j, "cost"), MSG_PL_COST, 0, DEC_MAX, true, &r->it.cost) < 0)
		return -1;

	/* funding: {"government": "…", …} in JSON, fund_government … in a form; an absent source is 0 */
	json_t *fj = j ? json_object_get(j, "funding") : NULL;
	if (j && fj && !json_is_object(fj))
		return req_errorf(rq, ERR_INVALID, "bad_funding", "funding", T(rq, PL_BAD_FUNDING));
	if (fj) {
		const char *k;
		json_t *v;
		json_object_foreach(fj, k, v) {
			if (fund_source_from_name(k) < 0)
				return req_errorf(rq, ERR_INVALID, "unknown_source", arena_printf(rq->a, "funding.%s", k),
				                  req_tf(rq, MSG_PL_UNKNOWN_SOURCE, k));
		}
	}
	for (int f = 0; f < FUND__COUNT; f++) {
		const char *field = arena_printf(rq->a, j ? "funding.%s" : "fund_%s", fund_source_names[f]);
		const char *v = j ? (fj ? field_money(rq, fj, fund_source_names[f]) : NULL) : req_form(rq, field);
		if (field_amount(rq, field, v, fund_msgs[f], 0, DEC_MAX, false, &r->it.funding[f]) < 0)
			return -1;
	}
	int64_t gap;
	if (share_funding_gap(r->it.cost, r->it.funding, &gap) != YL_OK) /* sums past DEC_MAX */
		return req_errorf(rq, ERR_INVALID, "bad_amount", "cost", req_tf(rq, MSG_ERR_BAD_AMOUNT, T(rq, PL_COST)));
	if (gap != 0) {
		int64_t sum = r->it.cost - gap;
		return req_errorf(rq, ERR_INVALID, "funding_mismatch", "funding",
		                  req_tf(rq, gap > 0 ? MSG_PL_FUNDING_SHORT : MSG_PL_FUNDING_OVER, req_amount(rq, sum),
		                         req_amount(rq, r->it.cost), req_amount(rq, gap > 0 ? gap : -gap)));
	}
	/* the residents' part is shared between the owners in scope: say so before anyone is billed */
	if (r->it.funding[FUND_RESIDENTS] > 0 && r->it.share_rule == SHARE_ELEVATOR && r->scope == ISC_COMMUNITY)
		return req_errorf(rq, ERR_INVALID, "elevator_scope", "scope", T(rq, PL_ELEVATOR_SCOPE));
	return 0;
}

/* Actions (one transaction each, with its audit row) ------------------------------------------ */

/* Ends the transaction with rc and, on failure, sets the error: a conflict in words when given. */
static int
finish(struct req *rq, enum yl_err rc, const char *conflict_code, enum msg conflict)
{
	rc = store_end(rq->db, rc);
	if (rc == YL_OK)
		return 0;
	if (rc == ERR_CONFLICT && conflict_code)
		return req_errorf(rq, ERR_CONFLICT, conflict_code, NULL, i18n_get(rq->lang, conflict));
	return req_error(rq, rc);
}

int
plan_create(struct req *rq, json_t *j, int64_t *id)
{
	const char *title, *summary;
	if (field_text(rq, "title", field_value(rq, j, "title"), MSG_PL_TITLE_FIELD, PLAN_TITLE_MAX, true, &title) < 0 ||
	    field_text(rq, "summary", field_value(rq, j, "summary"), MSG_PL_SUMMARY, PLAN_SUMMARY_MAX, false, &summary) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_plan_create(rq->db, rq->community_id, title, summary, rq->actor.id, db_now(), id);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "plan.create", "plan", *id, json_pack("{s:s}", "title", title));
	return finish(rq, rc, NULL, 0);
}

static json_t *
item_audit(const struct plan_item_row *r)
{
	json_t *f = json_object();
	for (int i = 0; i < FUND__COUNT; i++)
		if (r->it.funding[i])
			json_object_set_new(f, fund_source_names[i], json_integer(r->it.funding[i]));
	return json_pack("{s:s, s:s, s:b, s:b, s:s, s:I, s:I, s:I, s:o, s:s}", "title", r->it.title, "class",
	                 item_class_names[r->it.klass], "mandatory", r->it.mandatory, "owners_decide", r->it.owners_decide,
	                 "scope", item_scope_names[r->scope], "building_id", (json_int_t)r->building_id, "stairwell_id",
	                 (json_int_t)r->stairwell_id, "cost", (json_int_t)r->it.cost, "funding", f, "share_rule",
	                 share_rule_names[r->it.share_rule]);
}

int
plan_item_save(struct req *rq, const struct plan *p, json_t *j, int64_t key, int64_t *out_key)
{
	struct plan_item_row r;
	if (plan_item_input(rq, j, &r) < 0)
		return -1;
	r.it.key = key;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_plan_item_put(rq->db, rq->community_id, p->id, &r, out_key);
	if (rc == YL_OK) {
		json_t *d = item_audit(&r);
		json_object_set_new(d, "key", json_integer(*out_key));
		rc = req_audit(rq, rq->community_id, key ? "plan.item.change" : "plan.item.add", "plan", p->id, d);
	}
	return finish(rq, rc, "no_draft", MSG_PL_NO_DRAFT);
}

int
plan_item_remove(struct req *rq, const struct plan *p, int64_t key)
{
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_plan_item_delete(rq->db, rq->community_id, p->id, key);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "plan.item.remove", "plan", p->id, json_pack("{s:I}", "key", (json_int_t)key));
	return finish(rq, rc, "no_draft", MSG_PL_NO_DRAFT);
}

int
plan_publish(struct req *rq, const struct plan *p, json_t *j, int64_t *number)
{
	const char *changelog, *until = field_value(rq, j, "consult_until");
	/* version 1 needs no changelog: there is nothing before it to change */
	if (field_text(rq, "changelog", field_value(rq, j, "changelog"), MSG_PL_CHANGELOG, CHANGELOG_MAX, p->published > 0,
	               &changelog) < 0)
		return -1;
	int64_t consult_until = 0, now = db_now();
	if (until && *until) {
		int64_t day;
		if (date_parse_local(until, &day) < 0)
			return req_errorf(rq, ERR_INVALID, "bad_date", "consult_until", T(rq, PL_BAD_CONSULT_UNTIL));
		consult_until = day + 86400 - 1; /* open to the end of that day */
		if (consult_until < now)
			return req_errorf(rq, ERR_INVALID, "past_date", "consult_until", T(rq, PL_PAST_CONSULT_UNTIL));
	}
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_plan_publish(rq->db, rq->community_id, p->id, changelog, consult_until, rq->actor.id, now, number);
	if (rc == ERR_INVALID) {
		store_end(rq->db, rc);
		return req_errorf(rq, ERR_INVALID, "empty_draft", NULL, T(rq, PL_EMPTY_DRAFT));
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "plan.publish", "plan", p->id,
		               json_pack("{s:I, s:s, s:I}", "version", (json_int_t)*number, "changelog", changelog,
		                         "consult_until", (json_int_t)consult_until));
	if (rc == YL_OK) /* issue 11: the version is posted on the notice board */
		rc = notice_post_plan(rq, p->id, p->title, *number, changelog);
	return finish(rq, rc, "no_draft", MSG_PL_NO_DRAFT);
}

int
plan_new_draft(struct req *rq, const struct plan *p, int64_t *number)
{
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_plan_new_draft(rq->db, rq->community_id, p->id, rq->actor.id, db_now(), number);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "plan.draft", "plan", p->id, json_pack("{s:I}", "version", (json_int_t)*number));
	if (p->adopted_version)
		return finish(rq, rc, "adopted", MSG_PL_ADOPTED_ALREADY);
	return finish(rq, rc, "draft_exists", p->published ? MSG_PL_DRAFT_EXISTS : MSG_PL_NOTHING_PUBLISHED);
}

/* A version number from JSON or the form's "version", required. */
static int
version_input(struct req *rq, json_t *j, int64_t *n)
{
	return field_int(rq, "version", field_value(rq, j, "version"), MSG_PL_VERSION, 1, INT32_MAX, true, n);
}

int
plan_consult_close(struct req *rq, const struct plan *p, json_t *j)
{
	int64_t n;
	if (version_input(rq, j, &n) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_plan_consult_close(rq->db, rq->community_id, p->id, n, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "plan.consultation.close", "plan", p->id,
		               json_pack("{s:I}", "version", (json_int_t)n));
	return finish(rq, rc, "not_open", MSG_PL_CONSULT_NOT_OPEN);
}

int
plan_adopt(struct req *rq, const struct plan *p, json_t *j)
{
	int64_t n;
	if (version_input(rq, j, &n) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_plan_adopt(rq->db, rq->community_id, p->id, n, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "plan.adopt", "plan", p->id, json_pack("{s:I}", "version", (json_int_t)n));
	return finish(rq, rc, "cannot_adopt", p->adopted_version ? MSG_PL_ADOPTED_ALREADY : MSG_PL_ADOPT_UNPUBLISHED);
}

int
plan_link_decision(struct req *rq, const struct plan *p, json_t *j, int64_t key)
{
	int64_t did, option;
	if (field_int(rq, "decision_id", field_value(rq, j, "decision_id"), MSG_PL_DECISION, 1, INT64_MAX, true, &did) < 0 ||
	    field_int(rq, "option_id", field_value(rq, j, "option_id"), MSG_PL_DECISION, 0, INT64_MAX, false, &option) < 0)
		return -1;
	/* the item must be in the plan as published (or in the draft about to be) */
	struct plan_item_row r;
	struct plan_version v;
	int64_t number = p->draft ? p->draft : p->published;
	if (store_plan_version(rq->db, rq->a, rq->community_id, p->id, number, &v) != YL_OK ||
	    store_plan_item(rq->db, rq->a, rq->community_id, v.id, key, &r) != YL_OK)
		return req_errorf(rq, ERR_NOTFOUND, "unknown_item", "key", T(rq, PL_NO_ITEM));
	/* Only the owners of the item's whole location may approve it: one building's vote cannot
	 * approve an item for the compound, nor another building's. */
	struct decision d;
	if (store_decision_get(rq->db, rq->a, rq->community_id, did, &d) != YL_OK)
		return req_errorf(rq, ERR_INVALID, "unknown_decision", "decision_id", T(rq, PL_NO_DECISION));
	bool covers = d.scope == DSC_COMMUNITY ||
	              (d.scope == DSC_BUILDING && r.scope != ISC_COMMUNITY && r.building_id == d.building_id) ||
	              (d.scope == DSC_STAIRWELL && r.scope == ISC_STAIRWELL && r.stairwell_id == d.stairwell_id);
	if (!covers)
		return req_errorf(rq, ERR_INVALID, "decision_scope", "decision_id",
		                  req_tf(rq, MSG_PL_DECISION_SCOPE, decision_scope_text(rq, &d), plan_place_text(rq, &r)));
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	rc = store_plan_link_decision(rq->db, rq->community_id, p->id, key, did, option, rq->actor.id, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "plan.item.decision", "plan", p->id,
		               json_pack("{s:I, s:I, s:I}", "key", (json_int_t)key, "decision_id", (json_int_t)did, "option_id",
		                         (json_int_t)option));
	if (rc == ERR_NOTFOUND) {
		store_end(rq->db, rc);
		return req_errorf(rq, ERR_INVALID, "unknown_decision", "decision_id", T(rq, PL_NO_DECISION));
	}
	if (rc == ERR_INVALID) {
		store_end(rq->db, rc);
		/* no option given: the decision is a multiple-choice one, and the item is one of its options */
		return req_errorf(rq, ERR_INVALID, option ? "unknown_option" : "option_required", "option_id",
		                  option ? T(rq, PL_NO_OPTION) : T(rq, PL_NEED_OPTION));
	}
	return finish(rq, rc, NULL, 0);
}

/* Shares ------------------------------------------------------------------------------------- */

void
plan_shares_free(struct plan_shares *ps)
{
	free(ps->units);
	free(ps->payers);
	memset(ps, 0, sizeof *ps);
}

enum yl_err
plan_shares_compute(struct req *rq, int64_t total, enum share_rule rule, int64_t building_id, int64_t stairwell_id,
                    struct plan_shares *ps)
{
	memset(ps, 0, sizeof *ps);
	enum yl_err rc = store_share_units(rq->db, rq->a, rq->community_id, building_id, stairwell_id, &ps->units, &ps->nunits);
	if (rc != YL_OK)
		return rc;
	if (ps->nunits == 0)
		return ERR_NOTFOUND;
	struct share_unit *su = malloc(ps->nunits * sizeof *su);
	ps->payers = malloc(ps->nunits * sizeof *ps->payers);
	if (su == NULL || ps->payers == NULL) {
		free(su);
		plan_shares_free(ps);
		return ERR_INTERNAL;
	}
	for (size_t i = 0; i < ps->nunits; i++)
		su[i] = ps->units[i].u;
	rc = share_payers(su, ps->nunits, rule, ps->payers, &ps->npayers);
	free(su);
	if (rc == YL_OK)
		rc = share_apportion(total, ps->payers, ps->npayers);
	if (rc != YL_OK)
		plan_shares_free(ps);
	return rc;
}

static int
by_owner_id(const void *a, const void *b)
{
	const struct plan_unit *x = a, *y = b;
	return (x->u.owner_id > y->u.owner_id) - (x->u.owner_id < y->u.owner_id);
}

const char *
plan_shares_ref(const struct plan_shares *ps, int64_t owner_id)
{
	/* units are in owner order (the SQL's ORDER BY), so the owner's ref is found by halving */
	struct plan_unit key = {.u.owner_id = owner_id};
	const struct plan_unit *p = bsearch(&key, ps->units, ps->nunits, sizeof *ps->units, by_owner_id);
	return p ? p->owner_ref : "";
}

int
plan_my_shares(struct req *rq, const struct item_state *items, size_t n, struct my_share *out, int64_t *total)
{
	int64_t owners[16];
	size_t no = 0;
	*total = 0;
	if (store_account_owners(rq->db, rq->community_id, rq->actor.id, owners, 16, &no) != YL_OK)
		return req_error(rq, ERR_INTERNAL);
	for (size_t i = 0; i < n; i++) {
		const struct plan_item_row *r = &items[i].row;
		out[i] = (struct my_share){0};
		if (no == 0 || r->it.funding[FUND_RESIDENTS] == 0)
			continue;
		struct plan_shares ps;
		enum yl_err rc = plan_shares_compute(rq, r->it.funding[FUND_RESIDENTS], (enum share_rule)r->it.share_rule,
		                                     r->building_id, r->stairwell_id, &ps);
		if (rc != YL_OK)
			continue; /* nobody in scope pays: then neither does this account */
		for (size_t k = 0; k < ps.npayers; k++)
			for (size_t o = 0; o < no; o++)
				if (ps.payers[k].owner_id == owners[o]) {
					out[i].in_scope = true;
					out[i].amount += ps.payers[k].amount;
					out[i].area += ps.payers[k].area;
				}
		*total += out[i].amount;
		plan_shares_free(&ps);
	}
	return (int)no;
}

/* JSON ----------------------------------------------------------------------------------------- */

static void
version_json(struct jsonw *w, const struct plan_version *v, int64_t now)
{
	char b[26];
	jsonw_object(w);
	jsonw_kint(w, "number", v->number);
	jsonw_kstr(w, "changelog", v->changelog);
	jsonw_key(w, "published_at");
	if (v->published_at) {
		time_rfc3339(v->published_at, b);
		jsonw_str(w, b);
	} else
		jsonw_null(w);
	jsonw_key(w, "consult_until");
	if (v->consult_until) {
		time_rfc3339(v->consult_until, b);
		jsonw_str(w, b);
	} else
		jsonw_null(w);
	jsonw_key(w, "consultation_open");
	jsonw_bool(w, plan_consult_open(v, now));
	jsonw_object_end(w);
}

static void
item_json(struct req *rq, struct jsonw *w, const struct plan_item_row *r)
{
	jsonw_kint(w, "key", r->it.key);
	jsonw_kstr(w, "title", r->it.title);
	jsonw_kstr(w, "description", r->it.description);
	jsonw_kstr(w, "class", item_class_names[r->it.klass]);
	jsonw_key(w, "mandatory");
	jsonw_bool(w, r->it.mandatory);
	jsonw_key(w, "owners_decide");
	jsonw_bool(w, r->it.owners_decide);
	jsonw_key(w, "scope");
	jsonw_object(w);
	jsonw_kstr(w, "type", item_scope_names[r->scope]);
	if (r->scope != ISC_COMMUNITY)
		jsonw_kstr(w, "building", r->building);
	if (r->scope == ISC_STAIRWELL)
		jsonw_kstr(w, "stairwell", r->stairwell);
	jsonw_object_end(w);
	jsonw_kstr(w, "place", r->place);
	jsonw_kamount(w, "cost", r->it.cost);
	jsonw_key(w, "funding");
	jsonw_object(w);
	for (int f = 0; f < FUND__COUNT; f++)
		jsonw_kstr(w, fund_source_names[f], req_amount(rq, r->it.funding[f]));
	jsonw_object_end(w);
	jsonw_kstr(w, "share_rule", share_rule_names[r->it.share_rule]);
}

static void
state_json(struct req *rq, struct jsonw *w, const struct item_state *s)
{
	jsonw_object(w);
	item_json(rq, w, &s->row);
	jsonw_kstr(w, "status", item_status_names[s->status]);
	jsonw_kint_or_null(w, "decision_id", s->decision_id);
	jsonw_object_end(w);
}

/* The plan's head; the draft's number only for those who may manage it: a draft is staff's work
 * in progress, not yet the residents' to read (plan_version_pick). */
static void
plan_json_head(struct jsonw *w, const struct plan *p, bool manage)
{
	jsonw_kint(w, "id", p->id);
	jsonw_kstr(w, "title", p->title);
	jsonw_kstr(w, "summary", p->summary);
	jsonw_kint(w, "published", p->published);
	jsonw_kint_or_null(w, "draft", manage ? p->draft : 0);
	jsonw_kint_or_null(w, "adopted_version", p->adopted_version);
}

int
plans_api(struct req *rq)
{
	struct plan *v;
	size_t n;
	enum yl_err rc = store_plans(rq->db, rq->a, rq->community_id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	bool manage = req_may(rq, PERM_PLAN_MANAGE);
	jsonw_list(&w);
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].published && !manage)
			continue; /* nothing of it is the residents' to read yet */
		jsonw_object(&w);
		plan_json_head(&w, &v[i], manage);
		jsonw_object_end(&w);
		shown++;
	}
	jsonw_list_end(&w, (int64_t)shown);
	return 0;
}

int
plan_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = plan_create(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

/* The plan with its versions and one version's items (?version=N; the newest published one). */
int
plan_api(struct req *rq)
{
	struct plan p;
	struct plan_version v, *vs;
	size_t nv, ni;
	struct item_state *items;
	if (plan_load(rq, &p) < 0 || plan_version_pick(rq, &p, req_query(rq, "version"), &v) < 0)
		return -1;
	enum yl_err rc = store_plan_versions(rq->db, rq->a, rq->community_id, p.id, &vs, &nv);
	if (rc == YL_OK)
		rc = store_plan_item_states(rq->db, rq->a, rq->community_id, &p, &v, &items, &ni);
	if (rc != YL_OK)
		return req_error(rq, rc);
	int64_t now = db_now(), total = 0;
	bool manage = req_may(rq, PERM_PLAN_MANAGE);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	plan_json_head(&w, &p, manage);
	jsonw_key(&w, "versions");
	jsonw_array(&w);
	for (size_t i = 0; i < nv; i++)
		if (vs[i].published_at || manage)
			version_json(&w, &vs[i], now);
	jsonw_array_end(&w);
	jsonw_key(&w, "version");
	version_json(&w, &v, now);
	jsonw_key(&w, "items");
	jsonw_array(&w);
	for (size_t i = 0; i < ni; i++) {
		state_json(rq, &w, &items[i]);
		total += items[i].row.it.cost;
	}
	jsonw_array_end(&w);
	jsonw_kamount(&w, "total_cost", total);
	jsonw_object_end(&w);
	return 0;
}

static int
item_write_api(struct req *rq, int64_t key)
{
	struct plan p;
	if (plan_load(rq, &p) < 0)
		return -1;
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t out = 0;
	int r = plan_item_save(rq, &p, j, key, &out);
	json_decref(j);
	if (r < 0)
		return -1;
	return req_json(rq, key ? 200 : 201, json_pack("{s:I}", "key", (json_int_t)out));
}

int
plan_item_create_api(struct req *rq)
{
	return item_write_api(rq, 0);
}

int
plan_item_update_api(struct req *rq)
{
	int64_t key = req_param_id(rq, "key");
	if (key == 0)
		return req_error(rq, ERR_NOTFOUND);
	return item_write_api(rq, key);
}

int
plan_item_delete_api(struct req *rq)
{
	struct plan p;
	int64_t key = req_param_id(rq, "key");
	if (plan_load(rq, &p) < 0)
		return -1;
	if (key == 0)
		return req_error(rq, ERR_NOTFOUND);
	if (plan_item_remove(rq, &p, key) < 0)
		return -1;
	return req_json(rq, 200, json_pack("{s:I}", "key", (json_int_t)key));
}

/* The POST routes whose body is small JSON (or none) and whose action takes the plan. */
static json_t *
optional_body(struct req *rq, bool *bad)
{
	*bad = false;
	if (rq->body_len == 0)
		return json_object();
	json_t *j = req_json_body(rq);
	*bad = j == NULL;
	return j;
}

int
plan_publish_api(struct req *rq)
{
	struct plan p;
	bool bad;
	if (plan_load(rq, &p) < 0)
		return -1;
	json_t *j = optional_body(rq, &bad);
	if (bad)
		return req_fail(rq);
	int64_t number = 0;
	int r = plan_publish(rq, &p, j, &number);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 200, json_pack("{s:I}", "number", (json_int_t)number));
}

int
plan_draft_api(struct req *rq)
{
	struct plan p;
	int64_t number = 0;
	if (plan_load(rq, &p) < 0 || plan_new_draft(rq, &p, &number) < 0)
		return -1;
	return req_json(rq, 201, json_pack("{s:I}", "number", (json_int_t)number));
}

/* A step on the plan whose JSON body (it may be empty) the action reads; answers {done: true}. */
static int
body_step(struct req *rq, int (*act)(struct req *, const struct plan *, json_t *), const char *done)
{
	struct plan p;
	bool bad;
	if (plan_load(rq, &p) < 0)
		return -1;
	json_t *j = optional_body(rq, &bad);
	if (bad)
		return req_fail(rq);
	int r = act(rq, &p, j);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 200, json_pack("{s:b}", done, 1));
}

int
plan_consult_close_api(struct req *rq)
{
	return body_step(rq, plan_consult_close, "closed");
}

int
plan_adopt_api(struct req *rq)
{
	return body_step(rq, plan_adopt, "adopted");
}

int
plan_link_api(struct req *rq)
{
	struct plan p;
	int64_t key = req_param_id(rq, "key");
	if (plan_load(rq, &p) < 0)
		return -1;
	if (key == 0)
		return req_error(rq, ERR_NOTFOUND);
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int r = plan_link_decision(rq, &p, j, key);
	json_decref(j);
	if (r < 0)
		return -1;
	/* judged in the version the link was checked against: an item only in the draft is linked too */
	struct item_state st;
	enum yl_err rc = store_plan_item_state_in(rq->db, rq->a, rq->community_id, p.id, p.draft ? p.draft : p.published, key,
	                                          &st);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_json(rq, 200, json_pack("{s:I, s:s}", "key", (json_int_t)key, "status", item_status_names[st.status]));
}

int
plan_diff_read(struct req *rq, const struct plan *p, struct plan_diff_view *d)
{
	struct plan_version a, b;
	const char *from = req_query(rq, "from"), *to = req_query(rq, "to");
	memset(d, 0, sizeof *d);
	/* default: the newest published version against the one before it */
	int64_t nb = p->published, na = nb > 1 ? nb - 1 : nb;
	if ((from && *from && field_int(rq, "from", from, MSG_PL_VERSION, 1, INT32_MAX, true, &na) < 0) ||
	    (to && *to && field_int(rq, "to", to, MSG_PL_VERSION, 1, INT32_MAX, true, &nb) < 0))
		return -1;
	if (nb == 0)
		return req_errorf(rq, ERR_NOTFOUND, "not_published", "to", T(rq, PL_NOT_PUBLISHED));
	bool manage = req_may(rq, PERM_PLAN_MANAGE);
	if (store_plan_version(rq->db, rq->a, rq->community_id, p->id, na, &a) != YL_OK || (!a.published_at && !manage))
		return req_errorf(rq, ERR_NOTFOUND, "unknown_version", "from", T(rq, PL_NO_VERSION));
	if (store_plan_version(rq->db, rq->a, rq->community_id, p->id, nb, &b) != YL_OK || (!b.published_at && !manage))
		return req_errorf(rq, ERR_NOTFOUND, "unknown_version", "to", T(rq, PL_NO_VERSION));
	struct plan_item_row *ra, *rb;
	size_t n1, n2;
	enum yl_err rc = store_plan_items(rq->db, rq->a, rq->community_id, a.id, &ra, &n1);
	if (rc == YL_OK)
		rc = store_plan_items(rq->db, rq->a, rq->community_id, b.id, &rb, &n2);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct plan_item *ia = arena_alloc(rq->a, (n1 + 1) * sizeof *ia), *ib = arena_alloc(rq->a, (n2 + 1) * sizeof *ib);
	for (size_t i = 0; i < n1; i++)
		ia[i] = ra[i].it;
	for (size_t i = 0; i < n2; i++)
		ib[i] = rb[i].it;
	d->from = a;
	d->to = b;
	d->changes = arena_alloc(rq->a, (n1 + n2 + 1) * sizeof *d->changes);
	d->n = plan_diff(ia, n1, ib, n2, d->changes, &d->cost_delta);
	if (d->n == (size_t)-1)
		return req_error(rq, ERR_INTERNAL);
	for (size_t i = 0; i < n1; i++)
		d->cost_from += ia[i].cost;
	d->cost_to = d->cost_from + d->cost_delta;
	return 0;
}

static const char *const field_names[] = {"title", "description", "location", "class", "mandatory",
                                          "cost", "funding", "owners_decide", "share_rule"};

int
plan_diff_api(struct req *rq)
{
	struct plan p;
	struct plan_diff_view d;
	if (plan_load(rq, &p) < 0 || plan_diff_read(rq, &p, &d) < 0)
		return -1;
	static const char *const kinds[] = {"added", "removed", "changed"};
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	jsonw_kint(&w, "from", d.from.number);
	jsonw_kint(&w, "to", d.to.number);
	jsonw_kamount(&w, "cost_from", d.cost_from);
	jsonw_kamount(&w, "cost_to", d.cost_to);
	jsonw_kamount(&w, "cost_delta", d.cost_delta);
	jsonw_key(&w, "changes");
	jsonw_array(&w);
	for (size_t i = 0; i < d.n; i++) {
		const struct plan_change *c = &d.changes[i];
		jsonw_object(&w);
		jsonw_kstr(&w, "kind", kinds[c->kind]);
		jsonw_kint(&w, "key", c->key);
		jsonw_kstr(&w, "title", (c->new_ ? c->new_ : c->old)->title);
		jsonw_key(&w, "fields");
		jsonw_array(&w);
		for (size_t f = 0; f < sizeof field_names / sizeof *field_names; f++)
			if (c->fields & (1u << f))
				jsonw_str(&w, field_names[f]);
		jsonw_array_end(&w);
		jsonw_kamount(&w, "cost_delta", c->cost_delta);
		jsonw_key(&w, "funding_delta");
		jsonw_object(&w);
		for (int f = 0; f < FUND__COUNT; f++)
			if (c->funding_delta[f])
				jsonw_kstr(&w, fund_source_names[f], req_amount(rq, c->funding_delta[f]));
		jsonw_object_end(&w);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	return 0;
}

/* The signed-in person's own share of each item the residents pay for, in a version. */
int
plan_my_share_api(struct req *rq)
{
	struct plan p;
	struct plan_version v;
	struct item_state *items;
	size_t n;
	if (plan_load(rq, &p) < 0 || plan_version_pick(rq, &p, req_query(rq, "version"), &v) < 0)
		return -1;
	enum yl_err rc = store_plan_item_states(rq->db, rq->a, rq->community_id, &p, &v, &items, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct my_share *ms = arena_zalloc(rq->a, (n + 1) * sizeof *ms);
	int64_t total;
	int owners = plan_my_shares(rq, items, n, ms, &total);
	if (owners < 0)
		return -1;
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	jsonw_kint(&w, "version", v.number);
	jsonw_key(&w, "owner");
	jsonw_bool(&w, owners > 0);
	jsonw_key(&w, "items");
	jsonw_array(&w);
	for (size_t i = 0; i < n; i++) {
		if (!ms[i].in_scope)
			continue;
		jsonw_object(&w);
		jsonw_kint(&w, "key", items[i].row.it.key);
		jsonw_kstr(&w, "title", items[i].row.it.title);
		jsonw_kstr(&w, "rule", share_rule_names[items[i].row.it.share_rule]);
		jsonw_kamount(&w, "residents_total", items[i].row.it.funding[FUND_RESIDENTS]);
		jsonw_kamount(&w, "area", ms[i].area);
		jsonw_kamount(&w, "amount", ms[i].amount);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_kamount(&w, "total", total);
	jsonw_object_end(&w);
	return 0;
}

/* Cost shares on their own ------------------------------------------------------------------ */

int
cost_shares_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t total = 0, building_id = 0, stairwell_id = 0;
	int rule = -1;
	const char *ts = json_string_value(json_object_get(j, "total"));
	const char *rs = json_string_value(json_object_get(j, "rule"));
	int r = 0;
	enum decision_scope sc;
	if (ts == NULL || dec_parse(ts, strlen(ts), false, &total) != YL_OK)
		r = req_errorf(rq, ERR_INVALID, "bad_total", "total", T(rq, PL_BAD_TOTAL));
	else if ((rule = share_rule_from_name(rs)) < 0)
		r = req_errorf(rq, ERR_INVALID, "bad_rule", "rule", T(rq, PL_BAD_RULE));
	else
		r = decision_scope_input(rq, j, MSG_PL_BAD_SCOPE, &sc, &building_id, &stairwell_id);
	json_decref(j);
	if (r < 0)
		return -1;

	struct plan_shares ps;
	enum yl_err rc = plan_shares_compute(rq, total, (enum share_rule)rule, building_id, stairwell_id, &ps);
	if (rc == ERR_NOTFOUND)
		return req_errorf(rq, ERR_INVALID, "empty_scope", "scope", T(rq, PL_EMPTY_SCOPE));
	if (rc == ERR_INVALID) /* every weight 0: the elevator rule on a ground-floor-only scope */
		return req_errorf(rq, ERR_INVALID, "nobody_pays", "scope", T(rq, PL_NOBODY_PAYS));
	if (rc != YL_OK)
		return req_error(rq, rc);

	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	jsonw_kstr(&w, "rule", share_rule_names[rule]);
	jsonw_key(&w, "shares");
	jsonw_array(&w);
	int64_t sum = 0;
	for (size_t i = 0; i < ps.npayers; i++) {
		const struct share *s = &ps.payers[i];
		jsonw_object(&w);
		if (s->owner_id == SHARE_DEVELOPER) {
			jsonw_key(&w, "owner_id");
			jsonw_null(&w);
			jsonw_key(&w, "owner_ref");
			jsonw_null(&w);
			jsonw_key(&w, "developer");
			jsonw_bool(&w, true);
		} else {
			jsonw_kint(&w, "owner_id", s->owner_id);
			jsonw_kstr(&w, "owner_ref", plan_shares_ref(&ps, s->owner_id));
		}
		jsonw_kamount(&w, "area", s->area);
		jsonw_kint(&w, "units", s->units);
		jsonw_kamount(&w, "amount", s->amount);
		jsonw_object_end(&w);
		sum += s->amount;
	}
	jsonw_array_end(&w);
	jsonw_kamount(&w, "sum", sum);
	jsonw_kint(&w, "payers", (int64_t)ps.npayers);
	jsonw_kint(&w, "units", (int64_t)ps.nunits);
	jsonw_object_end(&w);
	plan_shares_free(&ps);
	return 0;
}
