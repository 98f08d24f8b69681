import { describe, expect, it } from 'vitest';
import { defaultBonusRules, parseBonusRules } from '../../strategy/index.js';
import { rollupKpis, type CollectorFacts } from './kpi-rollup.js';

const november = { from: '2026-11-01', to: '2026-11-30' } as const;

function facts(over: Partial<CollectorFacts> & { collectorId: string }): CollectorFacts {
  return {
    unit: 'phone',
    agencyId: null,
    currency: 'CNY',
    monthlyTargetMinor: 1_000_000n,
    monthlyBonusBaseMinor: 500_000n,
    attempts: 0,
    complaints: 0,
    promisesKept: 0,
    promisesBroken: 0,
    recovered: [],
    ...over,
  };
}

const team = [
  // 95% of target: bonus 20% of 500,000 = 100,000
  facts({
    collectorId: 'A',
    attempts: 10,
    promisesKept: 3,
    promisesBroken: 1,
    recovered: [{ currency: 'CNY', minor: 950_000n }],
  }),
  // 89.99%: no bonus
  facts({
    collectorId: 'B',
    attempts: 5,
    promisesKept: 0,
    promisesBroken: 2,
    recovered: [{ currency: 'CNY', minor: 899_900n }],
  }),
  // agency collector in the field, USD target
  facts({
    collectorId: 'C',
    unit: 'field',
    agencyId: 'AG',
    currency: 'USD',
    monthlyTargetMinor: 10_000n,
    monthlyBonusBaseMinor: 1_000n,
    recovered: [
      { currency: 'USD', minor: 20_000n },
      { currency: 'CNY', minor: 5n },
    ],
  }),
];

describe('rollupKpis', () => {
  it('computes each collector’s KPIs and bonus on known data', () => {
    const rows = rollupKpis({
      by: 'collector',
      ...november,
      collectors: team,
      contacts: [
        { key: 'A', accountsAttempted: 8, accountsReached: 6 },
        { key: 'B', accountsAttempted: 3, accountsReached: 0 },
      ],
      rules: defaultBonusRules,
    });
    expect(
      rows.map((r) => [r.key, r.contactRateBps, r.promiseKeptRateBps, r.recoveryRateBps, r.bonus]),
    ).toEqual([
      ['A', 7500, 7500, 9500, [{ currency: 'CNY', minor: 100_000n }]],
      ['B', 0, 0, 8999, [{ currency: 'CNY', minor: 0n }]],
      ['C', null, null, 20000, [{ currency: 'USD', minor: 200n }]],
    ]);
    expect(rows[2]!.recovered).toEqual([
      { currency: 'CNY', minor: 5n },
      { currency: 'USD', minor: 20_000n },
    ]);
  });

  it('sums a unit, and a unit target replaces its collectors’ targets', () => {
    const [field, phone] = rollupKpis({
      by: 'unit',
      ...november,
      collectors: team,
      contacts: [{ key: 'phone', accountsAttempted: 10, accountsReached: 6 }],
      rules: defaultBonusRules,
      unitTargets: [{ unit: 'phone', currency: 'CNY', monthlyTargetMinor: 3_000_000n }],
    });
    expect(phone).toMatchObject({
      key: 'phone',
      collectors: 2,
      attempts: 15,
      contactRateBps: 6000,
      promisesKept: 3,
      promisesBroken: 3,
      promiseKeptRateBps: 5000,
      recovered: [{ currency: 'CNY', minor: 1_849_900n }],
      target: [{ currency: 'CNY', minor: 3_000_000n }],
      recoveryRateBps: 6166,
      bonus: [{ currency: 'CNY', minor: 100_000n }],
    });
    expect(field).toMatchObject({ key: 'field', target: [{ currency: 'USD', minor: 10_000n }] });
  });

  it('groups by agency with in-house apart, prorates half a month, and applies configured tiers', () => {
    const rules = parseBonusRules({
      tiers: [
        { atLeastBps: 5000, bonusBps: 1000 },
        { atLeastBps: 15000, bonusBps: 3000 },
      ],
    });
    const rows = rollupKpis({
      by: 'agency',
      from: '2026-11-01',
      to: '2026-11-15',
      collectors: team,
      contacts: [],
      rules,
    });
    expect(rows.map((r) => r.key)).toEqual(['AG', 'in_house']);
    // half a month: targets 500,000 each; A 190% and B 179.98% -> 30% of a 250,000 base each
    expect(rows[1]).toMatchObject({
      target: [{ currency: 'CNY', minor: 1_000_000n }],
      recoveryRateBps: 18499,
      bonus: [{ currency: 'CNY', minor: 150_000n }],
    });
    // C: target 5,000, recovered 20,000 (400%) -> 30% of 500
    expect(rows[0]!.bonus).toEqual([{ currency: 'USD', minor: 150n }]);
  });

  it('withholds the bonus above the complaint rate limit, and gives no rate without a target', () => {
    const rules = parseBonusRules({
      tiers: [{ atLeastBps: 9000, bonusBps: 2000 }],
      maxComplaintRateBps: 1000,
    });
    const rows = rollupKpis({
      by: 'collector',
      ...november,
      collectors: [
        facts({
          collectorId: 'X',
          attempts: 10,
          complaints: 2,
          recovered: [{ currency: 'CNY', minor: 2_000_000n }],
        }),
        facts({ collectorId: 'Y', monthlyTargetMinor: 0n }),
      ],
      contacts: [],
      rules,
    });
    expect(rows[0]!.bonus).toEqual([{ currency: 'CNY', minor: 0n }]);
    expect(rows[1]).toMatchObject({ target: [], recoveryRateBps: null });
  });
});
