import type { Queryable } from '../../../shared/db/types.js';
import { eraseArrangementRows } from '../privacy-sql.js';

export type EraseArrangementNotesOptions = {
  /** the caller's transaction */
  tx: Queryable;
  portfolioId: bigint;
  debtorIds: readonly string[];
};

/**
 * The arrangements' part of anonymising people: hardship notes and document references and the
 * decision reasons of their plans and settlements are erased; the terms and outcomes stay.
 */
export async function eraseArrangementNotes(
  o: EraseArrangementNotesOptions,
): Promise<{ plans: number; settlements: number }> {
  if (o.debtorIds.length === 0) return { plans: 0, settlements: 0 };
  return eraseArrangementRows(o.tx, o.portfolioId, o.debtorIds);
}
