/** SQL of the documents table (0019): sealed content, its SHA-256 and who uploaded it when. */
import type { Queryable } from '../../shared/db/types.js';
import type { DocumentMediaType } from './domain/file-type.js';

export type DocumentRow = {
  portfolio_id: bigint;
  debtor_id: string;
  document_id: bigint;
  account_id: string | null;
  file_name: string;
  media_type: DocumentMediaType;
  size_bytes: number;
  sha256: Uint8Array;
  uploaded_by: string;
  uploaded_at: Date;
  evidence_seq: bigint;
};

const columns = `portfolio_id, debtor_id, document_id, account_id, file_name, media_type,
  size_bytes, sha256, uploaded_by, uploaded_at, evidence_seq`;

export type NewDocument = Omit<DocumentRow, 'document_id'> & { content_sealed: Uint8Array };

export async function insertDocument(db: Queryable, d: NewDocument): Promise<DocumentRow> {
  const [row] = await db.query<DocumentRow>(
    `INSERT INTO documents (portfolio_id, debtor_id, account_id, file_name, media_type,
       size_bytes, sha256, content_sealed, uploaded_by, uploaded_at, evidence_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING ${columns}`,
    [
      d.portfolio_id,
      d.debtor_id,
      d.account_id,
      d.file_name,
      d.media_type,
      d.size_bytes,
      d.sha256,
      d.content_sealed,
      d.uploaded_by,
      d.uploaded_at,
      d.evidence_seq,
    ],
  );
  return row!;
}

/** A debtor's documents, newest first (metadata only). */
export function selectDebtorDocuments(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
  documentIds: readonly bigint[] | null = null,
): Promise<DocumentRow[]> {
  return db.query<DocumentRow>(
    `SELECT ${columns} FROM documents
     WHERE portfolio_id = $1 AND debtor_id = $2
       AND ($3::int8[] IS NULL OR document_id = ANY($3::int8[]))
     ORDER BY document_id DESC`,
    [portfolioId, debtorId, documentIds === null ? null : documentIds.map(String)],
  );
}

export async function selectSealedContent(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
  documentId: bigint,
): Promise<(DocumentRow & { content_sealed: Uint8Array }) | null> {
  const [row] = await db.query<DocumentRow & { content_sealed: Uint8Array }>(
    `SELECT ${columns}, content_sealed FROM documents
     WHERE portfolio_id = $1 AND debtor_id = $2 AND document_id = $3`,
    [portfolioId, debtorId, documentId],
  );
  return row ?? null;
}
