import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import { bandOf, bucketBands, riskBands } from '../../cycle/domain/aging.js';
import { isAppError } from '../../../shared/errors.js';
import {
  defaultSegmentationRules,
  parseSegmentationRules,
  segmentDebtor,
  type AccountAging,
  type DebtorHistory,
} from './segmentation.js';
import { products } from './vocabulary.js';

const asOf = '2026-11-25';
const rules = defaultSegmentationRules();

const account = (dpd: number, over: Partial<AccountAging> = {}): AccountAging => ({
  accountId: 'A1',
  product: 'consumer_loan',
  bucket: bandOf(bucketBands, dpd),
  dpd,
  riskClass: bandOf(riskBands, dpd),
  currency: 'CNY',
  outstandingMinor: 1_000_000n,
  overdueMinor: 50_000n,
  ...over,
});

const history = (over: Partial<DebtorHistory> = {}): DebtorHistory => ({
  previousDelinquencies: 0,
  brokenPromises: 0,
  keptPromises: 0,
  consecutiveUnansweredCalls: 0,
  lastReachedOn: asOf,
  unansweredSince: null,
  arrangementBroken: false,
  dispute: false,
  ...over,
});

function thrown(f: () => unknown): { message: string; path: unknown } {
  try {
    f();
  } catch (e) {
    if (isAppError(e) && e.code === 'validation_failed')
      return { message: e.message, path: (e.details as { path: unknown }).path };
    throw e;
  }
  throw new Error('expected a validation error');
}

describe('default segmentation rules at their boundaries', () => {
  const table: [string, number, Partial<DebtorHistory>, string, string][] = [
    ['first delinquency, DPD 1', 1, {}, 'green', 'green.first_early'],
    ['first delinquency, DPD 30', 30, {}, 'green', 'green.first_early'],
    ['DPD 31 is M2: negotiation', 31, {}, 'yellow', 'yellow.default'],
    ['DPD 89', 89, {}, 'yellow', 'yellow.default'],
    ['DPD 90', 90, {}, 'yellow', 'yellow.default'],
    ['DPD 91 crosses 90', 91, {}, 'red', 'red.m4_plus'],
    ['DPD 134', 134, {}, 'red', 'red.m4_plus'],
    ['repeat delinquent, DPD 5', 5, { previousDelinquencies: 1 }, 'yellow', 'yellow.default'],
    ['one broken promise', 5, { brokenPromises: 1 }, 'yellow', 'yellow.default'],
    ['two broken promises', 5, { brokenPromises: 2 }, 'red', 'red.promises_broken'],
    ['arrangement broken', 5, { arrangementBroken: true }, 'red', 'red.arrangement_broken'],
    ['dispute is never green', 5, { dispute: true }, 'yellow', 'yellow.default'],
    ['never tried, DPD 45', 45, { lastReachedOn: null }, 'yellow', 'yellow.default'],
    ['never tried, DPD 400', 40, { lastReachedOn: null }, 'yellow', 'yellow.default'],
    [
      'tried, unreached 29 days',
      29,
      { unansweredSince: addDays(asOf, -29) },
      'green',
      'green.first_early',
    ],
    [
      'tried, unreached 30 days',
      30,
      { unansweredSince: addDays(asOf, -30) },
      'red',
      'red.unreachable',
    ],
    [
      'unreached 29 days, DPD 45',
      45,
      { unansweredSince: addDays(asOf, -29) },
      'yellow',
      'yellow.default',
    ],
    [
      'unreached 30 days, DPD 45',
      45,
      { unansweredSince: addDays(asOf, -30) },
      'red',
      'red.unreachable',
    ],
    [
      'unreached since long before the delinquency',
      10,
      { unansweredSince: '2020-01-01' },
      'green',
      'green.first_early',
    ],
  ];
  it.each(table)('%s', (_name, dpd, h, segment, rule) => {
    const s = segmentDebtor(rules, [account(dpd)], history(h), asOf);
    expect(s?.segment).toBe(segment);
    expect(s?.reason.rule).toBe(rule);
    expect(s?.reason.facts.dpd).toBe(dpd);
  });

  it('explains with the facts that fired the rule', () => {
    const s = segmentDebtor(rules, [account(134)], history(), asOf);
    expect(s?.reason).toEqual({ rule: 'red.m4_plus', facts: { bucket: 'M5', dpd: 134 } });
    const u = segmentDebtor(
      rules,
      [account(40)],
      history({ lastReachedOn: null, unansweredSince: addDays(asOf, -60) }),
      asOf,
    );
    expect(u?.reason).toEqual({
      rule: 'red.unreachable',
      facts: { bucket: 'M2', dpd: 40, daysUnreached: 40 },
    });
  });

  it('takes the worst account of the debtor', () => {
    const s = segmentDebtor(
      rules,
      [account(3), account(0, { accountId: 'A2' }), account(95, { accountId: 'A3' })],
      history(),
      asOf,
    );
    expect(s?.reason.rule).toBe('red.m4_plus');
  });

  it('a debtor with nothing overdue has no segment', () => {
    expect(segmentDebtor(rules, [account(0)], history(), asOf)).toBeNull();
    expect(segmentDebtor(rules, [], history(), asOf)).toBeNull();
  });

  it('parameters move the thresholds', () => {
    const strict = defaultSegmentationRules({ brokenPromises: 1, unreachableDays: 10 });
    expect(segmentDebtor(strict, [account(5)], history({ brokenPromises: 1 }), asOf)?.segment).toBe(
      'red',
    );
    expect(
      segmentDebtor(strict, [account(10)], history({ unansweredSince: addDays(asOf, -10) }), asOf)
        ?.segment,
    ).toBe('red');
  });
});

