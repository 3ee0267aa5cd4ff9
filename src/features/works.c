/* works.c: construction and acceptance (issue 8) — a work for each approved plan item, its
 * milestones and progress, supervisors' inspections with photos, residents' ratings, staff's
 * formal acceptance; the work page with its forms, the JSON API, and the public progress page.
 *
 * A work moves planned → underway → completed → accepted, one step at a time and never back:
 * the schedule and the money were approved for that item, so a work that went wrong is fixed
 * through the problem list, not by rewinding its state. Every write is one transaction with its
 * audit row; a finding that needs fixing becomes a problem in the same transaction, so an
 * inspection never names a problem that does not exist, nor a problem lacks its inspection. */
#include "works.h"
#include "plans.h"
#include "problem_common.h"
#include "uploads.h"
#include "volunteers.h"
#include "work_payments.h"
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../core/image.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/files.h"
#include "../store/plans.h"
#include "../store/problems.h"
#include "../store/works.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define CONTRACTOR_MAX 100
#define TITLE_MAX 100
#define TEXT_MAX 2000
#define COMMENT_MAX 500
#define MILESTONES_MAX 20
#define INSPECTION_PHOTOS 4

/* Words ------------------------------------------------------------------------------------ */

static const enum msg state_msgs[WS__COUNT] = {[WS_PLANNED] = MSG_WK_ST_PLANNED, [WS_UNDERWAY] = MSG_WK_ST_UNDERWAY,
                                                [WS_COMPLETED] = MSG_WK_ST_COMPLETED, [WS_ACCEPTED] = MSG_WK_ST_ACCEPTED};
static const enum msg severity_msgs[SEV__COUNT] = {[SEV_NOTE] = MSG_WK_SEV_NOTE, [SEV_MINOR] = MSG_WK_SEV_MINOR,
                                                   [SEV_MAJOR] = MSG_WK_SEV_MAJOR, [SEV_CRITICAL] = MSG_WK_SEV_CRITICAL};
const char *
work_state_text(struct req *rq, enum work_state s)
{
	return (unsigned)s < WS__COUNT ? i18n_get(rq->lang, state_msgs[s]) : "?";
}

static const char *
severity_text(struct req *rq, enum severity s)
{
	return (unsigned)s < SEV__COUNT ? i18n_get(rq->lang, severity_msgs[s]) : "?";
}

static const char *
day_text(struct req *rq, int64_t t)
{
	if (t == 0)
		return T(rq, WK_NOT_SET);
	char d[11];
	date_local(t, d);
	return arena_strdup(rq->a, d);
}

/* "2027-03-01 至 2027-06-30", or "未定" when neither day is set. */
static const char *
schedule_text(struct req *rq, const struct work *w)
{
	if (w->starts_on == 0 && w->ends_on == 0)
		return T(rq, WK_NOT_SET);
	return req_tf(rq, MSG_WK_SCHEDULE_RANGE, day_text(rq, w->starts_on), day_text(rq, w->ends_on));
}

/* "3栋2单元 · 北侧道路", "全小区"; in the arena. */
/* The average of the ratings to two decimals ("4.50"), rounded half up, as an exact string. */
static const char *
rating_average(struct req *rq, const struct work *w)
{
	if (w->ratings == 0)
		return "";
	return req_amount(rq, (w->rating_sum * 200 + w->ratings) / (2 * w->ratings));
}

/* Scopes and loading ---------------------------------------------------------------------- */

int
work_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_work_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
inspection_photo_scope(struct req *rq, struct target *t)
{
	struct inspection_photo ph;
	if (store_inspection_photo_get(rq->db, rq->a, req_param_id(rq, "id"), &t->community_id, &ph) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* The route's work with its plan item. The item is read as it stands now (adopted version, else
 * newest published); a work whose item has gone from the plan still loads, with st->row zeroed
 * and its title empty. */
static int
work_load(struct req *rq, struct work *w, struct item_state *st)
{
	enum yl_err rc = store_work_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), w);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (st) {
		rc = store_plan_item_state(rq->db, rq->a, rq->community_id, w->plan_id, w->item_key, st);
		if (rc == ERR_NOTFOUND) {
			memset(st, 0, sizeof *st);
			st->row.it.title = "";
			st->row.building = st->row.stairwell = st->row.place = "";
			st->decision_title = "";
		} else if (rc != YL_OK) {
			return req_error(rq, rc);
		}
	}
	return 0;
}

/* Creating a work ---------------------------------------------------------------------------- */

static int
read_milestones(struct req *rq, json_t *j, struct work_new *w)
{
	json_t *ms = json_object_get(j, "milestones");
	if (ms == NULL || json_is_null(ms))
		return 0;
	if (!json_is_array(ms) || json_array_size(ms) > MILESTONES_MAX)
		return req_errorf(rq, ERR_INVALID, "bad_milestones", "milestones", T(rq, WK_BAD_MILESTONES));
	struct work_milestone *v = arena_zalloc(rq->a, (json_array_size(ms) + 1) * sizeof *v);
	size_t i;
	json_t *m;
	json_array_foreach(ms, i, m) {
		if (!json_is_object(m) || !json_is_string(json_object_get(m, "title")))
			return req_errorf(rq, ERR_INVALID, "bad_milestones", "milestones", T(rq, WK_BAD_MILESTONES));
		if (field_text(rq, "milestones", json_string_value(json_object_get(m, "title")), MSG_WK_MS_TITLE, TITLE_MAX,
		               true, &v[i].title) < 0 ||
		    field_date(rq, "milestones", field_value(rq, m, "due_on"), MSG_WK_MS_DUE_ON, false, &v[i].due_on) < 0)
			return -1;
	}
	w->milestones = v;
	w->nmilestones = json_array_size(ms);
	return 0;
}

