-- Messages: the template library (maker-checker, approved versions immutable) and the outbox that
-- channels deliver from. A bank-wide library (a reference table under Citus); the outbox is keyed
-- by portfolio first.

CREATE TABLE message_templates (
  template_id text PRIMARY KEY CHECK (template_id ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  locale text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  channel text NOT NULL CHECK (channel IN ('sms', 'wechat', 'email', 'letter')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One version of a template's text. The maker writes it (draft) and submits it; a different person
-- approves or rejects it; approval is refused while lint findings exist. lint_findings is the
-- linter's result for this text, recomputed on every change of status.
CREATE TABLE message_template_versions (
  template_id text NOT NULL REFERENCES message_templates (template_id),
  version integer NOT NULL CHECK (version >= 1),
  subject text CHECK (length(subject) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  status text NOT NULL DEFAULT 'draft' CHECK (
    status IN ('draft', 'pending_approval', 'approved', 'rejected', 'retired')
  ),
  lint_findings jsonb NOT NULL DEFAULT '[]',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  decided_by text,
  decided_at timestamptz,
  decision_note text CHECK (length(decision_note) <= 1000),
  retired_by text,
  retired_at timestamptz,
  PRIMARY KEY (template_id, version),
  CHECK (decided_by IS NULL OR decided_by <> created_by),
  CHECK (status NOT IN ('approved', 'retired') OR (decided_by IS NOT NULL AND lint_findings = '[]'))
);
CREATE INDEX message_template_versions_status ON message_template_versions (status);

-- The text of a version never changes once it has left draft; an approved version never changes at
-- all except to be retired; approved and retired versions are never deleted.
CREATE FUNCTION message_template_versions_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('approved', 'retired') THEN
      RAISE EXCEPTION 'template % version % is %: it cannot be deleted',
        OLD.template_id, OLD.version, OLD.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.template_id IS DISTINCT FROM OLD.template_id OR NEW.version IS DISTINCT FROM OLD.version
     OR NEW.created_by IS DISTINCT FROM OLD.created_by
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'template % version %: identity and maker never change',
      OLD.template_id, OLD.version USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.status <> 'draft' AND (NEW.subject IS DISTINCT FROM OLD.subject
     OR NEW.body IS DISTINCT FROM OLD.body) THEN
    RAISE EXCEPTION 'template % version % is %: its text is immutable',
      OLD.template_id, OLD.version, OLD.status USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.status = 'retired' OR (OLD.status = 'approved' AND (
       NEW.status <> 'retired' OR NEW.lint_findings IS DISTINCT FROM OLD.lint_findings
       OR NEW.decided_by IS DISTINCT FROM OLD.decided_by
       OR NEW.decided_at IS DISTINCT FROM OLD.decided_at
       OR NEW.decision_note IS DISTINCT FROM OLD.decision_note
       OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at)) THEN
    RAISE EXCEPTION 'template % version % is %: approved versions are immutable',
      OLD.template_id, OLD.version, OLD.status USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER message_template_versions_guard
  BEFORE UPDATE OR DELETE ON message_template_versions
  FOR EACH ROW EXECUTE FUNCTION message_template_versions_guard();

-- A message to deliver: written in the same transaction as the contact attempt that the gate
-- allowed (one message per attempt), delivered by the dispatcher at least once, with
-- idempotency_key sent to the provider so that a redelivery is never a second message.
-- A claimed row ('sending') whose lease has run out is claimed again (the dispatcher died).
CREATE TABLE message_outbox (
  portfolio_id bigint NOT NULL,
  message_id bigint GENERATED ALWAYS AS IDENTITY,
  attempt_id bigint NOT NULL,
  account_id text NOT NULL,
  debtor_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'wechat', 'email', 'letter')),
  template_id text NOT NULL,
  template_version integer NOT NULL,
  locale text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  -- the destination (number, address, WeChat openid, postal address), sealed like all personal data
  to_sealed bytea NOT NULL,
  subject text,
  body text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  tries integer NOT NULL DEFAULT 0 CHECK (tries >= 0),
  next_try_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_error text,
  provider_message_id text,
  sent_at timestamptz,
  failed_at timestamptz,
  -- delivery receipt, when the provider sends one
  delivery_status text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (portfolio_id, message_id),
  UNIQUE (portfolio_id, attempt_id),
  CHECK ((status = 'sending') = (lease_until IS NOT NULL)),
  CHECK ((status = 'sent') = (provider_message_id IS NOT NULL AND sent_at IS NOT NULL))
);
CREATE INDEX message_outbox_due ON message_outbox (next_try_at) WHERE status = 'pending';
CREATE INDEX message_outbox_leased ON message_outbox (lease_until) WHERE status = 'sending';
CREATE INDEX message_outbox_provider ON message_outbox (provider_message_id);
