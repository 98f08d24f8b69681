/**
 * Settlements: a discounted payoff offer (issue 5, item 5). The offer is an amount below the
 * balance, valid from offeredOn through expiresOn; once paid in time, the forgiven remainder is
 * written off as its own ledger posting.
 *
 * Discount exactness: the discount is the fraction forgivenMinor / balanceMinor, kept exactly.
 * Comparisons against limits cross-multiply in bigint (forgiven * 10000 <= limitBps * balance), so
 * a 20.004% discount never passes a 20% limit. For display, basis points are given rounded up
 * (never understating the discount) and down, with `exact` when they agree. An offer made from a
 * discount in basis points forgives floor(balance * bps / 10000): the actual discount is never
 * above the one asked for.
 */
import { isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import { currencyDigits } from '../../../shared/money.js';
import type { ArrangementRefusal } from './refusals.js';
import {
  waterfallOrder,
  type AllocationLine,
  type AllocationPolicy,
  type OpenCharge,
} from '../../payments/domain/index.js';

export type DiscountFraction = {
  readonly forgivenMinor: bigint;
  readonly balanceMinor: bigint;
  /** ceil(forgiven * 10000 / balance) */
  readonly bpsCeil: number;
  /** floor(forgiven * 10000 / balance) */
  readonly bpsFloor: number;
  readonly exact: boolean;
};

export type SettlementOfferInput = {
  readonly currency: string;
  readonly balanceMinor: bigint;
  readonly offeredOn: CalendarDate;
  readonly expiresOn: CalendarDate;
} & (
  | { readonly amountMinor: bigint; readonly discountBps?: undefined }
  | { readonly discountBps: number; readonly amountMinor?: undefined }
);

export type SettlementOffer = {
  readonly currency: string;
  readonly balanceMinor: bigint;
  readonly amountMinor: bigint;
  readonly forgivenMinor: bigint;
  readonly discount: DiscountFraction;
  readonly offeredOn: CalendarDate;
  readonly expiresOn: CalendarDate;
};

function refuse(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, { field });
}

export function discountOf(forgivenMinor: bigint, balanceMinor: bigint): DiscountFraction {
  if (balanceMinor <= 0n) throw refuse('balanceMinor', 'must be > 0');
  const scaled = forgivenMinor * 10_000n;
  const floor = scaled / balanceMinor;
  const exact = floor * balanceMinor === scaled;
  return {
    forgivenMinor,
    balanceMinor,
    bpsFloor: Number(floor),
    bpsCeil: Number(exact ? floor : floor + 1n),
    exact,
  };
}

/** forgiven / balance <= bps / 10000, exactly. */
export function discountWithin(d: DiscountFraction, bps: number): boolean {
  return d.forgivenMinor * 10_000n <= BigInt(bps) * d.balanceMinor;
}

export function makeSettlementOffer(input: SettlementOfferInput): SettlementOffer {
  if (currencyDigits(input.currency) === null)
    throw refuse('currency', `unknown currency "${input.currency}"`);
  const balance = input.balanceMinor;
  if (balance <= 0n) throw refuse('balanceMinor', 'must be > 0');
  for (const [field, d] of [
    ['offeredOn', input.offeredOn],
    ['expiresOn', input.expiresOn],
  ] as const)
    if (!isCalendarDate(d)) throw refuse(field, `"${d}" is not a calendar date (YYYY-MM-DD)`);
  if (input.expiresOn < input.offeredOn) throw refuse('expiresOn', 'is before offeredOn');

  let amount: bigint;
  if (input.amountMinor !== undefined) {
    amount = input.amountMinor;
    if (amount <= 0n) throw refuse('amountMinor', 'must be > 0');
    if (amount >= balance)
      throw refuse('amountMinor', `must be below the balance ${balance} (a settlement discounts)`);
  } else {
    const bps = input.discountBps;
    if (!Number.isInteger(bps) || bps < 1 || bps > 9_999)
      throw refuse('discountBps', `must be an integer 1..9999 (got ${bps})`);
    const forgiven = (balance * BigInt(bps)) / 10_000n;
    if (forgiven === 0n)
      throw refuse('discountBps', `forgives nothing of a balance of ${balance} minor units`);
    amount = balance - forgiven;
  }
  const forgivenMinor = balance - amount;
  return {
    currency: input.currency,
    balanceMinor: balance,
    amountMinor: amount,
    forgivenMinor,
    discount: discountOf(forgivenMinor, balance),
    offeredOn: input.offeredOn,
    expiresOn: input.expiresOn,
  };
}

export type SettlementPayment = {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly paidOn: CalendarDate;
};

export type SettlementStatus = 'open' | 'settled' | 'expired';

export type SettlementEvaluation = {
  readonly status: SettlementStatus;
  readonly paidMinor: bigint;
  readonly settledOn: CalendarDate | null;
};

/** Settled when payments from offeredOn through expiresOn reach the amount; expired after. */
export function evaluateSettlement(
  offer: SettlementOffer,
  payments: readonly SettlementPayment[],
  asOf: CalendarDate,
): SettlementEvaluation {
  if (!isCalendarDate(asOf)) throw refuse('asOf', `"${asOf}" is not a calendar date`);
  payments.forEach((p, i) => {
    if (p.currency !== offer.currency)
      throw refuse(`payments[${i}].currency`, `${p.currency} differs from ${offer.currency}`);
    if (p.amountMinor <= 0n) throw refuse(`payments[${i}].amountMinor`, 'must be > 0');
  });
  const inTime = payments
    .filter((p) => p.paidOn >= offer.offeredOn && p.paidOn <= offer.expiresOn && p.paidOn <= asOf)
    .sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));
  let paid = 0n;
  let settledOn: CalendarDate | null = null;
  for (const p of inTime) {
    paid += p.amountMinor;
    if (settledOn === null && paid >= offer.amountMinor) settledOn = p.paidOn;
  }
  const status: SettlementStatus =
    settledOn !== null ? 'settled' : asOf > offer.expiresOn ? 'expired' : 'open';
  return { status, paidMinor: paid, settledOn };
}

/**
 * The write-off of a settled offer: every charge still open after the settlement payment was
 * allocated, in waterfall order. Refused (conflict) when more is open than the offer forgave,
 * e.g. interest that accrued after the offer: that needs a new offer, not a bigger write-off.
 */
export function settlementWriteOffLines(
  offer: SettlementOffer,
  chargesAfterPayment: readonly OpenCharge[],
  policy?: AllocationPolicy,
): AllocationLine[] {
  const open = waterfallOrder(
    chargesAfterPayment.filter((c) => c.outstandingMinor > 0n),
    policy,
  );
  const total = open.reduce((s, c) => s + c.outstandingMinor, 0n);
  if (total > offer.forgivenMinor)
    throw new AppError(
      'conflict',
      `open charges total ${total}, more than the ${offer.forgivenMinor} the offer forgives`,
      {
        openMinor: total.toString(),
        forgivenMinor: offer.forgivenMinor.toString(),
        reason: 'open_exceeds_forgiven' satisfies ArrangementRefusal,
      },
    );
  return open.map((c) => ({
    chargeId: c.chargeId,
    component: c.component,
    dueDate: c.dueDate,
    amountMinor: c.outstandingMinor,
  }));
}
