/* registry.c: staff and heads' pages for units and owners: the filtered list, one unit with its
 * owner, residents and history, adding residents, assigning heads to buildings. Names and
 * phones are masked for anyone without PERM_PERSONAL_DATA over that building (PIPL). */
#include "registry.h"
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../core/registry.h"
#include "../core/timefmt.h"
#include "../store/accounts.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

#define PAGE_SIZE 50

static const enum msg src_msgs[AREA__COUNT] = {MSG_SRC_REGISTER, MSG_SRC_SURVEY, MSG_SRC_CONTRACT};
static const enum msg status_msgs[UNIT__COUNT] = {MSG_STATUS_DELIVERED, MSG_STATUS_UNSOLD, MSG_STATUS_UNDELIVERED};
static const enum msg kind_msgs[OWNER__COUNT] = {MSG_KIND_PERSON, MSG_KIND_ORGANIZATION, MSG_KIND_DEVELOPER};

static const char *
area_text(struct req *rq, int64_t v)
{
	char b[24];
	dec_format(v, b);
	return arena_strdup(rq->a, b);
}

/* Whether this person owns or lives in the unit: their own household is not "other people". */
static bool
own_unit(struct req *rq, int64_t unit_id)
{
	const int64_t *ids;
	size_t n = req_own_units(rq, &ids);
	for (size_t i = 0; i < n; i++)
		if (ids[i] == unit_id)
			return true;
	return false;
}

static bool
may_see_person(struct req *rq, int64_t building_id, int64_t unit_id)
{
	struct target t = {rq->community_id, building_id, 0, false};
	return req_allowed(rq, PERM_PERSONAL_DATA, &t) || (unit_id && own_unit(rq, unit_id));
}

/* A name or phone as this viewer may see it (PIPL: others' are masked). unit_id 0: a list row
 * that is never the viewer's own household. */
static const char *
shown_name(struct req *rq, const char *name, int64_t building_id, int64_t unit_id)
{
	return may_see_person(rq, building_id, unit_id) ? name : mask_name(rq->a, name);
}

static const char *
shown_phone(struct req *rq, const char *phone, int64_t building_id, int64_t unit_id)
{
	return may_see_person(rq, building_id, unit_id) ? phone : mask_phone(rq->a, phone);
}

/* The buildings this viewer may list: all for community-wide grants, else a head's own. */
static bool
sees_whole_community(struct req *rq)
{
	struct target t = {rq->community_id, 0, 0, false};
	return req_allowed(rq, PERM_REGISTRY_READ, &t);
}

static bool
sees_building(struct req *rq, int64_t building_id)
{
	struct target t = {rq->community_id, building_id, 0, false};
	return req_allowed(rq, PERM_REGISTRY_READ, &t);
}

static void
unit_link(struct req *rq, struct html *h, const struct unit *u)
{
	html_lit(h, "<a href=\"");
	html_url(h, "/registry/units/");
	html_int(h, u->id);
	html_lit(h, "\">");
	html_text(h, u->building);
	html_text(h, u->stairwell);
	html_lit(h, " ");
	html_text(h, u->room);
	html_lit(h, "</a>");
}

