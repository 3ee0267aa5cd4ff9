/* district.c: the district home — the communities a street office (街道) or district oversees,
 * their figures side by side with a total, each a way into that community's own pages — and
 * the same figures as JSON. Which communities: the grants whose role may read at district
 * level (perm.c); the figures: store/district.c, a few statements for all of them. */
#include "district.h"
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../store/district.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <jansson.h>
#include <string.h>

/* A chain head is 64 hex digits; the table shows its start (enough to compare with a printed
 * notice) and the whole of it on hover and to screen readers' "title". */
#define HASH_SHORT 12

int64_t *
district_communities(struct req *rq, size_t *n, bool *all)
{
	*n = 0;
	*all = false;
	int64_t *ids = arena_alloc(rq->a, (rq->actor.ngrants + 1) * sizeof *ids);
	for (size_t i = 0; i < rq->actor.ngrants; i++) {
		const struct grant *g = &rq->actor.grants[i];
		enum scope s = perm_scope(g->role, PERM_DISTRICT_READ);
		if (s == SCOPE_ALL)
			*all = true;
		else if (s == SCOPE_OWN_COMMUNITY && g->community_id != 0 && (*n == 0 || ids[*n - 1] != g->community_id))
			ids[(*n)++] = g->community_id; /* grants come ordered by community */
	}
	return ids;
}

int
district_scope(struct req *rq, struct target *t)
{
	/* The page is about all of them, so the permission is asked of the first: someone who is
	 * district staff in 2 and 3 and community staff in 1 must not be judged by community 1. */
	size_t n;
	bool all;
	int64_t *ids = district_communities(rq, &n, &all);
	if (!all && n > 0)
		t->community_id = ids[0];
	return 0;
}

static enum yl_err
figures(struct req *rq, struct district_row **rows, size_t *n)
{
	size_t nids;
	bool all;
	int64_t *ids = district_communities(rq, &nids, &all);
	return store_district(rq->db, rq->a, all ? NULL : ids, nids, rows, n);
}

struct totals {
	int64_t units, owners, area, active_owners, active_units, chain_length;
};

static struct totals
add_up(const struct district_row *rows, size_t n)
{
	struct totals t = {0};
	for (size_t i = 0; i < n; i++) {
		t.units += rows[i].units;
		t.owners += rows[i].owners;
		t.area += rows[i].area;
		t.active_owners += rows[i].active_owners;
		t.active_units += rows[i].active_units;
		t.chain_length += rows[i].chain_length;
	}
	return t;
}

/* part of whole as a percentage with one decimal, rounded half up in integers ("12.3");
 * NULL when whole is 0 (no units: no share to speak of). */
static const char *
percent(struct arena *a, int64_t part, int64_t whole)
{
	if (whole <= 0)
		return NULL;
	int64_t permille = (part * 1000 + whole / 2) / whole;
	return arena_printf(a, "%lld.%lld", (long long)(permille / 10), (long long)(permille % 10));
}

static const char *
area_text(struct arena *a, int64_t v)
{
	char b[24];
	dec_format(v, b);
	return arena_strdup(a, b);
}

static void
num_cell(struct html *h, const char *label, int64_t v)
{
	page_td_open(h, label, true);
	html_int(h, v);
	html_lit(h, "</td>");
}

static void
share_cell(struct req *rq, struct html *h, int64_t part, int64_t whole)
{
	const char *p = percent(rq->a, part, whole);
	page_td(h, T(rq, DISTRICT_ACTIVE_SHARE), p ? arena_printf(rq->a, "%s%%", p) : "—", true);
}

static void
hash_cell(struct req *rq, struct html *h, const char *hash)
{
	page_td_open(h, T(rq, CHAIN_HEAD), false);
	html_lit(h, "<code class=\"hash\" title=\"");
	html_attr(h, hash);
	html_lit(h, "\">");
	html_textn(h, hash, strnlen(hash, HASH_SHORT));
	html_lit(h, "…</code></td>");
}

/* Where a row leads: the community's register and its audit log, each where this person may
 * read it, with the community chosen in the URL (dispatch.c). */
static void
links_cell(struct req *rq, struct html *h, int64_t cid)
{
	struct target t = {cid, 0, 0, false};
	page_td_open(h, T(rq, DISTRICT_OPEN), false);
	if (req_allowed(rq, PERM_REGISTRY_READ, &t)) {
		html_lit(h, "<a href=\"");
		html_url(h, arena_printf(rq->a, "/registry?community=%lld", (long long)cid));
		html_lit(h, "\">");
		html_text(h, T(rq, NAV_REGISTRY));
		html_lit(h, "</a> ");
	}
	if (req_allowed(rq, PERM_AUDIT_READ, &t)) {
		html_lit(h, "<a href=\"");
		html_url(h, arena_printf(rq->a, "/audit?community=%lld", (long long)cid));
		html_lit(h, "\">");
		html_text(h, T(rq, NAV_AUDIT));
		html_lit(h, "</a>");
	}
	html_lit(h, "</td>");
}

