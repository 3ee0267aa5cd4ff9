/* disclosures.h: SQL for the monthly (or quarterly) financial disclosure (财务公开, DOMAIN.md §5):
 * the published rows that close their months, and the figures of a period, computed every time
 * from the journal and the tables (bills, payment allocations, incomes, expenses), never from a
 * figure stored for the page. The journal's part is read from its month sums (store/ledger.h):
 * Σ debit and Σ credit of its lines by account, month and entry kind, added to by the
 * transaction that posts each line, so they are always the lines' sums (`yuanli audit verify`
 * recomputes them to show it); what was paid towards the period's bills, from the allocations'
 * sums by bill month and paid month that write_payment keeps the same way (schema/022, checked
 * by the same command). No figure names a payer or an owner. */
#ifndef YL_STORE_DISCLOSURES_H
#define YL_STORE_DISCLOSURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/ledger.h"
#include "../core/period.h"
#include "../core/result.h"
#include "expenses.h"

struct arena;
struct db;

struct disclosure {
	int first_month, months;
	int64_t published_by, published_at;
	const char *publisher_name;
	const char *audit_head; /* hex */
};

/* The published disclosure beginning at first_month; ERR_NOTFOUND when none. */
enum yl_err store_disclosure_get(struct db *db, struct arena *a, int64_t cid, int first_month, struct disclosure *out);
/* Every published disclosure, newest first. */
enum yl_err store_disclosures(struct db *db, struct arena *a, int64_t cid, struct disclosure **v, size_t *n);
/* Publishes (the caller has checked the period); ERR_CONFLICT when it is published already. */
enum yl_err store_disclosure_create(struct db *db, int64_t cid, const struct disclosure *d);

struct disclosure_figures {
	struct period p;
	/* cash 库存现金 and bank 银行存款 (WeChat, Alipay settle there): before the period, after it */
	int64_t opening_cash, opening_bank, closing_cash, closing_bank;
	/* money in and out in the period, by what it was */
	int64_t fees_collected;          /* fee payments net of reversals (the receivable's credits) */
	int64_t income[INC__COUNT];      /* other income by category (incomes.received_at) */
	int64_t handed_over;             /* the opening balance, when it was handed over in the period */
	int64_t income_total;            /* fees_collected + Σ income */
	int64_t expense[EXP__COUNT];     /* approved expenses spent in the period */
	int64_t vouchers[EXP__COUNT];    /* how many of them (each has its voucher) */
	int64_t expense_total;
	/* fees of the period: billed (bills whose first month is in it), paid towards those bills
	 * before the period's end, the rate in tenths of a percent; everything unpaid at the end */
	int64_t billed, billed_collected, collection_permille, arrears;
	/* approved expenses above the threshold, one by one, oldest first */
	struct expense *large;
	size_t nlarge;
	int64_t threshold;
	/* closing = opening + the movements of the period (the journal's month sums), and the
	 * movements = what the categories above add up to: false means the books disagree */
	bool consistent;
};

/* Computes the figures of period p (a month or a quarter) for the community, with expenses above
 * threshold (fen) listed one by one. Strings and the list live in the arena. */
enum yl_err store_disclosure_figures(struct db *db, struct arena *a, int64_t cid, struct period p, int64_t threshold,
                                     struct disclosure_figures *out);

/* Fees billed for months first..last (bills whose first month is in them) and paid towards those
 * bills by payments made before month after (YYYYMM; the month after the period; Beijing time):
 * the collection rate's two sums (core/billing.h collection_permille). The disclosures use it for
 * their period, the dashboard for each month. Both are read from kept sums: the runs' totals, and
 * the allocations by bill month and paid month that write_payment keeps (schema/022). */
enum yl_err store_fee_collection(struct db *db, int64_t cid, int first, int last, int after, int64_t *billed,
                                 int64_t *paid);

#endif
