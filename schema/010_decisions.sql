-- 010_decisions.sql: owners' decisions (业主共同决定, DOMAIN.md §1–§2) — the decision, its options
-- (a multiple-choice question is answered per option), the eligible roll frozen at publication
-- (one row per owner as the law counts them, with the units behind each), and the ballots.
-- Every table leads with community_id.

-- state: draft → published → open → closed → announced. matter is core/vote.c's name, which
-- fixes the tier. scope: the whole community, one building or one stairwell. The totals and the
-- result are written when the roll is frozen (publish) and when voting closes, so a result page
-- is one row; live turnout is counted from the ballots.
CREATE TABLE decisions (
	id             INTEGER PRIMARY KEY,
	community_id   INTEGER NOT NULL REFERENCES communities(id),
	title          TEXT NOT NULL,
	body           TEXT NOT NULL DEFAULT '',
	matter         TEXT NOT NULL,
	scope          TEXT NOT NULL CHECK (scope IN ('community', 'building', 'stairwell')),
	building_id    INTEGER REFERENCES buildings(id),
	stairwell_id   INTEGER REFERENCES stairwells(id),
	allow_change   INTEGER NOT NULL DEFAULT 0,
	state          TEXT NOT NULL CHECK (state IN ('draft', 'published', 'open', 'closed', 'announced')),
	created_by     INTEGER NOT NULL REFERENCES accounts(id),
	created_at     INTEGER NOT NULL,
	published_at   INTEGER,
	opened_at      INTEGER,
	closed_at      INTEGER,
	announced_at   INTEGER,
	closes_on      INTEGER,             -- the planned close, shown; staff closes
	total_owners   INTEGER NOT NULL DEFAULT 0,
	total_area     INTEGER NOT NULL DEFAULT 0,
	total_units    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX decisions_by_community ON decisions(community_id, id);

-- A multiple-choice decision's options, each answered yes / no / abstain and counted alone.
-- A plain decision has none: its one question is the decision itself.
CREATE TABLE decision_options (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	position     INTEGER NOT NULL,
	label        TEXT NOT NULL,
	UNIQUE (community_id, decision_id, position)
) STRICT;

-- The roll: one voter per owner in scope (areas summed), all developer-held units as ONE voter
-- (voter -1, SPC interpretation Art. 9). owner_id names the register's owner (NULL for the
-- developer voter).
CREATE TABLE decision_voters (
	community_id INTEGER NOT NULL,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	voter        INTEGER NOT NULL,
	owner_id     INTEGER REFERENCES owners(id),
	area         INTEGER NOT NULL,
	units        INTEGER NOT NULL,
	PRIMARY KEY (community_id, decision_id, voter)
) STRICT, WITHOUT ROWID;

-- The units behind each voter, as they were at publication (turnout by building, heads' scope).
CREATE TABLE decision_roll_units (
	community_id INTEGER NOT NULL,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	voter        INTEGER NOT NULL,
	owner_id     INTEGER NOT NULL,
	building_id  INTEGER NOT NULL,
	area         INTEGER NOT NULL,
	PRIMARY KEY (community_id, decision_id, unit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX decision_roll_units_by_voter ON decision_roll_units(community_id, decision_id, voter);
CREATE INDEX decision_roll_units_by_owner ON decision_roll_units(community_id, decision_id, owner_id);

-- One live ballot per voter and decision; a changed ballot (where the decision allows it) is
-- kept with replaced_at set, so the record shows both. choice is the plain decision's answer;
-- a multiple-choice ballot's answers are in ballot_answers (choice '' here).
CREATE TABLE ballots (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	voter        INTEGER NOT NULL,
	choice       TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain', '')),
	channel      TEXT NOT NULL CHECK (channel IN ('online', 'paper', 'proxy')),
	serial       TEXT NOT NULL DEFAULT '',
	signer       TEXT NOT NULL DEFAULT '',
	proxy_name   TEXT NOT NULL DEFAULT '',
	scan         TEXT NOT NULL DEFAULT '',   -- store/files.c name of the signed sheet's scan, '' when none
	account_id   INTEGER NOT NULL REFERENCES accounts(id), -- who cast (online) or entered it
	cast_at      INTEGER NOT NULL,
	replaced_at  INTEGER
) STRICT;
CREATE UNIQUE INDEX ballots_live ON ballots(community_id, decision_id, voter) WHERE replaced_at IS NULL;
CREATE INDEX ballots_by_decision ON ballots(community_id, decision_id, id);

CREATE TABLE ballot_answers (
	community_id INTEGER NOT NULL,
	ballot_id    INTEGER NOT NULL REFERENCES ballots(id),
	option_id    INTEGER NOT NULL REFERENCES decision_options(id),
	choice       TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
	PRIMARY KEY (community_id, ballot_id, option_id)
) STRICT, WITHOUT ROWID;

-- The count at the close, per question (option 0: a plain decision's one question), so a result
-- page and the result API read one row however large the roll.
CREATE TABLE decision_results (
	community_id   INTEGER NOT NULL,
	decision_id    INTEGER NOT NULL REFERENCES decisions(id),
	option_id      INTEGER NOT NULL,
	yes_owners     INTEGER NOT NULL,
	yes_area       INTEGER NOT NULL,
	no_owners      INTEGER NOT NULL,
	no_area        INTEGER NOT NULL,
	abstain_owners INTEGER NOT NULL,
	abstain_area   INTEGER NOT NULL,
	PRIMARY KEY (community_id, decision_id, option_id)
) STRICT, WITHOUT ROWID;
