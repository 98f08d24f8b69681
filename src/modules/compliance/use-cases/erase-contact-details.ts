import type { Queryable } from '../../../shared/db/types.js';
import { eraseContactRows } from '../privacy-sql.js';

export type EraseContactDetailsOptions = {
  /** the caller's transaction */
  tx: Queryable;
  portfolioId: bigint;
  debtorIds: readonly string[];
};

/**
 * The compliance module's part of anonymising people: the numbers' digests, outcomes' free text
 * and flags' reasons of their attempts and flags are erased; what happened, when, and the amounts
 * stay. Returns the rows changed.
 */
export async function eraseContactDetails(
  o: EraseContactDetailsOptions,
): Promise<{ attempts: number; flags: number }> {
  if (o.debtorIds.length === 0) return { attempts: 0, flags: 0 };
  return eraseContactRows(o.tx, o.portfolioId, o.debtorIds);
}
