import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { ratioBps, segments, type Segment } from '../domain/index.js';
import { findPortfolioId, latestSegmentDate, selectSegmentCounts } from '../store.js';

export type CountSegmentsOptions = { db: Queryable; portfolio?: string | undefined };

export type SegmentCounts = {
  portfolio: string | null;
  /** the newest cycle date among the assignments (null when no debtor is segmented) */
  as_of: CalendarDate | null;
  /** delinquent debtors segmented */
  debtors: number;
  /** every segment, in order green, yellow, red; shares in basis points, rounded down */
  by_segment: { segment: Segment; debtors: number; share_bps: number }[];
};

/** Delinquent debtors per segment with their shares, over all portfolios or one named. */
export async function countSegments({
  db,
  portfolio,
}: CountSegmentsOptions): Promise<SegmentCounts> {
  let portfolioId: bigint | undefined;
  if (portfolio !== undefined) {
    portfolioId = await findPortfolioId(db, portfolio);
    if (portfolioId === undefined)
      throw new AppError('not_found', `no portfolio named "${portfolio}"`, { portfolio });
  }
  const [rows, asOf] = await Promise.all([
    selectSegmentCounts(db, portfolioId),
    latestSegmentDate(db, portfolioId),
  ]);
  const counts = new Map(rows.map((r) => [r.segment, r.debtors]));
  const total = rows.reduce((n, r) => n + r.debtors, 0);
  return {
    portfolio: portfolio ?? null,
    as_of: asOf,
    debtors: total,
    by_segment: segments.map((segment) => {
      const debtors = counts.get(segment) ?? 0;
      return { segment, debtors, share_bps: ratioBps(debtors, total) ?? 0 };
    }),
  };
}
