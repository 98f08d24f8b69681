/** SQL for retention and access requests over the queues' tables: actions and task reports. */
import type { Queryable } from '../../shared/db/types.js';

/** The note that replaces a task report's text when its debtor is anonymised. */
export const erasedNote = '(erased under the retention rules)';

/** Per debtor: the legal reviews open or held in the legal queue. */
export async function openLegalWorkRows(
  db: Queryable,
  portfolioId: bigint,
  debtorIds: readonly string[],
): Promise<{ debtor_id: string; legal_reviews: number }[]> {
  return db.query(
    `SELECT debtor_id, count(*)::int AS legal_reviews FROM actions
     WHERE portfolio_id = $1 AND debtor_id = ANY($2::text[]) AND channel = 'legal_review'
       AND status IN ('open', 'claimed')
     GROUP BY debtor_id`,
    [portfolioId, debtorIds],
  );
}

/** Replaces the notes of the debtors' task reports (field visits, legal reviews ...). */
export async function eraseTaskNoteRows(
  db: Queryable,
  portfolioId: bigint,
  debtorIds: readonly string[],
): Promise<number> {
  return db.execute(
    `UPDATE task_reports r SET note = $3
     FROM actions a
     WHERE r.portfolio_id = $1 AND a.portfolio_id = $1 AND a.action_id = r.action_id
       AND a.debtor_id = ANY($2::text[]) AND r.note <> $3`,
    [portfolioId, debtorIds, erasedNote],
  );
}

export type DebtorTaskRow = {
  action_id: bigint;
  account_id: string;
  kind: string;
  channel: string;
  unit: string;
  due_on: string;
  planned_on: string;
  status: string;
  done_at: Date | null;
  cancel_reason: string | null;
  report_note: string | null;
  report_collector_id: string | null;
  reported_at: Date | null;
};

/** Every action planned for a debtor, with the report of a completed task. */
export async function debtorTaskRows(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<DebtorTaskRow[]> {
  return db.query<DebtorTaskRow>(
    `SELECT a.action_id, a.account_id, a.kind, a.channel, a.unit, a.due_on, a.planned_on,
       a.status, a.done_at, a.cancel_reason, r.note AS report_note,
       r.collector_id AS report_collector_id, r.completed_at AS reported_at
     FROM actions a
     LEFT JOIN task_reports r ON r.portfolio_id = a.portfolio_id AND r.action_id = a.action_id
     WHERE a.portfolio_id = $1 AND a.debtor_id = $2
     ORDER BY a.planned_on, a.action_id`,
    [portfolioId, debtorId],
  );
}
