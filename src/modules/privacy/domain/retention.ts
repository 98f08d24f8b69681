/**
 * The retention rules (PIPL art. 47: personal data is deleted once its retention period has
 * expired): a debtor's personal data is kept while any account is open and for a portfolio's
 * retention period after the last one closed, longer while a legal hold stands, and is then
 * anonymised. Pure: the as-of date is an argument.
 */
import { daysInMonth, type CalendarDate } from '../../../shared/calendar.js';

/** Five years after the last account closed: the record keeping period banks are held to. */
export const defaultRetentionMonths = 60;
export const minRetentionMonths = 12;
export const maxRetentionMonths = 600;

/** Why a retention period is not acceptable, or null when it is. */
export function retentionMonthsProblem(months: number): string | null {
  if (!Number.isInteger(months)) return 'the retention period must be a whole number of months';
  if (months < minRetentionMonths || months > maxRetentionMonths)
    return `the retention period must be ${minRetentionMonths} to ${maxRetentionMonths} months`;
  return null;
}

/** The calendar date `months` after `date`, on the last day of the month when it is shorter. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** What in the record may still be needed: these keep the data however old the closure. */
export type HoldFacts = {
  /** a dispute flagged now */
  dispute: boolean;
  /** complaints recorded (none can be closed in Recourse yet) */
  complaints: number;
  /** legal reviews open or held (a legal case in preparation) */
  legalReviews: number;
};

export type Hold = { code: 'dispute' | 'complaint' | 'legal_review'; reason: string };

export type RetentionFacts = {
  /** whether every account of the debtor is closed */
  allClosed: boolean;
  /** the day the last account closed (null when none is) */
  closedSince: CalendarDate | null;
  anonymised: boolean;
  holds: HoldFacts;
};

export type RetentionDecision =
  | { status: 'anonymised' }
  | { status: 'open' }
  | { status: 'retained'; closedSince: CalendarDate; retainedUntil: CalendarDate }
  | { status: 'held'; closedSince: CalendarDate; retainedUntil: CalendarDate; holds: Hold[] }
  | { status: 'eligible'; closedSince: CalendarDate; retainedUntil: CalendarDate };

/** The legal holds the facts amount to, each with its reason in words. */
export function holdsOf(f: HoldFacts): Hold[] {
  const holds: Hold[] = [];
  if (f.dispute) holds.push({ code: 'dispute', reason: 'a dispute is flagged' });
  if (f.complaints > 0)
    holds.push({
      code: 'complaint',
      reason: `${f.complaints === 1 ? 'a complaint is' : `${f.complaints} complaints are`} on record`,
    });
  if (f.legalReviews > 0)
    holds.push({
      code: 'legal_review',
      reason: `${f.legalReviews === 1 ? 'a legal review is' : `${f.legalReviews} legal reviews are`} open`,
    });
  return holds;
}

/**
 * Whether a debtor's personal data is anonymised as of a date: not while an account is open, nor
 * until the retention period after the last closure has passed (the day after retainedUntil is
 * the first it may be), nor while a legal hold stands; once anonymised, never again.
 */
export function decideRetention(
  f: RetentionFacts,
  retentionMonths: number,
  asOf: CalendarDate,
): RetentionDecision {
  if (f.anonymised) return { status: 'anonymised' };
  if (!f.allClosed || f.closedSince === null) return { status: 'open' };
  const retainedUntil = addMonths(f.closedSince, retentionMonths);
  const base = { closedSince: f.closedSince, retainedUntil };
  if (asOf <= retainedUntil) return { status: 'retained', ...base };
  const holds = holdsOf(f.holds);
  if (holds.length > 0) return { status: 'held', ...base, holds };
  return { status: 'eligible', ...base };
}
