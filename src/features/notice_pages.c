/* notice_pages.c: the notice board's pages — the list (/notices: current, archive, "for my
 * building", and for staff the drafts and those not yet begun), one notice with its body read
 * aloud on request, the A4 print with its QR code and audit hash, and the staff's forms. Rules
 * and writes are notices.c. */
#include "notices.h"
#include "uploads.h"
#include "volunteers.h"
#include "../core/arena.h"
#include "../store/db.h"
#include "../store/files.h"
#include "../store/registry.h"
#include "../web/layout.h"
#include "../web/markdown.h"
#include "../web/qr.h"
#include "../web/req.h"

#include <string.h>

#define PAGE_MAX 50

/* The list --------------------------------------------------------------------------------------- */

static const char *
period_text(struct req *rq, const struct notice *n)
{
	if (n->starts_at == 0)
		return T(rq, NT_PERIOD_UNSET);
	return req_tf(rq, MSG_NT_PERIOD, req_day(rq, n->starts_at), notice_last_day(rq, n->ends_at));
}

static void
notice_item(struct req *rq, struct html *h, const struct notice *n)
{
	html_lit(h, "<li class=\"notice-item\"><a href=\"");
	html_url(h, arena_printf(rq->a, "/notices/%lld", (long long)n->id));
	html_lit(h, "\">");
	html_text(h, n->title);
	html_lit(h, "</a><span class=\"meta\">");
	html_text(h, notice_kind_text(rq, n->kind));
	html_lit(h, " · ");
	html_text(h, req_tf(rq, MSG_NT_FOR, notice_audience_text(rq, n->audience, n->naudience)));
	html_lit(h, "<br>");
	if (n->state == NST_WITHDRAWN)
		html_text(h, notice_state_text(rq, n->state));
	else
		html_text(h, period_text(rq, n));
	html_lit(h, "</span></li>");
}

static void
section(struct req *rq, struct html *h, enum msg heading, const struct notice_filter *f, bool only_managed)
{
	struct notice *v;
	size_t n;
	int64_t total;
	if (store_notices(rq->db, rq->a, rq->community_id, f, PAGE_MAX, 0, &v, &n, &total) != YL_OK)
		return;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (only_managed && !notice_may_manage(rq, v[i].kind))
			continue;
		if (shown++ == 0) {
			html_lit(h, "<h2>");
			html_text(h, i18n_get(rq->lang, heading));
			html_lit(h, "</h2><ul class=\"notices\">");
		}
		notice_item(rq, h, &v[i]);
	}
	if (shown)
		html_lit(h, "</ul>");
	else if (!only_managed) {
		html_lit(h, "<h2>");
		html_text(h, i18n_get(rq->lang, heading));
		html_lit(h, "</h2><p>");
		html_text(h, T(rq, NT_NONE));
		html_lit(h, "</p>");
	}
}

/* The buildings of the units the signed-in person owns or lives in (at most 4). */
static size_t
my_buildings(struct req *rq, int64_t out[4])
{
	const int64_t *units;
	size_t nu = req_own_units(rq, &units), n = 0;
	for (size_t i = 0; i < nu && n < 4; i++) {
		int64_t cid, b;
		if (store_unit_community(rq->db, units[i], &cid, &b) != YL_OK)
			continue;
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= out[k] == b;
		if (!seen)
			out[n++] = b;
	}
	return n;
}

static void
tab(struct req *rq, struct html *h, const char *href, enum msg label, bool current)
{
	html_lit(h, "<a class=\"btn");
	if (current)
		html_lit(h, " current\" aria-current=\"page");
	html_lit(h, "\" href=\"");
	html_url(h, arena_printf(rq->a, "%s%s", href, community_arg(rq)));
	html_lit(h, "\">");
	html_text(h, i18n_get(rq->lang, label));
	html_lit(h, "</a> ");
}

