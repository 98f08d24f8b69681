import type { Queryable } from '../../../shared/db/types.js';
import {
  selectPlans,
  selectSchedules,
  selectSettlements,
  type ArrangementFilter,
} from '../arrangement-list-sql.js';
import type { InstallmentRow, PlanRow, SettlementRow } from '../arrangement-store.js';

export type ListArrangementsOptions = { db: Queryable } & ArrangementFilter;

/** Installment plans by status, portfolio and account, each with its schedule. */
export async function listPlans(
  opts: ListArrangementsOptions,
): Promise<{ plan: PlanRow; schedule: InstallmentRow[] }[]> {
  const plans = await selectPlans(opts.db, opts);
  const rows = await selectSchedules(opts.db, plans);
  const byPlan = new Map<string, InstallmentRow[]>();
  for (const r of rows) {
    const key = `${r.portfolio_id}:${r.plan_id}`;
    const list = byPlan.get(key) ?? [];
    list.push({ number: r.number, due_on: r.due_on, amount_minor: r.amount_minor });
    byPlan.set(key, list);
  }
  return plans.map((plan) => ({
    plan,
    schedule: byPlan.get(`${plan.portfolio_id}:${plan.plan_id}`) ?? [],
  }));
}

/** Settlement offers by status, portfolio and account. */
export async function listSettlements(opts: ListArrangementsOptions): Promise<SettlementRow[]> {
  return selectSettlements(opts.db, opts);
}
