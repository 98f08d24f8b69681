import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import type { Principal } from '../../auth/index.js';
import { requireInScope } from '../../portfolio/index.js';
import { selectSealedContent, type DocumentRow } from '../store.js';

export type ReadDocumentOptions = {
  db: Queryable;
  cipher: PiiCipher;
  actor: Principal;
  portfolioId: bigint;
  debtorId: string;
  documentId: bigint;
};

/** A document with its content unsealed, for a debtor in the acting user's scope. */
export async function readDocument(
  o: ReadDocumentOptions,
): Promise<{ document: DocumentRow; content: Buffer }> {
  await requireInScope({
    db: o.db,
    scope: o.actor.scope,
    portfolioId: o.portfolioId,
    debtorId: o.debtorId,
  });
  const row = await selectSealedContent(o.db, o.portfolioId, o.debtorId, o.documentId);
  if (!row) throw new AppError('not_found', `no document ${o.documentId} of this debtor`);
  const { content_sealed, ...document } = row;
  return { document, content: o.cipher.openBytes(content_sealed) };
}
