/* timefmt.c: Beijing-time formatting (a fixed +08:00 offset; China has no daylight saving). */
#include "timefmt.h"

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