int
registry_page(struct req *rq)
{
	struct community c;
	struct building *bs;
	size_t nb;
	enum yl_err rc = store_community_get(rq->db, rq->a, rq->community_id, &c);
	if (rc == YL_OK)
		rc = store_buildings(rq->db, rq->a, rq->community_id, &bs, &nb);
	if (rc != YL_OK)
		return req_error(rq, rc);

	struct unit_filter f = {.status = -1, .limit = PAGE_SIZE};
	int64_t v;
	const char *q = req_query(rq, "q");
	if (field_int(rq, "building", req_query(rq, "building"), MSG_REG_BUILDING, 0, INT32_MAX, false, &v) < 0)
		return req_fail(rq);
	f.building_id = v;
	if (field_int(rq, "offset", req_query(rq, "offset"), MSG_FIELD_OFFSET, 0, INT32_MAX, false, &f.offset) < 0)
		return req_fail(rq);
	if (field_text(rq, "q", q, MSG_REG_SEARCH, 64, false, &f.q) < 0)
		return req_fail(rq);
	const char *sw = req_query(rq, "stairwell");
	char swname[REG_NAME_MAX];
	if (sw && *sw) {
		if (!registry_stairwell(sw, swname))
			return req_invalid(rq, "stairwell", T(rq, IMP_BAD_STAIRWELL));
		f.stairwell = swname;
	}
	const char *status = req_query(rq, "status");
	f.status = status && *status ? registry_enum(unit_status_names, UNIT__COUNT, status) : -1;
	bool whole = sees_whole_community(rq);
	/* A head lists only their own buildings: pick the first when none is chosen. */
	if (!whole) {
		if (f.building_id == 0 || !sees_building(rq, f.building_id)) {
			f.building_id = 0;
			for (size_t i = 0; i < nb && f.building_id == 0; i++)
				if (sees_building(rq, bs[i].id))
					f.building_id = bs[i].id;
		}
		if (f.building_id == 0)
			return req_error(rq, ERR_FORBIDDEN);
	}
	struct unit *units;
	size_t nu;
	int64_t total;
	if ((rc = store_units(rq->db, rq->a, rq->community_id, &f, &units, &nu, &total)) != YL_OK)
		return req_error(rq, rc);

	struct html h;
	page_begin(rq, &h, T(rq, REG_TITLE));
	if (whole) {
		html_lit(&h, "<p class=\"lead\">");
		html_text(&h, req_tf(rq, MSG_REG_SUMMARY, c.name, (int)c.buildings, (int)c.units, (int)c.owners,
		                     area_text(rq, c.area)));
		html_lit(&h, "</p>");
	}
	struct target t = {rq->community_id, 0, 0, false};
	if (req_allowed(rq, PERM_REGISTRY_WRITE, &t) || req_allowed(rq, PERM_CODES_PRINT, &t)) {
		html_lit(&h, "<p class=\"actions\">");
		if (req_allowed(rq, PERM_REGISTRY_WRITE, &t)) {
			html_lit(&h, "<a class=\"btn\" href=\"/registry/import\">");
			html_text(&h, T(rq, REG_IMPORT));
			html_lit(&h, "</a> <a class=\"btn\" href=\"/registry/units/new\">");
			html_text(&h, T(rq, UNIT_NEW));
			html_lit(&h, "</a> ");
		}
		html_lit(&h, "<a class=\"btn\" href=\"/registry/codes\">");
		html_text(&h, T(rq, REG_PRINT_CODES));
		html_lit(&h, "</a></p>");
	}

	html_lit(&h, "<form class=\"filters\" method=\"get\" action=\"/registry\">");
	form_keep_community(rq, &h);
	form_select_open(&h, "building", T(rq, REG_BUILDING));
	if (whole)
		form_option(&h, "0", T(rq, REG_ANY), f.building_id == 0);
	for (size_t i = 0; i < nb; i++)
		if (whole || sees_building(rq, bs[i].id))
			form_option_id(&h, bs[i].id, bs[i].name, bs[i].id == f.building_id);
	html_lit(&h, "</select></p>");
	form_input(&h, "stairwell", T(rq, REG_STAIRWELL), "text", sw, false, "off");
	form_select_open(&h, "status", T(rq, REG_STATUS));
	form_option(&h, "", T(rq, REG_ANY), f.status < 0);
	for (int s = 0; s < UNIT__COUNT; s++)
		form_option(&h, unit_status_names[s], i18n_get(rq->lang, status_msgs[s]), f.status == s);
	html_lit(&h, "</select></p>");
	form_input(&h, "q", T(rq, REG_SEARCH), "search", f.q, false, "off");
	form_submit(&h, T(rq, REG_FILTER));
	html_lit(&h, "</form><h2>");
	html_text(&h, req_tn(rq, MSG_REG_UNITS_COUNT, total, (int)total));
	html_lit(&h, "</h2>");
	if (nu == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, REG_NONE));
		html_lit(&h, "</p>");
	} else {
		html_lit(&h, "<table class=\"list\"><thead><tr><th scope=\"col\">");
		html_text(&h, T(rq, REG_ROOM));
		html_lit(&h, "</th><th scope=\"col\">");
		html_text(&h, T(rq, REG_FLOOR));
		html_lit(&h, "</th><th scope=\"col\">");
		html_text(&h, T(rq, REG_AREA));
		html_lit(&h, "</th><th scope=\"col\">");
		html_text(&h, T(rq, REG_OWNER));
		html_lit(&h, "</th><th scope=\"col\">");
		html_text(&h, T(rq, REG_STATUS));
		html_lit(&h, "</th></tr></thead><tbody>");
		/* data-label: on a narrow screen each cell shows its column's name (CSS) */
		for (size_t i = 0; i < nu; i++) {
			html_lit(&h, "<tr><td data-label=\"");
			html_attr(&h, T(rq, REG_ROOM));
			html_lit(&h, "\">");
			unit_link(rq, &h, &units[i]);
			html_lit(&h, "</td><td data-label=\"");
			html_attr(&h, T(rq, REG_FLOOR));
			html_lit(&h, "\">");
			html_int(&h, units[i].floor);
			html_lit(&h, "</td><td class=\"num\" data-label=\"");
			html_attr(&h, T(rq, REG_AREA));
			html_lit(&h, "\">");
			html_text(&h, area_text(rq, units[i].area));
			html_lit(&h, "</td><td data-label=\"");
			html_attr(&h, T(rq, REG_OWNER));
			html_lit(&h, "\">");
			html_text(&h, shown_name(rq, units[i].owner_name, units[i].building_id, units[i].id));
			html_lit(&h, "</td><td data-label=\"");
			html_attr(&h, T(rq, REG_STATUS));
			html_lit(&h, "\">");
			html_text(&h, i18n_get(rq->lang, status_msgs[units[i].status]));
			html_lit(&h, "</td></tr>");
		}
		html_lit(&h, "</tbody></table>");
	}
	/* paging keeps the filter */
	struct buf base;
	buf_init(&base, rq->a, 128);
	buf_printf(&base, "/registry?building=%lld&stairwell=%s&status=", (long long)f.building_id,
	           f.stairwell ? f.stairwell : "");
	if (status)
		url_encode(&base, status, strlen(status));
	buf_adds(&base, "&q=");
	url_encode(&base, f.q, strlen(f.q));
	buf_adds(&base, community_arg(rq));
	html_lit(&h, "<p class=\"pager\">");
	if (f.offset > 0) {
		html_lit(&h, "<a href=\"");
		html_url(&h, arena_printf(rq->a, "%s&offset=%lld", base.p, (long long)(f.offset > PAGE_SIZE ? f.offset - PAGE_SIZE : 0)));
		html_lit(&h, "\">");
		html_text(&h, T(rq, REG_PREV));
		html_lit(&h, "</a> ");
	}
	if (f.offset + PAGE_SIZE < total) {
		html_lit(&h, "<a href=\"");
		html_url(&h, arena_printf(rq->a, "%s&offset=%lld", base.p, (long long)(f.offset + PAGE_SIZE)));
		html_lit(&h, "\">");
		html_text(&h, T(rq, REG_NEXT));
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>");

	if (req_allowed(rq, PERM_REGISTRY_WRITE, &t)) {
		html_lit(&h, "<h2>");
		html_text(&h, T(rq, HEADS_TITLE));
		html_lit(&h, "</h2>");
		form_begin(rq, &h, "/registry/heads");
		form_input(&h, "head", T(rq, HEADS_ACCOUNT), "text", NULL, true, "off");
		form_select_open(&h, "building_id", T(rq, REG_BUILDING));
		for (size_t i = 0; i < nb; i++)
			form_option_id(&h, bs[i].id, bs[i].name, false);
		html_lit(&h, "</select></p>");
		form_submit(&h, T(rq, HEADS_ASSIGN));
		form_end(&h);
	}
	return page_end(rq, &h);
}

