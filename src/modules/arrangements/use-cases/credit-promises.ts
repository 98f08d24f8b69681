import { isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import type { Queryable } from '../../../shared/db/types.js';
import { creditToPromises } from '../domain/promise-credit.js';
import {
  creditable,
  creditsOfPayment,
  insertPromisePayment,
  lockCreditablePromises,
} from '../store.js';

export type CreditPromisesOptions = {
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  currency: string;
  amountMinor: bigint;
  paidOn: CalendarDate;
  /** a posted payment's id or an API call's idempotency key: crediting it again changes nothing */
  paymentRef: string;
};

export type PromiseCreditResult = { credited: { promiseId: bigint; amountMinor: bigint }[] };

/**
 * Credits a payment to the account's open promises that it counts toward (made on or before the
 * payment day, due on or after it, same currency), oldest due first, each up to what is still
 * unpaid on it. What is left over credits no promise. Idempotent by payment reference.
 */
export async function creditPromises(opts: CreditPromisesOptions): Promise<PromiseCreditResult> {
  const { tx, portfolioId, accountId, currency, amountMinor, paidOn, paymentRef } = opts;
  if (amountMinor <= 0n)
    throw new AppError('validation_failed', `amount_minor: must be > 0 (got ${amountMinor})`, {
      field: 'amount_minor',
    });
  if (!isCalendarDate(paidOn))
    throw new AppError('validation_failed', `paid_on: "${paidOn}" is not a YYYY-MM-DD date`, {
      field: 'paid_on',
    });
  if (paymentRef.length < 1 || paymentRef.length > 200)
    throw new AppError('validation_failed', 'payment_ref: must be 1 to 200 characters', {
      field: 'payment_ref',
    });
  // Lock first: a concurrent credit of the same payment waits here and then sees ours.
  const open = await lockCreditablePromises(tx, portfolioId, accountId, currency, paidOn);
  const before = await creditsOfPayment(tx, portfolioId, accountId, paymentRef);
  if (before.length > 0)
    return {
      credited: before.map((c) => ({ promiseId: c.promise_id, amountMinor: c.amount_minor })),
    };
  const credited = creditToPromises(open.map(creditable), { amountMinor, currency, paidOn });
  for (const c of credited)
    await insertPromisePayment(tx, portfolioId, c.promiseId, paymentRef, c.amountMinor, paidOn);
  return { credited: credited.map((c) => ({ ...c })) };
}
