-- The daily cycle's writes (issue 3). Measured at 200,000 accounts on PostgreSQL 15, in the
-- first cycle after an import: inserting its 231,626 actions took 3.6 s, 3.1 s of it in their
-- seven B-trees. Two go:
-- - actions are found by the date they were planned on through a block-range index (the cycle
--   appends a day's actions together);
-- - an action's id, unique on its own (an identity), is now the primary key in place of
--   (portfolio, action id) beside a second index on the id alone; lookups that name the
--   portfolio too use it as well.
-- Together: 2.6 s. (Dropping the accounts' bucket and risk-class indexes made the first aging a
-- heap-only update, 3.1 s -> 0.9 s, but the benchmark's floor, a COPY into a copy of the accounts
-- table, fell by as much; they stay, for lists of accounts by bucket or risk class.)
DROP INDEX actions_planned_on;
CREATE INDEX actions_planned_on ON actions USING brin (planned_on);
ALTER TABLE actions DROP CONSTRAINT actions_pkey;
DROP INDEX actions_action_id;
ALTER TABLE actions ADD PRIMARY KEY (action_id);
