import { isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { buckets } from '../../cycle/index.js';
import {
  addMonths,
  monthEnd,
  monthsEnding,
  recoveryTrend,
  rollRates,
  type Month,
  type RecoveryPoint,
  type RollRate,
} from '../domain/trends.js';
import { findPortfolioIdByName, latestCycleDate } from '../store.js';
import { bucketTransitions, overdueAtMonthEnds, recoveredByMonth } from '../trends-sql.js';

export type BuildTrendsOptions = {
  db: Queryable;
  /** The last day counted; defaults to the latest daily cycle's date. */
  asOf?: CalendarDate | undefined;
  /** A portfolio name; every portfolio when absent. */
  portfolio?: string | undefined;
  /** How many months, ending with asOf's (1-24). */
  months: number;
};

export type Trends = {
  as_of: CalendarDate | null;
  months: Month[];
  rollRates: RollRate[];
  recovery: RecoveryPoint[];
};

/**
 * Roll rates for each month of the window whose end has passed (from the snapshot at the month
 * end before to the one at its end) and the recovery of every month of the window (the last one
 * to asOf).
 */
export async function buildTrends(opts: BuildTrendsOptions): Promise<Trends> {
  const { db } = opts;
  if (opts.asOf !== undefined && !isCalendarDate(opts.asOf))
    throw new AppError('validation_failed', `as_of: "${opts.asOf}" is not a date`, {
      field: 'as_of',
    });
  let portfolioId: bigint | null = null;
  if (opts.portfolio !== undefined) {
    const id = await findPortfolioIdByName(db, opts.portfolio);
    if (id === undefined)
      throw new AppError('not_found', `no portfolio named "${opts.portfolio}"`, {
        portfolio: opts.portfolio,
      });
    portfolioId = id;
  }
  const asOf = opts.asOf ?? (await latestCycleDate(db));
  if (asOf === null) return { as_of: null, months: [], rollRates: [], recovery: [] };
  const months = monthsEnding(asOf, opts.months);
  const pairs = months
    .filter((m) => monthEnd(m) <= asOf)
    .map((m) => ({ from: monthEnd(addMonths(m, -1)), to: monthEnd(m) }));
  const [transitions, recovered, overdue] = await Promise.all([
    bucketTransitions(db, pairs, portfolioId),
    recoveredByMonth(db, `${months[0]}-01`, asOf, portfolioId),
    overdueAtMonthEnds(
      db,
      months.map((m) => monthEnd(addMonths(m, -1))),
      portfolioId,
    ),
  ]);
  return {
    as_of: asOf,
    months,
    rollRates: rollRates(
      transitions.map((t) => ({
        toMonth: t.to_month_end.slice(0, 7),
        fromBucket: t.from_bucket,
        toBucket: t.to_bucket,
        accounts: t.accounts,
      })),
      buckets,
    ),
    recovery: recoveryTrend(
      months,
      recovered,
      overdue.map((o) => ({
        month: addMonths(o.month_end.slice(0, 7), 1),
        currency: o.currency,
        minor: o.minor,
      })),
    ),
  };
}
