-- 023_decision_turnout.sql: each decision's live turnout — how many voters have a live ballot
-- (replaced_at IS NULL) and the sum of their area on the frozen roll — kept in a row of its own.
-- The dashboard counted it for each open or recent decision with a GROUP BY over the live ballots
-- joined to decision_voters (~50,000 VM steps a view on the demo), and the staff's turnout page
-- and API counted it again for the whole decision; both now read this row.
--
-- The row is derived, never entered: store_ballot_cast adds the voter (1 owner and the voter's
-- area from decision_voters) in the ballot's transaction when the voter had no live ballot; a
-- replacement keeps the voter live, so it changes nothing. Nothing else writes ballots (the demo,
-- the bench and the API all cast through it), and ballots are never deleted, so a row only grows.
-- A decision with no ballot yet has no row: readers take it as 0 owners and 0 area. `yuanli audit
-- verify` recounts every decision from its ballots and names the first whose row disagrees.
--
-- A table of its own and not columns on decisions: a ballot rewrites this four-integer row, not
-- the decision's, whose title and body (a long body in overflow pages) SQLite would write again
-- with every ballot.
CREATE TABLE decision_turnout (
	community_id INTEGER NOT NULL,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	owners       INTEGER NOT NULL CHECK (owners >= 0),
	area         INTEGER NOT NULL CHECK (area >= 0),
	PRIMARY KEY (community_id, decision_id)
) STRICT, WITHOUT ROWID;

INSERT INTO decision_turnout (community_id, decision_id, owners, area)
SELECT b.community_id, b.decision_id, count(*), sum(v.area)
FROM ballots b
JOIN decision_voters v ON v.community_id = b.community_id AND v.decision_id = b.decision_id AND v.voter = b.voter
WHERE b.replaced_at IS NULL
GROUP BY b.community_id, b.decision_id;
