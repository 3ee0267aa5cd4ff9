/* ledger.h: SQL for the committee's journal (schema/013_finance.sql) — posting a balanced entry
 * into an open month, the closed months, balances and sums derived from the lines, and the
 * community's finance settings. Every write runs inside the caller's transaction (the caller
 * writes its own row, posts the entry and its audit row together).
 *
 * Balances and sums are read from the journal's month sums (schema/019_journal_month_sums.sql):
 * Σ debit and Σ credit of the lines of one community, account, month and entry kind, which
 * store_ledger_post adds each line into in the transaction that writes the line. They are the
 * lines' sums by construction, not a second record: the journal is never rewritten, and
 * store_ledger_check_sums (ledger_check.h) recomputes them from the lines for `yuanli audit verify`. */
#ifndef YL_STORE_LEDGER_H
#define YL_STORE_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/ledger.h"
#include "../core/result.h"

struct db;

/* Journal entry kinds, stored as named (a CHECK holds the table to them). */
enum entry_kind { EK_OPENING, EK_BILLING, EK_PAYMENT, EK_REVERSAL, EK_INCOME, EK_EXPENSE, EK__COUNT };
extern const char *const entry_kind_names[EK__COUNT];

struct entry_new {
	int month;            /* YYYYMM the entry belongs to */
	enum entry_kind kind;
	const char *ref_type; /* "billing_run", "payment", "income", "expense"; "" none */
	int64_t ref_id;
	const char *memo;
	int64_t by;
	int64_t now;
};

/* Posts one entry with its lines, and adds each line into its month's sums. ERR_INVALID when the
 * lines do not balance (a caller's bug, logged), ERR_CONFLICT when e->month is closed
 * (store_month_closed; nothing written), else YL_OK with *entry_id (may be NULL). */
enum yl_err store_ledger_post(struct db *db, int64_t cid, const struct entry_new *e, const struct ledger_line *lines,
                              size_t n, int64_t *entry_id);

/* Whether the month is closed: a published disclosure covers it or a later month (the books of a
 * published period, and of everything before it, never change). */
enum yl_err store_month_closed(struct db *db, int64_t cid, int month, bool *closed);
/* Whether a published disclosure covers the month itself (a month before a published one is
 * closed but may still be published on its own). */
enum yl_err store_month_disclosed(struct db *db, int64_t cid, int month, bool *disclosed);
/* The first month with any journal entry (when the books begin); 0 when none. */
enum yl_err store_ledger_first_month(struct db *db, int64_t cid, int *month);

/* Σ debit − Σ credit of one account over entries of months before `before` (YYYYMM, exclusive;
 * 0: every month), from the month sums. An asset's balance; an income's is the negative. */
enum yl_err store_ledger_balance(struct db *db, int64_t cid, enum account acc, int before, int64_t *balance);

/* Σ debit and Σ credit of every account over entries of months first..last, from the month sums. */
enum yl_err store_ledger_sums(struct db *db, int64_t cid, int first, int last, int64_t debit[ACC__COUNT],
                              int64_t credit[ACC__COUNT]);

/* The books at a glance, as of now (the committee's finance home): the money accounts and what
 * is owed, derived from the journal; this month's billing and collection; what waits for a
 * second member; the newest published disclosure (0 when none). Who owes: store_arrears. */
struct finance_overview {
	int64_t cash, bank;      /* Σ lines of the accounts (their month sums) */
	int64_t receivable;      /* Σ lines of receivable = bills − payments (its month sums) */
	int64_t billed_month;    /* Σ bills.total of bills that begin this month */
	int64_t collected_month; /* Σ payments.amount (reversals negative) paid this month */
	int64_t pending_expenses;
	int last_disclosed;      /* first month of the newest published disclosure, YYYYMM */
};
enum yl_err store_finance_overview(struct db *db, int64_t cid, int month, struct finance_overview *o);

struct finance_settings {
	int64_t threshold;    /* fen: second approval above, listed one by one in the disclosure */
	int disclosure_months; /* 1 or 3 */
};
enum yl_err store_finance_settings(struct db *db, int64_t cid, struct finance_settings *s);
enum yl_err store_finance_settings_set(struct db *db, int64_t cid, const struct finance_settings *s);

#endif
