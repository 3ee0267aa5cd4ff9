-- 007_lookups.sql: account names are looked up as lower(name) = lower($1), one spelling for both
-- stores (PostgreSQL has no NOCASE collation); this index serves it here, where the NOCASE
-- unique constraint cannot. PostgreSQL's 007 makes its own lookups fast.
CREATE INDEX accounts_by_lower_name ON accounts(lower(name));
