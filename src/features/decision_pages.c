/* decision_pages.c: owners' decisions as people see them — the list, a new decision, one decision
 * with what its state allows this person to do, the ballot on a phone, the paper and proxy entry
 * for heads and staff, the live turnout, the result, and the A4 result notice for the board. The
 * result pages show units and totals, never an owner's name (PIPL Art. 25). */
#include "decisions.h"
#include "../core/words.h"
#include "uploads.h"
#include "../store/files.h"
#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../store/db.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/markdown.h"
#include "../web/req.h"

#include <string.h>

/* Shared bits --------------------------------------------------------------------------------- */

static const char *
when(struct req *rq, int64_t t)
{
	char b[20];
	time_local(t, b);
	return arena_strdup(rq->a, b);
}

static void
link_btn(struct req *rq, struct html *h, int64_t id, const char *suffix, const char *label)
{
	html_lit(h, "<a class=\"btn\" href=\"");
	html_url(h, arena_printf(rq->a, "/decisions/%lld%s", (long long)id, suffix));
	html_lit(h, "\">");
	html_text(h, label);
	html_lit(h, "</a> ");
}

/* "Back" to the decision, under a page of its own (vote, entry, turnout, roll). */
static void
back_link(struct req *rq, struct html *h, int64_t id)
{
	html_lit(h, "<p class=\"actions\"><a href=\"");
	html_url(h, arena_printf(rq->a, "/decisions/%lld", (long long)id));
	html_lit(h, "\">");
	html_text(h, T(rq, DC_BACK));
	html_lit(h, "</a></p>");
}

static int
load(struct req *rq, struct decision *d)
{
	return decision_load(rq, d);
}

/* "owners 300 · 27000.00 m²" */
static const char *
count_text(struct req *rq, const struct count *c)
{
	return req_tn(rq, MSG_DC_COUNT, c->owners, (long long)c->owners, decision_area(rq, c->area));
}

/* The list ------------------------------------------------------------------------------------ */

int
decisions_page(struct req *rq)
{
	struct decision *v;
	size_t n;
	int64_t total;
	enum yl_err rc = store_decisions(rq->db, rq->a, rq->community_id, req_may(rq, PERM_DECISION_MANAGE), 200, 0, &v,
	                                 &n, &total);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, DC_TITLE));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, DC_INTRO));
	html_lit(&h, "</p>");
	if (req_may(rq, PERM_DECISION_MANAGE)) {
		html_lit(&h, "<p class=\"actions\"><a class=\"btn\" href=\"/decisions/new\">");
		html_text(&h, T(rq, DC_NEW));
		html_lit(&h, "</a></p>");
	}
	if (n == 0) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, DC_NONE));
		html_lit(&h, "</p>");
		return page_end(rq, &h);
	}
	html_lit(&h, "<table class=\"list decisions\"><thead><tr><th scope=\"col\">");
	html_text(&h, T(rq, DC_TITLE_COL));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, DC_MATTER));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, DC_SCOPE));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, DC_STATE));
	html_lit(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct decision *d = &v[i];
		html_lit(&h, "<tr><td><a href=\"/decisions/");
		html_int(&h, d->id);
		html_lit(&h, "\">");
		html_text(&h, d->title);
		html_lit(&h, "</a></td><td data-label=\"");
		html_attr(&h, T(rq, DC_MATTER));
		html_lit(&h, "\">");
		html_text(&h, decision_matter_text(rq, d->matter));
		html_lit(&h, "</td><td data-label=\"");
		html_attr(&h, T(rq, DC_SCOPE));
		html_lit(&h, "\">");
		html_text(&h, decision_scope_text(rq, d));
		html_lit(&h, "</td><td data-label=\"");
		html_attr(&h, T(rq, DC_STATE));
		html_lit(&h, "\">");
		html_text(&h, decision_state_text(rq, d->state));
		html_lit(&h, "</td></tr>");
	}
	html_lit(&h, "</tbody></table>");
	return page_end(rq, &h);
}

/* A new decision ------------------------------------------------------------------------------ */

