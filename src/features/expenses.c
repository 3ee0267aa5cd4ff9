/* expenses.c: expenses, other income, the opening balance and the finance settings — the JSON API
 * and the writes the pages share (see expenses.h).
 *
 * Second pair of eyes: an expense above the threshold waits for a committee member other than
 * the one who recorded it; the UPDATE is guarded (still pending, not the recorder) and the table's
 * CHECK backs it. Only an approved expense is in the journal, in the month it was spent; when that
 * month is closed by a published disclosure the approval is refused and the expense stays pending. */
#include "expenses.h"
#include "uploads.h"
#include "../core/arena.h"
#include "../core/decimal.h"
#include "../core/image.h"
#include "../core/period.h"
#include "../core/timefmt.h"
#include "../core/words.h"
#include "../store/db.h"
#include "../store/files.h"
#include "../store/ledger.h"
#include "../web/fields.h"
#include "../web/jsonw.h"
#include "../web/req.h"

#include <string.h>

#define PAYEE_MAX 60
#define DESCRIPTION_MAX 500
#define NOTE_MAX 200
#define SOURCE_MAX 60
#define REFERENCE_MAX 60
#define LIST_MAX 500
/* 99,999,999.99 yuan: far above any compound's spending, far below DEC_MAX */
#define AMOUNT_MAX INT64_C(9999999999)

static const enum msg state_msgs[XS__COUNT] = {MSG_EX_ST_PENDING, MSG_EX_ST_APPROVED, MSG_EX_ST_REJECTED};
static const enum msg category_msgs[EXP__COUNT] = {MSG_EX_CAT_CLEANING,  MSG_EX_CAT_SECURITY, MSG_EX_CAT_GREENING,
                                                   MSG_EX_CAT_REPAIRS,   MSG_EX_CAT_UTILITIES, MSG_EX_CAT_WAGES,
                                                   MSG_EX_CAT_OFFICE,    MSG_EX_CAT_OTHER};
static const enum msg income_msgs[INC__COUNT] = {MSG_EX_INC_PARKING, MSG_EX_INC_ADVERTISING, MSG_EX_INC_RENT,
                                                 MSG_EX_INC_OTHER};
static const enum msg method_msgs[PAY__COUNT] = {MSG_EX_PAY_CASH, MSG_EX_PAY_BANK, MSG_EX_PAY_WECHAT,
                                                 MSG_EX_PAY_ALIPAY};

const char *
expense_state_text(struct req *rq, enum expense_state s)
{
	return (unsigned)s < XS__COUNT ? i18n_get(rq->lang, state_msgs[s]) : "?";
}

const char *
expense_category_text(struct req *rq, enum expense_category c)
{
	return (unsigned)c < EXP__COUNT ? i18n_get(rq->lang, category_msgs[c]) : "?";
}

const char *
income_category_text(struct req *rq, enum income_category c)
{
	return (unsigned)c < INC__COUNT ? i18n_get(rq->lang, income_msgs[c]) : "?";
}

const char *
pay_method_text(struct req *rq, enum pay_method m)
{
	return (unsigned)m < PAY__COUNT ? i18n_get(rq->lang, method_msgs[m]) : "?";
}

int
expense_scope(struct req *rq, struct target *t)
{
	int64_t id = req_param_id(rq, "id");
	if (id == 0 || store_expense_community(rq->db, id, &t->community_id) != YL_OK)
		return req_error(rq, ERR_NOTFOUND);
	return 0;
}

/* Inputs ---------------------------------------------------------------------------------------- */

/* One of a table's words, or 422 naming the field. */
static int
field_word(struct req *rq, const char *name, const char *value, const char *const *words, int n, enum msg bad,
           int *out)
{
	*out = value ? word_index(words, n, value) : -1;
	if (*out < 0)
		return req_errorf(rq, ERR_INVALID, value && *value ? "bad_value" : "required", name, i18n_get(rq->lang, bad));
	return 0;
}

