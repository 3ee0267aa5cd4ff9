-- 018_run_bills.sql (PostgreSQL): same change as schema/018_run_bills.sql — a billing run's
-- bills read as one stretch of the community's bill ids, first_bill..last_bill on the run, by
-- primary key (community_id, id), instead of through bills_by_period, which goes.
ALTER TABLE billing_runs ADD COLUMN first_bill bigint NOT NULL DEFAULT 0;
ALTER TABLE billing_runs ADD COLUMN last_bill bigint NOT NULL DEFAULT 0;
UPDATE billing_runs SET first_bill = s.first_bill, last_bill = s.last_bill
FROM (SELECT community_id, run_id, min(id) AS first_bill, max(id) AS last_bill FROM bills
      GROUP BY community_id, run_id) AS s
WHERE s.community_id = billing_runs.community_id AND s.run_id = billing_runs.id;
DROP INDEX bills_by_period;