static int
new_page(struct req *rq, const char *error)
{
	struct building *bs;
	size_t nb;
	enum yl_err rc = store_buildings(rq->db, rq->a, rq->community_id, &bs, &nb);
	if (rc != YL_OK)
		return req_error(rq, rc);
	const char *v_title = req_form(rq, "title"), *v_matter = req_form(rq, "matter"), *v_scope = req_form(rq, "scope");
	const char *v_b = req_form(rq, "building");
	struct html h;
	page_begin(rq, &h, T(rq, DC_NEW));
	if (error)
		page_notice(&h, error, true);
	form_begin(rq, &h, "/decisions");
	form_input(&h, "title", T(rq, DC_TITLE_COL), "text", v_title, true, "off");
	form_textarea(&h, "body", T(rq, DC_BODY), req_form(rq, "body"), 8, DECISION_BODY_MAX, false);
	html_lit(&h, "<p class=\"hint\">");
	html_text(&h, T(rq, DC_BODY_HINT));
	html_lit(&h, "</p>");
	form_select_open(&h, "matter", T(rq, DC_MATTER));
	for (int m = 0; m < MATTER__COUNT; m++)
		form_option(&h, vote_matter_name((enum matter)m),
		            arena_printf(rq->a, "%s（%s）", decision_matter_text(rq, (enum matter)m),
		                         vote_tier((enum matter)m) == TIER_THREE_QUARTERS ? T(rq, DC_TIER_34) : T(rq, DC_TIER_HALF)),
		            v_matter ? strcmp(v_matter, vote_matter_name((enum matter)m)) == 0 : m == MATTER_REBUILD);
	html_lit(&h, "</select></p>");
	form_select_open(&h, "scope", T(rq, DC_SCOPE));
	form_option(&h, "community", T(rq, DC_SCOPE_ALL), v_scope == NULL || strcmp(v_scope, "community") == 0);
	form_option(&h, "building", T(rq, DC_SCOPE_BUILDING), v_scope && strcmp(v_scope, "building") == 0);
	form_option(&h, "stairwell", T(rq, DC_SCOPE_STAIRWELL), v_scope && strcmp(v_scope, "stairwell") == 0);
	html_lit(&h, "</select></p>");
	form_select_open(&h, "building", T(rq, DC_BUILDING_IF));
	form_option(&h, "", "—", v_b == NULL || *v_b == '\0');
	for (size_t i = 0; i < nb; i++)
		form_option(&h, bs[i].name, bs[i].name, v_b && strcmp(v_b, bs[i].name) == 0);
	html_lit(&h, "</select></p>");
	form_input(&h, "stairwell", T(rq, DC_STAIRWELL_IF), "text", req_form(rq, "stairwell"), false, "off");
	form_textarea(&h, "options", T(rq, DC_OPTIONS_HINT), req_form(rq, "options"), 4, DECISION_BODY_MAX, false);
	form_input(&h, "closes_on", T(rq, DC_CLOSES_ON), "date", req_form(rq, "closes_on"), false, "off");
	form_checkbox(&h, "allow_change", T(rq, DC_ALLOW_CHANGE), req_form(rq, "allow_change") != NULL);
	form_submit(&h, T(rq, DC_SAVE_DRAFT));
	form_end(&h);
	return page_end(rq, &h);
}

int
decision_new_page(struct req *rq)
{
	return new_page(rq, NULL);
}

int
decision_create_form(struct req *rq)
{
	int64_t id;
	if (decision_create(rq, NULL, &id) < 0) {
		if (req_fatal(rq))
			return -1;
		rq->status = req_form_status(rq);
		return new_page(rq, rq->err_message);
	}
	return req_redirect(rq, arena_printf(rq->a, "/decisions/%lld?done=create", (long long)id));
}

/* One decision -------------------------------------------------------------------------------- */

static void
step_button(struct req *rq, struct html *h, int64_t id, const char *to, const char *label)
{
	form_begin(rq, h, arena_printf(rq->a, "/decisions/%lld/step", (long long)id));
	html_lit(h, "<input type=\"hidden\" name=\"to\" value=\"");
	html_attr(h, to);
	html_lit(h, "\"><button type=\"submit\" class=\"btn\">");
	html_text(h, label);
	html_lit(h, "</button>");
	form_end(h);
}

static void
my_part(struct req *rq, struct html *h, const struct decision *d)
{
	int64_t voter;
	if (!d->published_at || !decision_own_voter(rq, d, &voter))
		return;
	struct roll_owner ro;
	html_lit(h, "<section class=\"step mine\"><h2>");
	html_text(h, T(rq, DC_YOUR_PART));
	html_lit(h, "</h2><p>");
	if (store_decision_voter(rq->db, rq->community_id, d->id, voter, &ro) == YL_OK)
		html_text(h, req_tf(rq, MSG_DC_YOU_ON_ROLL, store_decision_voter_units(rq->db, rq->a, rq->community_id, d->id, voter),
		                    decision_area(rq, ro.area)));
	html_lit(h, "</p>");
	struct ballot *bs;
	size_t nb = 0;
	store_ballots_of(rq->db, rq->a, rq->community_id, d->id, voter, &bs, &nb);
	for (size_t i = 0; i < nb; i++) {
		const struct ballot *b = &bs[i];
		html_lit(h, "<p class=\"ballot\">");
		const char *what = d->noptions ? T(rq, DC_ANSWERED) : decision_choice_text(rq, b->choice);
		html_text(h, req_tf(rq, b->replaced_at ? MSG_DC_YOU_VOTED_BEFORE : MSG_DC_YOU_VOTED, what, when(rq, b->cast_at),
		                    decision_channel_text(rq, b->channel)));
		html_lit(h, "</p>");
	}
	bool live = false;
	for (size_t i = 0; i < nb; i++)
		live |= bs[i].replaced_at == 0;
	if (d->state == DST_OPEN && (!live || d->allow_change)) {
		html_lit(h, "<p>");
		link_btn(rq, h, d->id, "/vote", live ? T(rq, DC_CHANGE_VOTE) : T(rq, DC_VOTE_NOW));
		html_lit(h, "</p>");
	}
	html_lit(h, "</section>");
}

