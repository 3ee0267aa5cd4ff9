/* plan_opinion_pages.c: the consultation page of a plan version — for each item (and the plan as a
 * whole) its counts in words and numbers, the opinions with their source, channel and public
 * answer, a form to give one while the consultation is open, the paper entry for heads and staff
 * and the answer forms for staff — and the forms' POST handlers, which redirect back with a
 * notice. The rules are plan_opinions.c. Elderly-first (DOMAIN §7): one column, big choices,
 * every form labelled, nothing hidden behind a script. */
#include "plan_opinions.h"
#include "plans.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/plans.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"

#include <string.h>

static const char *
when(struct req *rq, int64_t t)
{
	char b[20];
	time_local(t, b);
	return arena_strdup(rq->a, b);
}

/* consult_until is the instant the last day ends: show that last day. */
static const char *
last_day(struct req *rq, int64_t until)
{
	char b[11];
	date_local(until - 1, b);
	return arena_strdup(rq->a, b);
}

static const char *
consultation_url(struct req *rq, int64_t plan_id, int64_t version, const char *rest)
{
	return arena_printf(rq->a, "/plans/%lld/consultation?version=%lld%s", (long long)plan_id, (long long)version, rest);
}

/* Radio buttons for names[0..n) in one fieldset, big enough for a thumb (fieldset.vote). */
static void
radios(struct req *rq, struct html *h, const char *name, const char *legend, const char *const *names,
       const char *(*text)(struct req *, int), int from, int n, const char *checked)
{
	html_lit(h, "<fieldset class=\"choices vote\"><legend>");
	html_text(h, legend);
	html_lit(h, "</legend>");
	for (int i = from; i < n; i++) {
		html_lit(h, "<label><input type=\"radio\" required name=\"");
		html_attr(h, name);
		html_lit(h, "\" value=\"");
		html_attr(h, names[i]);
		html_lit(h, "\"");
		if (checked && strcmp(checked, names[i]) == 0)
			html_lit(h, " checked");
		html_lit(h, "> ");
		html_text(h, text(rq, i));
		html_lit(h, "</label>");
	}
	html_lit(h, "</fieldset>");
}

static const char *
stance_text(struct req *rq, int i)
{
	return opinion_stance_text(rq, (enum opinion_stance)i);
}

static const char *
answer_text(struct req *rq, int i)
{
	return opinion_answer_text(rq, (enum opinion_answer)i);
}

/* "Support 3, oppose 1, suggestions 2; 4 awaiting an answer." */
static const char *
counts_text(struct req *rq, const struct opinion_count *c)
{
	static const struct opinion_count none;
	if (c == NULL)
		c = &none;
	return req_tf(rq, MSG_PO_COUNTS, (long long)c->stance[OST_SUPPORT], (long long)c->stance[OST_OPPOSE],
	              (long long)c->stance[OST_SUGGEST], (long long)c->unanswered);
}

static const struct opinion_count *
count_of(const struct opinion_count *cs, size_t n, int64_t key)
{
	for (size_t i = 0; i < n; i++)
		if (cs[i].item_key == key)
			return &cs[i];
	return NULL;
}

/* What the page needs to know about the reader, asked once. */
struct reader {
	bool open;        /* the consultation takes opinions now */
	bool give;        /* may give one online */
	bool enter;       /* may enter paper opinions (a head: for their buildings) */
	bool staff;       /* enters for anyone, and as community, expert or designer */
	bool answer;      /* answers publicly */
	const char *as;   /* the source an online opinion of theirs is shown with */
};

static void
answer_form(struct req *rq, struct html *h, const struct opinion *o)
{
	if (o->answer != OANS_NONE) {
		html_lit(h, "<details class=\"reanswer\"><summary>");
		html_text(h, T(rq, PO_REANSWER));
		html_lit(h, "</summary>");
	}
	form_begin(rq, h, arena_printf(rq->a, "/plans/opinions/%lld/answer", (long long)o->id));
	radios(rq, h, "answer", T(rq, PO_ANSWER_TITLE), opinion_answer_names, answer_text, OANS_ADOPTED, OANS__COUNT,
	       o->answer != OANS_NONE ? opinion_answer_names[o->answer] : NULL);
	/* one answer form an opinion: each its own field ids */
	h->form_scope = arena_printf(rq->a, "answer-%lld", (long long)o->id);
	form_textarea(h, "body", T(rq, PO_ANSWER_BODY), o->answer != OANS_NONE ? o->answer_body : NULL, 4, OPINION_BODY_MAX,
	              true);
	h->form_scope = NULL;
	form_submit(h, o->answer != OANS_NONE ? T(rq, PO_REANSWER) : T(rq, PO_ANSWER_SUBMIT));
	form_end(h);
	if (o->answer != OANS_NONE)
		html_lit(h, "</details>");
}

