/* notices.h: SQL for the notice board (公示栏, issue 11): notices, their audience, attachments and
 * deliveries. Writes run in the caller's transaction (store_begin_community … store_end, with the
 * caller's audit row); strings live in the caller's arena; ERR_NOTFOUND when an id is absent or in
 * another community; ERR_CONFLICT when a step finds the notice in the wrong state (guarded in its
 * UPDATE, so two publishers at once: one wins). */
#ifndef YL_STORE_NOTICES_H
#define YL_STORE_NOTICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/notice.h"
#include "../core/result.h"

struct arena;
struct db;

/* One building (stairwell_id 0: the whole building) or stairwell a notice is for. */
struct notice_place {
	int64_t building_id, stairwell_id;
	const char *building, *stairwell; /* names ("3栋", "2单元"; "" no stairwell); read back only */
};

struct notice {
	int64_t id, community_id;
	const char *title, *body;
	enum notice_kind kind;
	enum notice_state state;
	int64_t starts_at, ends_at;    /* the publicity period [starts_at, ends_at); 0 on a draft: not set */
	const char *ref_type;          /* "decision", "plan", "disclosure"…; "" hand-written */
	int64_t ref_id, replaces_id;   /* 0: none */
	int64_t created_by, created_at;
	int64_t published_by, published_at;
	const char *audit_head;        /* "" before publication */
	int64_t withdrawn_by, withdrawn_at;
	const char *withdraw_reason;
	struct notice_place *audience; /* none: the whole compound (store_notice_get and store_notices fill it) */
	size_t naudience;
	int64_t delivered;             /* households delivered to, summed (store_notice_get) */
};

struct notice_new {
	const char *title, *body;
	enum notice_kind kind;
	int64_t starts_at, ends_at;    /* 0: set at publication (from then, for the kind's days) */
	const char *ref_type;          /* NULL or "": hand-written */
	int64_t ref_id, replaces_id;
	const struct notice_place *audience; /* ids only; none: the whole compound */
	size_t naudience;
	int64_t created_by, now;
};

/* A draft with its audience. */
enum yl_err store_notice_create(struct db *db, int64_t cid, const struct notice_new *n, int64_t *id);
/* Rewrites a draft's title, body, kind, period, replaces_id and audience; ERR_CONFLICT when it is
 * no draft any more. */
enum yl_err store_notice_update(struct db *db, int64_t cid, int64_t id, const struct notice_new *n);
/* Publishes a draft: state published, published_by/at = by/now, audit_head = the community's audit
 * chain head now (before the caller's own audit row), starts_at = the draft's or now, ends_at = the
 * draft's or starts_at + notice_default_days(kind, the community's notice_days) days. ERR_CONFLICT
 * when it is no draft; ERR_INVALID when the period would already be over (ends_at <= now). */
enum yl_err store_notice_publish(struct db *db, int64_t cid, int64_t id, int64_t by, int64_t now);
/* published → withdrawn with the reason; ERR_CONFLICT from any other state. */
enum yl_err store_notice_withdraw(struct db *db, int64_t cid, int64_t id, int64_t by, int64_t now, const char *reason);

/* For the other capabilities: posts a published notice at once — store_notice_create then
 * store_notice_publish — inside the CALLER's transaction (no begin or commit here), so the notice
 * stands or falls with the caller's own change and audit row. The caller fills n: title and body
 * (Markdown, shown safely; never names of payers or voters), kind (NK_DECISION, NK_RESULT,
 * NK_PLAN, NK_FINANCE …), ref_type/ref_id naming the row it belongs to ("decision" 7,
 * "disclosure" 202611 …), audience (none: the whole compound), starts_at/ends_at (0 0: from now
 * for the kind's default days), created_by the acting account and now. *id: the notice. The
 * caller audits it (action "notice.post", object "notice" *id) in the same transaction. Errors as
 * store_notice_create / store_notice_publish. */
enum yl_err store_notice_post(struct db *db, int64_t cid, const struct notice_new *n, int64_t *id);

/* With its audience and deliveries' total. */
enum yl_err store_notice_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct notice *out);
/* The community of a notice (route scope). */
enum yl_err store_notice_community(struct db *db, int64_t id, int64_t *cid);

/* Which notices a list shows. */
enum notice_list {
	NL_CURRENT,   /* published, starts_at <= now < ends_at: newest start first */
	NL_ARCHIVE,   /* published and ended, or withdrawn: newest first */
	NL_DRAFTS,    /* drafts */
	NL_SCHEDULED, /* published, starting after now */
};
struct notice_filter {
	enum notice_list list;
	int64_t now;
	const int64_t *buildings;     /* only notices for the whole compound or one of these; NULL: any */
	size_t nbuildings;
	int kind;                     /* -1: any kind */
};
/* A page of notices with their audiences (not their deliveries) and the total that match. */
enum yl_err store_notices(struct db *db, struct arena *a, int64_t cid, const struct notice_filter *f, int64_t limit,
                          int64_t offset, struct notice **v, size_t *n, int64_t *total);

struct notice_attachment {
	int64_t id, notice_id;
	const char *file, *name; /* store/files.c name; the sender's file name */
	int64_t bytes, added_at;
};
enum yl_err store_notice_attach(struct db *db, int64_t cid, int64_t notice_id, const char *file, const char *name,
                                int64_t bytes, int64_t by, int64_t now, int64_t *id);
enum yl_err store_notice_attachments(struct db *db, struct arena *a, int64_t cid, int64_t notice_id,
                                     struct notice_attachment **v, size_t *n);
/* One attachment wherever it is (the route scope): *cid its community. */
enum yl_err store_notice_attachment(struct db *db, struct arena *a, int64_t id, int64_t *cid,
                                    struct notice_attachment *out);

struct notice_delivery {
	int64_t id;
	struct notice_place place;
	int64_t households, recorded_by, recorded_at;
	const char *recorder; /* the account's display name */
};
enum yl_err store_notice_deliver(struct db *db, int64_t cid, int64_t notice_id, const struct notice_place *p,
                                 int64_t households, int64_t by, int64_t now, int64_t *id);
enum yl_err store_notice_deliveries(struct db *db, struct arena *a, int64_t cid, int64_t notice_id,
                                    struct notice_delivery **v, size_t *n);

#endif
