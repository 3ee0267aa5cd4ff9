-- 003_registry.sql: buildings, stairwells (单元), units (专有部分), owners, residents, heads'
-- buildings, activation codes. Every table carries community_id and its indexes lead with it.
ALTER TABLE communities ADD COLUMN notice_days INTEGER NOT NULL DEFAULT 15;

CREATE TABLE buildings (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	name         TEXT NOT NULL,           -- normalised "3栋"
	sort_key     INTEGER NOT NULL DEFAULT 0,
	UNIQUE (community_id, name)
) STRICT;

CREATE TABLE stairwells (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	building_id  INTEGER NOT NULL REFERENCES buildings(id),
	name         TEXT NOT NULL,           -- normalised "2单元"
	UNIQUE (community_id, building_id, name)
) STRICT;

-- An owner is one party in law (DOMAIN §2): a person, an organisation, or the developer /
-- former work unit. owner_ref is the community's own key for it (import files group by it).
CREATE TABLE owners (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	owner_ref    TEXT NOT NULL,
	name         TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'developer')),
	phone        TEXT NOT NULL DEFAULT '',
	UNIQUE (community_id, owner_ref)
) STRICT;

CREATE TABLE units (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	building_id  INTEGER NOT NULL REFERENCES buildings(id),
	stairwell_id INTEGER NOT NULL REFERENCES stairwells(id),
	floor        INTEGER NOT NULL,
	room         TEXT NOT NULL,
	area         INTEGER NOT NULL CHECK (area > 0),   -- hundredths of m²
	area_source  TEXT NOT NULL CHECK (area_source IN ('register', 'survey', 'contract')),
	status       TEXT NOT NULL CHECK (status IN ('delivered', 'unsold', 'undelivered')),
	owner_id     INTEGER NOT NULL REFERENCES owners(id),
	UNIQUE (community_id, building_id, stairwell_id, room)
) STRICT;
CREATE INDEX units_by_owner ON units(community_id, owner_id);
CREATE INDEX units_by_place ON units(community_id, building_id, stairwell_id, floor);

-- People who live in a unit: owners (co-owners too) and tenants. account_id once claimed.
CREATE TABLE residents (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	name         TEXT NOT NULL,
	phone        TEXT NOT NULL DEFAULT '',
	kind         TEXT NOT NULL CHECK (kind IN ('owner', 'tenant')),
	account_id   INTEGER REFERENCES accounts(id)
) STRICT;
CREATE INDEX residents_by_unit ON residents(community_id, unit_id);
CREATE INDEX residents_by_account ON residents(account_id);

-- Accounts that act for an owner (the owner's own account, co-owners).
CREATE TABLE owner_accounts (
	community_id INTEGER NOT NULL,
	owner_id     INTEGER NOT NULL REFERENCES owners(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	PRIMARY KEY (community_id, owner_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX owner_accounts_by_account ON owner_accounts(account_id);

CREATE TABLE head_buildings (
	community_id INTEGER NOT NULL,
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	building_id  INTEGER NOT NULL REFERENCES buildings(id),
	PRIMARY KEY (community_id, account_id, building_id)
) STRICT, WITHOUT ROWID;

-- One-time codes printed on slips; only the hash is kept.
CREATE TABLE activation_codes (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	role         TEXT NOT NULL CHECK (role IN ('owner', 'resident')),
	code_hash    TEXT NOT NULL UNIQUE,
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	used_at      INTEGER,
	used_by      INTEGER REFERENCES accounts(id)
) STRICT;
CREATE INDEX activation_codes_by_unit ON activation_codes(community_id, unit_id);

-- A checked import waiting for the staff member's confirmation (the preview step). Dropped on
-- commit; older than a day they are ignored.
CREATE TABLE import_drafts (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	created_at   INTEGER NOT NULL,
	encoding     TEXT NOT NULL,
	body         TEXT NOT NULL
) STRICT;
