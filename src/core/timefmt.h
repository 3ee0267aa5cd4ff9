/* timefmt.h: times are stored as UTC seconds and shown in Asia/Shanghai (+08:00, no DST). */
#ifndef YL_TIMEFMT_H
#define YL_TIMEFMT_H

#include <stdint.h>

/* "2026-11-27 07:30" in Beijing time into out[20]. */
void time_local(int64_t utc, char out[20]);
/* "2026-11-27" */
void date_local(int64_t utc, char out[11]);
/* RFC 3339 "2026-11-27T07:30:00+08:00" into out[26]. */
void time_rfc3339(int64_t utc, char out[26]);

/* Parses "2026-11-27" (a calendar date in Beijing) into the UTC instant that day begins there
 * (00:00 +08:00). Returns 0, or -1 for anything else: other shapes, month 13, 2月30日, years
 * outside 1970..9999. */
int date_parse_local(const char *s, int64_t *utc);
/* The UTC instant the day holding utc begins in Beijing (00:00 +08:00): how a date is stored. */
int64_t day_start_local(int64_t utc);

/* Parses a W3C date-time with its zone, as Open311 sends them: "2026-11-27T07:30:00+08:00",
 * "2026-11-26T23:30Z", "2026-11-27T07:30:00.250+08:00" (the fraction is dropped); 'T' and 'Z'
 * in either case. A space where the zone's '+' belongs is taken as '+': an unencoded '+' in a
 * query string arrives as a space. Returns 0, or -1 for anything else: no time, no zone, a
 * zone past ±14:00, 2月30日, 24:00, years outside 1970..9999. */
int time_parse_w3c(const char *s, int64_t *utc);

#endif
