import type { Queryable } from '../../../shared/db/types.js';
import { erasePaymentRows } from '../privacy-sql.js';

export type ErasePayerDetailsOptions = {
  /** the caller's transaction */
  tx: Queryable;
  portfolioId: bigint;
  accountIds: readonly string[];
};

/**
 * The payments' part of anonymising people: the payer's name, account, remittance text and
 * references on their accounts' statement entries and the reversal reasons of their payments are
 * erased; the amounts, dates, transaction references and the append-only ledger stay.
 */
export async function erasePayerDetails(
  o: ErasePayerDetailsOptions,
): Promise<{ payments: number; statementEntries: number }> {
  if (o.accountIds.length === 0) return { payments: 0, statementEntries: 0 };
  return erasePaymentRows(o.tx, o.portfolioId, o.accountIds);
}