static int
work_create(struct req *rq, json_t *j, int64_t *id)
{
	struct work_new w = {.plan_id = req_param_id(rq, "id"), .by = rq->actor.id, .now = db_now()};
	if (field_int(rq, "item", field_value(rq, j, "item"), MSG_WK_ITEM, 1, INT32_MAX, true, &w.item_key) < 0 ||
	    field_text(rq, "contractor", field_value(rq, j, "contractor"), MSG_WK_CONTRACTOR, CONTRACTOR_MAX, false,
	               &w.contractor) < 0 ||
	    field_date(rq, "starts_on", field_value(rq, j, "starts_on"), MSG_WK_STARTS_ON, false, &w.starts_on) < 0 ||
	    field_date(rq, "ends_on", field_value(rq, j, "ends_on"), MSG_WK_ENDS_ON, false, &w.ends_on) < 0 || read_milestones(rq, j, &w) < 0)
		return -1;
	if (w.starts_on && w.ends_on && w.ends_on < w.starts_on)
		return req_errorf(rq, ERR_INVALID, "bad_schedule", "ends_on", T(rq, WK_BAD_SCHEDULE));

	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	/* the item's approval is read under the community's lock, so it cannot change in between */
	struct item_state st;
	rc = store_plan_item_state(rq->db, rq->a, rq->community_id, w.plan_id, w.item_key, &st);
	if (rc == ERR_NOTFOUND) {
		store_end(rq->db, rc);
		return req_errorf(rq, ERR_INVALID, "unknown_item", "item", req_tf(rq, MSG_WK_NO_ITEM, (long long)w.item_key));
	}
	if (rc == YL_OK && st.status != ITEM_APPROVED) {
		store_end(rq->db, ERR_CONFLICT);
		return req_errorf(rq, ERR_CONFLICT, "not_approved", "item",
		                  req_tf(rq, MSG_WK_NOT_APPROVED, plan_status_text(rq, st.status)));
	}
	if (rc == YL_OK)
		rc = store_work_create(rq->db, rq->community_id, &w, id);
	if (rc == ERR_CONFLICT) {
		store_end(rq->db, rc);
		return req_errorf(rq, ERR_CONFLICT, "has_work", "item", T(rq, WK_HAS_WORK));
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "work.create", "work", *id,
		               json_pack("{s:I, s:I, s:s, s:I}", "plan_id", (json_int_t)w.plan_id, "item",
		                         (json_int_t)w.item_key, "contractor", w.contractor, "milestones",
		                         (json_int_t)w.nmilestones));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

int
works_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = work_create(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

/* Progress, state, contractor, schedule -------------------------------------------------------- */

/* Reads the change asked for into w (a copy of the work as it is) and checks the move. */
static int
check_update(struct req *rq, json_t *j, const struct work *old, struct work *w)
{
	*w = *old;
	const char *progress = field_value(rq, j, "progress"), *state = field_value(rq, j, "state");
	const char *contractor = field_value(rq, j, "contractor");
	const char *starts = field_value(rq, j, "starts_on"), *ends = field_value(rq, j, "ends_on");
	bool any = false;
	int64_t p = -1;
	/* from a form an empty field is one left alone; in JSON "" is a value of the wrong type */
	if (progress && (*progress || j)) {
		if (field_int(rq, "progress", progress, MSG_WK_PROGRESS, 0, 100, true, &p) < 0)
			return req_errorf(rq, ERR_INVALID, "bad_progress", "progress", T(rq, WK_BAD_PROGRESS));
		any = true;
	}
	if (state && (*state || j)) {
		int s = work_state_from_name(state);
		if (s < 0)
			return req_errorf(rq, ERR_INVALID, "bad_state", "state", T(rq, WK_BAD_STATE));
		w->state = (enum work_state)s;
		any = true;
	}
	if (contractor) {
		if (field_text(rq, "contractor", contractor, MSG_WK_CONTRACTOR, CONTRACTOR_MAX, false, &w->contractor) < 0)
			return -1;
		any = true;
	}
	if (starts) {
		if (field_date(rq, "starts_on", starts, MSG_WK_STARTS_ON, false, &w->starts_on) < 0)
			return -1;
		any = true;
	}
	if (ends) {
		if (field_date(rq, "ends_on", ends, MSG_WK_ENDS_ON, false, &w->ends_on) < 0)
			return -1;
		any = true;
	}
	if (!any)
		return req_errorf(rq, ERR_INVALID, "nothing_to_change", NULL, T(rq, WK_NOTHING));
	if (w->starts_on && w->ends_on && w->ends_on < w->starts_on)
		return req_errorf(rq, ERR_INVALID, "bad_schedule", "ends_on", T(rq, WK_BAD_SCHEDULE));

	if (old->state == WS_ACCEPTED)
		return req_errorf(rq, ERR_CONFLICT, "accepted", NULL, T(rq, WK_IS_ACCEPTED));
	if (w->state == WS_ACCEPTED)
		return req_errorf(rq, ERR_CONFLICT, "accept_separately", "state", T(rq, WK_ACCEPT_SEPARATELY));
	/* one step forward, or staying where it is */
	if (w->state < old->state || w->state > old->state + 1)
		return req_errorf(rq, ERR_CONFLICT, "wrong_state", "state",
		                  req_tf(rq, MSG_WK_WRONG_MOVE, work_state_text(rq, old->state), work_state_text(rq, w->state)));
	switch (w->state) {
	case WS_PLANNED:
		if (p > 0)
			return req_errorf(rq, ERR_CONFLICT, "not_started", "progress", T(rq, WK_NOT_STARTED));
		break;
	case WS_UNDERWAY:
		if (p >= 0)
			w->progress = (int)p;
		break;
	case WS_COMPLETED:
		if (p >= 0 && p != 100)
			return req_errorf(rq, ERR_INVALID, "completed_is_100", "progress", T(rq, WK_COMPLETE_IS_100));
		w->progress = 100;
		break;
	default:
		break;
	}
	return 0;
}

static int
work_update(struct req *rq, json_t *j, int64_t *id)
{
	struct work old, w;
	if (work_load(rq, &old, NULL) < 0 || check_update(rq, j, &old, &w) < 0)
		return -1;
	*id = old.id;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_work_update(rq->db, rq->community_id, &w, old.state, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "work.progress", "work", w.id,
		               json_pack("{s:s, s:s, s:i, s:i, s:s}", "from", work_state_names[old.state], "to",
		                         work_state_names[w.state], "progress_from", old.progress, "progress", w.progress,
		                         "contractor", w.contractor));
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "changed_meanwhile", NULL, T(rq, WK_CHANGED));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* The formal acceptance ------------------------------------------------------------------------- */

static int
work_accept(struct req *rq, json_t *j, int64_t *id)
{
	const char *note;
	if (field_text(rq, "note", field_value(rq, j, "note"), MSG_WK_ACCEPTANCE, TEXT_MAX, false, &note) < 0)
		return -1;
	if (*note == '\0')
		return req_errorf(rq, ERR_INVALID, "required", "note", T(rq, WK_NEED_NOTE));
	struct work w;
	if (work_load(rq, &w, NULL) < 0)
		return -1;
	*id = w.id;
	if (w.state != WS_COMPLETED)
		return req_errorf(rq, ERR_CONFLICT, "not_completed", NULL,
		                  req_tf(rq, MSG_WK_NOT_COMPLETED, work_state_text(rq, w.state)));
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_work_accept(rq->db, rq->community_id, w.id, rq->actor.id, note, db_now());
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "work.accept", "work", w.id, json_pack("{s:s}", "note", note));
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "changed_meanwhile", NULL, T(rq, WK_CHANGED));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Milestones ------------------------------------------------------------------------------------ */

static int
milestone_add(struct req *rq, json_t *j, int64_t *work_id)
{
	const char *title;
	int64_t due;
	if (field_text(rq, "title", field_value(rq, j, "title"), MSG_WK_MS_TITLE, TITLE_MAX, true, &title) < 0 ||
	    field_date(rq, "due_on", field_value(rq, j, "due_on"), MSG_WK_MS_DUE_ON, false, &due) < 0)
		return -1;
	struct work w;
	if (work_load(rq, &w, NULL) < 0)
		return -1;
	*work_id = w.id;
	if (w.state == WS_ACCEPTED)
		return req_errorf(rq, ERR_CONFLICT, "accepted", NULL, T(rq, WK_IS_ACCEPTED));
	int64_t mid = 0;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_work_milestone_add(rq->db, rq->community_id, w.id, title, due, &mid);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "work.milestone", "work", w.id,
		               json_pack("{s:I, s:s}", "milestone_id", (json_int_t)mid, "title", title));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

static int
milestone_done(struct req *rq, int64_t *work_id)
{
	struct work w;
	if (work_load(rq, &w, NULL) < 0)
		return -1;
	*work_id = w.id;
	int64_t mid = req_param_id(rq, "mid");
	if (mid == 0)
		return req_error(rq, ERR_NOTFOUND);
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_work_milestone_done(rq->db, rq->community_id, w.id, mid, day_start_local(db_now()));
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "work.milestone_done", "work", w.id,
		               json_pack("{s:I}", "milestone_id", (json_int_t)mid));
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT)
		return req_errorf(rq, rc, "already_done", NULL, T(rq, WK_MS_ALREADY));
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Inspections ----------------------------------------------------------------------------------- */

