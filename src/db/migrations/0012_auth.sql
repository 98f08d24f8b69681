-- Identity and access (issue 6): roles and their permissions as data, users, sessions, API tokens
-- and the sign-in throttle. Small reference tables (Citus: reference tables).

CREATE TABLE roles (
  role text PRIMARY KEY CHECK (role ~ '^[a-z][a-z_]{1,39}$'),
  description text NOT NULL
);

-- Which role holds which permission. The permission names are the closed list in
-- src/modules/auth/domain/permissions.ts (a test keeps the two equal).
CREATE TABLE role_permissions (
  role text NOT NULL REFERENCES roles (role),
  permission text NOT NULL CHECK (permission ~ '^[a-z_]+\.[a-z_]+$'),
  PRIMARY KEY (role, permission)
);

INSERT INTO roles (role, description) VALUES
  ('admin', 'manages users, the team, agencies and placements; reads everything else'),
  ('compliance_officer', 'owns the rule packs, approves message templates, reads the evidence'),
  ('supervisor', 'runs the collection team: strategies, queues, approvals within authority'),
  ('collector', 'phone or field collector: works the cases of their queue'),
  ('legal_coordinator', 'works legal reviews and litigation cases'),
  ('analyst', 'reads aggregates and pseudonymised rows'),
  ('agency_manager', 'manages an outsourced agency: its placed accounts and collectors'),
  ('agency_collector', 'an outsourced agency''s collector: works its placed accounts'),
  ('auditor', 'reads everything, changes nothing');

INSERT INTO role_permissions (role, permission)
SELECT r.role, p.permission
FROM (VALUES
  ('admin', 'portfolio.read cycle.read segments.read strategy.read queues.read kpis.read people.read people.manage placements.manage compliance.read templates.read payments.read arrangements.read analytics.read audit.read users.manage'),
  ('compliance_officer', 'portfolio.read cycle.read segments.read strategy.read queues.read kpis.read compliance.read compliance.configure contact.check debtor_flags.write templates.read templates.approve payments.read arrangements.read analytics.read audit.read'),
  ('supervisor', 'portfolio.read cycle.read segments.read strategy.read strategy.write strategy.activate queues.read queues.work kpis.read people.read placements.manage compliance.read contact.check contact.attempt debtor_flags.write templates.read templates.write payments.read payments.post payments.reverse reconciliation.manage arrangements.read arrangements.propose arrangements.approve analytics.read'),
  ('collector', 'portfolio.read queues.work contact.check contact.attempt debtor_flags.write templates.read payments.read arrangements.read arrangements.propose'),
  ('legal_coordinator', 'portfolio.read queues.work contact.check contact.attempt debtor_flags.write templates.read payments.read arrangements.read arrangements.propose'),
  ('analyst', 'portfolio.read cycle.read segments.read strategy.read queues.read kpis.read analytics.read'),
  ('agency_manager', 'portfolio.read queues.read queues.work kpis.read contact.check contact.attempt templates.read payments.read arrangements.read arrangements.propose'),
  ('agency_collector', 'portfolio.read queues.work contact.check contact.attempt templates.read payments.read arrangements.read arrangements.propose'),
  ('auditor', 'portfolio.read cycle.read segments.read strategy.read queues.read kpis.read people.read compliance.read templates.read payments.read arrangements.read analytics.read audit.read')
) AS r (role, list),
LATERAL unnest(string_to_array(r.list, ' ')) AS p (permission);

CREATE TABLE users (
  user_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- compared lower-cased: one person, one name
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  role text NOT NULL REFERENCES roles (role),
  -- the collector this user works as (collectors, legal coordinators, supervisors who work cases)
  collector_id text REFERENCES collectors (collector_id),
  -- the agency an agency manager or agency collector belongs to
  agency_id text REFERENCES agencies (agency_id),
  -- the user's level in the arrangements' authority matrix, when they may approve
  approval_authority text CHECK (approval_authority IN ('supervisor', 'manager', 'head_of_collections')),
  -- argon2id PHC string; null for users who sign in only through the bank's identity provider
  password_hash text CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
  -- the identity provider's subject, for OpenID Connect sign-in
  oidc_subject text UNIQUE,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role NOT IN ('agency_manager', 'agency_collector') OR agency_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE UNIQUE INDEX users_collector ON users (collector_id) WHERE collector_id IS NOT NULL;

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is kept, so a copy of
-- this table cannot be replayed. A session ends at expires_at, after idle_timeout without use, or
-- when revoked (sign-out, a role change, deactivation).
CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id bigint NOT NULL REFERENCES users (user_id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

-- A system integration's bearer token, scoped to some of its user's permissions and expiring.
-- The secret is shown once at creation; only its SHA-256 is kept.
CREATE TABLE api_tokens (
  token_id text PRIMARY KEY CHECK (token_id ~ '^[a-z0-9]{12}$'),
  token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
  user_id bigint NOT NULL REFERENCES users (user_id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  scopes text[] NOT NULL CHECK (cardinality(scopes) >= 1),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz,
  CHECK (expires_at > created_at)
);

-- Failed sign-ins per user name (known or not, so that the answer never tells which names exist):
-- after too many in a row the name is locked for a while.
CREATE TABLE sign_in_throttle (
  username text PRIMARY KEY CHECK (length(username) BETWEEN 1 AND 200),
  failures integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL,
  locked_until timestamptz
);