int
notices_page(struct req *rq)
{
	bool archive = req_query(rq, "archive") != NULL, mine = req_query(rq, "mine") != NULL;
	int64_t buildings[4];
	size_t nb = my_buildings(rq, buildings);
	struct html h;
	page_begin(rq, &h, T(rq, NT_TITLE));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, NT_LEAD));
	html_lit(&h, "</p><p class=\"tabs\">");
	tab(rq, &h, "/notices?now=1", MSG_NT_CURRENT, !archive && !mine);
	if (nb)
		tab(rq, &h, "/notices?mine=1", MSG_NT_MINE, mine);
	tab(rq, &h, "/notices?archive=1", MSG_NT_ARCHIVE, archive);
	if (notice_manager(rq))
		tab(rq, &h, "/notices/new?new=1", MSG_NT_NEW, false);
	html_lit(&h, "</p>");
	struct notice_filter f = {.list = archive ? NL_ARCHIVE : NL_CURRENT, .now = db_now(), .kind = -1};
	if (mine) {
		f.buildings = buildings;
		f.nbuildings = nb;
	}
	section(rq, &h, archive ? MSG_NT_ARCHIVE : mine ? MSG_NT_MINE : MSG_NT_CURRENT, &f, false);
	if (notice_manager(rq) && !archive) {
		f = (struct notice_filter){.list = NL_DRAFTS, .now = db_now(), .kind = -1};
		section(rq, &h, MSG_NT_DRAFTS, &f, true);
		f.list = NL_SCHEDULED;
		section(rq, &h, MSG_NT_SCHEDULED, &f, true);
	}
	return page_end(rq, &h);
}

/* Writing one ------------------------------------------------------------------------------------ */

/* The draft's fields as the form shows them: a refused form comes back as it was written; the
 * edit page starts from the draft as stored; a new notice from nothing. */
struct draft_fields {
	const char *title, *kind, *body, *audience, *starts_on, *ends_on;
	const char *replaces; /* the notice a correction replaces (set through the API), kept as it is */
};

static struct draft_fields
posted_fields(struct req *rq)
{
	return (struct draft_fields){req_form(rq, "title"), req_form(rq, "kind"), req_form(rq, "body"),
	                             req_form(rq, "audience"), req_form(rq, "starts_on"), req_form(rq, "ends_on"),
	                             req_form(rq, "replaces_id")};
}

/* The writing form, for a new notice (action /notices) or a draft (/notices/{id}/edit). */
static int
render_form(struct req *rq, const char *title, const char *action, const struct draft_fields *f, const char *notice)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct html h;
	page_begin(rq, &h, title);
	rq->status = status;
	if (notice)
		page_notice(&h, notice, true);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, NT_NEW_HINT));
	html_lit(&h, "</p>");
	form_begin(rq, &h, action);
	if (f->replaces && *f->replaces) {
		html_lit(&h, "<input type=\"hidden\" name=\"replaces_id\" value=\"");
		html_attr(&h, f->replaces);
		html_lit(&h, "\">");
	}
	form_input(&h, "title", T(rq, NT_TITLE_LABEL), "text", f->title, true, "off");
	form_select_open(&h, "kind", T(rq, NT_KIND_LABEL));
	for (int k = 0; k < NK__COUNT; k++)
		if (notice_may_manage(rq, (enum notice_kind)k))
			form_option(&h, notice_kind_names[k], notice_kind_text(rq, (enum notice_kind)k),
			            f->kind && strcmp(f->kind, notice_kind_names[k]) == 0);
	html_lit(&h, "</select></p>");
	form_textarea(&h, "body", T(rq, NT_BODY_LABEL), f->body, 10, 20000, false);
	html_lit(&h, "<p class=\"hint\">");
	html_text(&h, T(rq, NT_BODY_HINT));
	html_lit(&h, "</p>");
	form_input(&h, "audience", T(rq, NT_AUDIENCE_LABEL), "text", f->audience, false, "off");
	html_lit(&h, "<p class=\"hint\">");
	html_text(&h, T(rq, NT_AUDIENCE_HINT));
	html_lit(&h, "</p>");
	form_input(&h, "starts_on", T(rq, NT_STARTS_ON), "date", f->starts_on, false, "off");
	form_input(&h, "ends_on", T(rq, NT_ENDS_ON), "date", f->ends_on, false, "off");
	html_lit(&h, "<p class=\"hint\">");
	html_text(&h, T(rq, NT_PERIOD_HINT));
	html_lit(&h, "</p>");
	form_submit(&h, T(rq, NT_SAVE_DRAFT));
	form_end(&h);
	return page_end(rq, &h);
}

int
notice_new_page(struct req *rq)
{
	struct draft_fields f = {0};
	return render_form(rq, T(rq, NT_NEW), "/notices", &f, NULL);
}