/* A day that has begun already (money spent or received: never tomorrow). */
static int
field_past_day(struct req *rq, const char *name, const char *value, enum msg label, int64_t *out)
{
	if (field_date(rq, name, value, label, true, out) < 0)
		return -1;
	if (*out > db_now())
		return req_errorf(rq, ERR_INVALID, "future_date", name, req_tf(rq, MSG_EX_FUTURE_DATE, i18n_get(rq->lang, label)));
	return 0;
}

/* Posting ----------------------------------------------------------------------------------------- */

/* The answer to a posting refused for its month: which month a published disclosure closed. */
static int
period_closed(struct req *rq, int month)
{
	char m[8];
	month_format(month, m);
	return req_errorf(rq, ERR_CONFLICT, "period_closed", NULL, req_tf(rq, MSG_EX_PERIOD_CLOSED, m));
}

/* Posts a two-line entry (Dr debit / Cr credit, amount) inside the open transaction; a closed
 * month sets *closed. */
static enum yl_err
post2(struct req *rq, int month, enum entry_kind kind, const char *ref_type, int64_t ref, enum account debit,
      enum account credit, int64_t amount, int64_t *entry_id, bool *closed)
{
	struct ledger_line l[2] = {{debit, amount, 0}, {credit, 0, amount}};
	struct entry_new e = {month, kind, ref_type, ref, "", rq->actor.id, db_now()};
	enum yl_err rc = store_ledger_post(rq->db, rq->community_id, &e, l, 2, entry_id);
	*closed = rc == ERR_CONFLICT;
	return rc;
}

static int
finished(struct req *rq, enum yl_err rc, bool closed, int month)
{
	if (rc == YL_OK)
		return 0;
	if (closed)
		return period_closed(rq, month);
	return req_error(rq, rc);
}

/* Expenses ---------------------------------------------------------------------------------------- */

static int
expense_inputs(struct req *rq, struct expense *x)
{
	memset(x, 0, sizeof *x);
	int cat, method;
	if (field_amount(rq, "amount", req_form(rq, "amount"), MSG_EX_AMOUNT, 1, AMOUNT_MAX, true, &x->amount) < 0 ||
	    field_word(rq, "category", req_form(rq, "category"), expense_category_names, EXP__COUNT, MSG_EX_BAD_CATEGORY,
	               &cat) < 0 ||
	    field_text(rq, "payee", req_form(rq, "payee"), MSG_EX_PAYEE, PAYEE_MAX, true, &x->payee) < 0 ||
	    field_text(rq, "description", req_form(rq, "description"), MSG_EX_DESCRIPTION, DESCRIPTION_MAX, false,
	               &x->description) < 0 ||
	    field_word(rq, "method", req_form(rq, "method"), pay_method_names, PAY__COUNT, MSG_EX_BAD_METHOD, &method) < 0 ||
	    field_past_day(rq, "spent_on", req_form(rq, "spent_on"), MSG_EX_SPENT_ON, &x->spent_at) < 0)
		return -1;
	x->category = (enum expense_category)cat;
	x->method = (enum pay_method)method;
	return 0;
}