static int
detail(struct req *rq, const char *notice, bool is_error)
{
	struct decision d;
	if (load(rq, &d) < 0)
		return -1;
	struct html h;
	page_begin(rq, &h, d.title);
	if (notice)
		page_notice(&h, notice, is_error);
	/* 朗读 (DOMAIN §7): the decision's text, or the whole page when it has none */
	page_read_aloud(rq, &h, *d.body ? "read" : "main");
	html_lit(&h, "<p class=\"lead state\">");
	html_text(&h, decision_state_text(rq, d.state));
	html_lit(&h, "</p><dl class=\"facts\">");
	page_fact(&h, T(rq, DC_MATTER), decision_matter_text(rq, d.matter));
	page_fact(&h, T(rq, DC_RULE), decision_rule_text(rq, vote_tier(d.matter)));
	page_fact(&h, T(rq, DC_SCOPE), decision_scope_text(rq, &d));
	if (d.published_at) {
		page_fact(&h, T(rq, DC_ROLL), req_tf(rq, MSG_DC_ROLL_TOTALS, (long long)d.total.owners, (long long)d.total_units,
		                                   decision_area(rq, d.total.area)));
		page_fact(&h, T(rq, DC_PUBLISHED_AT), when(rq, d.published_at));
		if (d.state == DST_PUBLISHED)
			page_fact(&h, T(rq, DC_OPENS_FROM), when(rq, decision_opens_from(rq, &d)));
	}
	if (d.opened_at)
		page_fact(&h, T(rq, DC_OPENED_AT), when(rq, d.opened_at));
	if (d.closes_on && d.state <= DST_OPEN)
		page_fact(&h, T(rq, DC_CLOSES_ON), req_day(rq, d.closes_on));
	if (d.closed_at)
		page_fact(&h, T(rq, DC_CLOSED_AT), when(rq, d.closed_at));
	page_fact(&h, T(rq, DC_CHANGES), d.allow_change ? T(rq, DC_CHANGES_YES) : T(rq, DC_CHANGES_NO));
	html_lit(&h, "</dl>");
	if (*d.body) {
		html_lit(&h, "<div class=\"description\" id=\"read\">");
		markdown_html(&h, d.body, strlen(d.body)); /* staff's text: headings, lists, links, all escaped */
		html_lit(&h, "</div>");
	}
	if (d.noptions) {
		html_lit(&h, "<h2>");
		html_text(&h, T(rq, DC_OPTIONS));
		html_lit(&h, "</h2><ol>");
		for (size_t i = 0; i < d.noptions; i++) {
			html_lit(&h, "<li>");
			html_text(&h, d.options[i].label);
			html_lit(&h, "</li>");
		}
		html_lit(&h, "</ol>");
	}
	my_part(rq, &h, &d);

	html_lit(&h, "<div class=\"actions\">");
	if (req_may(rq, PERM_DECISION_MANAGE)) {
		if (d.state == DST_DRAFT)
			step_button(rq, &h, d.id, "published", T(rq, DC_DO_PUBLISH));
		else if (d.state == DST_PUBLISHED)
			step_button(rq, &h, d.id, "open", T(rq, DC_DO_OPEN));
		else if (d.state == DST_OPEN)
			step_button(rq, &h, d.id, "closed", T(rq, DC_DO_CLOSE));
		else if (d.state == DST_CLOSED)
			step_button(rq, &h, d.id, "announced", T(rq, DC_DO_ANNOUNCE));
	}
	struct target any = {rq->community_id, 0, 0, true};
	if (d.state == DST_OPEN && req_allowed(rq, PERM_BALLOT_ENTER, &any))
		link_btn(rq, &h, d.id, "/paper", T(rq, DC_ENTER_PAPER));
	if (d.state >= DST_PUBLISHED)
		link_btn(rq, &h, d.id, "/roll", T(rq, DC_ROLL_PAGE));
	if (d.state >= DST_PUBLISHED && req_allowed(rq, PERM_DECISION_TURNOUT, &any))
		link_btn(rq, &h, d.id, "/turnout", T(rq, DC_TURNOUT));
	if (d.state >= DST_CLOSED) {
		link_btn(rq, &h, d.id, "/result", T(rq, DC_RESULT));
		link_btn(rq, &h, d.id, "/print", T(rq, DC_PRINT));
	}
	html_lit(&h, "</div><p class=\"actions\"><a href=\"/decisions\">");
	html_text(&h, T(rq, DC_ALL));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

int
decision_page(struct req *rq)
{
	const char *done = req_query(rq, "done");
	const char *notice = NULL;
	if (done) {
		if (strcmp(done, "ballot") == 0)
			notice = T(rq, DC_DONE_BALLOT);
		else if (strcmp(done, "create") == 0)
			notice = T(rq, DC_DONE_CREATE);
		else {
			int s = word_index(decision_state_names, DST__COUNT, done);
			if (s > 0)
				notice = req_tf(rq, MSG_DC_DONE_STEP, decision_state_text(rq, (enum decision_state)s));
		}
	}
	return detail(rq, notice, false);
}

int
decision_step_form(struct req *rq)
{
	const char *to = req_form(rq, "to");
	int s = word_index(decision_state_names, DST__COUNT, to);
	if (s <= 0) {
		req_errorf(rq, ERR_INVALID, "bad_step", "to", T(rq, DC_BAD_STEP));
		rq->status = 422;
		return detail(rq, rq->err_message, true);
	}
	int64_t id = req_param_id(rq, "id");
	if (decision_step(rq, id, (enum decision_state)s) < 0) {
		if (req_fatal(rq))
			return -1;
		rq->status = req_form_status(rq);
		return detail(rq, rq->err_message, true);
	}
	return req_redirect(rq, arena_printf(rq->a, "/decisions/%lld?done=%s", (long long)id, decision_state_names[s]));
}

/* The ballot ---------------------------------------------------------------------------------- */

/* yes / no / abstain as three large radio buttons in one fieldset. */
static void
choice_fieldset(struct req *rq, struct html *h, const char *name, const char *legend)
{
	html_lit(h, "<fieldset class=\"choices vote\"><legend>");
	html_text(h, legend);
	html_lit(h, "</legend>");
	for (int c = 0; c < BC__COUNT; c++) {
		html_lit(h, "<label><input type=\"radio\" required name=\"");
		html_attr(h, name);
		html_lit(h, "\" value=\"");
		html_attr(h, ballot_choice_names[c]);
		html_lit(h, "\"> ");
		html_text(h, decision_choice_text(rq, (enum ballot_choice)c));
		html_lit(h, "</label>");
	}
	html_lit(h, "</fieldset>");
}

static void
choices(struct req *rq, struct html *h, const struct decision *d)
{
	if (d->noptions == 0) {
		choice_fieldset(rq, h, "choice", d->title);
		return;
	}
	for (size_t i = 0; i < d->noptions; i++)
		choice_fieldset(rq, h, arena_printf(rq->a, "answer_%d", d->options[i].position),
		                arena_printf(rq->a, "%d. %s", d->options[i].position, d->options[i].label));
}

static int
vote_page(struct req *rq, const char *error)
{
	struct decision d;
	if (load(rq, &d) < 0)
		return -1;
	struct html h;
	page_begin(rq, &h, T(rq, DC_VOTE_TITLE));
	if (error)
		page_notice(&h, error, true);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, d.title);
	html_lit(&h, "</p>");
	int64_t voter;
	if (d.state != DST_OPEN) {
		html_lit(&h, "<p>");
		html_text(&h, req_tf(rq, MSG_DC_NOT_OPEN, decision_state_text(rq, d.state)));
		html_lit(&h, "</p>");
	} else if (!decision_own_voter(rq, &d, &voter)) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, DC_NOT_IN_SCOPE));
		html_lit(&h, "</p>");
	} else {
		struct roll_owner ro;
		if (store_decision_voter(rq->db, rq->community_id, d.id, voter, &ro) == YL_OK) {
			html_lit(&h, "<p>");
			html_text(&h, req_tf(rq, MSG_DC_YOU_ON_ROLL, store_decision_voter_units(rq->db, rq->a, rq->community_id, d.id, voter),
			                     decision_area(rq, ro.area)));
			html_lit(&h, "</p>");
		}
		html_lit(&h, "<p class=\"hint\">");
		html_text(&h, decision_rule_text(rq, vote_tier(d.matter)));
		html_lit(&h, "</p>");
		form_begin(rq, &h, arena_printf(rq->a, "/decisions/%lld/ballots", (long long)d.id));
		html_lit(&h, "<input type=\"hidden\" name=\"channel\" value=\"online\">");
		choices(rq, &h, &d);
		html_lit(&h, "<p class=\"hint\">");
		html_text(&h, d.allow_change ? T(rq, DC_CHANGES_YES) : T(rq, DC_CHANGES_NO));
		html_lit(&h, "</p>");
		form_submit(&h, T(rq, DC_CAST));
		form_end(&h);
	}
	back_link(rq, &h, d.id);
	return page_end(rq, &h);
}

