/* audit_log.c: the staff's view of the audit log (filter by action, actor, object) and the public
 * page of chain heads, which a community prints so anyone can later check nothing was rewritten. */
#include "audit_log.h"
#include "../core/arena.h"
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

int
audit_page(struct req *rq)
{
	struct audit_filter f = {.community_id = rq->community_id, .limit = PAGE_SIZE};
	const char *action = req_query(rq, "action"), *actor = req_query(rq, "actor");
	if (field_text(rq, "action", action, MSG_AUDIT_ACTION, 64, false, &f.action_prefix) < 0 ||
	    field_text(rq, "actor", actor, MSG_AUDIT_ACTOR, 64, false, &f.actor) < 0 ||
	    field_int(rq, "offset", req_query(rq, "offset"), MSG_FIELD_OFFSET, 0, INT32_MAX, false, &f.offset) < 0)
		return req_fail(rq);
	if (!*f.actor)
		f.actor = NULL;
	struct audit_item *items;
	size_t n;
	int64_t total;
	bool more;
	enum yl_err rc = store_audit_list(rq->db, rq->a, &f, &items, &n, &more, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, AUDIT_TITLE));
	html_lit(&h, "<form class=\"filters\" method=\"get\" action=\"/audit\">");
	form_keep_community(rq, &h);
	form_input(&h, "action", T(rq, AUDIT_ACTION), "search", f.action_prefix, false, "off");
	form_input(&h, "actor", T(rq, AUDIT_ACTOR), "search", f.actor, false, "off");
	form_submit(&h, T(rq, REG_FILTER));
	html_lit(&h, "</form>");
	if (total >= 0) {
		html_lit(&h, "<h2>");
		html_text(&h, req_tn(rq, MSG_AUDIT_COUNT, total, (int)total));
		html_lit(&h, "</h2>");
	}
	html_lit(&h, "<table class=\"list audit\"><thead><tr><th scope=\"col\">");
	html_text(&h, T(rq, AUDIT_SEQ));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, AUDIT_TIME));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, AUDIT_ACTOR));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, AUDIT_ACTION));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, AUDIT_OBJECT));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, AUDIT_DETAILS));
	html_lit(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct audit_row *r = &items[i].row;
		char when[20];
		time_local(r->at, when);
		html_lit(&h, "<tr><td>");
		html_int(&h, r->seq);
		html_lit(&h, "</td><td>");
		html_text(&h, when);
		html_lit(&h, "</td><td>");
		html_text(&h, r->actor[0] ? r->actor : T(rq, AUDIT_SYSTEM));
		html_lit(&h, "</td><td>");
		html_text(&h, r->action);
		html_lit(&h, "</td><td>");
		if (strcmp(r->object_type, "unit") == 0) {
			html_lit(&h, "<a href=\"");
			html_url(&h, arena_printf(rq->a, "/registry/units/%lld", (long long)r->object_id));
			html_lit(&h, "\">");
		}
		html_text(&h, r->object_type);
		html_lit(&h, " ");
		html_int(&h, r->object_id);
		if (strcmp(r->object_type, "unit") == 0)
			html_lit(&h, "</a>");
		html_lit(&h, "</td><td><code>");
		html_text(&h, r->details);
		html_lit(&h, "</code></td></tr>");
	}
	html_lit(&h, "</tbody></table><p class=\"pager\">");
	if (more) {
		struct buf next;
		buf_init(&next, rq->a, 128);
		buf_printf(&next, "/audit?offset=%lld&action=", (long long)(f.offset + PAGE_SIZE));
		url_encode(&next, f.action_prefix, strlen(f.action_prefix));
		if (f.actor) {
			buf_adds(&next, "&actor=");
			url_encode(&next, f.actor, strlen(f.actor));
		}
		buf_adds(&next, community_arg(rq));
		html_lit(&h, "<a href=\"");
		html_url(&h, next.p);
		html_lit(&h, "\">");
		html_text(&h, T(rq, REG_NEXT));
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>");
	return page_end(rq, &h);
}

/* Chain heads: the installation's own (0) and each community's, in one statement. */
static enum yl_err
heads(struct req *rq, struct community_brief **cs, size_t *n, struct audit_head **hs)
{
	const char **names;
	enum yl_err rc = store_audit_heads(rq->db, rq->a, hs, &names, n);
	if (rc != YL_OK)
		return rc;
	*cs = arena_alloc(rq->a, (*n + 1) * sizeof **cs);
	for (size_t i = 0; i < *n; i++)
		(*cs)[i] = (struct community_brief){(*hs)[i + 1].community_id, names[i]};
	return YL_OK;
}

int
audit_chain_page(struct req *rq)
{
	struct community_brief *cs;
	struct audit_head *hs;
	size_t n;
	enum yl_err rc = heads(rq, &cs, &n, &hs);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, CHAIN_TITLE));
	html_lit(&h, "<p>");
	html_text(&h, T(rq, CHAIN_HELP));
	html_lit(&h, "</p><table class=\"list\"><thead><tr><th scope=\"col\">");
	html_text(&h, T(rq, CHAIN_COMMUNITY));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, CHAIN_LENGTH));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, CHAIN_HEAD));
	html_lit(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i <= n; i++) {
		html_lit(&h, "<tr><td>");
		html_text(&h, i == 0 ? T(rq, CHAIN_INSTALLATION) : cs[i - 1].name);
		html_lit(&h, "</td><td>");
		html_int(&h, hs[i].length);
		html_lit(&h, "</td><td><code class=\"hash\">");
		html_text(&h, hs[i].hash);
		html_lit(&h, "</code></td></tr>");
	}
	html_lit(&h, "</tbody></table>");
	return page_end(rq, &h);
}

int
audit_heads_api(struct req *rq)
{
	struct community_brief *cs;
	struct audit_head *hs;
	size_t n;
	enum yl_err rc = heads(rq, &cs, &n, &hs);
	if (rc != YL_OK)
		return req_error(rq, rc);
	json_t *items = json_array();
	for (size_t i = 0; i <= n; i++)
		json_array_append_new(items, json_pack("{s:I, s:I, s:s}", "community_id", (json_int_t)hs[i].community_id,
		                                       "length", (json_int_t)hs[i].length, "head", hs[i].hash));
	return req_json(rq, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)(n + 1)));
}
