/**
 * Read-only SQL for the war room's trends: bucket transitions between consecutive month-end
 * snapshots, payments recovered per month, and the overdue amounts at month ends, each counted
 * set-based in one statement. $3 is an optional portfolio id (null: every portfolio).
 */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';

export type TransitionRow = {
  to_month_end: CalendarDate;
  from_bucket: string;
  to_bucket: string | null;
  accounts: number;
};

/** Accounts by bucket at each `from` month end and at its paired `to` month end. */
export function bucketTransitions(
  db: Queryable,
  pairs: readonly { from: CalendarDate; to: CalendarDate }[],
  portfolioId: bigint | null,
) {
  return db.query<TransitionRow>(
    `SELECT p.to_month_end, a.bucket AS from_bucket, b.bucket AS to_bucket,
            count(*)::int AS accounts
     FROM unnest($1::date[], $2::date[]) AS p (from_month_end, to_month_end)
     JOIN month_end_snapshots a ON a.month_end = p.from_month_end
     LEFT JOIN month_end_snapshots b ON b.portfolio_id = a.portfolio_id
       AND b.account_id = a.account_id AND b.month_end = p.to_month_end
     WHERE ($3::bigint IS NULL OR a.portfolio_id = $3)
     GROUP BY p.to_month_end, a.bucket, b.bucket`,
    [pairs.map((p) => p.from), pairs.map((p) => p.to), portfolioId],
  );
}

export type MonthAmountRow = { month: string; currency: string; minor: bigint };

/** Posted payments (reversals excluded) paid on from..to, by month and currency. */
export function recoveredByMonth(
  db: Queryable,
  from: CalendarDate,
  to: CalendarDate,
  portfolioId: bigint | null,
) {
  return db.query<MonthAmountRow>(
    `SELECT to_char(paid_on, 'YYYY-MM') AS month, currency, sum(amount_minor)::bigint AS minor
     FROM payments
     WHERE status = 'posted' AND paid_on BETWEEN $1 AND $2
       AND ($3::bigint IS NULL OR portfolio_id = $3)
     GROUP BY 1, currency`,
    [from, to, portfolioId],
  );
}

/** The overdue amounts at the given month ends, by month end and currency. */
export function overdueAtMonthEnds(
  db: Queryable,
  monthEnds: readonly CalendarDate[],
  portfolioId: bigint | null,
) {
  return db.query<{ month_end: CalendarDate; currency: string; minor: bigint }>(
    `SELECT month_end, currency, sum(overdue_amount_minor)::bigint AS minor
     FROM month_end_snapshots
     WHERE month_end = ANY($1::date[]) AND ($2::bigint IS NULL OR portfolio_id = $2)
     GROUP BY month_end, currency`,
    [monthEnds, portfolioId],
  );
}
