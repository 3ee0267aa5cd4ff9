/* fuzz_decimal.c: dec_parse against a plain reading of its grammar,
 * -?(0|[1-9][0-9]*)(\.[0-9]{1,2})? with |value| <= DEC_MAX and no "-0"; and format round trips.
 * The same input as a period (issue 10): what period_parse takes formats back to text that
 * parses to the same period. */
#include <string.h>

#include "fuzz.h"
#include "core/decimal.h"
#include "core/period.h"

/* The grammar, written out the slow obvious way. Returns false when the text is not a decimal. */
static bool
reference(const uint8_t *s, size_t n, bool allow_negative, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && s[i] == '-') {
		if (!allow_negative)
			return false;
		neg = true;
		i++;
	}
	size_t int_start = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	size_t int_digits = i - int_start;
	if (int_digits == 0 || (int_digits > 1 && s[int_start] == '0'))
		return false;
	if (int_digits > 14) /* 10^14 units is already beyond DEC_MAX (10^13 units) */
		return false;
	uint64_t units = 0;
	for (size_t k = int_start; k < int_start + int_digits; k++)
		units = units * 10 + (uint64_t)(s[k] - '0');
	uint64_t cents = 0;
	if (i < n && s[i] == '.') {
		i++;
		size_t f = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		size_t fd = i - f;
		if (fd == 0 || fd > 2)
			return false;
		cents = (uint64_t)(s[f] - '0') * 10 + (fd == 2 ? (uint64_t)(s[f + 1] - '0') : 0);
	}
	if (i != n)
		return false;
	uint64_t v = units * 100 + cents;
	if (v > (uint64_t)DEC_MAX || (neg && v == 0))
		return false;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: dec_parse must not look for a terminator */
	char *s = malloc(size ? size : 1);
	if (size)
		memcpy(s, data, size);
	for (int neg = 0; neg < 2; neg++) {
		int64_t v = INT64_MIN, want = 0;
		enum yl_err rc = dec_parse(s, size, neg, &v);
		bool ok = reference(data, size, neg, &want);
		CHECK((rc == YL_OK) == ok);
		CHECK(rc == YL_OK || rc == ERR_INVALID);
		if (rc != YL_OK)
			continue;
		CHECK(v == want);
		CHECK(v <= DEC_MAX && v >= -DEC_MAX);
		CHECK(neg || v >= 0);
		char out[24];
		size_t n = dec_format(v, out);
		CHECK(n == strlen(out) && n < sizeof out);
		int64_t back = INT64_MIN;
		CHECK(dec_parse(out, n, true, &back) == YL_OK && back == v);
	}
	free(s);
	/* period_parse reads a C string: the input up to its first NUL */
	char *t = malloc(size + 1);
	if (size)
		memcpy(t, data, size);
	t[size] = '\0';
	struct period p = {0, 0}, back = {0, 0};
	if (period_parse(t, &p) == YL_OK) {
		CHECK(month_valid(p.first) && (p.months == 1 || p.months == 3 || p.months == 12));
		CHECK((p.first % 100 - 1) % p.months == 0);
		char out[12];
		period_format(p, out);
		CHECK(period_parse(out, &back) == YL_OK && back.first == p.first && back.months == p.months);
		int m;
		CHECK((month_parse(out, &m) == YL_OK) == (p.months == 1));
	}
	free(t);
	return 0;
}
