import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { applyAccountCredit, type AccountBalances } from '../../portfolio/index.js';
import { openChargesOf } from '../account-ledger.js';
import type { OpenCharge } from '../domain/index.js';

export type GetOpenChargesOptions = {
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  /** The day the ledger is opened on, if this is its first use. */
  asOf: CalendarDate;
};

/**
 * An account (locked for the rest of the transaction) and its open charges as the ledger proves
 * them; the ledger is opened from the imported balances when the account has none yet.
 */
export async function getOpenCharges(
  opts: GetOpenChargesOptions,
): Promise<{ account: AccountBalances; charges: OpenCharge[] }> {
  const { before, result } = await applyAccountCredit({
    tx: opts.tx,
    portfolioId: opts.portfolioId,
    accountId: opts.accountId,
    decide: async (account) => ({
      credit: null,
      result: await openChargesOf(opts.tx, account, opts.asOf),
    }),
  });
  return { account: before, charges: result };
}
