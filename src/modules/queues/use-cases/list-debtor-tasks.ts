import type { Queryable } from '../../../shared/db/types.js';
import { debtorTaskRows, type DebtorTaskRow } from '../privacy-sql.js';

export type ListDebtorTasksOptions = { db: Queryable; portfolioId: bigint; debtorId: string };

export type DebtorTask = DebtorTaskRow;

/** Every action planned for a debtor, with what became of it and any task report. */
export async function listDebtorTasks(o: ListDebtorTasksOptions): Promise<DebtorTask[]> {
  return debtorTaskRows(o.db, o.portfolioId, o.debtorId);
}
