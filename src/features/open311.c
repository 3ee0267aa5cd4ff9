/* open311.c: Yuanli's Open311 GeoReport v2 server (/open311/v2), so that a department's tools
 * can pull the problems referred to it and third-party apps can file reports: discovery, the
 * services (our problem categories), a service's definition, posting a request with an
 * api_key, listing and reading requests, and the token lookup Yuanli never needs. Every answer
 * is XML (the spec's mandatory format) or JSON, as the path's extension says; JSON is the XML
 * without its root element, so both are written by the same calls (struct out). Errors go
 * through req_fail, whose Open311 writer (web/req.c) gives them the spec's shape.
 *
 * A jurisdiction is a community (communities.jurisdiction_id); a service request is a problem
 * with channel open311, entering in state reported like any other. Who reported it (name,
 * email, phone) is kept for the community's staff and never answered here. */
#include "open311.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/problem.h"
#include "../core/registry.h"
#include "../core/secret.h"
#include "../core/timefmt.h"
#include "../core/utf8.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/problems.h"
#include "../store/registry.h"
#include "../web/jsonw.h"
#include "../web/req.h"
#include "../web/xmlw.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define DESCRIPTION_MAX 4000 /* characters, as the spec says */
#define ADDRESS_MAX 200
#define NAME_MAX_CHARS 64
#define CONTACT_MAX 254      /* an email address's longest */
#define REQUESTS_MAX 1000    /* the spec's default cap, and the most ids one query may name */
#define WINDOW (90 * 86400)  /* the longest start_date..end_date span */

/* When the shape of these answers last changed (discovery's changeset). */
static const char changeset[] = "2026-11-27T00:00:00+08:00";

/* ---- answers in either format ---------------------------------------------------------- */

struct out {
	bool json;
	struct jsonw j;
	struct xmlw x;
};

static void
out_begin(struct req *rq, struct out *o, bool json)
{
	o->json = json;
	rq->status = 200;
	rq->resp_type = json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8";
	buf_reset(&rq->out);
	if (json)
		jsonw_init(&o->j, &rq->out);
	else
		xmlw_init(&o->x, &rq->out);
}

/* A list: XML <name>…</name>; JSON a bare array, under the key name when keyed (a list inside
 * an object), else the whole answer (the root element dropped). */
static void
out_list(struct out *o, const char *name, bool keyed)
{
	if (!o->json) {
		xmlw_open(&o->x, name);
		return;
	}
	if (keyed)
		jsonw_key(&o->j, name);
	jsonw_array(&o->j);
}

static void
out_list_end(struct out *o)
{
	if (o->json)
		jsonw_array_end(&o->j);
	else
		xmlw_close(&o->x);
}

/* An object: XML <name>, JSON {. */
static void
out_obj(struct out *o, const char *name)
{
	if (o->json)
		jsonw_object(&o->j);
	else
		xmlw_open(&o->x, name);
}

static void
out_obj_end(struct out *o)
{
	if (o->json)
		jsonw_object_end(&o->j);
	else
		xmlw_close(&o->x);
}

/* A text member; NULL is JSON's null and an XML element left out. */
static void
out_str(struct out *o, const char *key, const char *s)
{
	if (o->json)
		jsonw_kstr(&o->j, key, s);
	else if (s)
		xmlw_elem(&o->x, key, s);
}

static void
out_bool(struct out *o, const char *key, bool v)
{
	if (o->json) {
		jsonw_key(&o->j, key);
		jsonw_bool(&o->j, v);
	} else {
		xmlw_elem(&o->x, key, v ? "true" : "false");
	}
}

/* One text item of a list (discovery's formats). */
static void
out_item(struct out *o, const char *name, const char *s)
{
	if (o->json)
		jsonw_str(&o->j, s);
	else
		xmlw_elem(&o->x, name, s);
}

/* ---- input ----------------------------------------------------------------------------- */

/* A parameter from the form (a POST's body) or the query; an empty one is an absent one. */
static const char *
param(const struct req *rq, const char *name)
{
	const char *v = req_form(rq, name);
	if (v == NULL || *v == '\0')
		v = req_query(rq, name);
	return v && *v ? v : NULL;
}

