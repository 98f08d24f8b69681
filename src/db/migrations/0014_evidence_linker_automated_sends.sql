-- Issue 4: the evidence log without a hot lock on the contact path, and automated sends.
--
-- The evidence log without a hot lock on the contact path (issue 4). Until now every append
-- locked the one-row chain head until its transaction committed, so concurrent contact attempts
-- queued behind each other's commits. Now:
--
-- * an append is one INSERT: its seq comes from a sequence (taken after the transaction has its
--   id, see modules/audit/store.ts), recorded_at from the clock, prev_hash and entry_hash are
--   left null;
-- * a linker (the server runs it every second; every audit command runs it first) chains the
--   committed entries in seq order: it fills prev_hash and entry_hash, once, and moves the chain
--   head with its Merkle frontier as before. The hash format is unchanged.
-- * a seq taken by a transaction that rolled back (or skipped by the sequence after a crash) is
--   recorded as a void in the chain once no transaction that could hold it is still running, so
--   seq numbers stay dense in the chain and the Merkle tree (leaf index = seq - 1).
--
-- Until an entry is linked it is protected by the append-only triggers alone, as entries newer
-- than the last published checkpoint are against an owner who recomputes hashes.

CREATE SEQUENCE evidence_entries_seq AS bigint MINVALUE 1;
SELECT setval('evidence_entries_seq', greatest(last_seq, 1), last_seq > 0)
FROM evidence_chain_head;
ALTER SEQUENCE evidence_entries_seq OWNED BY evidence_entries.seq;

ALTER TABLE evidence_entries
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN entry_hash DROP NOT NULL,
  ADD CONSTRAINT evidence_entries_linked_whole CHECK ((prev_hash IS NULL) = (entry_hash IS NULL));
-- Room on each page for the linker's update to stay on the page (a HOT update: no index entries).
ALTER TABLE evidence_entries SET (fillfactor = 85);
-- Only a failed verification looks an entry up by its hash (to tell a reordered entry from an
-- altered one); it scans. Without this index the linker's update touches no index.
DROP INDEX evidence_entries_hash;

-- An entry is never changed, except that the linker fills its hashes once.
CREATE FUNCTION evidence_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.entry_hash IS NULL AND NEW.entry_hash IS NOT NULL
     AND NEW.seq = OLD.seq AND NEW.kind = OLD.kind AND NEW.portfolio_id = OLD.portfolio_id
     AND NEW.debtor_id = OLD.debtor_id AND NEW.account_id IS NOT DISTINCT FROM OLD.account_id
     AND NEW.actor = OLD.actor AND NEW.occurred_at = OLD.occurred_at
     AND NEW.recorded_at = OLD.recorded_at AND NEW.payload = OLD.payload THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_entries is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER evidence_entries_append_only ON evidence_entries;
CREATE TRIGGER evidence_entries_append_only
  BEFORE UPDATE OR DELETE ON evidence_entries
  FOR EACH ROW EXECUTE FUNCTION evidence_entry_guard();

-- A seq that holds no entry, in the chain like an entry:
-- entry_hash = SHA-256("recourse-evidence-void-v1" 0x00 || prev_hash || seq as decimal text).
CREATE TABLE evidence_voids (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  recorded_at timestamptz NOT NULL,
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  entry_hash bytea NOT NULL CHECK (length(entry_hash) = 32)
);
CREATE TRIGGER evidence_voids_append_only
  BEFORE UPDATE OR DELETE ON evidence_voids
  FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
CREATE TRIGGER evidence_voids_no_truncate
  BEFORE TRUNCATE ON evidence_voids
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();

-- Automated sends (modules/channels, issue 4): the due SMS, WeChat, email and letter actions the
-- daily cycle planned go through the live gate into the outbox. Each run has a deterministic id
-- (send-due:<as-of date>:<instant to the minute>): a run recorded here is not run again.
CREATE TABLE send_due_runs (
  run_id text PRIMARY KEY,
  as_of date NOT NULL,
  at timestamptz NOT NULL,
  summary jsonb NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);

-- What became of each automated action, written in the transaction that settled it: queued (its
-- attempt and message), deferred until next_at (time alone blocked it: hours, a holiday, a daily
-- cap), or closed with its reason (blocked by other rules, no approved template, no destination).
CREATE TABLE automated_sends (
  portfolio_id bigint NOT NULL,
  action_id bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'deferred', 'closed')),
  tries integer NOT NULL CHECK (tries >= 1),
  next_at timestamptz,
  reason text,
  -- the blocking rules of the last gate decision (code, source, words)
  rules jsonb NOT NULL DEFAULT '[]',
  template_id text,
  template_version integer,
  attempt_id bigint,
  message_id bigint,
  evidence_seq bigint,
  run_id text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (portfolio_id, action_id),
  CHECK ((status = 'deferred') = (next_at IS NOT NULL)),
  CHECK (status <> 'queued' OR (attempt_id IS NOT NULL AND message_id IS NOT NULL))
);
CREATE INDEX automated_sends_deferred ON automated_sends (next_at) WHERE status = 'deferred';
