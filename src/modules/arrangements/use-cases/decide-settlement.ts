import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findSettlement, updateSettlement, type SettlementRow } from '../arrangement-store.js';
import { authorityMatrix } from '../authority-config.js';
import {
  decideApproval,
  discountOf,
  type Actor,
  type ArrangementRefusal,
} from '../domain/index.js';

export type DecideSettlementOptions = {
  tx: Queryable;
  settlementId: bigint;
  checker: Actor;
  decision: 'approve' | 'reject';
  reason?: string | undefined;
};

/**
 * Maker-checker on a settlement offer: approval needs another person whose role's limits cover
 * the discount (percentage, exactly) and the forgiven amount; otherwise 409 with the reason and
 * the role required. An approved offer is settled by payments in time (checkArrangements).
 */
export async function decideSettlement(opts: DecideSettlementOptions): Promise<SettlementRow> {
  const { tx, settlementId } = opts;
  const s = await findSettlement(tx, settlementId, true);
  if (!s)
    throw new AppError('not_found', `no settlement ${settlementId}`, {
      settlement_id: String(settlementId),
    });
  if (s.status !== 'proposed')
    throw new AppError('conflict', `settlement ${settlementId} is ${s.status}, not proposed`, {
      settlement_id: String(settlementId),
      status: s.status,
      reason: 'already_decided' satisfies ArrangementRefusal,
    });
  if (opts.checker.userId === s.proposed_by)
    throw new AppError('conflict', 'approval refused: maker and checker must be different people', {
      settlement_id: String(settlementId),
      reason: 'maker_is_checker' satisfies ArrangementRefusal,
    });
  if (opts.decision === 'reject')
    return updateSettlement(tx, s, {
      status: 'rejected',
      decidedBy: opts.checker.userId,
      decidedRole: opts.checker.role,
      reason: opts.reason ?? null,
    });
  const matrix = await authorityMatrix(tx);
  const d = decideApproval(
    matrix,
    {
      kind: 'settlement',
      currency: s.currency,
      discount: discountOf(s.forgiven_minor, s.balance_minor),
    },
    { userId: s.proposed_by, role: matrix.roles[0] as string },
    opts.checker,
  );
  if (!d.approved)
    throw new AppError('conflict', `approval refused: ${d.reason}`, {
      settlement_id: String(settlementId),
      required_role: d.requiredRole,
      reason: d.refusal,
      checker_role: opts.checker.role,
      forgiven_minor: s.forgiven_minor.toString(),
      currency: s.currency,
    });
  return updateSettlement(tx, s, {
    status: 'approved',
    decidedBy: opts.checker.userId,
    decidedRole: opts.checker.role,
    reason: opts.reason ?? null,
  });
}
