import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  addDays,
  dateInZone,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isCalendarDate,
  isMonthEnd,
  isTimeZone,
  toEpochDay,
} from './calendar.js';

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-04-30', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-01-32', false],
    ['2026-1-05', false],
    ['2026-01-5', false],
    ['26-01-05', false],
    ['2026/01/05', false],
    ['2026-01-05T00:00:00Z', false],
    [' 2026-01-05', false],
    ['', false],
    ['0000-01-01', false],
    ['0001-01-01', true],
    ['9999-12-31', true],
  ])('%j -> %s', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
  });
});

describe('daysInMonth', () => {
  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
    [2026, 1, 31],
  ])('%i-%i has %i days', (y, m, n) => {
    expect(daysInMonth(y, m)).toBe(n);
  });
});

describe('day arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2026-03-15', -365, '2025-03-15'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-03-08', 1, '2026-03-09'], // US daylight saving starts: no effect on calendar days
    ['1969-12-31', 1, '1970-01-01'],
    ['2026-03-15', 0, '2026-03-15'],
    ['0050-01-01', 1, '0050-01-02'], // years below 100 are not 19xx
    ['0001-01-01', 365, '0002-01-01'],
  ])('%s plus %i days = %s', (from, n, to) => {
    expect(addDays(from, n)).toBe(to);
    expect(daysBetween(from, to)).toBe(n);
    expect(daysBetween(to, from) + n).toBe(0);
  });

  it.each([
    ['2024-01-01', '2025-01-01', 366],
    ['2025-01-01', '2026-01-01', 365],
    ['2026-01-01', '2026-03-01', 59],
    ['2024-01-01', '2024-03-01', 60],
    ['2025-11-25', '2026-11-25', 365],
  ])('daysBetween(%s, %s) = %i', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });

  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11_017],
    ['0001-01-01', -719_162],
  ])('toEpochDay(%s) = %i and back', (date, day) => {
    expect(toEpochDay(date)).toBe(day);
    expect(fromEpochDay(day)).toBe(date);
  });

  it('refuses what is not a date', () => {
    expect(() => toEpochDay('2026-1-5')).toThrow(RangeError);
    expect(() => addDays('tomorrow', 1)).toThrow(RangeError);
  });
});

describe('isMonthEnd', () => {
  it.each([
    ['2024-02-29', true],
    ['2024-02-28', false],
    ['2023-02-28', true],
    ['2026-04-30', true],
    ['2026-12-31', true],
    ['2026-01-30', false],
    ['2026-01-31', true],
    ['garbage', false],
  ])('%s -> %s', (date, end) => {
    expect(isMonthEnd(date)).toBe(end);
  });
});

describe('dateInZone', () => {
  it.each([
    // Shanghai (UTC+8) crosses midnight at 16:00 UTC; New York (UTC-5 in winter) is still on the day.
    ['2026-01-05T15:59:59.999Z', 'Asia/Shanghai', '2026-01-05'],
    ['2026-01-05T16:00:00.000Z', 'Asia/Shanghai', '2026-01-06'],
    ['2026-01-05T15:59:59.999Z', 'America/New_York', '2026-01-05'],
    ['2026-01-05T16:00:00.000Z', 'America/New_York', '2026-01-05'],
    // New York's midnight at 05:00 UTC in winter, 04:00 UTC in summer (EDT).
    ['2026-01-06T04:59:59.999Z', 'America/New_York', '2026-01-05'],
    ['2026-01-06T05:00:00.000Z', 'America/New_York', '2026-01-06'],
    ['2026-01-06T04:59:59.999Z', 'Asia/Shanghai', '2026-01-06'],
    ['2026-07-01T03:59:59.999Z', 'America/New_York', '2026-06-30'],
    ['2026-07-01T04:00:00.000Z', 'America/New_York', '2026-07-01'],
    ['2024-02-29T16:00:00.000Z', 'Asia/Shanghai', '2024-03-01'],
    ['2025-12-31T16:00:00.000Z', 'Asia/Shanghai', '2026-01-01'],
    ['2025-12-31T16:00:00.000Z', 'America/Los_Angeles', '2025-12-31'],
    ['2026-01-05T12:00:00.000Z', 'UTC', '2026-01-05'],
  ])('%s in %s is %s', (instant, zone, date) => {
    const got = dateInZone(new Date(instant), zone);
    expect(got).toBe(date);
    expect(isCalendarDate(got)).toBe(true);
  });
});

describe('isTimeZone', () => {
  it.each([
    ['Asia/Shanghai', true],
    ['Asia/Hong_Kong', true],
    ['America/New_York', true],
    ['America/Los_Angeles', true],
    ['Asia/Singapore', true],
    ['Europe/London', true],
    ['UTC', true],
    ['Etc/GMT+8', true],
    ['Mars/Olympus_Mons', false],
    ['Asia/Beijing', false],
    ['', false],
    ['+08:00', false],
    ['-05:00', false],
    ['UTC+8', false],
  ])('%j -> %s', (name, ok) => {
    expect(isTimeZone(name)).toBe(ok);
    expect(isTimeZone(name)).toBe(ok); // cached answer is the same
  });
});

describe('calendar properties', () => {
  const minDay = toEpochDay('0001-01-01');
  const maxDay = toEpochDay('9999-12-31');
  const calendarDate = fc
    .record({
      y: fc.integer({ min: 1, max: 9999 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
    })
    .map(
      ({ y, m, d }) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    )
    .filter(isCalendarDate);

  it('fromEpochDay(toEpochDay(d)) is d', () => {
    fc.assert(
      fc.property(calendarDate, (d) => {
        expect(fromEpochDay(toEpochDay(d))).toBe(d);
      }),
      { numRuns: 2000 },
    );
  });

  it('toEpochDay orders dates as their text does', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, (a, b) => {
        expect(Math.sign(toEpochDay(b) - toEpochDay(a))).toBe(Math.sign(b.localeCompare(a)));
      }),
      { numRuns: 2000 },
    );
  });

  it('addDays(d, n) then daysBetween is n, and lands on a real date', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -200_000, max: 200_000 }), (d, n) => {
        const target = toEpochDay(d) + n;
        fc.pre(target >= minDay && target <= maxDay);
        const e = addDays(d, n);
        expect(isCalendarDate(e)).toBe(true);
        expect(daysBetween(d, e)).toBe(n);
        expect(addDays(e, -n)).toBe(d);
      }),
      { numRuns: 2000 },
    );
  });

  it('consecutive days differ by one and month ends are followed by the 1st', () => {
    fc.assert(
      fc.property(calendarDate, (d) => {
        fc.pre(d !== '9999-12-31');
        const next = addDays(d, 1);
        expect(daysBetween(d, next)).toBe(1);
        expect(next.endsWith('-01')).toBe(isMonthEnd(d));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['asia/shanghai', 'Asia/Shanghai'],
    ['Asia/Shanghai', 'Asia/Shanghai'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['Mars/Olympus', null],
    ['', null],
  ])('%s -> %s', (name, canonical) => {
    expect(canonicalTimeZone(name)).toBe(canonical);
  });
});
