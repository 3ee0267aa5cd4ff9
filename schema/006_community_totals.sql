-- 006_community_totals.sql: a community's totals (units, owners, buildings, exclusive area) kept
-- with the community and refreshed by the one path that changes units (the import, which manual
-- edits also go through), instead of counted on every view of the register.
ALTER TABLE communities ADD COLUMN total_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN total_owners INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN total_buildings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN total_area INTEGER NOT NULL DEFAULT 0;
UPDATE communities SET
	total_units = (SELECT count(*) FROM units u WHERE u.community_id = communities.id),
	total_owners = (SELECT count(*) FROM owners o WHERE o.community_id = communities.id),
	total_buildings = (SELECT count(*) FROM buildings b WHERE b.community_id = communities.id),
	total_area = (SELECT coalesce(sum(area), 0) FROM units u WHERE u.community_id = communities.id);
