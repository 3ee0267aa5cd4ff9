/* vote.h: owners' joint decisions (业主共同决定) — the law, exactly (DOMAIN.md §1–§2). Which tier a
 * matter needs (Civil Code Art. 278), who counts as one owner and with what area (SPC
 * interpretation on divided ownership, Arts. 8–9), and whether a tally met the quorum and
 * passed. Pure: integer arithmetic only, no I/O, no allocation (callers give the memory).
 *
 * Areas are hundredths of m² in int64_t; a district-sized roll (500,000 units of at most
 * 10^7 hundredths each) sums to 5·10^12, and the comparisons multiply by at most 4, far inside
 * 2^63. Counts and areas are never negative. */
#ifndef YL_VOTE_H
#define YL_VOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The nine matters of Art. 278, in the article's order. Stored by name (vote_matter_name). */
enum matter {
	MATTER_RULES,      /* （一）制定和修改业主大会议事规则 */
	MATTER_COVENANT,   /* （二）制定和修改管理规约 */
	MATTER_COMMITTEE,  /* （三）选举业主委员会或者更换业主委员会成员 */
	MATTER_MANAGER,    /* （四）选聘和解聘物业服务企业或者其他管理人 */
	MATTER_FUND_USE,   /* （五）使用建筑物及其附属设施的维修资金 */
	MATTER_FUND_RAISE, /* （六）筹集建筑物及其附属设施的维修资金 */
	MATTER_REBUILD,    /* （七）改建、重建建筑物及其附属设施 */
	MATTER_COMMON_USE, /* （八）改变共有部分的用途或者利用共有部分从事经营活动 */
	MATTER_OTHER,      /* （九）有关共有和共同管理权利的其他重大事项 */
	MATTER__COUNT
};

/* Majority: yes > 1/2 of participating area AND owners. Three quarters: yes ≥ 3/4 of both. */
enum tier { TIER_MAJORITY, TIER_THREE_QUARTERS, TIER__COUNT };

/* Owners and the exclusive area they hold (hundredths of m²). */
struct count {
	int64_t owners;
	int64_t area;
};

/* A decision's figures: everyone in scope, those who took part (yes + no + abstain), and the
 * three answers. Abstaining owners take part (they are in the denominator) but are not yes. */
struct tally {
	struct count total;
	struct count participating;
	struct count yes, no, abstain;
};

struct verdict {
	enum tier tier;
	bool quorum_met; /* participating ≥ 2/3 of total, by area AND by owners */
	bool passed;     /* quorum met AND the tier's rule for yes, by area AND by owners */
};

enum tier vote_tier(enum matter m); /* out of range: TIER_THREE_QUARTERS, the stricter */

/* Judges a tally. A tally whose parts are inconsistent (participating ≠ yes + no + abstain, or
 * more than the total, or negative) never passes: quorum_met and passed are false. An empty
 * scope (no owners or no area) never passes either. */
struct verdict vote_decide(enum matter m, const struct tally *t);

/* Each part of the law, for the tests and the turnout view. "以上" includes the boundary
 * (Art. 1259), "过半数" is strictly more than half. */
bool vote_two_thirds_or_more(int64_t part, int64_t whole);   /* 3·part ≥ 2·whole */
bool vote_three_quarters_or_more(int64_t part, int64_t whole); /* 4·part ≥ 3·whole */
bool vote_more_than_half(int64_t part, int64_t whole);       /* 2·part > whole */

/* The owners still missing for the quorum by headcount and the area still missing, 0 when met
 * (the live turnout view: "how far from quorum"). */
struct count vote_quorum_gap(const struct tally *t);

/* The roll --------------------------------------------------------------------------------- */

/* A unit in the decision's scope as the register has it. */
struct roll_unit {
	int64_t unit_id;
	int64_t owner_id;
	int64_t area;        /* hundredths of m², > 0 */
	bool developer_held; /* unsold or sold-but-undelivered, or owned by the developer/work unit */
};

/* One owner of the roll: the voter. owner_id is VOTE_DEVELOPER for the one owner that all
 * developer-held units make together (Art. 9: 按一人计算). */
#define VOTE_DEVELOPER INT64_C(-1)
struct roll_owner {
	int64_t owner_id;
	int64_t area;   /* the sum over the owner's units in scope */
	int64_t units;  /* how many units that is */
};

/* Makes the roll from the units in scope: one owner per distinct owner_id (several units: once,
 * areas summed), all developer-held units as ONE owner whoever is named on them. out must hold
 * n entries; units is reordered (sorted by owner). Returns the number of owners written, in
 * owner_id order with the developer (if any) first; *total receives the totals. */
size_t vote_roll(struct roll_unit *units, size_t n, struct roll_owner *out, struct count *total);

const char *vote_matter_name(enum matter m); /* "rebuild"; "?" when out of range */
int vote_matter_from_name(const char *s);    /* -1 when unknown */
const char *vote_tier_name(enum tier t);     /* "majority", "three_quarters" */

#endif
