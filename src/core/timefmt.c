/* timefmt.c: Beijing-time formatting (a fixed +08:00 offset; China has no daylight saving). */
#include "timefmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

static void
beijing(int64_t utc, struct tm *tm)
{
	time_t t = (time_t)(utc + 8 * 3600);
	gmtime_r(&t, tm);
}

void
time_local(int64_t utc, char out[20])
{
	struct tm tm;
	beijing(utc, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

void
date_local(int64_t utc, char out[11])
{
	struct tm tm;
	beijing(utc, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void
time_rfc3339(int64_t utc, char out[26])
{
	struct tm tm;
	beijing(utc, &tm);
	strftime(out, 26, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil-days method,
 * rewritten here): exact integer arithmetic, no timegm, no TZ. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
date_parse_local(const char *s, int64_t *utc)
{
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
	}
	if (s[10] != '\0')
		return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return -1;
	*utc = days_from_civil(y, m, d) * 86400 - 8 * 3600;
	return 0;
}

/* n digits at s as a number; -1 when any is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
time_parse_w3c(const char *s, int64_t *utc)
{
	char date[11];
	for (int i = 0; i < 10; i++)
		if ((date[i] = s[i]) == '\0')
			return -1;
	date[10] = '\0';
	int64_t day;
	if (date_parse_local(date, &day) < 0 || (s[10] != 'T' && s[10] != 't'))
		return -1;
	day += 8 * 3600; /* date_parse_local's day begins at 00:00 +08:00; this one at 00:00 of its zone */
	const char *p = s + 11;
	int hh = digits(p, 2), mm = p[2] == ':' ? digits(p + 3, 2) : -1, ss = 0;
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return -1;
	p += 5;
	if (*p == ':') {
		if ((ss = digits(p + 1, 2)) < 0 || ss > 59) /* leap seconds are not kept */
			return -1;
		p += 3;
		if (*p == '.') {
			if (p[1] < '0' || p[1] > '9')
				return -1;
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		}
	}
	int64_t off;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		off = 0;
	} else if ((*p == '+' || *p == '-' || *p == ' ') && p[3] == ':' && p[6] == '\0') {
		int oh = digits(p + 1, 2), om = digits(p + 4, 2);
		if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 14 * 60)
			return -1;
		off = (*p == '-' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
	} else {
		return -1;
	}
	*utc = day + hh * 3600 + mm * 60 + ss - off;
	return 0;
}

int64_t
day_start_local(int64_t utc)
{
	char d[11];
	int64_t day = 0;
	date_local(utc, d);
	date_parse_local(d, &day);
	return day;
}
