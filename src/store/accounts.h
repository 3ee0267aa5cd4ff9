/* accounts.h: SQL for accounts, roles, sessions, bearer tokens, login throttling, settings and
 * the communities' names. Strings returned live in the caller's arena. */
#ifndef YL_STORE_ACCOUNTS_H
#define YL_STORE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/perm.h"
#include "../core/result.h"

struct arena;
struct db;

struct account {
	int64_t id;
	const char *name;
	const char *display_name;
	const char *pw_hash; /* NULL when the account has no password yet */
	const char *lang;    /* "" follows the browser */
	bool large_text;
	bool disabled;
	int64_t created_at;
};

/* ERR_CONFLICT when the name is taken (names compare case-insensitively). */
enum yl_err store_account_create(struct db *db, const char *name, const char *display,
                                 const char *pw_hash, int64_t *id);
/* ERR_NOTFOUND when absent. */
enum yl_err store_account_by_name(struct db *db, struct arena *a, const char *name, struct account *out);
enum yl_err store_account_get(struct db *db, struct arena *a, int64_t id, struct account *out);
enum yl_err store_account_set_password(struct db *db, int64_t id, const char *pw_hash);
enum yl_err store_account_set_prefs(struct db *db, int64_t id, const char *lang, bool large_text);
/* Accounts ordered by name whose name or display name contains q (NULL or "": all); *items in
 * the arena. */
enum yl_err store_account_list(struct db *db, struct arena *a, const char *q, int64_t limit, int64_t offset,
                               struct account **items, size_t *n, int64_t *total);

/* The account's roles as permission grants (arena). */
enum yl_err store_grants_load(struct db *db, struct arena *a, int64_t account_id, struct grant **g,
                              size_t *n);
/* ERR_CONFLICT when held already. */
enum yl_err store_role_grant(struct db *db, int64_t account_id, enum role role, int64_t community_id);
/* ERR_NOTFOUND when not held. */
enum yl_err store_role_revoke(struct db *db, int64_t account_id, enum role role, int64_t community_id);

/* Sessions, by the hash of the cookie value. lookup refuses (ERR_NOTFOUND) sessions idle for
 * more than idle seconds or older than max_age, and disabled accounts. */
enum yl_err store_session_create(struct db *db, const char *hash, int64_t account_id, int64_t now);
enum yl_err store_session_lookup(struct db *db, const char *hash, int64_t now, int64_t idle,
                                 int64_t max_age, int64_t *account_id, int64_t *seen_at);
enum yl_err store_session_touch(struct db *db, const char *hash, int64_t now);
enum yl_err store_session_delete(struct db *db, const char *hash);
/* Ends every session of the account except keep_hash (may be NULL). */
enum yl_err store_sessions_end_others(struct db *db, int64_t account_id, const char *keep_hash);

/* Bearer tokens, by hash. lookup: ERR_NOTFOUND for unknown or revoked tokens. */
enum yl_err store_token_create(struct db *db, int64_t account_id, const char *name, const char *hash,
                               int64_t *id);
enum yl_err store_token_lookup(struct db *db, const char *hash, int64_t *account_id);
/* Revokes the account's tokens with that label; ERR_NOTFOUND when none was live. */
enum yl_err store_token_revoke(struct db *db, int64_t account_id, const char *name);

/* Failed-login bookkeeping for throttling. count returns failures since `since` and the time
 * of the oldest of them (0 when none). */
enum yl_err store_login_failure_add(struct db *db, const char *key, int64_t now);
enum yl_err store_login_failures(struct db *db, const char *key, int64_t since, int64_t *count,
                                 int64_t *oldest);
enum yl_err store_login_failures_clear(struct db *db, const char *key);

/* Installation settings (key/value text). get: ERR_NOTFOUND when unset. add sets a key only
 * when it is unset: of several processes starting at once on one database the first one's value
 * holds, and each reads back the value that holds. */
enum yl_err store_setting_get(struct db *db, struct arena *a, const char *key, const char **value);
enum yl_err store_setting_add(struct db *db, const char *key, const char *value);

struct community_brief {
	int64_t id;
	const char *name;
};
/* A community's name; ERR_NOTFOUND when absent. first: the lowest id (the single-compound
 * installation's home), ERR_NOTFOUND when there is none yet. */
enum yl_err store_community_brief(struct db *db, struct arena *a, int64_t id, struct community_brief *out);
enum yl_err store_community_first(struct db *db, struct arena *a, struct community_brief *out);
enum yl_err store_community_create(struct db *db, const char *name, const char *district,
                                   const char *street, const char *city, const char *jurisdiction_id,
                                   int64_t *id);
enum yl_err store_community_list(struct db *db, struct arena *a, struct community_brief **items, size_t *n);

#endif
