/* period.c: parsing and arithmetic of YYYYMM months and billing/disclosure periods. */
#include "period.h"

#include <stdio.h>
#include <string.h>

#define BEIJING (8 * 3600)

static bool
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool
month_valid(int m)
{
	return m / 100 >= 2000 && m / 100 <= 2999 && m % 100 >= 1 && m % 100 <= 12;
}

enum yl_err
period_parse(const char *s, struct period *p)
{
	int y, x;
	size_t n = s ? strlen(s) : 0;
	if (n < 4 || !digits(s, 4, &y) || y < 2000 || y > 2999)
		return ERR_INVALID;
	if (n == 4) {
		*p = (struct period){y * 100 + 1, 12};
		return YL_OK;
	}
	if (n == 7 && s[4] == '-' && digits(s + 5, 2, &x) && x >= 1 && x <= 12) {
		*p = (struct period){y * 100 + x, 1};
		return YL_OK;
	}
	if (n == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4') {
		*p = (struct period){y * 100 + (s[6] - '1') * 3 + 1, 3};
		return YL_OK;
	}
	return ERR_INVALID;
}

enum yl_err
month_parse(const char *s, int *m)
{
	struct period p;
	if (period_parse(s, &p) != YL_OK || p.months != 1)
		return ERR_INVALID;
	*m = p.first;
	return YL_OK;
}

void
month_format(int m, char out[8])
{
	/* unsigned: a valid month's parts are 0..9999 and 0..99, and the compiler can see they fit */
	snprintf(out, 8, "%04u-%02u", (unsigned)m / 100u % 10000u, (unsigned)m % 100u);
}

void
period_format(struct period p, char out[12])
{
	if (p.months == 12)
		snprintf(out, 12, "%04d", (p.first / 100) % 10000);
	else if (p.months == 3)
		snprintf(out, 12, "%04d-Q%d", (p.first / 100) % 10000, ((p.first % 100) - 1) / 3 + 1);
	else
		month_format(p.first, out);
}

static int
index_of(int m)
{
	return (m / 100) * 12 + (m % 100 - 1);
}

int
month_add(int m, int n)
{
	int i = index_of(m) + n;
	return (i / 12) * 100 + i % 12 + 1;
}

int
month_diff(int a, int b)
{
	return index_of(b) - index_of(a);
}

int
period_last(struct period p)
{
	return month_add(p.first, p.months - 1);
}

bool
period_contains(struct period p, int m)
{
	return m >= p.first && m <= period_last(p);
}

/* Days from 1970-01-01 to y-m-01 (proleptic Gregorian; the civil-from-days inverse). */
static int64_t
days_from_civil(int64_t y, int m)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
month_start(int m)
{
	return days_from_civil(m / 100, m % 100) * 86400 - BEIJING;
}

int
month_of(int64_t utc)
{
	int64_t days = (utc + BEIJING) / 86400 - ((utc + BEIJING) % 86400 < 0);
	/* civil from days */
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	y += mo <= 2;
	return (int)(y * 100 + mo);
}
