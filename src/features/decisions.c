/* decisions.c: owners' decisions — creating one, its life cycle (draft → published → open →
 * closed → announced), ballots online, on paper and by proxy, the count, and the JSON API. The
 * pages are decision_pages.c; the law is core/vote.c. Every change is one transaction with its
 * audit row; bad input is refused with the field named before anything is read or written. */
#include "decisions.h"
#include "../core/words.h"
#include "uploads.h"
#include "notices.h" /* issue 11: a published decision and its result are posted as notices */
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define TITLE_MAX 200
#define OPTION_MAX 200
#define NAME_MAX_CHARS 50
#define SERIAL_MAX 32

/* Words ------------------------------------------------------------------------------------ */

static const enum msg state_msgs[DST__COUNT] = {
	[DST_DRAFT] = MSG_DC_ST_DRAFT, [DST_PUBLISHED] = MSG_DC_ST_PUBLISHED, [DST_OPEN] = MSG_DC_ST_OPEN,
	[DST_CLOSED] = MSG_DC_ST_CLOSED, [DST_ANNOUNCED] = MSG_DC_ST_ANNOUNCED};
static const enum msg matter_msgs[MATTER__COUNT] = {
	[MATTER_RULES] = MSG_DC_M_RULES,         [MATTER_COVENANT] = MSG_DC_M_COVENANT,
	[MATTER_COMMITTEE] = MSG_DC_M_COMMITTEE, [MATTER_MANAGER] = MSG_DC_M_MANAGER,
	[MATTER_FUND_USE] = MSG_DC_M_FUND_USE,   [MATTER_FUND_RAISE] = MSG_DC_M_FUND_RAISE,
	[MATTER_REBUILD] = MSG_DC_M_REBUILD,     [MATTER_COMMON_USE] = MSG_DC_M_COMMON_USE,
	[MATTER_OTHER] = MSG_DC_M_OTHER};
static const enum msg choice_msgs[BC__COUNT] = {[BC_YES] = MSG_DC_YES, [BC_NO] = MSG_DC_NO, [BC_ABSTAIN] = MSG_DC_ABSTAIN};
static const enum msg channel_msgs[BCH__COUNT] = {
	[BCH_ONLINE] = MSG_DC_CH_ONLINE, [BCH_PAPER] = MSG_DC_CH_PAPER, [BCH_PROXY] = MSG_DC_CH_PROXY};

const char *
decision_state_text(struct req *rq, enum decision_state s)
{
	return (unsigned)s < DST__COUNT ? i18n_get(rq->lang, state_msgs[s]) : "?";
}

const char *
decision_matter_text(struct req *rq, enum matter m)
{
	return (unsigned)m < MATTER__COUNT ? i18n_get(rq->lang, matter_msgs[m]) : "?";
}

const char *
decision_choice_text(struct req *rq, enum ballot_choice c)
{
	return (unsigned)c < BC__COUNT ? i18n_get(rq->lang, choice_msgs[c]) : "?";
}

const char *
decision_channel_text(struct req *rq, enum ballot_channel c)
{
	return (unsigned)c < BCH__COUNT ? i18n_get(rq->lang, channel_msgs[c]) : "?";
}

const char *
decision_scope_text(struct req *rq, const struct decision *d)
{
	switch (d->scope) {
	case DSC_BUILDING:
		return d->building;
	case DSC_STAIRWELL:
		return arena_printf(rq->a, "%s%s", d->building, d->stairwell);
	default:
		return T(rq, DC_SCOPE_ALL);
	}
}

const char *
decision_rule_text(struct req *rq, enum tier t)
{
	return t == TIER_THREE_QUARTERS ? T(rq, DC_RULE_34) : T(rq, DC_RULE_HALF);
}

const char *
decision_area(struct req *rq, int64_t hundredths)
{
	char b[24];
	dec_format(hundredths, b);
	return arena_strdup(rq->a, b);
}

int64_t
decision_opens_from(struct req *rq, const struct decision *d)
{
	struct community c;
	int64_t days = 15;
	if (store_community_get(rq->db, rq->a, rq->community_id, &c) == YL_OK && c.notice_days >= 0)
		days = c.notice_days;
	return d->published_at + days * 86400;
}

int
decision_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_decision_community(rq->db, id, &t->community_id, &t->building_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
decision_load(struct req *rq, struct decision *d)
{
	enum yl_err rc = store_decision_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), d);
	if (rc == YL_OK && d->state == DST_DRAFT && !req_may(rq, PERM_DECISION_MANAGE))
		rc = ERR_NOTFOUND;
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Inputs read the same from a JSON object and a form ---------------------------------------- */

