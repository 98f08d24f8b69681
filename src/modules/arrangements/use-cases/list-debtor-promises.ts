import type { Queryable } from '../../../shared/db/types.js';
import { debtorPromiseRows } from '../privacy-sql.js';
import type { PromiseRow } from '../store.js';

export type ListDebtorPromisesOptions = { db: Queryable; portfolioId: bigint; debtorId: string };

/** Every promise to pay a debtor made, with what paid it and how it ended, oldest first. */
export async function listDebtorPromises(o: ListDebtorPromisesOptions): Promise<PromiseRow[]> {
  return debtorPromiseRows(o.db, o.portfolioId, o.debtorId);
}
