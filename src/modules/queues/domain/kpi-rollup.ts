/**
 * KPIs per collector, unit or agency from per-collector facts: cash recovered against the
 * prorated target, contact rate, promise kept rate, attempts and the bonus from the configured
 * rules. Pure: the facts come from the store, the period and rules from the caller.
 */
import type { CalendarDate } from '../../../shared/calendar.js';
import { prorateMonthly } from '../../people/index.js';
import {
  computeBonus,
  contactRateBps,
  promiseKeptRateBps,
  ratioBps,
  recoveryRateBps,
  type BonusRules,
} from '../../strategy/index.js';

export const kpiGroupings = ['collector', 'unit', 'agency'] as const;
export type KpiGrouping = (typeof kpiGroupings)[number];

/** The key of in-house collectors when grouping by agency. */
export const inHouse = 'in_house';

export type Amount = { readonly currency: string; readonly minor: bigint };

export type CollectorFacts = {
  readonly collectorId: string;
  readonly unit: string;
  readonly agencyId: string | null;
  readonly currency: string;
  readonly monthlyTargetMinor: bigint;
  readonly monthlyBonusBaseMinor: bigint;
  readonly attempts: number;
  readonly complaints: number;
  readonly promisesKept: number;
  readonly promisesBroken: number;
  readonly recovered: readonly Amount[];
};

/** Distinct accounts attempted and reached (a conversation) per group key. */
export type GroupContacts = {
  readonly key: string;
  readonly accountsAttempted: number;
  readonly accountsReached: number;
};

export type UnitTarget = {
  readonly unit: string;
  readonly currency: string;
  readonly monthlyTargetMinor: bigint;
};

export type KpiRow = {
  readonly key: string;
  readonly collectors: number;
  readonly attempts: number;
  readonly accountsAttempted: number;
  readonly accountsReached: number;
  readonly contactRateBps: number | null;
  readonly promisesKept: number;
  readonly promisesBroken: number;
  readonly promiseKeptRateBps: number | null;
  readonly recovered: readonly Amount[];
  readonly target: readonly Amount[];
  /** recovered over target when the target is in one currency; null otherwise or with no target */
  readonly recoveryRateBps: number | null;
  /** the sum of the members' bonuses, each from their own attainment */
  readonly bonus: readonly Amount[];
};

export function groupKey(
  by: KpiGrouping,
  c: Pick<CollectorFacts, 'collectorId' | 'unit' | 'agencyId'>,
): string {
  if (by === 'collector') return c.collectorId;
  if (by === 'unit') return c.unit;
  return c.agencyId ?? inHouse;
}

function add(into: Map<string, bigint>, amounts: readonly Amount[]): void {
  for (const a of amounts) into.set(a.currency, (into.get(a.currency) ?? 0n) + a.minor);
}

function amounts(m: Map<string, bigint>): Amount[] {
  return [...m]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, minor]) => ({ currency, minor }));
}

export type RollupInput = {
  readonly by: KpiGrouping;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly collectors: readonly CollectorFacts[];
  readonly contacts: readonly GroupContacts[];
  readonly rules: BonusRules;
  /** by unit: a unit's own target replaces the sum of its collectors' targets */
  readonly unitTargets?: readonly UnitTarget[];
};

/** One KPI row per group that has collectors, in key order. */
export function rollupKpis(input: RollupInput): KpiRow[] {
  const { by, from, to } = input;
  const groups = new Map<string, CollectorFacts[]>();
  for (const c of input.collectors) {
    const k = groupKey(by, c);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const contacts = new Map(input.contacts.map((c) => [c.key, c]));
  return [...groups.keys()].sort().map((key) => {
    const members = groups.get(key)!;
    const recovered = new Map<string, bigint>();
    const target = new Map<string, bigint>();
    const bonus = new Map<string, bigint>();
    let attempts = 0;
    let kept = 0;
    let broken = 0;
    for (const m of members) {
      attempts += m.attempts;
      kept += m.promisesKept;
      broken += m.promisesBroken;
      add(recovered, m.recovered);
      const memberTarget = prorateMonthly(m.monthlyTargetMinor, from, to);
      add(target, [{ currency: m.currency, minor: memberTarget }]);
      const complaintRate = ratioBps(m.complaints, m.attempts);
      const b = computeBonus(input.rules, {
        recoveredMinor: m.recovered.find((r) => r.currency === m.currency)?.minor ?? 0n,
        targetMinor: memberTarget,
        baseMinor: prorateMonthly(m.monthlyBonusBaseMinor, from, to),
        ...(complaintRate === null ? {} : { complaintRateBps: complaintRate }),
      });
      add(bonus, [{ currency: m.currency, minor: b.bonusMinor }]);
    }
    if (by === 'unit') {
      const own = (input.unitTargets ?? []).filter((t) => t.unit === key);
      if (own.length > 0) {
        target.clear();
        for (const t of own)
          add(target, [
            { currency: t.currency, minor: prorateMonthly(t.monthlyTargetMinor, from, to) },
          ]);
      }
    }
    for (const [c, v] of target) if (v === 0n) target.delete(c);
    const targetList = amounts(target);
    const only = targetList.length === 1 ? targetList[0]! : null;
    const reach = contacts.get(key) ?? { accountsAttempted: 0, accountsReached: 0 };
    return {
      key,
      collectors: members.length,
      attempts,
      accountsAttempted: reach.accountsAttempted,
      accountsReached: reach.accountsReached,
      contactRateBps: contactRateBps(reach.accountsReached, reach.accountsAttempted),
      promisesKept: kept,
      promisesBroken: broken,
      promiseKeptRateBps: promiseKeptRateBps(kept, broken),
      recovered: amounts(recovered),
      target: targetList,
      recoveryRateBps: only
        ? recoveryRateBps(recovered.get(only.currency) ?? 0n, only.minor)
        : null,
      bonus: amounts(bonus),
    };
  });
}