int
decision_vote_page(struct req *rq)
{
	return vote_page(rq, NULL);
}

static int
entry_page(struct req *rq, const char *notice, bool is_error)
{
	struct decision d;
	if (load(rq, &d) < 0)
		return -1;
	struct building *bs;
	size_t nb;
	enum yl_err rc = store_buildings(rq->db, rq->a, rq->community_id, &bs, &nb);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, DC_ENTER_PAPER));
	if (notice)
		page_notice(&h, notice, is_error);
	int64_t done = req_query_id(rq, "done"), scan_cid;
	const char *scan;
	if (done && !is_error && store_ballot_scan(rq->db, rq->a, done, &scan_cid, &scan) == YL_OK &&
	    scan_cid == rq->community_id) {
		html_lit(&h, "<p><a href=\"");
		html_url(&h, arena_printf(rq->a, "/decisions/ballots/%lld/scan", (long long)done));
		html_lit(&h, "\">");
		html_text(&h, T(rq, DC_SCAN_VIEW));
		html_lit(&h, "</a></p>");
	}
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, d.title);
	html_lit(&h, "</p><p class=\"hint\">");
	html_text(&h, T(rq, DC_ENTRY_HINT));
	html_lit(&h, "</p>");
	if (d.state != DST_OPEN) {
		html_lit(&h, "<p>");
		html_text(&h, req_tf(rq, MSG_DC_NOT_OPEN, decision_state_text(rq, d.state)));
		html_lit(&h, "</p>");
	} else {
		const char *v_b = is_error ? req_form(rq, "building") : NULL;
		form_begin_multipart(rq, &h, arena_printf(rq->a, "/decisions/%lld/ballots", (long long)d.id));
		html_lit(&h, "<input type=\"hidden\" name=\"entry\" value=\"1\">");
		form_select_open(&h, "building", T(rq, DC_BUILDING));
		for (size_t i = 0; i < nb; i++) {
			struct target t = {rq->community_id, bs[i].id, 0, false};
			if (d.building_id && bs[i].id != d.building_id)
				continue;
			if (req_allowed(rq, PERM_BALLOT_ENTER, &t))
				form_option(&h, bs[i].name, bs[i].name, v_b && strcmp(v_b, bs[i].name) == 0);
		}
		html_lit(&h, "</select></p>");
		form_input(&h, "stairwell", T(rq, DC_STAIRWELL), "text", is_error ? req_form(rq, "stairwell") : NULL, true, "off");
		form_input(&h, "room", T(rq, DC_ROOM), "text", is_error ? req_form(rq, "room") : NULL, true, "off");
		form_select_open(&h, "channel", T(rq, DC_CHANNEL));
		form_option(&h, "paper", T(rq, DC_CH_PAPER), true);
		form_option(&h, "proxy", T(rq, DC_CH_PROXY), false);
		html_lit(&h, "</select></p>");
		form_input(&h, "serial", T(rq, DC_SERIAL), "text", is_error ? req_form(rq, "serial") : NULL, false, "off");
		form_input(&h, "signer", T(rq, DC_SIGNER), "text", is_error ? req_form(rq, "signer") : NULL, false, "off");
		form_input(&h, "proxy_name", T(rq, DC_PROXY_NAME), "text", is_error ? req_form(rq, "proxy_name") : NULL, false,
		           "off");
		/* the signed sheet itself (指导规则 第二十二条), photographed: optional, paper only */
		html_lit(&h, "<p class=\"field\"><label for=\"f-scan\">");
		html_text(&h, T(rq, DC_SCAN));
		html_lit(&h, "</label><input id=\"f-scan\" type=\"file\" name=\"scan\" accept=\"image/jpeg,image/png\"></p>");
		choices(rq, &h, &d);
		form_submit(&h, T(rq, DC_ENTER));
		form_end(&h);
	}
	back_link(rq, &h, d.id);
	return page_end(rq, &h);
}

