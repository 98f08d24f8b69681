/**
 * Which open promises to pay a payment counts toward, and how much to each: those made on or
 * before the payment day and due on or after it, in the payment's currency, oldest due first,
 * each up to what is still unpaid on it. What is left over credits no promise.
 */
import type { CalendarDate } from '../../../shared/calendar.js';

export type CreditablePromise = {
  readonly promiseId: bigint;
  readonly currency: string;
  readonly madeOn: CalendarDate;
  readonly promisedOn: CalendarDate;
  readonly amountMinor: bigint;
  /** Paid toward it so far (this function adds what it credits). */
  paidMinor: bigint;
};

export type PromiseCredit = { readonly promiseId: bigint; readonly amountMinor: bigint };

/**
 * Credits one payment to `open` (the account's open promises, any order); updates their
 * paidMinor, so a caller crediting several payments in turn passes the same list again.
 */
export function creditToPromises(
  open: CreditablePromise[],
  payment: { amountMinor: bigint; currency: string; paidOn: CalendarDate },
): PromiseCredit[] {
  const eligible = open
    .filter(
      (p) =>
        p.currency === payment.currency &&
        p.madeOn <= payment.paidOn &&
        p.promisedOn >= payment.paidOn,
    )
    .sort((a, b) =>
      a.promisedOn !== b.promisedOn
        ? a.promisedOn < b.promisedOn
          ? -1
          : 1
        : a.promiseId < b.promiseId
          ? -1
          : a.promiseId > b.promiseId
            ? 1
            : 0,
    );
  const credits: PromiseCredit[] = [];
  let left = payment.amountMinor;
  for (const p of eligible) {
    if (left <= 0n) break;
    const unpaid = p.amountMinor - p.paidMinor;
    if (unpaid <= 0n) continue;
    const part = unpaid < left ? unpaid : left;
    p.paidMinor += part;
    credits.push({ promiseId: p.promiseId, amountMinor: part });
    left -= part;
  }
  return credits;
}
