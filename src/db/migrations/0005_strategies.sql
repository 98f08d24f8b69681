-- Strategies as versioned data, the champion/challenger split per portfolio, and where each
-- account is in its treatment. Keyed by portfolio first (Citus-ready); no foreign keys to hot tables.

-- A strategy version: its definition (name, rules, escalations, pre-due intervention; money as
-- decimal strings of minor units) is editable while a draft and immutable once active (the trigger
-- below refuses any change, whoever runs the SQL). At most one active version per strategy.
CREATE TABLE strategy_versions (
  strategy_id text NOT NULL CHECK (strategy_id ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
  version integer NOT NULL CHECK (version >= 1),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'retired')),
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  retired_at timestamptz,
  PRIMARY KEY (strategy_id, version)
);
CREATE UNIQUE INDEX strategy_versions_one_active ON strategy_versions (strategy_id)
  WHERE status = 'active';

-- Drafts change freely; an active version may only be retired, a retired one not at all; neither
-- may be deleted.
CREATE FUNCTION strategy_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'strategy % version % is % and cannot be deleted',
        OLD.strategy_id, OLD.version, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition
      OR NEW.strategy_id IS DISTINCT FROM OLD.strategy_id OR NEW.version IS DISTINCT FROM OLD.version
      OR NEW.created_at IS DISTINCT FROM OLD.created_at
      OR NEW.activated_at IS DISTINCT FROM OLD.activated_at) THEN
    RAISE EXCEPTION 'strategy % version % is % and immutable', OLD.strategy_id, OLD.version,
      OLD.status USING ERRCODE = 'check_violation';
  END IF;
  IF NOT (NEW.status = OLD.status OR (OLD.status = 'draft' AND NEW.status = 'active')
      OR (OLD.status = 'active' AND NEW.status = 'retired')) THEN
    RAISE EXCEPTION 'strategy % version % cannot go from % to %', OLD.strategy_id, OLD.version,
      OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'retired' AND NEW.retired_at IS DISTINCT FROM OLD.retired_at THEN
    RAISE EXCEPTION 'strategy % version % is retired and immutable', OLD.strategy_id,
      OLD.version USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER strategy_versions_guard BEFORE UPDATE OR DELETE ON strategy_versions
  FOR EACH ROW EXECUTE FUNCTION strategy_versions_guard();

-- The default strategy, active from the start (src/modules/strategy/domain/default-strategy.ts).
INSERT INTO strategy_versions (strategy_id, version, status, definition, activated_at)
VALUES ('default', 1, 'active', '{
  "name": "Default collections",
  "rules": [
    {
      "id": "early.m1",
      "when": {
        "buckets": [
          "M1"
        ]
      },
      "treatment": {
        "actions": [
          {
            "channel": "sms",
            "unit": "phone",
            "waitDays": 0
          },
          {
            "channel": "call",
            "unit": "phone",
            "waitDays": 2
          },
          {
            "channel": "call",
            "unit": "phone",
            "waitDays": 5
          }
        ]
      }
    },
    {
      "id": "mid.m2_m3",
      "when": {
        "buckets": [
          "M2",
          "M3"
        ]
      },
      "treatment": {
        "actions": [
          {
            "channel": "call",
            "unit": "phone",
            "waitDays": 0
          },
          {
            "channel": "letter",
            "unit": "phone",
            "waitDays": 3
          },
          {
            "channel": "call",
            "unit": "phone",
            "waitDays": 7
          }
        ]
      }
    },
    {
      "id": "late.m4_plus",
      "when": {
        "buckets": [
          "M4",
          "M5",
          "M6",
          "M7+"
        ]
      },
      "treatment": {
        "actions": [
          {
            "channel": "field_visit",
            "unit": "field",
            "waitDays": 0
          },
          {
            "channel": "legal_review",
            "unit": "legal",
            "waitDays": 7
          }
        ]
      }
    }
  ],
  "escalations": [
    {
      "id": "unanswered_calls_field_visit",
      "kind": "unanswered_calls",
      "count": 3,
      "action": {
        "channel": "field_visit",
        "unit": "field",
        "waitDays": 0
      }
    },
    {
      "id": "promise_broken_next_step",
      "kind": "promise_broken",
      "effect": "next_step"
    },
    {
      "id": "dpd_over_90_legal_review",
      "kind": "dpd_crossing",
      "dpd": 90,
      "segment": "red",
      "action": {
        "channel": "legal_review",
        "unit": "legal",
        "waitDays": 0
      }
    }
  ],
  "preDue": {
    "graceDays": 3,
    "reminders": [
      {
        "daysBefore": 30,
        "channel": "sms",
        "unit": "phone"
      },
      {
        "daysBefore": 15,
        "channel": "sms",
        "unit": "phone"
      },
      {
        "daysBefore": 7,
        "channel": "call",
        "unit": "phone"
      }
    ],
    "cashFlowCheck": {
      "daysBefore": 15,
      "products": [
        "sme_loan"
      ],
      "unit": "analysts"
    },
    "faceToFace": {
      "daysBefore": 7,
      "threshold": {
        "currency": "CNY",
        "minor": "350000000"
      },
      "unit": "field"
    }
  }
}'::jsonb, now());

-- The champion/challenger split of a portfolio (the domain's Split as JSON), from a date on. The
-- cycle uses the newest split effective on its as-of date; a portfolio without one runs the active
-- version of the default strategy.
CREATE TABLE strategy_splits (
  portfolio_id bigint NOT NULL,
  effective_from date NOT NULL,
  split jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, effective_from)
);

-- Where a delinquent account is in its treatment (the planner's TreatmentPosition), written by the
-- daily cycle. action_key is the key of the current step's treatment action: when that action is
-- done, the next cycle moves the account to the next step.
CREATE TABLE treatment_positions (
  portfolio_id bigint NOT NULL,
  account_id text NOT NULL,
  strategy_id text NOT NULL,
  strategy_version integer NOT NULL,
  arm text NOT NULL CHECK (arm IN ('champion', 'challenger')),
  rule_id text NOT NULL,
  step integer NOT NULL CHECK (step >= 0),
  entered_on date NOT NULL,
  due_on date NOT NULL,
  promise_broken_seen date,
  action_key text NOT NULL,
  PRIMARY KEY (portfolio_id, account_id)
);

-- An account leaving its treatment because it is no longer delinquent (cured), for results per
-- strategy version and arm.
CREATE TABLE treatment_exits (
  portfolio_id bigint NOT NULL,
  account_id text NOT NULL,
  exited_on date NOT NULL,
  strategy_id text NOT NULL,
  strategy_version integer NOT NULL,
  arm text NOT NULL CHECK (arm IN ('champion', 'challenger')),
  reason text NOT NULL CHECK (reason IN ('cured')),
  PRIMARY KEY (portfolio_id, account_id, exited_on)
);
CREATE INDEX treatment_exits_exited_on ON treatment_exits (exited_on);
