-- Work: the actions the daily cycle plans, every contact attempt with its outcome, the debtor
-- flags outcomes set (the compliance gate reads them), and promises to pay with what paid them.
-- Keyed by portfolio first (Citus-ready); no foreign keys to hot tables.

-- A planned action (call, SMS, WeChat, email, letter, field visit, legal review) for one account.
-- action_key is the planner's deterministic key: the cycle inserts each action once, so a rerun
-- or a killed-and-rerun cycle neither duplicates nor loses an action.
-- A case is one debtor's open actions in one queue (unit, and agency when the account is placed);
-- a collector claims a case with FOR UPDATE SKIP LOCKED, and a claim expires when abandoned.
CREATE TABLE actions (
  portfolio_id bigint NOT NULL,
  action_id bigint GENERATED ALWAYS AS IDENTITY,
  action_key text NOT NULL,
  account_id text NOT NULL,
  debtor_id text NOT NULL,
  kind text NOT NULL CHECK (
    kind IN ('treatment', 'pre_due_reminder', 'cash_flow_check', 'face_to_face_meeting', 'escalation')
  ),
  channel text NOT NULL CHECK (
    channel IN ('call', 'sms', 'wechat', 'email', 'letter', 'field_visit', 'legal_review')
  ),
  unit text NOT NULL CHECK (unit IN ('phone', 'field', 'legal', 'analysts')),
  -- the agency the account is placed with when planned; null for in-house queues
  agency_id text,
  strategy_id text NOT NULL,
  strategy_version integer NOT NULL,
  arm text NOT NULL CHECK (arm IN ('champion', 'challenger')),
  template_id text,
  due_on date NOT NULL,
  -- the cycle date that planned it
  planned_on date NOT NULL,
  -- the rule and facts that planned it
  reason jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
  claimed_by text,
  claimed_at timestamptz,
  claim_expires_at timestamptz,
  done_at timestamptz,
  -- why it was cancelled (account cured, superseded, compliance hold ...)
  cancel_reason text,
  PRIMARY KEY (portfolio_id, action_id),
  UNIQUE (portfolio_id, action_key),
  CHECK ((status = 'claimed') = (claimed_by IS NOT NULL AND claim_expires_at IS NOT NULL))
);
-- the queues: open or claimed work per unit, oldest due first
CREATE INDEX actions_queue ON actions (unit, due_on, action_id) WHERE status IN ('open', 'claimed');
CREATE INDEX actions_account ON actions (portfolio_id, account_id, planned_on);
CREATE INDEX actions_debtor_open ON actions (portfolio_id, debtor_id) WHERE status IN ('open', 'claimed');
CREATE INDEX actions_claimed_by ON actions (claimed_by) WHERE status = 'claimed';
CREATE INDEX actions_planned_on ON actions (planned_on);

-- Every contact attempt that passed the gate (a blocked attempt did not happen; its decision is in
-- the evidence log), and its outcome once recorded. The compliance gate counts these.
CREATE TABLE contact_attempts (
  portfolio_id bigint NOT NULL,
  attempt_id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  debtor_id text NOT NULL,
  -- the planned action it works, if any
  action_id bigint,
  -- null for automated sends
  collector_id text,
  agency_id text,
  channel text NOT NULL CHECK (channel IN ('call', 'sms', 'wechat', 'email', 'letter', 'visit')),
  recipient text NOT NULL DEFAULT 'debtor' CHECK (
    recipient IN ('debtor', 'representative', 'related_third_party', 'unrelated_third_party')
  ),
  -- keyed digest (HMAC-SHA-256) of the E.164 number dialled or texted: counts per number without
  -- storing it in plaintext
  number_digest bytea,
  identity_disclosed boolean NOT NULL DEFAULT true,
  template_id text,
  attempted_at timestamptz NOT NULL,
  -- the debtor's local calendar day of attempted_at
  local_date date NOT NULL,
  -- facts of a call, known once its outcome is recorded
  answered boolean,
  conversation boolean,
  outcome text CHECK (
    outcome IN (
      'no_answer', 'wrong_number', 'promise_to_pay', 'paid', 'dispute', 'hardship_claimed',
      'represented', 'complaint', 'refuses', 'deceased', 'incapacitated', 'callback_requested'
    )
  ),
  outcome_details jsonb NOT NULL DEFAULT '{}',
  outcome_recorded_at timestamptz,
  -- the gate's decision it passed: pack id and version
  gate jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (portfolio_id, attempt_id)
);
CREATE INDEX contact_attempts_debtor ON contact_attempts (portfolio_id, debtor_id, attempted_at);
CREATE INDEX contact_attempts_account ON contact_attempts (portfolio_id, account_id, attempted_at);
CREATE INDEX contact_attempts_collector ON contact_attempts (collector_id, local_date);
CREATE INDEX contact_attempts_local_date ON contact_attempts (local_date);

-- Debtor flags as timelines (the gate's DebtorState): set or cleared from `at` on.
CREATE TABLE debtor_flags (
  portfolio_id bigint NOT NULL,
  debtor_id text NOT NULL,
  flag text NOT NULL CHECK (
    flag IN (
      'cease_contact', 'represented', 'dispute', 'arrangement_active', 'consent_late_hours',
      'deceased'
    )
  ),
  at timestamptz NOT NULL,
  value boolean NOT NULL,
  -- what set it: 'attempt:<id>', 'arrangement:<id>', 'api' ...
  source text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  flag_seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (portfolio_id, debtor_id, flag, flag_seq)
);

-- A promise to pay: kept when payments from made_on through promised_on cover the amount (less
-- the tolerance), broken otherwise. The daily cycle resolves open promises whose date has passed.
CREATE TABLE promises (
  portfolio_id bigint NOT NULL,
  promise_id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  debtor_id text NOT NULL,
  -- the attempt where it was made (null when entered otherwise)
  attempt_id bigint,
  collector_id text,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  -- the day it was made and the last day on which payment keeps it (account's calendar)
  made_on date NOT NULL,
  promised_on date NOT NULL,
  -- paid toward it in time (made_on .. promised_on)
  paid_minor bigint NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),
  -- the day it was kept, or the first day it counted as broken
  resolved_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, promise_id),
  CHECK (promised_on >= made_on),
  CHECK (status = 'cancelled' OR (status = 'open') = (resolved_on IS NULL))
);
CREATE INDEX promises_account ON promises (portfolio_id, account_id, promised_on);
CREATE INDEX promises_open_due ON promises (promised_on) WHERE status = 'open';
CREATE INDEX promises_resolved_on ON promises (resolved_on);

-- What paid a promise: one row per payment reference (a posted payment's id, or an API call's
-- idempotency key), so crediting the same payment twice changes nothing.
CREATE TABLE promise_payments (
  portfolio_id bigint NOT NULL,
  promise_id bigint NOT NULL,
  payment_ref text NOT NULL CHECK (length(payment_ref) BETWEEN 1 AND 200),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  paid_on date NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, promise_id, payment_ref)
);
