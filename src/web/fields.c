/* fields.c: the common field checks (required, length in characters, whole numbers, amounts, dates,
 * periods) and the one reader of a field from a form or a JSON body. */
#include "fields.h"
#include "req.h"
#include "../core/decimal.h"
#include "../core/period.h"
#include "../core/timefmt.h"
#include "../core/utf8.h"

#include <string.h>

#include "../core/arena.h"

const char field_bad_type[1] = "";

const char *
field_value(struct req *rq, json_t *j, const char *name)
{
	if (j == NULL)
		return req_form(rq, name);
	json_t *v = json_object_get(j, name);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(rq->a, "%lld", (long long)json_integer_value(v));
	return field_bad_type;
}

const char *
field_money(struct req *rq, json_t *j, const char *name)
{
	if (j == NULL)
		return req_form(rq, name);
	json_t *v = json_object_get(j, name);
	if (v == NULL || json_is_null(v))
		return NULL;
	return json_is_string(v) ? json_string_value(v) : field_bad_type;
}

int
field_text(struct req *rq, const char *name, const char *value, enum msg label, size_t max_chars,
           bool required, const char **out)
{
	const char *lbl = i18n_get(rq->lang, label);
	if (value == field_bad_type)
		return req_errorf(rq, ERR_INVALID, "not_text", name, req_tf(rq, MSG_ERR_NOT_TEXT, lbl));
	if (value == NULL || value[0] == '\0') {
		if (required)
			return req_errorf(rq, ERR_INVALID, "required", name, req_tf(rq, MSG_ERR_REQUIRED, lbl));
		*out = "";
		return 0;
	}
	size_t n = strlen(value);
	if (!utf8_valid(value, n))
		return req_errorf(rq, ERR_MALFORMED, "invalid_utf8", name, req_tf(rq, MSG_ERR_BAD_UTF8, lbl));
	if (utf8_chars(value, n) > max_chars)
		return req_errorf(rq, ERR_INVALID, "too_long", name,
		                  req_tn(rq, MSG_ERR_TOO_LONG, max_chars, lbl, (int)max_chars));
	*out = value;
	return 0;
}

int
field_int(struct req *rq, const char *name, const char *value, enum msg label, int64_t min,
          int64_t max, bool required, int64_t *out)
{
	const char *lbl = i18n_get(rq->lang, label);
	if (value == field_bad_type)
		return req_errorf(rq, ERR_INVALID, "not_a_number", name, req_tf(rq, MSG_ERR_BAD_NUMBER, lbl));
	if (value == NULL || value[0] == '\0') {
		if (required)
			return req_errorf(rq, ERR_INVALID, "required", name, req_tf(rq, MSG_ERR_REQUIRED, lbl));
		*out = 0;
		return 0;
	}
	const char *p = value;
	bool neg = *p == '-';
	if (neg)
		p++;
	int64_t v = 0;
	if (*p == '\0' || strlen(p) > 18)
		return req_errorf(rq, ERR_INVALID, "not_a_number", name, req_tf(rq, MSG_ERR_BAD_NUMBER, lbl));
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return req_errorf(rq, ERR_INVALID, "not_a_number", name, req_tf(rq, MSG_ERR_BAD_NUMBER, lbl));
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return req_errorf(rq, ERR_INVALID, "out_of_range", name, req_tf(rq, MSG_ERR_BAD_CHOICE, lbl));
	*out = v;
	return 0;
}

int
field_amount(struct req *rq, const char *name, const char *value, enum msg label, int64_t min, int64_t max,
             bool required, int64_t *out)
{
	const char *lbl = i18n_get(rq->lang, label);
	*out = 0;
	if (value == field_bad_type)
		return req_errorf(rq, ERR_INVALID, "bad_amount", name, req_tf(rq, MSG_ERR_BAD_AMOUNT, lbl));
	if (value == NULL || value[0] == '\0') {
		if (required)
			return req_errorf(rq, ERR_INVALID, "required", name, req_tf(rq, MSG_ERR_REQUIRED, lbl));
		return 0;
	}
	int64_t v;
	if (dec_parse(value, strlen(value), min < 0, &v) != YL_OK)
		return req_errorf(rq, ERR_INVALID, "bad_amount", name, req_tf(rq, MSG_ERR_BAD_AMOUNT, lbl));
	if (v < min || v > max) {
		char lo[24], hi[24];
		dec_format(min, lo);
		dec_format(max, hi);
		return req_errorf(rq, ERR_INVALID, "out_of_range", name, req_tf(rq, MSG_ERR_AMOUNT_RANGE, lbl, lo, hi));
	}
	*out = v;
	return 0;
}

int
field_date(struct req *rq, const char *name, const char *value, enum msg label, bool required, int64_t *out)
{
	const char *lbl = i18n_get(rq->lang, label);
	*out = 0;
	if (value == field_bad_type)
		return req_errorf(rq, ERR_INVALID, "bad_date", name, req_tf(rq, MSG_ERR_BAD_DATE, lbl));
	if (value == NULL || value[0] == '\0') {
		if (required)
			return req_errorf(rq, ERR_INVALID, "required", name, req_tf(rq, MSG_ERR_REQUIRED, lbl));
		return 0;
	}
	if (date_parse_local(value, out) != 0)
		return req_errorf(rq, ERR_INVALID, "bad_date", name, req_tf(rq, MSG_ERR_BAD_DATE, lbl));
	return 0;
}

int
field_period(struct req *rq, const char *name, const char *value, enum msg label, bool months_only,
             struct period *out)
{
	const char *lbl = i18n_get(rq->lang, label);
	if (value != field_bad_type && (value == NULL || value[0] == '\0'))
		return req_errorf(rq, ERR_INVALID, "required", name, req_tf(rq, MSG_ERR_REQUIRED, lbl));
	if (period_parse(value, out) != YL_OK || (months_only && out->months != 1))
		return req_errorf(rq, ERR_INVALID, "bad_period", name,
		                  req_tf(rq, months_only ? MSG_ERR_BAD_MONTH : MSG_ERR_BAD_PERIOD, lbl));
	return 0;
}

int
field_paging(struct req *rq, int64_t max, int64_t dflt, int64_t *limit, int64_t *offset)
{
	if (field_int(rq, "limit", req_query(rq, "limit"), MSG_FIELD_LIMIT, 1, max, false, limit) < 0 ||
	    field_int(rq, "offset", req_query(rq, "offset"), MSG_FIELD_OFFSET, 0, INT32_MAX, false, offset) < 0)
		return -1;
	if (*limit == 0)
		*limit = dflt;
	return 0;
}
