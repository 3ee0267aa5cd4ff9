/* notices.c: the notice board (公示栏, issue 11) — who may see and write what, the steps (draft,
 * edit, publish, withdraw, delivered), the JSON API, and the hooks that post the notices of
 * decisions and plans. Pages are notice_pages.c. Every write is one transaction with its audit
 * row; a published notice is never edited (409): a correction is a new one naming it. */
#include "notices.h"
#include "disclosures.h"
#include "../store/disclosures.h"
#include "decisions.h"
#include "uploads.h"
#include "volunteers.h"
#include "../core/arena.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../core/vote.h"
#include "../core/words.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <string.h>

#define TITLE_MAX 100
#define BODY_MAX 20000
#define REASON_MAX 200
#define AUDIENCE_MAX 16
#define HOUSEHOLDS_MAX 10000
#define LIST_MAX 100
#define PDF_MAX (8 << 20)

static const enum msg kind_msgs[NK__COUNT] = {
	[NK_ANNOUNCEMENT] = MSG_NT_K_ANNOUNCEMENT, [NK_PLAN] = MSG_NT_K_PLAN,       [NK_DECISION] = MSG_NT_K_DECISION,
	[NK_RESULT] = MSG_NT_K_RESULT,             [NK_FINANCE] = MSG_NT_K_FINANCE, [NK_OTHER] = MSG_NT_K_OTHER};
static const enum msg state_msgs[NST__COUNT] = {
	[NST_DRAFT] = MSG_NT_ST_DRAFT, [NST_PUBLISHED] = MSG_NT_ST_PUBLISHED, [NST_WITHDRAWN] = MSG_NT_ST_WITHDRAWN};

const char *
notice_kind_text(struct req *rq, enum notice_kind k)
{
	return (unsigned)k < NK__COUNT ? i18n_get(rq->lang, kind_msgs[k]) : "?";
}

const char *
notice_state_text(struct req *rq, enum notice_state s)
{
	return (unsigned)s < NST__COUNT ? i18n_get(rq->lang, state_msgs[s]) : "?";
}

const char *
notice_audience_text(struct req *rq, const struct notice_place *v, size_t n)
{
	if (n == 0)
		return T(rq, NT_WHOLE_COMPOUND);
	struct buf b;
	buf_init(&b, rq->a, 64);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&b, "、");
		buf_adds(&b, v[i].building);
		buf_adds(&b, v[i].stairwell);
	}
	return b.p;
}

const char *
notice_last_day(struct req *rq, int64_t end)
{
	return req_day(rq, end - 1);
}

/* Who may do what ----------------------------------------------------------------------------- */

bool
notice_may_manage(struct req *rq, enum notice_kind k)
{
	/* the table lets staff and the committee in; the committee writes its own finance notices only */
	for (size_t i = 0; i < rq->actor.ngrants; i++) {
		const struct grant *g = &rq->actor.grants[i];
		struct target t = {rq->community_id, 0, 0, false};
		if (!perm_allows(true, g, 1, PERM_NOTICE_MANAGE, &t))
			continue;
		if (g->role != ROLE_COMMITTEE || k == NK_FINANCE)
			return true;
	}
	return false;
}

bool
notice_manager(struct req *rq)
{
	return req_may(rq, PERM_NOTICE_MANAGE);
}

/* Seen by everyone once published and begun (withdrawn ones say only that, and why); a draft or
 * a notice whose period has not begun only by those who may manage its kind. */
static bool
visible(struct req *rq, const struct notice *n)
{
	if (n->state == NST_WITHDRAWN || (n->state == NST_PUBLISHED && n->starts_at <= db_now()))
		return true;
	return notice_may_manage(rq, n->kind);
}

