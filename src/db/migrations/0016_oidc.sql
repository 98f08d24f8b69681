-- Single sign-on through the bank's OpenID Connect identity provider (issue 6): a sign-in in
-- flight, between the redirect to the provider and its callback. The browser holds a random id in
-- a short-lived cookie; only its SHA-256 is kept here, with the state, nonce and PKCE verifier
-- the callback must match. A row is taken (deleted) by the first callback that names it, so a
-- callback replayed, late or from another browser finds nothing. Written by the auth module only.
CREATE TABLE oidc_sign_ins (
  login_hash bytea PRIMARY KEY CHECK (length(login_hash) = 32),
  state text NOT NULL CHECK (length(state) BETWEEN 20 AND 200),
  nonce text NOT NULL CHECK (length(nonce) BETWEEN 20 AND 200),
  code_verifier text NOT NULL CHECK (length(code_verifier) BETWEEN 43 AND 128),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX oidc_sign_ins_expiry ON oidc_sign_ins (expires_at);