int
expense_record(struct req *rq, int64_t *id, enum expense_state *state)
{
	struct expense x;
	if (expense_inputs(rq, &x) < 0)
		return -1;
	struct finance_settings fs;
	enum yl_err rc = store_finance_settings(rq->db, rq->community_id, &fs);
	if (rc != YL_OK)
		return req_error(rq, rc);
	/* the voucher last: its file is written only for an otherwise good expense */
	struct image_upload up;
	if (upload_images(rq, "voucher", 1, &up) < 0)
		return -1;
	if (up.n == 0)
		return req_errorf(rq, ERR_INVALID, "required", "voucher", T(rq, EX_NEED_VOUCHER));
	x.voucher = up.v[0].name;
	x.voucher_mime = image_mime((enum image_kind)up.v[0].kind);
	x.state = x.amount <= fs.threshold ? XS_APPROVED : XS_PENDING;
	x.recorded_by = rq->actor.id;
	x.recorded_at = db_now();
	int month = month_of(x.spent_at);
	bool closed = false;
	int64_t entry = 0;
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_expense_create(rq->db, rq->community_id, &x, id);
	if (rc == YL_OK && x.state == XS_APPROVED) {
		rc = post2(rq, month, EK_EXPENSE, "expense", *id, ledger_expense_account(x.category),
		           ledger_money_account(x.method), x.amount, &entry, &closed);
		if (rc == YL_OK)
			rc = store_expense_entry(rq->db, rq->community_id, *id, entry);
	}
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "amount", req_amount(rq, x.amount), "category",
		                      expense_category_names[x.category], "payee", x.payee, "method",
		                      pay_method_names[x.method], "state", expense_state_names[x.state], "voucher", x.voucher);
		if (entry)
			json_object_set_new(d, "entry_id", json_integer(entry));
		rc = req_audit(rq, rq->community_id, "expense.record", "expense", *id, d);
	}
	*state = x.state;
	return finished(rq, store_end(rq->db, rc), closed, month);
}

int
expense_decide(struct req *rq, json_t *j, enum expense_state to, int64_t *id)
{
	const char *note;
	if (field_text(rq, "note", field_value(rq, j, "note"), MSG_EX_NOTE, NOTE_MAX, to == XS_REJECTED, &note) < 0)
		return -1;
	struct expense x;
	enum yl_err rc = store_expense_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &x);
	if (rc != YL_OK)
		return req_error(rq, rc);
	*id = x.id;
	if (x.state != XS_PENDING)
		return req_errorf(rq, ERR_CONFLICT, "already_decided", NULL,
		                  req_tf(rq, MSG_EX_ALREADY_DECIDED, expense_state_text(rq, x.state)));
	if (x.recorded_by == rq->actor.id)
		return req_errorf(rq, ERR_CONFLICT, "same_member", NULL, T(rq, EX_SAME_MEMBER));
	int month = month_of(x.spent_at);
	bool closed = false;
	int64_t entry = 0;
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_expense_decide(rq->db, rq->community_id, x.id, to, rq->actor.id, note, db_now());
	if (rc == ERR_CONFLICT) { /* decided by someone else between our read and the lock */
		store_end(rq->db, rc);
		return req_errorf(rq, ERR_CONFLICT, "already_decided", NULL, T(rq, EX_DECIDED_MEANWHILE));
	}
	if (rc == YL_OK && to == XS_APPROVED) {
		rc = post2(rq, month, EK_EXPENSE, "expense", x.id, ledger_expense_account(x.category),
		           ledger_money_account(x.method), x.amount, &entry, &closed);
		if (rc == YL_OK)
			rc = store_expense_entry(rq->db, rq->community_id, x.id, entry);
	}
	if (rc == YL_OK) {
		json_t *d = json_pack("{s:s, s:s, s:s}", "to", expense_state_names[to], "amount", req_amount(rq, x.amount),
		                      "note", note);
		if (entry)
			json_object_set_new(d, "entry_id", json_integer(entry));
		rc = req_audit(rq, rq->community_id, to == XS_APPROVED ? "expense.approve" : "expense.reject", "expense",
		               x.id, d);
	}
	return finished(rq, store_end(rq->db, rc), closed, month);
}

static void
day_json(struct jsonw *jw, const char *key, int64_t t)
{
	char d[11];
	date_local(t, d);
	jsonw_kstr(jw, key, d);
}