static void
opinion_item(struct req *rq, struct html *h, const struct opinion *o, const struct reader *r)
{
	html_lit(h, "<li id=\"opinion-");
	html_int(h, o->id);
	html_lit(h, "\"><strong class=\"stance\">");
	html_text(h, opinion_stance_text(rq, o->stance));
	html_lit(h, "</strong> ");
	html_text(h, opinion_author_text(rq, o));
	html_lit(h, "（");
	html_text(h, opinion_source_text(rq, o->source));
	if (o->unit_id && opinion_personal(rq, o)) {
		html_lit(h, "，");
		html_text(h, o->unit);
	}
	html_lit(h, "） · ");
	html_text(h, opinion_channel_text(rq, o));
	html_lit(h, " · <time>");
	html_text(h, when(rq, o->created_at));
	html_lit(h, "</time>");
	if (*o->body) {
		html_lit(h, "<p class=\"note\">");
		html_text(h, o->body);
		html_lit(h, "</p>");
	}
	if (o->answer != OANS_NONE) {
		html_lit(h, "<p class=\"note answer\"><strong>");
		html_text(h, req_tf(rq, MSG_PO_ANSWERED, opinion_answer_text(rq, o->answer), when(rq, o->answered_at)));
		html_lit(h, "</strong> ");
		html_text(h, o->answer_body);
		html_lit(h, "</p>");
	} else {
		html_lit(h, "<p class=\"hint\">");
		html_text(h, T(rq, PO_AWAITING));
		html_lit(h, "</p>");
	}
	if (r->answer)
		answer_form(rq, h, o);
	html_lit(h, "</li>");
}

