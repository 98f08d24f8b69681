/**
 * Aging rules of the daily cycle (shared/formats/loan-tape.md, "Derived each day"), as pure
 * functions and as data: the bands below are the single source of the thresholds, used both by
 * these functions and by the set-based SQL of the cycle.
 */
import { daysBetween, type CalendarDate } from '../../../shared/calendar.js';

export const buckets = ['current', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'] as const;
export type Bucket = (typeof buckets)[number];

export const riskClasses = [
  'normal',
  'special_mention',
  'substandard',
  'doubtful',
  'loss',
] as const;
export type RiskClass = (typeof riskClasses)[number];

/** Non-performing = substandard + doubtful + loss. */
export const nonPerformingClasses: readonly RiskClass[] = ['substandard', 'doubtful', 'loss'];

export type Band<T extends string> = { readonly value: T; readonly minDpd: number };

/** Each band starts at minDpd and runs to the next band's start. */
export const bucketBands: readonly Band<Bucket>[] = [
  { value: 'current', minDpd: 0 },
  { value: 'M1', minDpd: 1 },
  { value: 'M2', minDpd: 31 },
  { value: 'M3', minDpd: 61 },
  { value: 'M4', minDpd: 91 },
  { value: 'M5', minDpd: 121 },
  { value: 'M6', minDpd: 151 },
  { value: 'M7+', minDpd: 181 },
];

/** Minimum risk class by days overdue (2023 rules on risk classification, loan-tape.md). */
export const riskBands: readonly Band<RiskClass>[] = [
  { value: 'normal', minDpd: 0 },
  { value: 'special_mention', minDpd: 1 },
  { value: 'substandard', minDpd: 91 },
  { value: 'doubtful', minDpd: 271 },
  { value: 'loss', minDpd: 361 },
];

/** Reminders go out this many days before a due date; pre-due covers the widest window. */
export const preDueWindowDays = 30;

export type AgingInput = {
  overdueMinor: bigint;
  oldestUnpaidDueDate: CalendarDate | null;
  nextDueDate: CalendarDate | null;
};

export type Aging = { dpd: number; bucket: Bucket; preDue: boolean; riskClass: RiskClass };

export function daysPastDue(input: AgingInput, asOf: CalendarDate): number {
  if (input.overdueMinor <= 0n || input.oldestUnpaidDueDate === null) return 0;
  return Math.max(0, daysBetween(input.oldestUnpaidDueDate, asOf));
}

export function bandOf<T extends string>(bands: readonly Band<T>[], dpd: number): T {
  let found = bands[0] as Band<T>;
  for (const b of bands) if (dpd >= b.minDpd) found = b;
  return found.value;
}

export function isPreDue(
  dpd: number,
  nextDueDate: CalendarDate | null,
  asOf: CalendarDate,
): boolean {
  if (dpd !== 0 || nextDueDate === null) return false;
  const until = daysBetween(asOf, nextDueDate);
  return until >= 0 && until <= preDueWindowDays;
}

export function age(input: AgingInput, asOf: CalendarDate): Aging {
  const dpd = daysPastDue(input, asOf);
  return {
    dpd,
    bucket: bandOf(bucketBands, dpd),
    preDue: isPreDue(dpd, input.nextDueDate, asOf),
    riskClass: bandOf(riskBands, dpd),
  };
}
