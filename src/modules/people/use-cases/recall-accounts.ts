import type { CalendarDate } from '../../../shared/calendar.js';
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findPortfolioIdByName, recallPlacements } from '../store.js';

export type RecallAccountsOptions = {
  db: Db;
  portfolio: string;
  accountIds: readonly string[];
  recalledOn: CalendarDate;
};

/**
 * Ends the current placements of the accounts: from now on no agency collector can claim them, and
 * they return to the in-house queues. Returns how many were recalled (accounts not placed: none).
 */
export async function recallAccounts(opts: RecallAccountsOptions): Promise<{ recalled: number }> {
  return opts.db.transaction(async (tx) => {
    const portfolioId = await findPortfolioIdByName(tx, opts.portfolio);
    if (portfolioId === undefined)
      throw new AppError('not_found', `no portfolio named "${opts.portfolio}"`, {
        portfolio: opts.portfolio,
      });
    const recalled = await recallPlacements(
      tx,
      portfolioId,
      [...new Set(opts.accountIds)],
      opts.recalledOn,
    );
    return { recalled };
  });
}
