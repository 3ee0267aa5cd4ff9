-- 008_building_totals.sql: each building's unit and stairwell counts kept with the building and
-- refreshed with the community's totals by the one path that changes units (the import), instead
-- of two counting subqueries per building on every view of the register (49 buildings: about
-- 2,200 index entries stepped per page view).
ALTER TABLE buildings ADD COLUMN total_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE buildings ADD COLUMN total_stairwells INTEGER NOT NULL DEFAULT 0;
UPDATE buildings SET
	total_units = (SELECT count(*) FROM units u WHERE u.community_id = buildings.community_id AND u.building_id = buildings.id),
	total_stairwells = (SELECT count(*) FROM stairwells s WHERE s.community_id = buildings.community_id AND s.building_id = buildings.id);
