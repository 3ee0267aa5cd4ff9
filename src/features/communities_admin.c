/* communities_admin.c: the administrator's communities page — every community on the
 * installation, and the form that adds one. The checks, the store call and the audit row are
 * the API's (communities.c): a community is created one way, whichever door it comes in by. */
#include "communities_admin.h"
#include "communities.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

#define PAGE_SIZE 100

/* The form's boxes: the descriptive fields a person types (the Open311 id stays with the API). */
static const struct {
	const char *key;
	enum msg label;
	bool required;
} boxes[] = {
	{"name", MSG_COMMUNITIES_NAME, true},
	{"district", MSG_COMMUNITIES_DISTRICT, false},
	{"street", MSG_COMMUNITIES_STREET, false},
	{"city", MSG_COMMUNITIES_CITY, false},
};

/* The page; after a refused form, error names the problem and error_field the box it belongs
 * to, and what was typed is shown again. */
static int
page(struct req *rq, const char *error, const char *error_field)
{
	int64_t offset = 0, total = 0;
	if (field_int(rq, "offset", req_query(rq, "offset"), MSG_FIELD_OFFSET, 0, INT32_MAX, false, &offset) < 0)
		return req_fail(rq);
	struct community *cs;
	size_t n;
	enum yl_err rc = store_communities(rq->db, rq->a, PAGE_SIZE, offset, &cs, &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);

	struct html h;
	page_begin(rq, &h, T(rq, COMMUNITIES_TITLE));
	if (error)
		page_notice(&h, error, true);
	else if (req_query(rq, "done"))
		page_notice(&h, T(rq, COMMUNITIES_ADDED), false);

	html_lit(&h, "<h2>");
	html_text(&h, T(rq, COMMUNITIES_ADD_TITLE));
	html_lit(&h, "</h2>");
	form_begin(rq, &h, "/admin/communities");
	for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
		bool wrong = error && error_field && strcmp(error_field, boxes[i].key) == 0;
		form_input_error(&h, boxes[i].key, i18n_get(rq->lang, boxes[i].label), "text",
		                 error ? req_form(rq, boxes[i].key) : NULL, boxes[i].required, "off", wrong ? error : NULL);
	}
	form_submit(&h, T(rq, COMMUNITIES_ADD_SUBMIT));
	form_end(&h);

	html_lit(&h, "<h2>");
	html_text(&h, req_tn(rq, MSG_COMMUNITIES_COUNT, total, (int)total));
	html_lit(&h, "</h2><table class=\"list\"><thead><tr>");
	page_th(&h, T(rq, COMMUNITIES_NAME), false);
	page_th(&h, T(rq, COMMUNITIES_DISTRICT), false);
	page_th(&h, T(rq, COMMUNITIES_STREET), false);
	page_th(&h, T(rq, COMMUNITIES_CITY), false);
	page_th(&h, T(rq, DISTRICT_UNITS), true);
	page_th(&h, T(rq, DISTRICT_OWNERS), true);
	html_lit(&h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(&h, "<tr>");
		page_td(&h, T(rq, COMMUNITIES_NAME), cs[i].name, false);
		page_td(&h, T(rq, COMMUNITIES_DISTRICT), cs[i].district, false);
		page_td(&h, T(rq, COMMUNITIES_STREET), cs[i].street, false);
		page_td(&h, T(rq, COMMUNITIES_CITY), cs[i].city, false);
		page_td(&h, T(rq, DISTRICT_UNITS), arena_printf(rq->a, "%lld", (long long)cs[i].units), true);
		page_td(&h, T(rq, DISTRICT_OWNERS), arena_printf(rq->a, "%lld", (long long)cs[i].owners), true);
		html_lit(&h, "</tr>");
	}
	html_lit(&h, "</tbody></table><p class=\"pager\">");
	if (offset > 0) {
		html_lit(&h, "<a href=\"");
		html_url(&h, arena_printf(rq->a, "/admin/communities?offset=%lld",
		                          (long long)(offset > PAGE_SIZE ? offset - PAGE_SIZE : 0)));
		html_lit(&h, "\">");
		html_text(&h, T(rq, REG_PREV));
		html_lit(&h, "</a>");
	}
	if (offset + PAGE_SIZE < total) {
		html_lit(&h, "<a href=\"");
		html_url(&h, arena_printf(rq->a, "/admin/communities?offset=%lld", (long long)(offset + PAGE_SIZE)));
		html_lit(&h, "\">");
		html_text(&h, T(rq, REG_NEXT));
		html_lit(&h, "</a>");
	}
	html_lit(&h, "</p>");
	return page_end(rq, &h);
}

int
communities_admin_page(struct req *rq)
{
	return page(rq, NULL, NULL);
}

/* Shows the form again with the recorded problem at its field, keeping the problem's status. */
static int
refused(struct req *rq)
{
	int status = rq->err == ERR_CONFLICT ? 409 : rq->err == ERR_MALFORMED ? 400 : 422;
	const char *msg = rq->err_message, *field = rq->err_field;
	rq->err = YL_OK;
	rq->status = status;
	return page(rq, msg, field);
}

int
communities_admin_form(struct req *rq)
{
	struct community_fields f;
	if (community_fields_form(rq, &f) < 0)
		return refused(rq);
	int64_t id = 0;
	enum yl_err e = community_create(rq, &f, &id);
	if (e != YL_OK)
		return req_error(rq, e);
	return req_redirect(rq, "/admin/communities?done=added");
}
