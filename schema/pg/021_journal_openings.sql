-- 021_journal_openings.sql: the month the books were opened (store_opening_month: the first entry
-- of kind 'opening', which the expenses page and the cash/bank openings ask for on every view)
-- was found by walking every journal entry of the community through journal_entries_by_month
-- (the demo: 26,000 VM steps a view, growing with every payment and bill run). The openings are
-- one or two entries a community; a partial index holds just them, costs nothing on other
-- entries, and answers with one step.
CREATE INDEX journal_openings ON journal_entries(community_id, month) WHERE kind = 'opening';