static void
expense_json(struct req *rq, struct jsonw *jw, const struct expense *x)
{
	jsonw_object(jw);
	jsonw_kint(jw, "id", x->id);
	jsonw_kamount(jw, "amount", x->amount);
	jsonw_kstr(jw, "category", expense_category_names[x->category]);
	jsonw_kstr(jw, "payee", x->payee);
	jsonw_kstr(jw, "description", x->description);
	jsonw_kstr(jw, "method", pay_method_names[x->method]);
	day_json(jw, "spent_on", x->spent_at);
	jsonw_kstr(jw, "state", expense_state_names[x->state]);
	jsonw_kint(jw, "recorded_by", x->recorded_by);
	jsonw_kstr(jw, "recorded_by_name", x->recorder_name);
	jsonw_ktime(jw, "recorded_at", x->recorded_at);
	jsonw_kint_or_null(jw, "decided_by", x->decided_by);
	jsonw_ktime(jw, "decided_at", x->decided_at);
	jsonw_kstr(jw, "note", x->decision_note);
	jsonw_kstr(jw, "voucher", arena_printf(rq->a, "/expenses/%lld/voucher", (long long)x->id));
	jsonw_object_end(jw);
}

int
expense_create_api(struct req *rq)
{
	int64_t id = 0;
	enum expense_state s;
	if (expense_record(rq, &id, &s) < 0)
		return -1;
	return req_json(rq, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", expense_state_names[s]));
}

int
expenses_api(struct req *rq)
{
	struct expense_filter f = {0, 0, -1, -1, 0, LIST_MAX};
	const char *m = req_query(rq, "month"), *s = req_query(rq, "state"), *c = req_query(rq, "category");
	if (m && *m) {
		struct period p;
		if (field_period(rq, "month", m, MSG_EX_MONTH, false, &p) < 0)
			return -1;
		f.first_month = p.first;
		f.last_month = period_last(p);
	}
	if (s && *s && field_word(rq, "state", s, expense_state_names, XS__COUNT, MSG_EX_BAD_STATE, &f.state) < 0)
		return -1;
	if (c && *c && field_word(rq, "category", c, expense_category_names, EXP__COUNT, MSG_EX_BAD_CATEGORY, &f.category) < 0)
		return -1;
	struct expense *v;
	size_t n;
	enum yl_err rc = store_expenses(rq->db, rq->a, rq->community_id, &f, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < n; i++)
		expense_json(rq, &jw, &v[i]);
	jsonw_list_end(&jw, (int64_t)n);
	return 0;
}

int
expense_api(struct req *rq)
{
	struct expense x;
	enum yl_err rc = store_expense_get(rq->db, rq->a, rq->community_id, req_param_id(rq, "id"), &x);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	expense_json(rq, &jw, &x);
	return 0;
}

static int
decide_api(struct req *rq, enum expense_state to)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = expense_decide(rq, j, to, &id);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", expense_state_names[to]));
}

int
expense_approve_api(struct req *rq)
{
	return decide_api(rq, XS_APPROVED);
}

int
expense_reject_api(struct req *rq)
{
	return decide_api(rq, XS_REJECTED);
}

int
expense_voucher(struct req *rq)
{
	int64_t id = req_param_id(rq, "id");
	bool shown = req_may(rq, PERM_FINANCE_READ);
	enum yl_err rc = shown ? YL_OK : store_expense_voucher_public(rq->db, rq->community_id, id, &shown);
	if (rc != YL_OK || !shown)
		return req_error(rq, rc == YL_OK ? ERR_NOTFOUND : rc);
	struct expense x;
	unsigned char *bytes;
	size_t n;
	if ((rc = store_expense_get(rq->db, rq->a, rq->community_id, id, &x)) != YL_OK ||
	    (rc = files_read(rq->a, x.voucher, &bytes, &n)) != YL_OK)
		return req_error(rq, rc);
	return req_bytes(rq, 200, x.voucher_mime, bytes, n);
}

/* Income and the opening balance ---------------------------------------------------------------- */

