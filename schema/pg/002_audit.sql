-- 002_audit.sql (PostgreSQL): the hash-chained audit trail, one chain per community (0 for
-- installation-wide events). Rows are only ever inserted; `yuanli audit verify` recomputes every
-- hash. Distributed by community_id on Citus, so a chain lives whole on one shard.
CREATE TABLE audit (
	community_id bigint NOT NULL,
	seq          bigint NOT NULL,
	at           bigint NOT NULL,
	actor_id     bigint NOT NULL,
	actor        text NOT NULL,
	action       text NOT NULL,
	object_type  text NOT NULL,
	object_id    bigint NOT NULL,
	details      text NOT NULL,
	prev_hash    text NOT NULL,
	hash         text NOT NULL,
	PRIMARY KEY (community_id, seq)
);
CREATE INDEX audit_by_object ON audit (community_id, object_type, object_id);
CREATE INDEX audit_by_action ON audit (community_id, action, seq);
