-- 020_bill_paid.sql (PostgreSQL): same change as schema/020_bill_paid.sql — a bill's paid amount
-- (Σ of its allocations, which a reversal's negative ones bring back down) kept on the bill by
-- write_payment, and the unpaid bills (paid < total) read through the partial index bills_unpaid
-- instead of joining every bill with its allocations; total and paid are in the index so the
-- arrears can read the rests from it. The CHECK goes on after the fill, as a table constraint:
-- PostgreSQL's column constraints are meant to name their own column only.
ALTER TABLE bills ADD COLUMN paid bigint NOT NULL DEFAULT 0;
UPDATE bills SET paid = s.paid
FROM (SELECT community_id, bill_id, sum(amount) AS paid FROM payment_allocations GROUP BY community_id, bill_id) AS s
WHERE s.community_id = bills.community_id AND s.bill_id = bills.id;
ALTER TABLE bills ADD CONSTRAINT bills_paid_within_total CHECK (paid >= 0 AND paid <= total);
CREATE INDEX bills_unpaid ON bills(community_id, unit_id, first_month, total, paid) WHERE paid < total;
