import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { writeOffBalance } from '../../payments/index.js';
import { findPlan, setArrangementFlag, updatePlan, type PlanRow } from '../arrangement-store.js';
import { authorityMatrix, planOf } from '../authority-config.js';
import {
  decideApproval,
  planWaiverLines,
  type Actor,
  type ArrangementRefusal,
} from '../domain/index.js';

export type DecidePlanOptions = {
  tx: Queryable;
  planId: bigint;
  checker: Actor;
  decision: 'approve' | 'reject';
  reason?: string | undefined;
  /** The business day of the decision (a waiver is written off on it). */
  decidedOn: CalendarDate;
};

/**
 * Maker-checker on a proposed plan. Approval needs another person whose role's limits cover the
 * plan (installments, waived amount); self-approval and a role below the required one are refused
 * (409 with the reason). On approval the plan is active: waived penalty interest and fees are
 * written off as their own ledger posting, and the debtor's arrangement_active flag is set
 * (collection stops while the plan is kept).
 */
export async function decidePlan(opts: DecidePlanOptions): Promise<PlanRow> {
  const { tx, planId } = opts;
  const plan = await findPlan(tx, planId, true);
  if (!plan)
    throw new AppError('not_found', `no installment plan ${planId}`, { plan_id: String(planId) });
  if (plan.status !== 'proposed')
    throw new AppError('conflict', `plan ${planId} is ${plan.status}, not proposed`, {
      plan_id: String(planId),
      status: plan.status,
      reason: 'already_decided' satisfies ArrangementRefusal,
    });
  if (opts.decision === 'reject') {
    if (opts.checker.userId === plan.proposed_by)
      throw new AppError('conflict', 'maker and checker must be different people', {
        plan_id: String(planId),
        reason: 'maker_is_checker' satisfies ArrangementRefusal,
      });
    return updatePlan(tx, plan, {
      status: 'rejected',
      decidedBy: opts.checker.userId,
      decidedRole: opts.checker.role,
      reason: opts.reason ?? null,
    });
  }
  const matrix = await authorityMatrix(tx);
  const d = decideApproval(
    matrix,
    {
      kind: 'installment_plan',
      currency: plan.currency,
      installmentCount: plan.installment_count,
      waivedMinor: plan.waived_minor,
    },
    { userId: plan.proposed_by, role: matrix.roles[0] as string },
    opts.checker,
  );
  if (!d.approved)
    throw new AppError('conflict', `approval refused: ${d.reason}`, {
      plan_id: String(planId),
      required_role: d.requiredRole,
      reason: d.refusal,
      checker_role: opts.checker.role,
      installment_count: plan.installment_count,
      waived_minor: plan.waived_minor.toString(),
      currency: plan.currency,
    });
  const built = planOf(plan);
  const { postingId } = await writeOffBalance({
    tx,
    portfolioId: plan.portfolio_id,
    accountId: plan.account_id,
    postedOn: opts.decidedOn,
    memo: `plan ${planId} waiver`,
    select: (charges) => planWaiverLines(built, charges),
    closure: 'written_off',
  });
  await setArrangementFlag(tx, {
    portfolioId: plan.portfolio_id,
    debtorId: plan.debtor_id,
    value: true,
    source: `arrangement:plan:${planId}`,
    details: { plan_id: String(planId), account_id: plan.account_id },
  });
  return updatePlan(tx, plan, {
    status: 'active',
    decidedBy: opts.checker.userId,
    decidedRole: opts.checker.role,
    reason: opts.reason ?? null,
    writeOffPostingId: postingId,
  });
}
