-- 005_covering_units.sql (PostgreSQL): status and area ride along in the units' ordering index, so
-- counting a community's units, summing their area and filtering by status can read the index
-- alone (an index-only scan, once the table has been vacuumed). SQLite appends the two columns to
-- the key (schema/005_covering_units.sql); PostgreSQL carries them as INCLUDE columns, which cover
-- the same queries and keep the ordered key as it was.
DROP INDEX units_in_order;
CREATE INDEX units_in_order ON units (community_id, building_id, stairwell_id, floor, room)
	INCLUDE (status, area);