static void
give_form(struct req *rq, struct html *h, int64_t plan_id, int64_t version, int64_t key, const struct reader *r)
{
	html_lit(h, "<details class=\"give\"><summary class=\"btn\">");
	html_text(h, T(rq, PO_GIVE));
	html_lit(h, "</summary>");
	form_begin(rq, h, arena_printf(rq->a, "/plans/%lld/opinions", (long long)plan_id));
	html_lit(h, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(h, version);
	html_lit(h, "\"><input type=\"hidden\" name=\"item\" value=\"");
	html_int(h, key);
	html_lit(h, "\">");
	radios(rq, h, "stance", T(rq, PO_STANCE), opinion_stance_names, stance_text, 0, OST__COUNT, NULL);
	h->form_scope = arena_printf(rq->a, "give-%lld", (long long)key);
	form_textarea(h, "body", T(rq, PO_BODY), NULL, 4, OPINION_BODY_MAX, false);
	h->form_scope = NULL;
	html_lit(h, "<p class=\"hint\">");
	html_text(h, req_tn(rq, MSG_PO_BODY_HINT, OPINION_BODY_MAX, OPINION_BODY_MAX));
	html_lit(h, " ");
	html_text(h, req_tf(rq, MSG_PO_YOU_GIVE_AS, r->as));
	html_lit(h, "</p>");
	form_submit(h, T(rq, PO_GIVE_SUBMIT));
	form_end(h);
	html_lit(h, "</details>");
}

/* The paper entry: what the sheet says, and for staff the expert's and designer's opinions. A form
 * sent back with an error keeps what was typed. */
static void
entry_form(struct req *rq, struct html *h, const struct plan *p, const struct plan_version *v,
           const struct plan_item_row *items, size_t ni, const struct reader *r, bool refill)
{
	const char *f_item = refill ? req_form(rq, "item") : NULL, *f_src = refill ? req_form(rq, "source") : NULL;
	html_lit(h, "<section class=\"step\" id=\"entry\"><h2>");
	html_text(h, T(rq, PO_ENTER_TITLE));
	html_lit(h, "</h2><p class=\"hint\">");
	html_text(h, T(rq, PO_ENTER_HINT));
	html_lit(h, "</p>");
	form_begin(rq, h, arena_printf(rq->a, "/plans/%lld/opinions", (long long)p->id));
	html_lit(h, "<input type=\"hidden\" name=\"entry\" value=\"1\"><input type=\"hidden\" name=\"channel\" "
	            "value=\"paper\"><input type=\"hidden\" name=\"version\" value=\"");
	html_int(h, v->number);
	html_lit(h, "\">");
	form_input(h, "author_name", T(rq, PO_AUTHOR), "text", refill ? req_form(rq, "author_name") : NULL, false, "off");
	form_input(h, "unit", T(rq, PO_UNIT), "text", refill ? req_form(rq, "unit") : NULL, !r->staff, "off");
	form_select_open(h, "source", T(rq, PO_SOURCE));
	for (int s = 0; s < OSRC__COUNT; s++) {
		/* residents' sheets; staff also record the community's, an expert's or a designer's view */
		if (!r->staff && s != OSRC_OWNER && s != OSRC_RESIDENT)
			continue;
		form_option(h, opinion_source_names[s], opinion_source_text(rq, (enum opinion_source)s),
		            f_src ? strcmp(f_src, opinion_source_names[s]) == 0 : s == OSRC_OWNER);
	}
	html_lit(h, "</select></p>");
	form_select_open(h, "item", T(rq, PO_ITEM));
	form_option(h, "0", T(rq, PO_WHOLE_PLAN), f_item == NULL || strcmp(f_item, "0") == 0);
	for (size_t i = 0; i < ni; i++) {
		const char *k = arena_printf(rq->a, "%lld", (long long)items[i].it.key);
		form_option(h, k, arena_printf(rq->a, "%s. %s", k, items[i].it.title), f_item && strcmp(f_item, k) == 0);
	}
	html_lit(h, "</select></p>");
	radios(rq, h, "stance", T(rq, PO_STANCE), opinion_stance_names, stance_text, 0, OST__COUNT,
	       refill ? req_form(rq, "stance") : NULL);
	form_textarea(h, "body", T(rq, PO_BODY), refill ? req_form(rq, "body") : NULL, 4, OPINION_BODY_MAX, false);
	form_submit(h, T(rq, PO_ENTER_SUBMIT));
	form_end(h);
	html_lit(h, "</section>");
}

static void
item_section(struct req *rq, struct html *h, const struct plan_version *v, int64_t plan_id, int64_t key,
             const char *title, const char *description, const struct opinion *os, size_t n,
             const struct opinion_count *c, const struct reader *r)
{
	html_lit(h, "<section class=\"step consult\" id=\"item-");
	html_int(h, key);
	html_lit(h, "\"><h2>");
	html_text(h, key ? arena_printf(rq->a, "%lld. %s", (long long)key, title) : title);
	html_lit(h, "</h2>");
	if (description && *description) {
		html_lit(h, "<p class=\"description\">");
		html_text(h, description);
		html_lit(h, "</p>");
	}
	html_lit(h, "<p class=\"counts\"><strong>");
	html_text(h, counts_text(rq, c));
	html_lit(h, "</strong></p>");
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (os[i].item_key != key)
			continue;
		if (!any)
			html_lit(h, "<ol class=\"history opinions\">");
		any = true;
		opinion_item(rq, h, &os[i], r);
	}
	if (any) {
		html_lit(h, "</ol>");
	} else {
		html_lit(h, "<p>");
		html_text(h, T(rq, PO_NONE_YET));
		html_lit(h, "</p>");
	}
	if (r->give)
		give_form(rq, h, plan_id, v->number, key, r);
	html_lit(h, "</section>");
}

