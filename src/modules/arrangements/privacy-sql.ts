/** SQL for retention and access requests over the arrangements' tables. */
import type { Queryable } from '../../shared/db/types.js';
import type { PromiseRow } from './store.js';

/**
 * Erases the free text of the debtors' plans and settlements: hardship notes and document
 * references (the kind of hardship stays), and the checkers' decision reasons. Amounts, dates,
 * statuses and who decided stay.
 */
export async function eraseArrangementRows(
  db: Queryable,
  portfolioId: bigint,
  debtorIds: readonly string[],
): Promise<{ plans: number; settlements: number }> {
  const plans = await db.execute(
    `UPDATE installment_plans SET hardship = hardship - ARRAY['note', 'documents'],
       decision_reason = NULL
     WHERE portfolio_id = $1 AND debtor_id = ANY($2::text[])
       AND (hardship ?| ARRAY['note', 'documents'] OR decision_reason IS NOT NULL)`,
    [portfolioId, debtorIds],
  );
  const settlements = await db.execute(
    `UPDATE settlements SET decision_reason = NULL
     WHERE portfolio_id = $1 AND debtor_id = ANY($2::text[]) AND decision_reason IS NOT NULL`,
    [portfolioId, debtorIds],
  );
  return { plans, settlements };
}

/** Every promise to pay of a debtor, oldest first. */
export async function debtorPromiseRows(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<PromiseRow[]> {
  return db.query<PromiseRow>(
    `SELECT portfolio_id, promise_id, account_id, debtor_id, attempt_id, collector_id, currency,
       amount_minor, made_on, promised_on, paid_minor, status, resolved_on
     FROM promises WHERE portfolio_id = $1 AND debtor_id = $2
     ORDER BY made_on, promise_id`,
    [portfolioId, debtorId],
  );
}
