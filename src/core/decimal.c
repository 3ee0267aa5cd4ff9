/* decimal.c: exact two-place decimals; the one parser for money and area text. */
#include "decimal.h"

#include <stdio.h>

enum yl_err
dec_parse(const char *s, size_t n, bool allow_negative, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (n == 0)
		return ERR_INVALID;
	if (s[0] == '-') {
		if (!allow_negative)
			return ERR_INVALID;
		neg = true;
		i = 1;
	}
	size_t int_start = i;
	int64_t v = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (s[i] - '0');
		if (v > DEC_MAX)
			return ERR_INVALID;
		i++;
	}
	size_t int_digits = i - int_start;
	if (int_digits == 0)
		return ERR_INVALID; /* ".5" and "-" are not numbers a person writes on a form */
	if (int_digits > 1 && s[int_start] == '0')
		return ERR_INVALID;
	int frac = 0;
	if (i < n && s[i] == '.') {
		i++;
		size_t fstart = i;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (i - fstart >= 2)
				return ERR_INVALID; /* a third decimal is never rounded away silently */
			v = v * 10 + (s[i] - '0');
			frac++;
			i++;
		}
		if (frac == 0)
			return ERR_INVALID;
	}
	if (i != n)
		return ERR_INVALID;
	while (frac < 2) {
		v *= 10;
		frac++;
	}
	if (v > DEC_MAX)
		return ERR_INVALID;
	if (neg && v == 0)
		return ERR_INVALID;
	*out = neg ? -v : v;
	return YL_OK;
}

size_t
dec_format(int64_t v, char *out)
{
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(out, 24, "%s%llu.%02llu", v < 0 ? "-" : "", (unsigned long long)(m / 100),
	                 (unsigned long long)(m % 100));
	return n < 0 ? 0 : (size_t)n;
}
