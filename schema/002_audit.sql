-- 002_audit.sql: the hash-chained audit trail, one chain per community (0 for installation-wide
-- events). Rows are only ever inserted; `yuanli audit verify` recomputes every hash.
CREATE TABLE audit (
	community_id INTEGER NOT NULL,
	seq          INTEGER NOT NULL,
	at           INTEGER NOT NULL,
	actor_id     INTEGER NOT NULL,
	actor        TEXT NOT NULL,
	action       TEXT NOT NULL,
	object_type  TEXT NOT NULL,
	object_id    INTEGER NOT NULL,
	details      TEXT NOT NULL,
	prev_hash    TEXT NOT NULL,
	hash         TEXT NOT NULL,
	PRIMARY KEY (community_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_by_object ON audit(community_id, object_type, object_id);
CREATE INDEX audit_by_action ON audit(community_id, action, seq);
