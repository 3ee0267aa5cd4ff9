/* vote.c: Civil Code Art. 278 and the SPC interpretation's Arts. 8–9, in integers (see vote.h). */
#include "vote.h"

#include <stdlib.h>
#include <string.h>

static const char *const matter_names[MATTER__COUNT] = {
	[MATTER_RULES] = "rules",         [MATTER_COVENANT] = "covenant", [MATTER_COMMITTEE] = "committee",
	[MATTER_MANAGER] = "manager",     [MATTER_FUND_USE] = "fund_use", [MATTER_FUND_RAISE] = "fund_raise",
	[MATTER_REBUILD] = "rebuild",     [MATTER_COMMON_USE] = "common_use", [MATTER_OTHER] = "other",
};

/* Art. 278 ¶2: "决定前款第六项至第八项规定的事项" need three quarters; the others a majority. */
static const enum tier tiers[MATTER__COUNT] = {
	[MATTER_RULES] = TIER_MAJORITY,           [MATTER_COVENANT] = TIER_MAJORITY,
	[MATTER_COMMITTEE] = TIER_MAJORITY,       [MATTER_MANAGER] = TIER_MAJORITY,
	[MATTER_FUND_USE] = TIER_MAJORITY,        [MATTER_FUND_RAISE] = TIER_THREE_QUARTERS,
	[MATTER_REBUILD] = TIER_THREE_QUARTERS,   [MATTER_COMMON_USE] = TIER_THREE_QUARTERS,
	[MATTER_OTHER] = TIER_MAJORITY,
};

enum tier
vote_tier(enum matter m)
{
	return (unsigned)m < MATTER__COUNT ? tiers[m] : TIER_THREE_QUARTERS;
}

/* "三分之二以上": 以上 includes the boundary (Art. 1259), so exactly two thirds is enough. */
bool
vote_two_thirds_or_more(int64_t part, int64_t whole)
{
	return 3 * part >= 2 * whole;
}

/* "四分之三以上": the boundary included. */
bool
vote_three_quarters_or_more(int64_t part, int64_t whole)
{
	return 4 * part >= 3 * whole;
}

/* "过半数": strictly more than half, so exactly half fails. */
bool
vote_more_than_half(int64_t part, int64_t whole)
{
	return 2 * part > whole;
}

static bool
count_ok(const struct count *c)
{
	return c->owners >= 0 && c->area >= 0;
}

static bool
consistent(const struct tally *t)
{
	if (!count_ok(&t->total) || !count_ok(&t->participating) || !count_ok(&t->yes) || !count_ok(&t->no) ||
	    !count_ok(&t->abstain))
		return false;
	if (t->yes.owners + t->no.owners + t->abstain.owners != t->participating.owners ||
	    t->yes.area + t->no.area + t->abstain.area != t->participating.area)
		return false;
	return t->participating.owners <= t->total.owners && t->participating.area <= t->total.area &&
	       t->total.owners > 0 && t->total.area > 0;
}

struct verdict
vote_decide(enum matter m, const struct tally *t)
{
	struct verdict v = {vote_tier(m), false, false};
	if (!consistent(t))
		return v;
	/* Art. 278 ¶2, first sentence: area AND headcount, each two thirds or more of those in scope */
	v.quorum_met = vote_two_thirds_or_more(t->participating.area, t->total.area) &&
	               vote_two_thirds_or_more(t->participating.owners, t->total.owners);
	if (!v.quorum_met)
		return v;
	if (v.tier == TIER_THREE_QUARTERS)
		v.passed = vote_three_quarters_or_more(t->yes.area, t->participating.area) &&
		           vote_three_quarters_or_more(t->yes.owners, t->participating.owners);
	else
		v.passed = vote_more_than_half(t->yes.area, t->participating.area) &&
		           vote_more_than_half(t->yes.owners, t->participating.owners);
	return v;
}

/* The smallest x ≥ 0 with 3·(part + x) ≥ 2·whole. */
static int64_t
two_thirds_gap(int64_t part, int64_t whole)
{
	int64_t need = 2 * whole - 3 * part; /* 3x ≥ need */
	return need <= 0 ? 0 : (need + 2) / 3;
}

struct count
vote_quorum_gap(const struct tally *t)
{
	struct count g = {two_thirds_gap(t->participating.owners, t->total.owners),
	                  two_thirds_gap(t->participating.area, t->total.area)};
	return g;
}

static int64_t
key(const struct roll_unit *u)
{
	return u->developer_held ? VOTE_DEVELOPER : u->owner_id;
}

static int
by_owner(const void *a, const void *b)
{
	int64_t x = key(a), y = key(b);
	return (x > y) - (x < y);
}

size_t
vote_roll(struct roll_unit *units, size_t n, struct roll_owner *out, struct count *total)
{
	total->owners = 0;
	total->area = 0;
	qsort(units, n, sizeof *units, by_owner);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t id = key(&units[i]);
		if (k == 0 || out[k - 1].owner_id != id) {
			out[k].owner_id = id;
			out[k].area = 0;
			out[k].units = 0;
			k++;
		}
		out[k - 1].area += units[i].area;
		out[k - 1].units++;
		total->area += units[i].area;
	}
	total->owners = (int64_t)k;
	return k;
}

const char *
vote_matter_name(enum matter m)
{
	return (unsigned)m < MATTER__COUNT ? matter_names[m] : "?";
}

int
vote_matter_from_name(const char *s)
{
	for (int i = 0; s && i < MATTER__COUNT; i++)
		if (strcmp(s, matter_names[i]) == 0)
			return i;
	return -1;
}

const char *
vote_tier_name(enum tier t)
{
	return t == TIER_MAJORITY ? "majority" : t == TIER_THREE_QUARTERS ? "three_quarters" : "?";
}