int
notice_create_form(struct req *rq)
{
	int64_t id = 0;
	if (notice_create(rq, NULL, &id) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		struct draft_fields f = posted_fields(rq);
		return render_form(rq, T(rq, NT_NEW), "/notices", &f, rq->err_message);
	}
	return req_redirect(rq, arena_printf(rq->a, "/notices/%lld?done=created", (long long)id));
}

/* Changing a draft: the same form, filled with the draft. A published notice is never changed
 * (409 with the reason, as the API answers); a withdrawn one neither. */
int
notice_edit_page(struct req *rq)
{
	struct notice n;
	if (notice_load_draft(rq, &n) < 0)
		return req_fail(rq);
	struct draft_fields f = {n.title, notice_kind_names[n.kind], n.body,
	                         n.naudience ? notice_audience_text(rq, n.audience, n.naudience) : "",
	                         n.starts_at ? req_day(rq, n.starts_at) : "",
	                         n.ends_at ? notice_last_day(rq, n.ends_at) : "",
	                         n.replaces_id ? arena_printf(rq->a, "%lld", (long long)n.replaces_id) : NULL};
	return render_form(rq, req_tf(rq, MSG_NT_EDIT_TITLE, n.title),
	                   arena_printf(rq->a, "/notices/%lld/edit", (long long)n.id), &f, NULL);
}

int
notice_edit_form(struct req *rq)
{
	if (notice_update(rq, NULL) < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		struct draft_fields f = posted_fields(rq);
		int64_t id = req_param_id(rq, "id");
		return render_form(rq, T(rq, NT_EDIT), arena_printf(rq->a, "/notices/%lld/edit", (long long)id), &f,
		                   rq->err_message);
	}
	return req_redirect(rq, arena_printf(rq->a, "/notices/%lld?done=updated", (long long)req_param_id(rq, "id")));
}

/* One notice ---------------------------------------------------------------------------------- */

static void
facts(struct req *rq, struct html *h, const struct notice *n)
{
	html_lit(h, "<dl class=\"facts\">");
	page_fact(h, T(rq, NT_KIND_LABEL), notice_kind_text(rq, n->kind));
	page_fact(h, T(rq, NT_AUDIENCE_LABEL), notice_audience_text(rq, n->audience, n->naudience));
	page_fact(h, T(rq, NT_PERIOD_LABEL), period_text(rq, n));
	if (n->published_at)
		page_fact(h, T(rq, NT_PUBLISHED_AT), req_day(rq, n->published_at));
	if (n->state == NST_DRAFT)
		page_fact(h, T(rq, NT_STATE_LABEL), notice_state_text(rq, n->state));
	if (n->delivered)
		page_fact(h, T(rq, NT_DELIVERED_LABEL), req_tn(rq, MSG_NT_DELIVERED, n->delivered, (long long)n->delivered));
	html_lit(h, "</dl>");
	if (n->replaces_id) {
		html_lit(h, "<p>");
		html_lit(h, "<a href=\"");
		html_url(h, arena_printf(rq->a, "/notices/%lld", (long long)n->replaces_id));
		html_lit(h, "\">");
		html_text(h, T(rq, NT_REPLACES_LINK));
		html_lit(h, "</a></p>");
	}
}

static void
attachments(struct req *rq, struct html *h, const struct notice *n)
{
	struct notice_attachment *v;
	size_t k;
	if (store_notice_attachments(rq->db, rq->a, rq->community_id, n->id, &v, &k) != YL_OK || k == 0)
		return;
	html_lit(h, "<h2>");
	html_text(h, T(rq, NT_ATTACHMENTS));
	html_lit(h, "</h2><ul class=\"history\">");
	for (size_t i = 0; i < k; i++) {
		html_lit(h, "<li><a href=\"");
		html_url(h, arena_printf(rq->a, "/notices/attachments/%lld", (long long)v[i].id));
		html_lit(h, "\">");
		html_text(h, v[i].name);
		html_lit(h, "</a></li>");
	}
	html_lit(h, "</ul>");
}

static void
deliveries(struct req *rq, struct html *h, const struct notice *n)
{
	struct notice_delivery *v;
	size_t k;
	if (store_notice_deliveries(rq->db, rq->a, rq->community_id, n->id, &v, &k) != YL_OK || k == 0)
		return;
	html_lit(h, "<h2>");
	html_text(h, T(rq, NT_DELIVERIES));
	html_lit(h, "</h2><ul class=\"history\">");
	for (size_t i = 0; i < k; i++) {
		html_lit(h, "<li>");
		html_text(h, req_tn(rq, MSG_NT_DELIVERY_LINE, v[i].households, notice_audience_text(rq, &v[i].place, 1),
		                    (long long)v[i].households, req_day(rq, v[i].recorded_at)));
		html_lit(h, "</li>");
	}
	html_lit(h, "</ul>");
}

