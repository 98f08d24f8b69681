import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, isCalendarDate } from '../../../shared/calendar.js';
import { addMonthsClamped, monthlyDueDates } from './due-dates.js';

describe('monthly due dates with month-end clamping', () => {
  it.each([
    ['2026-01-31', 4, ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']],
    ['2024-01-31', 3, ['2024-01-31', '2024-02-29', '2024-03-31']],
    ['2026-01-30', 3, ['2026-01-30', '2026-02-28', '2026-03-30']],
    ['2026-01-29', 2, ['2026-01-29', '2026-02-28']],
    ['2026-02-28', 3, ['2026-02-28', '2026-03-28', '2026-04-28']],
    ['2026-11-15', 3, ['2026-11-15', '2026-12-15', '2027-01-15']],
    ['2026-12-31', 3, ['2026-12-31', '2027-01-31', '2027-02-28']],
  ])('from %s, %i dates', (first, n, expected) => {
    expect(monthlyDueDates(first, n)).toEqual(expected);
  });

  it('60 months from Feb 29 lands on Feb 28 or 29', () => {
    expect(addMonthsClamped('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('keeps the anchor day whenever the month has it, else the month end', () => {
    const date = fc
      .integer({ min: 0, max: 20_000 })
      .map((d) => new Date(Date.UTC(2000, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 60 }), (anchor, k) => {
        const d = addMonthsClamped(anchor, k);
        expect(isCalendarDate(d)).toBe(true);
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        const anchorDay = Number(anchor.slice(8));
        expect(day).toBe(Math.min(anchorDay, daysInMonth(y, m)));
        const months = (y - Number(anchor.slice(0, 4))) * 12 + m - Number(anchor.slice(5, 7));
        expect(months).toBe(k);
      }),
    );
  });
});