/* "requests.json" → "requests" and JSON. -1 (404 set) for another extension: the resource
 * does not exist in any format we speak. */
static int
split_file(struct req *rq, const char **name, bool *json)
{
	const char *file = req_param(rq, "file");
	const char *dot = file ? strrchr(file, '.') : NULL;
	if (dot == NULL || dot == file || (strcmp(dot, ".json") != 0 && strcmp(dot, ".xml") != 0))
		return req_error(rq, ERR_NOTFOUND);
	*json = strcmp(dot, ".json") == 0;
	*name = arena_strndup(rq->a, file, (size_t)(dot - file));
	return 0;
}

static int
bad_request(struct req *rq, const char *code, const char *field, const char *message)
{
	return req_errorf(rq, ERR_MALFORMED, code, field, message);
}

/* The community jurisdiction_id names; with none, the installation's only community. Returns
 * its id, or 0 with the error set: 404 for a jurisdiction_id no community has, 400 when several
 * communities make an absent one ambiguous. */
static int64_t
jurisdiction(struct req *rq)
{
	const char *j = param(rq, "jurisdiction_id");
	int64_t id = 0;
	if (j) {
		enum yl_err e = store_community_by_jurisdiction(rq->db, j, &id);
		if (e == ERR_NOTFOUND)
			req_errorf(rq, ERR_NOTFOUND, "jurisdiction_unknown", "jurisdiction_id",
			           req_tf(rq, MSG_O311_JURISDICTION_UNKNOWN, j));
		else if (e != YL_OK)
			req_error(rq, e);
		return e == YL_OK ? id : 0;
	}
	struct community *cs;
	size_t n;
	int64_t total;
	enum yl_err e = store_communities(rq->db, rq->a, 1, 0, &cs, &n, &total);
	if (e != YL_OK)
		req_error(rq, e);
	else if (total == 0 || n == 0)
		req_errorf(rq, ERR_NOTFOUND, "jurisdiction_unknown", "jurisdiction_id", T(rq, O311_NO_COMMUNITY));
	else if (total > 1)
		bad_request(rq, "jurisdiction_required", "jurisdiction_id", T(rq, O311_JURISDICTION_REQUIRED));
	else
		id = cs[0].id;
	return id;
}

/* The category a service_code names in cid; -1 with a 404 set when there is none. */
static int
service(struct req *rq, int64_t cid, const char *code, struct category *c)
{
	enum yl_err e = store_category_by_code(rq->db, rq->a, cid, code, c);
	if (e == ERR_NOTFOUND)
		return req_errorf(rq, ERR_NOTFOUND, "service_unknown", "service_code",
		                  req_tf(rq, MSG_O311_SERVICE_UNKNOWN, code));
	return e == YL_OK ? 0 : req_error(rq, e);
}

static int requests_list(struct req *rq, bool json);

/* ---- discovery and services ------------------------------------------------------------ */

/* http(s)://host, as the client reached us; "" when it sent no Host. */
static const char *
origin(struct req *rq)
{
	if (rq->host == NULL || *rq->host == '\0')
		return "";
	return arena_printf(rq->a, "%s://%s", rq->tls ? "https" : "http", rq->host);
}

static int
discovery(struct req *rq, bool json)
{
	struct out o;
	out_begin(rq, &o, json);
	out_obj(&o, "discovery");
	out_str(&o, "changeset", changeset);
	out_str(&o, "contact", T(rq, O311_CONTACT));
	out_str(&o, "key_service", T(rq, O311_KEY_SERVICE));
	out_list(&o, "endpoints", true);
	out_obj(&o, "endpoint");
	out_str(&o, "specification", "http://wiki.open311.org/GeoReport_v2");
	out_str(&o, "url", arena_printf(rq->a, "%s/open311/v2", origin(rq)));
	out_str(&o, "changeset", changeset);
	out_str(&o, "type", "production");
	out_list(&o, "formats", true);
	out_item(&o, "format", "text/xml");
	out_item(&o, "format", "application/json");
	out_list_end(&o);
	out_obj_end(&o);
	out_list_end(&o);
	out_obj_end(&o);
	return 0;
}

