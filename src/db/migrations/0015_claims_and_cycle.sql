-- Claiming in one statement (issue 3): each collector's claims move a counter on, only from the
-- value the claiming statement saw, so two claims by one collector at the same moment are
-- serialised and neither passes the collector's capacity. Written by the queues module only.
CREATE TABLE queue_claimers (
  collector_id text PRIMARY KEY,
  claims bigint NOT NULL
);

-- The daily cycle (issue 3): its history rows are written only from accounts it just read, in the
-- same transaction; a foreign key re-checked them one by one (measured: 23 s of 50 s for the
-- million bucket events of a first aging). Citus-ready too: no foreign keys into the hot tables.
ALTER TABLE bucket_events DROP CONSTRAINT bucket_events_portfolio_id_account_id_fkey;
ALTER TABLE month_end_snapshots DROP CONSTRAINT month_end_snapshots_portfolio_id_account_id_fkey;

-- The queues walk actions_queue_order (0010); the older queue index and the index of unranked
-- actions (the cycle now ranks what it plans) only cost every planned action two more entries.
DROP INDEX actions_queue;
DROP INDEX actions_queue_unranked;
