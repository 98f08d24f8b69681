/**
 * SQL for installment plans, their schedules and settlements (migration 0008), and the debtor
 * flag arrangement_active that stops collection while a plan stands.
 */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';

export type PlanRow = {
  portfolio_id: bigint;
  plan_id: bigint;
  account_id: string;
  debtor_id: string;
  currency: string;
  status: 'proposed' | 'active' | 'rejected' | 'broken' | 'completed' | 'cancelled';
  agreed_on: CalendarDate;
  installment_count: number;
  first_due_on: CalendarDate;
  down_payment_minor: bigint;
  down_payment_due_on: CalendarDate | null;
  penalty_interest: 'accrue' | 'freeze' | 'waive';
  fees: 'accrue' | 'freeze' | 'waive';
  grace_days: number;
  balance: Record<string, string>;
  total_minor: bigint;
  waived_minor: bigint;
  hardship: Record<string, unknown>;
  proposed_by: string;
  required_role: string | null;
  decided_by: string | null;
  decided_role: string | null;
  decision_reason: string | null;
  write_off_posting_id: bigint | null;
  ended_on: CalendarDate | null;
};

export type InstallmentRow = { number: number; due_on: CalendarDate; amount_minor: bigint };

export type SettlementRow = {
  portfolio_id: bigint;
  settlement_id: bigint;
  account_id: string;
  debtor_id: string;
  currency: string;
  balance_minor: bigint;
  amount_minor: bigint;
  forgiven_minor: bigint;
  discount_bps: number;
  offered_on: CalendarDate;
  expires_on: CalendarDate;
  status: 'proposed' | 'approved' | 'rejected' | 'settled' | 'expired' | 'cancelled';
  proposed_by: string;
  required_role: string | null;
  decided_by: string | null;
  decided_role: string | null;
  decision_reason: string | null;
  settled_on: CalendarDate | null;
  write_off_posting_id: bigint | null;
};

export const planColumns = `portfolio_id, plan_id, account_id, debtor_id, currency, status, agreed_on,
  installment_count, first_due_on, down_payment_minor, down_payment_due_on, penalty_interest, fees,
  grace_days, balance, total_minor, waived_minor, hardship, proposed_by, required_role, decided_by,
  decided_role, decision_reason, write_off_posting_id, ended_on`;

export async function insertPlan(
  tx: Queryable,
  p: Omit<
    PlanRow,
    | 'plan_id'
    | 'status'
    | 'decided_by'
    | 'decided_role'
    | 'decision_reason'
    | 'write_off_posting_id'
    | 'ended_on'
  >,
  installments: readonly InstallmentRow[],
): Promise<PlanRow> {
  const [row] = await tx.query<PlanRow>(
    `INSERT INTO installment_plans (portfolio_id, account_id, debtor_id, currency, status, agreed_on,
       installment_count, first_due_on, down_payment_minor, down_payment_due_on, penalty_interest,
       fees, grace_days, balance, total_minor, waived_minor, hardship, proposed_by, required_role)
     VALUES ($1, $2, $3, $4, 'proposed', $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15,
       $16::jsonb, $17, $18)
     RETURNING ${planColumns}`,
    [
      p.portfolio_id,
      p.account_id,
      p.debtor_id,
      p.currency,
      p.agreed_on,
      p.installment_count,
      p.first_due_on,
      p.down_payment_minor,
      p.down_payment_due_on,
      p.penalty_interest,
      p.fees,
      p.grace_days,
      JSON.stringify(p.balance),
      p.total_minor,
      p.waived_minor,
      JSON.stringify(p.hardship),
      p.proposed_by,
      p.required_role,
    ],
  );
  const plan = row as PlanRow;
  for (const i of installments)
    await tx.execute(
      `INSERT INTO plan_installments (portfolio_id, plan_id, number, due_on, amount_minor)
       VALUES ($1, $2, $3, $4, $5)`,
      [plan.portfolio_id, plan.plan_id, i.number, i.due_on, i.amount_minor],
    );
  return plan;
}

