import { describe, expect, it } from 'vitest';
import {
  addMonths,
  monthEnd,
  monthsEnding,
  recoveryTrend,
  rollRates,
  type BucketTransition,
} from './trends.js';

const buckets = ['current', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'];

describe('months', () => {
  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -14, '2025-01'],
    ['2026-06', 0, '2026-06'],
  ])('%s + %i months = %s', (m, n, want) => expect(addMonths(m, n)).toBe(want));

  it.each([
    ['2024-02', '2024-02-29'],
    ['2023-02', '2023-02-28'],
    ['2026-11', '2026-11-30'],
    ['2026-12', '2026-12-31'],
  ])('the month end of %s is %s', (m, want) => expect(monthEnd(m)).toBe(want));

  it.each([
    ['2026-11-25', 3, ['2026-09', '2026-10', '2026-11']],
    ['2027-01-31', 2, ['2026-12', '2027-01']],
    ['2026-11-01', 1, ['2026-11']],
  ])('the %i months ending %s', (asOf, n, want) => expect(monthsEnding(asOf, n)).toEqual(want));

  it('refuses what is not a month', () => {
    for (const m of ['2026-13', '2026-00', '2026/11', '26-11'])
      expect(() => addMonths(m, 1), m).toThrow(RangeError);
  });
});

describe('rollRates', () => {
  const t = (toMonth: string, fromBucket: string, toBucket: string | null, accounts: number) =>
    ({ toMonth, fromBucket, toBucket, accounts }) satisfies BucketTransition;

  it.each<[string, BucketTransition[], ReturnType<typeof rollRates>]>([
    ['nothing to count', [], []],
    [
      'a bucket that rolls, stays, cures and exits',
      [
        t('2026-10', 'M1', 'M2', 3),
        t('2026-10', 'M1', 'M1', 4),
        t('2026-10', 'M1', 'current', 2),
        t('2026-10', 'M1', null, 1),
      ],
      [
        {
          month: '2026-10',
          bucket: 'M1',
          accounts: 10,
          rolledForward: 3,
          stayed: 4,
          cured: 2,
          exited: 1,
          rollRateBps: 3000,
          cureRateBps: 2000,
        },
      ],
    ],
    [
      'a jump of two buckets still rolls forward; M7+ can only stay or cure',
      [t('2026-10', 'M1', 'M3', 1), t('2026-10', 'M7+', 'M7+', 2), t('2026-10', 'M7+', 'M6', 1)],
      [
        {
          month: '2026-10',
          bucket: 'M1',
          accounts: 1,
          rolledForward: 1,
          stayed: 0,
          cured: 0,
          exited: 0,
          rollRateBps: 10000,
          cureRateBps: 0,
        },
        {
          month: '2026-10',
          bucket: 'M7+',
          accounts: 3,
          rolledForward: 0,
          stayed: 2,
          cured: 1,
          exited: 0,
          rollRateBps: 0,
          cureRateBps: 3333,
        },
      ],
    ],
    [
      'months oldest first, then buckets best first; rates rounded down',
      [
        t('2026-11', 'M2', 'M3', 1),
        t('2026-10', 'M2', 'M2', 2),
        t('2026-10', 'current', 'M1', 1),
        t('2026-10', 'current', 'current', 2),
      ],
      [
        {
          month: '2026-10',
          bucket: 'current',
          accounts: 3,
          rolledForward: 1,
          stayed: 2,
          cured: 0,
          exited: 0,
          rollRateBps: 3333,
          cureRateBps: 0,
        },
        {
          month: '2026-10',
          bucket: 'M2',
          accounts: 2,
          rolledForward: 0,
          stayed: 2,
          cured: 0,
          exited: 0,
          rollRateBps: 0,
          cureRateBps: 0,
        },
        {
          month: '2026-11',
          bucket: 'M2',
          accounts: 1,
          rolledForward: 1,
          stayed: 0,
          cured: 0,
          exited: 0,
          rollRateBps: 10000,
          cureRateBps: 0,
        },
      ],
    ],
  ])('%s', (_name, transitions, want) => expect(rollRates(transitions, buckets)).toEqual(want));

  it('refuses a bucket it cannot order', () => {
    expect(() => rollRates([t('2026-10', 'M9', 'M1', 1)], buckets)).toThrow(/unknown bucket: M9/);
  });
});

describe('recoveryTrend', () => {
  it.each([
    [
      'a rate against the overdue amount at the month end before, per currency',
      ['2026-10', '2026-11'],
      [
        { month: '2026-10', currency: 'CNY', minor: 25_000n },
        { month: '2026-11', currency: 'CNY', minor: 1n },
        { month: '2026-11', currency: 'USD', minor: 500n },
      ],
      [
        { month: '2026-10', currency: 'CNY', minor: 100_000n },
        { month: '2026-11', currency: 'CNY', minor: 3n },
      ],
      [
        {
          month: '2026-10',
          currency: 'CNY',
          recoveredMinor: 25_000n,
          overdueAtStartMinor: 100_000n,
          recoveryRateBps: 2500,
        },
        {
          month: '2026-10',
          currency: 'USD',
          recoveredMinor: 0n,
          overdueAtStartMinor: null,
          recoveryRateBps: null,
        },
        {
          month: '2026-11',
          currency: 'CNY',
          recoveredMinor: 1n,
          overdueAtStartMinor: 3n,
          recoveryRateBps: 3333,
        },
        {
          month: '2026-11',
          currency: 'USD',
          recoveredMinor: 500n,
          overdueAtStartMinor: null,
          recoveryRateBps: null,
        },
      ],
    ],
    [
      'nothing overdue: no rate; beyond 2^53 minor units exactly',
      ['2026-11'],
      [{ month: '2026-11', currency: 'CNY', minor: 9_007_199_254_740_993n }],
      [
        { month: '2026-11', currency: 'CNY', minor: 0n },
        { month: '2026-11', currency: 'KWD', minor: 18_014_398_509_481_986n },
      ],
      [
        {
          month: '2026-11',
          currency: 'CNY',
          recoveredMinor: 9_007_199_254_740_993n,
          overdueAtStartMinor: 0n,
          recoveryRateBps: null,
        },
        {
          month: '2026-11',
          currency: 'KWD',
          recoveredMinor: 0n,
          overdueAtStartMinor: 18_014_398_509_481_986n,
          recoveryRateBps: 0,
        },
      ],
    ],
    ['no data', ['2026-11'], [], [], []],
  ])('%s', (_name, months, recovered, overdue, want) =>
    expect(recoveryTrend(months, recovered, overdue)).toEqual(want),
  );
});
