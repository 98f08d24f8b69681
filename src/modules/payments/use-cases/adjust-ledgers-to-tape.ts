import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import {
  ledgerCurrencyConflicts,
  postStagedAdjustments,
  stageLedgerAdjustments,
  type ReimportedBalancesTable,
} from '../store.js';

export type AdjustLedgersToTapeOptions = {
  /** The import's transaction: the adjustments commit with the tape, or not at all. */
  tx: Queryable;
  portfolioId: bigint;
  /** The loan tape import (import_runs.import_id) the adjustments come from. */
  importId: bigint;
  sourceName: string;
  /** The business day of the adjustment postings. */
  postedOn: CalendarDate;
  /**
   * A table of this transaction holding the accounts the re-import changed, with their new
   * balances: account_id, currency, principal_outstanding_minor, interest_outstanding_minor,
   * fees_outstanding_minor, due_date.
   */
  table: ReimportedBalancesTable;
  /** How many currency conflicts to list at most. */
  maxConflicts?: number;
};

export type AdjustLedgersToTapeResult =
  | { ok: true; adjusted: number }
  | {
      ok: false;
      /** Accounts whose ledger is in another currency than the tape now says: nothing posted. */
      currencyConflicts: { account_id: string; ledger_currency: string; currency: string }[];
    };

/**
 * Keeps the ledger the truth of every balance across loan tape re-imports (set-based, for any
 * number of accounts): for each account the re-import changed that already has a ledger, the
 * difference between the tape's outstanding principal, interest and fees and what the ledger's
 * receivable entries prove is posted as one `adjustment` posting naming the import (a rise as a
 * new charge, a fall taken off the open charges oldest due first), against the `adjustment`
 * ledger account. Afterwards every account's outstanding columns equal charges minus credits
 * again. Accounts without a ledger need nothing: their ledger opens from the imported balances
 * on their first posting. A tape that moves an account with a ledger to another currency is
 * refused (the caller rolls back).
 */
export async function adjustLedgersToTape(
  opts: AdjustLedgersToTapeOptions,
): Promise<AdjustLedgersToTapeResult> {
  const { tx, portfolioId, importId, table } = opts;
  const conflicts = await ledgerCurrencyConflicts(
    tx,
    portfolioId,
    table,
    opts.maxConflicts ?? 1000,
  );
  if (conflicts.length > 0) return { ok: false, currencyConflicts: conflicts };
  const adjusted = await stageLedgerAdjustments(tx, { portfolioId, importId, table });
  if (adjusted > 0)
    await postStagedAdjustments(tx, {
      portfolioId,
      importId,
      postedOn: opts.postedOn,
      memo: `loan tape import ${importId} (${opts.sourceName})`,
    });
  return { ok: true, adjusted };
}
