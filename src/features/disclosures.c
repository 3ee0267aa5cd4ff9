/* disclosures.c: the financial disclosure's JSON API, publishing and the XLSX (see disclosures.h).
 *
 * A published disclosure is posted on the notice board (notice_post_disclosure): the hook
 * belongs in disclosure_publish, inside its transaction after store_disclosure_create, so the
 * notice and the closing of the months commit together. */
#include "disclosures.h"
#include "notices.h"
#include "expenses.h"
#include "../core/arena.h"
#include "../core/billing.h"
#include "../core/timefmt.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/ledger.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"
#include "../web/sheet.h"

#include <string.h>

const char *
permille_text(struct req *rq, int64_t permille)
{
	return arena_printf(rq->a, "%s%%", req_tenths(rq, permille));
}

/* Loading ---------------------------------------------------------------------------------------- */

/* The period as the community discloses: a month, or a quarter when disclosure_months is 3. */
static int
period_input(struct req *rq, const char *text, struct period *p)
{
	struct finance_settings fs;
	enum yl_err rc = store_finance_settings(rq->db, rq->community_id, &fs);
	if (rc != YL_OK)
		return req_error(rq, rc);
	if (field_period(rq, "period", text, MSG_DI_PERIOD, false, p) < 0)
		return -1;
	if (p->months != fs.disclosure_months || (p->months == 3 && (p->first % 100 - 1) % 3 != 0))
		return req_errorf(rq, ERR_INVALID, "wrong_period", "period",
		                  i18n_get(rq->lang, fs.disclosure_months == 3 ? MSG_DI_USES_QUARTERS : MSG_DI_USES_MONTHS));
	return 0;
}

int
disclosure_load(struct req *rq, const char *text, struct disclosure_view *v)
{
	memset(v, 0, sizeof *v);
	if (period_input(rq, text ? text : req_param(rq, "period"), &v->p) < 0)
		return -1;
	enum yl_err rc = store_disclosure_get(rq->db, rq->a, rq->community_id, v->p.first, &v->row);
	if (rc != YL_OK && rc != ERR_NOTFOUND)
		return req_error(rq, rc);
	v->published = rc == YL_OK;
	/* a draft is the committee's working paper: for anyone else it does not exist yet */
	if (!v->published && !req_may(rq, PERM_FINANCE_READ))
		return req_error(rq, ERR_NOTFOUND);
	struct finance_settings fs;
	rc = store_finance_settings(rq->db, rq->community_id, &fs);
	if (rc == YL_OK)
		rc = store_disclosure_figures(rq->db, rq->a, rq->community_id, v->p, fs.threshold, &v->f);
	return rc == YL_OK ? 0 : req_error(rq, rc);
}

/* JSON ------------------------------------------------------------------------------------------- */

static void
money(struct req *rq, struct jsonw *jw, const char *key, int64_t fen)
{
	jsonw_kstr(jw, key, req_amount(rq, fen));
}

static void
balance_json(struct req *rq, struct jsonw *jw, const char *key, int64_t cash, int64_t bank)
{
	jsonw_key(jw, key);
	jsonw_object(jw);
	money(rq, jw, "cash", cash);
	money(rq, jw, "bank", bank);
	money(rq, jw, "total", cash + bank);
	jsonw_object_end(jw);
}

