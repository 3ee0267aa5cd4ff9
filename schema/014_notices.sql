-- 014_notices.sql: the notice board (公示栏, issue 11) — notices written in Markdown by staff (the
-- committee for its finance notices) or posted by other capabilities (a published decision, its
-- result, a plan version, a monthly disclosure), their audience, publicity period, attachments,
-- and the households publicists delivered them to door by door. Time is UTC seconds. A published
-- notice is never edited: a correction is a new notice naming the one it replaces (replaces_id);
-- withdrawing keeps the row and says why.

-- kind: what the notice is (its default publicity period follows it, features/notices.c).
-- state: draft → published → withdrawn. starts_at/ends_at: the publicity period (0 on a draft:
-- publishing sets them, by default from now for the kind's days). ref_type/ref_id: the decision,
-- plan or disclosure it belongs to ('' 0 for a hand-written one). audit_head: the hex of the
-- community's audit chain head when it was published (printed on the paper copy, so residents can
-- compare it with /audit/chain).
CREATE TABLE notices (
	id              INTEGER PRIMARY KEY,
	community_id    INTEGER NOT NULL REFERENCES communities(id),
	title           TEXT NOT NULL,
	body            TEXT NOT NULL DEFAULT '',
	kind            TEXT NOT NULL CHECK (kind IN ('announcement', 'plan', 'decision', 'result', 'finance', 'other')),
	state           TEXT NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),
	starts_at       INTEGER NOT NULL DEFAULT 0,
	ends_at         INTEGER NOT NULL DEFAULT 0,
	ref_type        TEXT NOT NULL DEFAULT '',
	ref_id          INTEGER NOT NULL DEFAULT 0,
	replaces_id     INTEGER REFERENCES notices(id),
	created_by      INTEGER NOT NULL REFERENCES accounts(id),
	created_at      INTEGER NOT NULL,
	published_by    INTEGER REFERENCES accounts(id),
	published_at    INTEGER NOT NULL DEFAULT 0,
	audit_head      TEXT NOT NULL DEFAULT '',
	withdrawn_by    INTEGER REFERENCES accounts(id),
	withdrawn_at    INTEGER NOT NULL DEFAULT 0,
	withdraw_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX notices_by_community ON notices(community_id, state, starts_at, id);
CREATE INDEX notices_by_ref ON notices(community_id, ref_type, ref_id);

-- Who a notice is for: one row per building (stairwell_id NULL) or stairwell; no row at all is the
-- whole compound.
CREATE TABLE notice_audience (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	notice_id    INTEGER NOT NULL REFERENCES notices(id),
	building_id  INTEGER NOT NULL REFERENCES buildings(id),
	stairwell_id INTEGER REFERENCES stairwells(id)
) STRICT;
CREATE INDEX notice_audience_by_notice ON notice_audience(community_id, notice_id);
CREATE INDEX notice_audience_by_building ON notice_audience(community_id, building_id, notice_id);

-- Files attached to a draft: photos cleaned of their metadata, PDFs checked by their first bytes.
-- file: the store/files.c name ("<sha256>.jpg|png|pdf"); name: what the sender called it.
CREATE TABLE notice_attachments (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	notice_id    INTEGER NOT NULL REFERENCES notices(id),
	file         TEXT NOT NULL,
	name         TEXT NOT NULL,
	bytes        INTEGER NOT NULL CHECK (bytes >= 0),
	added_by     INTEGER NOT NULL REFERENCES accounts(id),
	added_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX notice_attachments_by_notice ON notice_attachments(community_id, notice_id, id);

-- "Delivered to N households": a publicist (宣传员) or staff taking a printed notice door to door,
-- per building or stairwell (stairwell_id NULL: the whole building).
CREATE TABLE notice_deliveries (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	notice_id    INTEGER NOT NULL REFERENCES notices(id),
	building_id  INTEGER NOT NULL REFERENCES buildings(id),
	stairwell_id INTEGER REFERENCES stairwells(id),
	households   INTEGER NOT NULL CHECK (households > 0),
	recorded_by  INTEGER NOT NULL REFERENCES accounts(id),
	recorded_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX notice_deliveries_by_notice ON notice_deliveries(community_id, notice_id, id);
