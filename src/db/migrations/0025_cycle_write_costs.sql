-- The daily cycle's writes (issue 3). Measured at 200,000 accounts on PostgreSQL 15, in the
-- first cycle after an import:
-- - Accounts are no longer indexed by bucket or risk class. The aging UPDATE changes both for
--   every account the first time (and for the accounts that move bucket on any day), and an
--   indexed column that changes makes the update rewrite every index entry of the row instead
--   of a heap-only update: 3.1 s, against 0.9 s without these two indexes. A list of accounts in a
--   bucket or risk class now walks the accounts in key order, filtering (a page of 50 in a
--   bucket holding 1% of the accounts reads ~5,000 rows); counts and reports scan anyway.
-- - Inserting the 231,626 actions planned took 3.6 s, 3.1 s of it in their seven B-trees. Two
--   go: actions are found by the date they were planned on through a block-range index (the
--   cycle appends a day's actions together), and an action's id, unique on its own (an
--   identity), is now the primary key in place of (portfolio, action id) beside a second index
--   on the id alone (lookups that name the portfolio too use it as well): 2.6 s.
DROP INDEX accounts_bucket;
DROP INDEX accounts_risk_class;
DROP INDEX actions_planned_on;
CREATE INDEX actions_planned_on ON actions USING brin (planned_on);
ALTER TABLE actions DROP CONSTRAINT actions_pkey;
DROP INDEX actions_action_id;
ALTER TABLE actions ADD PRIMARY KEY (action_id);
