-- Claims (issue 3): a collector's held cases are counted on every claim. Their claims are now
-- indexed by collector and expiry, over the rows that have an expiry: exactly the claimed ones (by
-- the CHECK on actions; a done action keeps its collector but not its expiry). The count asks for
-- the collector's unexpired claims without naming the status, so the index of lapsing claims
-- (status = 'claimed') cannot serve it: a plan made when the statistics last saw few claims had
-- walked every claim of every collector by expiry on each claim.
CREATE INDEX actions_claimed_by_expiry ON actions (claimed_by, claim_expires_at)
  WHERE claim_expires_at IS NOT NULL;
DROP INDEX actions_claimed_by;
