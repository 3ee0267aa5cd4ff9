/* layout.c: the frame around every page. Mobile-first, no inline script or style, readable at
 * 200% zoom; the 长辈模式 and language switches are plain forms, so they work without JS. */
#include "layout.h"
#include "assets.h"
#include "req.h"
#include "session.h"
#include "../core/arena.h"

#include <string.h>

static const struct nav_item *nav;
static size_t nav_n;

void
layout_set_nav(const struct nav_item *items, size_t n)
{
	nav = items;
	nav_n = n;
}

static void
switches(struct req *rq, struct html *h)
{
	const char *csrf = req_csrf(rq);
	/* Back to this very page, query included (a claim link carries its code in it). Only a GET
	 * can be come back to; after a form post the switch returns to the form's page. */
	const char *here = rq->method == GET && rq->query_string[0]
	                       ? arena_printf(rq->a, "%s?%s", rq->path, rq->query_string)
	                       : rq->path;
	/* A page that answers a POST (a sheet of activation codes, shown once) cannot be come back
	 * to: there app.js applies the text size in place (data-in-place) instead of following the
	 * form, and swaps the button's label between data-on and data-off. */
	html_lit(h, "<form class=\"switch\" method=\"post\" action=\"/prefs\"");
	if (rq->method != GET)
		html_lit(h, " data-in-place");
	html_lit(h, "><input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(h, csrf);
	html_lit(h, "\"><input type=\"hidden\" name=\"next\" value=\"");
	html_attr(h, here);
	html_lit(h, "\"><input type=\"hidden\" name=\"large\" value=\"");
	html_attr(h, rq->large_text ? "0" : "1");
	html_lit(h, "\"><button type=\"submit\" class=\"btn-switch\" data-on=\"");
	html_attr(h, T(rq, LARGE_ON));
	html_lit(h, "\" data-off=\"");
	html_attr(h, T(rq, LARGE_OFF));
	html_lit(h, "\" aria-pressed=\"");
	html_attr(h, rq->large_text ? "true" : "false");
	html_lit(h, "\">");
	html_text(h, rq->large_text ? T(rq, LARGE_OFF) : T(rq, LARGE_ON));
	html_lit(h, "</button></form>");

	html_lit(h, "<form class=\"switch\" method=\"post\" action=\"/prefs\">"
	            "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(h, csrf);
	html_lit(h, "\"><input type=\"hidden\" name=\"next\" value=\"");
	html_attr(h, here);
	html_lit(h, "\"><input type=\"hidden\" name=\"lang\" value=\"");
	html_attr(h, rq->lang == LANG_ZH ? "en" : "zh-CN");
	html_lit(h, "\"><button type=\"submit\" class=\"btn-switch\" lang=\"");
	html_attr(h, rq->lang == LANG_ZH ? "en" : "zh-CN");
	html_lit(h, "\">");
	html_text(h, T(rq, LANG_SWITCH));
	html_lit(h, "</button></form>");
}

static bool
nav_shown(struct req *rq, const struct nav_item *it)
{
	struct target t = {rq->community_id, 0, 0, true};
	return it->anonymous_only ? rq->actor.id == 0 : req_allowed(rq, it->perm, &t);
}

static void
nav_link(struct req *rq, struct html *h, const struct nav_item *it)
{
	html_lit(h, "<a href=\"");
	if (it->per_community && req_query(rq, "community"))
		html_url(h, arena_printf(rq->a, "%s?community=%lld", it->href, (long long)rq->community_id));
	else
		html_url(h, it->href);
	html_lit(h, "\"");
	if (strcmp(rq->path, it->href) == 0)
		html_lit(h, " aria-current=\"page\"");
	html_lit(h, ">");
	html_text(h, i18n_get(rq->lang, it->label));
	html_lit(h, "</a>");
}

/* Every section the actor may open. On a phone only the primary ones and 全部栏目 (/menu) show:
 * fifteen entries took a resident's whole first screen, in 长辈模式 two. */
static void
navigation(struct req *rq, struct html *h)
{
	html_lit(h, "<nav aria-label=\"");
	html_attr(h, T(rq, NAV_MAIN));
	html_lit(h, "\"><ul>");
	bool hidden = false;
	for (size_t i = 0; i < nav_n; i++) {
		const struct nav_item *it = &nav[i];
		if (!nav_shown(rq, it))
			continue;
		hidden |= !it->primary;
		if (it->primary)
			html_lit(h, "<li>");
		else
			html_lit(h, "<li class=\"sub\">");
		nav_link(rq, h, it);
		html_lit(h, "</li>");
	}
	if (hidden) {
		struct nav_item all = {MSG_NAV_ALL, "/menu", PERM_PUBLIC, false, false, true};
		html_lit(h, "<li class=\"all\">");
		nav_link(rq, h, &all);
		html_lit(h, "</li>");
	}
	if (rq->actor.id) {
		html_lit(h, "<li><form method=\"post\" action=\"/logout\"><input type=\"hidden\" "
		            "name=\"csrf\" value=\"");
		html_attr(h, req_csrf(rq));
		html_lit(h, "\"><button type=\"submit\" class=\"link\">");
		html_text(h, T(rq, NAV_LOGOUT));
		html_lit(h, "</button></form></li>");
	}
	html_lit(h, "</ul></nav>");
}

void
page_site_map(struct req *rq, struct html *h)
{
	html_lit(h, "<ul class=\"site-map\">");
	for (size_t i = 0; i < nav_n; i++)
		if (nav_shown(rq, &nav[i])) {
			html_lit(h, "<li>");
			nav_link(rq, h, &nav[i]);
			html_lit(h, "</li>");
		}
	html_lit(h, "</ul>");
}

void
page_begin(struct req *rq, struct html *h, const char *title)
{
	h->b = rq->out;
	h->form_scope = NULL;
	buf_reset(&h->b);
	html_lit(h, "<!doctype html><html lang=\"");
	html_attr(h, lang_code(rq->lang));
	html_lit(h, "\"");
	if (rq->large_text)
		html_lit(h, " class=\"large\"");
	html_lit(h, "><head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	            "<title>");
	html_text(h, title);
	html_lit(h, " · ");
	html_text(h, rq->community_name ? rq->community_name : T(rq, SITE_NAME));
	html_lit(h, "</title><link rel=\"stylesheet\" href=\"");
	html_url(h, asset_url("app.css"));
	html_lit(h, "\"><script src=\"");
	html_url(h, asset_url("app.js"));
	html_lit(h, "\" defer></script></head><body>");
	html_lit(h, "<a class=\"skip\" href=\"#main\">");
	html_text(h, T(rq, SKIP_TO_CONTENT));
	html_lit(h, "</a><header class=\"site\"><div class=\"bar\"><a class=\"brand\" href=\"/\">");
	html_text(h, rq->community_name ? rq->community_name : T(rq, SITE_NAME));
	html_lit(h, "</a><div class=\"switches\">");
	switches(rq, h);
	html_lit(h, "</div></div>");
	navigation(rq, h);
	html_lit(h, "</header><main id=\"main\"><h1>");
	html_text(h, title);
	html_lit(h, "</h1>");
}

int
page_end(struct req *rq, struct html *h)
{
	html_lit(h, "</main><footer class=\"site\"><p>");
	html_text(h, T(rq, FOOTER_TEXT));
	html_lit(h, "</p></footer></body></html>\n");
	rq->out = h->b;
	if (rq->status == 0)
		rq->status = 200;
	rq->resp_type = "text/html; charset=utf-8";
	return 0;
}

void
page_notice(struct html *h, const char *text, bool is_error)
{
	if (is_error)
		html_lit(h, "<p class=\"notice error\" role=\"alert\">");
	else
		html_lit(h, "<p class=\"notice ok\" role=\"status\">");
	html_text(h, text);
	html_lit(h, "</p>");
}

void
form_begin(struct req *rq, struct html *h, const char *action)
{
	html_lit(h, "<form method=\"post\" action=\"");
	html_url(h, action);
	html_lit(h, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(h, req_csrf(rq));
	html_lit(h, "\">");
}

void
form_begin_multipart(struct req *rq, struct html *h, const char *action)
{
	html_lit(h, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
	html_url(h, action);
	html_lit(h, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(h, req_csrf(rq));
	html_lit(h, "\">");
}

void
form_end(struct html *h)
{
	html_lit(h, "</form>");
}

/* id="f-…" of field name, in the form scope when one is set. */
static void
field_id(struct html *h, const char *name)
{
	html_lit(h, "f-");
	if (h->form_scope) {
		html_attr(h, h->form_scope);
		html_lit(h, "-");
	}
	html_attr(h, name);
}

void
form_input(struct html *h, const char *name, const char *label, const char *type, const char *value,
           bool required, const char *autocomplete)
{
	form_input_error(h, name, label, type, value, required, autocomplete, NULL);
}

void
form_input_error(struct html *h, const char *name, const char *label, const char *type, const char *value,
                 bool required, const char *autocomplete, const char *error)
{
	html_lit(h, "<p class=\"field\"><label for=\"");
	field_id(h, name);
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, "</label><input id=\"");
	field_id(h, name);
	html_lit(h, "\" name=\"");
	html_attr(h, name);
	html_lit(h, "\" type=\"");
	html_attr(h, type);
	html_lit(h, "\"");
	if (value) {
		html_lit(h, " value=\"");
		html_attr(h, value);
		html_lit(h, "\"");
	}
	if (autocomplete) {
		html_lit(h, " autocomplete=\"");
		html_attr(h, autocomplete);
		html_lit(h, "\"");
	}
	if (required)
		html_lit(h, " required");
	if (error) {
		html_lit(h, " aria-invalid=\"true\" aria-describedby=\"e-");
		html_attr(h, name);
		html_lit(h, "\"><span class=\"field-error\" id=\"e-");
		html_attr(h, name);
		html_lit(h, "\">");
		html_text(h, error);
		html_lit(h, "</span></p>");
		return;
	}
	html_lit(h, "></p>");
}

void
form_keep_community(struct req *rq, struct html *h)
{
	if (!req_query(rq, "community"))
		return;
	html_lit(h, "<input type=\"hidden\" name=\"community\" value=\"");
	html_int(h, rq->community_id);
	html_lit(h, "\">");
}

const char *
community_arg(struct req *rq)
{
	if (!req_query(rq, "community"))
		return "";
	return arena_printf(rq->a, "&community=%lld", (long long)rq->community_id);
}

void
form_submit(struct html *h, const char *label)
{
	html_lit(h, "<p><button type=\"submit\" class=\"btn\">");
	html_text(h, label);
	html_lit(h, "</button></p>");
}

void
form_select_open(struct html *h, const char *name, const char *label)
{
	html_lit(h, "<p class=\"field\"><label for=\"");
	field_id(h, name);
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, "</label><select id=\"");
	field_id(h, name);
	html_lit(h, "\" name=\"");
	html_attr(h, name);
	html_lit(h, "\">");
}

void
form_option(struct html *h, const char *value, const char *label, bool selected)
{
	html_lit(h, "<option value=\"");
	html_attr(h, value);
	html_lit(h, "\"");
	if (selected)
		html_lit(h, " selected");
	html_lit(h, ">");
	html_text(h, label);
	html_lit(h, "</option>");
}

void
form_option_id(struct html *h, int64_t id, const char *label, bool selected)
{
	html_lit(h, "<option value=\"");
	html_int(h, id);
	html_lit(h, "\"");
	if (selected)
		html_lit(h, " selected");
	html_lit(h, ">");
	html_text(h, label);
	html_lit(h, "</option>");
}

void
form_textarea(struct html *h, const char *name, const char *label, const char *value, int rows, int max_chars,
              bool required)
{
	html_lit(h, "<p class=\"field\"><label for=\"");
	field_id(h, name);
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, "</label><textarea id=\"");
	field_id(h, name);
	html_lit(h, "\" name=\"");
	html_attr(h, name);
	html_lit(h, "\" rows=\"");
	html_int(h, rows);
	html_lit(h, "\" maxlength=\"");
	html_int(h, max_chars);
	html_lit(h, "\"");
	if (required)
		html_lit(h, " required");
	html_lit(h, ">");
	html_text(h, value ? value : "");
	html_lit(h, "</textarea></p>");
}

void
page_read_aloud(struct req *rq, struct html *h, const char *target_id)
{
	html_lit(h, "<p><button type=\"button\" class=\"btn read-aloud\" hidden aria-pressed=\"false\" data-read=\"");
	html_attr(h, target_id);
	html_lit(h, "\">");
	html_text(h, T(rq, READ_ALOUD));
	html_lit(h, "</button></p>");
}

void
form_checkbox(struct html *h, const char *name, const char *label, bool checked)
{
	html_lit(h, "<p class=\"field check\"><label><input type=\"checkbox\" name=\"");
	html_attr(h, name);
	html_lit(h, "\" value=\"1\"");
	if (checked)
		html_lit(h, " checked");
	html_lit(h, "> ");
	html_text(h, label);
	html_lit(h, "</label></p>");
}

void
page_th(struct html *h, const char *label, bool num)
{
	if (num)
		html_lit(h, "<th scope=\"col\" class=\"num\">");
	else
		html_lit(h, "<th scope=\"col\">");
	html_text(h, label);
	html_lit(h, "</th>");
}

void
page_td_open(struct html *h, const char *label, bool num)
{
	if (num)
		html_lit(h, "<td class=\"num\" data-label=\"");
	else
		html_lit(h, "<td data-label=\"");
	html_attr(h, label);
	html_lit(h, "\">");
}

void
page_td(struct html *h, const char *label, const char *text, bool num)
{
	page_td_open(h, label, num);
	html_text(h, text);
	html_lit(h, "</td>");
}

void
page_fact(struct html *h, const char *label, const char *value)
{
	html_lit(h, "<dt>");
	html_text(h, label);
	html_lit(h, "</dt><dd>");
	html_text(h, value);
	html_lit(h, "</dd>");
}
