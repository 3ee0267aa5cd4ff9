-- 017_run_lines.sql (PostgreSQL): same change as schema/017_run_lines.sql — a billing run's fixed
-- lines kept once with the run (billing_run_lines) instead of once on each of its bills; a
-- bill's lines are its run's lines (positions 1..k) and then its own exemption lines in
-- bill_lines (k+1 …), read together in position order. bill_lines keeps its kind column, now
-- always 'exemption', as on SQLite.
CREATE TABLE billing_run_lines (
	community_id     bigint NOT NULL,
	run_id           bigint NOT NULL,
	position         bigint NOT NULL,
	label            text NOT NULL,
	amount           bigint NOT NULL,
	PRIMARY KEY (community_id, run_id, position),
	FOREIGN KEY (community_id, run_id) REFERENCES billing_runs(community_id, id)
);

-- The runs made so far, from their bills' fixed lines: two bills of a run with different fixed
-- lines at a position collide on the primary key and fail the migration (it rolls back).
INSERT INTO billing_run_lines (community_id, run_id, position, label, amount)
SELECT DISTINCT b.community_id, b.run_id, l.position, l.label, l.amount
FROM bill_lines l JOIN bills b ON b.community_id = l.community_id AND b.id = l.bill_id
WHERE l.kind = 'fixed';

-- … and every bill of a run had every one of the run's lines, else the migration fails.
DO $$
DECLARE
	bad bigint;
BEGIN
	WITH per_run AS (SELECT community_id, run_id, count(*) AS bills FROM bills GROUP BY community_id, run_id),
	     fixed AS (SELECT b.community_id, b.run_id, count(*) AS lines FROM bill_lines l
	               JOIN bills b ON b.community_id = l.community_id AND b.id = l.bill_id
	               WHERE l.kind = 'fixed' GROUP BY b.community_id, b.run_id),
	     kept AS (SELECT community_id, run_id, count(*) AS lines FROM billing_run_lines GROUP BY community_id, run_id)
	SELECT count(*) INTO bad FROM per_run p
	LEFT JOIN fixed f ON f.community_id = p.community_id AND f.run_id = p.run_id
	LEFT JOIN kept k ON k.community_id = p.community_id AND k.run_id = p.run_id
	WHERE coalesce(f.lines, 0) <> p.bills * coalesce(k.lines, 0);
	IF bad <> 0 THEN
		RAISE EXCEPTION '017: % billing runs whose bills do not all carry the same fixed lines', bad;
	END IF;
END $$;

DELETE FROM bill_lines WHERE kind = 'fixed';