int
decision_entry_page(struct req *rq)
{
	return entry_page(rq, req_query(rq, "done") ? T(rq, DC_DONE_ENTRY) : NULL, false);
}

/* A paper ballot's scan shows a person's signature: only those who see personal data. */
int
decision_scan_scope(struct req *rq, struct target *t)
{
	const char *file;
	if (rq->actor.id == 0)
		return req_error(rq, ERR_UNAUTH);
	if (store_ballot_scan(rq->db, rq->a, req_param_id(rq, "id"), &t->community_id, &file) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

int
decision_scan(struct req *rq)
{
	int64_t cid;
	const char *file;
	unsigned char *bytes;
	size_t n;
	enum yl_err rc = store_ballot_scan(rq->db, rq->a, req_param_id(rq, "id"), &cid, &file);
	if (rc == YL_OK)
		rc = files_read(rq->a, file, &bytes, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_bytes(rq, 200, upload_mime(file), bytes, n);
}

int
decision_ballot_form(struct req *rq)
{
	int64_t id = req_param_id(rq, "id"), bid;
	bool entry = req_form(rq, "entry") != NULL;
	if (decision_ballot(rq, id, NULL, &bid) < 0) {
		if (req_fatal(rq))
			return -1;
		rq->status = req_form_status(rq);
		return entry ? entry_page(rq, rq->err_message, true) : vote_page(rq, rq->err_message);
	}
	if (entry)
		return req_redirect(rq, arena_printf(rq->a, "/decisions/%lld/paper?done=%lld", (long long)id, (long long)bid));
	return req_redirect(rq, arena_printf(rq->a, "/decisions/%lld?done=ballot", (long long)id));
}

/* Turnout ------------------------------------------------------------------------------------- */

static void
count_cells(struct req *rq, struct html *h, const struct count *c, const char *label)
{
	html_lit(h, "<td class=\"num\" data-label=\"");
	html_attr(h, label);
	html_lit(h, "\">");
	html_text(h, count_text(rq, c));
	html_lit(h, "</td>");
}

int
decision_turnout_page(struct req *rq)
{
	struct decision d;
	if (load(rq, &d) < 0)
		return -1;
	struct html h;
	page_begin(rq, &h, T(rq, DC_TURNOUT));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, d.title);
	html_lit(&h, " · ");
	html_text(&h, decision_state_text(rq, d.state));
	html_lit(&h, "</p>");
	if (d.state == DST_DRAFT) {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, DC_NO_ROLL));
		html_lit(&h, "</p>");
		return page_end(rq, &h);
	}
	/* who took part is the same for every question (a ballot answers each): the kept figure */
	struct tally t = {.total = d.total};
	struct turnout_row *rows;
	size_t n;
	int64_t ch[BCH__COUNT];
	enum yl_err rc;
	if ((rc = store_decision_voted(rq->db, rq->community_id, d.id, &t.participating)) != YL_OK ||
	    (rc = store_decision_turnout(rq->db, rq->a, rq->community_id, d.id, &rows, &n)) != YL_OK ||
	    (rc = store_decision_channels(rq->db, rq->community_id, d.id, ch)) != YL_OK)
		return req_error(rq, rc);
	struct target whole = {rq->community_id, 0, 0, false};
	if (req_allowed(rq, PERM_DECISION_TURNOUT, &whole)) {
		struct count gap = vote_quorum_gap(&t);
		html_lit(&h, "<dl class=\"facts\">");
		page_fact(&h, T(rq, DC_ROLL), count_text(rq, &t.total));
		page_fact(&h, T(rq, DC_PARTICIPATING), count_text(rq, &t.participating));
		page_fact(&h, T(rq, DC_QUORUM_GAP),
		       gap.owners == 0 && gap.area == 0 ? T(rq, DC_QUORUM_REACHED) : count_text(rq, &gap));
		page_fact(&h, T(rq, DC_CHANNELS), req_tf(rq, MSG_DC_CHANNEL_COUNTS, (long long)ch[BCH_ONLINE],
		                                       (long long)ch[BCH_PAPER], (long long)ch[BCH_PROXY]));
		html_lit(&h, "</dl>");
	}
	html_lit(&h, "<table class=\"list turnout\"><thead><tr><th scope=\"col\">");
	html_text(&h, T(rq, DC_BUILDING));
	html_lit(&h, "</th><th scope=\"col\" class=\"num\">");
	html_text(&h, T(rq, DC_ROLL));
	html_lit(&h, "</th><th scope=\"col\" class=\"num\">");
	html_text(&h, T(rq, DC_VOTED));
	html_lit(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		struct target bt = {rq->community_id, rows[i].building_id, 0, false};
		if (!req_allowed(rq, PERM_DECISION_TURNOUT, &bt))
			continue;
		html_lit(&h, "<tr><th scope=\"row\">");
		html_text(&h, rows[i].building);
		html_lit(&h, "</th>");
		count_cells(rq, &h, &rows[i].total, T(rq, DC_ROLL));
		count_cells(rq, &h, &rows[i].voted, T(rq, DC_VOTED));
		html_lit(&h, "</tr>");
	}
	html_lit(&h, "</tbody></table>");
	back_link(rq, &h, d.id);
	return page_end(rq, &h);
}

