/* communities.c: JSON API for communities and their registry: create and list communities, read
 * and change settings, list units and owners (names masked as the caller's role requires). */
#include "communities.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/decimal.h"
#include "../core/registry.h"
#include "../core/utf8.h"
#include "../store/accounts.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

static json_t *
area_json(int64_t v)
{
	char b[24];
	dec_format(v, b);
	return json_string(b);
}

static json_t *
community_json(const struct community *c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s*, s:{s:I}, s:I, s:I, s:I, s:o}", "id", (json_int_t)c->id, "name",
	                 c->name, "district", c->district, "street", c->street, "city", c->city, "jurisdiction_id",
	                 c->jurisdiction_id[0] ? c->jurisdiction_id : NULL, "settings", "notice_days",
	                 (json_int_t)c->notice_days, "buildings", (json_int_t)c->buildings, "units", (json_int_t)c->units,
	                 "owners", (json_int_t)c->owners, "area_m2", area_json(c->area));
}

static bool
slug_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* The descriptive fields of a community, in the order they are checked (the first problem is
 * the one reported). The API and the administrator's page both read them through here. */
static const struct {
	const char *key;
	enum msg label;
} descriptive[COMMUNITY_FIELDS] = {
	{"name", MSG_FIELD_COMMUNITY_NAME}, {"district", MSG_FIELD_DISTRICT}, {"street", MSG_FIELD_STREET},
	{"city", MSG_FIELD_CITY},           {"jurisdiction_id", MSG_FIELD_JURISDICTION},
};

static const char **
slot(struct community_fields *f, size_t i)
{
	const char **slots[COMMUNITY_FIELDS] = {&f->name, &f->district, &f->street, &f->city, &f->slug};
	return slots[i];
}

/* One field's value as sent (NULL: absent), checked: the name is required on create and may
 * not be emptied later, the jurisdiction id is a slug; at most 64 characters each. */
static int
check_field(struct req *rq, size_t i, const char *raw, bool creating, struct community_fields *f)
{
	bool required = creating && i == 0;
	const char **out = slot(f, i);
	if (raw == NULL && !required) {
		*out = NULL;
		return 0;
	}
	if (field_text(rq, descriptive[i].key, raw, descriptive[i].label, 64, required, out) < 0)
		return -1;
	if (i == 0 && !**out)
		return req_invalid(rq, "name", req_tf(rq, MSG_ERR_REQUIRED, T(rq, FIELD_COMMUNITY_NAME)));
	if (out == &f->slug && !slug_ok(f->slug))
		return req_invalid(rq, "jurisdiction_id", T(rq, ERR_BAD_JURISDICTION));
	return 0;
}

int
community_fields_json(struct req *rq, json_t *j, bool creating, struct community_fields *f)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < COMMUNITY_FIELDS; i++) {
		json_t *v = json_object_get(j, descriptive[i].key);
		/* present but not a string: say it must be text, not that it is missing */
		if (v && !json_is_string(v))
			return req_invalid(rq, descriptive[i].key,
			                   req_tf(rq, MSG_ERR_NOT_TEXT, i18n_get(rq->lang, descriptive[i].label)));
		if (check_field(rq, i, v ? json_string_value(v) : NULL, creating, f) < 0)
			return -1;
	}
	return 0;
}

int
community_fields_form(struct req *rq, struct community_fields *f)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < COMMUNITY_FIELDS; i++) {
		const char *v = req_form(rq, descriptive[i].key);
		/* an empty optional box is "not given", as a JSON member left out is */
		if (check_field(rq, i, v && (*v || i == 0) ? v : NULL, true, f) < 0)
			return -1;
	}
	return 0;
}

enum yl_err
community_create(struct req *rq, const struct community_fields *f, int64_t *id)
{
	/* Not store_begin_community: the community has no id (and so no lock) until the insert;
	 * its first audit row takes the new chain's lock. */
	enum yl_err e = store_begin(rq->db);
	if (e == YL_OK) {
		e = store_community_create(rq->db, f->name, f->district, f->street, f->city ? f->city : "", f->slug, id);
		if (e == YL_OK)
			e = req_audit(rq, *id, "community.create", "community", *id, json_pack("{s:s}", "name", f->name));
		e = store_end(rq->db, e);
	}
	return e;
}

