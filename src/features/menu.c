/* menu.c: 全部栏目. On a phone the header shows only the primary sections (routes.c marks them);
 * this page lists them all, as large links, for whoever is looking — visitor, owner, staff. */
#include "menu.h"
#include "../web/layout.h"
#include "../web/req.h"

int
menu_page(struct req *rq)
{
	struct html h;
	page_begin(rq, &h, T(rq, NAV_ALL));
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, MENU_LEAD));
	html_lit(&h, "</p>");
	page_site_map(rq, &h);
	return page_end(rq, &h);
}