/* What an inspection carries besides its row. */
struct inspection_input {
	struct inspection in;
	bool to_problem;
	struct category cat;
};

static int
check_inspection(struct req *rq, json_t *j, struct inspection_input *v)
{
	memset(v, 0, sizeof *v);
	if (field_date(rq, "inspected_on", field_value(rq, j, "inspected_on"), MSG_WK_INSPECTED_ON, true, &v->in.inspected_on) < 0)
		return -1;
	const char *sev = field_value(rq, j, "severity");
	int s = severity_from_name(sev);
	if (s < 0)
		return req_errorf(rq, ERR_INVALID, sev && *sev ? "bad_severity" : "required", "severity",
		                  T(rq, WK_BAD_SEVERITY));
	v->in.severity = (enum severity)s;
	if (field_text(rq, "findings", field_value(rq, j, "findings"), MSG_WK_FINDINGS, TEXT_MAX, true, &v->in.findings) < 0)
		return -1;
	/* JSON: "problem": {"category": code}; the form: the "problem" box and its category */
	const char *code = NULL;
	if (j) {
		json_t *p = json_object_get(j, "problem");
		if (p && !json_is_null(p)) {
			if (!json_is_object(p))
				return req_errorf(rq, ERR_INVALID, "bad_category", "problem", T(rq, WK_BAD_CATEGORY));
			v->to_problem = true;
			code = json_string_value(json_object_get(p, "category"));
		}
	} else if (req_form(rq, "problem")) {
		v->to_problem = true;
		code = req_form(rq, "category");
	}
	if (v->to_problem) {
		if (v->in.severity == SEV_NOTE)
			return req_errorf(rq, ERR_INVALID, "note_no_problem", "severity", T(rq, WK_NOTE_NO_PROBLEM));
		if (code == NULL || *code == '\0' ||
		    store_category_by_code(rq->db, rq->a, rq->community_id, code, &v->cat) != YL_OK)
			return req_errorf(rq, ERR_INVALID, "bad_category", j ? "problem.category" : "category",
			                  T(rq, WK_BAD_CATEGORY));
	}
	return 0;
}

/* The finding as a problem in the problem list: reported on the web by the inspector, where the
 * item is. A compound-wide item names its place (or its title) so the problem says where. */
static enum yl_err
finding_problem(struct req *rq, const struct inspection_input *v, const struct item_state *st, int64_t *pid)
{
	const struct plan_item_row *r = &st->row;
	struct problem_new p = {
		.category_id = v->cat.id,
		.description = v->in.findings,
		.building_id = r->scope != ISC_COMMUNITY ? r->building_id : 0,
		.stairwell_id = r->scope == ISC_STAIRWELL ? r->stairwell_id : 0,
		.place = r->place && *r->place ? r->place : r->it.title,
		.channel = CHANNEL_WEB,
		.reporter_id = rq->actor.id,
		.reporter_name = "",
		.reporter_contact = "",
		.actor_id = rq->actor.id,
		.actor_name = rq->actor.display_name && *rq->actor.display_name ? rq->actor.display_name : rq->actor.name,
		.now = db_now(),
	};
	int64_t ev;
	enum yl_err rc = store_problem_create(rq->db, rq->community_id, &p, pid, &ev);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "problem.report", "problem", *pid,
		               json_pack("{s:I, s:s, s:s, s:I}", "category_id", (json_int_t)p.category_id, "channel",
		                         problem_channel_names[p.channel], "from", "inspection", "photos", (json_int_t)0));
	return rc;
}

/* Checks, then records the inspection with its photos (already on disk) and its problem. */
static int
record_inspection(struct req *rq, const struct work *w, const struct item_state *st, struct inspection_input *v,
                  const struct image_upload *up, int64_t *id)
{
	v->in.work_id = w->id;
	v->in.account_id = rq->actor.id;
	v->in.created_at = db_now();
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK && v->to_problem)
		rc = finding_problem(rq, v, st, &v->in.problem_id);
	if (rc == YL_OK)
		rc = store_inspection_add(rq->db, rq->community_id, &v->in, id);
	for (size_t i = 0; rc == YL_OK && up && i < up->n; i++) {
		struct inspection_photo ph = {.file = up->v[i].name,
		                              .mime = image_mime((enum image_kind)up->v[i].kind),
		                              .bytes = (int64_t)up->v[i].len,
		                              .width = up->v[i].width,
		                              .height = up->v[i].height};
		rc = store_inspection_photo_add(rq->db, rq->community_id, *id, &ph, NULL);
	}
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:I, s:s, s:I}", "work_id", (json_int_t)w->id, "severity",
		                      severity_names[v->in.severity], "photos", (json_int_t)(up ? up->n : 0));
		if (v->in.problem_id)
			json_object_set_new(d, "problem_id", json_integer(v->in.problem_id));
		rc = req_audit(rq, rq->community_id, "inspection.record", "inspection", *id, d);
	}
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* Ratings ----------------------------------------------------------------------------------------- */

