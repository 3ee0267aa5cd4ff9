-- 004_list_indexes.sql (PostgreSQL): indexes that let the busiest lists read in order instead of
-- sorting (measured with bench/scale on SQLite: a district of 430,000 units and 10,000,000 audit
-- rows). Same change as schema/004_list_indexes.sql.
DROP INDEX units_by_place;
CREATE INDEX units_in_order ON units (community_id, building_id, stairwell_id, floor, room);
-- Here the primary key (community_id, id) already reads owners in this order, so owners_in_order
-- duplicates it; it is kept so that both stores have the same index names for later migrations
-- that drop or replace one.
CREATE INDEX owners_in_order ON owners (community_id, id);
DROP INDEX audit_by_object;
CREATE INDEX audit_by_object ON audit (community_id, object_type, object_id, seq);
