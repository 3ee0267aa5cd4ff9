/* timefmt.c: Beijing-time formatting (a fixed +08:00 offset; China has no daylight saving). */
#include "timefmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A Beijing wall-clock reading, taken apart with integer arithmetic: glibc's gmtime_r and strftime
 * take the process's time-zone lock on every call, and a page formats a time for each of its rows,
 * so the event loops queued on each other for it. */
struct clock {
	int64_t year;
	int month, day, hour, minute, second;
};

/* Inverse of days_from_civil below (the same civil-days method): days since 1970-01-01 to y-m-d. */
static void
civil_from_days(int64_t z, struct clock *c)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
}

static void
beijing(int64_t utc, struct clock *c)
{
	int64_t t = utc + 8 * 3600;
	int64_t days = t / 86400 - (t % 86400 < 0);
	int64_t secs = t - days * 86400;
	civil_from_days(days, c);
	c->hour = (int)(secs / 3600);
	c->minute = (int)(secs / 60 % 60);
	c->second = (int)(secs % 60);
}

static char *
two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* "YYYY-MM-DD" at p (11 bytes with the NUL); the end. A year outside 0..9999 (never stored: every
 * parser here refuses it) is written as 0000 rather than overrun out. */
static char *
date_text(char *p, const struct clock *c)
{
	int y = c->year >= 0 && c->year <= 9999 ? (int)c->year : 0;
	p = two(p, y / 100);
	p = two(p, y % 100);
	*p++ = '-';
	p = two(p, c->month);
	*p++ = '-';
	p = two(p, c->day);
	*p = '\0';
	return p;
}

void
time_local(int64_t utc, char out[20])
{
	struct clock c;
	beijing(utc, &c);
	char *p = date_text(out, &c);
	*p++ = ' ';
	p = two(p, c.hour);
	*p++ = ':';
	p = two(p, c.minute);
	*p = '\0';
}

void
date_local(int64_t utc, char out[11])
{
	struct clock c;
	beijing(utc, &c);
	date_text(out, &c);
}

void
time_rfc3339(int64_t utc, char out[26])
{
	struct clock c;
	beijing(utc, &c);
	char *p = date_text(out, &c);
	*p++ = 'T';
	p = two(p, c.hour);
	*p++ = ':';
	p = two(p, c.minute);
	*p++ = ':';
	p = two(p, c.second);
	memcpy(p, "+08:00", 7);
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
