-- The queues' order (issue 3): oldest due first, then the highest balance. The balance of the
-- action's account is copied onto the action when it first reaches a queue (set-based, by the
-- queues module), so a claim walks this index and stops at the first workable case instead of
-- sorting the whole queue. (Kept out of 0006, which main had already applied.)
ALTER TABLE actions ADD COLUMN queue_balance_minor bigint;
CREATE INDEX actions_queue_order ON actions (unit, due_on, queue_balance_minor DESC NULLS LAST, action_id)
  WHERE status IN ('open', 'claimed');
CREATE INDEX actions_queue_unranked ON actions (action_id)
  WHERE queue_balance_minor IS NULL AND status IN ('open', 'claimed');
