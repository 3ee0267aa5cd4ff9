/* activity.c: the rules of volunteer activities and duties (see activity.h). */
#include "activity.h"
#include "timefmt.h"

#include <string.h>

bool
activity_slot_free(int64_t slots, int64_t taken)
{
	return taken < slots;
}

enum activity_verdict
activity_may_sign_up(const struct activity_facts *a, const struct signup_facts *s, int64_t now)
{
	if (a->cancelled)
		return ACT_CANCELLED;
	/* staff may put on the roster whoever came on the day; a volunteer signs up beforehand */
	if (!s->by_staff && now >= a->starts_at)
		return ACT_STARTED;
	if (s->already)
		return ACT_ALREADY;
	if (!s->any_volunteer && !s->holds_role)
		return ACT_ROLE_NOT_HELD;
	if (!s->by_staff && !s->self_signup)
		return ACT_NOT_SELF;
	if (!activity_slot_free(s->slots, s->taken))
		return ACT_FULL;
	return ACT_OK;
}

enum activity_verdict
activity_may_withdraw(const struct activity_facts *a, int64_t now)
{
	return now >= a->starts_at ? ACT_STARTED : ACT_OK;
}

enum activity_verdict
activity_may_confirm(const struct activity_facts *a, bool confirmed, int64_t now)
{
	if (a->cancelled)
		return ACT_CANCELLED;
	if (confirmed)
		return ACT_CONFIRMED;
	if (now < a->ends_at)
		return ACT_NOT_OVER;
	return ACT_OK;
}

int64_t
activity_max_minutes(const struct activity_facts *a)
{
	int64_t len = a->ends_at > a->starts_at ? (a->ends_at - a->starts_at) / 60 : 0;
	return len + ACTIVITY_EXTRA_MINUTES;
}

enum activity_verdict
activity_check_entry(const struct activity_facts *a, bool attended, int64_t minutes, int64_t households)
{
	if (minutes < 0 || minutes > activity_max_minutes(a) || (!attended && minutes != 0))
		return ACT_BAD_MINUTES;
	if (households < 0 || (households > 0 && (!a->notice || !attended)))
		return ACT_NO_HOUSEHOLDS;
	return ACT_OK;
}

int64_t
activity_hours_hundredths(int64_t minutes)
{
	if (minutes <= 0)
		return 0;
	/* hundredths of an hour = minutes × 100 / 60, half up: (minutes × 100 + 30) / 60 */
	return (minutes * 100 + 30) / 60;
}

static int
two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
activity_parse_local_time(const char *s, int64_t *utc)
{
	if (s == NULL || strlen(s) < 16)
		return -1;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	int64_t day;
	if (date_parse_local(date, &day) < 0 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return -1;
	int hh = two_digits(s + 11), mm = s[13] == ':' ? two_digits(s + 14) : -1, ss = 0;
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return -1;
	const char *p = s + 16;
	if (*p == ':') {
		if ((ss = two_digits(p + 1)) < 0 || ss > 59)
			return -1;
		p += 3;
	}
	if (*p != '\0')
		return s[10] == ' ' ? -1 : time_parse_w3c(s, utc); /* a time with its own zone */
	*utc = day + hh * 3600 + mm * 60 + ss;
	return 0;
}
