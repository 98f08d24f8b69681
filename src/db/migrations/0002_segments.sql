-- Segmentation: every delinquent debtor's traffic-light segment (green, yellow, red), with the
-- rule that assigned it and the facts that rule tested, written by the daily cycle.
-- Keyed by portfolio first (Citus-ready); no foreign keys to hot tables.

-- The current assignment: one row per delinquent debtor. A debtor with no delinquent account left
-- has no row (the cycle deletes it and records the cure in segment_events).
CREATE TABLE debtor_segments (
  portfolio_id bigint NOT NULL,
  debtor_id text NOT NULL,
  segment text NOT NULL CHECK (segment IN ('green', 'yellow', 'red')),
  rule text NOT NULL,
  facts jsonb NOT NULL,
  -- the cycle date that computed this assignment (its facts, e.g. DPD, are as of that date)
  as_of date NOT NULL,
  PRIMARY KEY (portfolio_id, debtor_id)
);

-- Every change of segment, at most one per debtor and cycle date. from_segment is null when the
-- debtor becomes delinquent (first segmented); to_segment is null when the debtor is cured (no
-- delinquent account left), with rule 'cured'. rule and facts say why the debtor moved.
CREATE TABLE segment_events (
  portfolio_id bigint NOT NULL,
  debtor_id text NOT NULL,
  as_of date NOT NULL,
  from_segment text CHECK (from_segment IN ('green', 'yellow', 'red')),
  to_segment text CHECK (to_segment IN ('green', 'yellow', 'red')),
  rule text NOT NULL,
  facts jsonb NOT NULL,
  PRIMARY KEY (portfolio_id, debtor_id, as_of)
);
CREATE INDEX segment_events_as_of ON segment_events (as_of);
