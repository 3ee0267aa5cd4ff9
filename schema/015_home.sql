-- 015_home.sql: the resident's home (issue 11) lists the problems an account said "me too" to;
-- problem_supports is keyed by problem, so without this the lookup reads every support of the
-- community on each view of the most visited page.
CREATE INDEX problem_supports_by_account ON problem_supports(community_id, account_id, problem_id);