static const char *
in_lang(const struct req *rq, const char *zh, const char *en)
{
	return rq->lang == LANG_EN && en && *en ? en : zh;
}

static int
services(struct req *rq, bool json)
{
	int64_t cid = jurisdiction(rq);
	if (cid == 0)
		return req_fail(rq);
	struct category *cs;
	size_t n;
	enum yl_err e = store_categories(rq->db, rq->a, cid, &cs, &n);
	if (e != YL_OK)
		return req_error(rq, e);
	struct out o;
	out_begin(rq, &o, json);
	out_list(&o, "services", false);
	for (size_t i = 0; i < n; i++) {
		out_obj(&o, "service");
		out_str(&o, "service_code", cs[i].code);
		out_str(&o, "service_name", in_lang(rq, cs[i].name, cs[i].name_en));
		out_str(&o, "description", req_tn(rq, MSG_O311_SLA, cs[i].sla_days, cs[i].sla_days));
		out_bool(&o, "metadata", false); /* no extra attributes: the description says it all */
		out_str(&o, "type", "realtime");   /* the service_request_id comes back at once */
		out_str(&o, "keywords", NULL);
		out_str(&o, "group", cs[i].department[0] ? cs[i].department : NULL);
		out_obj_end(&o);
	}
	out_list_end(&o);
	return 0;
}

int
open311_get(struct req *rq)
{
	const char *name;
	bool json;
	if (split_file(rq, &name, &json) < 0)
		return req_fail(rq);
	if (strcmp(name, "discovery") == 0)
		return discovery(rq, json);
	if (strcmp(name, "services") == 0)
		return services(rq, json);
	if (strcmp(name, "requests") == 0)
		return requests_list(rq, json);
	return req_error(rq, ERR_NOTFOUND);
}

/* Our categories have no extra attributes (metadata false), so a service's definition is its
 * code and an empty attributes list: the schema's required members, and the truth. A 404
 * would tell a client the service does not exist, which it does. */
int
open311_service_get(struct req *rq)
{
	const char *code;
	bool json;
	if (split_file(rq, &code, &json) < 0)
		return req_fail(rq);
	int64_t cid = jurisdiction(rq);
	struct category c;
	if (cid == 0 || service(rq, cid, code, &c) < 0)
		return req_fail(rq);
	struct out o;
	out_begin(rq, &o, json);
	out_obj(&o, "service_definition");
	out_str(&o, "service_code", c.code);
	out_list(&o, "attributes", true);
	out_list_end(&o);
	out_obj_end(&o);
	return 0;
}

int
open311_token_get(struct req *rq)
{
	const char *token;
	bool json;
	if (split_file(rq, &token, &json) < 0)
		return req_fail(rq);
	return req_errorf(rq, ERR_NOTFOUND, "token_unknown", "token", T(rq, O311_NO_TOKENS));
}

/* ---- requests out ---------------------------------------------------------------------- */

static const enum msg state_words[PROBLEM__COUNT] = {
	[PROBLEM_REPORTED] = MSG_PB_ST_REPORTED, [PROBLEM_VERIFIED] = MSG_PB_ST_VERIFIED,
	[PROBLEM_MERGED] = MSG_PB_ST_MERGED,     [PROBLEM_ACCEPTED] = MSG_PB_ST_ACCEPTED,
	[PROBLEM_REJECTED] = MSG_PB_ST_REJECTED, [PROBLEM_REFERRED] = MSG_PB_ST_REFERRED,
	[PROBLEM_ANSWERED] = MSG_PB_ST_ANSWERED, [PROBLEM_RESOLVED] = MSG_PB_ST_RESOLVED,
	[PROBLEM_RATED] = MSG_PB_ST_RATED,       [PROBLEM_REOPENED] = MSG_PB_ST_REOPENED,
};

