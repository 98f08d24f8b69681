/**
 * The demo's past: which month ends it replays before the demo day, and which delinquent
 * accounts pay in a past month (in full, curing at the next month end, or half). Pure and
 * deterministic for a seed.
 */
import { addDays, type CalendarDate } from '../../../shared/calendar.js';

/** mulberry32: a small, fast, seedable generator (demo data only). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The last `count` month ends strictly before `before`, oldest first. */
export function pastMonthEnds(before: CalendarDate, count: number): CalendarDate[] {
  const ends: CalendarDate[] = [];
  // the day before the first of before's month is the latest month end before it
  let end = addDays(`${before.slice(0, 8)}01`, -1);
  while (ends.length < count) {
    ends.unshift(end);
    end = addDays(`${end.slice(0, 8)}01`, -1);
  }
  return ends;
}

/** Shares of the accounts delinquent at a month end that pay in the month after it. */
export const paidInFullShare = 0.06;
export const paidHalfShare = 0.1;

/**
 * What a delinquent account pays in the month after a month end, given a draw in [0, 1): its
 * whole overdue amount, half of it, or nothing.
 */
export function historyPayment(draw: number, overdueMinor: bigint): bigint {
  if (overdueMinor <= 0n) return 0n;
  if (draw < paidInFullShare) return overdueMinor;
  if (draw < paidInFullShare + paidHalfShare)
    return overdueMinor / 2n > 0n ? overdueMinor / 2n : overdueMinor;
  return 0n;
}

/**
 * The day a past month's payments are made: ten days after the month end, but before `before`
 * (the first day the demo works); null when there is no such day.
 */
export function paymentDay(monthEnd: CalendarDate, before: CalendarDate): CalendarDate | null {
  const tenth = addDays(monthEnd, 10);
  const latest = addDays(before, -1);
  const day = tenth < latest ? tenth : latest;
  return day > monthEnd ? day : null;
}
