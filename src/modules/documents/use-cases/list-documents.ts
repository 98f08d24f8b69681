import type { Queryable } from '../../../shared/db/types.js';
import type { Principal } from '../../auth/index.js';
import { requireInScope } from '../../portfolio/index.js';
import { selectDebtorDocuments, type DocumentRow } from '../store.js';

export type ListDocumentsOptions = {
  db: Queryable;
  actor: Principal;
  portfolioId: bigint;
  debtorId: string;
};

/** A debtor's documents (metadata, newest first), for a debtor in the acting user's scope. */
export async function listDocuments(o: ListDocumentsOptions): Promise<DocumentRow[]> {
  await requireInScope({
    db: o.db,
    scope: o.actor.scope,
    portfolioId: o.portfolioId,
    debtorId: o.debtorId,
  });
  return selectDebtorDocuments(o.db, o.portfolioId, o.debtorId);
}