static const char *
rfc3339(struct req *rq, int64_t t)
{
	if (t == 0)
		return NULL;
	char *s = arena_alloc(rq->a, 26);
	time_rfc3339(t, s);
	return s;
}

/* Where it is, in words: "3栋2单元", "3栋 北门", "北门"; NULL when nothing was said. */
static const char *
address(struct req *rq, const struct problem *p)
{
	const char *sep = p->building[0] && p->place[0] ? " " : "";
	const char *s = arena_printf(rq->a, "%s%s%s%s", p->building, p->stairwell, sep, p->place);
	return *s ? s : NULL;
}

/* The absolute URL of the problem's first photo, NULL when it has none (or we cannot say
 * which host the client reached). */
static const char *
media_url(struct req *rq, const struct problem *p)
{
	const char *o = origin(rq);
	if (p->photos == 0 || *o == '\0')
		return NULL;
	struct problem_photo *ph;
	size_t n;
	if (store_problem_photos(rq->db, rq->a, p->community_id, p->id, &ph, &n) != YL_OK || n == 0)
		return NULL;
	return arena_printf(rq->a, "%s/problems/photos/%lld", o, (long long)ph[0].id);
}

static void
request_out(struct req *rq, struct out *o, const struct problem *p)
{
	out_obj(o, "request");
	out_str(o, "service_request_id", arena_printf(rq->a, "%lld", (long long)p->id));
	out_str(o, "status", problem_open311_status(p->state));
	const char *notes = p->state < PROBLEM__COUNT ? i18n_get(rq->lang, state_words[p->state]) : NULL;
	if (p->state == PROBLEM_MERGED && p->merged_into)
		notes = req_tf(rq, MSG_O311_NOTE_MERGED, arena_printf(rq->a, "%lld", (long long)p->merged_into));
	out_str(o, "status_notes", notes);
	out_str(o, "service_name", in_lang(rq, p->category_name, p->category_name_en));
	out_str(o, "service_code", p->category_code);
	out_str(o, "description", p->description);
	out_str(o, "agency_responsible", p->department[0] ? in_lang(rq, p->department, p->department_en) : NULL);
	out_str(o, "service_notice", NULL);
	out_str(o, "requested_datetime", rfc3339(rq, p->created_at));
	out_str(o, "updated_datetime", rfc3339(rq, p->updated_at));
	out_str(o, "expected_datetime", rfc3339(rq, p->due_at));
	out_str(o, "address", address(rq, p));
	out_str(o, "media_url", media_url(rq, p));
	/* FixMyStreet's way with richer states: the standard's status stays open/closed */
	out_str(o, "yuanli_state", problem_state_name(p->state));
	out_obj_end(o);
}

static int
requests_out(struct req *rq, bool json, const struct problem *v, size_t n)
{
	struct out o;
	out_begin(rq, &o, json);
	out_list(&o, "service_requests", false);
	for (size_t i = 0; i < n; i++)
		request_out(rq, &o, &v[i]);
	out_list_end(&o);
	return 0;
}