static int
work_rate(struct req *rq, json_t *j, int64_t *work_id)
{
	int64_t rating;
	const char *comment;
	if (field_int(rq, "rating", field_value(rq, j, "rating"), MSG_WK_RATING, 1, 5, true, &rating) < 0)
		return req_errorf(rq, ERR_INVALID, "bad_rating", "rating", T(rq, WK_BAD_RATING));
	if (field_text(rq, "comment", field_value(rq, j, "comment"), MSG_WK_COMMENT, COMMENT_MAX, false, &comment) < 0)
		return -1;
	struct work w;
	struct item_state st;
	if (work_load(rq, &w, &st) < 0)
		return -1;
	*work_id = w.id;
	if (w.state != WS_COMPLETED && w.state != WS_ACCEPTED)
		return req_errorf(rq, ERR_CONFLICT, "not_completed", NULL, T(rq, WK_RATE_NOT_DONE));
	/* only those who live with the result judge it: a unit in the item's building or stairwell,
	 * or anywhere in the compound for a compound-wide item */
	bool here = false;
	int64_t b = st.row.scope != ISC_COMMUNITY ? st.row.building_id : 0;
	int64_t s = st.row.scope == ISC_STAIRWELL ? st.row.stairwell_id : 0;
	enum yl_err rc = store_lives_within(rq->db, rq->community_id, rq->actor.id, b, s, &here);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (!here)
		return req_errorf(rq, ERR_FORBIDDEN, "not_your_location", NULL,
		                  req_tf(rq, MSG_WK_RATE_NOT_HERE, plan_place_text(rq, &st.row)));
	bool replaced = false;
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_work_rate(rq->db, rq->community_id, w.id, rq->actor.id, (int)rating, comment, db_now(), &replaced);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "work.rate", "work", w.id,
		               json_pack("{s:I, s:b}", "rating", (json_int_t)rating, "replaced", replaced));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* JSON ---------------------------------------------------------------------------------------- */

static void
day_json(struct jsonw *w, const char *key, int64_t t)
{
	jsonw_key(w, key);
	if (t) {
		char d[11];
		date_local(t, d);
		jsonw_str(w, d);
	} else {
		jsonw_null(w);
	}
}

/* The work's own fields, inside an object the caller opened. */
static void
work_fields_json(struct req *rq, struct jsonw *jw, const struct work *w)
{
	jsonw_kint(jw, "id", w->id);
	jsonw_kint(jw, "plan_id", w->plan_id);
	jsonw_kint(jw, "item", w->item_key);
	jsonw_kstr(jw, "contractor", w->contractor);
	day_json(jw, "starts_on", w->starts_on);
	day_json(jw, "ends_on", w->ends_on);
	jsonw_kint(jw, "progress", w->progress);
	jsonw_kstr(jw, "state", work_state_names[w->state]);
	jsonw_ktime(jw, "created_at", w->created_at);
	jsonw_ktime(jw, "completed_at", w->completed_at);
	jsonw_ktime(jw, "accepted_at", w->accepted_at);
	jsonw_kstr(jw, "acceptance_note", w->acceptance_note);
	jsonw_kint(jw, "inspections", w->inspections);
	jsonw_kamount(jw, "paid", w->paid);
	jsonw_key(jw, "ratings");
	jsonw_object(jw);
	jsonw_kint(jw, "count", w->ratings);
	jsonw_key(jw, "average");
	if (w->ratings)
		jsonw_str(jw, rating_average(rq, w));
	else
		jsonw_null(jw);
	jsonw_object_end(jw);
}

int
work_api(struct req *rq)
{
	struct work w;
	struct item_state st;
	struct work_milestone *ms;
	struct inspection *ins;
	struct inspection_photo *ph;
	size_t nms, nin, nph;
	if (work_load(rq, &w, &st) < 0)
		return -1;
	enum yl_err rc;
	if ((rc = store_work_milestones(rq->db, rq->a, rq->community_id, w.id, &ms, &nms)) != YL_OK ||
	    (rc = store_inspections(rq->db, rq->a, rq->community_id, w.id, &ins, &nin)) != YL_OK ||
	    (rc = store_inspection_photos(rq->db, rq->a, rq->community_id, w.id, &ph, &nph)) != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_object(&jw);
	work_fields_json(rq, &jw, &w);
	jsonw_kstr(&jw, "title", st.row.it.title);
	jsonw_kstr(&jw, "item_status", item_status_names[st.status]);
	jsonw_kint(&jw, "my_rating", store_work_rating_of(rq->db, rq->community_id, w.id, rq->actor.id));
	jsonw_key(&jw, "milestones");
	jsonw_array(&jw);
	for (size_t i = 0; i < nms; i++) {
		jsonw_object(&jw);
		jsonw_kint(&jw, "id", ms[i].id);
		jsonw_kstr(&jw, "title", ms[i].title);
		day_json(&jw, "due_on", ms[i].due_on);
		day_json(&jw, "done_on", ms[i].done_on);
		jsonw_object_end(&jw);
	}
	jsonw_array_end(&jw);
	jsonw_key(&jw, "inspections");
	jsonw_array(&jw);
	for (size_t i = 0; i < nin; i++) {
		jsonw_object(&jw);
		jsonw_kint(&jw, "id", ins[i].id);
		day_json(&jw, "inspected_on", ins[i].inspected_on);
		jsonw_kstr(&jw, "severity", severity_names[ins[i].severity]);
		jsonw_kstr(&jw, "findings", ins[i].findings);
		jsonw_kint_or_null(&jw, "problem_id", ins[i].problem_id);
		jsonw_key(&jw, "photos");
		jsonw_array(&jw);
		for (size_t k = 0; k < nph; k++)
			if (ph[k].inspection_id == ins[i].id)
				jsonw_int(&jw, ph[k].id);
		jsonw_array_end(&jw);
		jsonw_object_end(&jw);
	}
	jsonw_array_end(&jw);
	jsonw_object_end(&jw);
	return 0;
}

int
works_list_api(struct req *rq)
{
	struct work *v;
	size_t n;
	enum yl_err rc = store_works(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&jw);
		work_fields_json(rq, &jw, &v[i]);
		jsonw_object_end(&jw);
	}
	jsonw_list_end(&jw, (int64_t)n);
	return 0;
}

/* Runs one of the writes above on a JSON body and answers 200 {"id": work}. */
static int
json_write(struct req *rq, int (*fn)(struct req *, json_t *, int64_t *))
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = fn(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 200, json_pack("{s:I}", "id", (json_int_t)id));
}

int
work_update_api(struct req *rq)
{
	return json_write(rq, work_update);
}

int
work_accept_api(struct req *rq)
{
	return json_write(rq, work_accept);
}

int
work_rating_api(struct req *rq)
{
	return json_write(rq, work_rate);
}

