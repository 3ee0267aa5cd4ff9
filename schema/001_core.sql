-- 001_core.sql: installation settings, communities, accounts, roles, sessions, tokens, login throttling.
-- Tables that belong to a community carry community_id first in their keys (see Scale in DESIGN.md);
-- accounts and communities are global.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE communities (
	id              INTEGER PRIMARY KEY,
	name            TEXT NOT NULL,
	district        TEXT NOT NULL DEFAULT '',
	street          TEXT NOT NULL DEFAULT '',
	city            TEXT NOT NULL DEFAULT '',
	jurisdiction_id TEXT UNIQUE,
	created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE accounts (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	display_name TEXT NOT NULL DEFAULT '',
	pw_hash      TEXT,            -- NULL: cannot log in with a password (not yet activated)
	lang         TEXT NOT NULL DEFAULT '',  -- '' follows the browser
	large_text   INTEGER NOT NULL DEFAULT 0,
	disabled     INTEGER NOT NULL DEFAULT 0,
	created_at   INTEGER NOT NULL
) STRICT;

-- A role in a community; community_id 0 marks installation-wide roles (admin).
CREATE TABLE account_roles (
	account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	role         TEXT NOT NULL,
	community_id INTEGER NOT NULL,
	granted_at   INTEGER NOT NULL,
	PRIMARY KEY (account_id, role, community_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX account_roles_by_community ON account_roles(community_id, role);

-- Only the hash of a session cookie is stored, so a copy of the database opens no sessions.
CREATE TABLE sessions (
	hash       TEXT PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	seen_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_account ON sessions(account_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
) STRICT;

-- Failed logins by key ('a:<account name>' or 'ip:<address>'), for throttling.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at  INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_key ON login_failures(key, at);
