-- 012_volunteers.sql: volunteers and stationed units (党建双领, issue 9) — reporting in (报到) and
-- staff's confirmation, duty roles (the four standard ones and the community's own), buildings
-- covered, activities with slots per role, sign-ups, attendance and hours, duties tied to the
-- governance work (a mediator on a problem, a supervisor's inspection, a publicist's notice),
-- small wishes (微心愿), stationed units with their commitments matched to problems and plan
-- items. Every table leads with community_id. Time is UTC seconds, hours are kept in minutes.

-- The yearly hours a Party member reporting in is expected to give (0: no target set).
ALTER TABLE communities ADD COLUMN volunteer_hours_target INTEGER NOT NULL DEFAULT 0;

-- Duty roles: publicist 宣传员, advisor 参谋员, mediator 调解员, supervisor 监督员 (builtin, seeded
-- for every community by the code that makes one) and any the community defines.
CREATE TABLE volunteer_roles (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	code         TEXT NOT NULL,
	name         TEXT NOT NULL,
	name_en      TEXT NOT NULL DEFAULT '',
	builtin      INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
	UNIQUE (community_id, code)
) STRICT;

-- A volunteer's registration with the community. account_id: the person's own account (NULL when
-- staff entered someone without one). state: applied → confirmed (or declined); left when they
-- stop. party_org: the Party branch or organisation they report in from ('' for a non-member).
-- commitment: their own words on the public card (亮承诺). photo: store/files.c name, '' none.
-- Communities that exist before this migration get the four duty roles; new ones get them from
-- store_community_create (store/volunteers.c holds the same list).
INSERT INTO volunteer_roles (community_id, code, name, name_en, builtin)
SELECT c.id, v.column1, v.column2, v.column3, 1 FROM communities c, (VALUES
	('publicist', '宣传员', 'Publicist'), ('advisor', '参谋员', 'Advisor'),
	('mediator', '调解员', 'Mediator'), ('supervisor', '监督员', 'Supervisor')) v;

CREATE TABLE volunteers (
	id            INTEGER PRIMARY KEY,
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	account_id    INTEGER REFERENCES accounts(id),
	name          TEXT NOT NULL,
	phone         TEXT NOT NULL DEFAULT '',
	party_member  INTEGER NOT NULL DEFAULT 0 CHECK (party_member IN (0, 1)),
	party_org     TEXT NOT NULL DEFAULT '',
	skills        TEXT NOT NULL DEFAULT '',
	availability  TEXT NOT NULL DEFAULT '',
	commitment    TEXT NOT NULL DEFAULT '',
	photo         TEXT NOT NULL DEFAULT '',
	state         TEXT NOT NULL CHECK (state IN ('applied', 'confirmed', 'declined', 'left')),
	applied_at    INTEGER NOT NULL,
	decided_by    INTEGER REFERENCES accounts(id),
	decided_at    INTEGER
) STRICT;
CREATE INDEX volunteers_by_community ON volunteers(community_id, state, id);
CREATE UNIQUE INDEX volunteers_by_account ON volunteers(community_id, account_id) WHERE account_id IS NOT NULL;

