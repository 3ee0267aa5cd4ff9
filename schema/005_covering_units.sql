-- 005_covering_units.sql: status and area ride along in the units' ordering index, so counting
-- a community's units, summing their area and filtering by status read the index alone
-- (the register page did three table scans of 2,000+ rows per view before).
DROP INDEX units_in_order;
CREATE INDEX units_in_order ON units(community_id, building_id, stairwell_id, floor, room, status, area);
