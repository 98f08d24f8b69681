-- The daily cycle's writes (issue 3). Measured at 200,000 accounts on PostgreSQL 15, in the
-- first cycle after an import:
-- - Accounts are no longer indexed by bucket or risk class. The aging UPDATE changes both for
--   every account the first time (and for the accounts that move bucket on any day), and an
--   indexed column that changes makes the update rewrite every index entry of the row instead
--   of a heap-only update: 3.1 s, against 0.9 s without these two indexes. A list of accounts in a
--   bucket or risk class now walks the accounts in key order, filtering (a page of 50 in a
--   bucket holding 1% of the accounts reads ~5,000 rows); counts and reports scan anyway.
-- - Actions are found by the date they were planned on through a block-range index: the cycle
--   appends a day's actions together, and a B-tree on that date cost ~0.5 s of the 3.6 s that
--   inserting 231,626 actions took.
DROP INDEX accounts_bucket;
DROP INDEX accounts_risk_class;
DROP INDEX actions_planned_on;
CREATE INDEX actions_planned_on ON actions USING brin (planned_on);
