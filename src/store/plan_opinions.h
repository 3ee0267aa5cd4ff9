/* plan_opinions.h: SQL for the consultation on a renovation plan (issue 8, DOMAIN.md §3) — residents'
 * opinions on one published version (online, or entered from paper by a head or staff), staff's
 * public answers, and the per-item counts. Whether an opinion may be given (consultation open,
 * the item in the version, who enters for whom) is the caller's rule (features/plan_opinions.c);
 * the plan and its versions are store/plans.h. Writes run in the caller's transaction
 * (store_begin_community first). Strings live in the caller's arena; ERR_NOTFOUND when an id
 * is absent or in another community. */
#ifndef YL_STORE_PLAN_OPINIONS_H
#define YL_STORE_PLAN_OPINIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/result.h"

struct arena;
struct db;

/* The words of the schema's CHECKs, in this order (the same words in the API). */
enum opinion_stance { OST_SUPPORT, OST_OPPOSE, OST_SUGGEST, OST__COUNT };
enum opinion_source { OSRC_OWNER, OSRC_RESIDENT, OSRC_COMMUNITY, OSRC_EXPERT, OSRC_DESIGNER, OSRC__COUNT };
enum opinion_channel { OCH_ONLINE, OCH_PAPER, OCH__COUNT };
enum opinion_answer { OANS_NONE, OANS_ADOPTED, OANS_EXPLAINED, OANS__COUNT };
extern const char *const opinion_stance_names[OST__COUNT];     /* "support", "oppose", "suggest" */
extern const char *const opinion_source_names[OSRC__COUNT];    /* "owner", "resident", … */
extern const char *const opinion_channel_names[OCH__COUNT];    /* "online", "paper" */
extern const char *const opinion_answer_names[OANS__COUNT];    /* "", "adopted", "explained" */

struct opinion_new {
	int64_t plan_id, version_id;
	int64_t item_key;              /* 0: the plan as a whole */
	enum opinion_stance stance;
	enum opinion_source source;
	enum opinion_channel channel;
	const char *body;              /* "" allowed (a plain "support") */
	const char *author_name;       /* paper, expert, designer: the name as written; else "" */
	int64_t unit_id;               /* 0: none given */
	int64_t account_id;            /* who wrote it online, or who entered it */
	int64_t now;
};

/* Writes one opinion. */
enum yl_err store_opinion_add(struct db *db, int64_t cid, const struct opinion_new *o, int64_t *id);

struct opinion {
	int64_t id, plan_id, version_id, item_key;
	int64_t version;               /* the version's number */
	enum opinion_stance stance;
	enum opinion_source source;
	enum opinion_channel channel;
	const char *body;
	const char *author_name;       /* as written on paper ("" online) */
	int64_t account_id;
	const char *account_name;      /* the account's display name: the writer online, the enterer on paper */
	bool account_staff;            /* the account is staff of this community (else, on paper: a head) */
	int64_t unit_id, building_id;  /* 0 when no unit was given */
	const char *unit;              /* "1栋1单元101", "" when none */
	int64_t created_at;
	enum opinion_answer answer;    /* OANS_NONE: not answered yet */
	const char *answer_body;
	int64_t answered_by, answered_at;
};

/* One opinion. */
enum yl_err store_opinion_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct opinion *out);
/* A version's opinions, by item key (0 first), oldest first within an item; *v is in the arena
 * (NULL when there are none). */
enum yl_err store_opinions(struct db *db, struct arena *a, int64_t cid, int64_t version_id, struct opinion **v,
                           size_t *n);

/* Sets (or replaces) the opinion's public answer. *was gets the answer it replaces (OANS_NONE
 * for a first answer) and *was_body its text, for the audit row. */
enum yl_err store_opinion_answer(struct db *db, struct arena *a, int64_t cid, int64_t id, enum opinion_answer answer,
                                 const char *body, int64_t by, int64_t now, enum opinion_answer *was,
                                 const char **was_body);

/* The counts for one item key of a version. */
struct opinion_count {
	int64_t item_key;
	int64_t stance[OST__COUNT];
	int64_t unanswered;
};
/* Per item key that has opinions, in key order; *v in the arena (NULL when none). */
enum yl_err store_opinion_counts(struct db *db, struct arena *a, int64_t cid, int64_t version_id,
                                 struct opinion_count **v, size_t *n);

/* The community and plan of an opinion, for a route's permission and its redirect. */
enum yl_err store_opinion_community(struct db *db, int64_t id, int64_t *cid, int64_t *plan_id);

#endif