/* The summary table: one row an item, numbers the reader can compare at a glance. */
static void
summary_table(struct req *rq, struct html *h, const struct plan_item_row *items, size_t ni,
              const struct opinion_count *cs, size_t nc)
{
	html_lit(h, "<table class=\"list summary\"><caption>");
	html_text(h, T(rq, PO_ITEM_COUNT_CAPTION));
	html_lit(h, "</caption><thead><tr><th scope=\"col\">");
	html_text(h, T(rq, PO_ITEM));
	for (int s = 0; s < OST__COUNT; s++) {
		html_lit(h, "</th><th scope=\"col\" class=\"num\">");
		html_text(h, opinion_stance_text(rq, (enum opinion_stance)s));
	}
	html_lit(h, "</th><th scope=\"col\" class=\"num\">");
	html_text(h, T(rq, PO_AWAITING));
	html_lit(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i <= ni; i++) {
		int64_t key = i ? items[i - 1].it.key : 0;
		const struct opinion_count *c = count_of(cs, nc, key);
		html_lit(h, "<tr><th scope=\"row\"><a href=\"#item-");
		html_int(h, key);
		html_lit(h, "\">");
		html_text(h, i ? arena_printf(rq->a, "%lld. %s", (long long)key, items[i - 1].it.title) : T(rq, PO_WHOLE_PLAN));
		html_lit(h, "</a></th>");
		for (int s = 0; s <= OST__COUNT; s++) {
			html_lit(h, "<td class=\"num\" data-label=\"");
			html_attr(h, s < OST__COUNT ? opinion_stance_text(rq, (enum opinion_stance)s) : T(rq, PO_AWAITING));
			html_lit(h, "\">");
			html_int(h, c == NULL ? 0 : s < OST__COUNT ? c->stance[s] : c->unanswered);
			html_lit(h, "</td>");
		}
		html_lit(h, "</tr>");
	}
	html_lit(h, "</tbody></table>");
}

static void
version_links(struct req *rq, struct html *h, const struct plan *p, const struct plan_version *v)
{
	struct plan_version *vs;
	size_t n;
	if (store_plan_versions(rq->db, rq->a, rq->community_id, p->id, &vs, &n) != YL_OK)
		return;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (vs[i].published_at == 0 || vs[i].number == v->number)
			continue;
		if (!any) {
			html_lit(h, "<p class=\"versions\">");
			html_text(h, T(rq, PO_OTHER_VERSIONS));
		}
		any = true;
		html_lit(h, " <a href=\"");
		html_url(h, consultation_url(rq, p->id, vs[i].number, ""));
		html_lit(h, "\">");
		html_text(h, req_tf(rq, MSG_PO_VERSION_N, (long long)vs[i].number));
		html_lit(h, "</a>");
	}
	if (any)
		html_lit(h, "</p>");
}

/* The page; after a refused form (refill) the error is the notice and the entry form keeps what
 * was typed. The version is the query's, or the refused form's. */
