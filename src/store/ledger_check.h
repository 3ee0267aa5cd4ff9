/* ledger_check.h: whether the kept figures are what they keep — the journal's month sums
 * (schema/019_journal_month_sums.sql) their lines' sums, each bill's paid amount (schema/020) its
 * allocations' sum, the fee collections (schema/022) their allocations' sums, and each decision's
 * kept turnout (schema/023) its live ballots — for `yuanli audit verify`. Apart from ledger.h so
 * that a caller need not see the chart of accounts: main.c knows struct account (a login), which
 * enum account would clash with. */
#ifndef YL_STORE_LEDGER_CHECK_H
#define YL_STORE_LEDGER_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/result.h"

struct db;

/* Whether the month sums are their lines' sums: every (community, account, month, kind) with
 * lines has exactly one row, holding their Σ debit and Σ credit, and no row has no lines. bad and
 * the first row that disagrees (in community and month order): how many rows and lines it has,
 * what it holds (kept_*) and what its lines add up to; sums and lines count the rows (read just before). The comparison is
 * one statement, so one snapshot, also while the server posts. */
struct ledger_sums_check {
	int64_t sums, lines;
	bool bad;
	int64_t community;
	char account[32];
	int month;
	char kind[16];
	int64_t kept_rows, nlines; /* 1 and at least 1 when right */
	int64_t kept_debit, kept_credit, debit, credit;
};
enum yl_err store_ledger_check_sums(struct db *db, struct ledger_sums_check *c);

/* Whether the fee collections (what was paid towards a month's bills, by the month paid in) are
 * their allocations' sums: every (community, bill's first month, payment's month) with
 * allocations has exactly one row holding their Σ, and no row has none. bad and the first group
 * that disagrees (in community and month order): how many rows and allocations it has, what the
 * row holds and what the allocations add up to; rows and allocations count both tables (read just
 * before). One statement, so one snapshot. */
struct collections_check {
	int64_t rows, allocations;
	bool bad;
	int64_t community;
	int bill_month, paid_month;
	int64_t kept_rows, nallocations; /* 1 and at least 1 when right */
	int64_t kept_amount, amount;
};
enum yl_err store_fee_collections_check(struct db *db, struct collections_check *c);

/* Whether each bill's kept paid amount is the sum of its allocations (a reversal's negative). bills
 * counts them (read just before); bad and the first bill that differs, in community and id order,
 * with what it keeps and what its allocations add up to. */
struct paid_check {
	int64_t bills;
	bool bad;
	int64_t community, bill, kept, allocated;
};
enum yl_err store_bill_paid_check(struct db *db, struct paid_check *c);

/* Whether each decision's kept turnout (store_decision_voted) is its live ballots: as many owners
 * as it has live ballots of voters on its roll, and their roll area; no row for a decision is 0
 * and 0. decisions and ballots (the live ones) count them, read just before; bad and the first
 * decision that differs, in community and id order, with what its row keeps and what its ballots
 * count. One statement, so one snapshot, also while owners vote. */
struct turnout_check {
	int64_t decisions, ballots;
	bool bad;
	int64_t community, decision;
	int64_t kept_owners, kept_area, owners, area;
};
enum yl_err store_decision_turnout_check(struct db *db, struct turnout_check *c);

#endif
