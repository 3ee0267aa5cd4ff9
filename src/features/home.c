/* home.c: GET / — who you are here and where to go; the login prompt for visitors. Someone with
 * units of their own (an owner, a resident) first sees what concerns them, most urgent first
 * (home_parts.c): votes still to cast, what they owe, their problems, the renovation in their
 * building, their building's volunteers, the notices for them. Roles and units come after. */
#include "home.h"
#include "home_parts.h"
#include "account.h"
#include "district.h"
#include "volunteers.h"
#include "../core/arena.h"
#include "../store/registry.h"
#include "../web/layout.h"
#include "../web/req.h"

/* The units the person owns or lives in, as links to their pages; those of this community already
 * read (me), others by key. */
static void
my_units(struct req *rq, struct html *h, const struct home_units *me)
{
	bool any = false;
	for (size_t i = 0; i < rq->actor.ngrants; i++) {
		const struct grant *g = &rq->actor.grants[i];
		for (size_t k = 0; k < g->nunits; k++) {
			struct unit u;
			const struct unit *mine = NULL;
			for (size_t m = 0; g->community_id == rq->community_id && m < me->n; m++)
				if (me->v[m].id == g->units[k])
					mine = &me->v[m];
			if (mine)
				u = *mine;
			else if (store_unit_get(rq->db, rq->a, g->community_id, g->units[k], &u) != YL_OK)
				continue;
			if (!any) {
				html_lit(h, "<h2>");
				html_text(h, T(rq, HOME_YOUR_UNITS));
				html_lit(h, "</h2><ul class=\"units\">");
				any = true;
			}
			html_lit(h, "<li><a href=\"");
			html_url(h, arena_printf(rq->a, "/registry/units/%lld", (long long)u.id));
			html_lit(h, "\">");
			html_text(h, req_tf(rq, MSG_UNIT_TITLE, u.building, u.stairwell, u.room));
			html_lit(h, "</a></li>");
		}
	}
	if (any)
		html_lit(h, "</ul>");
}

int
home_page(struct req *rq)
{
	struct html h;
	page_begin(rq, &h, T(rq, HOME_TITLE));
	if (req_query(rq, "welcome") && rq->actor.id)
		page_notice(&h, T(rq, CLAIM_DONE), false);
	if (rq->actor.id == 0) {
		html_lit(&h, "<p class=\"lead\">");
		html_text(&h, T(rq, SITE_MOTTO));
		html_lit(&h, "</p><p>");
		html_text(&h, T(rq, HOME_INTRO));
		html_lit(&h, "</p><p>");
		html_text(&h, T(rq, HOME_PLEASE_LOGIN));
		html_lit(&h, "</p><p class=\"actions\"><a class=\"btn\" href=\"/login\">");
		html_text(&h, T(rq, NAV_LOGIN));
		html_lit(&h, "</a> <a class=\"btn\" href=\"/claim\">");
		html_text(&h, T(rq, CLAIM_TITLE));
		html_lit(&h, "</a></p>");
		return page_end(rq, &h);
	}
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tf(rq, MSG_HOME_WELCOME,
	                     rq->actor.display_name && *rq->actor.display_name ? rq->actor.display_name
	                                                                       : rq->actor.name));
	html_lit(&h, "</p>");
	struct home_units me;
	home_units_of(rq, &me);
	if (me.n > 0) {
		home_votes(rq, &h);
		home_bills(rq, &h, &me);
		home_problems(rq, &h);
		home_plan_items(rq, &h, &me);
		volunteer_home_cards(rq, &h, me.buildings, me.nbuildings);
		home_notices(rq, &h, &me);
	} else {
		html_lit(&h, "<p>");
		html_text(&h, T(rq, HOME_INTRO));
		html_lit(&h, "</p>");
	}
	html_lit(&h, "<h2>");
	html_text(&h, T(rq, HOME_YOUR_ROLES));
	html_lit(&h, "</h2>");
	account_roles_list(rq, &h);
	size_t overseen;
	bool everywhere;
	district_communities(rq, &overseen, &everywhere);
	if (overseen > 0 || everywhere) {
		html_lit(&h, "<p class=\"actions\"><a class=\"btn\" href=\"/district\">");
		html_text(&h, T(rq, NAV_DISTRICT));
		html_lit(&h, "</a></p>");
	}
	my_units(rq, &h, &me);
	return page_end(rq, &h);
}