int
district_page(struct req *rq)
{
	struct district_row *rows;
	size_t n;
	enum yl_err rc = figures(rq, &rows, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct totals t = add_up(rows, n);

	struct html h;
	page_begin(rq, &h, T(rq, DISTRICT_TITLE));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tn(rq, MSG_DISTRICT_LEAD, n, (int)n));
	html_lit(&h, "</p>");
	if (n == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, DISTRICT_NONE));
		html_lit(&h, "</p>");
		return page_end(rq, &h);
	}
	html_lit(&h, "<table class=\"list district\"><caption>");
	html_text(&h, T(rq, DISTRICT_CAPTION));
	html_lit(&h, "</caption><thead><tr>");
	page_th(&h, T(rq, DISTRICT_COMMUNITY), false);
	page_th(&h, T(rq, DISTRICT_UNITS), true);
	page_th(&h, T(rq, DISTRICT_OWNERS), true);
	page_th(&h, T(rq, REG_AREA), true);
	page_th(&h, T(rq, DISTRICT_ACTIVE), true);
	page_th(&h, T(rq, DISTRICT_ACTIVE_SHARE), true);
	/* Open problems, overdue, satisfaction, turnout and collection rate get their columns here
	 * (and in the rows and totals below) when the problem list, decisions and finance land. */
	page_th(&h, T(rq, CHAIN_LENGTH), true);
	page_th(&h, T(rq, CHAIN_HEAD), false);
	page_th(&h, T(rq, DISTRICT_OPEN), false);
	html_lit(&h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct district_row *r = &rows[i];
		html_lit(&h, "<tr><th scope=\"row\">");
		html_text(&h, r->name);
		if (r->street[0] || r->district[0]) {
			html_lit(&h, "<span class=\"where\">");
			html_text(&h, r->district);
			html_text(&h, r->street);
			html_lit(&h, "</span>");
		}
		html_lit(&h, "</th>");
		num_cell(&h, T(rq, DISTRICT_UNITS), r->units);
		num_cell(&h, T(rq, DISTRICT_OWNERS), r->owners);
		page_td(&h, T(rq, REG_AREA), area_text(rq->a, r->area), true);
		num_cell(&h, T(rq, DISTRICT_ACTIVE), r->active_owners);
		share_cell(rq, &h, r->active_units, r->units);
		num_cell(&h, T(rq, CHAIN_LENGTH), r->chain_length);
		hash_cell(rq, &h, r->chain_head);
		links_cell(rq, &h, r->community_id);
		html_lit(&h, "</tr>");
	}
	html_lit(&h, "</tbody><tfoot><tr><th scope=\"row\">");
	html_text(&h, req_tn(rq, MSG_DISTRICT_TOTAL, n, (int)n));
	html_lit(&h, "</th>");
	num_cell(&h, T(rq, DISTRICT_UNITS), t.units);
	num_cell(&h, T(rq, DISTRICT_OWNERS), t.owners);
	page_td(&h, T(rq, REG_AREA), area_text(rq->a, t.area), true);
	num_cell(&h, T(rq, DISTRICT_ACTIVE), t.active_owners);
	share_cell(rq, &h, t.active_units, t.units);
	num_cell(&h, T(rq, CHAIN_LENGTH), t.chain_length);
	html_lit(&h, "<td></td><td></td></tr></tfoot></table><p>");
	html_text(&h, T(rq, DISTRICT_HELP));
	html_lit(&h, " <a href=\"/audit/chain\">");
	html_text(&h, T(rq, CHAIN_TITLE));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

static json_t *
area_json(int64_t v)
{
	char b[24];
	dec_format(v, b);
	return json_string(b);
}

/* The share as an exact decimal string (percent, one decimal), null when there are no units. */
static json_t *
share_json(struct arena *a, int64_t part, int64_t whole)
{
	const char *p = percent(a, part, whole);
	return p ? json_string(p) : json_null();
}

int
district_api(struct req *rq)
{
	struct district_row *rows;
	size_t n;
	enum yl_err rc = figures(rq, &rows, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct totals t = add_up(rows, n);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct district_row *r = &rows[i];
		json_array_append_new(
		    items, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o, s:I, s:I, s:o, s:{s:I, s:s}}", "community_id",
		                     (json_int_t)r->community_id, "name", r->name, "district", r->district, "street",
		                     r->street, "units", (json_int_t)r->units, "owners", (json_int_t)r->owners, "area_m2",
		                     area_json(r->area), "active_owners", (json_int_t)r->active_owners, "active_units",
		                     (json_int_t)r->active_units, "active_units_pct", share_json(rq->a, r->active_units, r->units),
		                     "audit", "length", (json_int_t)r->chain_length, "head", r->chain_head));
	}
	json_t *totals = json_pack("{s:I, s:I, s:o, s:I, s:I, s:o, s:I}", "units", (json_int_t)t.units, "owners",
	                           (json_int_t)t.owners, "area_m2", area_json(t.area), "active_owners",
	                           (json_int_t)t.active_owners, "active_units", (json_int_t)t.active_units,
	                           "active_units_pct", share_json(rq->a, t.active_units, t.units), "audit_length",
	                           (json_int_t)t.chain_length);
	return req_json(rq, 200, json_pack("{s:o, s:I, s:o}", "items", items, "total", (json_int_t)n, "totals", totals));
}
