-- Payments (issue 5), after 0008 reached main: migrations are forward-only, so this is a new file.

-- 1. A reversed (bounced) payment takes back what it credited to promises to pay: its
-- promise_payments rows are removed (every reader of "paid toward a promise" then sees the truth)
-- and recorded here, with the status the promise had; a kept promise is reopened and the next
-- daily cycle resolves it again from the payments that remain.
CREATE TABLE promise_credit_reversals (
  portfolio_id bigint NOT NULL,
  promise_id bigint NOT NULL,
  payment_ref text NOT NULL CHECK (length(payment_ref) BETWEEN 1 AND 200),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  paid_on date NOT NULL,
  reversed_on date NOT NULL,
  prior_status text NOT NULL CHECK (prior_status IN ('open', 'kept', 'broken', 'cancelled')),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, promise_id, payment_ref)
);

-- 2. The ledger is the truth of an account's balance. A loan tape re-import that changes an
-- account's outstanding amounts away from what its ledger proves posts an adjustment (its own
-- posting kind): Dr/Cr receivable per component against the `adjustment` ledger account,
-- naming the tape import (import_runs.import_id) it came from.
ALTER TABLE ledger_postings DROP CONSTRAINT ledger_postings_kind_check;
ALTER TABLE ledger_postings ADD CONSTRAINT ledger_postings_kind_check
  CHECK (kind IN ('charge', 'payment', 'reversal', 'write_off', 'adjustment'));
ALTER TABLE ledger_postings ADD COLUMN import_id bigint;
ALTER TABLE ledger_postings ADD CONSTRAINT ledger_postings_import_check
  CHECK ((kind = 'adjustment') = (import_id IS NOT NULL));
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_ledger_account_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_ledger_account_check CHECK (
  ledger_account IN ('receivable', 'origination', 'cash', 'unapplied', 'write_off', 'adjustment')
);

-- 3. A returned payment on a bank statement (a debit quoting the end-to-end id of a credit that was
-- posted) reverses that payment: the debit entry is recorded as 'reversed', naming the payment.
ALTER TABLE statement_entries DROP CONSTRAINT statement_entries_status_check;
ALTER TABLE statement_entries ADD CONSTRAINT statement_entries_status_check CHECK (
  status IN ('posted', 'review', 'resolved', 'dismissed', 'ignored', 'reversed')
);
ALTER TABLE statement_entries DROP CONSTRAINT statement_entries_check;
ALTER TABLE statement_entries ADD CONSTRAINT statement_entries_payment_check
  CHECK ((status IN ('posted', 'resolved', 'reversed')) = (payment_id IS NOT NULL));
ALTER TABLE statement_imports ADD COLUMN reversed integer NOT NULL DEFAULT 0;