int
work_milestone_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = milestone_add(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

int
work_milestone_done_api(struct req *rq)
{
	int64_t id;
	if (milestone_done(rq, &id) < 0)
		return -1;
	return req_json(rq, 200, json_pack("{s:I}", "id", (json_int_t)id));
}

int
work_inspection_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	struct inspection_input v;
	struct work w;
	struct item_state st;
	int64_t id = 0;
	/* PERM_INSPECT lets volunteers in; of them only confirmed supervisors inspect */
	int r = volunteer_inspect_check(rq);
	if (r == 0)
		r = check_inspection(rq, j, &v);
	if (r == 0)
		r = work_load(rq, &w, &st);
	if (r == 0)
		r = record_inspection(rq, &w, &st, &v, NULL, &id);
	json_decref(j);
	if (r < 0)
		return -1;
	return req_json(rq, 201, json_pack("{s:I, s:o}", "id", (json_int_t)id, "problem_id",
	                                   v.in.problem_id ? json_integer(v.in.problem_id) : json_null()));
}

/* The work page ----------------------------------------------------------------------------- */

/* A progress bar with the number in words beside it (the bar alone is only a picture). */
static void
progress_bar(struct req *rq, struct html *h, int pct)
{
	html_lit(h, "<span class=\"progress\"><progress max=\"100\" value=\"");
	html_int(h, pct);
	html_lit(h, "\"></progress> ");
	html_text(h, req_tf(rq, MSG_WK_PROGRESS_WORDS, pct));
	html_lit(h, "</span>");
}