int
communities_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	struct community_fields f;
	if (community_fields_json(rq, j, true, &f) < 0) {
		json_decref(j);
		return req_fail(rq);
	}
	int64_t id = 0;
	enum yl_err e = community_create(rq, &f, &id);
	json_decref(j);
	if (e == ERR_CONFLICT)
		return req_errorf(rq, ERR_CONFLICT, "jurisdiction_taken", "jurisdiction_id", T(rq, ERR_JURISDICTION_TAKEN));
	if (e != YL_OK)
		return req_error(rq, e);
	return req_created(rq, id);
}

/* limit and offset from the query: limit 1..1000 (default 100). */

int
communities_list_api(struct req *rq)
{
	int64_t limit, offset;
	if (field_paging(rq, 1000, 100, &limit, &offset) < 0)
		return req_fail(rq);
	json_t *items = json_array();
	int64_t total = 0;
	struct target none = {0, 0, 0, false};
	if (req_allowed(rq, PERM_COMMUNITY_CREATE, &none)) {
		/* the installation's operator: every community, a page at a time */
		struct community *cs;
		size_t n;
		enum yl_err e = store_communities(rq->db, rq->a, limit, offset, &cs, &n, &total);
		if (e != YL_OK) {
			json_decref(items);
			return req_error(rq, e);
		}
		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, community_json(&cs[i]));
	} else {
		/* everyone else: the communities they hold a role in (a handful; a district's staff
		 * hold one in each community they oversee) */
		int64_t *seen = arena_alloc(rq->a, (rq->actor.ngrants + 1) * sizeof *seen);
		size_t nseen = 0;
		for (size_t i = 0; i < rq->actor.ngrants; i++) {
			int64_t cid = rq->actor.grants[i].community_id;
			bool dup = cid == 0;
			for (size_t k = 0; k < nseen && !dup; k++)
				dup = seen[k] == cid;
			if (dup)
				continue;
			seen[nseen++] = cid;
			struct community c;
			if ((int64_t)nseen > offset && (int64_t)json_array_size(items) < limit &&
			    store_community_get(rq->db, rq->a, cid, &c) == YL_OK)
				json_array_append_new(items, community_json(&c));
		}
		total = (int64_t)nseen;
	}
	return req_json(rq, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

int
communities_get_api(struct req *rq)
{
	struct community c;
	enum yl_err e = store_community_get(rq->db, rq->a, rq->community_id, &c);
	if (e != YL_OK)
		return req_error(rq, e);
	return req_json(rq, 200, community_json(&c));
}

int
communities_patch_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t notice = -1;
	struct community_fields f;
	int rc = community_fields_json(rq, j, false, &f);
	json_t *settings = json_object_get(j, "settings");
	if (rc == 0 && settings) {
		const char *key;
		json_t *v;
		if (!json_is_object(settings))
			rc = req_invalid(rq, "settings", T(rq, ERR_BAD_SETTINGS));
		json_object_foreach(settings, key, v) {
			if (rc < 0)
				break;
			if (strcmp(key, "notice_days") != 0)
				rc = req_invalid(rq, "settings", T(rq, ERR_BAD_SETTINGS));
			else if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 90)
				rc = req_invalid(rq, "settings.notice_days", T(rq, ERR_NOTICE_DAYS));
			else
				notice = json_integer_value(v);
		}
	}
	if (rc < 0) {
		json_decref(j);
		return req_fail(rq);
	}
	enum yl_err e = store_begin_community(rq->db, rq->community_id);
	if (e == YL_OK) {
		e = store_community_update(rq->db, rq->community_id, f.name, f.district, f.street, f.city, f.slug,
		                           notice);
		if (e == YL_OK) {
			json_t *changes = json_deep_copy(j);
			e = req_audit(rq, rq->community_id, "community.update", "community", rq->community_id, changes);
		}
		e = store_end(rq->db, e);
	}
	json_decref(j);
	if (e == ERR_CONFLICT)
		return req_errorf(rq, ERR_CONFLICT, "jurisdiction_taken", "jurisdiction_id", T(rq, ERR_JURISDICTION_TAKEN));
	if (e != YL_OK)
		return req_error(rq, e);
	return communities_get_api(rq);
}

