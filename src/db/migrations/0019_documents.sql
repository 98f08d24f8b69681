-- Documents a debtor gives the team (hardship evidence: payslips, medical letters, termination
-- notices): PDF, JPEG or PNG, at most 10 MiB, sealed with the personal-data cipher (AES-256-GCM)
-- and never stored in the clear. The SHA-256 of the plain content is recorded, and the upload is
-- a document_upload entry of the evidence log written in the same transaction (evidence_seq).
CREATE TABLE documents (
  portfolio_id bigint NOT NULL,
  debtor_id text NOT NULL,
  document_id bigint GENERATED ALWAYS AS IDENTITY,
  account_id text CHECK (account_id IS NULL OR length(account_id) BETWEEN 1 AND 64),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  sha256 bytea NOT NULL CHECK (length(sha256) = 32),
  content_sealed bytea NOT NULL,
  uploaded_by text NOT NULL CHECK (length(uploaded_by) BETWEEN 1 AND 200),
  uploaded_at timestamptz NOT NULL,
  evidence_seq bigint NOT NULL,
  PRIMARY KEY (portfolio_id, debtor_id, document_id),
  FOREIGN KEY (portfolio_id, debtor_id) REFERENCES debtors (portfolio_id, debtor_id)
);
CREATE UNIQUE INDEX documents_id ON documents (document_id);

-- Who may upload (those who record contact outcomes) and read them (those who read personal data).
INSERT INTO role_permissions (role, permission)
SELECT r.role, p.permission
FROM (VALUES
  ('supervisor', 'documents.upload documents.read'),
  ('collector', 'documents.upload documents.read'),
  ('legal_coordinator', 'documents.upload documents.read'),
  ('agency_manager', 'documents.upload documents.read'),
  ('agency_collector', 'documents.upload documents.read'),
  ('compliance_officer', 'documents.read'),
  ('auditor', 'documents.read')
) AS r (role, list),
LATERAL unnest(string_to_array(r.list, ' ')) AS p (permission)
ON CONFLICT DO NOTHING;