describe('segmentation rules: bad input is rejected with a path', () => {
  const catchAll = { id: 'yellow.default', segment: 'yellow', when: {} };
  it.each([
    [
      'unknown field in a condition',
      [{ id: 'r', segment: 'red', when: { bukets: ['M4'] } }, catchAll],
      [0, 'when'],
      /bukets/,
    ],
    ['unknown segment', [{ id: 'r', segment: 'blue', when: {} }], [0, 'segment'], /segment/],
    [
      'last rule not a catch-all',
      [{ id: 'r', segment: 'red', when: { dispute: true } }],
      [0, 'when'],
      /catch-all/,
    ],
    [
      'rule after a catch-all',
      [catchAll, { id: 'r', segment: 'red', when: { dispute: true } }],
      [1],
      /unreachable.*yellow\.default/,
    ],
    [
      'rule narrower than an earlier one',
      [
        { id: 'a', segment: 'red', when: { buckets: ['M4', 'M5'] } },
        { id: 'b', segment: 'red', when: { buckets: ['M5'], dispute: false } },
        catchAll,
      ],
      [1],
      /"b" is unreachable/,
    ],
    [
      'min above max',
      [{ id: 'a', segment: 'red', when: { dpd: { min: 9, max: 3 } } }, catchAll],
      [0, 'when', 'dpd', 'min'],
      /above max/,
    ],
    [
      'empty range',
      [{ id: 'a', segment: 'red', when: { dpd: {} } }, catchAll],
      [0, 'when', 'dpd'],
      /min or max/,
    ],
    ['duplicate id', [{ ...catchAll, when: { dispute: true } }, catchAll], [1, 'id'], /duplicate/],
  ])('%s', (_name, input, path, message) => {
    const e = thrown(() => parseSegmentationRules(input));
    expect(e.path).toEqual(path);
    expect(e.message).toMatch(message);
  });

  it('a rule only partly covered by an earlier one is kept', () => {
    expect(() =>
      parseSegmentationRules([
        { id: 'a', segment: 'red', when: { buckets: ['M4', 'M5'] } },
        { id: 'b', segment: 'red', when: { buckets: ['M5', 'M6'] } },
        catchAll,
      ]),
    ).not.toThrow();
  });
});

describe('segmentation: properties', () => {
  const date = fc.integer({ min: 0, max: 400 }).map((n) => addDays(asOf, -n));
  const arbAccount = fc
    .record({ dpd: fc.nat(800), product: fc.constantFrom(...products), id: fc.string() })
    .map(({ dpd, product, id }) => account(dpd, { product, accountId: id }));
  const arbHistory = fc.record({
    previousDelinquencies: fc.nat(5),
    brokenPromises: fc.nat(5),
    keptPromises: fc.nat(5),
    consecutiveUnansweredCalls: fc.nat(10),
    lastReachedOn: fc.option(date),
    unansweredSince: fc.option(date),
    arrangementBroken: fc.boolean(),
    dispute: fc.boolean(),
  });

  it('every delinquent debtor gets a segment that explains itself', () => {
    fc.assert(
      fc.property(fc.array(arbAccount, { maxLength: 5 }), arbHistory, (accounts, h) => {
        const s = segmentDebtor(rules, accounts, h, asOf);
        const delinquent = accounts.filter((a) => a.dpd > 0);
        if (delinquent.length === 0) {
          expect(s).toBeNull();
          return;
        }
        const rule = rules.find((r) => r.id === s?.reason.rule);
        expect(rule?.segment).toBe(s?.segment);
        expect(s?.reason.facts.dpd).toBe(Math.max(...delinquent.map((a) => a.dpd)));
        const tested = Object.keys(rule?.when ?? {}).length;
        expect(Object.keys(s?.reason.facts ?? {}).length).toBeGreaterThanOrEqual(tested);
        // DPD above 90 is always red
        if (delinquent.some((a) => a.dpd > 90)) expect(s?.segment).toBe('red');
      }),
    );
  });
});
