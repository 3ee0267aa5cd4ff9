-- 015_home.sql (PostgreSQL): the same index as schema/015_home.sql — the problems an account said
-- "me too" to, for the resident's home.
CREATE INDEX problem_supports_by_account ON problem_supports(community_id, account_id, problem_id);