int
notice_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_notice_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
notice_attachment_scope(struct req *rq, struct target *t)
{
	struct notice_attachment at;
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_notice_attachment(rq->db, rq->a, id, &t->community_id, &at) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
notice_load(struct req *rq, struct notice *n)
{
	enum yl_err rc = store_notice_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (!visible(rq, n))
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* Input ---------------------------------------------------------------------------------------- */

/* "3栋" or "3栋2单元" (or a building and a stairwell given apart) as ids of this community. */
static int
place_input(struct req *rq, const char *field, const char *bname, const char *sname, struct notice_place *p)
{
	char bn[REG_NAME_MAX], sn[REG_NAME_MAX];
	memset(p, 0, sizeof *p);
	if (bname == NULL || *bname == '\0')
		return req_errorf(rq, ERR_INVALID, "required", field, T(rq, NT_NEED_BUILDING));
	if (!registry_building(bname, bn) || store_building_find(rq->db, rq->community_id, bn, &p->building_id) != YL_OK)
		return req_errorf(rq, ERR_INVALID, "unknown_building", field, req_tf(rq, MSG_NT_NO_BUILDING, bname));
	if (sname && *sname &&
	    (!registry_stairwell(sname, sn) ||
	     store_stairwell_find(rq->db, rq->community_id, p->building_id, sn, &p->stairwell_id) != YL_OK))
		return req_errorf(rq, ERR_INVALID, "unknown_stairwell", field, req_tf(rq, MSG_NT_NO_STAIRWELL, bname, sname));
	return 0;
}

/* A place written in one piece, "3栋2单元": the building is everything up to its "栋". */
static int
place_text(struct req *rq, const char *field, const char *s, struct notice_place *p)
{
	const char *dong = strstr(s, "栋");
	if (dong == NULL || dong[3] == '\0')
		return place_input(rq, field, s, NULL, p);
	size_t k = (size_t)(dong - s) + 3;
	return place_input(rq, field, arena_strndup(rq->a, s, k), dong + 3, p);
}

/* The audience: a JSON array of {"building", "stairwell"}, or the form's "audience" written as
 * "3栋2单元、5栋" (、 ， , or spaces between). Empty: the whole compound. */
static int
audience_input(struct req *rq, json_t *j, struct notice_place **v, size_t *n)
{
	*v = arena_alloc(rq->a, AUDIENCE_MAX * sizeof **v);
	*n = 0;
	if (j) {
		json_t *a = json_object_get(j, "audience"), *e;
		size_t i;
		if (a == NULL || json_is_null(a))
			return 0;
		if (!json_is_array(a))
			return req_errorf(rq, ERR_INVALID, "bad_audience", "audience", T(rq, NT_BAD_AUDIENCE));
		json_array_foreach(a, i, e) {
			if (*n == AUDIENCE_MAX)
				return req_errorf(rq, ERR_INVALID, "too_many", "audience",
				                  req_tn(rq, MSG_NT_TOO_MANY_PLACES, AUDIENCE_MAX, AUDIENCE_MAX));
			if (!json_is_object(e))
				return req_errorf(rq, ERR_INVALID, "bad_audience", "audience", T(rq, NT_BAD_AUDIENCE));
			if (place_input(rq, "audience", field_value(rq, e, "building"), field_value(rq, e, "stairwell"), &(*v)[(*n)++]) < 0)
				return -1;
		}
		return 0;
	}
	const char *s = req_form(rq, "audience");
	if (s == NULL)
		return 0;
	char *copy = arena_strdup(rq->a, s);
	/* the separators people type between places: 、 ， , and spaces (ASCII or ideographic) */
	static const char *const seps[] = {"、", "，", "\xE3\x80\x80", ","};
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++)
		for (char *p = copy; (p = strstr(p, seps[k])) != NULL; p += strlen(seps[k]))
			memset(p, ' ', strlen(seps[k]));
	char *save = NULL;
	for (char *tok = strtok_r(copy, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (*n == AUDIENCE_MAX)
			return req_errorf(rq, ERR_INVALID, "too_many", "audience",
			                  req_tn(rq, MSG_NT_TOO_MANY_PLACES, AUDIENCE_MAX, AUDIENCE_MAX));
		if (place_text(rq, "audience", tok, &(*v)[(*n)++]) < 0)
			return -1;
	}
	return 0;
}

static int
inputs(struct req *rq, json_t *j, struct notice_new *n)
{
	memset(n, 0, sizeof *n);
	if (field_text(rq, "title", field_value(rq, j, "title"), MSG_NT_TITLE_LABEL, TITLE_MAX, true, &n->title) < 0 ||
	    field_text(rq, "body", field_value(rq, j, "body"), MSG_NT_BODY_LABEL, BODY_MAX, false, &n->body) < 0)
		return -1;
	const char *k = field_value(rq, j, "kind");
	int kind = word_index(notice_kind_names, NK__COUNT, k && *k ? k : "announcement");
	if (kind < 0)
		return req_errorf(rq, ERR_INVALID, "bad_kind", "kind", T(rq, NT_BAD_KIND));
	n->kind = (enum notice_kind)kind;
	int64_t from = 0, to = 0;
	if (field_date(rq, "starts_on", field_value(rq, j, "starts_on"), MSG_NT_STARTS_ON, false, &from) < 0 ||
	    field_date(rq, "ends_on", field_value(rq, j, "ends_on"), MSG_NT_ENDS_ON, false, &to) < 0)
		return -1;
	n->starts_at = from;
	n->ends_at = to ? to + 86400 : 0; /* up to the end of that day */
	if (n->ends_at && (n->ends_at <= from || n->ends_at <= db_now()))
		return req_errorf(rq, ERR_INVALID, "bad_period", "ends_on", T(rq, NT_BAD_PERIOD));
	if (field_int(rq, "replaces_id", field_value(rq, j, "replaces_id"), MSG_NT_REPLACES, 0, INT64_MAX, false,
	              &n->replaces_id) < 0)
		return -1;
	if (n->replaces_id) {
		struct notice old;
		enum yl_err rc = store_notice_get(rq->db, rq->a, rq->community_id, n->replaces_id, &old);
		if (rc == ERR_NOTFOUND || (rc == YL_OK && old.state == NST_DRAFT))
			return req_errorf(rq, ERR_INVALID, "unknown_notice", "replaces_id", T(rq, NT_NO_REPLACED));
		if (rc != YL_OK)
			return req_error(rq, rc);
	}
	struct notice_place *places;
	if (audience_input(rq, j, &places, &n->naudience) < 0)
		return -1;
	n->audience = places;
	if (!notice_may_manage(rq, n->kind))
		return req_errorf(rq, ERR_FORBIDDEN, "kind_not_yours", "kind", T(rq, NT_FINANCE_ONLY));
	return 0;
}

/* The steps ---------------------------------------------------------------------------------- */

static json_t *
audit_details(const struct notice_new *n)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I}", "title", n->title, "kind", notice_kind_names[n->kind], "starts_at",
	                 (json_int_t)n->starts_at, "ends_at", (json_int_t)n->ends_at, "audience", (json_int_t)n->naudience);
}