static void
figures_json(struct req *rq, struct jsonw *jw, const struct disclosure_view *v)
{
	const struct disclosure_figures *f = &v->f;
	char per[12], d[11];
	period_format(v->p, per);
	jsonw_object(jw);
	jsonw_kstr(jw, "period", per);
	jsonw_kstr(jw, "state", v->published ? "published" : "draft");
	jsonw_key(jw, "published_at");
	if (v->published) {
		char t[26];
		time_rfc3339(v->row.published_at, t);
		jsonw_str(jw, t);
	} else {
		jsonw_null(jw);
	}
	jsonw_key(jw, "audit_head");
	jsonw_str(jw, v->published ? v->row.audit_head : NULL);
	balance_json(rq, jw, "opening", f->opening_cash, f->opening_bank);
	balance_json(rq, jw, "closing", f->closing_cash, f->closing_bank);
	jsonw_key(jw, "income");
	jsonw_object(jw);
	money(rq, jw, "fees", f->fees_collected);
	for (int i = 0; i < INC__COUNT; i++)
		money(rq, jw, income_category_names[i], f->income[i]);
	money(rq, jw, "total", f->income_total);
	jsonw_object_end(jw);
	money(rq, jw, "handed_over", f->handed_over);
	jsonw_key(jw, "fees");
	jsonw_object(jw);
	money(rq, jw, "billed", f->billed);
	money(rq, jw, "collected", f->billed_collected);
	jsonw_kstr(jw, "collection_rate", permille_text(rq, f->collection_permille));
	money(rq, jw, "arrears", f->arrears);
	jsonw_object_end(jw);
	jsonw_key(jw, "expenses");
	jsonw_object(jw);
	jsonw_key(jw, "by_category");
	jsonw_array(jw);
	for (int i = 0; i < EXP__COUNT; i++) {
		if (f->vouchers[i] == 0)
			continue;
		jsonw_object(jw);
		jsonw_kstr(jw, "category", expense_category_names[i]);
		money(rq, jw, "amount", f->expense[i]);
		jsonw_kint(jw, "vouchers", f->vouchers[i]);
		jsonw_object_end(jw);
	}
	jsonw_array_end(jw);
	money(rq, jw, "total", f->expense_total);
	jsonw_object_end(jw);
	money(rq, jw, "threshold", f->threshold);
	jsonw_key(jw, "large_expenses");
	jsonw_array(jw);
	for (size_t i = 0; i < f->nlarge; i++) {
		const struct expense *x = &f->large[i];
		jsonw_object(jw);
		jsonw_kint(jw, "id", x->id);
		date_local(x->spent_at, d);
		jsonw_kstr(jw, "spent_on", d);
		jsonw_kstr(jw, "category", expense_category_names[x->category]);
		jsonw_kstr(jw, "payee", x->payee);
		money(rq, jw, "amount", x->amount);
		jsonw_kstr(jw, "description", x->description);
		jsonw_kstr(jw, "voucher", arena_printf(rq->a, "/expenses/%lld/voucher", (long long)x->id));
		jsonw_object_end(jw);
	}
	jsonw_array_end(jw);
	jsonw_key(jw, "consistent");
	jsonw_bool(jw, f->consistent);
	jsonw_object_end(jw);
}

int
disclosure_api(struct req *rq)
{
	struct disclosure_view v;
	if (disclosure_load(rq, NULL, &v) < 0)
		return -1;
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	figures_json(rq, &jw, &v);
	return 0;
}

int
disclosures_api(struct req *rq)
{
	struct disclosure *v;
	size_t n;
	enum yl_err rc = store_disclosures(rq->db, rq->a, rq->community_id, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < n; i++) {
		char per[12], t[26];
		period_format((struct period){v[i].first_month, v[i].months}, per);
		time_rfc3339(v[i].published_at, t);
		jsonw_object(&jw);
		jsonw_kstr(&jw, "period", per);
		jsonw_kstr(&jw, "published_at", t);
		jsonw_kstr(&jw, "audit_head", v[i].audit_head);
		jsonw_object_end(&jw);
	}
	jsonw_list_end(&jw, (int64_t)n);
	return 0;
}

/* Publishing ------------------------------------------------------------------------------------- */

int
disclosure_publish(struct req *rq, json_t *j, struct period *p, const char **head)
{
	if (period_input(rq, field_value(rq, j, "period"), p) < 0)
		return -1;
	char per[12];
	period_format(*p, per);
	int last = period_last(*p);
	if (month_start(month_add(last, 1)) > db_now())
		return req_errorf(rq, ERR_CONFLICT, "period_not_over", "period", req_tf(rq, MSG_DI_NOT_OVER, per));
	struct audit_head ah;
	int64_t pending = 0;
	bool closed = false;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	for (int m = p->first; rc == YL_OK && m <= last && !closed; m = month_add(m, 1))
		rc = store_month_disclosed(rq->db, rq->community_id, m, &closed);
	if (rc == YL_OK && !closed)
		rc = store_expenses_pending(rq->db, rq->community_id, p->first, last, &pending);
	if (rc == YL_OK && (closed || pending)) {
		store_end(rq->db, ERR_CONFLICT);
		if (closed)
			return req_errorf(rq, ERR_CONFLICT, "already_published", "period", req_tf(rq, MSG_DI_ALREADY, per));
		return req_errorf(rq, ERR_CONFLICT, "pending_expenses", "period",
		                  req_tn(rq, MSG_DI_PENDING, pending, (long long)pending, per));
	}
	/* the chain's head before this publication's own row: what the paper copy prints */
	if (rc == YL_OK)
		rc = store_audit_head(rq->db, rq->community_id, &ah);
	if (rc == YL_OK) {
		struct disclosure d = {p->first, p->months, rq->actor.id, db_now(), "", ah.hash};
		rc = store_disclosure_create(rq->db, rq->community_id, &d);
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "disclosure.publish", "community", rq->community_id,
		               json_pack("{s:s, s:s}", "period", per, "audit_head", ah.hash));
	/* on the notice board (公示栏) with its totals, in the same transaction as the closing */
	struct finance_settings fs;
	struct disclosure_figures f;
	if (rc == YL_OK)
		rc = store_finance_settings(rq->db, rq->community_id, &fs);
	if (rc == YL_OK)
		rc = store_disclosure_figures(rq->db, rq->a, rq->community_id, *p, fs.threshold, &f);
	if (rc == YL_OK)
		rc = notice_post_disclosure(rq, per, &f);
	rc = store_end(rq->db, rc);
	if (rc == ERR_CONFLICT) /* published by someone else meanwhile */
		return req_errorf(rq, ERR_CONFLICT, "already_published", "period", req_tf(rq, MSG_DI_ALREADY, per));
	if (rc != YL_OK)
		return req_error(rq, rc);
	*head = arena_strdup(rq->a, ah.hash);
	return 0;
}