static int
consultation(struct req *rq, const char *notice, bool is_error, bool refill)
{
	struct plan p;
	struct plan_version v;
	int64_t number = 0;
	const char *asked = req_query(rq, "version");
	if (asked == NULL && refill)
		asked = req_form(rq, "version");
	if (plan_load(rq, &p) < 0 || field_int(rq, "version", asked, MSG_PO_VERSION, 1, INT32_MAX, false, &number) < 0 ||
	    opinion_version(rq, &p, number, &v) < 0)
		return -1;
	struct plan_item_row *items;
	struct opinion *os;
	struct opinion_count *cs;
	size_t ni, no, nc;
	enum yl_err rc = store_plan_items(rq->db, rq->a, rq->community_id, v.id, &items, &ni);
	if (rc == YL_OK)
		rc = store_opinions(rq->db, rq->a, rq->community_id, v.id, &os, &no);
	if (rc == YL_OK)
		rc = store_opinion_counts(rq->db, rq->a, rq->community_id, v.id, &cs, &nc);
	if (rc != YL_OK)
		return req_error(rq, rc);

	struct reader r = {.open = plan_consult_open(&v, db_now())};
	struct target any = {rq->community_id, 0, 0, true};
	r.give = r.open && req_may(rq, PERM_OPINION_GIVE);
	r.enter = r.open && req_allowed(rq, PERM_OPINION_ENTER, &any);
	r.staff = req_may(rq, PERM_OPINION_ENTER);
	r.answer = req_may(rq, PERM_OPINION_ANSWER);
	r.as = opinion_source_text(rq, OSRC_RESIDENT);
	if (r.staff)
		r.as = opinion_source_text(rq, OSRC_COMMUNITY);
	else
		for (size_t i = 0; i < rq->actor.ngrants; i++)
			if (rq->actor.grants[i].role == ROLE_OWNER && rq->actor.grants[i].community_id == rq->community_id)
				r.as = opinion_source_text(rq, OSRC_OWNER);

	struct html h;
	page_begin(rq, &h, req_tf(rq, MSG_PO_TITLE, p.title));
	if (notice)
		page_notice(&h, notice, is_error);
	page_read_aloud(rq, &h, "main");
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tf(rq, MSG_PO_VERSION_LEAD, (long long)v.number, when(rq, v.published_at)));
	html_lit(&h, " <strong>");
	if (r.open && v.consult_until)
		html_text(&h, req_tf(rq, MSG_PO_OPEN_UNTIL, last_day(rq, v.consult_until)));
	else
		html_text(&h, r.open ? T(rq, PO_OPEN) : T(rq, PO_CLOSED_NOTE));
	html_lit(&h, "</strong></p>");
	if (v.changelog && *v.changelog) {
		html_lit(&h, "<p class=\"description\">");
		html_text(&h, v.changelog);
		html_lit(&h, "</p>");
	}
	version_links(rq, &h, &p, &v);
	html_lit(&h, "<p><a href=\"");
	html_url(&h, arena_printf(rq->a, "/plans/%lld", (long long)p.id));
	html_lit(&h, "\">");
	html_text(&h, T(rq, PO_BACK));
	html_lit(&h, "</a></p>");

	summary_table(rq, &h, items, ni, cs, nc);
	item_section(rq, &h, &v, p.id, 0, T(rq, PO_WHOLE_PLAN), p.summary, os, no, count_of(cs, nc, 0), &r);
	for (size_t i = 0; i < ni; i++)
		item_section(rq, &h, &v, p.id, items[i].it.key, items[i].it.title, items[i].it.description, os, no,
		             count_of(cs, nc, items[i].it.key), &r);
	if (r.enter)
		entry_form(rq, &h, &p, &v, items, ni, &r, refill && req_form(rq, "entry"));
	return page_end(rq, &h);
}

int
plan_consultation_page(struct req *rq)
{
	const char *done = req_query(rq, "done");
	const char *notice = NULL;
	if (done && strcmp(done, "opinion") == 0)
		notice = T(rq, PO_DONE_OPINION);
	else if (done && strcmp(done, "answer") == 0)
		notice = T(rq, PO_DONE_ANSWER);
	return consultation(rq, notice, false, false);
}

int
plan_opinion_form(struct req *rq)
{
	int64_t id, version, item;
	if (opinion_give(rq, NULL, &id, &version, &item) < 0) {
		if (req_fatal(rq))
			return -1;
		const char *msg = rq->err_message;
		rq->status = req_form_status(rq);
		return consultation(rq, msg, true, true);
	}
	return req_redirect(rq, consultation_url(rq, req_param_id(rq, "id"), version,
	                                         arena_printf(rq->a, "&done=opinion#opinion-%lld", (long long)id)));
}

/* A refused answer: the route's {id} is the opinion, not the plan, so the page says what is wrong
 * and leads back to the consultation rather than drawing it here. */
static int
answer_refused(struct req *rq, int64_t id)
{
	struct opinion o;
	const char *msg = rq->err_message;
	rq->status = req_form_status(rq);
	if (store_opinion_get(rq->db, rq->a, rq->community_id, id, &o) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	struct html h;
	page_begin(rq, &h, T(rq, PO_ANSWER_TITLE));
	page_notice(&h, msg, true);
	html_lit(&h, "<p><a class=\"btn\" href=\"");
	html_url(&h, consultation_url(rq, o.plan_id, o.version, arena_printf(rq->a, "#opinion-%lld", (long long)id)));
	html_lit(&h, "\">");
	html_text(&h, T(rq, PO_BACK_CONSULTATION));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
opinion_answer_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id"), plan_id, version;
	if (opinion_answer(rq, NULL, id, &plan_id, &version) < 0)
		return req_fatal(rq) ? -1 : answer_refused(rq, id);
	return req_redirect(rq, consultation_url(rq, plan_id, version,
	                                         arena_printf(rq->a, "&done=answer#opinion-%lld", (long long)id)));
}
