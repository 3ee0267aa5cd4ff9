/* dashboard.h: the public dashboard (issue 11) — GET /dashboard/{cid} and
 * GET /api/v1/communities/{cid}/dashboard: counts, sums, medians and rates of one community,
 * drawn as SVG charts with their data tables; staff also see problems by department. */
#ifndef YL_DASHBOARD_PAGES_H
#define YL_DASHBOARD_PAGES_H

struct req;

int dashboard_page(struct req *rq);
int dashboard_api(struct req *rq);

#endif
