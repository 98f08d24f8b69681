-- Compliance (issue 4), after 0007 reached main: migrations are forward-only, so this is a new file.
-- Idempotency of contact requests (POST /contact-attempts with an Idempotency-Key): a retried
-- request gets the first decision back instead of counting as a second attempt.
CREATE TABLE contact_attempt_requests (
  portfolio_id bigint NOT NULL,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  -- SHA-256 of the request (debtor, account, channel, recipient, number digest, collector ...):
  -- the same key with a different request is refused
  request_digest bytea NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (portfolio_id, idempotency_key)
);
