-- 011_plans.sql: the renovation plan (DOMAIN.md §3–§4) — plans, their versions and items, the
-- owners' decisions that approve items, residents' opinions per version and staff's public
-- answers, and afterwards the works built from approved items: milestones, supervisors'
-- inspections (with photos), residents' ratings and the formal acceptance.
-- Every table leads with community_id.

-- A plan of one community (a compound may have more than one over the years). next_key numbers
-- the items: an item keeps its key in every version, so versions compare item by item.
-- adopted_version is the number of the version staff adopted as the final plan (定稿) after
-- consultation; mandatory items are approved by it, the others by their owners' decision.
CREATE TABLE plans (
	id              INTEGER PRIMARY KEY,
	community_id    INTEGER NOT NULL REFERENCES communities(id),
	title           TEXT NOT NULL,
	summary         TEXT NOT NULL DEFAULT '',
	next_key        INTEGER NOT NULL DEFAULT 1,
	adopted_version INTEGER,
	adopted_at      INTEGER,
	created_by      INTEGER NOT NULL REFERENCES accounts(id),
	created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX plans_by_community ON plans(community_id, id);

-- Version N of a plan. The one with published_at NULL is the draft (at most one, always the
-- highest number); a published version never changes. Consultation on a version runs from its
-- publication until consult_until (a moment, UTC seconds) or until staff close it early.
CREATE TABLE plan_versions (
	id                INTEGER PRIMARY KEY,
	community_id      INTEGER NOT NULL,
	plan_id           INTEGER NOT NULL REFERENCES plans(id),
	number            INTEGER NOT NULL,
	changelog         TEXT NOT NULL DEFAULT '',
	created_by        INTEGER NOT NULL REFERENCES accounts(id),
	created_at        INTEGER NOT NULL,
	published_by      INTEGER REFERENCES accounts(id),
	published_at      INTEGER,
	consult_until     INTEGER,
	consult_closed_at INTEGER,
	UNIQUE (community_id, plan_id, number)
) STRICT;

-- An item of one version. Location: scope (the compound, one building or one stairwell) and
-- place in words ("3栋北侧道路"). cost and every fund_* are fen, and the six sources sum exactly
-- to cost (refused otherwise, core/share.c share_funding_gap). share_rule says how the
-- residents' part is shared between the owners in scope (area, or the elevator floor rule).
-- owners_decide: the law asks the owners (rebuild, elevator, use of the maintenance fund …);
-- optional (选改) items always go to the owners too.
CREATE TABLE plan_items (
	id               INTEGER PRIMARY KEY,
	community_id     INTEGER NOT NULL,
	plan_id          INTEGER NOT NULL REFERENCES plans(id),
	version_id       INTEGER NOT NULL REFERENCES plan_versions(id),
	key              INTEGER NOT NULL,
	title            TEXT NOT NULL,
	description      TEXT NOT NULL DEFAULT '',
	class            TEXT NOT NULL CHECK (class IN ('basic', 'improvement', 'enhancement')),
	mandatory        INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
	owners_decide    INTEGER NOT NULL DEFAULT 0 CHECK (owners_decide IN (0, 1)),
	scope            TEXT NOT NULL CHECK (scope IN ('community', 'building', 'stairwell')),
	building_id      INTEGER REFERENCES buildings(id),
	stairwell_id     INTEGER REFERENCES stairwells(id),
	place            TEXT NOT NULL DEFAULT '',
	cost             INTEGER NOT NULL CHECK (cost >= 0),
	fund_government  INTEGER NOT NULL DEFAULT 0,
	fund_residents   INTEGER NOT NULL DEFAULT 0,
	fund_maintenance INTEGER NOT NULL DEFAULT 0,
	fund_utility     INTEGER NOT NULL DEFAULT 0,
	fund_stationed   INTEGER NOT NULL DEFAULT 0,
	fund_social      INTEGER NOT NULL DEFAULT 0,
	share_rule       TEXT NOT NULL DEFAULT 'area' CHECK (share_rule IN ('area', 'elevator')),
	UNIQUE (community_id, version_id, key)
) STRICT;

-- The owners' decision that approves an item (by its key, so the link holds in every version).
-- option_id 0: the decision's one question; otherwise one option of a multiple-choice decision.
CREATE TABLE plan_item_decisions (
	community_id INTEGER NOT NULL,
	plan_id      INTEGER NOT NULL REFERENCES plans(id),
	key          INTEGER NOT NULL,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	option_id    INTEGER NOT NULL DEFAULT 0,
	linked_by    INTEGER NOT NULL REFERENCES accounts(id),
	linked_at    INTEGER NOT NULL,
	PRIMARY KEY (community_id, plan_id, key)
) STRICT, WITHOUT ROWID;

-- A resident's opinion on one version: on one item (item_key) or on the plan as a whole (0).
-- source: owner, resident, community, expert, designer. channel paper: a head or staff member
-- entered it from a paper form; author_name is then the person's name as written, unit_id their
-- unit when given. account_id is who wrote it online or who entered it. Staff's answer
-- (adopted / explained) is public, like the opinion.
CREATE TABLE plan_opinions (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL,
	plan_id      INTEGER NOT NULL REFERENCES plans(id),
	version_id   INTEGER NOT NULL REFERENCES plan_versions(id),
	item_key     INTEGER NOT NULL DEFAULT 0,
	stance       TEXT NOT NULL CHECK (stance IN ('support', 'oppose', 'suggest')),
	source       TEXT NOT NULL CHECK (source IN ('owner', 'resident', 'community', 'expert', 'designer')),
	body         TEXT NOT NULL DEFAULT '',
	channel      TEXT NOT NULL CHECK (channel IN ('online', 'paper')),
	author_name  TEXT NOT NULL DEFAULT '',
	unit_id      INTEGER REFERENCES units(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	created_at   INTEGER NOT NULL,
	answer       TEXT CHECK (answer IN ('adopted', 'explained')),
	answer_body  TEXT NOT NULL DEFAULT '',
	answered_by  INTEGER REFERENCES accounts(id),
	answered_at  INTEGER
) STRICT;
CREATE INDEX plan_opinions_by_version ON plan_opinions(community_id, version_id, item_key, id);

-- A work: an approved item being built. progress in percent; state planned → underway →
-- completed → accepted (the formal acceptance, by staff, with its note).
CREATE TABLE works (
	id              INTEGER PRIMARY KEY,
	community_id    INTEGER NOT NULL,
	plan_id         INTEGER NOT NULL REFERENCES plans(id),
	item_key        INTEGER NOT NULL,
	contractor      TEXT NOT NULL DEFAULT '',
	starts_on       INTEGER,
	ends_on         INTEGER,
	progress        INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
	state           TEXT NOT NULL CHECK (state IN ('planned', 'underway', 'completed', 'accepted')),
	created_by      INTEGER NOT NULL REFERENCES accounts(id),
	created_at      INTEGER NOT NULL,
	completed_at    INTEGER,
	accepted_by     INTEGER REFERENCES accounts(id),
	accepted_at     INTEGER,
	acceptance_note TEXT NOT NULL DEFAULT '',
	UNIQUE (community_id, plan_id, item_key)
) STRICT;

CREATE TABLE work_milestones (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL,
	work_id      INTEGER NOT NULL REFERENCES works(id),
	title        TEXT NOT NULL,
	due_on       INTEGER,
	done_on      INTEGER
) STRICT;
CREATE INDEX work_milestones_by_work ON work_milestones(community_id, work_id, id);

-- An inspection on site by a supervisor (volunteer) or staff. severity: note, minor, major,
-- critical. problem_id: the problem the finding became when it needs fixing.
CREATE TABLE inspections (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL,
	work_id      INTEGER NOT NULL REFERENCES works(id),
	inspected_on INTEGER NOT NULL,
	severity     TEXT NOT NULL CHECK (severity IN ('note', 'minor', 'major', 'critical')),
	findings     TEXT NOT NULL,
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	created_at   INTEGER NOT NULL,
	problem_id   INTEGER REFERENCES problems(id)
) STRICT;
CREATE INDEX inspections_by_work ON inspections(community_id, work_id, id);

CREATE TABLE inspection_photos (
	id            INTEGER PRIMARY KEY,
	community_id  INTEGER NOT NULL,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	file          TEXT NOT NULL,
	mime          TEXT NOT NULL,
	bytes         INTEGER NOT NULL,
	width         INTEGER NOT NULL,
	height        INTEGER NOT NULL
) STRICT;
CREATE INDEX inspection_photos_by_inspection ON inspection_photos(community_id, inspection_id, id);

-- A resident's rating of a completed work in their location: one per account and work (a new
-- rating replaces the old one).
CREATE TABLE work_ratings (
	community_id INTEGER NOT NULL,
	work_id      INTEGER NOT NULL REFERENCES works(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
	comment      TEXT NOT NULL DEFAULT '',
	at           INTEGER NOT NULL,
	PRIMARY KEY (community_id, work_id, account_id)
) STRICT, WITHOUT ROWID;
