/**
 * Monthly due dates with month-end clamping. Every date is computed from the anchor (the first due
 * date), never from the previous one, so a clamp does not drift: Jan 31 -> Feb 28 (29 in a leap
 * year) -> Mar 31 -> Apr 30.
 */
import { daysInMonth, isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';

function parts(date: CalendarDate): [number, number, number] {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The anchor's day in the month `months` later, clamped to that month's last day. */
export function addMonthsClamped(anchor: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = parts(anchor);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** count monthly due dates starting at first. */
export function monthlyDueDates(first: CalendarDate, count: number): CalendarDate[] {
  return Array.from({ length: count }, (_, i) => addMonthsClamped(first, i));
}
