import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { applyAccountCredit, type AccountClosure } from '../../portfolio/index.js';
import { openChargesOf, reducingCredit } from '../account-ledger.js';
import { writeOffPosting, type AllocationLine, type OpenCharge } from '../domain/index.js';
import { insertPosting } from '../store.js';

export type WriteOffBalanceOptions = {
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  postedOn: CalendarDate;
  /** What the write-off is for, e.g. 'settlement 3', 'plan 4 waiver'. */
  memo: string;
  /** Chooses the lines to forgive from the account's open charges (none: nothing posted). */
  select: (charges: readonly OpenCharge[]) => AllocationLine[];
  /** How the account is closed when the write-off leaves nothing owed (settled, written off). */
  closure: AccountClosure;
};

/**
 * Forgives part of an account's balance as its own ledger posting (Dr write_off, Cr receivable
 * per charge) and reduces the account's outstanding and overdue amounts to match (closing the
 * account, in the given way, when nothing is left owed). Returns the
 * posting id, or null when the selection forgives nothing.
 */
export async function writeOffBalance(
  opts: WriteOffBalanceOptions,
): Promise<{ postingId: bigint | null; writtenOffMinor: bigint }> {
  const { tx, portfolioId, accountId } = opts;
  const { result } = await applyAccountCredit<{
    postingId: bigint | null;
    writtenOffMinor: bigint;
  }>({
    tx,
    portfolioId,
    accountId,
    decide: async (account) => {
      const lines = opts.select(await openChargesOf(tx, account, opts.postedOn));
      if (lines.length === 0)
        return { credit: null, result: { postingId: null, writtenOffMinor: 0n } };
      const posting = writeOffPosting('write_off', account.currency, lines);
      const postingId = await insertPosting(tx, {
        portfolioId,
        accountId,
        postedOn: opts.postedOn,
        memo: opts.memo,
        posting,
      });
      const total = lines.reduce((s, l) => s + l.amountMinor, 0n);
      return {
        credit: {
          ...reducingCredit(account, posting),
          closure: { on: opts.postedOn, closure: opts.closure },
        },
        result: { postingId, writtenOffMinor: total },
      };
    },
  });
  return result;
}
