-- Claims (issue 3): the queue's walk reads open actions only. A claimed case's actions used to
-- stay in the queue's index, so every claim walked past every case held by every collector
-- (measured: 300 held actions, ~1 ms of each claim). Lapsed claims are found by their expiry
-- instead, in an index that holds only claimed actions.
CREATE INDEX actions_queue_open ON actions (unit, due_on, queue_balance_minor DESC NULLS LAST, action_id)
  WHERE status = 'open';
CREATE INDEX actions_claim_lapse ON actions (unit, claim_expires_at) WHERE status = 'claimed';
DROP INDEX actions_queue_order;
