-- 017_run_lines.sql: a billing run's fixed lines (卫生费 5.00 …) kept once with the run instead of
-- once on each of its bills. store_billing_run wrote the run's fixed items (by name, summed over
-- the period's months) onto every bill it made, the same line each time: 500,000 copies in a
-- 500,000-unit run, and with them a RETURNING on every bill for the id its lines needed. That
-- run took 4.8 s; 2.3 s without them (bench/billing.c, SQLite, 2 cores, 2026-11-27). A bill's
-- lines are now its run's lines (positions 1..k) and then its own exemption lines in bill_lines
-- (positions k+1 …, numbered as before), read together in position order; bills.fixed_fee still
-- holds their sum.
--
-- bill_lines keeps its kind column, now always 'exemption': dropping it would rebuild the table
-- (SQLite cannot alter a CHECK), and the readers give the run's lines the kind 'fixed', so a
-- bill's lines read exactly as they did.
CREATE TABLE billing_run_lines (
	community_id INTEGER NOT NULL,
	run_id       INTEGER NOT NULL REFERENCES billing_runs(id),
	position     INTEGER NOT NULL,
	label        TEXT NOT NULL,
	amount       INTEGER NOT NULL,
	PRIMARY KEY (community_id, run_id, position)
) STRICT, WITHOUT ROWID;

-- The runs made so far: one row per run and position, from its bills' fixed lines. They are the
-- same on every bill of a run, and the migration makes sure of it rather than trusting one bill:
-- two bills of a run with different fixed lines at a position give two rows with one key here,
-- and the INSERT fails (the migration rolls back and the database stays at 016).
INSERT INTO billing_run_lines (community_id, run_id, position, label, amount)
SELECT DISTINCT b.community_id, b.run_id, l.position, l.label, l.amount
FROM bill_lines l JOIN bills b ON b.community_id = l.community_id AND b.id = l.bill_id
WHERE l.kind = 'fixed';

-- … and every bill of a run had every one of the run's lines: its bills × its lines = the fixed
-- lines of its bills, else the CHECK below fails the migration the same way.
CREATE TEMP TABLE m017_check (runs_not_matching INTEGER NOT NULL CHECK (runs_not_matching = 0));
INSERT INTO m017_check
WITH per_run AS (SELECT community_id, run_id, count(*) AS bills FROM bills GROUP BY community_id, run_id),
     fixed AS (SELECT b.community_id, b.run_id, count(*) AS lines FROM bill_lines l
               JOIN bills b ON b.community_id = l.community_id AND b.id = l.bill_id
               WHERE l.kind = 'fixed' GROUP BY b.community_id, b.run_id),
     kept AS (SELECT community_id, run_id, count(*) AS lines FROM billing_run_lines GROUP BY community_id, run_id)
SELECT count(*) FROM per_run p
LEFT JOIN fixed f ON f.community_id = p.community_id AND f.run_id = p.run_id
LEFT JOIN kept k ON k.community_id = p.community_id AND k.run_id = p.run_id
WHERE coalesce(f.lines, 0) <> p.bills * coalesce(k.lines, 0);
DROP TABLE m017_check;

DELETE FROM bill_lines WHERE kind = 'fixed';