/* Creating ---------------------------------------------------------------------------------- */

/* See decisions.h. */
int
decision_scope_input(struct req *rq, json_t *j, enum msg bad_scope, enum decision_scope *scope, int64_t *building_id,
                     int64_t *stairwell_id)
{
	*building_id = *stairwell_id = 0;
	/* scope: {"type": …, "building": …, "stairwell": …} in JSON; scope, building, stairwell in a form */
	const char *type, *bname, *sname;
	const char *field_type = "scope.type", *field_b = "scope.building", *field_s = "scope.stairwell";
	if (j) {
		json_t *s = json_object_get(j, "scope");
		if (s == NULL)
			type = "community", bname = sname = NULL;
		else if (!json_is_object(s))
			return req_errorf(rq, ERR_INVALID, "bad_scope", "scope", i18n_get(rq->lang, bad_scope));
		else {
			type = json_string_value(json_object_get(s, "type"));
			bname = field_value(rq, s, "building");
			sname = field_value(rq, s, "stairwell");
		}
	} else {
		type = req_form(rq, "scope");
		bname = req_form(rq, "building");
		sname = req_form(rq, "stairwell");
		field_type = "scope", field_b = "building", field_s = "stairwell";
	}
	int si = word_index(decision_scope_names, DSC__COUNT, type && *type ? type : "community");
	if (si < 0)
		return req_errorf(rq, ERR_INVALID, "bad_scope", field_type, i18n_get(rq->lang, bad_scope));
	*scope = (enum decision_scope)si;
	if (*scope != DSC_COMMUNITY) {
		char bn[REG_NAME_MAX];
		if (bname == NULL || *bname == '\0')
			return req_errorf(rq, ERR_INVALID, "required", field_b, T(rq, DC_NEED_BUILDING));
		if (!registry_building(bname, bn) || store_building_find(rq->db, rq->community_id, bn, building_id) != YL_OK)
			return req_errorf(rq, ERR_INVALID, "unknown_building", field_b, req_tf(rq, MSG_DC_NO_BUILDING, bname));
	}
	if (*scope == DSC_STAIRWELL) {
		char sn[REG_NAME_MAX];
		if (sname == NULL || *sname == '\0')
			return req_errorf(rq, ERR_INVALID, "required", field_s, T(rq, DC_NEED_STAIRWELL));
		if (!registry_stairwell(sname, sn) ||
		    store_stairwell_find(rq->db, rq->community_id, *building_id, sn, stairwell_id) != YL_OK)
			return req_errorf(rq, ERR_INVALID, "unknown_stairwell", field_s, req_tf(rq, MSG_DC_NO_STAIRWELL, sname));
	}
	return 0;
}

