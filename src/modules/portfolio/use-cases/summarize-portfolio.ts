import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import {
  buckets,
  nonPerformingClasses,
  riskClasses,
  type Bucket,
  type RiskClass,
} from '../../cycle/index.js';
import { groupAccounts, latestAgedAsOf, type AccountGroupRow } from '../store.js';
import { requirePortfolio } from '../require-portfolio.js';

export type SummarizePortfolioOptions = { db: Queryable; portfolio?: string };

/** Minor units by ISO 4217 currency. */
export type CurrencyTotals = Map<string, bigint>;

export type Tally = { accounts: number; overdue: CurrencyTotals; balance: CurrencyTotals };

export type PortfolioSummary = {
  portfolio: string | null;
  /** the newest date the accounts were aged as of; null before the first daily cycle */
  agedAsOf: CalendarDate | null;
  total: Tally;
  /** accounts imported since the last cycle run, not aged yet */
  notAged: Tally;
  byBucket: { bucket: Bucket; tally: Tally }[];
  /** current accounts with a due date in the next 30 days (part of the current bucket) */
  preDue: Tally;
  byRiskClass: { riskClass: RiskClass; tally: Tally }[];
  nonPerforming: Tally;
};

function emptyTally(): Tally {
  return { accounts: 0, overdue: new Map(), balance: new Map() };
}

function addTo(tally: Tally, row: AccountGroupRow): void {
  tally.accounts += Number(row.accounts);
  const add = (totals: CurrencyTotals, minor: string) =>
    totals.set(row.currency, (totals.get(row.currency) ?? 0n) + BigInt(minor));
  add(tally.overdue, row.overdue_minor);
  add(tally.balance, row.balance_minor);
}

/**
 * The portfolio (or every portfolio) by bucket, pre-due and risk class: account counts, and
 * overdue amounts and balances per currency (amounts in different currencies are never added).
 */
export async function summarizePortfolio({
  db,
  portfolio,
}: SummarizePortfolioOptions): Promise<PortfolioSummary> {
  await requirePortfolio(db, portfolio);
  const [rows, agedAsOf] = await Promise.all([
    groupAccounts(db, portfolio),
    latestAgedAsOf(db, portfolio),
  ]);
  const byBucket = new Map(buckets.map((b) => [b, emptyTally()]));
  const byRiskClass = new Map(riskClasses.map((c) => [c, emptyTally()]));
  const summary: PortfolioSummary = {
    portfolio: portfolio ?? null,
    agedAsOf,
    total: emptyTally(),
    notAged: emptyTally(),
    byBucket: [...byBucket].map(([bucket, tally]) => ({ bucket, tally })),
    preDue: emptyTally(),
    byRiskClass: [...byRiskClass].map(([riskClass, tally]) => ({ riskClass, tally })),
    nonPerforming: emptyTally(),
  };
  for (const row of rows) {
    addTo(summary.total, row);
    if (row.bucket === null) addTo(summary.notAged, row);
    else addTo(byBucket.get(row.bucket) ?? emptyTally(), row);
    if (row.pre_due) addTo(summary.preDue, row);
    if (row.risk_class !== null) addTo(byRiskClass.get(row.risk_class) ?? emptyTally(), row);
    if (row.risk_class !== null && nonPerformingClasses.includes(row.risk_class))
      addTo(summary.nonPerforming, row);
  }
  return summary;
}
