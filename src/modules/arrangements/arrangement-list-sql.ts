/**
 * Read-only SQL listing installment plans (with their schedules) and settlements by status,
 * portfolio and account: the supervisor's approvals and the account view read these.
 */
import type { Queryable } from '../../shared/db/types.js';
import {
  planColumns,
  settlementColumns,
  type InstallmentRow,
  type PlanRow,
  type SettlementRow,
} from './arrangement-store.js';

export type ArrangementFilter = {
  status?: string | undefined;
  portfolioId?: bigint | undefined;
  accountId?: string | undefined;
  limit: number;
};

const where = `($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR portfolio_id = $2)
  AND ($3::text IS NULL OR account_id = $3)`;

const params = (f: ArrangementFilter) => [
  f.status ?? null,
  f.portfolioId ?? null,
  f.accountId ?? null,
  f.limit,
];

/** Plans matching the filter, oldest first (the order they wait for a decision in). */
export async function selectPlans(db: Queryable, f: ArrangementFilter): Promise<PlanRow[]> {
  return db.query<PlanRow>(
    `SELECT ${planColumns} FROM installment_plans WHERE ${where}
     ORDER BY portfolio_id, plan_id LIMIT $4`,
    params(f),
  );
}

/** The schedules of the given plans, in one query. */
export async function selectSchedules(
  db: Queryable,
  plans: readonly PlanRow[],
): Promise<(InstallmentRow & { plan_id: bigint; portfolio_id: bigint })[]> {
  if (plans.length === 0) return [];
  return db.query(
    `SELECT i.portfolio_id, i.plan_id, i.number, i.due_on, i.amount_minor
     FROM plan_installments i
     JOIN unnest($1::bigint[], $2::bigint[]) AS k (portfolio_id, plan_id)
       ON k.portfolio_id = i.portfolio_id AND k.plan_id = i.plan_id
     ORDER BY i.portfolio_id, i.plan_id, i.number`,
    [plans.map((p) => p.portfolio_id.toString()), plans.map((p) => p.plan_id.toString())],
  );
}

/** Settlements matching the filter, oldest first. */
export async function selectSettlements(
  db: Queryable,
  f: ArrangementFilter,
): Promise<SettlementRow[]> {
  return db.query<SettlementRow>(
    `SELECT ${settlementColumns} FROM settlements WHERE ${where}
     ORDER BY portfolio_id, settlement_id LIMIT $4`,
    params(f),
  );
}