int
notice_create(struct req *rq, json_t *j, int64_t *id)
{
	struct notice_new n;
	if (inputs(rq, j, &n) < 0)
		return -1;
	n.created_by = rq->actor.id;
	n.now = db_now();
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_notice_create(rq->db, rq->community_id, &n, id);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "notice.create", "notice", *id, audit_details(&n));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* The route's notice for a step: seen (404), of a kind the actor manages (403), in state want
 * (409 naming the state it is in; a published one "is never edited"). */
static int
load_for_step(struct req *rq, struct notice *n, enum notice_state want, bool edit)
{
	if (notice_load(rq, n) < 0)
		return -1;
	if (n->state != want) {
		if (n->state == NST_PUBLISHED && edit)
			return req_errorf(rq, ERR_CONFLICT, "published", NULL, T(rq, NT_NO_EDIT));
		return req_errorf(rq, ERR_CONFLICT, "wrong_state", NULL, req_tf(rq, MSG_NT_WRONG_STATE, notice_state_text(rq, n->state)));
	}
	if (!notice_may_manage(rq, n->kind))
		return req_errorf(rq, ERR_FORBIDDEN, "kind_not_yours", "kind", T(rq, NT_FINANCE_ONLY));
	return 0;
}

int
notice_load_draft(struct req *rq, struct notice *n)
{
	return load_for_step(rq, n, NST_DRAFT, true);
}

static int
finish(struct req *rq, enum yl_err rc)
{
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "changed_meanwhile", NULL, T(rq, NT_CHANGED));
	if (rc == ERR_INVALID)
		return req_errorf(rq, rc, "period_over", "ends_on", T(rq, NT_PERIOD_OVER));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

int
notice_update(struct req *rq, json_t *j)
{
	struct notice old;
	struct notice_new n;
	if (load_for_step(rq, &old, NST_DRAFT, true) < 0 || inputs(rq, j, &n) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_notice_update(rq->db, rq->community_id, old.id, &n);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "notice.update", "notice", old.id, audit_details(&n));
	return finish(rq, rc);
}

