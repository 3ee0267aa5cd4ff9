/* notice.c: a notice's kinds, states and default publicity periods (see notice.h). */
#include "notice.h"

const char *const notice_kind_names[NK__COUNT] = {
	[NK_ANNOUNCEMENT] = "announcement", [NK_PLAN] = "plan",       [NK_DECISION] = "decision",
	[NK_RESULT] = "result",             [NK_FINANCE] = "finance", [NK_OTHER] = "other",
};

const char *const notice_state_names[NST__COUNT] = {
	[NST_DRAFT] = "draft", [NST_PUBLISHED] = "published", [NST_WITHDRAWN] = "withdrawn"};

/* The one table of default periods, in days; 0 means "the community's notice_days".
 *  decision  物业管理条例 第十四条 (DOMAIN §1): the matter and its agenda are made known at least
 *            15 days before the vote — the community's notice_days setting;
 *  plan      a plan version is consulted on like a decision's agenda: the same period;
 *  result    results are published within 3 days of the close (DOMAIN §1) and stay up as long as
 *            the agenda did: 15 days;
 *  finance   a month's disclosure (DOMAIN §5) stays up until the next one is out: 30 days;
 *  others    a week. */
static const int64_t default_days[NK__COUNT] = {
	[NK_ANNOUNCEMENT] = 7, [NK_PLAN] = 0, [NK_DECISION] = 0, [NK_RESULT] = 15, [NK_FINANCE] = 30, [NK_OTHER] = 7,
};

int64_t
notice_default_days(enum notice_kind k, int64_t notice_days)
{
	if ((unsigned)k >= NK__COUNT)
		return 7;
	if (default_days[k])
		return default_days[k];
	return notice_days > 0 ? notice_days : 15;
}
