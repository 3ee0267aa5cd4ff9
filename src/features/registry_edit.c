/* registry_edit.c: one unit by hand. The form's fields are the import's columns, and the form is
 * checked and applied as a one-row import, so a unit typed in and a unit imported obey exactly
 * the same rules and leave the same audit rows. */
#include "registry_edit.h"
#include "registry_import.h"
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../core/registry.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

static const char *const columns[] = {"building", "stairwell", "floor", "room", "area_m2",
                                      "area_source", "owner_ref", "owner_name", "owner_kind", "status"};
#define NCOLS (sizeof columns / sizeof columns[0])

static const enum msg labels[NCOLS] = {MSG_REG_BUILDING, MSG_REG_STAIRWELL, MSG_REG_FLOOR, MSG_REG_ROOM,
                                       MSG_REG_AREA, MSG_REG_AREA_SOURCE, MSG_REG_OWNER_REF, MSG_REG_OWNER,
                                       MSG_REG_OWNER_KIND, MSG_REG_STATUS};


/* The values shown in the form: what was posted, else the unit's, else empty. */
struct values {
	const char *v[NCOLS];
};

static void
from_unit(struct req *rq, const struct unit *u, struct values *out)
{
	char area[24];
	dec_format(u->area, area);
	const char *vals[NCOLS] = {u->building, u->stairwell, arena_printf(rq->a, "%d", u->floor), u->room,
	                           arena_strdup(rq->a, area), area_source_names[u->area_source], u->owner_ref,
	                           u->owner_name, owner_kind_names[u->owner_kind], unit_status_names[u->status]};
	memcpy(out->v, vals, sizeof vals);
}

static void
from_form(struct req *rq, struct values *out)
{
	for (size_t i = 0; i < NCOLS; i++) {
		const char *v = req_form(rq, columns[i]);
		out->v[i] = v ? v : "";
	}
}

static void
choice(struct req *rq, struct html *h, size_t col, const char *const *names, int n, const enum msg *msgs,
       const char *value)
{
	html_lit(h, "<p class=\"field\"><label for=\"f-");
	html_attr(h, columns[col]);
	html_lit(h, "\">");
	html_text(h, i18n_get(rq->lang, labels[col]));
	html_lit(h, "</label><select id=\"f-");
	html_attr(h, columns[col]);
	html_lit(h, "\" name=\"");
	html_attr(h, columns[col]);
	html_lit(h, "\">");
	for (int i = 0; i < n; i++) {
		html_lit(h, "<option value=\"");
		html_attr(h, names[i]);
		html_lit(h, "\"");
		if (strcmp(names[i], value) == 0)
			html_lit(h, " selected");
		html_lit(h, ">");
		html_text(h, i18n_get(rq->lang, msgs[i]));
		html_lit(h, "</option>");
	}
	html_lit(h, "</select></p>");
}

static int
form_page(struct req *rq, const char *title, const char *action, const struct values *v, bool key_fixed,
          const char *error)
{
	static const enum msg src_msgs[] = {MSG_SRC_REGISTER, MSG_SRC_SURVEY, MSG_SRC_CONTRACT};
	static const enum msg status_msgs[] = {MSG_STATUS_DELIVERED, MSG_STATUS_UNSOLD, MSG_STATUS_UNDELIVERED};
	static const enum msg kind_msgs[] = {MSG_KIND_PERSON, MSG_KIND_ORGANIZATION, MSG_KIND_DEVELOPER};
	struct html h;
	page_begin(rq, &h, title);
	if (error)
		page_notice(&h, error, true);
	form_begin(rq, &h, action);
	for (size_t i = 0; i < NCOLS; i++) {
		const char *label = i18n_get(rq->lang, labels[i]);
		if (strcmp(columns[i], "area_source") == 0)
			choice(rq, &h, i, area_source_names, AREA__COUNT, src_msgs, v->v[i]);
		else if (strcmp(columns[i], "status") == 0)
			choice(rq, &h, i, unit_status_names, UNIT__COUNT, status_msgs, v->v[i]);
		else if (strcmp(columns[i], "owner_kind") == 0)
			choice(rq, &h, i, owner_kind_names, OWNER__COUNT, kind_msgs, v->v[i]);
		else if (key_fixed && i != 2 && i < 4) {
			/* building, stairwell and room name the unit; they are shown, not edited */
			html_lit(&h, "<input type=\"hidden\" name=\"");
			html_attr(&h, columns[i]);
			html_lit(&h, "\" value=\"");
			html_attr(&h, v->v[i]);
			html_lit(&h, "\">");
		} else
			form_input(&h, columns[i], label, i == 2 || i == 4 ? "text" : "text", v->v[i], i < 5,
			           "off");
	}
	form_submit(&h, T(rq, SAVE));
	form_end(&h);
	return page_end(rq, &h);
}