int
registry_units_api(struct req *rq)
{
	struct unit_filter f = {.status = -1};
	if (field_paging(rq, 1000, 100, &f.limit, &f.offset) < 0)
		return req_fail(rq);
	const char *b = req_query(rq, "building"), *s = req_query(rq, "stairwell");
	char bn[REG_NAME_MAX], sn[REG_NAME_MAX];
	/* "3" and "3栋" name the same building. Known names become ids (an index range); a name
	 * that is not there is left as a name, which simply matches nothing. */
	if (b && *b) {
		f.building = registry_building(b, bn) ? bn : b;
		if (store_building_find(rq->db, rq->community_id, f.building, &f.building_id) == YL_OK)
			f.building = NULL;
	}
	if (s && *s) {
		f.stairwell = registry_stairwell(s, sn) ? sn : s;
		if (f.building_id && store_stairwell_find(rq->db, rq->community_id, f.building_id, f.stairwell,
		                                          &f.stairwell_id) == YL_OK)
			f.stairwell = NULL;
	}
	struct target whole = {rq->community_id, 0, 0, false};
	bool all = req_allowed(rq, PERM_REGISTRY_READ, &whole);
	if (!all) {
		/* a head lists the buildings they look after, and only those */
		struct buf set;
		buf_init(&set, rq->a, 64);
		buf_addc(&set, ',');
		for (size_t i = 0; i < rq->actor.ngrants; i++) {
			const struct grant *g = &rq->actor.grants[i];
			if (g->community_id != rq->community_id || perm_scope(g->role, PERM_REGISTRY_READ) != SCOPE_OWN_BUILDINGS)
				continue;
			for (size_t k = 0; k < g->nbuildings; k++)
				buf_printf(&set, "%lld,", (long long)g->buildings[k]);
		}
		f.building_set = set.p;
	}
	struct unit *units;
	size_t n;
	int64_t total;
	enum yl_err e = store_units(rq->db, rq->a, rq->community_id, &f, &units, &n, &total);
	if (e != YL_OK)
		return req_error(rq, e);
	/* written as it goes: a page of up to 1,000 units (see jsonw.h) */
	struct jsonw w;
	char area[24];
	req_jsonw(rq, 200, &w);
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = &units[i];
		struct target t = {rq->community_id, u->building_id, 0, false};
		bool personal = req_allowed(rq, PERM_PERSONAL_DATA, &t);
		jsonw_object(&w);
		jsonw_kint(&w, "id", u->id);
		jsonw_kstr(&w, "building", u->building);
		jsonw_kstr(&w, "stairwell", u->stairwell);
		jsonw_kint(&w, "floor", u->floor);
		jsonw_kstr(&w, "room", u->room);
		dec_format(u->area, area);
		jsonw_kstr(&w, "area_m2", area);
		jsonw_kstr(&w, "area_source", area_source_names[u->area_source]);
		jsonw_kstr(&w, "status", unit_status_names[u->status]);
		jsonw_key(&w, "owner");
		jsonw_object(&w);
		jsonw_kint(&w, "id", u->owner_id);
		jsonw_kstr(&w, "owner_ref", u->owner_ref);
		jsonw_kstr(&w, "name", personal ? u->owner_name : mask_name(rq->a, u->owner_name));
		jsonw_kstr(&w, "kind", owner_kind_names[u->owner_kind]);
		jsonw_object_end(&w);
		jsonw_object_end(&w);
	}
	jsonw_list_end(&w, total);
	return 0;
}

int
registry_owners_api(struct req *rq)
{
	int64_t limit, offset;
	if (field_paging(rq, 1000, 100, &limit, &offset) < 0)
		return req_fail(rq);
	struct target whole = {rq->community_id, 0, 0, false};
	if (!req_allowed(rq, PERM_REGISTRY_READ, &whole))
		return req_error(rq, ERR_FORBIDDEN); /* owners span buildings: community-wide readers only */
	bool personal = req_allowed(rq, PERM_PERSONAL_DATA, &whole);
	struct owner *os;
	size_t n;
	int64_t total;
	enum yl_err e = store_owners(rq->db, rq->a, rq->community_id, limit, offset, &os, &n, &total);
	if (e != YL_OK)
		return req_error(rq, e);
	struct jsonw w;
	char area[24];
	req_jsonw(rq, 200, &w);
	jsonw_list(&w);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&w);
		jsonw_kint(&w, "id", os[i].id);
		jsonw_kstr(&w, "owner_ref", os[i].owner_ref);
		jsonw_kstr(&w, "name", personal ? os[i].name : mask_name(rq->a, os[i].name));
		jsonw_kstr(&w, "kind", owner_kind_names[os[i].kind]);
		jsonw_kint(&w, "units", os[i].units);
		dec_format(os[i].area, area);
		jsonw_kstr(&w, "area_m2", area);
		jsonw_object_end(&w);
	}
	jsonw_list_end(&w, total);
	return 0;
}