int
decision_create(struct req *rq, json_t *j, int64_t *id)
{
	struct decision_new d = {.created_by = rq->actor.id, .now = db_now()};
	if (field_text(rq, "title", field_value(rq, j, "title"), MSG_DC_TITLE, TITLE_MAX, true, &d.title) < 0 ||
	    field_text(rq, "body", field_value(rq, j, "body"), MSG_DC_BODY, DECISION_BODY_MAX, false, &d.body) < 0)
		return -1;
	const char *m = field_value(rq, j, "matter");
	if (m == NULL || *m == '\0')
		return req_errorf(rq, ERR_INVALID, "required", "matter", T(rq, DC_BAD_MATTER));
	int mi = vote_matter_from_name(m);
	if (mi < 0)
		return req_errorf(rq, ERR_INVALID, "unknown_matter", "matter", T(rq, DC_BAD_MATTER));
	d.matter = (enum matter)mi;

	int rs = decision_scope_input(rq, j, MSG_DC_BAD_SCOPE, &d.scope, &d.building_id, &d.stairwell_id);
	if (rs < 0)
		return rs;

	if (j) {
		json_t *ac = json_object_get(j, "allow_change");
		if (ac && !json_is_boolean(ac))
			return req_errorf(rq, ERR_INVALID, "not_boolean", "allow_change", T(rq, DC_BAD_ALLOW_CHANGE));
		d.allow_change = ac && json_is_true(ac);
	} else {
		const char *ac = req_form(rq, "allow_change");
		d.allow_change = ac && strcmp(ac, "1") == 0;
	}
	const char *due = field_value(rq, j, "closes_on");
	if (due && *due) {
		int64_t day;
		if (date_parse_local(due, &day) < 0)
			return req_errorf(rq, ERR_INVALID, "bad_date", "closes_on", T(rq, DC_BAD_CLOSES_ON));
		d.closes_on = day;
	}

	/* options: a JSON array of strings, or the form's lines; none is a plain yes/no question */
	const char **opts = arena_zalloc(rq->a, DECISION_MAX_OPTIONS * sizeof *opts);
	size_t no = 0;
	if (j) {
		json_t *o = json_object_get(j, "options");
		if (o && !json_is_array(o))
			return req_errorf(rq, ERR_INVALID, "bad_options", "options", T(rq, DC_BAD_OPTIONS));
		size_t k;
		json_t *v;
		json_array_foreach(o, k, v) {
			const char *s = json_string_value(v);
			if (no == DECISION_MAX_OPTIONS)
				return req_errorf(rq, ERR_INVALID, "too_many_options", "options", T(rq, DC_BAD_OPTIONS));
			if (s == NULL || field_text(rq, "options", s, MSG_DC_OPTIONS, OPTION_MAX, true, &opts[no]) < 0)
				return req_errorf(rq, ERR_INVALID, "bad_option", "options", T(rq, DC_BAD_OPTIONS));
			no++;
		}
	} else {
		const char *text = req_form(rq, "options");
		while (text && *text) {
			const char *nl = strchr(text, '\n');
			size_t len = nl ? (size_t)(nl - text) : strlen(text);
			while (len && (text[len - 1] == '\r' || text[len - 1] == ' '))
				len--;
			if (len) {
				if (no == DECISION_MAX_OPTIONS)
					return req_errorf(rq, ERR_INVALID, "too_many_options", "options", T(rq, DC_BAD_OPTIONS));
				char *s = arena_alloc(rq->a, len + 1);
				memcpy(s, text, len);
				s[len] = '\0';
				if (field_text(rq, "options", s, MSG_DC_OPTIONS, OPTION_MAX, true, &opts[no]) < 0)
					return -1;
				no++;
			}
			text = nl ? nl + 1 : NULL;
		}
	}
	if (no == 1)
		return req_errorf(rq, ERR_INVALID, "one_option", "options", T(rq, DC_BAD_OPTIONS));
	d.options = opts;
	d.noptions = no;

	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		rc = store_decision_create(rq->db, rq->community_id, &d, id);
		if (rc == YL_OK)
			rc = req_audit(rq, rq->community_id, "decision.create", "decision", *id,
			               json_pack("{s:s, s:s, s:s, s:I, s:I, s:b, s:I}", "title", d.title, "matter",
			                         vote_matter_name(d.matter), "scope", decision_scope_names[d.scope], "building_id",
			                         (json_int_t)d.building_id, "stairwell_id", (json_int_t)d.stairwell_id,
			                         "allow_change", d.allow_change, "options", (json_int_t)no));
		rc = store_end(rq->db, rc);
	}
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* The life cycle ---------------------------------------------------------------------------- */

static const char *const step_actions[DST__COUNT] = {
	[DST_PUBLISHED] = "decision.publish", [DST_OPEN] = "decision.open", [DST_CLOSED] = "decision.close",
	[DST_ANNOUNCED] = "decision.announce"};

int
decision_step(struct req *rq, int64_t id, enum decision_state to)
{
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct decision d;
	int64_t now = db_now();
	rc = store_decision_get(rq->db, rq->a, rq->community_id, id, &d);
	if (rc != YL_OK) {
		store_end(rq->db, rc);
		return req_error(rq, rc);
	}
	/* each state has one way on: draft → published → open → closed → announced */
	if (to == DST_DRAFT || d.state != to - 1) {
		store_end(rq->db, ERR_CONFLICT);
		return req_errorf(rq, ERR_CONFLICT, "wrong_state", NULL,
		                  req_tf(rq, MSG_DC_WRONG_STATE, decision_state_text(rq, d.state), decision_state_text(rq, to)));
	}
	json_t *details = json_pack("{s:s, s:s}", "from", decision_state_names[d.state], "to", decision_state_names[to]);
	if (to == DST_PUBLISHED) {
		struct count total;
		int64_t units = 0;
		rc = store_decision_publish(rq->db, rq->community_id, id, now, &total, &units);
		if (rc == ERR_INVALID) {
			json_decref(details);
			store_end(rq->db, rc);
			return req_errorf(rq, ERR_INVALID, "empty_roll", "scope", T(rq, DC_EMPTY_ROLL));
		}
		json_object_set_new(details, "roll_owners", json_integer(total.owners));
		json_object_set_new(details, "roll_area", json_string(decision_area(rq, total.area)));
		json_object_set_new(details, "roll_units", json_integer(units));
	} else {
		if (to == DST_OPEN) {
			/* 物业管理条例 第十四条: the decision is made known at least notice_days before the vote */
			int64_t from = decision_opens_from(rq, &d);
			if (now < from) {
				json_decref(details);
				store_end(rq->db, ERR_CONFLICT);
				char day[20];
				time_local(from, day);
				return req_errorf(rq, ERR_CONFLICT, "notice_period", NULL, req_tf(rq, MSG_DC_NOTICE_PERIOD, day));
			}
		}
		rc = store_decision_move(rq->db, rq->community_id, id, d.state, to, now);
	}
	/* issue 11: the notice board carries the decision and, once announced, its totals */
	if (rc == YL_OK && to == DST_PUBLISHED)
		rc = notice_post_decision(rq, &d);
	if (rc == YL_OK && to == DST_ANNOUNCED) {
		struct tally t = {0};
		if (d.noptions == 0)
			rc = store_decision_result(rq->db, rq->community_id, &d, 0, &t);
		if (rc == YL_OK)
			rc = notice_post_result(rq, &d, &t, d.noptions == 0 && vote_decide(d.matter, &t).passed);
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, step_actions[to], "decision", id, details);
	else
		json_decref(details);
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "changed_meanwhile", NULL, T(rq, DC_CHANGED));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Ballots ----------------------------------------------------------------------------------- */

