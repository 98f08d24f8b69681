import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { DocumentReference } from '../domain/document-reference.js';
import { selectDebtorDocuments, type DocumentRow } from '../store.js';

export type FindReferencedDocumentsOptions = {
  db: Queryable;
  portfolioId: bigint;
  debtorId: string;
  references: readonly DocumentReference[];
};

/**
 * The debtor's uploaded documents that an outcome or arrangement refers to, in the order given:
 * each must be a document of this debtor and its hash the one recorded at upload (a reference
 * names exactly the bytes that were uploaded). Refused, naming the reference, otherwise.
 */
export async function findReferencedDocuments(
  o: FindReferencedDocumentsOptions,
): Promise<DocumentRow[]> {
  if (o.references.length === 0) return [];
  const rows = await selectDebtorDocuments(
    o.db,
    o.portfolioId,
    o.debtorId,
    o.references.map((r) => BigInt(r.document_id)),
  );
  const byId = new Map(rows.map((r) => [String(r.document_id), r]));
  return o.references.map((ref, i) => {
    const row = byId.get(ref.document_id);
    const problem = !row
      ? `no document ${ref.document_id} of debtor ${o.debtorId}`
      : Buffer.from(row.sha256).toString('hex') !== ref.sha256
        ? `document ${ref.document_id} has another SHA-256`
        : null;
    if (problem !== null)
      throw new AppError('validation_failed', `documents.${i}: ${problem}`, [
        { field: `documents.${i}`, message: problem },
      ]);
    return row!;
  });
}

/** What an outcome or arrangement keeps of a document it names: the reference and what it is. */
export function documentEvidence(d: DocumentRow) {
  return {
    document_id: String(d.document_id),
    sha256: Buffer.from(d.sha256).toString('hex'),
    file_name: d.file_name,
    media_type: d.media_type,
    size_bytes: d.size_bytes,
  };
}
