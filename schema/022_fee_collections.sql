-- 022_fee_collections.sql: what was paid towards a month's bills, kept by the month it was paid.
-- The collection rate (the disclosure's "paid of it before the period's end", the dashboard's
-- four months) summed, for every bill of the period's runs, its allocations and each one's
-- payment to ask whether it was paid before the end: 41,000–54,000 VM steps a month on the demo,
-- once on each disclosure page (~1,700 pages/s) and four times on each dashboard (~450/s), and
-- growing with every unit billed. It now adds up one row per month paid in of the period's
-- months, as the journal's balances do from their month sums (019).
--
-- The rows are derived, never entered: write_payment adds each allocation it writes into the row
-- of its bill's first month and its payment's month (paid_at in Beijing time, period.c month_of),
-- in the same transaction, and nothing else writes allocations (tests that write theirs with SQL
-- add them here the same way). A reversal's allocations are negative and dated with the reversal,
-- so they come off in the month they were made, as the walk over the allocations counted them.
-- Allocations are never changed or deleted, so a row is always Σ of its allocations; `yuanli
-- audit verify` recomputes every row from them and names the first that disagrees.
--
-- paid_month is paid_at + 8 h as a UTC date's year and month: Beijing has no daylight saving, and
-- month_of adds the same fixed eight hours (a time zone name would bring the old DST of 1986–91).
CREATE TABLE fee_collections (
	community_id INTEGER NOT NULL REFERENCES communities(id),
	bill_month   INTEGER NOT NULL,
	paid_month   INTEGER NOT NULL,
	amount       INTEGER NOT NULL,
	PRIMARY KEY (community_id, bill_month, paid_month)
) STRICT, WITHOUT ROWID;

INSERT INTO fee_collections (community_id, bill_month, paid_month, amount)
SELECT pa.community_id, b.first_month, CAST(strftime('%Y%m', p.paid_at + 28800, 'unixepoch') AS INTEGER), sum(pa.amount)
FROM payment_allocations pa
JOIN bills b ON b.community_id = pa.community_id AND b.id = pa.bill_id
JOIN payments p ON p.community_id = pa.community_id AND p.id = pa.payment_id
GROUP BY 1, 2, 3;
