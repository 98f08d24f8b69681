import type { Queryable } from '../../../shared/db/types.js';
import { listClosedDebtorRows, type ClosedDebtorRow } from '../store.js';

export type ListClosedDebtorsOptions = {
  db: Queryable;
  portfolioId: bigint;
  /** the last debtor id of the previous page ('' for the first) */
  after: string;
  limit: number;
};

export type ClosedDebtor = ClosedDebtorRow;

/** A page of the debtors with a closed account: since when, whether all are, and anonymised. */
export async function listClosedDebtors(o: ListClosedDebtorsOptions): Promise<ClosedDebtor[]> {
  return listClosedDebtorRows(o.db, o.portfolioId, o.after, o.limit);
}
