-- 006_community_totals.sql (PostgreSQL): a community's totals (units, owners, buildings, exclusive
-- area) kept with the community and refreshed by the one path that changes units (the import,
-- which manual edits also go through), instead of counted on every view of the register.
-- Same change as schema/006_community_totals.sql. The backfill joins communities with the
-- registry tables, so on Citus it must run before the tables are distributed (docs/scale.md).
ALTER TABLE communities ADD COLUMN total_units bigint NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN total_owners bigint NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN total_buildings bigint NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN total_area bigint NOT NULL DEFAULT 0;
UPDATE communities SET
	total_units = (SELECT count(*) FROM units u WHERE u.community_id = communities.id),
	total_owners = (SELECT count(*) FROM owners o WHERE o.community_id = communities.id),
	total_buildings = (SELECT count(*) FROM buildings b WHERE b.community_id = communities.id),
	total_area = (SELECT coalesce(sum(area), 0) FROM units u WHERE u.community_id = communities.id);
