/* decisions.h: SQL for owners' decisions (业主共同决定) — decisions and their options, the roll
 * frozen at publication, ballots, the live count and the count kept at the close. Writes run in
 * the caller's transaction (store_begin_community first); the law itself is core/vote.c, which
 * store_decision_publish uses to group the units into voters. Strings live in the caller's arena. */
#ifndef YL_STORE_DECISIONS_H
#define YL_STORE_DECISIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"
#include "../core/vote.h"

struct arena;
struct db;

enum decision_state { DST_DRAFT, DST_PUBLISHED, DST_OPEN, DST_CLOSED, DST_ANNOUNCED, DST__COUNT };
enum decision_scope { DSC_COMMUNITY, DSC_BUILDING, DSC_STAIRWELL, DSC__COUNT };
enum ballot_choice { BC_YES, BC_NO, BC_ABSTAIN, BC__COUNT };
enum ballot_channel { BCH_ONLINE, BCH_PAPER, BCH_PROXY, BCH__COUNT };

extern const char *const decision_state_names[DST__COUNT];   /* "draft", "published", … */
extern const char *const decision_scope_names[DSC__COUNT];   /* "community", "building", "stairwell" */
extern const char *const ballot_choice_names[BC__COUNT];     /* "yes", "no", "abstain" */
extern const char *const ballot_channel_names[BCH__COUNT];   /* "online", "paper", "proxy" */

#define DECISION_MAX_OPTIONS 20

struct decision {
	int64_t id, community_id;
	const char *title, *body;
	enum matter matter;
	enum decision_scope scope;
	int64_t building_id, stairwell_id; /* 0 when the scope does not name one */
	const char *building, *stairwell;  /* names, "" when none */
	bool allow_change;
	enum decision_state state;
	int64_t created_by, created_at;
	int64_t published_at, opened_at, closed_at, announced_at, closes_on; /* 0: not yet / none */
	struct count total;                /* the frozen roll's owners and area (0 before publish) */
	int64_t total_units;
	size_t noptions;                   /* 0: a plain yes/no/abstain question */
	struct decision_option {
		int64_t id;
		int position;                  /* 1, 2, … */
		const char *label;
	} *options;
};

struct decision_new {
	const char *title, *body;
	enum matter matter;
	enum decision_scope scope;
	int64_t building_id, stairwell_id;
	bool allow_change;
	int64_t closes_on;                 /* 0: none */
	const char *const *options;        /* noptions labels; none: a plain question */
	size_t noptions;
	int64_t created_by, now;
};
enum yl_err store_decision_create(struct db *db, int64_t cid, const struct decision_new *d, int64_t *id);
/* With its options. ERR_NOTFOUND when absent or in another community. */
enum yl_err store_decision_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct decision *out);
/* Newest first, without options (noptions is still set); drafts only when with_drafts. */
enum yl_err store_decisions(struct db *db, struct arena *a, int64_t cid, bool with_drafts, int64_t limit,
                            int64_t offset, struct decision **v, size_t *n, int64_t *total);
/* The community and building (0 unless scoped to one) of a decision, for the route's permission. */
enum yl_err store_decision_community(struct db *db, int64_t id, int64_t *cid, int64_t *building_id);

/* Freezes the roll of a draft and marks it published at now: the units in scope as the register
 * has them, grouped into voters by vote_roll (an owner's units once with areas summed, every
 * developer-held unit — unsold, undelivered, or owned by a developer — in the one developer
 * voter). *total and *units get the roll's totals. ERR_CONFLICT when it is no longer a draft,
 * ERR_INVALID when no unit is in scope (nothing is written then either). */
enum yl_err store_decision_publish(struct db *db, int64_t cid, int64_t id, int64_t now, struct count *total,
                                   int64_t *units);
/* Moves from one state to the next, stamping the matching instant; ERR_CONFLICT when the row is
 * not in from any more. Closing also keeps the count (store_decision_tally per question). */
enum yl_err store_decision_move(struct db *db, int64_t cid, int64_t id, enum decision_state from,
                                enum decision_state to, int64_t now);

/* The voter an owner of the register is on this decision's roll: the owner, through a delivered
 * unit in scope; VOTE_DEVELOPER for an owner that is the developer. ERR_NOTFOUND otherwise (no
 * unit in scope, or only units sold but not yet delivered, which the developer votes for). */
enum yl_err store_decision_voter_of_owner(struct db *db, int64_t cid, int64_t id, int64_t owner_id, int64_t *voter);
/* The owners an account acts for in the community (owner_accounts), at most max. */
enum yl_err store_account_owners(struct db *db, int64_t cid, int64_t account_id, int64_t *ids, size_t max, size_t *n);
/* An owner by owner_ref in the community; ERR_NOTFOUND. */
enum yl_err store_owner_by_ref(struct db *db, int64_t cid, const char *ref, int64_t *owner_id);
bool store_owner_exists(struct db *db, int64_t cid, int64_t owner_id);
/* The buildings of a voter's units on the roll, at most max. */
enum yl_err store_decision_voter_buildings(struct db *db, int64_t cid, int64_t id, int64_t voter, int64_t *ids,
                                           size_t max, size_t *n);