/* Result and the notice ----------------------------------------------------------------------- */

static void
result_table(struct req *rq, struct html *h, const struct decision *d, const struct tally *t, const char *caption)
{
	struct verdict v = vote_decide(d->matter, t);
	html_lit(h, "<table class=\"list result\">");
	if (caption) {
		html_lit(h, "<caption>");
		html_text(h, caption);
		html_lit(h, "</caption>");
	}
	html_lit(h, "<thead><tr><td></td><th scope=\"col\" class=\"num\">");
	html_text(h, T(rq, DC_OWNERS));
	html_lit(h, "</th><th scope=\"col\" class=\"num\">");
	html_text(h, T(rq, DC_AREA));
	html_lit(h, "</th></tr></thead><tbody>");
	const struct {
		enum msg label;
		const struct count *c;
	} rows[] = {{MSG_DC_IN_SCOPE, &t->total}, {MSG_DC_PARTICIPATING, &t->participating}, {MSG_DC_YES, &t->yes},
	            {MSG_DC_NO, &t->no},          {MSG_DC_ABSTAIN, &t->abstain}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		html_lit(h, "<tr><th scope=\"row\">");
		html_text(h, i18n_get(rq->lang, rows[i].label));
		html_lit(h, "</th><td class=\"num\" data-label=\"");
		html_attr(h, T(rq, DC_OWNERS));
		html_lit(h, "\">");
		html_int(h, rows[i].c->owners);
		html_lit(h, "</td><td class=\"num\" data-label=\"");
		html_attr(h, T(rq, DC_AREA));
		html_lit(h, "\">");
		html_text(h, decision_area(rq, rows[i].c->area));
		html_lit(h, "</td></tr>");
	}
	html_lit(h, "</tbody></table><p class=\"verdict\"><strong>");
	html_text(h, v.quorum_met ? T(rq, DC_QUORUM_MET) : T(rq, DC_QUORUM_NOT_MET));
	html_lit(h, "</strong> <strong class=\"");
	html_lit(h, "outcome\">");
	html_text(h, v.passed ? T(rq, DC_PASSED) : T(rq, DC_NOT_PASSED));
	html_lit(h, "</strong></p>");
}