int
income_record(struct req *rq, json_t *j, int64_t *id)
{
	struct income in = {0};
	int cat, method;
	if (field_word(rq, "category", field_value(rq, j, "category"), income_category_names, INC__COUNT,
	               MSG_EX_BAD_INCOME_CATEGORY, &cat) < 0 ||
	    field_amount(rq, "amount", field_money(rq, j, "amount"), MSG_EX_AMOUNT, 1, AMOUNT_MAX, true, &in.amount) < 0 ||
	    field_text(rq, "source", field_value(rq, j, "source"), MSG_EX_SOURCE, SOURCE_MAX, true, &in.source) < 0 ||
	    field_word(rq, "method", field_value(rq, j, "method"), pay_method_names, PAY__COUNT, MSG_EX_BAD_METHOD,
	               &method) < 0 ||
	    field_text(rq, "reference", field_value(rq, j, "reference"), MSG_EX_REFERENCE, REFERENCE_MAX, false,
	               &in.reference) < 0 ||
	    field_past_day(rq, "received_on", field_value(rq, j, "received_on"), MSG_EX_RECEIVED_ON, &in.received_at) < 0)
		return -1;
	in.category = (enum income_category)cat;
	in.method = (enum pay_method)method;
	in.recorded_by = rq->actor.id;
	in.recorded_at = db_now();
	int month = month_of(in.received_at);
	bool closed = false;
	int64_t entry = 0;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_income_create(rq->db, rq->community_id, &in, id);
	if (rc == YL_OK)
		rc = post2(rq, month, EK_INCOME, "income", *id, ledger_money_account(in.method),
		           ledger_income_account(in.category), in.amount, &entry, &closed);
	if (rc == YL_OK)
		rc = store_income_entry(rq->db, rq->community_id, *id, entry);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "income.record", "income", *id,
		               json_pack("{s:s, s:s, s:s, s:s, s:I}", "category", income_category_names[in.category], "amount",
		                         req_amount(rq, in.amount), "source", in.source, "method", pay_method_names[in.method],
		                         "entry_id", (json_int_t)entry));
	return finished(rq, store_end(rq->db, rc), closed, month);
}

int
income_create_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int64_t id = 0;
	int r = income_record(rq, j, &id);
	json_decref(j);
	return r < 0 ? -1 : req_created(rq, id);
}

int
incomes_api(struct req *rq)
{
	int first = 0, last = 0;
	const char *m = req_query(rq, "month");
	if (m && *m) {
		struct period p;
		if (field_period(rq, "month", m, MSG_EX_MONTH, false, &p) < 0)
			return -1;
		first = p.first;
		last = period_last(p);
	}
	struct income *v;
	size_t n;
	enum yl_err rc = store_incomes(rq->db, rq->a, rq->community_id, first, last, LIST_MAX, &v, &n);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct jsonw jw;
	req_jsonw(rq, 200, &jw);
	jsonw_list(&jw);
	for (size_t i = 0; i < n; i++) {
		jsonw_object(&jw);
		jsonw_kint(&jw, "id", v[i].id);
		jsonw_kstr(&jw, "category", income_category_names[v[i].category]);
		jsonw_kamount(&jw, "amount", v[i].amount);
		jsonw_kstr(&jw, "source", v[i].source);
		jsonw_kstr(&jw, "method", pay_method_names[v[i].method]);
		jsonw_kstr(&jw, "reference", v[i].reference);
		day_json(&jw, "received_on", v[i].received_at);
		jsonw_object_end(&jw);
	}
	jsonw_list_end(&jw, (int64_t)n);
	return 0;
}

