import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { getBonusRules, listCollectors, listUnitTargets } from '../../people/index.js';
import { toEpochDay } from '../../../shared/calendar.js';
import {
  rollupKpis,
  type Amount,
  type CollectorFacts,
  type KpiGrouping,
  type KpiRow,
} from '../domain/kpi-rollup.js';
import {
  selectCollectorActivity,
  selectCollectorRecovered,
  selectGroupContacts,
} from '../store.js';

export type ComputeKpisOptions = {
  db: Queryable;
  from: CalendarDate;
  to: CalendarDate;
  by: KpiGrouping;
  /**
   * Only this agency's collectors (an agency manager's view): their attempts and contacts, and
   * no in-house unit targets.
   */
  agencyId?: string;
};

/** The longest period KPIs are computed over at once. */
export const maxKpiDays = 366;

/**
 * KPIs per collector, unit or agency over the days from..to (inclusive): cash recovered (payments
 * toward the collectors' promises, until payments are posted), recovery rate against the prorated
 * monthly targets, contact rate, promise kept rate, attempts and the bonus from the configured
 * rules.
 */
export async function computeKpis({
  db,
  from,
  to,
  by,
  agencyId,
}: ComputeKpisOptions): Promise<KpiRow[]> {
  const days = toEpochDay(to) - toEpochDay(from);
  if (days < 0)
    throw new AppError('validation_failed', `the period ends (${to}) before it starts (${from})`, [
      { field: 'to', message: 'must be on or after from' },
    ]);
  if (days >= maxKpiDays)
    throw new AppError('validation_failed', `the period is longer than ${maxKpiDays} days`, [
      { field: 'to', message: `at most ${maxKpiDays} days after from` },
    ]);
  const [everyone, activity, recovered, contacts, rules, unitTargets] = [
    await listCollectors({ db }),
    await selectCollectorActivity(db, from, to),
    await selectCollectorRecovered(db, from, to),
    await selectGroupContacts(db, by, from, to, agencyId),
    await getBonusRules({ db }),
    agencyId === undefined ? await listUnitTargets(db) : [],
  ];
  const collectors =
    agencyId === undefined ? everyone : everyone.filter((c) => c.agency_id === agencyId);
  const act = new Map(activity.map((a) => [a.collector_id, a]));
  const rec = new Map<string, Amount[]>();
  for (const r of recovered)
    rec.set(r.collector_id, [
      ...(rec.get(r.collector_id) ?? []),
      { currency: r.currency, minor: r.minor },
    ]);
  const facts: CollectorFacts[] = collectors.map((c) => {
    const a = act.get(c.collector_id);
    return {
      collectorId: c.collector_id,
      unit: c.unit,
      agencyId: c.agency_id,
      currency: c.currency,
      monthlyTargetMinor: c.monthly_target_minor,
      monthlyBonusBaseMinor: c.monthly_bonus_base_minor,
      attempts: a?.attempts ?? 0,
      complaints: a?.complaints ?? 0,
      promisesKept: a?.promises_kept ?? 0,
      promisesBroken: a?.promises_broken ?? 0,
      recovered: rec.get(c.collector_id) ?? [],
    };
  });
  return rollupKpis({
    by,
    from,
    to,
    collectors: facts,
    contacts: contacts.map((c) => ({
      key: c.key,
      accountsAttempted: c.accounts_attempted,
      accountsReached: c.accounts_reached,
    })),
    rules,
    unitTargets: unitTargets.map((t) => ({
      unit: t.unit,
      currency: t.currency,
      monthlyTargetMinor: t.monthly_target_minor,
    })),
  });
}

/** KPIs per unit in the shape the war-room briefing takes (its kpisByUnit option). */
export async function kpisByUnit(opts: { db: Queryable; from: CalendarDate; to: CalendarDate }) {
  const rows = await computeKpis({ ...opts, by: 'unit' });
  return rows.map((r) => ({
    unit: r.key,
    collectors: r.collectors,
    attempts: r.attempts,
    contact_rate_bps: r.contactRateBps,
    promise_kept_rate_bps: r.promiseKeptRateBps,
    recovered: r.recovered,
    target: r.target,
    recovery_rate_bps: r.recoveryRateBps,
  }));
}
