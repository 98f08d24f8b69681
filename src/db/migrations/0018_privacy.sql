-- Retention and access requests (issue 6, PIPL arts. 45 and 47): when an account closed, a
-- portfolio's retention period, which debtors were anonymised, and exports of one person's data
-- in the log of personal-data reads.

-- 1. An account is closed once nothing is owed on it any more: paid off, settled (the forgiven
-- remainder written off) or written off. The payments that close it record the day and the way;
-- the daily cycle closes, on its date, any other account that owes nothing (a loan tape showing a
-- zero balance), and reopens a closed account that owes again (a reversed payment, a re-import).
ALTER TABLE accounts
  ADD COLUMN closed_on date,
  ADD COLUMN closure text CHECK (closure IN ('paid_off', 'settled', 'written_off')),
  ADD CONSTRAINT accounts_closure_whole CHECK ((closed_on IS NULL) = (closure IS NULL));
-- the cycle's two closure statements find their few rows through these, not by a scan
CREATE INDEX accounts_closed ON accounts (portfolio_id, debtor_id) WHERE closed_on IS NOT NULL;
CREATE INDEX accounts_owing_nothing ON accounts (portfolio_id, account_id)
  WHERE closed_on IS NULL AND principal_outstanding_minor = 0 AND interest_outstanding_minor = 0
    AND fees_outstanding_minor = 0 AND overdue_amount_minor = 0;

-- 2. A debtor anonymised under the retention rules: name replaced by a pseudonym, identifiers and
-- contact points erased, free text cleared (modules/privacy). Amounts, dates and outcomes stay.
ALTER TABLE debtors ADD COLUMN anonymised_at timestamptz;

-- 3. Each portfolio's retention period after its debtor's last account closed, as data. A
-- portfolio without a row keeps personal data for 60 months (5 years: the anti-money-laundering
-- record keeping period banks are held to). Every change is a new version.
CREATE TABLE retention_settings (
  portfolio_id bigint NOT NULL REFERENCES portfolios (portfolio_id),
  version integer NOT NULL CHECK (version >= 1),
  retention_months integer NOT NULL CHECK (retention_months BETWEEN 12 AND 600),
  changed_by text NOT NULL CHECK (length(changed_by) BETWEEN 1 AND 200),
  reason text CHECK (length(reason) BETWEEN 1 AND 1000),
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (portfolio_id, version)
);

-- 4. An export of everything held about one person (an access request) is a read of their
-- personal data like a reveal: logged before it leaves, for the whole debtor (no one account).
ALTER TABLE personal_data_reads
  ADD COLUMN kind text NOT NULL DEFAULT 'reveal' CHECK (kind IN ('reveal', 'export')),
  ALTER COLUMN account_id DROP NOT NULL,
  ADD CONSTRAINT personal_data_reads_reveal_account CHECK (kind = 'export' OR account_id IS NOT NULL);
-- an export lists every read of the person's data
CREATE INDEX personal_data_reads_debtor ON personal_data_reads (portfolio_id, debtor_id, read_at);

-- 5. Permissions: exporting a person's data (admin, compliance officer), and the retention rules
-- (admin only: they erase data).
INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'personal_data.export'),
  ('compliance_officer', 'personal_data.export'),
  ('admin', 'retention.manage');