static void
funding_list(struct req *rq, struct html *h, const struct plan_item *it)
{
	html_lit(h, "<ul class=\"funding\">");
	for (int f = 0; f < FUND__COUNT; f++) {
		if (it->funding[f] == 0)
			continue;
		html_lit(h, "<li>");
		html_text(h, req_tf(rq, MSG_WK_FUND_PART, plan_fund_text(rq, (enum fund_source)f), req_amount(rq, it->funding[f])));
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>");
}

static void
state_options(struct req *rq, struct html *h, enum work_state now)
{
	form_select_open(h, "state", T(rq, WK_STATE));
	for (int s = now; s <= WS_COMPLETED && s <= (int)now + 1; s++)
		form_option(h, work_state_names[s], work_state_text(rq, (enum work_state)s), s == (int)now);
	html_lit(h, "</select></p>");
}

static void
staff_forms(struct req *rq, struct html *h, const struct work *w, const struct work_milestone *ms, size_t nms)
{
	const char *base = arena_printf(rq->a, "/works/%lld", (long long)w->id);
	html_lit(h, "<section class=\"step\"><h3>");
	html_text(h, T(rq, WK_UPDATE));
	html_lit(h, "</h3>");
	form_begin(rq, h, base);
	state_options(rq, h, w->state);
	form_input(h, "progress", T(rq, WK_PROGRESS_PCT), "number", arena_printf(rq->a, "%d", w->progress), false, "off");
	form_input(h, "contractor", T(rq, WK_CONTRACTOR), "text", w->contractor, false, "off");
	form_input(h, "starts_on", T(rq, WK_STARTS_ON), "date", w->starts_on ? day_text(rq, w->starts_on) : "", false,
	           "off");
	form_input(h, "ends_on", T(rq, WK_ENDS_ON), "date", w->ends_on ? day_text(rq, w->ends_on) : "", false, "off");
	form_submit(h, T(rq, WK_SAVE));
	form_end(h);
	html_lit(h, "</section><section class=\"step\"><h3>");
	html_text(h, T(rq, WK_MS_ADD));
	html_lit(h, "</h3>");
	form_begin(rq, h, arena_printf(rq->a, "%s/milestones", base));
	form_input(h, "title", T(rq, WK_MS_TITLE), "text", NULL, true, "off");
	form_input(h, "due_on", T(rq, WK_MS_DUE_ON), "date", NULL, false, "off");
	form_submit(h, T(rq, WK_MS_ADD));
	form_end(h);
	html_lit(h, "</section>");
	(void)ms;
	(void)nms;
	if (w->state == WS_COMPLETED) {
		html_lit(h, "<section class=\"step\"><h3>");
		html_text(h, T(rq, WK_ACCEPT));
		html_lit(h, "</h3>");
		form_begin(rq, h, arena_printf(rq->a, "%s/accept", base));
		form_textarea(h, "note", T(rq, WK_ACCEPTANCE), NULL, 4, TEXT_MAX, true);
		form_submit(h, T(rq, WK_ACCEPT));
		form_end(h);
		html_lit(h, "</section>");
	}
}

static void
inspection_form(struct req *rq, struct html *h, const struct work *w)
{
	struct category *cats = NULL;
	size_t nc = 0;
	store_categories(rq->db, rq->a, rq->community_id, &cats, &nc);
	html_lit(h, "<section class=\"step\"><h3>");
	html_text(h, T(rq, WK_RECORD_INSPECTION));
	html_lit(h, "</h3>");
	form_begin_multipart(rq, h, arena_printf(rq->a, "/works/%lld/inspections", (long long)w->id));
	form_input(h, "inspected_on", T(rq, WK_INSPECTED_ON), "date", day_text(rq, day_start_local(db_now())), true, "off");
	form_select_open(h, "severity", T(rq, WK_SEVERITY));
	for (int s = 0; s < SEV__COUNT; s++)
		form_option(h, severity_names[s], severity_text(rq, (enum severity)s), s == SEV_NOTE);
	html_lit(h, "</select></p>");
	form_textarea(h, "findings", T(rq, WK_FINDINGS), NULL, 4, TEXT_MAX, true);
	html_lit(h, "<p class=\"field check\"><label><input type=\"checkbox\" name=\"problem\" value=\"1\"> ");
	html_text(h, T(rq, WK_MAKE_PROBLEM));
	html_lit(h, "</label></p>");
	form_select_open(h, "category", T(rq, WK_PROBLEM_CATEGORY));
	form_option(h, "", "—", true);
	for (size_t i = 0; i < nc; i++)
		form_option(h, cats[i].code, problem_category_text(rq, cats[i].name, cats[i].name_en), false);
	html_lit(h, "</select></p><p class=\"field\"><label for=\"f-photo\">");
	html_text(h, T(rq, WK_PHOTOS));
	html_lit(h, "</label><input id=\"f-photo\" type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png\" "
	             "multiple></p>");
	form_submit(h, T(rq, WK_RECORD_INSPECTION));
	form_end(h);
	html_lit(h, "</section>");
}

static void
rating_form(struct req *rq, struct html *h, const struct work *w)
{
	int mine = store_work_rating_of(rq->db, rq->community_id, w->id, rq->actor.id);
	html_lit(h, "<section class=\"step\"><h3>");
	html_text(h, T(rq, WK_RATE));
	html_lit(h, "</h3>");
	if (mine) {
		html_lit(h, "<p>");
		html_text(h, req_tf(rq, MSG_WK_YOUR_RATING, mine));
		html_lit(h, "</p>");
	}
	form_begin(rq, h, arena_printf(rq->a, "/works/%lld/ratings", (long long)w->id));
	html_lit(h, "<fieldset class=\"choices\"><legend>");
	html_text(h, T(rq, WK_RATING));
	html_lit(h, "</legend>");
	for (int r = 5; r >= 1; r--) {
		html_lit(h, "<label><input type=\"radio\" name=\"rating\" required value=\"");
		html_int(h, r);
		html_lit(h, "\"");
		if (r == (mine ? mine : 5))
			html_lit(h, " checked");
		html_lit(h, "> ");
		html_text(h, req_tf(rq, MSG_WK_RATING_N, r));
		html_lit(h, "</label>");
	}
	html_lit(h, "</fieldset>");
	form_textarea(h, "comment", T(rq, WK_COMMENT), NULL, 3, COMMENT_MAX, false);
	form_submit(h, T(rq, WK_RATE));
	form_end(h);
	html_lit(h, "</section>");
}

static const char *
done_notice(struct req *rq)
{
	const char *d = req_query(rq, "done");
	if (d == NULL)
		return NULL;
	if (strcmp(d, "inspection") == 0)
		return T(rq, WK_DONE_INSPECTION);
	if (strcmp(d, "rated") == 0)
		return T(rq, WK_DONE_RATED);
	if (strcmp(d, "accepted") == 0)
		return T(rq, WK_DONE_ACCEPTED);
	if (strcmp(d, "paid") == 0)
		return T(rq, WP_DONE_PAID);
	if (strcmp(d, "corrected") == 0)
		return T(rq, WP_DONE_CORRECTED);
	return T(rq, WK_DONE_SAVED);
}

/* The page, with notice (an error when is_error) on top; rq->status is kept (a refused form). */
static int
render_work(struct req *rq, const char *notice, bool is_error)
{
	struct work w;
	struct item_state st;
	struct work_milestone *ms;
	struct inspection *ins;
	struct inspection_photo *ph;
	size_t nms, nin, nph;
	int status = rq->status;
	rq->err = YL_OK;
	if (work_load(rq, &w, &st) < 0)
		return -1;
	enum yl_err rc;
	if ((rc = store_work_milestones(rq->db, rq->a, rq->community_id, w.id, &ms, &nms)) != YL_OK ||
	    (rc = store_inspections(rq->db, rq->a, rq->community_id, w.id, &ins, &nin)) != YL_OK ||
	    (rc = store_inspection_photos(rq->db, rq->a, rq->community_id, w.id, &ph, &nph)) != YL_OK)
		return req_error(rq, rc);
	const struct plan_item *it = &st.row.it;
	bool manage = req_may(rq, PERM_PLAN_MANAGE);

	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_WK_TITLE, *it->title ? it->title : req_tf(rq, MSG_WK_ITEM_NO, (long long)w.item_key)));
	rq->status = status;
	if (notice)
		page_notice(&h, notice, is_error);
	html_lit(&h, "<p class=\"lead state\">");
	html_text(&h, work_state_text(rq, w.state));
	html_lit(&h, " · ");
	progress_bar(rq, &h, w.progress);
	html_lit(&h, "</p>");
	if (it->description && *it->description) {
		html_lit(&h, "<p class=\"description\">");
		html_text(&h, it->description);
		html_lit(&h, "</p>");
	}
	html_lit(&h, "<dl class=\"facts\">");
	page_fact(&h, T(rq, WK_ITEM), req_tf(rq, MSG_WK_ITEM_NO, (long long)w.item_key));
	if (*it->title) {
		page_fact(&h, T(rq, PL_CLASS), arena_printf(rq->a, "%s · %s", plan_class_text(rq, it->klass),
		                                          it->mandatory ? T(rq, WK_MANDATORY) : T(rq, WK_OPTIONAL)));
		page_fact(&h, T(rq, WK_WHERE), plan_place_text(rq, &st.row));
		page_fact(&h, T(rq, WK_APPROVAL), plan_status_text(rq, st.status));
		page_fact(&h, T(rq, WK_COST), req_tf(rq, MSG_WK_YUAN, req_amount(rq, it->cost)));
		html_lit(&h, "<dt>");
		html_text(&h, T(rq, PL_FUNDING));
		html_lit(&h, "</dt><dd>");
		funding_list(rq, &h, it);
		html_lit(&h, "</dd>");
	}
	page_fact(&h, T(rq, WK_CONTRACTOR), *w.contractor ? w.contractor : T(rq, WK_NOT_SET));
	page_fact(&h, T(rq, WK_SCHEDULE), schedule_text(rq, &w));
	if (w.accepted_at) {
		page_fact(&h, T(rq, WK_ACCEPTED_ON), day_text(rq, w.accepted_at));
		page_fact(&h, T(rq, WK_ACCEPTANCE), w.acceptance_note);
	}
	page_fact(&h, T(rq, WK_RATINGS), w.ratings ? req_tf(rq, MSG_WK_RATING_AVG, rating_average(rq, &w), (long long)w.ratings)
	                                        : T(rq, WK_NO_RATINGS));
	html_lit(&h, "</dl>");

	html_lit(&h, "<h2>");
	html_text(&h, T(rq, WK_MILESTONES));
	html_lit(&h, "</h2>");
	if (nms == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, WK_NO_MILESTONES));
		html_lit(&h, "</p>");
	} else {
		html_lit(&h, "<ul class=\"history milestones\">");
		for (size_t i = 0; i < nms; i++) {
			html_lit(&h, "<li>");
			html_text(&h, ms[i].title);
			html_lit(&h, " — ");
			if (ms[i].due_on)
				html_text(&h, req_tf(rq, MSG_WK_MS_DUE, day_text(rq, ms[i].due_on)));
			html_lit(&h, " · ");
			html_text(&h, ms[i].done_on ? req_tf(rq, MSG_WK_MS_DONE, day_text(rq, ms[i].done_on)) : T(rq, WK_MS_OPEN));
			if (manage && !ms[i].done_on) {
				form_begin(rq, &h, arena_printf(rq->a, "/works/%lld/milestones/%lld/done", (long long)w.id,
				                                (long long)ms[i].id));
				html_lit(&h, "<button class=\"btn small\" type=\"submit\">");
				html_text(&h, T(rq, WK_MS_MARK_DONE));
				html_lit(&h, "</button>");
				form_end(&h);
			}
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ul>");
	}

	html_lit(&h, "<h2>");
	html_text(&h, T(rq, WK_INSPECTIONS));
	html_lit(&h, "</h2>");
	if (nin == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, WK_NO_INSPECTIONS));
		html_lit(&h, "</p>");
	}
	for (size_t i = 0; i < nin; i++) {
		html_lit(&h, "<article class=\"inspection\"><h3>");
		html_text(&h, day_text(rq, ins[i].inspected_on));
		html_lit(&h, " · ");
		html_text(&h, severity_text(rq, ins[i].severity));
		html_lit(&h, "</h3><p>");
		html_text(&h, ins[i].findings);
		html_lit(&h, "</p><p>");
		html_text(&h, req_tf(rq, MSG_WK_INSPECTOR, ins[i].inspector));
		html_lit(&h, "</p>");
		if (ins[i].problem_id) {
			html_lit(&h, "<p><a href=\"");
			html_url(&h, arena_printf(rq->a, "/problems/%lld", (long long)ins[i].problem_id));
			html_lit(&h, "\">");
			html_text(&h, req_tf(rq, MSG_WK_PROBLEM_LINK, (long long)ins[i].problem_id));
			html_lit(&h, "</a></p>");
		}
		int shown = 0;
		for (size_t k = 0; k < nph; k++) {
			if (ph[k].inspection_id != ins[i].id)
				continue;
			if (shown++ == 0)
				html_lit(&h, "<div class=\"photos\">");
			const char *src = arena_printf(rq->a, "/works/inspection-photos/%lld", (long long)ph[k].id);
			html_lit(&h, "<a href=\"");
			html_url(&h, src);
			html_lit(&h, "\"><img src=\"");
			html_url(&h, src);
			html_lit(&h, "\" alt=\"");
			html_attr(&h, req_tf(rq, MSG_WK_PHOTO, shown));
			html_lit(&h, "\" width=\"");
			html_int(&h, ph[k].width > 320 ? 320 : ph[k].width);
			html_lit(&h, "\" loading=\"lazy\"></a>");
		}
		if (shown)
			html_lit(&h, "</div>");
		html_lit(&h, "</article>");
	}

	work_payments_section(rq, &h, &w, it->cost);
	if (manage && w.state != WS_ACCEPTED)
		staff_forms(rq, &h, &w, ms, nms);
	if (req_may(rq, PERM_INSPECT) && volunteer_may_inspect(rq))
		inspection_form(rq, &h, &w);
	if ((w.state == WS_COMPLETED || w.state == WS_ACCEPTED) && req_may(rq, PERM_WORK_RATE))
		rating_form(rq, &h, &w);
	return page_end(rq, &h);
}

