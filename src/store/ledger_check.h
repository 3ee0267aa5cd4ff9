/* ledger_check.h: whether the journal's month sums (schema/019_journal_month_sums.sql) are their
 * lines' sums, for `yuanli audit verify`. Apart from ledger.h so that a caller need not see the
 * chart of accounts: main.c knows struct account (a login), which enum account would clash with. */
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

#endif