static void
actions(struct req *rq, struct html *h, const struct notice *n)
{
	const char *base = arena_printf(rq->a, "/notices/%lld", (long long)n->id);
	if (n->state == NST_DRAFT && notice_may_manage(rq, n->kind)) {
		html_lit(h, "<p><a class=\"btn\" href=\"");
		html_url(h, arena_printf(rq->a, "%s/edit", base));
		html_lit(h, "\">");
		html_text(h, T(rq, NT_EDIT));
		html_lit(h, "</a></p><section class=\"step\"><p>");
		html_text(h, T(rq, NT_PUBLISH_HINT));
		html_lit(h, "</p>");
		form_begin(rq, h, arena_printf(rq->a, "%s/publish", base));
		form_submit(h, T(rq, NT_PUBLISH));
		form_end(h);
		html_lit(h, "</section>");
	}
	if (n->state != NST_PUBLISHED)
		return;
	if (rq->actor.id && volunteer_has_duty(rq, "publicist")) {
		html_lit(h, "<section class=\"step\"><h2>");
		html_text(h, T(rq, NT_DELIVER_TITLE));
		html_lit(h, "</h2>");
		h->form_scope = "deliver";
		form_begin(rq, h, arena_printf(rq->a, "%s/deliveries", base));
		form_input(h, "building", T(rq, NT_DELIVER_PLACE), "text", NULL, true, "off");
		form_input(h, "households", T(rq, NT_HOUSEHOLDS), "number", NULL, true, "off");
		form_submit(h, T(rq, NT_DELIVER));
		form_end(h);
		html_lit(h, "</section>");
	}
	if (notice_may_manage(rq, n->kind)) {
		html_lit(h, "<section class=\"step\"><h2>");
		html_text(h, T(rq, NT_WITHDRAW_TITLE));
		html_lit(h, "</h2><p>");
		html_text(h, T(rq, NT_WITHDRAW_HINT));
		html_lit(h, "</p>");
		h->form_scope = "withdraw";
		form_begin(rq, h, arena_printf(rq->a, "%s/withdraw", base));
		form_input(h, "reason", T(rq, NT_REASON), "text", NULL, true, "off");
		form_submit(h, T(rq, NT_WITHDRAW));
		form_end(h);
		html_lit(h, "</section>");
	}
	h->form_scope = NULL;
}