int
work_page(struct req *rq)
{
	return render_work(rq, done_notice(rq), false);
}

int
work_form_answer(struct req *rq, int r, int64_t work_id, const char *done)
{
	if (r < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = rq->err == ERR_TOOLARGE ? 413 : req_form_status(rq);
		return render_work(rq, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/works/%lld?done=%s", (long long)work_id, done));
}

int
work_update_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return work_form_answer(rq, work_update(rq, NULL, &id), id, "saved");
}

int
work_milestone_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return work_form_answer(rq, milestone_add(rq, NULL, &id), id, "saved");
}

int
work_milestone_done_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return work_form_answer(rq, milestone_done(rq, &id), id, "saved");
}

int
work_accept_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return work_form_answer(rq, work_accept(rq, NULL, &id), id, "accepted");
}

int
work_rating_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	return work_form_answer(rq, work_rate(rq, NULL, &id), id, "rated");
}

int
work_inspection_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	struct inspection_input v;
	struct work w;
	struct item_state st;
	struct image_upload up = {0};
	int64_t iid;
	/* photos are checked and written before the transaction (uploads.h) */
	int r = volunteer_inspect_check(rq);
	if (r == 0)
		r = check_inspection(rq, NULL, &v);
	if (r == 0)
		r = work_load(rq, &w, &st);
	if (r == 0)
		r = upload_images(rq, "photo", INSPECTION_PHOTOS, &up);
	if (r == 0)
		r = record_inspection(rq, &w, &st, &v, &up, &iid);
	return work_form_answer(rq, r, id, "inspection");
}