static bool
holds_owner(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

bool
decision_own_voter(struct req *rq, const struct decision *d, int64_t *voter)
{
	int64_t owners[16];
	size_t n = 0;
	if (store_account_owners(rq->db, rq->community_id, rq->actor.id, owners, 16, &n) != YL_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (store_decision_voter_of_owner(rq->db, rq->community_id, d->id, owners[i], voter) == YL_OK)
			return true;
	return false;
}

static int
parse_choice(struct req *rq, const char *field, const char *s, enum ballot_choice *out)
{
	int c = word_index(ballot_choice_names, BC__COUNT, s);
	if (c < 0)
		return req_errorf(rq, ERR_INVALID, s && *s ? "bad_choice" : "required", field, T(rq, DC_BAD_CHOICE));
	*out = (enum ballot_choice)c;
	return 0;
}

/* The owner a ballot is for: owner_id, owner_ref, or a unit (building, stairwell, room) — a head
 * has the unit on the paper sheet in front of them. 0 in *owner when none was named. */
static int
named_owner(struct req *rq, json_t *j, int64_t *owner)
{
	*owner = 0;
	const char *oid = field_value(rq, j, "owner_id"), *ref = field_value(rq, j, "owner_ref");
	const char *b = field_value(rq, j, "building"), *s = field_value(rq, j, "stairwell"), *room = field_value(rq, j, "room");
	if (oid && *oid) {
		int64_t v;
		if (field_int(rq, "owner_id", oid, MSG_DC_OWNER, 1, INT64_MAX / 2, true, &v) < 0)
			return -1;
		/* an owner of this community, not any number typed */
		if (!store_owner_exists(rq->db, rq->community_id, v))
			return req_errorf(rq, ERR_INVALID, "unknown_owner", "owner_id", req_tf(rq, MSG_DC_NO_OWNER, oid));
		*owner = v;
		return 0;
	}
	if (ref && *ref) {
		if (store_owner_by_ref(rq->db, rq->community_id, ref, owner) != YL_OK)
			return req_errorf(rq, ERR_INVALID, "unknown_owner", "owner_ref", req_tf(rq, MSG_DC_NO_OWNER, ref));
		return 0;
	}
	if ((b && *b) || (s && *s) || (room && *room)) {
		char bn[REG_NAME_MAX], sn[REG_NAME_MAX];
		if (b == NULL || !registry_building(b, bn))
			return req_errorf(rq, ERR_INVALID, "bad_building", "building", T(rq, DC_NEED_BUILDING));
		if (s == NULL || !registry_stairwell(s, sn))
			return req_errorf(rq, ERR_INVALID, "bad_stairwell", "stairwell", T(rq, DC_NEED_STAIRWELL));
		if (room == NULL || !registry_room(room))
			return req_errorf(rq, ERR_INVALID, "bad_room", "room", T(rq, DC_NEED_ROOM));
		int64_t unit;
		struct unit u;
		if (store_unit_by_key(rq->db, rq->community_id, bn, sn, room, &unit) != YL_OK ||
		    store_unit_get(rq->db, rq->a, rq->community_id, unit, &u) != YL_OK)
			return req_errorf(rq, ERR_INVALID, "unknown_unit", "room",
			                  req_tf(rq, MSG_DC_NO_UNIT, arena_printf(rq->a, "%s%s%s", bn, sn, room)));
		*owner = u.owner_id;
	}
	return 0;
}

/* The inputs of a ballot, checked before anything is looked up. */
static int
ballot_inputs(struct req *rq, json_t *j, const struct decision *d, struct ballot *b)
{
	memset(b, 0, sizeof *b);
	const char *ch = field_value(rq, j, "channel");
	int ci = ch && *ch ? word_index(ballot_channel_names, BCH__COUNT, ch) : BCH_ONLINE;
	if (ci < 0)
		return req_errorf(rq, ERR_INVALID, "bad_channel", "channel", T(rq, DC_BAD_CHANNEL));
	b->channel = (enum ballot_channel)ci;
	if (d->noptions == 0) {
		if (parse_choice(rq, "choice", field_value(rq, j, "choice"), &b->choice) < 0)
			return -1;
	} else {
		/* JSON: "answers": ["yes", "no", …] in the options' order; a form: answer_1, answer_2, … */
		json_t *arr = j ? json_object_get(j, "answers") : NULL;
		if (j && (!json_is_array(arr) || json_array_size(arr) != d->noptions))
			return req_errorf(rq, ERR_INVALID, "bad_answers", "answers",
			                  req_tn(rq, MSG_DC_BAD_ANSWERS, d->noptions, (int)d->noptions));
		for (size_t i = 0; i < d->noptions; i++) {
			const char *field = arena_printf(rq->a, "answer_%d", d->options[i].position);
			const char *v = j ? json_string_value(json_array_get(arr, i)) : req_form(rq, field);
			if (parse_choice(rq, j ? "answers" : field, v, &b->answers[i]) < 0)
				return -1;
		}
		b->nanswers = d->noptions;
	}
	if (b->channel == BCH_PAPER) {
		/* 指导规则 第二十二条: a paper ballot is signed by the owner; its serial ties it to the sheet */
		if (field_text(rq, "serial", field_value(rq, j, "serial"), MSG_DC_SERIAL, SERIAL_MAX, true, &b->serial) < 0 ||
		    field_text(rq, "signer", field_value(rq, j, "signer"), MSG_DC_SIGNER, NAME_MAX_CHARS, true, &b->signer) < 0)
			return -1;
		/* and its scan, when the form brought one: cleaned and on disk before the ballot's row */
		struct image_upload up = {0};
		if (j == NULL && upload_images(rq, "scan", 1, &up) < 0)
			return -1;
		b->scan = up.n ? arena_strdup(rq->a, up.v[0].name) : "";
	} else if (b->channel == BCH_PROXY) {
		if (field_text(rq, "proxy_name", field_value(rq, j, "proxy_name"), MSG_DC_PROXY_NAME, NAME_MAX_CHARS, true,
		               &b->proxy_name) < 0 ||
		    field_text(rq, "serial", field_value(rq, j, "serial"), MSG_DC_SERIAL, SERIAL_MAX, false, &b->serial) < 0)
			return -1;
	}
	return 0;
}

/* May the actor enter a ballot for this voter: a head for owners with a unit in their buildings,
 * staff for anyone on the roll. */
static bool
may_enter_for(struct req *rq, const struct decision *d, int64_t voter)
{
	int64_t bs[64];
	size_t n = 0;
	if (store_decision_voter_buildings(rq->db, rq->community_id, d->id, voter, bs, 64, &n) != YL_OK)
		return false;
	for (size_t i = 0; i < n; i++) {
		struct target t = {rq->community_id, bs[i], 0, false};
		if (req_allowed(rq, PERM_BALLOT_ENTER, &t))
			return true;
	}
	/* the developer's units may span more buildings than listed: staff reach all of them */
	struct target any = {rq->community_id, 0, 0, false};
	return req_allowed(rq, PERM_BALLOT_ENTER, &any);
}

int
decision_ballot(struct req *rq, int64_t id, json_t *j, int64_t *ballot_id)
{
	struct decision d;
	enum yl_err rc = store_decision_get(rq->db, rq->a, rq->community_id, id, &d);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct ballot b;
	int64_t owner;
	if (ballot_inputs(rq, j, &d, &b) < 0 || named_owner(rq, j, &owner) < 0)
		return -1;
	if (b.channel != BCH_ONLINE && owner == 0)
		return req_errorf(rq, ERR_INVALID, "required", "owner_ref", T(rq, DC_NEED_OWNER));

	rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	/* read again under the lock: a close that just committed wins over this ballot */
	if ((rc = store_decision_get(rq->db, rq->a, rq->community_id, id, &d)) != YL_OK) {
		store_end(rq->db, rc);
		return req_error(rq, rc);
	}
	int err = 0;
	if (d.state != DST_OPEN)
		err = req_errorf(rq, ERR_CONFLICT, "not_open", NULL, req_tf(rq, MSG_DC_NOT_OPEN, decision_state_text(rq, d.state)));
	int64_t voter = 0;
	if (err == 0 && b.channel == BCH_ONLINE) {
		/* online: the owner's own account, and only for an owner it acts for */
		int64_t mine[16];
		size_t nm = 0;
		if ((rc = store_account_owners(rq->db, rq->community_id, rq->actor.id, mine, 16, &nm)) != YL_OK)
			err = req_error(rq, rc);
		else if (nm == 0 || (owner && !holds_owner(mine, nm, owner)))
			err = req_errorf(rq, ERR_FORBIDDEN, "not_your_ballot", "channel", T(rq, DC_NOT_YOURS));
		else if (owner ? store_decision_voter_of_owner(rq->db, rq->community_id, id, owner, &voter) != YL_OK
		               : !decision_own_voter(rq, &d, &voter))
			err = req_errorf(rq, ERR_FORBIDDEN, "not_in_scope", NULL, T(rq, DC_NOT_IN_SCOPE));
	} else if (err == 0) {
		if (store_decision_voter_of_owner(rq->db, rq->community_id, id, owner, &voter) != YL_OK)
			err = req_errorf(rq, ERR_FORBIDDEN, "not_in_scope", NULL, T(rq, DC_NOT_IN_SCOPE));
		else if (!may_enter_for(rq, &d, voter))
			err = req_errorf(rq, ERR_FORBIDDEN, "not_your_building", "channel", T(rq, DC_NOT_YOUR_BUILDING));
	}
	if (err < 0) {
		store_end(rq->db, rq->err);
		return -1;
	}
	b.voter = voter;
	b.account_id = rq->actor.id;
	int64_t replaced = 0;
	rc = store_ballot_cast(rq->db, rq->community_id, &d, &b, d.allow_change, db_now(), ballot_id, &replaced);
	if (rc == ERR_CONFLICT) {
		store_end(rq->db, rc);
		return req_errorf(rq, rc, "already_voted", NULL, T(rq, DC_ALREADY_VOTED));
	}
	if (rc == YL_OK) {
		/* who entered what: the audit keeps every ballot, a replaced one and its successor */
		json_t *det = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "voter", (json_int_t)voter, "channel",
		                        ballot_channel_names[b.channel], "choice", d.noptions ? "" : ballot_choice_names[b.choice],
		                        "serial", b.serial ? b.serial : "", "signer", b.signer ? b.signer : "", "proxy_name",
		                        b.proxy_name ? b.proxy_name : "");
		json_object_set_new(det, "decision_id", json_integer(id));
		if (b.scan && *b.scan)
			json_object_set_new(det, "scan", json_string(b.scan));
		if (d.noptions) {
			json_t *ans = json_array();
			for (size_t i = 0; i < b.nanswers; i++)
				json_array_append_new(ans, json_string(ballot_choice_names[b.answers[i]]));
			json_object_set_new(det, "answers", ans);
		}
		if (replaced)
			json_object_set_new(det, "replaces", json_integer(replaced));
		rc = req_audit(rq, rq->community_id, replaced ? "ballot.replace" : "ballot.cast", "ballot", *ballot_id, det);
	}
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

enum yl_err
decision_count(struct req *rq, const struct decision *d, int64_t option_id, struct tally *t)
{
	if (d->state == DST_CLOSED || d->state == DST_ANNOUNCED)
		return store_decision_result(rq->db, rq->community_id, d, option_id, t);
	return store_decision_tally(rq->db, rq->community_id, d, option_id, t);
}

/* JSON -------------------------------------------------------------------------------------- */

static void
count_json(struct req *rq, struct jsonw *w, const char *key, const struct count *c)
{
	jsonw_key(w, key);
	jsonw_object(w);
	jsonw_kint(w, "owners", c->owners);
	jsonw_kstr(w, "area_m2", decision_area(rq, c->area));
	jsonw_object_end(w);
}

static void
decision_json(struct req *rq, struct jsonw *w, const struct decision *d)
{
	jsonw_object(w);
	jsonw_kint(w, "id", d->id);
	jsonw_kstr(w, "title", d->title);
	jsonw_kstr(w, "body", d->body);
	jsonw_kstr(w, "matter", vote_matter_name(d->matter));
	jsonw_kstr(w, "tier", vote_tier_name(vote_tier(d->matter)));
	jsonw_key(w, "scope");
	jsonw_object(w);
	jsonw_kstr(w, "type", decision_scope_names[d->scope]);
	if (d->scope != DSC_COMMUNITY)
		jsonw_kstr(w, "building", d->building);
	if (d->scope == DSC_STAIRWELL)
		jsonw_kstr(w, "stairwell", d->stairwell);
	jsonw_object_end(w);
	jsonw_kstr(w, "state", decision_state_names[d->state]);
	jsonw_key(w, "allow_change");
	jsonw_bool(w, d->allow_change);
	jsonw_ktime(w, "created_at", d->created_at);
	jsonw_ktime(w, "published_at", d->published_at);
	jsonw_ktime(w, "opens_from", d->published_at ? decision_opens_from(rq, d) : 0);
	jsonw_ktime(w, "opened_at", d->opened_at);
	jsonw_ktime(w, "closed_at", d->closed_at);
	jsonw_ktime(w, "announced_at", d->announced_at);
	jsonw_key(w, "closes_on");
	if (d->closes_on) {
		char day[11];
		date_local(d->closes_on, day);
		jsonw_str(w, day);
	} else {
		jsonw_null(w);
	}
	if (d->published_at) {
		count_json(rq, w, "roll", &d->total);
		jsonw_kint(w, "roll_units", d->total_units);
	}
	jsonw_key(w, "options");
	jsonw_array(w);
	for (size_t i = 0; d->options && i < d->noptions; i++) {
		jsonw_object(w);
		jsonw_kint(w, "id", d->options[i].id);
		jsonw_kint(w, "position", d->options[i].position);
		jsonw_kstr(w, "label", d->options[i].label);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

int
decision_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = decision_create(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

int
decisions_api(struct req *rq)
{
	int64_t limit, offset;
	if (field_paging(rq, 200, 50, &limit, &offset) < 0)
		return -1;
	struct decision *v;
	size_t n;
	int64_t total;
	enum yl_err rc = store_decisions(rq->db, rq->a, rq->community_id, req_may(rq, PERM_DECISION_MANAGE),
	                                 limit, offset, &v, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++) {
		decision_json(rq, &w, &v[i]);
		jsonw_object_end(&w);
	}
	jsonw_list_end(&w, total);
	return 0;
}

int
decision_api(struct req *rq)
{
	struct decision d;
	if (decision_load(rq, &d) < 0)
		return -1;
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	decision_json(rq, &w, &d);
	int64_t voter;
	if (d.published_at && decision_own_voter(rq, &d, &voter)) {
		/* what the asking owner sees of themselves: their place on the roll and their ballot */
		struct roll_owner ro;
		struct ballot b;
		jsonw_key(&w, "me");
		jsonw_object(&w);
		if (store_decision_voter(rq->db, rq->community_id, d.id, voter, &ro) == YL_OK) {
			jsonw_kint(&w, "units", ro.units);
			jsonw_kstr(&w, "area_m2", decision_area(rq, ro.area));
		}
		jsonw_key(&w, "ballot");
		if (store_ballot_live(rq->db, rq->a, rq->community_id, d.id, voter, &b) == YL_OK) {
			jsonw_object(&w);
			jsonw_kstr(&w, "channel", ballot_channel_names[b.channel]);
			if (!d.noptions)
				jsonw_kstr(&w, "choice", ballot_choice_names[b.choice]);
			jsonw_ktime(&w, "cast_at", b.cast_at);
			jsonw_object_end(&w);
		} else {
			jsonw_null(&w);
		}
		jsonw_object_end(&w);
	}
	jsonw_object_end(&w);
	return 0;
}

static int
step_api(struct req *rq, enum decision_state to)
{
	int64_t id = req_param_id(rq, "id");
	if (decision_step(rq, id, to) < 0)
		return -1;
	return req_json(rq, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", decision_state_names[to]));
}

int
decision_publish_api(struct req *rq)
{
	return step_api(rq, DST_PUBLISHED);
}

int
decision_open_api(struct req *rq)
{
	return step_api(rq, DST_OPEN);
}

int
decision_close_api(struct req *rq)
{
	return step_api(rq, DST_CLOSED);
}

int
decision_announce_api(struct req *rq)
{
	return step_api(rq, DST_ANNOUNCED);
}

int
decision_ballot_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t bid = 0;
	int r = decision_ballot(rq, req_param_id(rq, "id"), j, &bid);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, bid);
}

static void
tally_json(struct req *rq, struct jsonw *w, const struct decision *d, const struct tally *t, bool with_total)
{
	struct verdict v = vote_decide(d->matter, t);
	if (with_total)
		count_json(rq, w, "total", &t->total);
	count_json(rq, w, "participating", &t->participating);
	count_json(rq, w, "yes", &t->yes);
	count_json(rq, w, "no", &t->no);
	count_json(rq, w, "abstain", &t->abstain);
	jsonw_key(w, "quorum_met");
	jsonw_bool(w, v.quorum_met);
	jsonw_key(w, "passed");
	jsonw_bool(w, v.passed);
}

int
decision_result_api(struct req *rq)
{
	struct decision d;
	enum yl_err rc = store_decision_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &d);
	if (rc != YL_OK)
		return req_error(rq, rc);
	/* the count is made known after the close, not while people still vote */
	if (d.state != DST_CLOSED && d.state != DST_ANNOUNCED)
		return req_errorf(rq, ERR_CONFLICT, "not_closed", NULL, req_tf(rq, MSG_DC_NO_RESULT_YET, decision_state_text(rq, d.state)));
	struct tally t;
	if ((rc = decision_count(rq, &d, 0, &t)) != YL_OK && d.noptions == 0)
		return req_error(rq, rc);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	jsonw_kint(&w, "id", d.id);
	jsonw_kstr(&w, "matter", vote_matter_name(d.matter));
	jsonw_kstr(&w, "tier", vote_tier_name(vote_tier(d.matter)));
	jsonw_kstr(&w, "state", decision_state_names[d.state]);
	jsonw_kint(&w, "units", d.total_units);
	jsonw_ktime(&w, "closed_at", d.closed_at);
	if (d.noptions == 0) {
		tally_json(rq, &w, &d, &t, true);
	} else {
		count_json(rq, &w, "total", &d.total);
		jsonw_key(&w, "options");
		jsonw_array(&w);
		for (size_t i = 0; i < d.noptions; i++) {
			if (decision_count(rq, &d, d.options[i].id, &t) != YL_OK)
				memset(&t, 0, sizeof t), t.total = d.total;
			jsonw_object(&w);
			jsonw_kint(&w, "position", d.options[i].position);
			jsonw_kstr(&w, "label", d.options[i].label);
			tally_json(rq, &w, &d, &t, false);
			jsonw_object_end(&w);
		}
		jsonw_array_end(&w);
	}
	jsonw_object_end(&w);
	return 0;
}

/* The heads' view is their own buildings; the whole compound's figures for the others. */
static bool
sees_building(struct req *rq, int64_t building_id)
{
	struct target t = {rq->community_id, building_id, 0, false};
	return req_allowed(rq, PERM_DECISION_TURNOUT, &t);
}

int
decision_turnout_api(struct req *rq)
{
	struct decision d;
	enum yl_err rc = store_decision_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &d);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (d.state == DST_DRAFT)
		return req_errorf(rq, ERR_CONFLICT, "no_roll", NULL, T(rq, DC_NO_ROLL));
	/* every ballot answers every option: who took part is the same for each, and kept */
	struct tally t = {.total = d.total};
	struct turnout_row *rows;
	size_t n;
	int64_t ch[BCH__COUNT];
	if ((rc = store_decision_voted(rq->db, rq->community_id, d.id, &t.participating)) != YL_OK ||
	    (rc = store_decision_turnout(rq->db, rq->a, rq->community_id, d.id, &rows, &n)) != YL_OK ||
	    (rc = store_decision_channels(rq->db, rq->community_id, d.id, ch)) != YL_OK)
		return req_error(rq, rc);
	bool whole = sees_building(rq, 0);
	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	jsonw_kint(&w, "id", d.id);
	jsonw_kstr(&w, "state", decision_state_names[d.state]);
	if (whole) {
		struct count gap = vote_quorum_gap(&t);
		count_json(rq, &w, "total", &t.total);
		count_json(rq, &w, "participating", &t.participating);
		count_json(rq, &w, "quorum_gap", &gap);
		jsonw_key(&w, "quorum_met");
		jsonw_bool(&w, gap.owners == 0 && gap.area == 0);
		jsonw_key(&w, "channels");
		jsonw_object(&w);
		for (int i = 0; i < BCH__COUNT; i++)
			jsonw_kint(&w, ballot_channel_names[i], ch[i]);
		jsonw_object_end(&w);
	}
	jsonw_key(&w, "buildings");
	jsonw_array(&w);
	for (size_t i = 0; i < n; i++) {
		if (!whole && !sees_building(rq, rows[i].building_id))
			continue;
		jsonw_object(&w);
		jsonw_kstr(&w, "building", rows[i].building);
		count_json(rq, &w, "total", &rows[i].total);
		count_json(rq, &w, "voted", &rows[i].voted);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	return 0;
}