int
notice_publish(struct req *rq)
{
	struct notice n;
	if (load_for_step(rq, &n, NST_DRAFT, false) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_notice_publish(rq->db, rq->community_id, n.id, rq->actor.id, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "notice.publish", "notice", n.id,
		               json_pack("{s:s, s:s}", "title", n.title, "kind", notice_kind_names[n.kind]));
	return finish(rq, rc);
}

int
notice_withdraw(struct req *rq, json_t *j)
{
	struct notice n;
	const char *reason;
	if (load_for_step(rq, &n, NST_PUBLISHED, false) < 0 ||
	    field_text(rq, "reason", field_value(rq, j, "reason"), MSG_NT_REASON, REASON_MAX, true, &reason) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_notice_withdraw(rq->db, rq->community_id, n.id, rq->actor.id, db_now(), reason);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "notice.withdraw", "notice", n.id, json_pack("{s:s}", "reason", reason));
	return finish(rq, rc);
}

/* Staff, or a confirmed volunteer with the publicist (宣传员) duty. */
static int
deliverer(struct req *rq)
{
	if (volunteer_has_duty(rq, "publicist"))
		return 0;
	return req_errorf(rq, ERR_FORBIDDEN, "not_publicist", NULL, T(rq, NT_NOT_PUBLICIST));
}

int
notice_deliver(struct req *rq, json_t *j, int64_t *id)
{
	struct notice n;
	struct notice_place p;
	int64_t households;
	if (notice_load(rq, &n) < 0)
		return -1;
	if (n.state != NST_PUBLISHED)
		return req_errorf(rq, ERR_CONFLICT, "wrong_state", NULL, req_tf(rq, MSG_NT_WRONG_STATE, notice_state_text(rq, n.state)));
	if (deliverer(rq) < 0)
		return -1;
	/* "3栋" and "2单元" apart, or (a form) "3栋2单元" in one field */
	const char *b = field_value(rq, j, "building"), *s = field_value(rq, j, "stairwell");
	if ((s && *s) || b == NULL ? place_input(rq, "building", b, s, &p) < 0 : place_text(rq, "building", b, &p) < 0)
		return -1;
	if (field_int(rq, "households", field_value(rq, j, "households"), MSG_NT_HOUSEHOLDS, 1, HOUSEHOLDS_MAX, true,
	              &households) < 0)
		return -1;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_notice_deliver(rq->db, rq->community_id, n.id, &p, households, rq->actor.id, db_now(), id);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "notice.deliver", "notice", n.id,
		               json_pack("{s:I, s:I, s:I}", "building_id", (json_int_t)p.building_id, "stairwell_id",
		                         (json_int_t)p.stairwell_id, "households", (json_int_t)households));
	return finish(rq, rc);
}

/* JSON ------------------------------------------------------------------------------------------- */

static void
notice_json(struct req *rq, struct jsonw *jw, const struct notice *n, bool full)
{
	bool gone = n->state == NST_WITHDRAWN;
	jsonw_object(jw);
	jsonw_kint(jw, "id", n->id);
	jsonw_kstr(jw, "title", n->title);
	jsonw_kstr(jw, "kind", notice_kind_names[n->kind]);
	jsonw_kstr(jw, "state", notice_state_names[n->state]);
	if (full) /* a withdrawn notice says only that, and why */
		jsonw_kstr(jw, "body", gone ? "" : n->body);
	jsonw_key(jw, "starts_on");
	jsonw_str(jw, n->starts_at ? req_day(rq, n->starts_at) : NULL);
	jsonw_key(jw, "ends_on");
	jsonw_str(jw, n->ends_at ? notice_last_day(rq, n->ends_at) : NULL);
	jsonw_ktime(jw, "starts_at", n->starts_at);
	jsonw_ktime(jw, "ends_at", n->ends_at);
	jsonw_ktime(jw, "published_at", n->published_at);
	jsonw_kstr(jw, "audit_head", n->audit_head);
	jsonw_kstr(jw, "ref_type", n->ref_type);
	jsonw_kint(jw, "ref_id", n->ref_id);
	jsonw_kint_or_null(jw, "replaces_id", n->replaces_id);
	const struct notice_place *places = n->audience;
	size_t np = n->naudience;
	jsonw_key(jw, "audience");
	jsonw_array(jw);
	for (size_t i = 0; i < np; i++) {
		jsonw_object(jw);
		jsonw_kstr(jw, "building", places[i].building);
		jsonw_key(jw, "stairwell");
		jsonw_str(jw, *places[i].stairwell ? places[i].stairwell : NULL);
		jsonw_object_end(jw);
	}
	jsonw_array_end(jw);
	jsonw_kstr(jw, "audience_text", notice_audience_text(rq, places, np));
	jsonw_ktime(jw, "withdrawn_at", n->withdrawn_at);
	jsonw_kstr(jw, "withdraw_reason", n->withdraw_reason);
	if (full) {
		jsonw_kint(jw, "delivered", n->delivered);
		struct notice_attachment *at;
		size_t na = 0;
		if (gone || store_notice_attachments(rq->db, rq->a, rq->community_id, n->id, &at, &na) != YL_OK)
			na = 0;
		jsonw_key(jw, "attachments");
		jsonw_array(jw);
		for (size_t i = 0; i < na; i++) {
			jsonw_object(jw);
			jsonw_kint(jw, "id", at[i].id);
			jsonw_kstr(jw, "name", at[i].name);
			jsonw_kint(jw, "bytes", at[i].bytes);
			jsonw_kstr(jw, "url", arena_printf(rq->a, "/notices/attachments/%lld", (long long)at[i].id));
			jsonw_object_end(jw);
		}
		jsonw_array_end(jw);
	}
	jsonw_object_end(jw);
}

