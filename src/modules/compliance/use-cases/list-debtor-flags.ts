import type { Queryable } from '../../../shared/db/types.js';
import { debtorFlagRows, type DebtorFlagRow } from '../privacy-sql.js';

export type ListDebtorFlagsOptions = { db: Queryable; portfolioId: bigint; debtorId: string };

export type DebtorFlagChange = DebtorFlagRow;

/** Every change of a debtor's flags (set or cleared, from when, by what, why), oldest first. */
export async function listDebtorFlags(o: ListDebtorFlagsOptions): Promise<DebtorFlagChange[]> {
  return debtorFlagRows(o.db, o.portfolioId, o.debtorId);
}
