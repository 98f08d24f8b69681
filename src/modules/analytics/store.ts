/**
 * Read-only SQL for the war-room briefing. The briefing is a report across capabilities, so it
 * reads their tables (accounts, bucket_events, actions, contact_attempts, promises,
 * debtor_segments) but never writes them. Every query takes an optional portfolio id ($2, null
 * for all portfolios).
 */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';

export async function findPortfolioIdByName(
  db: Queryable,
  name: string,
): Promise<bigint | undefined> {
  const [row] = await db.query<{ portfolio_id: bigint }>(
    'SELECT portfolio_id FROM portfolios WHERE name = $1',
    [name],
  );
  return row?.portfolio_id;
}

export async function latestCycleDate(db: Queryable): Promise<CalendarDate | null> {
  const [row] = await db.query<{ as_of: CalendarDate | null }>(
    'SELECT max(as_of) AS as_of FROM cycle_runs',
  );
  return row?.as_of ?? null;
}

export type CountRow = { key: string; count: number };
export type AmountRow = { currency: string; minor: bigint; n: number };
export type AccountLineRow = {
  portfolio: string;
  account_id: string;
  debtor_id: string;
  bucket: string;
  dpd: number;
  currency: string;
  amount_minor: bigint;
};
export type PromiseLineRow = {
  portfolio: string;
  promise_id: bigint;
  account_id: string;
  collector_id: string | null;
  currency: string;
  amount_minor: bigint;
  paid_minor: bigint;
  promised_on: CalendarDate;
};

const inPortfolio = (alias: string) => `($2::bigint IS NULL OR ${alias}.portfolio_id = $2)`;

const newDelinquent = `
  FROM bucket_events e
  JOIN accounts a ON a.portfolio_id = e.portfolio_id AND a.account_id = e.account_id
  JOIN portfolios p ON p.portfolio_id = a.portfolio_id
  WHERE e.as_of = $1 AND e.from_bucket = 'current' AND e.to_bucket = 'M1' AND ${inPortfolio('e')}`;

export function newDelinquencyTotals(
  db: Queryable,
  asOf: CalendarDate,
  portfolioId: bigint | null,
) {
  return db.query<AmountRow>(
    `SELECT a.currency, sum(a.overdue_amount_minor)::bigint AS minor, count(*)::int AS n
     ${newDelinquent} GROUP BY a.currency ORDER BY a.currency`,
    [asOf, portfolioId],
  );
}

export function newDelinquencyLargest(
  db: Queryable,
  asOf: CalendarDate,
  portfolioId: bigint | null,
  limit: number,
) {
  return db.query<AccountLineRow>(
    `SELECT p.name AS portfolio, a.account_id, a.debtor_id, a.bucket, a.dpd, a.currency,
            a.overdue_amount_minor AS amount_minor
     ${newDelinquent}
     ORDER BY a.overdue_amount_minor DESC, a.portfolio_id, a.account_id LIMIT $3`,
    [asOf, portfolioId, limit],
  );
}

/** Actions marked done on a business day (instants read in the business zone $3). */
export function actionsDoneOn(
  db: Queryable,
  day: CalendarDate,
  portfolioId: bigint | null,
  timeZone: string,
) {
  return db.query<CountRow>(
    `SELECT x.unit || ':' || x.channel AS key, count(*)::int AS count
       FROM actions x
      WHERE x.status = 'done' AND (x.done_at AT TIME ZONE $3)::date = $1 AND ${inPortfolio('x')}
      GROUP BY x.unit, x.channel ORDER BY x.unit, x.channel`,
    [day, portfolioId, timeZone],
  );
}

/** Attempts on a debtor-local day by outcome ('pending' while no outcome is recorded). */
export function outcomesOn(db: Queryable, day: CalendarDate, portfolioId: bigint | null) {
  return db.query<CountRow>(
    `SELECT coalesce(c.outcome, 'pending') AS key, count(*)::int AS count
       FROM contact_attempts c
      WHERE c.local_date = $1 AND ${inPortfolio('c')}
      GROUP BY 1 ORDER BY 1`,
    [day, portfolioId],
  );
}

const promiseLine = `p.name AS portfolio, pr.promise_id, pr.account_id, pr.collector_id,
  pr.currency, pr.amount_minor, pr.paid_minor, pr.promised_on`;

/**
 * Promises of a day: 'due' are open promises whose last day is `day`; 'broken' are those resolved
 * broken as of `day` (their date was the day before). Largest first.
 */
export function promisesOf(
  db: Queryable,
  which: 'due' | 'broken',
  day: CalendarDate,
  portfolioId: bigint | null,
) {
  const where =
    which === 'due'
      ? `pr.status = 'open' AND pr.promised_on = $1`
      : `pr.status = 'broken' AND pr.resolved_on = $1`;
  return db.query<PromiseLineRow>(
    `SELECT ${promiseLine}
       FROM promises pr JOIN portfolios p ON p.portfolio_id = pr.portfolio_id
      WHERE ${where} AND ${inPortfolio('pr')}
      ORDER BY pr.amount_minor DESC, pr.portfolio_id, pr.promise_id`,
    [day, portfolioId],
  );
}

/** Actions the cycle planned on `day`, by unit; escalations by the rule that fired them. */
export function actionsPlannedBy(
  db: Queryable,
  day: CalendarDate,
  portfolioId: bigint | null,
  by: 'unit' | 'escalation_rule',
) {
  const key = by === 'unit' ? 'x.unit' : `coalesce(x.reason->>'rule', 'unknown')`;
  const kind = by === 'unit' ? '' : `AND x.kind = 'escalation'`;
  return db.query<CountRow>(
    `SELECT ${key} AS key, count(*)::int AS count
       FROM actions x
      WHERE x.planned_on = $1 ${kind} AND ${inPortfolio('x')}
      GROUP BY 1 ORDER BY 1`,
    [day, portfolioId],
  );
}

/** The largest delinquent balances of red debtors, up to `limit` per currency. */
export function topRedAccounts(db: Queryable, portfolioId: bigint | null, limit: number) {
  return db.query<AccountLineRow>(
    `SELECT portfolio, account_id, debtor_id, bucket, dpd, currency, amount_minor FROM (
       SELECT p.name AS portfolio, a.account_id, a.debtor_id, a.bucket, a.dpd, a.currency,
              a.principal_outstanding_minor + a.interest_outstanding_minor
                + a.fees_outstanding_minor AS amount_minor,
              a.portfolio_id,
              row_number() OVER (
                PARTITION BY a.currency
                ORDER BY a.principal_outstanding_minor + a.interest_outstanding_minor
                  + a.fees_outstanding_minor DESC, a.portfolio_id, a.account_id) AS rank
         FROM debtor_segments s
         JOIN accounts a ON a.portfolio_id = s.portfolio_id AND a.debtor_id = s.debtor_id
         JOIN portfolios p ON p.portfolio_id = a.portfolio_id
        WHERE s.segment = 'red' AND a.dpd > 0 AND ${inPortfolio('s')}
     ) t WHERE rank <= $1
     ORDER BY currency, amount_minor DESC, portfolio_id, account_id`,
    [limit, portfolioId],
  );
}
