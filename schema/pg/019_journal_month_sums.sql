-- 019_journal_month_sums.sql (PostgreSQL): same change as schema/019_journal_month_sums.sql — the
-- journal's Σ debit and Σ credit per community, account, month and entry kind, added to by
-- store_ledger_post in the transaction of the lines, so balances and a period's sums read a row
-- per month instead of every line since the books began.
CREATE TABLE journal_month_sums (
	community_id     bigint NOT NULL REFERENCES communities(id),
	account          text NOT NULL,
	month            bigint NOT NULL,
	kind             text NOT NULL,
	debit            bigint NOT NULL,
	credit           bigint NOT NULL,
	PRIMARY KEY (community_id, account, month, kind)
);

INSERT INTO journal_month_sums (community_id, account, month, kind, debit, credit)
SELECT e.community_id, l.account, e.month, e.kind, sum(l.debit), sum(l.credit)
FROM journal_entries e JOIN journal_lines l ON l.community_id = e.community_id AND l.entry_id = e.id
GROUP BY e.community_id, l.account, e.month, e.kind;
