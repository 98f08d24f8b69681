import { addDays, isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { countSegments } from '../../strategy/index.js';
import type { Amount, Briefing, PromiseLine, UnitKpi } from '../domain/briefing.js';
import {
  actionsDoneOn,
  actionsPlannedBy,
  findPortfolioIdByName,
  latestCycleDate,
  newDelinquencyLargest,
  newDelinquencyTotals,
  outcomesOn,
  promisesOf,
  topRedAccounts,
  type PromiseLineRow,
} from '../store.js';

export type BuildBriefingOptions = {
  db: Queryable;
  /** defaults to the latest daily cycle's date */
  asOf?: CalendarDate | undefined;
  /** a portfolio name; all portfolios when absent */
  portfolio?: string | undefined;
  /** the business zone, for "yesterday" of instants */
  timeZone: string;
  /** KPIs per unit for the month to date; supplied by the caller that owns the KPIs */
  kpisByUnit?: (opts: {
    db: Queryable;
    from: CalendarDate;
    to: CalendarDate;
  }) => Promise<UnitKpi[]>;
  /** rows listed per section (default 10) */
  limit?: number;
};

function totals(rows: readonly { currency: string; minor: bigint }[]): Amount[] {
  const by = new Map<string, bigint>();
  for (const r of rows) by.set(r.currency, (by.get(r.currency) ?? 0n) + r.minor);
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, minor]) => ({ currency, minor }));
}

const promiseLine = (r: PromiseLineRow): PromiseLine => ({ ...r });

/** The war-room briefing for one day: read-only, so it can be asked for any past cycle date. */
export async function buildBriefing(opts: BuildBriefingOptions): Promise<Briefing> {
  const { db, timeZone } = opts;
  const limit = opts.limit ?? 10;
  if (opts.asOf !== undefined && !isCalendarDate(opts.asOf))
    throw new AppError('validation_failed', `as_of: "${opts.asOf}" is not a YYYY-MM-DD date`, {
      field: 'as_of',
    });
  const asOf = opts.asOf ?? (await latestCycleDate(db));
  if (asOf === null)
    throw new AppError(
      'not_found',
      'no daily cycle has run yet: run `recourse cycle` first, or name a date with --as-of',
    );
  let portfolioId: bigint | null = null;
  if (opts.portfolio !== undefined) {
    portfolioId = (await findPortfolioIdByName(db, opts.portfolio)) ?? null;
    if (portfolioId === null)
      throw new AppError('not_found', `no portfolio named "${opts.portfolio}"`, {
        portfolio: opts.portfolio,
      });
  }
  const yesterday = addDays(asOf, -1);
  const newTotals = await newDelinquencyTotals(db, asOf, portfolioId);
  const largest = await newDelinquencyLargest(db, asOf, portfolioId, limit);
  const done = await actionsDoneOn(db, yesterday, portfolioId, timeZone);
  const outcomes = await outcomesOn(db, yesterday, portfolioId);
  const due = await promisesOf(db, 'due', asOf, portfolioId);
  const broken = await promisesOf(db, 'broken', asOf, portfolioId);
  const escalations = await actionsPlannedBy(db, asOf, portfolioId, 'escalation_rule');
  const planned = await actionsPlannedBy(db, asOf, portfolioId, 'unit');
  const segments = await countSegments({ db, portfolio: opts.portfolio });
  const red = await topRedAccounts(db, portfolioId, limit);
  const monthStart = `${asOf.slice(0, 8)}01`;
  const kpis = opts.kpisByUnit ? await opts.kpisByUnit({ db, from: monthStart, to: asOf }) : [];
  const sum = (rows: readonly { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
  return {
    as_of: asOf,
    portfolio: opts.portfolio ?? null,
    new_delinquencies: {
      accounts: newTotals.reduce((n, r) => n + r.n, 0),
      overdue: totals(newTotals),
      largest,
    },
    yesterday: {
      date: yesterday,
      actions_done: done,
      attempts: sum(outcomes),
      outcomes,
    },
    promises_due_today: {
      count: due.length,
      amount: totals(due.map((p) => ({ currency: p.currency, minor: p.amount_minor }))),
      paid: totals(due.map((p) => ({ currency: p.currency, minor: p.paid_minor }))),
      items: due.slice(0, limit).map(promiseLine),
    },
    broken_promises: {
      count: broken.length,
      amount: totals(broken.map((p) => ({ currency: p.currency, minor: p.amount_minor }))),
      items: broken.slice(0, limit).map(promiseLine),
    },
    escalations: { count: sum(escalations), by_rule: escalations },
    actions_planned: { count: sum(planned), by_unit: planned },
    segments: { debtors: segments.debtors, by_segment: segments.by_segment },
    top_red_accounts: red,
    kpis_by_unit: kpis,
  };
}
