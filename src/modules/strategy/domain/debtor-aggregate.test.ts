import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import { bandOf, bucketBands, riskBands } from '../../cycle/domain/aging.js';
import { aggregateAccounts, factsOfAggregate } from './debtor-aggregate.js';
import {
  debtorFacts,
  defaultSegmentationRules,
  segmentDebtor,
  segmentOf,
  type AccountAging,
  type DebtorHistory,
} from './segmentation.js';
import { products } from './vocabulary.js';

const asOf = '2026-11-25';

const account = (dpd: number, over: Partial<AccountAging> = {}): AccountAging => ({
  accountId: `A${dpd}`,
  product: 'consumer_loan',
  bucket: bandOf(bucketBands, dpd),
  dpd,
  riskClass: bandOf(riskBands, dpd),
  currency: 'CNY',
  outstandingMinor: 1_000n,
  overdueMinor: dpd > 0 ? 10n : 0n,
  ...over,
});

const noHistory: DebtorHistory = {
  previousDelinquencies: 0,
  brokenPromises: 0,
  keptPromises: 0,
  consecutiveUnansweredCalls: 0,
  lastReachedOn: null,
  unansweredSince: null,
  arrangementBroken: false,
  dispute: false,
};

describe('debtor aggregates', () => {
  it('fold the worst DPD, bucket and risk class of delinquent accounts, balances of all', () => {
    const agg = aggregateAccounts([
      account(0, { currency: 'USD', outstandingMinor: 7n }),
      account(45),
      account(120, { outstandingMinor: 5n }),
    ]);
    expect(agg).toEqual({
      delinquentAccounts: 2,
      worstDpd: 120,
      worstBucket: 'M4',
      riskClass: 'substandard',
      balances: { USD: 7n, CNY: 1_005n },
    });
  });

  it('are null when no account is delinquent', () => {
    expect(aggregateAccounts([account(0), account(0)])).toBeNull();
    expect(aggregateAccounts([])).toBeNull();
  });

  it('give the same facts and segment as the accounts themselves (property)', () => {
    const acct = fc.record({
      dpd: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 800 })),
      product: fc.constantFrom(...products),
      currency: fc.constantFrom('CNY', 'USD', 'HKD'),
      outstandingMinor: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    });
    const history = fc.record({
      previousDelinquencies: fc.nat(3),
      brokenPromises: fc.nat(3),
      keptPromises: fc.nat(3),
      consecutiveUnansweredCalls: fc.nat(5),
      lastReachedOn: fc.option(
        fc.integer({ min: 0, max: 900 }).map((d) => addDays(asOf, -d)),
        { nil: null },
      ),
      unansweredSince: fc.option(
        fc.integer({ min: 0, max: 900 }).map((d) => addDays(asOf, -d)),
        { nil: null },
      ),
      arrangementBroken: fc.boolean(),
      dispute: fc.boolean(),
    });
    const rules = defaultSegmentationRules();
    fc.assert(
      fc.property(fc.array(acct, { maxLength: 8 }), history, (accts, h) => {
        const accounts = accts.map((a, i) => account(a.dpd, { ...a, accountId: `A${i}` }));
        const expected = debtorFacts(accounts, h, asOf);
        const agg = aggregateAccounts(accounts);
        if (expected === null) {
          expect(agg).toBeNull();
          return;
        }
        expect(agg).not.toBeNull();
        const facts = factsOfAggregate(agg!, h, asOf);
        expect(facts).toEqual(expected);
        expect(segmentOf(rules, facts)).toEqual(segmentDebtor(rules, accounts, h, asOf));
      }),
      { numRuns: 500 },
    );
  });

  it('counts days unreached within the worst delinquency, and none for a debtor never tried', () => {
    const agg = aggregateAccounts([account(12), account(40)])!;
    expect(factsOfAggregate(agg, noHistory, asOf).daysUnreached).toBe(0);
    const tried = { ...noHistory, unansweredSince: addDays(asOf, -90) };
    expect(factsOfAggregate(agg, tried, asOf)).toMatchObject({
      dpd: 40,
      bucket: 'M2',
      daysUnreached: 40,
      delinquentAccounts: 2,
    });
  });
});
