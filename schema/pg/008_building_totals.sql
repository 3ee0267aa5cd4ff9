-- 008_building_totals.sql (PostgreSQL): same change as schema/008_building_totals.sql — each
-- building's unit and stairwell counts kept with the building, refreshed by the import.
ALTER TABLE buildings ADD COLUMN total_units bigint NOT NULL DEFAULT 0;
ALTER TABLE buildings ADD COLUMN total_stairwells bigint NOT NULL DEFAULT 0;
UPDATE buildings SET
	total_units = (SELECT count(*) FROM units u WHERE u.community_id = buildings.community_id AND u.building_id = buildings.id),
	total_stairwells = (SELECT count(*) FROM stairwells s WHERE s.community_id = buildings.community_id AND s.building_id = buildings.id);
