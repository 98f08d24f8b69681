import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  decideRetention,
  retentionMonthsProblem,
  type HoldFacts,
  type RetentionFacts,
} from './retention.js';

const noHolds: HoldFacts = { dispute: false, complaints: 0, legalReviews: 0 };
const closed = (closedSince: string, holds: Partial<HoldFacts> = {}): RetentionFacts => ({
  allClosed: true,
  closedSince,
  anonymised: false,
  holds: { ...noHolds, ...holds },
});

describe('decideRetention', () => {
  const cases: [string, RetentionFacts, number, string, ReturnType<typeof decideRetention>][] = [
    [
      'an open account keeps everything',
      { allClosed: false, closedSince: '2015-01-01', anonymised: false, holds: noHolds },
      60,
      '2026-11-25',
      { status: 'open' },
    ],
    [
      'no account closed yet',
      { allClosed: true, closedSince: null, anonymised: false, holds: noHolds },
      60,
      '2026-11-25',
      { status: 'open' },
    ],
    [
      'within the period',
      closed('2022-06-30'),
      60,
      '2026-11-25',
      { status: 'retained', closedSince: '2022-06-30', retainedUntil: '2027-06-30' },
    ],
    [
      'on the last day of the period: still kept',
      closed('2021-11-25'),
      60,
      '2026-11-25',
      { status: 'retained', closedSince: '2021-11-25', retainedUntil: '2026-11-25' },
    ],
    [
      'the day after the period: anonymised',
      closed('2021-11-24'),
      60,
      '2026-11-25',
      { status: 'eligible', closedSince: '2021-11-24', retainedUntil: '2026-11-24' },
    ],
    [
      'a shorter period of the portfolio',
      closed('2024-01-31'),
      24,
      '2026-11-25',
      { status: 'eligible', closedSince: '2024-01-31', retainedUntil: '2026-01-31' },
    ],
    [
      'a dispute holds it, with the reason',
      closed('2015-01-01', { dispute: true }),
      60,
      '2026-11-25',
      {
        status: 'held',
        closedSince: '2015-01-01',
        retainedUntil: '2020-01-01',
        holds: [{ code: 'dispute', reason: 'a dispute is flagged' }],
      },
    ],
    [
      'complaints and legal reviews hold it, each named',
      closed('2015-01-01', { complaints: 2, legalReviews: 1 }),
      60,
      '2026-11-25',
      {
        status: 'held',
        closedSince: '2015-01-01',
        retainedUntil: '2020-01-01',
        holds: [
          { code: 'complaint', reason: '2 complaints are on record' },
          { code: 'legal_review', reason: 'a legal review is open' },
        ],
      },
    ],
    [
      'a hold within the period: still only retained',
      closed('2025-01-01', { dispute: true }),
      60,
      '2026-11-25',
      { status: 'retained', closedSince: '2025-01-01', retainedUntil: '2030-01-01' },
    ],
    [
      'anonymised once, never again',
      { ...closed('2015-01-01'), anonymised: true },
      60,
      '2026-11-25',
      { status: 'anonymised' },
    ],
  ];
  it.each(cases)('%s', (_name, facts, months, asOf, expected) => {
    expect(decideRetention(facts, months, asOf)).toEqual(expected);
  });

  it('is eligible exactly when the as-of date is past the period and nothing holds', () => {
    const date = fc
      .integer({ min: 0, max: 40_000 })
      .map((d) => new Date(Date.UTC(1990, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, fc.integer({ min: 12, max: 600 }), (since, asOf, months) => {
        const d = decideRetention(closed(since), months, asOf);
        expect(d.status === 'eligible').toBe(asOf > addMonths(since, months));
      }),
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2021-11-25', 60, '2026-11-25'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2021-12-15', 1, '2022-01-15'],
    ['2021-03-31', 600, '2071-03-31'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('retentionMonthsProblem', () => {
  it.each([
    [60, null],
    [12, null],
    [600, null],
    [11, 'the retention period must be 12 to 600 months'],
    [601, 'the retention period must be 12 to 600 months'],
    [0, 'the retention period must be 12 to 600 months'],
    [24.5, 'the retention period must be a whole number of months'],
  ])('%d months: %s', (months, problem) => {
    expect(retentionMonthsProblem(months)).toBe(problem);
  });
});