int
notices_api(struct req *rq)
{
	struct notice_filter f = {.list = NL_CURRENT, .now = db_now(), .kind = -1};
	const char *state = req_query(rq, "state"), *kind = req_query(rq, "kind"), *bname = req_query(rq, "building");
	if (req_query(rq, "archive") && strcmp(req_query(rq, "archive"), "0") != 0)
		f.list = NL_ARCHIVE;
	if (state && *state) {
		if (strcmp(state, "draft") == 0 || strcmp(state, "scheduled") == 0) {
			if (!notice_manager(rq))
				return req_errorf(rq, ERR_FORBIDDEN, "forbidden", "state", T(rq, NT_DRAFTS_HIDDEN));
			f.list = state[0] == 'd' ? NL_DRAFTS : NL_SCHEDULED;
		} else if (strcmp(state, "published") != 0) {
			return req_errorf(rq, ERR_INVALID, "bad_state", "state", T(rq, NT_BAD_STATE));
		}
	}
	if (kind && *kind && (f.kind = word_index(notice_kind_names, NK__COUNT, kind)) < 0)
		return req_errorf(rq, ERR_INVALID, "bad_kind", "kind", T(rq, NT_BAD_KIND));
	struct notice_place p;
	if (bname && *bname) {
		if (place_input(rq, "building", bname, NULL, &p) < 0)
			return req_fail(rq);
		f.buildings = &p.building_id;
		f.nbuildings = 1;
	}
	int64_t limit, offset, total = 0;
	if (field_paging(rq, LIST_MAX, LIST_MAX, &limit, &offset) < 0)
		return req_fail(rq);
	struct notice *v;
	size_t n;
	enum yl_err rc = store_notices(rq->db, rq->a, rq->community_id, &f, limit, offset, &v, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < n; i++)
		if (f.list != NL_DRAFTS || notice_may_manage(rq, v[i].kind))
			notice_json(rq, &jw, &v[i], false);
	jsonw_list_end(&jw, total);
	return 0;
}

int
notice_api(struct req *rq)
{
	struct notice n;
	if (notice_load(rq, &n) < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	notice_json(rq, &jw, &n, true);
	return 0;
}

int
notice_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = notice_create(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

static int
answer(struct req *rq, int r)
{
	if (r < 0)
		return -1;
	struct notice n;
	if (store_notice_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &n) != YL_OK)
		return req_error(rq, ERR_INTERNAL);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	notice_json(rq, &jw, &n, true);
	return 0;
}

int
notice_update_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int r = notice_update(rq, j);
	json_decref(j);
	return answer(rq, r);
}

int
notice_publish_api(struct req *rq)
{
	return answer(rq, notice_publish(rq));
}

int
notice_withdraw_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int r = notice_withdraw(rq, j);
	json_decref(j);
	return answer(rq, r);
}