int
opening_record(struct req *rq, json_t *j)
{
	int64_t cash, bank;
	struct period p;
	if (field_amount(rq, "cash", field_money(rq, j, "cash"), MSG_EX_CASH, 0, AMOUNT_MAX, false, &cash) < 0 ||
	    field_amount(rq, "bank", field_money(rq, j, "bank"), MSG_EX_BANK, 0, AMOUNT_MAX, false, &bank) < 0 ||
	    field_period(rq, "month", field_value(rq, j, "month"), MSG_EX_MONTH, true, &p) < 0)
		return -1;
	if (cash + bank == 0)
		return req_errorf(rq, ERR_INVALID, "required", "cash", T(rq, EX_OPENING_EMPTY));
	if (p.first > month_of(db_now()))
		return req_errorf(rq, ERR_INVALID, "future_month", "month", T(rq, EX_OPENING_FUTURE));
	struct ledger_line l[3];
	size_t n = 0;
	if (cash)
		l[n++] = (struct ledger_line){ACC_CASH, cash, 0};
	if (bank)
		l[n++] = (struct ledger_line){ACC_BANK, bank, 0};
	l[n++] = (struct ledger_line){ACC_OPENING, 0, cash + bank};
	int was = 0;
	bool closed = false;
	int64_t entry = 0;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK) {
		rc = store_opening_month(rq->db, rq->community_id, &was);
		if (rc == YL_OK) {
			store_end(rq->db, ERR_CONFLICT);
			char m[8];
			month_format(was, m);
			return req_errorf(rq, ERR_CONFLICT, "opening_exists", NULL, req_tf(rq, MSG_EX_OPENING_EXISTS, m));
		}
		if (rc == ERR_NOTFOUND)
			rc = YL_OK;
	}
	if (rc == YL_OK) {
		struct entry_new e = {p.first, EK_OPENING, "", 0, "", rq->actor.id, db_now()};
		rc = store_ledger_post(rq->db, rq->community_id, &e, l, n, &entry);
		closed = rc == ERR_CONFLICT;
	}
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "finance.opening", "journal_entry", entry,
		               json_pack("{s:s, s:s, s:i}", "cash", req_amount(rq, cash), "bank", req_amount(rq, bank), "month",
		                         p.first));
	return finished(rq, store_end(rq->db, rc), closed, p.first);
}

int
opening_balance_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	int r = opening_record(rq, j);
	json_decref(j);
	return r < 0 ? -1 : req_json(rq, 201, json_pack("{s:b}", "posted", 1));
}

/* Settings ---------------------------------------------------------------------------------------- */

static int
settings_json(struct req *rq, const struct finance_settings *fs)
{
	return req_json(rq, 200, json_pack("{s:s, s:i}", "threshold", req_amount(rq, fs->threshold), "disclosure_months",
	                                   fs->disclosure_months));
}

int
finance_settings_api(struct req *rq)
{
	struct finance_settings fs;
	enum yl_err rc = store_finance_settings(rq->db, rq->community_id, &fs);
	return rc == YL_OK ? settings_json(rq, &fs) : req_error(rq, rc);
}

int
finance_settings_patch_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
	struct finance_settings was, fs;
	enum yl_err rc = store_finance_settings(rq->db, rq->community_id, &was);
	if (rc != YL_OK) {
		json_decref(j);
		return req_error(rq, rc);
	}
	fs = was;
	const char *t = field_value(rq, j, "threshold"), *m = field_value(rq, j, "disclosure_months");
	int64_t months = fs.disclosure_months;
	int bad = (t && field_amount(rq, "threshold", t, MSG_EX_THRESHOLD, 0, AMOUNT_MAX, true, &fs.threshold) < 0) ||
	          (m && field_int(rq, "disclosure_months", m, MSG_EX_DISCLOSURE_MONTHS, 1, 12, true, &months) < 0);
	json_decref(j);
	if (bad)
		return -1;
	/* DOMAIN §5: monthly by default, never less often than quarterly, and in whole months or
	 * quarters so that every month falls in exactly one period */
	if (months != 1 && months != 3)
		return req_errorf(rq, ERR_INVALID, "bad_disclosure_months", "disclosure_months", T(rq, EX_BAD_MONTHS));
	fs.disclosure_months = (int)months;
	rc = store_begin_community(rq->db, rq->community_id);
	if (rc == YL_OK)
		rc = store_finance_settings_set(rq->db, rq->community_id, &fs);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "finance.settings", "community", rq->community_id,
		               json_pack("{s:s, s:s, s:i, s:i}", "threshold_was", req_amount(rq, was.threshold), "threshold",
		                         req_amount(rq, fs.threshold), "disclosure_months_was", was.disclosure_months,
		                         "disclosure_months", fs.disclosure_months));
	rc = store_end(rq->db, rc);
	return rc == YL_OK ? settings_json(rq, &fs) : req_error(rq, rc);
}