int
registry_unit_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_unit_community(rq->db, id, &t->community_id, &t->building_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	t->unit_id = id;
	return 0;
}

static void
history(struct req *rq, struct html *h, int64_t unit_id)
{
	struct audit_filter f = {.community_id = rq->community_id, .object_type = "unit", .object_id = unit_id, .limit = 20};
	struct audit_item *items;
	size_t n;
	int64_t total;
	bool more;
	if (store_audit_list(rq->db, rq->a, &f, &items, &n, &more, &total) != YL_OK || n == 0)
		return;
	html_lit(h, "<h2>");
	html_text(h, T(rq, UNIT_HISTORY));
	html_lit(h, "</h2><ul class=\"history\">");
	for (size_t i = 0; i < n; i++) {
		char when[20];
		time_local(items[i].row.at, when);
		html_lit(h, "<li><time>");
		html_text(h, when);
		html_lit(h, "</time> ");
		html_text(h, items[i].row.action);
		html_lit(h, " · ");
		html_text(h, items[i].row.actor[0] ? items[i].row.actor : T(rq, AUDIT_SYSTEM));
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>");
}

static int
unit_page(struct req *rq, const char *notice, bool is_error)
{
	int64_t id = req_param_id(rq, "id");
	struct unit u;
	enum yl_err rc = store_unit_get(rq->db, rq->a, rq->community_id, id, &u);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct resident *rs;
	size_t nr;
	if ((rc = store_residents(rq->db, rq->a, rq->community_id, id, &rs, &nr)) != YL_OK)
		return req_error(rq, rc);

	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_UNIT_TITLE, u.building, u.stairwell, u.room));
	if (notice)
		page_notice(&h, notice, is_error);
	else if (req_query(rq, "added"))
		page_notice(&h, T(rq, UNIT_RESIDENT_ADDED), false);
	else if (req_query(rq, "saved"))
		page_notice(&h, T(rq, UNIT_SAVED), false);
	html_lit(&h, "<dl class=\"facts\"><dt>");
	html_text(&h, T(rq, REG_FLOOR));
	html_lit(&h, "</dt><dd>");
	html_int(&h, u.floor);
	html_lit(&h, "</dd><dt>");
	html_text(&h, T(rq, REG_AREA));
	html_lit(&h, "</dt><dd>");
	html_text(&h, area_text(rq, u.area));
	html_lit(&h, "</dd><dt>");
	html_text(&h, T(rq, REG_AREA_SOURCE));
	html_lit(&h, "</dt><dd>");
	html_text(&h, i18n_get(rq->lang, src_msgs[u.area_source]));
	html_lit(&h, "</dd><dt>");
	html_text(&h, T(rq, REG_STATUS));
	html_lit(&h, "</dt><dd>");
	html_text(&h, i18n_get(rq->lang, status_msgs[u.status]));
	html_lit(&h, "</dd><dt>");
	html_text(&h, T(rq, REG_OWNER));
	html_lit(&h, "</dt><dd>");
	html_text(&h, shown_name(rq, u.owner_name, u.building_id, u.id));
	html_lit(&h, " (");
	html_text(&h, i18n_get(rq->lang, kind_msgs[u.owner_kind]));
	html_lit(&h, ")</dd>");
	if (u.owner_phone[0]) {
		html_lit(&h, "<dt>");
		html_text(&h, T(rq, REG_PHONE));
		html_lit(&h, "</dt><dd>");
		html_text(&h, shown_phone(rq, u.owner_phone, u.building_id, u.id));
		html_lit(&h, "</dd>");
	}
	html_lit(&h, "</dl><h2>");
	html_text(&h, T(rq, UNIT_RESIDENTS));
	html_lit(&h, "</h2>");
	if (nr == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, UNIT_NO_RESIDENTS));
		html_lit(&h, "</p>");
	} else {
		html_lit(&h, "<ul class=\"residents\">");
		for (size_t i = 0; i < nr; i++) {
			html_lit(&h, "<li>");
			html_text(&h, shown_name(rq, rs[i].name, u.building_id, u.id));
			html_lit(&h, " · ");
			html_text(&h, rs[i].tenant ? T(rq, UNIT_TENANT) : T(rq, UNIT_CO_OWNER));
			if (rs[i].phone[0]) {
				html_lit(&h, " · ");
				html_text(&h, shown_phone(rq, rs[i].phone, u.building_id, u.id));
			}
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ul>");
	}
	struct target t = {rq->community_id, u.building_id, id, false};
	if (req_allowed(rq, PERM_REGISTRY_WRITE, &t)) {
		html_lit(&h, "<p><a class=\"btn\" href=\"");
		html_url(&h, arena_printf(rq->a, "/registry/units/%lld/edit", (long long)id));
		html_lit(&h, "\">");
		html_text(&h, T(rq, UNIT_EDIT));
		html_lit(&h, "</a></p><h2>");
		html_text(&h, T(rq, UNIT_ADD_RESIDENT));
		html_lit(&h, "</h2>");
		form_begin(rq, &h, arena_printf(rq->a, "/registry/units/%lld/residents", (long long)id));
		form_input(&h, "name", T(rq, ACCOUNT_DISPLAY), "text", NULL, true, "off");
		form_input(&h, "phone", T(rq, REG_PHONE), "tel", NULL, false, "off");
		form_select_open(&h, "kind", T(rq, UNIT_RESIDENT_KIND));
		form_option(&h, "owner", T(rq, UNIT_CO_OWNER), true);
		form_option(&h, "tenant", T(rq, UNIT_TENANT), false);
		html_lit(&h, "</select></p>");
		form_submit(&h, T(rq, UNIT_ADD_RESIDENT));
		form_end(&h);
	}
	if (req_allowed(rq, PERM_AUDIT_READ, &t) || req_allowed(rq, PERM_REGISTRY_READ, &t))
		history(rq, &h, id);
	return page_end(rq, &h);
}

