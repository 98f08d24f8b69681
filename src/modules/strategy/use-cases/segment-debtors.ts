import type { CalendarDate } from '../../../shared/calendar.js';
import { CopyLines } from '../../../shared/db/copy-lines.js';
import { runPages } from '../../../shared/db/pipeline.js';
import type { Queryable } from '../../../shared/db/types.js';
import {
  defaultSegmentationRules,
  segmentOf,
  segments,
  type DebtorHistory,
  type Segment,
  type SegmentationRule,
} from '../domain/index.js';
import { buckets, riskClasses } from '../domain/vocabulary.js';
import { factsOfAggregate, type DebtorAggregate } from '../domain/debtor-aggregate.js';
import {
  copySegmentStagingSql,
  copyText,
  createSegmentStagingSql,
  debtorAgingPageSql,
  deleteCuredSegmentsSql,
  deleteNullSegmentEventsSql,
  dropSegmentStagingSql,
  firstDebtorKey,
  insertSegmentEventsSql,
  upsertDebtorSegmentsSql,
  countSegmentEvents,
  selectSegmentCounts,
  type DebtorAgingRow,
  type DebtorKey,
} from '../store.js';
import { planActions, type PlanActionsResult } from './plan-actions.js';
import {
  createHistoryTablesSql,
  dropHistoryTablesSql,
  indexDebtorHistorySql,
  insertDebtorHistorySql,
} from '../plan-sql.js';

export type SegmentDebtorsOptions = {
  /** The daily cycle's transaction, after aging: segments are read from the aged accounts. */
  tx: Queryable;
  asOf: CalendarDate;
  /** Defaults to `defaultSegmentationRules()`. */
  rules?: readonly SegmentationRule[];
  /** Delinquent debtors read per page (bounded memory at any portfolio size). */
  pageSize?: number;
  /** Also plan the next actions of every delinquent or pre-due account (the daily cycle does). */
  plan?: boolean;
  /** The as-of date of the previous cycle, for planning (null: none). */
  previousCycle?: CalendarDate | null;
};

export type SegmentDebtorsResult = {
  /** delinquent debtors now segmented */
  debtors: number;
  by_segment: Record<Segment, number>;
  /** segment_events written for this date (new, moved or cured debtors) */
  segment_changes: number;
  /** what planning did, when asked to plan */
  planning: PlanActionsResult | null;
};

/** The debtor's history as read set-based from attempts, flags, promises and past cures. */
function historyOf(r: DebtorAgingRow): DebtorHistory {
  return {
    previousDelinquencies: r.previous ?? 0,
    brokenPromises: r.broken ?? 0,
    keptPromises: r.kept ?? 0,
    consecutiveUnansweredCalls: r.unanswered ?? 0,
    lastReachedOn: r.last_reached_on,
    unansweredSince: r.unanswered_since,
    arrangementBroken: r.arrangement_broken ?? false,
    dispute: r.dispute ?? false,
  };
}

const defaultRules = defaultSegmentationRules();

export const defaultSegmentPageSize = 20_000;

function aggregateOf(r: DebtorAgingRow): DebtorAggregate {
  const balances: Record<string, bigint> = {};
  if (r.balances === null) balances[r.currency] = r.balance_minor;
  else
    for (const part of r.balances.split(',')) {
      const [currency, minor] = part.split(':') as [string, string];
      balances[currency] = BigInt(minor);
    }
  return {
    delinquentAccounts: r.delinquent_accounts,
    worstDpd: r.worst_dpd,
    worstBucket: buckets[r.bucket_rank - 1] as DebtorAggregate['worstBucket'],
    riskClass: riskClasses[r.risk_rank - 1] as DebtorAggregate['riskClass'],
    balances,
  };
}

/**
 * Assigns every delinquent debtor its traffic-light segment as of a date, with the rule and facts
 * that decided it. Reads per-debtor aging aggregates in keyset pages, decides in TypeScript with
 * the strategy domain, and writes back set-based: COPY into a staging table, then one statement
 * each for the events (new, moved, cured), the current assignments and the cured debtors.
 * Idempotent: a second run for the same date changes nothing.
 */
export async function segmentDebtors({
  tx,
  asOf,
  rules = defaultRules,
  pageSize = defaultSegmentPageSize,
  plan = false,
  previousCycle = null,
}: SegmentDebtorsOptions): Promise<SegmentDebtorsResult> {
  await tx.exec(createSegmentStagingSql);
  await tx.exec(createHistoryTablesSql);
  await tx.execute(insertDebtorHistorySql, [asOf]);
  await tx.exec(indexDebtorHistorySql);
  await tx.exec('ANALYZE plan_debtor_history');
  await runPages<DebtorAgingRow, DebtorKey>({
    read: (after = firstDebtorKey) =>
      tx.query<DebtorAgingRow>(debtorAgingPageSql, [after.portfolioId, after.debtorId, pageSize]),
    keyOf: (last) => ({ portfolioId: last.portfolio_id, debtorId: last.debtor_id }),
    pageSize,
    compute: (page) => {
      const lines = new CopyLines();
      for (const r of page) {
        const { segment, reason } = segmentOf(
          rules,
          factsOfAggregate(aggregateOf(r), historyOf(r), asOf),
        );
        lines.push(
          `${r.portfolio_id}\t${copyText(r.debtor_id)}\t${segment}\t${copyText(reason.rule)}\t` +
            `${copyText(JSON.stringify(reason.facts))}\n`,
        );
      }
      return () => tx.copyFrom(copySegmentStagingSql, lines.text());
    },
  });
  // Planning reads the staged segments and may raise some (escalations) before they are written.
  const planning = plan ? await planActions({ tx, asOf, previousCycle }) : null;
  await tx.execute(insertSegmentEventsSql, [asOf]);
  await tx.execute(upsertDebtorSegmentsSql, [asOf]);
  await tx.execute(deleteCuredSegmentsSql);
  await tx.execute(deleteNullSegmentEventsSql, [asOf]);
  await tx.exec(dropSegmentStagingSql);
  await tx.exec(dropHistoryTablesSql);

  const bySegment = Object.fromEntries(segments.map((s) => [s, 0])) as Record<Segment, number>;
  for (const c of await selectSegmentCounts(tx)) bySegment[c.segment] = c.debtors;
  return {
    debtors: segments.reduce((n, s) => n + bySegment[s], 0),
    by_segment: bySegment,
    segment_changes: await countSegmentEvents(tx, asOf),
    planning,
  };
}
