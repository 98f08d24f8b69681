import type { CalendarDate } from '../../../shared/calendar.js';
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { creditPromises, type PromiseCreditResult } from '../../arrangements/index.js';
import { findPromiseRef } from '../store.js';

export type RecordPromisePaymentOptions = {
  db: Db;
  promiseId: bigint;
  amountMinor: bigint;
  paidOn: CalendarDate;
  /** the caller's idempotency key: the same payment recorded twice counts once */
  paymentRef: string;
};

/**
 * Records a payment toward a promise until payments are posted from bank statements: it credits
 * the open promises of the promise's account, oldest due first (creditPromises).
 */
export async function recordPromisePayment(
  opts: RecordPromisePaymentOptions,
): Promise<PromiseCreditResult & { currency: string }> {
  return opts.db.transaction(async (tx) => {
    const ref = await findPromiseRef(tx, opts.promiseId);
    if (!ref)
      throw new AppError('not_found', `no promise ${opts.promiseId}`, {
        promise_id: String(opts.promiseId),
      });
    const r = await creditPromises({
      tx,
      portfolioId: ref.portfolio_id,
      accountId: ref.account_id,
      currency: ref.currency,
      amountMinor: opts.amountMinor,
      paidOn: opts.paidOn,
      paymentRef: `api:${opts.paymentRef}`,
    });
    return { ...r, currency: ref.currency };
  });
}