/* A positive id written in digits (at most 18); 0 otherwise. */
static int64_t
id_of(const char *s, size_t n)
{
	if (n == 0 || n > 18)
		return 0;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* service_request_id=1,5,9 (spaces around the commas allowed) into f. -1 with a 400 set. */
static int
ids_filter(struct req *rq, const char *list, struct problem_filter *f)
{
	int64_t *ids = arena_alloc(rq->a, REQUESTS_MAX * sizeof *ids);
	size_t n = 0;
	for (const char *p = list;;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, ",");
		size_t end = len;
		while (end > 0 && p[end - 1] == ' ')
			end--;
		int64_t id = id_of(p, end);
		if (id == 0 || n == REQUESTS_MAX)
			return bad_request(rq, "invalid_service_request_id", "service_request_id", T(rq, O311_BAD_IDS));
		ids[n++] = id;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	f->ids = ids;
	f->n_ids = n;
	return 0;
}

static int
date_param(struct req *rq, const char *name, int64_t *t)
{
	const char *s = param(rq, name);
	if (s == NULL)
		return 0;
	if (time_parse_w3c(s, t) < 0)
		return bad_request(rq, "invalid_date", name, req_tf(rq, MSG_O311_BAD_DATE, name));
	return 1;
}

/* start_date and end_date into f's [from, to): both ends included, at most 90 days apart; one
 * alone reaches 90 days the other way; neither is the last 90 days. -1 with a 400 set. */
static int
window_filter(struct req *rq, struct problem_filter *f)
{
	int64_t start = 0, end = 0;
	int hs = date_param(rq, "start_date", &start);
	if (hs < 0)
		return -1;
	int he = date_param(rq, "end_date", &end);
	if (he < 0)
		return -1;
	if (!hs && !he)
		end = db_now(), start = end - WINDOW;
	else if (!he)
		end = start + WINDOW;
	else if (!hs)
		start = end - WINDOW;
	if (end < start)
		return bad_request(rq, "invalid_date", "end_date", T(rq, O311_DATE_ORDER));
	if (end - start > WINDOW)
		return bad_request(rq, "window_too_long", "start_date", T(rq, O311_WINDOW));
	/* created_from 0 would mean "unbounded": the first second of 1970 is as good as no bound */
	f->created_from = start;
	f->created_to = end + 1;
	return 0;
}

static int
requests_list(struct req *rq, bool json)
{
	int64_t cid = jurisdiction(rq);
	if (cid == 0)
		return req_fail(rq);
	struct problem_filter f = {.state = -1, .open311_status = -1, .limit = REQUESTS_MAX, .now = db_now()};
	const char *ids = param(rq, "service_request_id");
	if (ids) {
		/* the spec: a list of ids overrides every other filter */
		if (ids_filter(rq, ids, &f) < 0)
			return req_fail(rq);
	} else {
		const char *code = param(rq, "service_code");
		struct category c;
		if (code) {
			if (service(rq, cid, code, &c) < 0)
				return req_fail(rq);
			f.category_id = c.id;
		}
		const char *status = param(rq, "status");
		if (status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
			return bad_request(rq, "invalid_status", "status", T(rq, O311_BAD_STATUS));
		if (status)
			f.open311_status = strcmp(status, "open") == 0;
		if (window_filter(rq, &f) < 0)
			return req_fail(rq);
	}
	struct problem *v;
	size_t n;
	enum yl_err e = store_problems(rq->db, rq->a, cid, &f, &v, &n, NULL);
	if (e != YL_OK)
		return req_error(rq, e);
	return requests_out(rq, json, v, n);
}

int
open311_request_get(struct req *rq)
{
	const char *name;
	bool json;
	if (split_file(rq, &name, &json) < 0)
		return req_fail(rq);
	int64_t cid = jurisdiction(rq);
	if (cid == 0)
		return req_fail(rq);
	int64_t id = id_of(name, strlen(name));
	struct problem p;
	enum yl_err e = id ? store_problem_get(rq->db, rq->a, cid, id, &p) : ERR_NOTFOUND;
	if (e == ERR_NOTFOUND)
		return req_errorf(rq, ERR_NOTFOUND, "request_unknown", "service_request_id",
		                  req_tf(rq, MSG_O311_REQUEST_UNKNOWN, name));
	if (e != YL_OK)
		return req_error(rq, e);
	return requests_out(rq, json, &p, 1);
}

/* ---- a new request --------------------------------------------------------------------- */

/* A text parameter of at most max characters; NULL when absent. -1 with a 400 set. */
static int
text_param(struct req *rq, const char *name, size_t max, const char **out)
{
	*out = param(rq, name);
	if (*out && utf8_chars(*out, strlen(*out)) > max)
		return bad_request(rq, "too_long", name, req_tn(rq, MSG_ERR_TOO_LONG, max, name, (int)max));
	return 0;
}

/* Markup: '<' opening a tag, an end tag, a comment or a declaration. "3<5" is text. The spec
 * says descriptions hold no HTML; refusing tells the client, where stripping would silently
 * change what a resident wrote. */
static bool
has_markup(const char *s)
{
	for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
		char c = p[1];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?')
			return true;
	}
	return false;
}

/* Decimal degrees within ±limit: digits, one optional point and sign; nothing else. */
static bool
degrees(const char *s, int limit)
{
	const char *p = s + (*s == '-' || *s == '+');
	int whole = 0, nd = 0, frac = 0;
	for (; *p >= '0' && *p <= '9'; p++, nd++)
		if (nd < 4)
			whole = whole * 10 + (*p - '0');
	if (nd == 0 || nd > 3)
		return false;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			frac |= *p != '0';
		if (p[-1] == '.')
			return false;
	}
	return *p == '\0' && (whole < limit || (whole == limit && !frac));
}

