/**
 * KPI formulas and the bonus calculator, in integers: rates are basis points (1% = 100 bps),
 * rounded down; money is bigint minor units in one currency.
 */
import { z } from 'zod';
import { deepFreeze, parseWith } from './validation.js';

export const fullBps = 10_000;

/** numerator / denominator in basis points, rounded down; null when the denominator is 0. */
export function ratioBps(numerator: bigint | number, denominator: bigint | number): number | null {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d <= 0n) return null;
  if (n < 0n) throw new RangeError('a KPI numerator cannot be negative');
  return Number((n * BigInt(fullBps)) / d);
}

/** Cash recovered against the target (may exceed 100%). */
export function recoveryRateBps(recoveredMinor: bigint, targetMinor: bigint): number | null {
  return ratioBps(recoveredMinor, targetMinor);
}

/** Accounts where the debtor was reached, over accounts attempted. */
export function contactRateBps(reachedAccounts: number, attemptedAccounts: number): number | null {
  return ratioBps(reachedAccounts, attemptedAccounts);
}

/** Promises kept over promises that fell due (kept + broken); open promises do not count. */
export function promiseKeptRateBps(kept: number, broken: number): number | null {
  return ratioBps(kept, kept + broken);
}

const bps = z.number().int().min(0);

export const bonusRulesSchema = z
  .strictObject({
    /** Tiers by attainment (recovery rate against target); the highest tier reached applies. */
    tiers: z.array(z.strictObject({ atLeastBps: bps, bonusBps: bps.max(fullBps * 10) })).min(1),
    /** No bonus when the complaint rate is above this (NIFA: KPIs include complaints). */
    maxComplaintRateBps: bps.max(fullBps).optional(),
  })
  .superRefine((r, ctx) => {
    r.tiers.forEach((t, i) => {
      const prev = r.tiers[i - 1];
      if (prev && t.atLeastBps <= prev.atLeastBps)
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', i, 'atLeastBps'],
          message: 'tiers must rise strictly in attainment',
        });
    });
  });
export type BonusRules = z.output<typeof bonusRulesSchema>;

export function parseBonusRules(input: unknown): BonusRules {
  return deepFreeze(parseWith(bonusRulesSchema, input, 'bonus rules'));
}

/** 20% of the bonus base at or above 90% of target. */
export const defaultBonusRules: BonusRules = parseBonusRules({
  tiers: [{ atLeastBps: 9_000, bonusBps: 2_000 }],
});

export type BonusInput = {
  readonly recoveredMinor: bigint;
  readonly targetMinor: bigint;
  /** What the bonus percentage applies to (e.g. the period's base pay), minor units. */
  readonly baseMinor: bigint;
  readonly complaintRateBps?: number;
};

export type BonusResult = {
  readonly attainmentBps: number | null;
  /** Index of the tier reached, -1 for none. */
  readonly tier: number;
  readonly bonusBps: number;
  readonly bonusMinor: bigint;
  readonly withheldForComplaints: boolean;
};

export function computeBonus(rules: BonusRules, input: BonusInput): BonusResult {
  const attainmentBps = recoveryRateBps(input.recoveredMinor, input.targetMinor);
  let tier = -1;
  if (attainmentBps !== null)
    rules.tiers.forEach((t, i) => {
      if (attainmentBps >= t.atLeastBps) tier = i;
    });
  const withheld =
    rules.maxComplaintRateBps !== undefined &&
    input.complaintRateBps !== undefined &&
    input.complaintRateBps > rules.maxComplaintRateBps;
  const bonusBps = tier < 0 || withheld ? 0 : (rules.tiers[tier]?.bonusBps ?? 0);
  return {
    attainmentBps,
    tier,
    bonusBps,
    bonusMinor: (input.baseMinor * BigInt(bonusBps)) / BigInt(fullBps),
    withheldForComplaints: withheld && tier >= 0,
  };
}
