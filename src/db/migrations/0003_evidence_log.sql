-- The evidence log: an append-only, hash-chained record of every attempt, gate decision,
-- outcome, message sent, call recording and document upload (modules/audit), with RFC 9162
-- Merkle checkpoints that are exported and published outside the database.
--
-- Appends are serialised by a row lock on the one-row evidence_chain_head, taken inside the
-- caller's transaction: seq numbers are dense (1, 2, 3 ...) and the chain never forks. The head
-- also keeps the compact Merkle frontier, so the current tree head costs O(log n) to read.
-- UPDATE, DELETE and TRUNCATE of entries and checkpoints are refused by triggers; the
-- application role should also hold only INSERT and SELECT on these tables (a table owner can
-- still disable a trigger, which is why the log is verified and its checkpoints published).

CREATE TABLE evidence_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_seq bigint NOT NULL CHECK (last_seq >= 0),
  last_hash bytea NOT NULL CHECK (length(last_hash) = 32),
  -- the roots of the whole subtrees of the tree of the first last_seq entries, largest first
  frontier bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO evidence_chain_head (last_seq, last_hash, frontier)
VALUES (0, decode(repeat('00', 32), 'hex'), ''::bytea);

CREATE TABLE evidence_entries (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,63}$'),
  portfolio_id bigint NOT NULL,
  debtor_id text NOT NULL CHECK (length(debtor_id) BETWEEN 1 AND 64),
  account_id text CHECK (length(account_id) BETWEEN 1 AND 64),
  actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  entry_hash bytea NOT NULL CHECK (length(entry_hash) = 32)
);
-- a complaint defence pack reads one debtor's evidence in order
CREATE INDEX evidence_entries_debtor ON evidence_entries (portfolio_id, debtor_id, seq);
-- verification looks an entry up by its hash to tell a reordered entry from an altered one
CREATE INDEX evidence_entries_hash ON evidence_entries (entry_hash);

CREATE TABLE evidence_checkpoints (
  checkpoint_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tree_size bigint NOT NULL UNIQUE CHECK (tree_size >= 1),
  root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- where the tree head was published outside the database (a URL, a transparency log id ...)
  published_ref text CHECK (length(published_ref) BETWEEN 1 AND 500)
);

CREATE FUNCTION evidence_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- A checkpoint is immutable, except that its published_ref may be set once.
CREATE FUNCTION evidence_checkpoint_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.checkpoint_id = OLD.checkpoint_id
     AND NEW.tree_size = OLD.tree_size
     AND NEW.root_hash = OLD.root_hash
     AND NEW.created_at = OLD.created_at
     AND OLD.published_ref IS NULL THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_checkpoints is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The chain head only moves forward.
CREATE FUNCTION evidence_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.last_seq >= OLD.last_seq THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_chain_head only moves forward: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER evidence_entries_append_only
  BEFORE UPDATE OR DELETE ON evidence_entries
  FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
CREATE TRIGGER evidence_entries_no_truncate
  BEFORE TRUNCATE ON evidence_entries
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
CREATE TRIGGER evidence_checkpoints_append_only
  BEFORE UPDATE OR DELETE ON evidence_checkpoints
  FOR EACH ROW EXECUTE FUNCTION evidence_checkpoint_guard();
CREATE TRIGGER evidence_checkpoints_no_truncate
  BEFORE TRUNCATE ON evidence_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
CREATE TRIGGER evidence_chain_head_forward_only
  BEFORE UPDATE OR DELETE ON evidence_chain_head
  FOR EACH ROW EXECUTE FUNCTION evidence_head_guard();
CREATE TRIGGER evidence_chain_head_no_truncate
  BEFORE TRUNCATE ON evidence_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
