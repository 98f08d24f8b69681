-- Payments (issue 5): idempotency keys, the double-entry ledger, posted payments and their
-- reversals, bank statement reconciliation with its review queue, installment plans and
-- settlements. Money is bigint minor units; calendar days are `date`; instants `timestamptz`.
-- Keyed by portfolio first where a row belongs to an account (Citus-ready).

-- Idempotency keys (Stripe semantics): the first request's response is stored with its key and
-- the hash of its request; a retry gets the same response; the same key with another request is
-- refused. The key is claimed (inserted) in the same transaction that does the work, so a
-- concurrent retry waits on the key's unique index and then reads the stored response.
CREATE TABLE idempotency_keys (
  -- the route the key was used on (a key belongs to one operation)
  scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 200),
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  -- SHA-256 (hex) of the canonical request (parameters and body)
  request_hash text NOT NULL,
  response_status integer,
  response_body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, idempotency_key)
);

-- The ledger. A charge is one receivable item of an account (opening principal, interest, fees,
-- later charges); a posting is one balanced set of entries (sum zero: debit > 0, credit < 0).
-- An account's outstanding amounts are the sums of its receivable entries per component.
CREATE TABLE ledger_charges (
  portfolio_id bigint NOT NULL,
  account_id text NOT NULL,
  charge_id text NOT NULL CHECK (length(charge_id) BETWEEN 1 AND 100),
  component text NOT NULL CHECK (component IN ('fee', 'penalty_interest', 'interest', 'principal')),
  due_date date NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, account_id, charge_id)
);

CREATE TABLE ledger_postings (
  portfolio_id bigint NOT NULL,
  posting_id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('charge', 'payment', 'reversal', 'write_off')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- the business day of the posting (paid on, reversed on, written off on)
  posted_on date NOT NULL,
  reverses_posting_id bigint,
  -- what it is: 'opening balance', 'payment 12', 'settlement 3', 'plan 4 waiver' ...
  memo text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, posting_id),
  -- a posting is reversed at most once
  UNIQUE (portfolio_id, reverses_posting_id)
);
CREATE INDEX ledger_postings_account ON ledger_postings (portfolio_id, account_id, posting_id);

CREATE TABLE ledger_entries (
  portfolio_id bigint NOT NULL,
  posting_id bigint NOT NULL,
  line integer NOT NULL,
  account_id text NOT NULL,
  ledger_account text NOT NULL CHECK (
    ledger_account IN ('receivable', 'origination', 'cash', 'unapplied', 'write_off')
  ),
  charge_id text,
  component text CHECK (component IN ('fee', 'penalty_interest', 'interest', 'principal')),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  PRIMARY KEY (portfolio_id, posting_id, line),
  FOREIGN KEY (portfolio_id, posting_id) REFERENCES ledger_postings (portfolio_id, posting_id),
  CHECK (ledger_account <> 'receivable' OR charge_id IS NOT NULL)
);
CREATE INDEX ledger_entries_account ON ledger_entries (portfolio_id, account_id);

-- The ledger is append-only: a mistake is corrected by a reversal posting, never by an edit.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- A payment received for an account, as posted (allocated by the product's waterfall).
CREATE TABLE payments (
  portfolio_id bigint NOT NULL,
  payment_id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  -- applied to charges; the rest is held as unapplied (an overpayment)
  applied_minor bigint NOT NULL CHECK (applied_minor >= 0),
  unapplied_minor bigint NOT NULL CHECK (unapplied_minor >= 0),
  paid_on date NOT NULL,
  reference text,
  channel text,
  source text NOT NULL CHECK (source IN ('api', 'cli', 'statement', 'review')),
  posting_id bigint NOT NULL,
  -- what the payment did to the account's overdue columns, so a reversal restores exactly that
  overdue_reduced_minor bigint NOT NULL CHECK (overdue_reduced_minor >= 0),
  prior_oldest_unpaid_due_date date,
  status text NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'reversed')),
  reversal_posting_id bigint,
  reversed_on date,
  reversal_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, payment_id),
  CHECK (applied_minor + unapplied_minor = amount_minor),
  CHECK ((status = 'reversed') = (reversal_posting_id IS NOT NULL))
);
CREATE UNIQUE INDEX payments_id ON payments (payment_id);
CREATE INDEX payments_account ON payments (portfolio_id, account_id, paid_on);