int
notice_deliver_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = notice_deliver(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

/* Attachments: photos ("image" parts, cleaned of their metadata) and PDFs ("pdf" parts, known by
 * their first bytes), on a draft only. */
int
notice_attach_api(struct req *rq)
{
	struct notice n;
	if (load_for_step(rq, &n, NST_DRAFT, true) < 0)
		return -1;
	struct image_upload img;
	struct pdf_upload pdf;
	if (upload_images(rq, "image", UPLOAD_MAX_IMAGES, &img) < 0 || upload_pdfs(rq, "pdf", PDF_MAX, &pdf) < 0)
		return -1;
	if (img.n + pdf.n == 0)
		return req_errorf(rq, ERR_INVALID, "required", "image", T(rq, NT_NO_FILE));
	int64_t now = db_now(), id;
	json_t *ids = json_array();
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	for (size_t i = 0; rc == YL_OK && i < img.n; i++) {
		rc = store_notice_attach(rq->db, rq->community_id, n.id, img.v[i].name, img.v[i].name, (int64_t)img.v[i].len,
		                         rq->actor.id, now, &id);
		json_array_append_new(ids, json_integer(id));
	}
	for (size_t i = 0; rc == YL_OK && i < pdf.n; i++) {
		rc = store_notice_attach(rq->db, rq->community_id, n.id, pdf.v[i].name, pdf.v[i].filename, (int64_t)pdf.v[i].len,
		                         rq->actor.id, now, &id);
		json_array_append_new(ids, json_integer(id));
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "notice.attach", "notice", n.id, json_pack("{s:O}", "attachments", ids));
	rc = store_end(rq->db, rc);
	if (rc != YL_OK) {
		json_decref(ids);
		return req_error(rq, rc);
	}
	return req_json(rq, 201, json_pack("{s:o}", "ids", ids));
}

/* Hooks ------------------------------------------------------------------------------------------ */

static enum yl_err
post(struct req *rq, struct notice_new *n)
{
	int64_t id;
	n->created_by = rq->actor.id;
	n->now = db_now();
	enum yl_err rc = store_notice_post(rq->db, rq->community_id, n, &id);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "notice.post", "notice", id,
		               json_pack("{s:s, s:s, s:I}", "kind", notice_kind_names[n->kind], "ref_type", n->ref_type,
		                         "ref_id", (json_int_t)n->ref_id));
	return rc;
}

enum yl_err
notice_post_decision(struct req *rq, const struct decision *d)
{
	struct notice_place p = {d->building_id, d->stairwell_id, NULL, NULL};
	struct notice_new n = {
		.title = req_tf(rq, MSG_NT_DECISION_TITLE, d->title),
		.body = req_tf(rq, MSG_NT_DECISION_BODY, d->body, decision_matter_text(rq, d->matter), (long long)d->id),
		.kind = NK_DECISION, .ref_type = "decision", .ref_id = d->id,
		.audience = &p, .naudience = d->building_id ? 1 : 0,
	};
	return post(rq, &n);
}

enum yl_err
notice_post_result(struct req *rq, const struct decision *d, const struct tally *t, bool passed)
{
	struct notice_place p = {d->building_id, d->stairwell_id, NULL, NULL};
	const char *body = d->noptions
	                       ? req_tf(rq, MSG_NT_RESULT_OPTIONS, (long long)d->id)
	                       : req_tf(rq, MSG_NT_RESULT_BODY, (long long)t->total.owners, decision_area(rq, t->total.area),
	                                (long long)t->participating.owners, decision_area(rq, t->participating.area),
	                                (long long)t->yes.owners, decision_area(rq, t->yes.area), (long long)t->no.owners,
	                                (long long)t->abstain.owners, passed ? T(rq, NT_PASSED) : T(rq, NT_NOT_PASSED),
	                                (long long)d->id);
	struct notice_new n = {
		.title = req_tf(rq, MSG_NT_RESULT_TITLE, d->title), .body = body,
		.kind = NK_RESULT, .ref_type = "decision", .ref_id = d->id,
		.audience = &p, .naudience = d->building_id ? 1 : 0,
	};
	return post(rq, &n);
}

enum yl_err
notice_post_plan(struct req *rq, int64_t plan_id, const char *plan_title, int64_t version, const char *changelog)
{
	struct notice_new n = {
		.title = req_tf(rq, MSG_NT_PLAN_TITLE, plan_title, (long long)version),
		.body = req_tf(rq, MSG_NT_PLAN_BODY, changelog && *changelog ? changelog : T(rq, NT_PLAN_FIRST),
		               (long long)plan_id, (long long)version),
		.kind = NK_PLAN, .ref_type = "plan", .ref_id = plan_id,
	};
	return post(rq, &n);
}

enum yl_err
notice_post_disclosure(struct req *rq, const char *period, const struct disclosure_figures *f)
{
	struct notice_new n = {
		.title = req_tf(rq, MSG_NT_DISCLOSURE_TITLE, period),
		.body = req_tf(rq, MSG_NT_DISCLOSURE_BODY, req_amount(rq, f->income_total), req_amount(rq, f->expense_total),
		               req_amount(rq, f->closing_cash + f->closing_bank), permille_text(rq, f->collection_permille), (long long)rq->community_id, period),
		.kind = NK_FINANCE, .ref_type = "disclosure", .ref_id = f->p.first,
	};
	return post(rq, &n);
}