export async function findPlan(
  tx: Queryable,
  planId: bigint,
  lock = false,
): Promise<PlanRow | null> {
  const [row] = await tx.query<PlanRow>(
    `SELECT ${planColumns} FROM installment_plans WHERE plan_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [planId],
  );
  return row ?? null;
}

export async function listInstallments(tx: Queryable, plan: PlanRow): Promise<InstallmentRow[]> {
  return tx.query<InstallmentRow>(
    `SELECT number, due_on, amount_minor FROM plan_installments
     WHERE portfolio_id = $1 AND plan_id = $2 ORDER BY number`,
    [plan.portfolio_id, plan.plan_id],
  );
}

export async function activePlans(tx: Queryable): Promise<PlanRow[]> {
  return tx.query<PlanRow>(
    `SELECT ${planColumns} FROM installment_plans WHERE status = 'active'
     ORDER BY portfolio_id, plan_id FOR UPDATE`,
  );
}

export async function updatePlan(
  tx: Queryable,
  plan: PlanRow,
  set: {
    status: PlanRow['status'];
    decidedBy?: string;
    decidedRole?: string;
    reason?: string | null;
    writeOffPostingId?: bigint | null;
    endedOn?: CalendarDate | null;
  },
): Promise<PlanRow> {
  const [row] = await tx.query<PlanRow>(
    `UPDATE installment_plans SET status = $3,
       decided_by = coalesce($4, decided_by), decided_role = coalesce($5, decided_role),
       decided_at = CASE WHEN $4::text IS NULL THEN decided_at ELSE now() END,
       decision_reason = coalesce($6, decision_reason),
       write_off_posting_id = coalesce($7, write_off_posting_id), ended_on = coalesce($8, ended_on)
     WHERE portfolio_id = $1 AND plan_id = $2 RETURNING ${planColumns}`,
    [
      plan.portfolio_id,
      plan.plan_id,
      set.status,
      set.decidedBy ?? null,
      set.decidedRole ?? null,
      set.reason ?? null,
      set.writeOffPostingId ?? null,
      set.endedOn ?? null,
    ],
  );
  return row as PlanRow;
}

export const settlementColumns = `portfolio_id, settlement_id, account_id, debtor_id, currency,
  balance_minor, amount_minor, forgiven_minor, discount_bps, offered_on, expires_on, status,
  proposed_by, required_role, decided_by, decided_role, decision_reason, settled_on,
  write_off_posting_id`;

export async function insertSettlement(
  tx: Queryable,
  s: Pick<
    SettlementRow,
    | 'portfolio_id'
    | 'account_id'
    | 'debtor_id'
    | 'currency'
    | 'balance_minor'
    | 'amount_minor'
    | 'forgiven_minor'
    | 'discount_bps'
    | 'offered_on'
    | 'expires_on'
    | 'proposed_by'
    | 'required_role'
  >,
): Promise<SettlementRow> {
  const [row] = await tx.query<SettlementRow>(
    `INSERT INTO settlements (portfolio_id, account_id, debtor_id, currency, balance_minor,
       amount_minor, forgiven_minor, discount_bps, offered_on, expires_on, status, proposed_by,
       required_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'proposed', $11, $12)
     RETURNING ${settlementColumns}`,
    [
      s.portfolio_id,
      s.account_id,
      s.debtor_id,
      s.currency,
      s.balance_minor,
      s.amount_minor,
      s.forgiven_minor,
      s.discount_bps,
      s.offered_on,
      s.expires_on,
      s.proposed_by,
      s.required_role,
    ],
  );
  return row as SettlementRow;
}

export async function findSettlement(
  tx: Queryable,
  settlementId: bigint,
  lock = false,
): Promise<SettlementRow | null> {
  const [row] = await tx.query<SettlementRow>(
    `SELECT ${settlementColumns} FROM settlements WHERE settlement_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [settlementId],
  );
  return row ?? null;
}

export async function approvedSettlements(tx: Queryable): Promise<SettlementRow[]> {
  return tx.query<SettlementRow>(
    `SELECT ${settlementColumns} FROM settlements WHERE status = 'approved'
     ORDER BY portfolio_id, settlement_id FOR UPDATE`,
  );
}

export async function updateSettlement(
  tx: Queryable,
  s: SettlementRow,
  set: {
    status: SettlementRow['status'];
    decidedBy?: string;
    decidedRole?: string;
    reason?: string | null;
    settledOn?: CalendarDate | null;
    writeOffPostingId?: bigint | null;
  },
): Promise<SettlementRow> {
  const [row] = await tx.query<SettlementRow>(
    `UPDATE settlements SET status = $3,
       decided_by = coalesce($4, decided_by), decided_role = coalesce($5, decided_role),
       decided_at = CASE WHEN $4::text IS NULL THEN decided_at ELSE now() END,
       decision_reason = coalesce($6, decision_reason), settled_on = coalesce($7, settled_on),
       write_off_posting_id = coalesce($8, write_off_posting_id)
     WHERE portfolio_id = $1 AND settlement_id = $2 RETURNING ${settlementColumns}`,
    [
      s.portfolio_id,
      s.settlement_id,
      set.status,
      set.decidedBy ?? null,
      set.decidedRole ?? null,
      set.reason ?? null,
      set.settledOn ?? null,
      set.writeOffPostingId ?? null,
    ],
  );
  return row as SettlementRow;
}

/** Sets or clears the debtor's arrangement_active flag (the compliance gate reads it). */
export async function setArrangementFlag(
  tx: Queryable,
  f: { portfolioId: bigint; debtorId: string; value: boolean; source: string; details: unknown },
): Promise<void> {
  await tx.execute(
    `INSERT INTO debtor_flags (portfolio_id, debtor_id, flag, at, value, source, details)
     VALUES ($1, $2, 'arrangement_active', now(), $3, $4, $5::jsonb)`,
    [f.portfolioId, f.debtorId, f.value, f.source, JSON.stringify(f.details)],
  );
}

/** The authority matrix configured in settings (key authority_matrix), or null. */
export async function findAuthorityMatrixSetting(tx: Queryable): Promise<string | null> {
  const [row] = await tx.query<{ value: string }>(
    `SELECT value FROM settings WHERE key = 'authority_matrix'`,
  );
  return row?.value ?? null;
}