-- Bank statement reconciliation. Every statement entry is recorded once under its stable key
-- (the bank's reference, else statement id and position): importing a statement again finds
-- its entries already there and posts nothing.
CREATE TABLE statement_imports (
  import_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  format text NOT NULL CHECK (format IN ('camt053', 'csv')),
  source_name text NOT NULL,
  file_sha256 text NOT NULL,
  entries integer NOT NULL,
  posted integer NOT NULL,
  review integer NOT NULL,
  ignored integer NOT NULL,
  duplicates integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE statement_entries (
  entry_key text PRIMARY KEY,
  entry_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  import_id bigint NOT NULL REFERENCES statement_imports (import_id),
  statement_id text NOT NULL,
  bank_account text NOT NULL,
  entry_index integer NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  currency text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('credit', 'debit')),
  booking_date date,
  value_date date,
  entry_reference text,
  -- the entry as the bank gave it (references, remittance, payer): for review
  details jsonb NOT NULL,
  -- posted: matched and posted; review: waiting for a person; resolved: posted from review;
  -- dismissed: not ours (from review); ignored: not a payment (debit, reversal, zero)
  status text NOT NULL CHECK (status IN ('posted', 'review', 'resolved', 'dismissed', 'ignored')),
  match_rule text,
  -- suggested matches for review: [{portfolio_id, account_id, rule, score, reasons}]
  candidates jsonb NOT NULL DEFAULT '[]',
  reason text,
  portfolio_id bigint,
  account_id text,
  payment_id bigint,
  resolved_by text,
  resolved_at timestamptz,
  CHECK ((status IN ('posted', 'resolved')) = (payment_id IS NOT NULL))
);
CREATE INDEX statement_entries_review ON statement_entries (entry_id) WHERE status = 'review';

-- Installment plans: proposed by a collector, approved by a checker within the authority
-- matrix, active while kept, broken when an installment stays unpaid past the grace period.
CREATE TABLE installment_plans (
  portfolio_id bigint NOT NULL,
  plan_id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  debtor_id text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL CHECK (
    status IN ('proposed', 'active', 'rejected', 'broken', 'completed', 'cancelled')
  ),
  agreed_on date NOT NULL,
  installment_count integer NOT NULL CHECK (installment_count BETWEEN 1 AND 60),
  first_due_on date NOT NULL,
  down_payment_minor bigint NOT NULL DEFAULT 0 CHECK (down_payment_minor >= 0),
  down_payment_due_on date,
  penalty_interest text NOT NULL CHECK (penalty_interest IN ('accrue', 'freeze', 'waive')),
  fees text NOT NULL CHECK (fees IN ('accrue', 'freeze', 'waive')),
  grace_days integer NOT NULL CHECK (grace_days >= 0),
  -- the balance the plan was built from, by component (minor units as strings)
  balance jsonb NOT NULL,
  total_minor bigint NOT NULL CHECK (total_minor > 0),
  waived_minor bigint NOT NULL CHECK (waived_minor >= 0),
  -- hardship evidence metadata: kind, document references, notes (no document content)
  hardship jsonb NOT NULL DEFAULT '{}',
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  required_role text,
  decided_by text,
  decided_role text,
  decided_at timestamptz,
  decision_reason text,
  write_off_posting_id bigint,
  ended_on date,
  PRIMARY KEY (portfolio_id, plan_id)
);
CREATE INDEX installment_plans_account ON installment_plans (portfolio_id, account_id);
CREATE INDEX installment_plans_active ON installment_plans (status) WHERE status = 'active';

CREATE TABLE plan_installments (
  portfolio_id bigint NOT NULL,
  plan_id bigint NOT NULL,
  -- 0 is the down payment
  number integer NOT NULL CHECK (number BETWEEN 0 AND 60),
  due_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (portfolio_id, plan_id, number),
  FOREIGN KEY (portfolio_id, plan_id) REFERENCES installment_plans (portfolio_id, plan_id)
);

-- Settlements: a discounted payoff offer valid through its expiry; once paid in time, the
-- forgiven remainder is written off as its own ledger posting.
CREATE TABLE settlements (
  portfolio_id bigint NOT NULL,
  settlement_id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  debtor_id text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  balance_minor bigint NOT NULL CHECK (balance_minor > 0),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  forgiven_minor bigint NOT NULL CHECK (forgiven_minor > 0),
  discount_bps integer NOT NULL,
  offered_on date NOT NULL,
  expires_on date NOT NULL,
  status text NOT NULL CHECK (
    status IN ('proposed', 'approved', 'rejected', 'settled', 'expired', 'cancelled')
  ),
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  required_role text,
  decided_by text,
  decided_role text,
  decided_at timestamptz,
  decision_reason text,
  settled_on date,
  write_off_posting_id bigint,
  PRIMARY KEY (portfolio_id, settlement_id),
  CHECK (balance_minor = amount_minor + forgiven_minor),
  CHECK (expires_on >= offered_on)
);
CREATE INDEX settlements_account ON settlements (portfolio_id, account_id);
