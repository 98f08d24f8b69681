-- People and queues: agencies, collectors, account placements with agencies, unit targets, the
-- reports of completed tasks. Work itself (actions, attempts, flags, promises) is in 0004.
-- Collectors and agencies are small reference tables (Citus: reference tables); placements are
-- keyed by portfolio first.

CREATE TABLE agencies (
  agency_id text PRIMARY KEY CHECK (agency_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE collectors (
  collector_id text PRIMARY KEY CHECK (collector_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (
    role IN ('field_collector', 'phone_collector', 'legal_coordinator', 'data_analyst', 'supervisor')
  ),
  unit text NOT NULL CHECK (unit IN ('phone', 'field', 'legal', 'analysts')),
  -- null for in-house collectors
  agency_id text REFERENCES agencies (agency_id),
  languages text[] NOT NULL CHECK (
    cardinality(languages) >= 1 AND languages <@ ARRAY['zh-CN', 'en']::text[]
  ),
  skills text[] NOT NULL DEFAULT '{}',
  -- the most cases held at once
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  monthly_target_minor bigint NOT NULL DEFAULT 0 CHECK (monthly_target_minor >= 0),
  -- what the bonus percentage applies to, per month
  monthly_bonus_base_minor bigint NOT NULL DEFAULT 0 CHECK (monthly_bonus_base_minor >= 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collectors_unit ON collectors (unit, agency_id);

-- An account placed with an agency from placed_on until recalled_on (null while placed). An agency
-- works only accounts currently placed with it; in-house queues never hand out placed accounts.
CREATE TABLE placements (
  portfolio_id bigint NOT NULL,
  placement_id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  agency_id text NOT NULL REFERENCES agencies (agency_id),
  placed_on date NOT NULL,
  recalled_on date,
  placed_at timestamptz NOT NULL DEFAULT now(),
  recalled_at timestamptz,
  PRIMARY KEY (portfolio_id, placement_id),
  CHECK (recalled_on IS NULL OR recalled_on >= placed_on),
  CHECK ((recalled_on IS NULL) = (recalled_at IS NULL))
);
-- at most one current placement per account
CREATE UNIQUE INDEX placements_current ON placements (portfolio_id, account_id)
  WHERE recalled_on IS NULL;
CREATE INDEX placements_agency ON placements (agency_id) WHERE recalled_on IS NULL;

-- A unit's monthly recovery target in one currency (KPIs by unit use it when set, the sum of its
-- collectors' targets otherwise).
CREATE TABLE unit_targets (
  unit text NOT NULL CHECK (unit IN ('phone', 'field', 'legal', 'analysts')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  monthly_target_minor bigint NOT NULL CHECK (monthly_target_minor >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit, currency)
);

-- The report of a completed task that is not a contact (field visit, legal review, cash-flow
-- check): one per action.
CREATE TABLE task_reports (
  portfolio_id bigint NOT NULL,
  action_id bigint NOT NULL,
  collector_id text NOT NULL,
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 4000),
  completed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, action_id)
);

-- Work is addressed by its id alone in the API (POST /actions/{id}/complete,
-- /contact-attempts/{id}/outcome, /promises/{id}/payments): identities are unique across
-- portfolios, so these find the row (and its portfolio) without a scan.
CREATE INDEX actions_action_id ON actions (action_id);
CREATE INDEX contact_attempts_attempt_id ON contact_attempts (attempt_id);
CREATE INDEX promises_promise_id ON promises (promise_id);
