import type { Queryable } from '../../../shared/db/types.js';
import { anonymiseDebtorRows } from '../store.js';

export type AnonymiseDebtorsOptions = {
  /** the caller's transaction */
  tx: Queryable;
  portfolioId: bigint;
  debtors: readonly { debtorId: string; pseudonym: string }[];
  at: Date;
  /** random text: the accounts' row digests become digests of it and the account id */
  salt: string;
};

/**
 * The portfolio's part of anonymising people: name replaced by the pseudonym, identity digest by
 * a digest of the pseudonym, the accounts' sealed identifiers and contact points erased. Amounts,
 * dates, aging and closure stay. Debtors already anonymised (or with an account open again) are skipped;
 * returns the debtors and accounts changed.
 */
export async function anonymiseDebtors(
  o: AnonymiseDebtorsOptions,
): Promise<{ debtors: string[]; accountIds: string[] }> {
  if (o.debtors.length === 0) return { debtors: [], accountIds: [] };
  return anonymiseDebtorRows(o.tx, o.portfolioId, o.debtors, o.at, o.salt);
}
