/* fields.h: input validation shared by pages and API: each check names the field and says what
 * is wrong in the caller's language (422), or hands back the clean value. */
#ifndef YL_FIELDS_H
#define YL_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "i18n.h"

struct req;

/* The value of field name from a JSON body (j) or, when j is NULL, from the form: a string as
 * it is, an integer written out, NULL when absent or null, field_bad_type when of another type
 * (a fraction, true, an array, an object). One reader for handlers that serve both. */
const char *field_value(struct req *rq, json_t *j, const char *name);

/* The same for an exact amount: in JSON only a string is one ("1234.50"; DESIGN: exact decimals
 * as strings), so any number, fraction or whole, is field_bad_type too — 0.8 would be read from
 * binary floating point, and 80 is as likely meant in fen as in yuan. */
const char *field_money(struct req *rq, json_t *j, const char *name);

/* What field_value and field_money hand back for a value of the wrong JSON type: an empty string
 * (so code that only looks at the text treats it as blank), which the checks below recognise by
 * its address and refuse with their own "write it like this" message — never "required", since
 * something was sent. */
extern const char field_bad_type[];

/* value may be NULL (absent). Trims nothing: what the person typed is what is checked.
 * required: absent or empty is an error. max_chars counts characters, not bytes. On success
 * *out is the value ("" when absent and optional). Returns 0 or -1 with the error set. */
int field_text(struct req *rq, const char *name, const char *value, enum msg label, size_t max_chars,
               bool required, const char **out);

/* A whole number in [min, max]. */
int field_int(struct req *rq, const char *name, const char *value, enum msg label, int64_t min,
              int64_t max, bool required, int64_t *out);

/* A list's ?limit= (1 … max; absent: dflt) and ?offset= (0 or more; absent: 0), each refused with
 * a 422 naming it. */
int field_paging(struct req *rq, int64_t max, int64_t dflt, int64_t *limit, int64_t *offset);

/* An exact amount with at most two decimals ("1234.50", "0.45") as hundredths (fen), in
 * [min, max]: more decimals, signs, spaces or exponents are a 422 naming the field, never
 * rounded (DESIGN: exact decimals as strings). */
int field_amount(struct req *rq, const char *name, const char *value, enum msg label, int64_t min, int64_t max,
                 bool required, int64_t *out);

/* A calendar date "2026-11-27" in Beijing, as the UTC instant it begins; absent and optional:
 * *out = 0. */
int field_date(struct req *rq, const char *name, const char *value, enum msg label, bool required, int64_t *out);

/* A month "2026-11" (months_only) or any period core/period.h reads ("2026-Q4", "2026"). */
struct period;
int field_period(struct req *rq, const char *name, const char *value, enum msg label, bool months_only,
                 struct period *out);

#endif