static const char *
skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* Where a compound's address points: "3栋2单元" (or "3号楼 2单元", "3") is the building and
 * stairwell when the compound has them, "3栋" the building. What names no building stays a
 * named place; a building followed by something that is no stairwell of it ("3栋楼下", "3栋9单元"
 * where there is no 9单元) is the building with the rest as its place. Nothing said is lost. */
static enum yl_err
locate(struct req *rq, int64_t cid, const char *addr, int64_t *bid, int64_t *sid, const char **place)
{
	*bid = *sid = 0;
	*place = addr;
	const char *t = skip_spaces(addr);
	char b[REG_NAME_MAX], s[REG_NAME_MAX];
	const char *rest = NULL;
	if (registry_building(t, b)) {
		rest = "";
	} else {
		static const char *const suffixes[] = {"号楼", "栋", "幢", "座", "号"};
		for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0] && rest == NULL; i++) {
			const char *at = strstr(t, suffixes[i]);
			size_t k = at ? (size_t)(at - t) + strlen(suffixes[i]) : 0;
			if (at == NULL || k >= REG_NAME_MAX)
				continue;
			char head[REG_NAME_MAX];
			memcpy(head, t, k);
			head[k] = '\0';
			if (registry_building(head, b))
				rest = skip_spaces(t + k);
		}
	}
	if (rest == NULL)
		return YL_OK;
	enum yl_err e = store_building_find(rq->db, cid, b, bid);
	if (e != YL_OK) {
		*bid = 0;
		return e == ERR_NOTFOUND ? YL_OK : e;
	}
	if (*rest == '\0') {
		*place = "";
		return YL_OK;
	}
	char *r = arena_strdup(rq->a, rest);
	for (size_t n = strlen(r); n > 0 && r[n - 1] == ' ';)
		r[--n] = '\0';
	*place = r;
	if (strlen(r) >= REG_NAME_MAX || !registry_stairwell(r, s))
		return YL_OK;
	e = store_stairwell_find(rq->db, cid, *bid, s, sid);
	if (e == YL_OK)
		*place = "";
	else
		*sid = 0;
	return e == ERR_NOTFOUND ? YL_OK : e;
}

/* "first last", either alone, or "" */
static const char *
joined(struct req *rq, const char *a, const char *b, const char *sep)
{
	if (a && b)
		return arena_printf(rq->a, "%s%s%s", a, sep, b);
	return a ? a : b ? b : "";
}

/* The api_key's community; 0 with a 403 set when it is missing, unknown or revoked. */
static int64_t
key_community(struct req *rq, const char **key_name)
{
	const char *key = param(rq, "api_key");
	if (key == NULL) {
		req_errorf(rq, ERR_FORBIDDEN, "api_key_required", "api_key", T(rq, O311_KEY_REQUIRED));
		return 0;
	}
	char hash[SECRET_HASH_HEX + 1];
	secret_hash(key, strlen(key), hash);
	int64_t cid = 0;
	enum yl_err e = store_open311_key_find(rq->db, rq->a, hash, &cid, key_name);
	if (e == ERR_NOTFOUND)
		req_errorf(rq, ERR_FORBIDDEN, "api_key_invalid", "api_key", T(rq, O311_KEY_BAD));
	else if (e != YL_OK)
		req_error(rq, e);
	return e == YL_OK ? cid : 0;
}

