import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import { age, bucketBands, riskBands, type Aging } from './aging.js';

const asOf = '2026-11-25';
const overdue = (dpd: number) => ({
  overdueMinor: 100n,
  oldestUnpaidDueDate: addDays(asOf, -dpd),
  nextDueDate: null,
});

describe('age: bucket and risk class at every boundary', () => {
  const table: [number, Aging['bucket'], Aging['riskClass']][] = [
    [0, 'current', 'normal'],
    [1, 'M1', 'special_mention'],
    [30, 'M1', 'special_mention'],
    [31, 'M2', 'special_mention'],
    [60, 'M2', 'special_mention'],
    [61, 'M3', 'special_mention'],
    [90, 'M3', 'special_mention'],
    [91, 'M4', 'substandard'],
    [120, 'M4', 'substandard'],
    [121, 'M5', 'substandard'],
    [150, 'M5', 'substandard'],
    [151, 'M6', 'substandard'],
    [180, 'M6', 'substandard'],
    [181, 'M7+', 'substandard'],
    [270, 'M7+', 'substandard'],
    [271, 'M7+', 'doubtful'],
    [360, 'M7+', 'doubtful'],
    [361, 'M7+', 'loss'],
    [5000, 'M7+', 'loss'],
  ];
  it.each(table)('DPD %i -> %s, %s', (dpd, bucket, riskClass) => {
    const a = age(overdue(dpd), asOf);
    expect(a).toEqual({ dpd, bucket, riskClass, preDue: false });
  });
});

describe('age: days past due', () => {
  it.each([
    ['due today is DPD 0', { overdueMinor: 1n, oldestUnpaidDueDate: asOf, nextDueDate: null }, 0],
    [
      'due tomorrow is DPD 0',
      { overdueMinor: 1n, oldestUnpaidDueDate: addDays(asOf, 1), nextDueDate: null },
      0,
    ],
    [
      'nothing overdue is DPD 0',
      { overdueMinor: 0n, oldestUnpaidDueDate: '2020-01-01', nextDueDate: null },
      0,
    ],
    [
      'one cent overdue counts',
      { overdueMinor: 1n, oldestUnpaidDueDate: addDays(asOf, -1), nextDueDate: null },
      1,
    ],
  ] as const)('%s', (_name, input, dpd) => {
    expect(age(input, asOf).dpd).toBe(dpd);
  });

  it.each([
    ['2024-02-28', '2024-03-01', 2], // across a leap day
    ['2023-02-28', '2023-03-01', 1],
    ['2024-02-29', '2025-02-28', 365],
    ['2024-02-29', '2024-03-31', 31],
    ['2024-01-31', '2024-03-01', 30],
    ['2025-12-31', '2026-01-01', 1],
  ])('due %s, as of %s -> DPD %i', (due, on, dpd) => {
    expect(age({ overdueMinor: 5n, oldestUnpaidDueDate: due, nextDueDate: null }, on).dpd).toBe(
      dpd,
    );
  });
});

describe('age: pre-due', () => {
  const current = (next: string | null) => ({
    overdueMinor: 0n,
    oldestUnpaidDueDate: null,
    nextDueDate: next,
  });
  it.each([
    [asOf, true],
    [addDays(asOf, 7), true],
    [addDays(asOf, 30), true],
    [addDays(asOf, 31), false],
    [addDays(asOf, -1), false],
    [null, false],
  ])('next due %s -> %s', (next, expected) => {
    expect(age(current(next), asOf).preDue).toBe(expected);
  });

  it('an overdue account is never pre-due', () => {
    expect(age({ ...overdue(3), nextDueDate: addDays(asOf, 5) }, asOf).preDue).toBe(false);
  });
});

describe('age: properties', () => {
  const date = fc
    .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('buckets and risk classes never go down as DPD grows', () => {
    fc.assert(
      fc.property(fc.nat(4000), fc.nat(4000), date, (a, b, on) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const at = (dpd: number) =>
          age({ overdueMinor: 1n, oldestUnpaidDueDate: addDays(on, -dpd), nextDueDate: null }, on);
        const x = at(lo);
        const y = at(hi);
        const bi = (v: string) => bucketBands.findIndex((band) => band.value === v);
        const ri = (v: string) => riskBands.findIndex((band) => band.value === v);
        expect(bi(x.bucket)).toBeLessThanOrEqual(bi(y.bucket));
        expect(ri(x.riskClass)).toBeLessThanOrEqual(ri(y.riskClass));
      }),
    );
  });

  it('DPD equals the calendar days from the oldest unpaid due date', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -100, max: 4000 }), (on, n) => {
        const a = age(
          { overdueMinor: 1n, oldestUnpaidDueDate: addDays(on, -n), nextDueDate: null },
          on,
        );
        expect(a.dpd).toBe(Math.max(0, n));
      }),
    );
  });
});
