-- Issue 6, item 5: the administration of the platform in the evidence log.
--
-- Sign-ins (and failed ones), sign-outs, user and API token changes, strategy and rule-pack
-- changes, template approvals, exports and personal-data reveals are appended to the same
-- hash-chained, checkpointed log as the evidence about debtors, inside the transaction of the
-- change they record. They are the `admin_*` family of kinds. Most concern no debtor (a sign-in,
-- a strategy) and some one portfolio (its rule pack), so portfolio_id and debtor_id may now be
-- null, for admin_* kinds only: every other kind still names its portfolio and debtor.
--
-- The hash format is unchanged: the canonical JSON of an entry's content already has a member
-- for each column, which holds null when the column is null. Entries recorded before this
-- migration hash exactly as they did.

ALTER TABLE evidence_entries
  ALTER COLUMN portfolio_id DROP NOT NULL,
  ALTER COLUMN debtor_id DROP NOT NULL,
  ADD CONSTRAINT evidence_entries_subject_by_kind CHECK (
    left(kind, 6) = 'admin_' OR (portfolio_id IS NOT NULL AND debtor_id IS NOT NULL)
  ),
  -- a debtor is named within its portfolio; an account within its debtor
  ADD CONSTRAINT evidence_entries_debtor_in_portfolio CHECK (
    (debtor_id IS NULL OR portfolio_id IS NOT NULL) AND (account_id IS NULL OR debtor_id IS NOT NULL)
  );

-- The administration trail, newest first (GET /api/v1/audit/administration). Partial: the
-- contact path's entries never touch it, and the linker's update (hashes only) stays HOT.
CREATE INDEX evidence_entries_administration ON evidence_entries (seq)
  WHERE left(kind, 6) = 'admin_';

-- An entry is never changed, except that the linker fills its hashes once. As in 0014, with the
-- subject compared null-safely (a null portfolio or debtor would otherwise refuse the link).
CREATE OR REPLACE FUNCTION evidence_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.entry_hash IS NULL AND NEW.entry_hash IS NOT NULL
     AND NEW.seq = OLD.seq AND NEW.kind = OLD.kind
     AND NEW.portfolio_id IS NOT DISTINCT FROM OLD.portfolio_id
     AND NEW.debtor_id IS NOT DISTINCT FROM OLD.debtor_id
     AND NEW.account_id IS NOT DISTINCT FROM OLD.account_id
     AND NEW.actor = OLD.actor AND NEW.occurred_at = OLD.occurred_at
     AND NEW.recorded_at = OLD.recorded_at AND NEW.payload = OLD.payload THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_entries is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Reading the administration trail: administrators, compliance officers and auditors.
INSERT INTO role_permissions (role, permission) VALUES
  ('admin', 'audit.administration'),
  ('compliance_officer', 'audit.administration'),
  ('auditor', 'audit.administration');