int
registry_unit_page(struct req *rq)
{
	return unit_page(rq, NULL, false);
}

static bool
phone_ok(const char *s)
{
	size_t n = strlen(s);
	if (n > 20)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ' ' || s[i] == '-' || s[i] == '+'))
			return false;
	return true;
}

int
registry_resident_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	const char *name, *phone, *kind = req_form(rq, "kind");
	if (field_text(rq, "name", req_form(rq, "name"), MSG_FIELD_NAME, 32, true, &name) < 0 ||
	    field_text(rq, "phone", req_form(rq, "phone"), MSG_FIELD_PHONE, 20, false, &phone) < 0) {
		const char *m = rq->err_message;
		rq->err = YL_OK;
		rq->status = 422;
		return unit_page(rq, m, true);
	}
	if (!phone_ok(phone)) {
		rq->status = 422;
		return unit_page(rq, T(rq, ERR_BAD_PHONE), true);
	}
	if (kind == NULL || (strcmp(kind, "owner") != 0 && strcmp(kind, "tenant") != 0)) {
		rq->status = 422;
		return unit_page(rq, req_tf(rq, MSG_ERR_BAD_CHOICE, T(rq, UNIT_RESIDENT_KIND)), true);
	}
	int64_t rid = 0;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		rc = store_resident_add(rq->db, rq->community_id, id, name, phone, strcmp(kind, "tenant") == 0, 0, &rid);
		if (rc == YL_OK)
			rc = req_audit(rq, rq->community_id, "resident.add", "unit", id,
			               json_pack("{s:I, s:s}", "resident_id", (json_int_t)rid, "kind", kind));
		rc = store_end(rq->db, rc);
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, arena_printf(rq->a, "/registry/units/%lld?added=1", (long long)id));
}

