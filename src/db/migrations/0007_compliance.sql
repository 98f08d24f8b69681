-- Compliance (issue 4): each portfolio's rule pack settings, versioned. A portfolio without a
-- row uses the cn pack as shipped. Every change is a new version (history kept, nothing is
-- updated in place) and is appended to the evidence log in the same transaction.
CREATE TABLE compliance_settings (
  portfolio_id bigint NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  pack_id text NOT NULL CHECK (pack_id IN ('cn', 'us', 'uk')),
  -- the tightening overrides (compliance/domain/pack-config.ts); {} for the pack as shipped
  config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
  changed_by text NOT NULL CHECK (length(changed_by) BETWEEN 1 AND 200),
  reason text CHECK (length(reason) <= 1000),
  changed_at timestamptz NOT NULL,
  -- the evidence log entry recording the change
  evidence_seq bigint NOT NULL,
  PRIMARY KEY (portfolio_id, version)
);

-- The gate counts unanswered calls per number (keyed digest) per local day, across debtors.
CREATE INDEX contact_attempts_number ON contact_attempts (portfolio_id, number_digest, attempted_at)
  WHERE number_digest IS NOT NULL;
-- The gate reads a debtor's flags as timelines.
CREATE INDEX debtor_flags_debtor ON debtor_flags (portfolio_id, debtor_id, at);
