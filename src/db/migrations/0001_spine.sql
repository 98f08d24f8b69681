-- The spine: portfolios, debtors, accounts, the daily cycle and its history.
-- Money is bigint minor units (column names end in _minor); calendar dates are `date`;
-- instants are `timestamptz`. Every table is keyed by portfolio first (Citus-ready).

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE portfolios (
  portfolio_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE debtors (
  portfolio_id bigint NOT NULL REFERENCES portfolios (portfolio_id),
  debtor_id text NOT NULL CHECK (length(debtor_id) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  language text NOT NULL CHECK (language IN ('zh-CN', 'en')),
  timezone text NOT NULL,
  -- keyed digest (HMAC-SHA-256) of the name and national id: rows of one debtor must agree
  identity_digest bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, debtor_id)
);

CREATE TABLE accounts (
  portfolio_id bigint NOT NULL,
  account_id text NOT NULL CHECK (length(account_id) BETWEEN 1 AND 64),
  debtor_id text NOT NULL,
  product text NOT NULL CHECK (
    product IN ('credit_card', 'consumer_loan', 'mortgage', 'auto_loan', 'sme_loan', 'other')
  ),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  principal_outstanding_minor bigint NOT NULL CHECK (principal_outstanding_minor >= 0),
  interest_outstanding_minor bigint NOT NULL DEFAULT 0 CHECK (interest_outstanding_minor >= 0),
  fees_outstanding_minor bigint NOT NULL DEFAULT 0 CHECK (fees_outstanding_minor >= 0),
  overdue_amount_minor bigint NOT NULL CHECK (overdue_amount_minor >= 0),
  oldest_unpaid_due_date date,
  next_due_date date,
  next_due_amount_minor bigint CHECK (next_due_amount_minor >= 0),
  credit_limit_minor bigint CHECK (credit_limit_minor >= 0),
  origination_date date,
  branch text,
  region text,
  timezone text NOT NULL,
  -- the row's personal information (national id, phone, email, WeChat id, address) as given by
  -- the tape: AES-256-GCM sealed JSON, never plaintext
  pii_sealed bytea,
  -- keyed digest of the whole tape row: a re-import of the same row changes nothing
  row_digest bytea NOT NULL,
  -- derived by the daily cycle (null until the first cycle after import)
  aged_as_of date,
  dpd integer CHECK (dpd >= 0),
  bucket text CHECK (bucket IN ('current', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+')),
  pre_due boolean,
  risk_class text CHECK (
    risk_class IN ('normal', 'special_mention', 'substandard', 'doubtful', 'loss')
  ),
  imported_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, account_id),
  FOREIGN KEY (portfolio_id, debtor_id) REFERENCES debtors (portfolio_id, debtor_id),
  CHECK (overdue_amount_minor = 0 OR oldest_unpaid_due_date IS NOT NULL)
);
CREATE INDEX accounts_debtor ON accounts (portfolio_id, debtor_id);
-- filtered lists page in (portfolio_id, account_id) order
CREATE INDEX accounts_bucket ON accounts (bucket, portfolio_id, account_id);
CREATE INDEX accounts_risk_class ON accounts (risk_class, portfolio_id, account_id);
CREATE INDEX accounts_dpd ON accounts (dpd);

CREATE TABLE import_runs (
  import_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  portfolio_id bigint NOT NULL REFERENCES portfolios (portfolio_id),
  source_name text NOT NULL,
  rows_read integer NOT NULL,
  imported integer NOT NULL,
  updated integer NOT NULL,
  unchanged integer NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);

-- One row per as-of date: the run id is deterministic (cycle:YYYY-MM-DD).
CREATE TABLE cycle_runs (
  run_id text PRIMARY KEY,
  as_of date NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('completed')),
  accounts_aged integer NOT NULL,
  accounts_changed integer NOT NULL,
  bucket_changes integer NOT NULL,
  summary jsonb NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  run_count integer NOT NULL DEFAULT 1
);

-- Every bucket change: from is null on an account's first aging.
CREATE TABLE bucket_events (
  portfolio_id bigint NOT NULL,
  account_id text NOT NULL,
  as_of date NOT NULL,
  from_bucket text,
  to_bucket text NOT NULL,
  PRIMARY KEY (portfolio_id, account_id, as_of),
  FOREIGN KEY (portfolio_id, account_id) REFERENCES accounts (portfolio_id, account_id)
);
CREATE INDEX bucket_events_as_of ON bucket_events (as_of);

-- The state of every account at a month end, written by the cycle run for that date.
CREATE TABLE month_end_snapshots (
  portfolio_id bigint NOT NULL,
  account_id text NOT NULL,
  month_end date NOT NULL,
  currency text NOT NULL,
  dpd integer NOT NULL,
  bucket text NOT NULL,
  risk_class text NOT NULL,
  overdue_amount_minor bigint NOT NULL,
  balance_minor bigint NOT NULL,
  PRIMARY KEY (portfolio_id, account_id, month_end),
  FOREIGN KEY (portfolio_id, account_id) REFERENCES accounts (portfolio_id, account_id)
);
CREATE INDEX month_end_snapshots_month ON month_end_snapshots (month_end);
