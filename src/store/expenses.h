/* expenses.h: SQL for the committee's expenses (with their voucher and the second member's
 * decision), other income (公共收益 and other) and the opening balance handed over at takeover
 * (schema/013_finance.sql). The journal entries they make are posted by the caller through
 * store/ledger.h in the same transaction; here are only the rows. Strings live in the caller's
 * arena; ERR_NOTFOUND when an id is absent or in another community. */
#ifndef YL_STORE_EXPENSES_H
#define YL_STORE_EXPENSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/ledger.h"
#include "../core/result.h"

struct arena;
struct db;

enum expense_state { XS_PENDING, XS_APPROVED, XS_REJECTED, XS__COUNT };
extern const char *const expense_state_names[XS__COUNT];

struct expense {
	int64_t id;
	int64_t amount; /* fen */
	enum expense_category category;
	const char *payee, *description;
	enum pay_method method;
	int64_t spent_at;
	const char *voucher, *voucher_mime; /* the stored file's name (store/files.c) and type */
	enum expense_state state;
	int64_t recorded_by, recorded_at;
	const char *recorder_name;
	int64_t decided_by, decided_at; /* 0: approved at recording, or still pending */
	const char *decider_name, *decision_note;
	int64_t entry_id;               /* 0 until approved */
};

/* Inserts e (its id, decided_* and entry_id ignored) in state e->state; *id the new row's. */
enum yl_err store_expense_create(struct db *db, int64_t cid, const struct expense *e, int64_t *id);
enum yl_err store_expense_get(struct db *db, struct arena *a, int64_t cid, int64_t id, struct expense *out);
/* The community an expense belongs to (route scopes). */
enum yl_err store_expense_community(struct db *db, int64_t id, int64_t *cid);

struct expense_filter {
	int first_month, last_month; /* YYYYMM of spent_at, inclusive; 0: any */
	int state;                   /* enum expense_state, -1 any */
	int category;                /* enum expense_category, -1 any */
	int64_t min_amount;          /* only those above this (fen); 0 any */
	int64_t limit;
};
/* Newest spending first. */
enum yl_err store_expenses(struct db *db, struct arena *a, int64_t cid, const struct expense_filter *f,
                           struct expense **v, size_t *n);

/* Moves a pending expense to approved or rejected, guarded: ERR_CONFLICT when it is no longer
 * pending, or when by is its recorder (the table's CHECK); nothing changed then. */
enum yl_err store_expense_decide(struct db *db, int64_t cid, int64_t id, enum expense_state to, int64_t by,
                                 const char *note, int64_t now);
/* Records the journal entry of an approved expense. */
enum yl_err store_expense_entry(struct db *db, int64_t cid, int64_t id, int64_t entry_id);

/* Pending expenses spent in months first..last. */
enum yl_err store_expenses_pending(struct db *db, int64_t cid, int first, int last, int64_t *count);

/* An approved expense's voucher may be shown to anyone once a published disclosure covers the
 * month it was spent in: *shown says whether that is so. */
enum yl_err store_expense_voucher_public(struct db *db, int64_t cid, int64_t id, bool *shown);

struct income {
	int64_t id;
	enum income_category category;
	int64_t amount;
	const char *source;
	enum pay_method method;
	const char *reference;
	int64_t received_at;
	int64_t entry_id;
	int64_t recorded_by, recorded_at;
};

enum yl_err store_income_create(struct db *db, int64_t cid, const struct income *in, int64_t *id);
enum yl_err store_income_entry(struct db *db, int64_t cid, int64_t id, int64_t entry_id);
/* Income received in months first..last (0, 0: all), newest first, at most limit. */
enum yl_err store_incomes(struct db *db, struct arena *a, int64_t cid, int first, int last, int64_t limit,
                          struct income **v, size_t *n);

/* Whether the community's opening balance has been posted (the journal holds an opening entry),
 * and its month when it has. */
enum yl_err store_opening_month(struct db *db, int64_t cid, int *month);

#endif