int
registry_heads_form(struct req *rq)
{
	const char *name;
	int64_t bid;
	if (field_text(rq, "head", req_form(rq, "head"), MSG_HEADS_ACCOUNT, 64, true, &name) < 0 ||
	    field_int(rq, "building_id", req_form(rq, "building_id"), MSG_REG_BUILDING, 1, INT64_MAX / 2, true, &bid) < 0)
		return req_fail(rq);
	struct account acc;
	struct grant *g;
	size_t ng;
	bool is_head = false;
	if (store_account_by_name(rq->db, rq->a, name, &acc) == YL_OK &&
	    store_grants_load(rq->db, rq->a, acc.id, &g, &ng) == YL_OK)
		for (size_t i = 0; i < ng; i++)
			is_head |= g[i].role == ROLE_HEAD && g[i].community_id == rq->community_id;
	if (!is_head)
		return req_invalid(rq, "head", T(rq, ERR_NOT_A_HEAD));
	struct building *bs;
	size_t nb;
	bool found = false;
	if (store_buildings(rq->db, rq->a, rq->community_id, &bs, &nb) == YL_OK)
		for (size_t i = 0; i < nb; i++)
			found |= bs[i].id == bid;
	if (!found)
		return req_invalid(rq, "building_id", req_tf(rq, MSG_ERR_BAD_CHOICE, T(rq, REG_BUILDING)));
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		rc = store_head_assign(rq->db, rq->community_id, acc.id, bid);
		if (rc == YL_OK)
			rc = req_audit(rq, rq->community_id, "head.assign", "building", bid,
			               json_pack("{s:I}", "account_id", (json_int_t)acc.id));
		rc = store_end(rq->db, rc);
	}
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, "/registry");
}

