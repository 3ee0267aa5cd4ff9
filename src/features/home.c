/* home.c: GET / — who you are here and where to go; the login prompt for visitors. */
#include "home.h"
#include "account.h"
#include "../web/layout.h"
#include "../web/req.h"

int
home_page(struct req *rq)
{
	struct html h;
	page_begin(rq, &h, T(rq, HOME_TITLE));
	if (rq->actor.id == 0) {
		html_lit(&h, "<p class=\"lead\">");
		html_text(&h, T(rq, SITE_MOTTO));
		html_lit(&h, "</p><p>");
		html_text(&h, T(rq, HOME_INTRO));
		html_lit(&h, "</p><p>");
		html_text(&h, T(rq, HOME_PLEASE_LOGIN));
		html_lit(&h, "</p><p><a class=\"btn\" href=\"/login\">");
		html_text(&h, T(rq, NAV_LOGIN));
		html_lit(&h, "</a></p>");
		return page_end(rq, &h);
	}
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, req_tf(rq, MSG_HOME_WELCOME,
	                     rq->actor.display_name && *rq->actor.display_name ? rq->actor.display_name
	                                                                       : rq->actor.name));
	html_lit(&h, "</p><p>");
	html_text(&h, T(rq, HOME_INTRO));
	html_lit(&h, "</p><h2>");
	html_text(&h, T(rq, HOME_YOUR_ROLES));
	html_lit(&h, "</h2>");
	account_roles_list(rq, &h);
	return page_end(rq, &h);
}