/* Quotes a value for the one-row CSV. */
static void
csv_field(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* Checks the posted form as a one-row import; on a problem, *error is the first one, named by
 * its field. */
static int
check(struct req *rq, const struct values *v, struct import_result *r, const char **error)
{
	struct buf b;
	buf_init(&b, rq->a, 512);
	for (size_t i = 0; i < NCOLS; i++) {
		buf_adds(&b, columns[i]);
		buf_addc(&b, i + 1 < NCOLS ? ',' : '\n');
	}
	for (size_t i = 0; i < NCOLS; i++) {
		csv_field(&b, v->v[i]);
		buf_addc(&b, i + 1 < NCOLS ? ',' : '\n');
	}
	import_parse(rq->a, b.p, b.len, r);
	if (r->nerrors == 0)
		return 0;
	const struct import_error *e = &r->errors[0];
	const char *label = e->field;
	for (size_t i = 0; i < NCOLS; i++)
		if (strcmp(columns[i], e->field) == 0)
			label = i18n_get(rq->lang, labels[i]);
	*error = arena_printf(rq->a, "%s: %s", label, import_problem_text(rq, e->problem));
	rq->err_field = e->field;
	return -1;
}

static enum yl_err
save(struct req *rq, const struct import_result *r)
{
	struct audit_actor who = {rq->actor.id, rq->actor.name};
	struct import_summary sum;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_end(rq->db, store_import_apply(rq->db, rq->community_id, r, &who, &sum));
	return rc;
}

int
unit_new_page(struct req *rq)
{
	struct values v = {{"", "", "", "", "", "register", "", "", "person", "delivered"}};
	return form_page(rq, T(rq, UNIT_NEW), "/registry/units", &v, false, NULL);
}

int
unit_create_form(struct req *rq)
{
	struct values v;
	from_form(rq, &v);
	struct import_result r;
	const char *error;
	if (check(rq, &v, &r, &error) < 0) {
		rq->status = 422;
		return form_page(rq, T(rq, UNIT_NEW), "/registry/units", &v, false, error);
	}
	int64_t id;
	if (store_unit_by_key(rq->db, rq->community_id, r.rows[0].building, r.rows[0].stairwell, r.rows[0].room, &id) ==
	    YL_OK) {
		rq->status = 409;
		return form_page(rq, T(rq, UNIT_NEW), "/registry/units", &v, false, T(rq, UNIT_EXISTS));
	}
	enum yl_err rc = save(rq, &r);
	if (rc == YL_OK)
		rc = store_unit_by_key(rq->db, rq->community_id, r.rows[0].building, r.rows[0].stairwell, r.rows[0].room, &id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, arena_printf(rq->a, "/registry/units/%lld?saved=1", (long long)id));
}

int
unit_edit_page(struct req *rq)
{
	struct unit u;
	enum yl_err rc = store_unit_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &u);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct values v;
	from_unit(rq, &u, &v);
	return form_page(rq, req_tf(rq, MSG_UNIT_TITLE, u.building, u.stairwell, u.room),
	                 arena_printf(rq->a, "/registry/units/%lld", (long long)u.id), &v, true, NULL);
}

int
unit_update_form(struct req *rq)
{
	struct unit u;
	int64_t id = req_param_id(rq, "id");
	enum yl_err rc = store_unit_get(rq->db, rq->a, rq->community_id, id, &u);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct values v;
	from_form(rq, &v);
	/* the unit's own key, whatever the form claims */
	v.v[0] = u.building;
	v.v[1] = u.stairwell;
	v.v[3] = u.room;
	struct import_result r;
	const char *error;
	const char *title = req_tf(rq, MSG_UNIT_TITLE, u.building, u.stairwell, u.room);
	const char *action = arena_printf(rq->a, "/registry/units/%lld", (long long)id);
	if (check(rq, &v, &r, &error) < 0) {
		rq->status = 422;
		return form_page(rq, title, action, &v, true, error);
	}
	if ((rc = save(rq, &r)) != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, arena_printf(rq->a, "/registry/units/%lld?saved=1", (long long)id));
}
