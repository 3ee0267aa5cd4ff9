/* plans.h: the renovation plan (issue 8) — for now the cost-share computation on its own
 * (DOMAIN.md §4; the rules are core/share.c, the SQL store/plans.c). */
#ifndef YL_FEATURES_PLANS_H
#define YL_FEATURES_PLANS_H

struct req;

/* POST /api/v1/communities/{cid}/cost-shares: each owner's share of a total in a scope. */
int cost_shares_api(struct req *rq);

#endif