int
disclosure_publish_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	struct period p;
	const char *head = NULL;
	int r = disclosure_publish(rq, j, &p, &head);
	json_decref(j);
	if (r < 0)
		return -1;
	char per[12];
	period_format(p, per);
	return req_json(rq, 201, json_pack("{s:s, s:s}", "period", per, "audit_head", head));
}

/* XLSX ------------------------------------------------------------------------------------------- */

static void
sheet_line(struct sheet *s, const char *what, const char *detail, int64_t fen)
{
	sheet_text(s, what);
	sheet_text(s, detail);
	sheet_fixed2(s, fen);
	sheet_row_end(s);
}

int
disclosure_xlsx(struct req *rq, const struct disclosure_view *v)
{
	const struct disclosure_figures *f = &v->f;
	char per[12], d[11];
	period_format(v->p, per);
	const char *hd[3] = {T(rq, DI_COL_ITEM), T(rq, DI_COL_DETAIL), T(rq, DI_COL_AMOUNT)};
	struct sheet *s = sheet_new(rq->a, arena_printf(rq->a, "%s %s", T(rq, DI_TITLE_SHORT), per), 3, hd);
	sheet_line(s, T(rq, DI_OPENING), T(rq, EX_CASH), f->opening_cash);
	sheet_line(s, T(rq, DI_OPENING), T(rq, EX_BANK), f->opening_bank);
	sheet_line(s, T(rq, DI_INCOME), T(rq, DI_FEES_COLLECTED), f->fees_collected);
	for (int i = 0; i < INC__COUNT; i++)
		sheet_line(s, T(rq, DI_INCOME), income_category_text(rq, (enum income_category)i), f->income[i]);
	if (f->handed_over)
		sheet_line(s, T(rq, DI_INCOME), T(rq, DI_HANDED_OVER), f->handed_over);
	sheet_line(s, T(rq, DI_INCOME), T(rq, DI_TOTAL), f->income_total);
	for (int i = 0; i < EXP__COUNT; i++)
		if (f->vouchers[i])
			sheet_line(s, T(rq, DI_EXPENSES),
			           req_tn(rq, MSG_DI_CATEGORY_VOUCHERS, f->vouchers[i],
			                  expense_category_text(rq, (enum expense_category)i), (long long)f->vouchers[i]),
			           f->expense[i]);
	sheet_line(s, T(rq, DI_EXPENSES), T(rq, DI_TOTAL), f->expense_total);
	sheet_line(s, T(rq, DI_CLOSING), T(rq, EX_CASH), f->closing_cash);
	sheet_line(s, T(rq, DI_CLOSING), T(rq, EX_BANK), f->closing_bank);
	sheet_line(s, T(rq, DI_FEES), T(rq, DI_BILLED), f->billed);
	sheet_line(s, T(rq, DI_FEES), T(rq, DI_COLLECTED), f->billed_collected);
	sheet_text(s, T(rq, DI_FEES));
	sheet_text(s, T(rq, DI_RATE));
	sheet_text(s, permille_text(rq, f->collection_permille));
	sheet_row_end(s);
	sheet_line(s, T(rq, DI_FEES), T(rq, DI_ARREARS), f->arrears);
	for (size_t i = 0; i < f->nlarge; i++) {
		const struct expense *x = &f->large[i];
		date_local(x->spent_at, d);
		sheet_line(s, T(rq, DI_LARGE),
		           arena_printf(rq->a, "%s %s %s %s", d, expense_category_text(rq, x->category), x->payee,
		                        x->description),
		           x->amount);
	}
	if (!v->published) {
		/* a draft leaves the office only as the committee's audited download */
		enum yl_err rc = store_begin_community(rq->db, rq->community_id);
		if (rc == YL_OK)
			rc = store_end(rq->db, req_audit(rq, rq->community_id, "disclosure.export", "community", rq->community_id,
			                                 json_pack("{s:s, s:s}", "period", per, "state", "draft")));
		if (rc != YL_OK)
			return req_error(rq, rc);
	}
	unsigned char *p;
	size_t len;
	if (sheet_xlsx(s, rq->a, &p, &len) < 0)
		return req_error(rq, ERR_INTERNAL);
	req_header(rq, "content-disposition",
	           arena_printf(rq->a, "attachment; filename=\"disclosure-%lld-%s.xlsx\"", (long long)rq->community_id, per));
	return req_bytes(rq, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", p, len);
}
