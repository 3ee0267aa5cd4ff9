-- 004_list_indexes.sql: indexes that let the busiest lists read in order instead of sorting
-- (measured with bench/scale: a district of 430,000 units and 10,000,000 audit rows).
DROP INDEX units_by_place;
CREATE INDEX units_in_order ON units(community_id, building_id, stairwell_id, floor, room);
CREATE INDEX owners_in_order ON owners(community_id, id);
DROP INDEX audit_by_object;
CREATE INDEX audit_by_object ON audit(community_id, object_type, object_id, seq);