static int
result_body(struct req *rq, struct html *h, const struct decision *d)
{
	struct tally t;
	if (d->noptions == 0) {
		if (decision_count(rq, d, 0, &t) != YL_OK)
			return -1;
		result_table(rq, h, d, &t, NULL);
		return 0;
	}
	for (size_t i = 0; i < d->noptions; i++) {
		if (decision_count(rq, d, d->options[i].id, &t) != YL_OK)
			return -1;
		result_table(rq, h, d, &t, arena_printf(rq->a, "%d. %s", d->options[i].position, d->options[i].label));
	}
	return 0;
}

static int
closed_only(struct req *rq, const struct decision *d)
{
	if (d->state == DST_CLOSED || d->state == DST_ANNOUNCED)
		return 0;
	return req_errorf(rq, ERR_CONFLICT, "not_closed", NULL, req_tf(rq, MSG_DC_NO_RESULT_YET, decision_state_text(rq, d->state)));
}

int
decision_result_page(struct req *rq)
{
	struct decision d;
	if (load(rq, &d) < 0 || closed_only(rq, &d) < 0)
		return -1;
	struct html h;
	page_begin(rq, &h, T(rq, DC_RESULT));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, d.title);
	html_lit(&h, "</p><dl class=\"facts\">");
	page_fact(&h, T(rq, DC_MATTER), decision_matter_text(rq, d.matter));
	page_fact(&h, T(rq, DC_RULE), decision_rule_text(rq, vote_tier(d.matter)));
	page_fact(&h, T(rq, DC_SCOPE), decision_scope_text(rq, &d));
	page_fact(&h, T(rq, DC_CLOSED_AT), when(rq, d.closed_at));
	html_lit(&h, "</dl>");
	if (result_body(rq, &h, &d) < 0)
		return req_error(rq, ERR_INTERNAL);
	html_lit(&h, "<p class=\"actions\">");
	link_btn(rq, &h, d.id, "/print", T(rq, DC_PRINT));
	link_btn(rq, &h, d.id, "", T(rq, DC_BACK));
	html_lit(&h, "</p>");
	return page_end(rq, &h);
}

