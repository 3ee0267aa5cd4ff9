/* audit.h: SQL for the audit trail — append inside the caller's transaction, verify the
 * chains, read the heads, list rows. The hashing rules are core/audit.c. */
#ifndef YL_STORE_AUDIT_H
#define YL_STORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/audit.h"
#include "../core/result.h"

struct arena;
struct db;
typedef struct json_t json_t;

/* Who did it, as recorded: the account (0 for the system / command line) and its name. */
struct audit_actor {
	int64_t id;
	const char *name;
};

/* Appends one row to the community's chain. Must run inside store_begin/store_end, so the row
 * commits or vanishes with the change it records. details may be NULL (stored as {}); it is
 * borrowed, not stolen. ERR_INTERNAL outside a transaction. */
enum yl_err store_audit_append(struct db *db, int64_t community_id, const struct audit_actor *actor,
                               const char *action, const char *object_type, int64_t object_id,
                               json_t *details);

struct audit_check {
	int64_t rows;         /* rows checked before stopping */
	int64_t chains;
	int64_t bad_community;/* where the first problem is (valid when problem != NULL) */
	int64_t bad_seq;
	const char *problem;  /* NULL when every chain verifies; static text otherwise */
};
/* Recomputes every chain from its first row. YL_OK with problem NULL when all is intact. */
enum yl_err store_audit_verify(struct db *db, struct audit_check *out);

struct audit_head {
	int64_t community_id;
	int64_t length;
	char hash[AUDIT_HASH_HEX + 1]; /* genesis when the chain is empty */
};
enum yl_err store_audit_head(struct db *db, int64_t community_id, struct audit_head *out);
/* Every chain's head in one statement: heads[0] the installation's own chain (0), then one per
 * community in id order, whose names come in names[0..n-1]. On PostgreSQL one statement instead
 * of one per community matters: each costs a round trip and a plan (200 communities: 100 ms). */
enum yl_err store_audit_heads(struct db *db, struct arena *a, struct audit_head **heads, const char ***names,
                              size_t *n);

struct audit_item {
	struct audit_row row;
	const char *hash;
};
struct audit_filter {
	int64_t community_id;
	const char *action_prefix; /* "" or NULL: any */
	const char *object_type;   /* NULL: any */
	int64_t object_id;         /* 0: any */
	const char *actor;         /* NULL: any */
	int64_t limit, offset;
};
/* Newest first. *items in the arena; *more tells whether rows follow the page. Filtered lists
 * are not counted (a count would read the whole chain): *total is the chain's length when no
 * filter is set, -1 otherwise. */
enum yl_err store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
                             struct audit_item **items, size_t *n, bool *more, int64_t *total);

#endif