/* See registry.h. */
int
registry_unit_input(struct req *rq, const char *s, int64_t *unit, int64_t *building)
{
	static const char DONG[] = "栋", DANYUAN[] = "单元";
	const char *d = strstr(s, DONG), *u = d ? strstr(d, DANYUAN) : NULL;
	char bpart[REG_NAME_MAX], spart[REG_NAME_MAX], bn[REG_NAME_MAX], sn[REG_NAME_MAX];
	size_t bl = d ? (size_t)(d - s) + sizeof DONG - 1 : 0;
	size_t sl = u ? (size_t)(u - d) - (sizeof DONG - 1) + sizeof DANYUAN - 1 : 0;
	if (d == NULL || u == NULL || bl >= sizeof bpart || sl >= sizeof spart)
		return req_errorf(rq, ERR_INVALID, "bad_unit", "unit", T(rq, REG_BAD_UNIT_ADDRESS));
	memcpy(bpart, s, bl);
	bpart[bl] = '\0';
	memcpy(spart, d + sizeof DONG - 1, sl);
	spart[sl] = '\0';
	const char *room = u + sizeof DANYUAN - 1;
	if (!registry_building(bpart, bn) || !registry_stairwell(spart, sn) || !registry_room(room))
		return req_errorf(rq, ERR_INVALID, "bad_unit", "unit", T(rq, REG_BAD_UNIT_ADDRESS));
	int64_t cid;
	if (store_unit_by_key(rq->db, rq->community_id, bn, sn, room, unit) != YL_OK ||
	    store_unit_community(rq->db, *unit, &cid, building) != YL_OK)
		return req_errorf(rq, ERR_INVALID, "unknown_unit", "unit", req_tf(rq, MSG_REG_NO_UNIT_ADDRESS, s));
	return 0;
}
