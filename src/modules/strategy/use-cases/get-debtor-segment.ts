import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import type { Facts, Segment } from '../domain/index.js';
import { findDebtorSegment } from '../store.js';

export type GetDebtorSegmentOptions = { db: Queryable; portfolioId: bigint; debtorId: string };

/** A debtor's current segment, the rule and facts that assigned it, and the cycle date. */
export type DebtorSegment = {
  segment: Segment;
  rule: string;
  facts: Facts;
  as_of: CalendarDate;
};

/** The debtor's current segment; null when the debtor is not delinquent (or not yet segmented). */
export async function getDebtorSegment({
  db,
  portfolioId,
  debtorId,
}: GetDebtorSegmentOptions): Promise<DebtorSegment | null> {
  const row = await findDebtorSegment(db, portfolioId, debtorId);
  return row ? { segment: row.segment, rule: row.rule, facts: row.facts, as_of: row.as_of } : null;
}
