-- 023_decision_turnout.sql (PostgreSQL): same change as schema/023_decision_turnout.sql — each
-- decision's live turnout (voters with a live ballot, and Σ their roll area) in a row of its own,
-- added to by store_ballot_cast in the ballot's transaction when a voter casts a first live
-- ballot, and read by the dashboard and the turnout page instead of a GROUP BY over the ballots.
-- A decision with no ballot has no row (0 and 0).
CREATE TABLE decision_turnout (
	community_id bigint NOT NULL,
	decision_id  bigint NOT NULL,
	owners       bigint NOT NULL CHECK (owners >= 0),
	area         bigint NOT NULL CHECK (area >= 0),
	PRIMARY KEY (community_id, decision_id),
	FOREIGN KEY (community_id, decision_id) REFERENCES decisions(community_id, id)
);

INSERT INTO decision_turnout (community_id, decision_id, owners, area)
SELECT b.community_id, b.decision_id, count(*), sum(v.area)
FROM ballots b
JOIN decision_voters v ON v.community_id = b.community_id AND v.decision_id = b.decision_id AND v.voter = b.voter
WHERE b.replaced_at IS NULL
GROUP BY b.community_id, b.decision_id;
