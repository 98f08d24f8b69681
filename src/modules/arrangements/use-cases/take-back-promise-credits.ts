import { isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import type { Queryable } from '../../../shared/db/types.js';
import { takeBackCredits } from '../store.js';

export type TakeBackPromiseCreditsOptions = {
  /** The reversal's transaction: the credits go with the payment, or not at all. */
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  /** the reference the payment was credited under (creditPromises' paymentRef) */
  paymentRef: string;
  reversedOn: CalendarDate;
};

export type TakeBackPromiseCreditsResult = {
  takenBack: { promiseId: bigint; amountMinor: bigint; reopened: boolean }[];
};

/**
 * Undoes creditPromises for a payment that was reversed (a bounced payment must not leave a
 * promise kept): every credit the payment gave a promise is taken back. A promise already
 * resolved as kept is reopened, and the next daily cycle resolves it again from the payments
 * that remain: kept if they still cover it, else pending while its date has not passed, and
 * broken (on the day after its date, as it was) once it has. A broken or cancelled promise
 * keeps its status. Idempotent: taking back the same payment again changes nothing.
 */
export async function takeBackPromiseCredits(
  opts: TakeBackPromiseCreditsOptions,
): Promise<TakeBackPromiseCreditsResult> {
  if (!isCalendarDate(opts.reversedOn))
    throw new AppError(
      'validation_failed',
      `reversed_on: "${opts.reversedOn}" is not a YYYY-MM-DD date`,
      { field: 'reversed_on' },
    );
  const rows = await takeBackCredits(
    opts.tx,
    opts.portfolioId,
    opts.accountId,
    opts.paymentRef,
    opts.reversedOn,
  );
  return {
    takenBack: rows.map((r) => ({
      promiseId: r.promise_id,
      amountMinor: r.amount_minor,
      reopened: r.prior_status === 'kept',
    })),
  };
}
