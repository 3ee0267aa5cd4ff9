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