/* The notice for the board: A4, totals and units only. */
int
decision_print_page(struct req *rq)
{
	struct decision d;
	if (load(rq, &d) < 0 || closed_only(rq, &d) < 0)
		return -1;
	struct html h;
	page_begin(rq, &h, T(rq, DC_NOTICE_TITLE));
	html_lit(&h, "<article class=\"notice-a4\"><h2>");
	html_text(&h, d.title);
	html_lit(&h, "</h2><p>");
	html_text(&h, req_tf(rq, MSG_DC_NOTICE_LEAD, rq->community_name ? rq->community_name : "",
	                     decision_scope_text(rq, &d), req_day(rq, d.opened_at), req_day(rq, d.closed_at)));
	html_lit(&h, "</p><dl class=\"facts\">");
	page_fact(&h, T(rq, DC_MATTER), decision_matter_text(rq, d.matter));
	page_fact(&h, T(rq, DC_RULE), decision_rule_text(rq, vote_tier(d.matter)));
	page_fact(&h, T(rq, DC_ROLL), req_tf(rq, MSG_DC_ROLL_TOTALS, (long long)d.total.owners, (long long)d.total_units,
	                                   decision_area(rq, d.total.area)));
	html_lit(&h, "</dl>");
	if (result_body(rq, &h, &d) < 0)
		return req_error(rq, ERR_INTERNAL);
	html_lit(&h, "<p class=\"hint\">");
	html_text(&h, T(rq, DC_NOTICE_PRIVACY));
	html_lit(&h, "</p><p class=\"signature\">");
	html_text(&h, rq->community_name ? rq->community_name : "");
	html_lit(&h, "<br>");
	html_text(&h, req_day(rq, d.announced_at ? d.announced_at : db_now()));
	html_lit(&h, "</p></article><p class=\"no-print actions\"><a href=\"");
	html_url(&h, arena_printf(rq->a, "/decisions/%lld", (long long)d.id));
	html_lit(&h, "\">");
	html_text(&h, T(rq, DC_BACK));
	html_lit(&h, "</a></p>");
	return page_end(rq, &h);
}

/* The roll ---------------------------------------------------------------------------------- */

/* The frozen roll, shown to the owners it counts (the issue: "frozen … and shown to owners"):
 * every unit with its area and the number of the voter it counts for, so an owner can check
 * their units and that a neighbour with two flats counts once — and no name (PIPL Art. 25).
 * One building a page: 49 buildings of about 44 units each. */
int
decision_roll_page(struct req *rq)
{
	struct decision d;
	if (load(rq, &d) < 0)
		return -1;
	if (d.state < DST_PUBLISHED)
		return req_errorf(rq, ERR_CONFLICT, "not_published", NULL, T(rq, DC_ROLL_NOT_YET));
	int64_t want = 0, shown = 0, *bids;
	const char **bnames;
	size_t nb, n;
	struct roll_line *lines;
	if (field_int(rq, "building", req_query(rq, "building"), MSG_DC_BUILDING, 0, INT32_MAX, false, &want) < 0)
		return req_fail(rq);
	enum yl_err rc = store_decision_roll_buildings(rq->db, rq->a, rq->community_id, d.id, &bids, &bnames, &nb);
	if (rc == YL_OK)
		rc = store_decision_roll(rq->db, rq->a, rq->community_id, d.id, want, &shown, &lines, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, DC_ROLL_PAGE));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, d.title);
	html_lit(&h, "</p><p>");
	html_text(&h, req_tf(rq, MSG_DC_ROLL_TOTALS, (long long)d.total.owners, (long long)d.total_units,
	                     decision_area(rq, d.total.area)));
	html_lit(&h, "</p><p class=\"hint\">");
	html_text(&h, T(rq, DC_ROLL_HINT));
	html_lit(&h, "</p>");
	if (nb > 1) {
		html_lit(&h, "<form method=\"get\" class=\"filters\">");
		form_keep_community(rq, &h);
		form_select_open(&h, "building", T(rq, DC_BUILDING));
		for (size_t i = 0; i < nb; i++)
			form_option_id(&h, bids[i], bnames[i], bids[i] == shown);
		html_lit(&h, "</select></p>");
		form_submit(&h, T(rq, REG_FILTER));
		html_lit(&h, "</form>");
	}
	html_lit(&h, "<table class=\"list\"><thead><tr><th scope=\"col\">");
	html_text(&h, T(rq, DC_ROOM));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, DC_ROLL_AREA));
	html_lit(&h, "</th><th scope=\"col\">");
	html_text(&h, T(rq, DC_ROLL_VOTER));
	html_lit(&h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct roll_line *l = &lines[i];
		html_lit(&h, "<tr><td>");
		html_text(&h, l->building);
		html_text(&h, l->stairwell);
		html_lit(&h, " ");
		html_text(&h, l->room);
		html_lit(&h, "</td><td class=\"num\">");
		html_text(&h, decision_area(rq, l->area));
		html_lit(&h, "</td><td>");
		if (l->developer)
			html_text(&h, T(rq, DC_ROLL_DEVELOPER));
		else
			html_text(&h, req_tf(rq, MSG_DC_ROLL_VOTER_NO, (long long)l->voter_no));
		if (l->voter_units > 1) {
			html_lit(&h, " ");
			html_text(&h, req_tn(rq, MSG_DC_ROLL_UNITS, l->voter_units, (long long)l->voter_units));
		}
		html_lit(&h, "</td></tr>");
	}
	html_lit(&h, "</tbody></table>");
	back_link(rq, &h, d.id);
	return page_end(rq, &h);
}
