/**
 * SQL for retention and access requests over the compliance module's tables: contact attempts
 * (with their outcomes) and debtor flags.
 */
import type { Queryable } from '../../shared/db/types.js';

/**
 * The free-text and third-party details an outcome may carry (queues/domain/outcomes.ts): notes,
 * a dispute's reason, a complaint's summary, a representative's name and power of attorney, the
 * hardship documents' names. Amounts, dates and the outcome itself are not among them.
 */
export const outcomeFreeText = [
  'note',
  'reason',
  'summary',
  'agent_name',
  'power_of_attorney_ref',
  'documents',
] as const;

export type RetentionHoldRow = { debtor_id: string; dispute: boolean; complaints: number };

/** Per debtor: whether a dispute is flagged now, and how many complaints were recorded. */
export async function retentionHoldRows(
  db: Queryable,
  portfolioId: bigint,
  debtorIds: readonly string[],
): Promise<RetentionHoldRow[]> {
  return db.query<RetentionHoldRow>(
    `SELECT d.debtor_id,
       coalesce((SELECT f.value FROM debtor_flags f
         WHERE f.portfolio_id = $1 AND f.debtor_id = d.debtor_id AND f.flag = 'dispute'
         ORDER BY f.at DESC, f.flag_seq DESC LIMIT 1), false) AS dispute,
       (SELECT count(*)::int FROM contact_attempts c
         WHERE c.portfolio_id = $1 AND c.debtor_id = d.debtor_id
           AND c.outcome = 'complaint') AS complaints
     FROM unnest($2::text[]) AS d (debtor_id)`,
    [portfolioId, debtorIds],
  );
}

/**
 * Erases what identifies the debtors in their attempts and flags: the keyed digest of the number
 * called, the outcomes' free text, the flags' reasons and references. The attempts, outcomes,
 * amounts, dates and flags themselves stay (the gate's history and the statistics).
 */
export async function eraseContactRows(
  db: Queryable,
  portfolioId: bigint,
  debtorIds: readonly string[],
): Promise<{ attempts: number; flags: number }> {
  const attempts = await db.execute(
    `UPDATE contact_attempts SET number_digest = NULL, outcome_details = outcome_details - $3::text[]
     WHERE portfolio_id = $1 AND debtor_id = ANY($2::text[])
       AND (number_digest IS NOT NULL OR outcome_details ?| $3::text[])`,
    [portfolioId, debtorIds, outcomeFreeText],
  );
  const flags = await db.execute(
    `UPDATE debtor_flags SET details = '{}'::jsonb
     WHERE portfolio_id = $1 AND debtor_id = ANY($2::text[]) AND details <> '{}'::jsonb`,
    [portfolioId, debtorIds],
  );
  return { attempts, flags };
}

export type DebtorFlagRow = {
  flag: string;
  at: Date;
  value: boolean;
  source: string;
  details: Record<string, unknown>;
};

/** Every flag change of a debtor, in order. */
export async function debtorFlagRows(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<DebtorFlagRow[]> {
  return db.query<DebtorFlagRow>(
    `SELECT flag, at, value, source, details FROM debtor_flags
     WHERE portfolio_id = $1 AND debtor_id = $2 ORDER BY at, flag_seq`,
    [portfolioId, debtorId],
  );
}
