/**
 * Portfolio trends for the war room, computed from month-end snapshots and posted payments:
 * roll rates month over month (of the accounts in a bucket at one month end, how many were in a
 * worse bucket, the same, a better one, or gone at the next) and the recovery trend (money
 * recovered in a month against what was overdue at the month end before it). Pure: the months
 * and the tallies come in as arguments; rates are basis points rounded down, null when there is
 * nothing to divide by; money stays bigint minor units per currency.
 */
import { daysInMonth, type CalendarDate } from '../../../shared/calendar.js';

/** 'YYYY-MM'. */
export type Month = string;

function parseMonth(month: Month): { y: number; m: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12)
    throw new RangeError(`not a month: ${month}`);
  return { y: Number(match[1]), m: Number(match[2]) };
}

function monthOf(y: number, m: number): Month {
  const i = y * 12 + (m - 1);
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: Month, n: number): Month {
  const { y, m } = parseMonth(month);
  return monthOf(y, m + n);
}

/** The last day of a month. */
export function monthEnd(month: Month): CalendarDate {
  const { y, m } = parseMonth(month);
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** The n months ending with the month of asOf, oldest first. */
export function monthsEnding(asOf: CalendarDate, n: number): Month[] {
  const last = asOf.slice(0, 7);
  return Array.from({ length: n }, (_, i) => addMonths(last, i - n + 1));
}

/** Accounts that went from one bucket at a month end to another (null: no snapshot) at the next. */
export type BucketTransition = {
  readonly toMonth: Month;
  readonly fromBucket: string;
  readonly toBucket: string | null;
  readonly accounts: number;
};

export type RollRate = {
  /** The month at whose end the accounts were counted again. */
  readonly month: Month;
  readonly bucket: string;
  readonly accounts: number;
  readonly rolledForward: number;
  readonly stayed: number;
  readonly cured: number;
  /** No snapshot at the month end: paid off, sold or closed. */
  readonly exited: number;
  readonly rollRateBps: number | null;
  readonly cureRateBps: number | null;
};

function bps(part: bigint, whole: bigint): number | null {
  return whole > 0n ? Number((part * 10_000n) / whole) : null;
}

/**
 * Roll rates per month and starting bucket, in the order of `buckets` (best first: current, M1
 * ... M7+). A bucket not in `buckets` is refused: the order would be a guess.
 */
export function rollRates(
  transitions: readonly BucketTransition[],
  buckets: readonly string[],
): RollRate[] {
  const rank = (b: string) => {
    const i = buckets.indexOf(b);
    if (i < 0) throw new RangeError(`unknown bucket: ${b}`);
    return i;
  };
  const groups = new Map<string, { month: Month; bucket: string; c: number[] }>();
  for (const t of transitions) {
    const key = `${t.toMonth}\u0000${t.fromBucket}`;
    const g = groups.get(key) ?? { month: t.toMonth, bucket: t.fromBucket, c: [0, 0, 0, 0] };
    const from = rank(t.fromBucket);
    const slot =
      t.toBucket === null ? 3 : rank(t.toBucket) > from ? 0 : rank(t.toBucket) === from ? 1 : 2;
    g.c[slot]! += t.accounts;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) =>
      a.month < b.month ? -1 : a.month > b.month ? 1 : rank(a.bucket) - rank(b.bucket),
    )
    .map(({ month, bucket, c }) => {
      const [rolledForward, stayed, cured, exited] = c as [number, number, number, number];
      const accounts = rolledForward + stayed + cured + exited;
      return {
        month,
        bucket,
        accounts,
        rolledForward,
        stayed,
        cured,
        exited,
        rollRateBps: bps(BigInt(rolledForward), BigInt(accounts)),
        cureRateBps: bps(BigInt(cured), BigInt(accounts)),
      };
    });
}

export type MonthlyAmount = {
  readonly month: Month;
  readonly currency: string;
  readonly minor: bigint;
};

export type RecoveryPoint = {
  readonly month: Month;
  readonly currency: string;
  readonly recoveredMinor: bigint;
  /** Overdue at the end of the month before; null without a snapshot then. */
  readonly overdueAtStartMinor: bigint | null;
  readonly recoveryRateBps: number | null;
};

/**
 * Per month and currency (currencies in code order): recovered in the month and its rate against
 * the overdue amount at the month end before. `overdueAtStart` is keyed by the month it opens.
 */
export function recoveryTrend(
  months: readonly Month[],
  recovered: readonly MonthlyAmount[],
  overdueAtStart: readonly MonthlyAmount[],
): RecoveryPoint[] {
  const key = (a: { month: Month; currency: string }) => `${a.month} ${a.currency}`;
  const sum = (list: readonly MonthlyAmount[]) => {
    const m = new Map<string, bigint>();
    for (const a of list) m.set(key(a), (m.get(key(a)) ?? 0n) + a.minor);
    return m;
  };
  const paid = sum(recovered);
  const owed = sum(overdueAtStart);
  const currencies = [...new Set([...recovered, ...overdueAtStart].map((a) => a.currency))].sort();
  return months.flatMap((month) =>
    currencies.map((currency) => {
      const recoveredMinor = paid.get(key({ month, currency })) ?? 0n;
      const overdueAtStartMinor = owed.get(key({ month, currency })) ?? null;
      return {
        month,
        currency,
        recoveredMinor,
        overdueAtStartMinor,
        recoveryRateBps:
          overdueAtStartMinor === null ? null : bps(recoveredMinor, overdueAtStartMinor),
      };
    }),
  );
}