int
inspection_photo(struct req *rq)
{
	int64_t cid;
	struct inspection_photo ph;
	enum yl_err rc = store_inspection_photo_get(rq->db, rq->a, req_param_id(rq, "id"), &cid, &ph);
	if (rc == YL_OK && cid != rq->community_id)
		rc = ERR_NOTFOUND;
	unsigned char *bytes;
	size_t n;
	if (rc == YL_OK)
		rc = files_read(rq->a, ph.file, &bytes, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_bytes(rq, 200, ph.mime, bytes, n);
}

/* The community's works ----------------------------------------------------------------------- */

int
works_page(struct req *rq)
{
	struct work *v;
	size_t n;
	enum yl_err rc = store_works(rq->db, rq->a, rq->community_id, 0, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, WK_WORKS));
	if (n == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, WK_NO_WORKS));
		html_lit(&h, "</p>");
	} else {
		html_lit(&h, "<ul class=\"history works\">");
		for (size_t i = 0; i < n; i++) {
			struct item_state st;
			const char *title = store_plan_item_state(rq->db, rq->a, rq->community_id, v[i].plan_id, v[i].item_key,
			                                          &st) == YL_OK
			                            ? st.row.it.title
			                            : req_tf(rq, MSG_WK_ITEM_NO, (long long)v[i].item_key);
			html_lit(&h, "<li><a href=\"");
			html_url(&h, arena_printf(rq->a, "/works/%lld", (long long)v[i].id));
			html_lit(&h, "\">");
			html_text(&h, title);
			html_lit(&h, "</a> · ");
			html_text(&h, work_state_text(rq, v[i].state));
			html_lit(&h, " · ");
			progress_bar(rq, &h, v[i].progress);
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ul>");
	}
	html_lit(&h, "<p><a href=\"");
	html_url(&h, arena_printf(rq->a, "/progress/%lld", (long long)rq->community_id));
	html_lit(&h, "\">");
	html_text(&h, T(rq, WK_NAV));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

/* The public progress page --------------------------------------------------------------------- */

/* The newest inspection photos of a work (at most four): site photos are the public's to see
 * (DESIGN: supervision in the open); they carry no metadata, and the page names nobody. */
static void
public_photos(struct req *rq, struct html *h, const struct work *w)
{
	struct inspection_photo *ph;
	size_t n = 0;
	if (store_inspection_photos(rq->db, rq->a, rq->community_id, w->id, &ph, &n) != YL_OK || n == 0)
		return;
	html_lit(h, "<dt>");
	html_text(h, T(rq, WK_SITE_PHOTOS));
	html_lit(h, "</dt><dd class=\"photos\">");
	int shown = 0;
	for (size_t k = n; k-- > 0 && shown < 4;) {
		const char *src = arena_printf(rq->a, "/works/inspection-photos/%lld", (long long)ph[k].id);
		html_lit(h, "<a href=\"");
		html_url(h, src);
		html_lit(h, "\"><img src=\"");
		html_url(h, src);
		html_lit(h, "\" alt=\"");
		html_attr(h, req_tf(rq, MSG_WK_PHOTO, ++shown));
		html_lit(h, "\" width=\"");
		html_int(h, ph[k].width > 240 ? 240 : ph[k].width);
		html_lit(h, "\" loading=\"lazy\"></a>");
	}
	html_lit(h, "</dd>");
}

/* One item as the public sees it: no person's name (PIPL; DOMAIN.md §8) — not the inspector,
 * not who accepted; the contractor is a company. */
static void
public_item(struct req *rq, struct html *h, const struct item_state *st, const struct work *w)
{
	const struct plan_item *it = &st->row.it;
	html_lit(h, "<section class=\"item\"><h3>");
	html_text(h, req_tf(rq, MSG_WK_ITEM_NO, (long long)it->key));
	html_lit(h, " ");
	html_text(h, it->title);
	html_lit(h, "</h3><dl class=\"facts\">");
	page_fact(h, T(rq, PL_CLASS), arena_printf(rq->a, "%s · %s", plan_class_text(rq, it->klass),
	                                        it->mandatory ? T(rq, WK_MANDATORY) : T(rq, WK_OPTIONAL)));
	page_fact(h, T(rq, WK_WHERE), plan_place_text(rq, &st->row));
	page_fact(h, T(rq, WK_COST), req_tf(rq, MSG_WK_YUAN, req_amount(rq, it->cost)));
	html_lit(h, "<dt>");
	html_text(h, T(rq, PL_FUNDING));
	html_lit(h, "</dt><dd>");
	funding_list(rq, h, it);
	html_lit(h, "</dd>");
	page_fact(h, T(rq, WP_H), work_paid_text(rq, it->cost, w ? w->paid : 0));
	page_fact(h, T(rq, WK_APPROVAL), plan_status_text(rq, st->status));
	html_lit(h, "<dt>");
	html_text(h, T(rq, WK_STATE));
	html_lit(h, "</dt><dd>");
	if (w == NULL) {
		html_text(h, T(rq, WK_NO_WORK));
	} else {
		html_text(h, work_state_text(rq, w->state));
		if (w->state != WS_PLANNED) {
			html_lit(h, " · ");
			progress_bar(rq, h, w->progress);
		}
	}
	html_lit(h, "</dd>");
	if (w) {
		if (*w->contractor)
			page_fact(h, T(rq, WK_CONTRACTOR), w->contractor);
		page_fact(h, T(rq, WK_SCHEDULE), schedule_text(rq, w));
		html_lit(h, "<dt>");
		html_text(h, T(rq, WK_INSPECTIONS));
		html_lit(h, "</dt><dd>");
		html_text(h, req_tn(rq, MSG_WK_INSPECTION_COUNT, w->inspections, (long long)w->inspections));
		if (w->inspections) {
			int s = severity_from_name(w->latest_severity);
			html_lit(h, "<br>");
			html_text(h, req_tf(rq, MSG_WK_LATEST, severity_text(rq, s < 0 ? SEV_NOTE : (enum severity)s),
			                    w->latest_findings));
		}
		html_lit(h, "</dd>");
		if (w->photos)
			public_photos(rq, h, w);
		if (w->ratings)
			page_fact(h, T(rq, WK_RATINGS), req_tf(rq, MSG_WK_RATING_AVG, rating_average(rq, w), (long long)w->ratings));
	}
	html_lit(h, "</dl>");
	if (w && rq->actor.id && req_may(rq, PERM_PLAN_READ)) {
		html_lit(h, "<p class=\"actions\"><a href=\"");
		html_url(h, arena_printf(rq->a, "/works/%lld", (long long)w->id));
		html_lit(h, "\">");
		html_text(h, T(rq, WK_DETAILS));
		html_lit(h, "</a></p>");
	}
	html_lit(h, "</section>");
}

/* One plan as the public sees it: the version in force (adopted, else the newest published),
 * its totals, and every item with its work. */
static enum yl_err
public_plan(struct req *rq, struct html *h, const struct plan *p)
{
	int64_t number = p->adopted_version ? p->adopted_version : p->published;
	struct plan_version ver;
	struct item_state *items = NULL;
	struct work *works = NULL;
	size_t ni = 0, nw = 0;
	enum yl_err rc = store_plan_version(rq->db, rq->a, rq->community_id, p->id, number, &ver);
	if (rc == YL_OK)
		rc = store_plan_item_states(rq->db, rq->a, rq->community_id, p, &ver, &items, &ni);
	if (rc == YL_OK)
		rc = store_works(rq->db, rq->a, rq->community_id, p->id, &works, &nw);
	if (rc != YL_OK)
		return rc;
	html_lit(h, "<h2>");
	html_text(h, req_tf(rq, p->adopted_version ? MSG_WK_VERSION_ADOPTED : MSG_WK_VERSION_PUBLISHED, p->title,
	                    (long long)number));
	html_lit(h, "</h2>");
	/* the plan's totals first: what it costs, who pays and what was paid on its works */
	struct plan_item total = {0};
	int64_t paid = 0;
	for (size_t i = 0; i < ni; i++) {
		total.cost += items[i].row.it.cost;
		for (int f = 0; f < FUND__COUNT; f++)
			total.funding[f] += items[i].row.it.funding[f];
	}
	for (size_t i = 0; i < nw; i++)
		paid += works[i].paid;
	html_lit(h, "<dl class=\"facts\">");
	page_fact(h, T(rq, WK_TOTAL), req_tf(rq, MSG_WK_YUAN, req_amount(rq, total.cost)));
	html_lit(h, "<dt>");
	html_text(h, T(rq, PL_FUNDING));
	html_lit(h, "</dt><dd>");
	funding_list(rq, h, &total);
	html_lit(h, "</dd>");
	page_fact(h, T(rq, WP_H), work_paid_text(rq, total.cost, paid));
	html_lit(h, "</dl>");
	/* items and works both in key order: one walk */
	size_t k = 0;
	for (size_t i = 0; i < ni; i++) {
		while (k < nw && works[k].item_key < items[i].row.it.key)
			k++;
		public_item(rq, h, &items[i], k < nw && works[k].item_key == items[i].row.it.key ? &works[k] : NULL);
	}
	return YL_OK;
}

int
progress_page(struct req *rq)
{
	if (rq->community_id == 0)
		return req_error(rq, ERR_NOTFOUND);
	struct plan *ps;
	size_t n;
	enum yl_err rc = store_plans(rq->db, rq->a, rq->community_id, &ps, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_WK_PUBLIC_TITLE, rq->community_name ? rq->community_name : ""));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, WK_PUBLIC_LEAD));
	html_lit(&h, "</p>");
	/* every plan with a version in force: the one being consulted on first, then those adopted */
	size_t shown = 0;
	for (size_t i = 0; i < n && rc == YL_OK; i++)
		if (ps[i].adopted_version || ps[i].published) {
			rc = public_plan(rq, &h, &ps[i]);
			shown++;
		}
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (shown == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, WK_NO_PLAN));
		html_lit(&h, "</p>");
	}
	return page_end(rq, &h);
}