CREATE TABLE volunteer_duties (
	community_id INTEGER NOT NULL,
	volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
	role_id      INTEGER NOT NULL REFERENCES volunteer_roles(id),
	PRIMARY KEY (community_id, volunteer_id, role_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE volunteer_buildings (
	community_id INTEGER NOT NULL,
	volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
	building_id  INTEGER NOT NULL REFERENCES buildings(id),
	PRIMARY KEY (community_id, volunteer_id, building_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX volunteer_buildings_by_building ON volunteer_buildings(community_id, building_id, volunteer_id);

-- An activity or a duty: staff (or a team leader) post it with its time and place. kind duty is
-- governance work; link_type/link_id name what it is for ('' none; 'problem' a dispute a mediator
-- takes on, 'inspection' a supervisor's round on a plan's work, 'notice' a publicist's delivery).
CREATE TABLE activities (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	title        TEXT NOT NULL,
	body         TEXT NOT NULL DEFAULT '',
	place        TEXT NOT NULL DEFAULT '',
	starts_at    INTEGER NOT NULL,
	ends_at      INTEGER NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('activity', 'duty')),
	link_type    TEXT NOT NULL DEFAULT '' CHECK (link_type IN ('', 'problem', 'inspection', 'notice')),
	link_id      INTEGER NOT NULL DEFAULT 0,
	state        TEXT NOT NULL CHECK (state IN ('open', 'cancelled')),
	created_by   INTEGER NOT NULL REFERENCES accounts(id),
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX activities_by_community ON activities(community_id, starts_at, id);

-- Slots per role (role_id 0: any confirmed volunteer). self_signup: volunteers of that role sign
-- up themselves; otherwise staff put them on the roster.
CREATE TABLE activity_slots (
	community_id INTEGER NOT NULL,
	activity_id  INTEGER NOT NULL REFERENCES activities(id),
	role_id      INTEGER NOT NULL,
	slots        INTEGER NOT NULL CHECK (slots BETWEEN 1 AND 1000),
	self_signup  INTEGER NOT NULL DEFAULT 1 CHECK (self_signup IN (0, 1)),
	PRIMARY KEY (community_id, activity_id, role_id)
) STRICT, WITHOUT ROWID;

-- A place on the roster. withdrawn_at: the volunteer withdrew (only before the start). After the
-- activity staff confirm attendance once: attended with minutes, or absent (a no-show).
-- households: a publicist's notice delivered to that many households.
CREATE TABLE signups (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL,
	activity_id  INTEGER NOT NULL REFERENCES activities(id),
	volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
	role_id      INTEGER NOT NULL,
	signed_at    INTEGER NOT NULL,
	signed_by    INTEGER NOT NULL REFERENCES accounts(id),
	withdrawn_at INTEGER,
	attendance   TEXT CHECK (attendance IN ('attended', 'absent')),
	minutes      INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
	households   INTEGER NOT NULL DEFAULT 0 CHECK (households >= 0),
	confirmed_by INTEGER REFERENCES accounts(id),
	confirmed_at INTEGER
) STRICT;
CREATE UNIQUE INDEX signups_live ON signups(community_id, activity_id, volunteer_id) WHERE withdrawn_at IS NULL;
CREATE INDEX signups_by_volunteer ON signups(community_id, volunteer_id, id);

-- A small wish (微心愿): a resident's small need, posted by them or by a head for them (channel
-- paper, for_name as told). open → adopted (by a volunteer) → fulfilled → confirmed (by the
-- resident or the head, with the minutes and points it earns); withdrawn by whoever posted it
-- while nobody has adopted it.
CREATE TABLE wishes (
	id            INTEGER PRIMARY KEY,
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	title         TEXT NOT NULL,
	body          TEXT NOT NULL DEFAULT '',
	unit_id       INTEGER REFERENCES units(id),
	for_name      TEXT NOT NULL DEFAULT '',
	channel       TEXT NOT NULL CHECK (channel IN ('online', 'paper')),
	posted_by     INTEGER NOT NULL REFERENCES accounts(id),
	posted_at     INTEGER NOT NULL,
	state         TEXT NOT NULL CHECK (state IN ('open', 'adopted', 'fulfilled', 'confirmed', 'withdrawn')),
	volunteer_id  INTEGER REFERENCES volunteers(id),
	adopted_at    INTEGER,
	fulfilled_at  INTEGER,
	confirmed_by  INTEGER REFERENCES accounts(id),
	confirmed_at  INTEGER,
	minutes       INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
	points        INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0)
) STRICT;
CREATE INDEX wishes_by_community ON wishes(community_id, state, id);

-- A unit stationed in the area (驻区单位) reporting in, with its contact person; account_id the
-- org account that speaks for it, when it has one.
CREATE TABLE stationed_units (
	id            INTEGER PRIMARY KEY,
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	name          TEXT NOT NULL,
	contact_name  TEXT NOT NULL,
	contact_phone TEXT NOT NULL DEFAULT '',
	account_id    INTEGER REFERENCES accounts(id),
	state         TEXT NOT NULL CHECK (state IN ('applied', 'confirmed', 'declined')),
	registered_at INTEGER NOT NULL,
	decided_by    INTEGER REFERENCES accounts(id),
	decided_at    INTEGER,
	UNIQUE (community_id, name)
) STRICT;

-- Its commitments (资源清单): what it offers. Staff match an offer to a problem or a plan item
-- (match_type/match_id; plan items as plan id and key), and record what was delivered.
CREATE TABLE unit_offers (
	id            INTEGER PRIMARY KEY,
	community_id  INTEGER NOT NULL,
	unit_id       INTEGER NOT NULL REFERENCES stationed_units(id),
	title         TEXT NOT NULL,
	body          TEXT NOT NULL DEFAULT '',
	state         TEXT NOT NULL CHECK (state IN ('offered', 'matched', 'delivered', 'withdrawn')),
	created_at    INTEGER NOT NULL,
	match_type    TEXT NOT NULL DEFAULT '' CHECK (match_type IN ('', 'problem', 'plan_item')),
	match_id      INTEGER NOT NULL DEFAULT 0,
	match_key     INTEGER NOT NULL DEFAULT 0,
	matched_by    INTEGER REFERENCES accounts(id),
	matched_at    INTEGER,
	delivered     TEXT NOT NULL DEFAULT '',
	delivered_at  INTEGER
) STRICT;
CREATE INDEX unit_offers_by_unit ON unit_offers(community_id, unit_id, id);
