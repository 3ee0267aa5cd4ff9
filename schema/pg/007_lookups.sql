-- 007_lookups.sql (PostgreSQL): lookups the shared SQL makes that the keys led by community_id
-- do not serve. (accounts_name_lower from 001 serves lower(name) = lower($1) already.)
--
-- A unit's page is addressed by the unit's id alone (/registry/units/{id}); with the key
-- (community_id, id) that lookup would read the whole key index. On Citus this index lives in
-- each shard and the lookup asks every shard once (see docs/scale.md).
CREATE INDEX units_by_id ON units (id);
-- The audit log's action filter asks for a byte range [prefix, prefix + U+10FFFF) under
-- COLLATE "C", whatever the database's locale; the index must use the same collation to serve it.
DROP INDEX audit_by_action;
CREATE INDEX audit_by_action ON audit (community_id, action COLLATE "C", seq);
