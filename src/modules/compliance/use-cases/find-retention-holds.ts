import type { Queryable } from '../../../shared/db/types.js';
import { retentionHoldRows } from '../privacy-sql.js';

export type FindRetentionHoldsOptions = {
  db: Queryable;
  portfolioId: bigint;
  debtorIds: readonly string[];
};

export type ComplianceHolds = { dispute: boolean; complaints: number };

/**
 * What in the compliance record keeps a debtor's data from the retention rules: a dispute flagged
 * now, and complaints (Recourse cannot close a complaint yet, so every recorded one counts).
 */
export async function findRetentionHolds(
  o: FindRetentionHoldsOptions,
): Promise<Map<string, ComplianceHolds>> {
  if (o.debtorIds.length === 0) return new Map();
  const rows = await retentionHoldRows(o.db, o.portfolioId, o.debtorIds);
  return new Map(rows.map((r) => [r.debtor_id, { dispute: r.dispute, complaints: r.complaints }]));
}