int
open311_post(struct req *rq)
{
	const char *name;
	bool json;
	if (split_file(rq, &name, &json) < 0)
		return req_fail(rq);
	if (strcmp(name, "requests") != 0)
		return req_error(rq, ERR_NOTFOUND);

	/* The key first: who may not post learns nothing else about what is here. */
	const char *key_name = NULL;
	int64_t key_cid = key_community(rq, &key_name);
	if (key_cid == 0)
		return req_fail(rq);
	int64_t cid = jurisdiction(rq);
	if (cid == 0)
		return req_fail(rq);
	if (cid != key_cid)
		return req_errorf(rq, ERR_FORBIDDEN, "api_key_other", "api_key", T(rq, O311_KEY_OTHER));

	const char *code = param(rq, "service_code");
	struct category c;
	if (code == NULL)
		return bad_request(rq, "required", "service_code", req_tf(rq, MSG_ERR_REQUIRED, "service_code"));
	if (service(rq, cid, code, &c) < 0)
		return req_fail(rq);

	const char *desc, *addr, *first, *last, *email, *phone;
	if (text_param(rq, "description", DESCRIPTION_MAX, &desc) < 0 ||
	    text_param(rq, "address_string", ADDRESS_MAX, &addr) < 0 ||
	    text_param(rq, "first_name", NAME_MAX_CHARS, &first) < 0 ||
	    text_param(rq, "last_name", NAME_MAX_CHARS, &last) < 0 ||
	    text_param(rq, "email", CONTACT_MAX, &email) < 0 || text_param(rq, "phone", 32, &phone) < 0)
		return req_fail(rq);
	if (desc && has_markup(desc))
		return bad_request(rq, "html_refused", "description", T(rq, O311_HTML));

	const char *lat = param(rq, "lat"), *lon = param(rq, "long");
	if ((lat || lon) && !(lat && lon && degrees(lat, 90) && degrees(lon, 180)))
		return bad_request(rq, "invalid_lat_long", lat ? "long" : "lat", T(rq, O311_BAD_LATLONG));
	if (addr == NULL && lat == NULL) {
		if (param(rq, "address_id"))
			return bad_request(rq, "address_id_unsupported", "address_id", T(rq, O311_ADDRESS_ID));
		return bad_request(rq, "location_required", "address_string", T(rq, O311_LOCATION_REQUIRED));
	}

	struct problem_new p = {
		.category_id = c.id,
		.description = desc ? desc : "",
		.channel = CHANNEL_OPEN311,
		.reporter_name = joined(rq, first, last, " "),
		.reporter_contact = joined(rq, email, phone, " / "),
		.actor_name = arena_printf(rq->a, "open311:%s", key_name),
		.now = db_now(),
	};
	enum yl_err e = YL_OK;
	if (addr)
		e = locate(rq, cid, addr, &p.building_id, &p.stairwell_id, &p.place);
	else
		p.place = arena_printf(rq->a, "%s,%s", lat, lon);
	if (e != YL_OK)
		return req_error(rq, e);

	int64_t id = 0, event_id = 0;
	e = store_begin_community(rq->db, cid);
	if (e == YL_OK) {
		e = store_problem_create(rq->db, cid, &p, &id, &event_id);
		if (e == YL_OK) {
			/* the client is the key: its name is who did it; no person's details go in */
			struct audit_actor who = {0, p.actor_name};
			json_t *details = json_pack("{s:s, s:s}", "channel", "open311", "service_code", c.code);
			e = store_audit_append(rq->db, cid, &who, "problem.report", "problem", id, details);
			json_decref(details);
		}
		e = store_end(rq->db, e);
	}
	if (e != YL_OK)
		return req_error(rq, e);

	/* The spec answers a new request with 200 and a one-item list, ids as strings. */
	struct out o;
	out_begin(rq, &o, json);
	out_list(&o, "service_requests", false);
	out_obj(&o, "request");
	out_str(&o, "service_request_id", arena_printf(rq->a, "%lld", (long long)id));
	out_str(&o, "service_notice", T(rq, O311_NOTICE));
	out_str(&o, "account_id", NULL);
	out_obj_end(&o);
	out_list_end(&o);
	return 0;
}
