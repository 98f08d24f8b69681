import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeBonus,
  contactRateBps,
  defaultBonusRules,
  parseBonusRules,
  promiseKeptRateBps,
  recoveryRateBps,
} from './kpi.js';
import { validationError } from './testing.js';

describe('KPI formulas in basis points', () => {
  it.each([
    [recoveryRateBps(90_000n, 100_000n), 9_000],
    [recoveryRateBps(1n, 3n), 3_333],
    [recoveryRateBps(150n, 100n), 15_000],
    [recoveryRateBps(5n, 0n), null],
    [contactRateBps(45, 60), 7_500],
    [contactRateBps(0, 0), null],
    [promiseKeptRateBps(3, 1), 7_500],
    [promiseKeptRateBps(0, 0), null],
  ])('%s = %s', (got, expected) => {
    expect(got).toBe(expected);
  });
});

describe('bonus: 20% at or above 90% of target', () => {
  const base = { targetMinor: 1_000_000n, baseMinor: 800_000n };
  it.each([
    [899_999n, 0n],
    [900_000n, 160_000n],
    [900_001n, 160_000n],
    [2_000_000n, 160_000n],
  ])('recovered %s -> bonus %s', (recoveredMinor, bonus) => {
    expect(computeBonus(defaultBonusRules, { ...base, recoveredMinor }).bonusMinor).toBe(bonus);
  });

  it('tiers and a complaint cap', () => {
    const rules = parseBonusRules({
      tiers: [
        { atLeastBps: 9_000, bonusBps: 2_000 },
        { atLeastBps: 11_000, bonusBps: 3_000 },
      ],
      maxComplaintRateBps: 100,
    });
    expect(computeBonus(rules, { ...base, recoveredMinor: 1_100_000n })).toMatchObject({
      tier: 1,
      bonusMinor: 240_000n,
    });
    expect(
      computeBonus(rules, { ...base, recoveredMinor: 1_100_000n, complaintRateBps: 101 }),
    ).toMatchObject({ bonusMinor: 0n, withheldForComplaints: true });
  });

  it('tiers out of order are rejected with their path', () => {
    const e = validationError(() =>
      parseBonusRules({
        tiers: [
          { atLeastBps: 9_000, bonusBps: 1 },
          { atLeastBps: 9_000, bonusBps: 2 },
        ],
      }),
    );
    expect(e.path).toEqual(['tiers', 1, 'atLeastBps']);
  });

  it('property: the bonus never decreases as recovery grows, and never exceeds the tier', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const x = computeBonus(defaultBonusRules, { ...base, recoveredMinor: lo });
          const y = computeBonus(defaultBonusRules, { ...base, recoveredMinor: hi });
          expect(x.bonusMinor <= y.bonusMinor).toBe(true);
          expect(y.bonusMinor <= (base.baseMinor * 2_000n) / 10_000n).toBe(true);
        },
      ),
    );
  });
});
