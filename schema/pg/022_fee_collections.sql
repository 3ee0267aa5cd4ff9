-- 022_fee_collections.sql (PostgreSQL): same change as schema/022_fee_collections.sql — Σ of the
-- payment allocations by community, their bill's first month and their payment's month (paid_at
-- in Beijing time), added to by write_payment in the transaction of the allocations, so a
-- period's collection reads a row per month paid in instead of every bill and its payments.
-- The month: paid_at + 8 h read as a UTC timestamp (to_timestamp … AT TIME ZONE 'UTC' does not
-- depend on the session's TimeZone), the fixed offset C's month_of adds.
CREATE TABLE fee_collections (
	community_id     bigint NOT NULL REFERENCES communities(id),
	bill_month       bigint NOT NULL,
	paid_month       bigint NOT NULL,
	amount           bigint NOT NULL,
	PRIMARY KEY (community_id, bill_month, paid_month)
);

INSERT INTO fee_collections (community_id, bill_month, paid_month, amount)
SELECT pa.community_id, b.first_month,
	CAST(to_char(to_timestamp(p.paid_at + 28800) AT TIME ZONE 'UTC', 'YYYYMM') AS bigint), sum(pa.amount)
FROM payment_allocations pa
JOIN bills b ON b.community_id = pa.community_id AND b.id = pa.bill_id
JOIN payments p ON p.community_id = pa.community_id AND p.id = pa.payment_id
GROUP BY 1, 2, 3;
