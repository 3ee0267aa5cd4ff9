-- 019_journal_month_sums.sql: the journal's sums per community, account, month and entry kind,
-- kept beside the lines. Every balance and sum the books show (the disclosure's opening and
-- closing cash and bank, its fees collected, what is owed; the finance page's money accounts)
-- summed every journal line since the books began: the receivable's balance and a period's sums
-- 4–8 ms each over the demo's four months (10,403 lines), seven such sums on each disclosure page
-- (~180 pages/s), and a compound posts ~26,000 lines a year, so it only grew. A balance now adds
-- up one row per month and kind of the account (the disclosure page: ~1,200 pages/s).
--
-- The rows are derived, never entered: store_ledger_post adds each line it posts into its row in
-- the same transaction as the line, and nothing else writes journal lines (tests that write
-- theirs with SQL add them here the same way). Since nothing in the journal is ever changed or
-- deleted, a row is always Σ debit and Σ credit of its lines; `yuanli audit verify` recomputes
-- every row from the lines and names the first that disagrees (store_ledger_check_sums).
--
-- account before month in the key: a balance is one account over the months before one, and the
-- fees collected one account over a period; the sums of every account over a period
-- (store_ledger_sums) read the community's rows, a few dozen a month.
CREATE TABLE journal_month_sums (
	community_id INTEGER NOT NULL REFERENCES communities(id),
	account      TEXT NOT NULL,
	month        INTEGER NOT NULL,
	kind         TEXT NOT NULL,
	debit        INTEGER NOT NULL,
	credit       INTEGER NOT NULL,
	PRIMARY KEY (community_id, account, month, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO journal_month_sums (community_id, account, month, kind, debit, credit)
SELECT e.community_id, l.account, e.month, e.kind, sum(l.debit), sum(l.credit)
FROM journal_entries e JOIN journal_lines l ON l.community_id = e.community_id AND l.entry_id = e.id
GROUP BY e.community_id, l.account, e.month, e.kind;