static int
render_notice(struct req *rq, const char *message, bool is_error)
{
	int status = rq->status;
	rq->err = YL_OK;
	struct notice n;
	if (notice_load(rq, &n) < 0)
		return -1;
	struct html h;
	page_begin(rq, &h, n.title);
	rq->status = status;
	if (message)
		page_notice(&h, message, is_error);
	if (n.state == NST_WITHDRAWN) {
		/* 已撤回: what it said is no longer the compound's word, only that it was withdrawn and why */
		html_lit(&h, "<p class=\"lead state\">");
		html_text(&h, notice_state_text(rq, n.state));
		html_lit(&h, "</p><p>");
		html_text(&h, req_tf(rq, MSG_NT_WITHDRAWN_WHY, req_day(rq, n.withdrawn_at), n.withdraw_reason));
		html_lit(&h, "</p>");
	} else {
		facts(rq, &h, &n);
		page_read_aloud(rq, &h, "read");
		html_lit(&h, "<div class=\"description\" id=\"read\">");
		markdown_html(&h, n.body, strlen(n.body));
		html_lit(&h, "</div>");
		attachments(rq, &h, &n);
		deliveries(rq, &h, &n);
		if (n.state == NST_PUBLISHED) {
			html_lit(&h, "<p><a class=\"btn\" href=\"");
			html_url(&h, arena_printf(rq->a, "/notices/%lld/print", (long long)n.id));
			html_lit(&h, "\">");
			html_text(&h, T(rq, NT_PRINT));
			html_lit(&h, "</a></p>");
		}
		actions(rq, &h, &n);
	}
	html_lit(&h, "<p class=\"actions\"><a href=\"/notices\">");
	html_text(&h, T(rq, NT_BACK));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
notice_page(struct req *rq)
{
	const char *d = req_query(rq, "done");
	return render_notice(rq, d ? T(rq, NT_DONE) : NULL, false);
}

static int
step_form(struct req *rq, int r)
{
	if (r < 0) {
		if (req_fatal(rq) || rq->err_message == NULL)
			return req_fail(rq);
		rq->status = req_form_status(rq);
		return render_notice(rq, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/notices/%lld?done=1", (long long)req_param_id(rq, "id")));
}

int
notice_publish_form(struct req *rq)
{
	return step_form(rq, notice_publish(rq));
}

int
notice_withdraw_form(struct req *rq)
{
	return step_form(rq, notice_withdraw(rq, NULL));
}

int
notice_deliver_form(struct req *rq)
{
	int64_t id;
	return step_form(rq, notice_deliver(rq, NULL, &id));
}

/* The printed notice: one A4 sheet for the board in the stairwell, with the compound's name, the
 * dates, the audit chain's head when it was published (compare it with /audit/chain) and a QR
 * code to the notice online. */
int
notice_print_page(struct req *rq)
{
	struct notice n;
	if (notice_load(rq, &n) < 0)
		return -1;
	if (n.state != NST_PUBLISHED)
		return req_errorf(rq, ERR_CONFLICT, "not_published", NULL, T(rq, NT_PRINT_PUBLISHED_ONLY));
	const char *url = arena_printf(rq->a, "%s://%s/notices/%lld", rq->tls ? "https" : "http",
	                               rq->host && *rq->host ? rq->host : "localhost", (long long)n.id);
	struct html h;
	page_begin(rq, &h, n.title);
	html_lit(&h, "<article class=\"notice-print\"><p class=\"compound\">");
	html_text(&h, rq->community_name ? rq->community_name : "");
	html_text(&h, " · ");
	html_text(&h, notice_kind_text(rq, n.kind));
	html_lit(&h, "</p><p class=\"period\">");
	html_text(&h, req_tf(rq, MSG_NT_FOR, notice_audience_text(rq, n.audience, n.naudience)));
	html_lit(&h, "<br>");
	html_text(&h, period_text(rq, &n));
	html_lit(&h, "</p><div class=\"description\">");
	markdown_html(&h, n.body, strlen(n.body));
	html_lit(&h, "</div><div class=\"print-foot\"><div class=\"qr\">");
	qr_svg(&h, url, T(rq, NT_QR_LABEL));
	html_lit(&h, "</div><p>");
	html_text(&h, T(rq, NT_QR_HINT));
	html_lit(&h, "<br><span class=\"url\">");
	html_text(&h, url);
	html_lit(&h, "</span><br>");
	html_text(&h, T(rq, NT_AUDIT_HEAD));
	html_lit(&h, "<br><code class=\"hash\">");
	html_text(&h, n.audit_head);
	html_lit(&h, "</code></p></div><p class=\"signature\">");
	html_text(&h, rq->community_name ? rq->community_name : "");
	html_lit(&h, "<br>");
	html_text(&h, req_day(rq, n.published_at));
	html_lit(&h, "</p></article><p class=\"no-print actions\"><a href=\"");
	html_url(&h, arena_printf(rq->a, "/notices/%lld", (long long)n.id));
	html_lit(&h, "\">");
	html_text(&h, T(rq, NT_BACK_TO_NOTICE));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

/* An attachment, to whoever may see its notice (a withdrawn notice's are gone with its words). */
int
notice_attachment_file(struct req *rq)
{
	struct notice_attachment at;
	struct notice n;
	int64_t cid;
	unsigned char *bytes;
	size_t len;
	enum yl_err rc = store_notice_attachment(rq->db, rq->a, req_param_id(rq, "id"), &cid, &at);
	if (rc == YL_OK)
		rc = store_notice_get(rq->db, rq->a, cid, at.notice_id, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	bool seen = n.state == NST_PUBLISHED && n.starts_at <= db_now();
	if (!seen && !(n.state == NST_DRAFT && notice_may_manage(rq, n.kind)))
		return req_error(rq, ERR_NOTFOUND);
	if ((rc = files_read(rq->a, at.file, &bytes, &len)) != YL_OK)
		return req_error(rq, rc);
	return req_bytes(rq, 200, upload_mime(at.file), bytes, len);
}
