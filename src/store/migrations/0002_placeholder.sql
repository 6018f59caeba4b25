-- Placeholder for the lead's 0002 migration, so that 0003 can be tested on this branch.
-- Replaced by the real 0002 when the branches are merged; it changes nothing.
SELECT 1;