/* The roll's voters in voter order (the developer, -1, first), at most max (heap-free: ids is
 * the caller's). */
enum yl_err store_decision_voters(struct db *db, int64_t cid, int64_t id, int64_t *ids, size_t max, size_t *n);
/* One voter's roll entry; ERR_NOTFOUND. */
enum yl_err store_decision_voter(struct db *db, int64_t cid, int64_t id, int64_t voter, struct roll_owner *out);
/* "1栋1单元101、102": a voter's units on the roll (the developer's: how many), in the arena. */
const char *store_decision_voter_units(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t voter);

struct ballot {
	int64_t id, voter;
	enum ballot_choice choice;          /* a plain question's answer */
	enum ballot_choice answers[DECISION_MAX_OPTIONS]; /* per option, in position order */
	size_t nanswers;
	enum ballot_channel channel;
	const char *serial, *signer, *proxy_name;
	const char *scan;                   /* the signed sheet's scan (store/files.c name), "" none */
	int64_t account_id;                 /* who cast it online, or entered it */
	const char *account_name;
	int64_t cast_at, replaced_at;       /* replaced_at 0: the live ballot */
};
/* The voter's live ballot; ERR_NOTFOUND when none. */
enum yl_err store_ballot_live(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t voter,
                              struct ballot *out);
/* Every ballot the voter has cast on this decision, replaced ones too, oldest first. */
enum yl_err store_ballots_of(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t voter,
                             struct ballot **v, size_t *n);
/* Records b (its answers: one per option in position order, option ids from d). When the voter
 * has a live ballot: ERR_CONFLICT unless replace, which keeps the old one with replaced_at set
 * and *replaced its id. A voter's first live ballot adds them to the decision's kept turnout
 * (store_decision_voted) in the same transaction; a replacement leaves it. The decision's state
 * is the caller's to check, under the same lock. */
enum yl_err store_ballot_cast(struct db *db, int64_t cid, const struct decision *d, const struct ballot *b,
                              bool replace, int64_t now, int64_t *id, int64_t *replaced);

/* One unit of the frozen roll as owners may see it (no names): where it is, its area, and the
 * voter it counts for by number (1, 2, … in roll order; the developer's units share one). */
struct roll_line {
	const char *building, *stairwell, *room;
	int64_t area;
	int64_t voter_no;
	bool developer;
	int64_t voter_units; /* how many units that voter has on the roll */
};
/* The roll's units in one building (building_id 0: the first building on the roll; *shown gets
 * the one listed), in building, stairwell, room order. */
enum yl_err store_decision_roll(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t building_id,
                                int64_t *shown, struct roll_line **v, size_t *n);
/* The buildings on the roll (id and name), in order. */
enum yl_err store_decision_roll_buildings(struct db *db, struct arena *a, int64_t cid, int64_t id, int64_t **ids,
                                          const char ***names, size_t *n);

/* A ballot's scan wherever it is, with its community (for the permission); ERR_NOTFOUND when the
 * ballot has none. */
enum yl_err store_ballot_scan(struct db *db, struct arena *a, int64_t ballot_id, int64_t *cid, const char **file);

/* The count of live ballots against the frozen roll's totals for one question (option_id 0: the
 * plain question). */
enum yl_err store_decision_tally(struct db *db, int64_t cid, const struct decision *d, int64_t option_id,
                                 struct tally *t);
/* The count kept at the close; ERR_NOTFOUND before. */
enum yl_err store_decision_result(struct db *db, int64_t cid, const struct decision *d, int64_t option_id,
                                  struct tally *t);

/* Whether the owners passed question option_id (0: the plain question) of d: it is closed or
 * announced and its kept count meets the law (vote_decide). *passed false while it runs. */
enum yl_err store_decision_passed(struct db *db, int64_t cid, const struct decision *d, int64_t option_id,
                                  bool *passed);

/* Who has taken part so far: the voters with a live ballot and their roll area, as each ballot
 * keeps them (schema/023) — the participating of every question's live tally, read without
 * counting the ballots. 0 and 0 before the first ballot. */
enum yl_err store_decision_voted(struct db *db, int64_t cid, int64_t id, struct count *voted);

/* Turnout by building: everyone on the roll with a unit there and those of them who voted. An
 * owner with units in two buildings counts in both (a place to knock on doors, not a tally). */
struct turnout_row {
	int64_t building_id;
	const char *building;
	struct count total, voted;
};
enum yl_err store_decision_turnout(struct db *db, struct arena *a, int64_t cid, int64_t id, struct turnout_row **v,
                                   size_t *n);
/* Ballots by channel (online, paper, proxy) among the live ones. */
enum yl_err store_decision_channels(struct db *db, int64_t cid, int64_t id, int64_t counts[BCH__COUNT]);

#endif
