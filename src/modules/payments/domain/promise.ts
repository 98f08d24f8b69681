/**
 * Promise-to-pay (PTP) evaluation. A promise is kept when the payments made from the day it was
 * given through the promised date cover the promised amount less the tolerance; it is pending
 * until the promised date ends, and broken after it. Partial payments are reported either way.
 *
 * Tolerance: an allowed shortfall in minor units and/or basis points of the promised amount. When
 * both are set the larger allowance applies (either one suffices): a rounding or bank-charge
 * shortfall should not escalate a debtor who paid. Basis points are taken exactly and rounded
 * down, so the allowance never exceeds the stated rate.
 */
import { addDays, type CalendarDate } from '../../../shared/calendar.js';
import {
  invalid,
  requireCurrency,
  requireDate,
  requireNonNegative,
  requirePositive,
  requireSameCurrency,
} from './money-checks.js';

export type PromiseTolerance = {
  readonly minor?: bigint;
  readonly basisPoints?: number;
};

export type PromiseToPay = {
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The day the promise was made: earlier payments do not count toward it. */
  readonly promisedOn: CalendarDate;
  /** The last day on which payment keeps the promise. */
  readonly dueDate: CalendarDate;
};

export type PromisePayment = {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly paidOn: CalendarDate;
};

export type PromiseStatus = 'pending' | 'kept' | 'broken';

export type PromiseEvaluation = {
  readonly status: PromiseStatus;
  /** Paid from promisedOn through min(dueDate, asOf). */
  readonly paidInTimeMinor: bigint;
  /** Paid after the due date (through asOf): reported, but it does not keep the promise. */
  readonly paidLateMinor: bigint;
  /** amount - allowance: what must be paid in time. */
  readonly requiredMinor: bigint;
  readonly shortfallMinor: bigint;
  /** Something was paid in time but not enough (yet). */
  readonly partial: boolean;
  /** The date the promise was kept (the payment that covered it), or null. */
  readonly keptOn: CalendarDate | null;
  /** The first day the promise counts as broken (dueDate + 1), or null. */
  readonly brokenOn: CalendarDate | null;
};

export function toleranceAllowance(amountMinor: bigint, tolerance: PromiseTolerance): bigint {
  const minor = tolerance.minor ?? 0n;
  requireNonNegative('tolerance.minor', minor);
  const bps = tolerance.basisPoints ?? 0;
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000)
    throw invalid('tolerance.basisPoints', `must be an integer 0..10000 (got ${bps})`);
  const byRate = (amountMinor * BigInt(bps)) / 10_000n;
  const allowance = minor > byRate ? minor : byRate;
  // At least one minor unit must always be paid: a tolerance never keeps a promise by itself.
  return allowance >= amountMinor ? amountMinor - 1n : allowance;
}

export function evaluatePromise(
  promise: PromiseToPay,
  payments: readonly PromisePayment[],
  asOf: CalendarDate,
  tolerance: PromiseTolerance = {},
): PromiseEvaluation {
  requireCurrency('promise.currency', promise.currency);
  requirePositive('promise.amountMinor', promise.amountMinor);
  requireDate('promise.promisedOn', promise.promisedOn);
  requireDate('promise.dueDate', promise.dueDate);
  requireDate('asOf', asOf);
  if (promise.dueDate < promise.promisedOn)
    throw invalid('promise.dueDate', `is before promisedOn ${promise.promisedOn}`);
  payments.forEach((p, i) => {
    requireSameCurrency(`payments[${i}].currency`, p.currency, promise.currency);
    requireDate(`payments[${i}].paidOn`, p.paidOn);
    requirePositive(`payments[${i}].amountMinor`, p.amountMinor);
  });

  const requiredMinor = promise.amountMinor - toleranceAllowance(promise.amountMinor, tolerance);
  const counted = payments
    .filter((p) => p.paidOn >= promise.promisedOn && p.paidOn <= asOf)
    .sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));

  let paidInTimeMinor = 0n;
  let paidLateMinor = 0n;
  let keptOn: CalendarDate | null = null;
  for (const p of counted) {
    if (p.paidOn <= promise.dueDate) {
      paidInTimeMinor += p.amountMinor;
      if (keptOn === null && paidInTimeMinor >= requiredMinor) keptOn = p.paidOn;
    } else paidLateMinor += p.amountMinor;
  }
  const kept = keptOn !== null;
  const status: PromiseStatus = kept ? 'kept' : asOf > promise.dueDate ? 'broken' : 'pending';
  const shortfall = requiredMinor - paidInTimeMinor;
  return {
    status,
    paidInTimeMinor,
    paidLateMinor,
    requiredMinor,
    shortfallMinor: shortfall > 0n ? shortfall : 0n,
    partial: !kept && paidInTimeMinor > 0n,
    keptOn,
    brokenOn: status === 'broken' ? addDays(promise.dueDate, 1) : null,
  };
}
