/* plans.c: the renovation plan's JSON API — for now cost shares on their own. A total is shared
 * between the owners of a scope (compound, building or stairwell) by area (Civil Code Art. 283)
 * or by the elevator floor coefficients, to the fen by largest remainder (core/share.c). Owners
 * are counted as in DOMAIN.md §2: an owner's units in scope make one payer; every developer-held
 * unit (unsold, undelivered, or the developer's / former work unit's) makes ONE payer, listed
 * first with "developer": true and no owner_id, that pays by the area it holds. Nothing is
 * written, so there is no audit row. */
#include "plans.h"
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../core/registry.h"
#include "../core/share.h"
#include "../store/db.h"
#include "../store/plans.h"
#include "../store/registry.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The scope object {"type": …, "building": …, "stairwell": …}; 0 ids where it names none. */
static int
read_scope(struct req *rq, json_t *s, int64_t *building_id, int64_t *stairwell_id)
{
	*building_id = *stairwell_id = 0;
	if (s == NULL)
		return 0; /* the whole compound */
	if (!json_is_object(s))
		return req_errorf(rq, ERR_INVALID, "bad_scope", "scope", T(rq, PL_BAD_SCOPE));
	json_t *jt = json_object_get(s, "type");
	const char *type = jt ? json_string_value(jt) : "community";
	bool building = type && strcmp(type, "building") == 0, stairwell = type && strcmp(type, "stairwell") == 0;
	if (type == NULL || (!building && !stairwell && strcmp(type, "community") != 0))
		return req_errorf(rq, ERR_INVALID, "bad_scope", "scope.type", T(rq, PL_BAD_SCOPE));
	if (!building && !stairwell)
		return 0;
	json_t *jb = json_object_get(s, "building");
	const char *bname = json_string_value(jb);
	char bn[REG_NAME_MAX];
	if (bname == NULL || *bname == '\0')
		return req_errorf(rq, ERR_INVALID, "required", "scope.building", T(rq, DC_NEED_BUILDING));
	if (!registry_building(bname, bn) || store_building_find(rq->db, rq->community_id, bn, building_id) != YL_OK)
		return req_errorf(rq, ERR_INVALID, "unknown_building", "scope.building",
		                  req_tf(rq, MSG_DC_NO_BUILDING, bname));
	if (!stairwell)
		return 0;
	/* a stairwell given as a number ("2" or 2) or a name ("2单元") */
	json_t *js = json_object_get(s, "stairwell");
	const char *sname = json_is_integer(js) ? arena_printf(rq->a, "%lld", (long long)json_integer_value(js))
	                                        : json_string_value(js);
	char sn[REG_NAME_MAX];
	if (sname == NULL || *sname == '\0')
		return req_errorf(rq, ERR_INVALID, "required", "scope.stairwell", T(rq, DC_NEED_STAIRWELL));
	if (!registry_stairwell(sname, sn) ||
	    store_stairwell_find(rq->db, rq->community_id, *building_id, sn, stairwell_id) != YL_OK)
		return req_errorf(rq, ERR_INVALID, "unknown_stairwell", "scope.stairwell",
		                  req_tf(rq, MSG_DC_NO_STAIRWELL, sname));
	return 0;
}

static int
by_owner_id(const void *a, const void *b)
{
	const struct plan_unit *x = a, *y = b;
	return (x->u.owner_id > y->u.owner_id) - (x->u.owner_id < y->u.owner_id);
}

int
cost_shares_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t total = 0, building_id = 0, stairwell_id = 0;
	int rule = -1;
	const char *ts = json_string_value(json_object_get(j, "total"));
	const char *rs = json_string_value(json_object_get(j, "rule"));
	int r = 0;
	if (ts == NULL || dec_parse(ts, strlen(ts), false, &total) != YL_OK)
		r = req_errorf(rq, ERR_INVALID, "bad_total", "total", T(rq, PL_BAD_TOTAL));
	else if ((rule = share_rule_from_name(rs)) < 0)
		r = req_errorf(rq, ERR_INVALID, "bad_rule", "rule", T(rq, PL_BAD_RULE));
	else
		r = read_scope(rq, json_object_get(j, "scope"), &building_id, &stairwell_id);
	json_decref(j);
	if (r < 0)
		return -1;

	struct plan_unit *pu = NULL;
	size_t n = 0;
	enum yl_err rc = store_share_units(rq->db, rq->a, rq->community_id, building_id, stairwell_id, &pu, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (n == 0)
		return req_errorf(rq, ERR_INVALID, "empty_scope", "scope", T(rq, PL_EMPTY_SCOPE));
	struct share_unit *su = malloc(n * sizeof *su);
	struct share *s = malloc(n * sizeof *s);
	size_t k = 0;
	if (su == NULL || s == NULL)
		rc = ERR_INTERNAL;
	for (size_t i = 0; rc == YL_OK && i < n; i++)
		su[i] = pu[i].u;
	if (rc == YL_OK)
		rc = share_payers(su, n, (enum share_rule)rule, s, &k);
	if (rc == YL_OK && (rc = share_apportion(total, s, k)) == ERR_INVALID) {
		free(pu), free(su), free(s);
		/* every weight 0: the elevator rule on a ground-floor-only scope */
		return req_errorf(rq, ERR_INVALID, "nobody_pays", "scope", T(rq, PL_NOBODY_PAYS));
	}
	if (rc != YL_OK) {
		free(pu), free(su), free(s);
		return req_error(rq, rc);
	}

	struct jsonw w;
	req_jsonw(rq, 200, &w);
	jsonw_object(&w);
	jsonw_kstr(&w, "rule", share_rule_names[rule]);
	jsonw_key(&w, "shares");
	jsonw_array(&w);
	int64_t sum = 0;
	char b[24];
	for (size_t i = 0; i < k; i++) {
		jsonw_object(&w);
		if (s[i].owner_id == SHARE_DEVELOPER) {
			jsonw_key(&w, "owner_id");
			jsonw_null(&w);
			jsonw_key(&w, "owner_ref");
			jsonw_null(&w);
			jsonw_key(&w, "developer");
			jsonw_bool(&w, true);
		} else {
			/* pu is in owner order (the SQL's ORDER BY), so the owner's ref is found by halving */
			struct plan_unit key = {.u.owner_id = s[i].owner_id};
			const struct plan_unit *p = bsearch(&key, pu, n, sizeof *pu, by_owner_id);
			jsonw_kint(&w, "owner_id", s[i].owner_id);
			jsonw_kstr(&w, "owner_ref", p ? p->owner_ref : "");
		}
		dec_format(s[i].area, b);
		jsonw_kstr(&w, "area", b);
		jsonw_kint(&w, "units", s[i].units);
		dec_format(s[i].amount, b);
		jsonw_kstr(&w, "amount", b);
		jsonw_object_end(&w);
		sum += s[i].amount;
	}
	jsonw_array_end(&w);
	dec_format(sum, b);
	jsonw_kstr(&w, "sum", b);
	jsonw_kint(&w, "payers", (int64_t)k);
	jsonw_kint(&w, "units", (int64_t)n);
	jsonw_object_end(&w);
	free(pu), free(su), free(s);
	return 0;
}
