import type { Queryable } from '../../../shared/db/types.js';
import { openLegalWorkRows } from '../privacy-sql.js';

export type FindOpenLegalWorkOptions = {
  db: Queryable;
  portfolioId: bigint;
  debtorIds: readonly string[];
};

/** Per debtor with any: the legal reviews still open or held (a legal case in preparation). */
export async function findOpenLegalWork(o: FindOpenLegalWorkOptions): Promise<Map<string, number>> {
  if (o.debtorIds.length === 0) return new Map();
  const rows = await openLegalWorkRows(o.db, o.portfolioId, o.debtorIds);
  return new Map(rows.map((r) => [r.debtor_id, r.legal_reviews]));
}
