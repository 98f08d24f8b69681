import type { CalendarDate } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import { CopyLines } from '../../../shared/db/copy-lines.js';
import { runPages } from '../../../shared/db/pipeline.js';
import type { Queryable } from '../../../shared/db/types.js';
import {
  advanceTreatment,
  armOf,
  parseSplit,
  planNext,
  segments,
  strategyKey,
  treatmentActionKey,
  units,
  type AccountState,
  type FxTable,
  type OutcomeHistory,
  type Reason,
  type Segment,
  type Split,
  type Strategy,
  type TreatmentPosition,
  type Unit,
} from '../domain/index.js';
import { defaultStrategyId } from '../domain/default-strategy.js';
import { parseFxTable } from '../domain/fx.js';
import type { Bucket, Product, RiskClass } from '../domain/vocabulary.js';
import {
  applyEscalatedSegmentsSql,
  cancelCuredSql,
  cancelSupersededSql,
  closePlanCursorSql,
  copyActionStagingSql,
  copyEscalationStagingSql,
  copyExitStagingSql,
  copyPositionStagingSql,
  copySupersededStagingSql,
  createPlanStagingSql,
  declarePlanCursorSql,
  deleteExitedPositionsSql,
  dropPlanStagingSql,
  fetchPlanCursorSql,
  indexAccountPromisesSql,
  indexSegmentStagingSql,
  insertAccountPromisesSql,
  insertExitsSql,
  movePageSql,
  plannedCountsSql,
  type PlanAccountRow,
} from '../plan-sql.js';
import { copyText, selectSplitsInForce, selectStrategyVersions } from '../store.js';
import { strategyOfRow } from './strategy-version-json.js';

export type PlanActionsOptions = {
  /**
   * The daily cycle's transaction, after segmentation staged its assignments (segment_staging)
   * and read the debtors' history (plan_debtor_history).
   */
  tx: Queryable;
  asOf: CalendarDate;
  /** Accounts read per page (bounded memory at any portfolio size). */
  pageSize?: number;
  fx?: FxTable;
  /** The as-of date of the previous cycle (null: none): DPD crossings before it were planned. */
  previousCycle?: CalendarDate | null;
};

export type PlanActionsResult = {
  /** actions planned on this date (a rerun plans nothing new, and reports the same) */
  actions_planned: number;
  actions_by_unit: Record<Unit, number>;
  /** escalation actions planned on this date */
  escalations: number;
};

/**
 * Indicative rates to CNY for "3,500,000 CNY or equivalent" until an FX source lands (an account
 * in a currency without a rate is never compared, so it gets no face-to-face task).
 */
export const indicativeFx: FxTable = parseFxTable({
  base: 'CNY',
  scale: '1000000',
  rates: {
    USD: '7100000',
    EUR: '7700000',
    GBP: '9000000',
    HKD: '910000',
    JPY: '47000',
    KWD: '23100000',
    SGD: '5300000',
  },
});

export const defaultPlanPageSize = 20_000;

type Arm = { strategy: Strategy; arm: 'champion' | 'challenger' };

/** The arm (and strategy version) each account runs under: its portfolio's split, or default. */
async function loadArms(
  tx: Queryable,
  asOf: CalendarDate,
): Promise<(portfolioId: bigint, accountId: string) => Arm> {
  const versions = await selectStrategyVersions(tx);
  const byKey = new Map(versions.map((r) => [`${r.strategy_id}@${r.version}`, r]));
  const parsed = new Map<string, Strategy>();
  const strategy = (id: string, version: number): Strategy => {
    const key = `${id}@${version}`;
    let s = parsed.get(key);
    if (s === undefined) {
      const row = byKey.get(key);
      if (row === undefined)
        throw new AppError('internal', `a split names strategy ${key}, which does not exist`);
      s = strategyOfRow(row);
      parsed.set(key, s);
    }
    return s;
  };
  const active = versions.find((r) => r.strategy_id === defaultStrategyId && r.status === 'active');
  if (active === undefined)
    throw new AppError('internal', `no active version of strategy "${defaultStrategyId}"`);
  const fallback: Arm = { strategy: strategy(active.strategy_id, active.version), arm: 'champion' };
  const splits = new Map<bigint, Split>();
  for (const r of await selectSplitsInForce(tx, asOf)) {
    const split = parseSplit(r.split);
    strategy(split.champion.id, split.champion.version);
    for (const c of split.challengers) strategy(c.strategy.id, c.strategy.version);
    splits.set(r.portfolio_id, split);
  }
  return (portfolioId, accountId) => {
    const split = splits.get(portfolioId);
    if (split === undefined) return fallback;
    const a = armOf(split, accountId);
    return { strategy: strategy(a.strategy.id, a.strategy.version), arm: a.arm };
  };
}

function positionOf(r: PlanAccountRow): TreatmentPosition | null {
  if (r.strategy_id === null || r.strategy_version === null || r.rule_id === null) return null;
  return {
    strategy: { id: r.strategy_id, version: r.strategy_version },
    ruleId: r.rule_id,
    step: r.step ?? 0,
    enteredOn: r.entered_on as CalendarDate,
    dueOn: r.due_on as CalendarDate,
    promiseBrokenSeen: r.promise_broken_seen,
  };
}

function historyOf(r: PlanAccountRow): OutcomeHistory {
  return {
    previousDelinquencies: r.previous ?? 0,
    brokenPromises: r.broken ?? 0,
    keptPromises: r.kept ?? 0,
    consecutiveUnansweredCalls: r.unanswered ?? 0,
    unansweredSince: r.unanswered_since,
    lastReachedOn: r.last_reached_on,
    lastPromiseBrokenOn: r.last_broken_on,
    dispute: r.dispute ?? false,
    arrangementBroken: r.arrangement_broken ?? false,
  };
}

const rank = (s: Segment) => segments.indexOf(s);

/** A stored position the account leaves (cured: nothing overdue any more). */
function exitLine(r: PlanAccountRow, cured: boolean): string {
  return (
    `${r.portfolio_id}\t${copyText(r.account_id)}\t${copyText(r.strategy_id as string)}\t` +
    `${r.strategy_version}\t${r.arm}\t${copyText(r.action_key as string)}\t${cured}\n`
  );
}
const nullable = (v: string | null) => (v === null ? '\\N' : copyText(v));

/**
 * Plans every account that is delinquent or inside a pre-due window under its arm's strategy
 * version (`planNext`), with its outcome history read set-based, and writes set-based: new
 * actions by key (a rerun or a killed-and-rerun cycle adds none twice), treatment positions
 * (moved on when their action is done), cured accounts' open actions cancelled, and segments
 * that an escalation raised. Runs inside segmentation, between its staging and its writes.
 */
export async function planActions({
  tx,
  asOf,
  pageSize = defaultPlanPageSize,
  fx = indicativeFx,
  previousCycle = null,
}: PlanActionsOptions): Promise<PlanActionsResult> {
  const armFor = await loadArms(tx, asOf);
  await tx.execute(insertAccountPromisesSql, [asOf]);
  await tx.exec(indexAccountPromisesSql);
  await tx.exec(indexSegmentStagingSql);
  await tx.exec('ANALYZE plan_account_promises; ANALYZE segment_staging');
  await tx.exec(createPlanStagingSql);

  // The whole set in one plan (hash joins), read in pages; the planner weighs total time.
  await tx.exec('SET LOCAL cursor_tuple_fraction = 1');
  await tx.execute(declarePlanCursorSql, [asOf]);
  const escalated = new Map<
    string,
    { segment: Segment; accountId: string; reason: Reason; line: string }
  >();
  // the cursor reads on: the key of a page is not needed to fetch the next one
  await runPages<PlanAccountRow, null>({
    read: () => tx.query<PlanAccountRow>(fetchPlanCursorSql(pageSize)),
    keyOf: () => null,
    pageSize,
    compute: (page) => {
      const actionLines = new CopyLines();
      const positionLines = new CopyLines();
      const supersededLines = new CopyLines();
      const exitLines = new CopyLines();
      for (const r of page) {
        const stored = positionOf(r);
        if (r.dpd <= 0 && !r.pre_due) {
          // no longer planned: the account leaves its treatment (cured: nothing overdue)
          if (stored !== null) exitLines.push(exitLine(r, true));
          continue;
        }
        const { strategy, arm } = armFor(r.portfolio_id, r.account_id);
        let position = stored;
        if (
          position !== null &&
          r.done_on !== null &&
          strategyKey(position.strategy) === strategyKey(strategy)
        )
          position = advanceTreatment(strategy, position, r.done_on);
        const account: AccountState = {
          accountId: r.account_id,
          product: r.product as Product,
          currency: r.currency,
          outstandingMinor: r.outstanding_minor,
          dpd: r.dpd,
          bucket: r.bucket as Bucket,
          riskClass: r.risk_class as RiskClass,
          segment: r.dpd > 0 ? (r.segment as Segment | null) : null,
          nextDueDate: r.next_due_date,
        };
        const plan = planNext({
          account,
          strategy,
          position,
          history: historyOf(r),
          fx,
          asOf,
          previousCycle,
        });
        const head = `${r.portfolio_id}\t`;
        const tail = `\t${copyText(strategy.id)}\t${strategy.version}\t${arm}`;
        // Distinct keys only (the insert relies on it). The stored position's action was
        // inserted with it: no need to offer it again.
        const offered = new Set<string | null>([r.action_key]);
        for (const a of plan.actions) {
          if (offered.has(a.key)) continue;
          offered.add(a.key);
          actionLines.push(
            `${head}${copyText(a.key)}\t${copyText(r.account_id)}\t${copyText(r.debtor_id)}\t` +
              `${a.kind}\t${a.channel}\t${a.unit}${tail}\t${a.dueOn}\t${asOf}\t` +
              `${copyText(JSON.stringify(a.reason))}\t${r.outstanding_minor}\t` +
              `${nullable(a.template ?? null)}\n`,
          );
        }
        const p = plan.position;
        if (p === null) {
          if (stored !== null) {
            exitLines.push(exitLine(r, r.dpd === 0));
            // left its rule without being cured: its open treatment action is superseded
            if (r.dpd > 0) supersededLines.push(`${head}${copyText(r.action_key as string)}\n`);
          }
        } else {
          const key = treatmentActionKey(r.account_id, p);
          if (stored !== null && key !== r.action_key)
            supersededLines.push(`${head}${copyText(r.action_key as string)}\n`);
          // only a position that moved (or is new) is written
          if (
            stored === null ||
            key !== r.action_key ||
            arm !== r.arm ||
            p.dueOn !== r.due_on ||
            p.promiseBrokenSeen !== r.promise_broken_seen
          )
            positionLines.push(
              `${head}${copyText(r.account_id)}${tail}\t${copyText(p.ruleId)}\t${p.step}\t` +
                `${p.enteredOn}\t${p.dueOn}\t${nullable(p.promiseBrokenSeen)}\t${copyText(key)}\n`,
            );
        }
        if (plan.segmentReason !== null && plan.segment !== null && r.segment !== null) {
          const key = `${r.portfolio_id}\t${copyText(r.debtor_id)}`;
          const seen = escalated.get(key);
          const seenRank = rank((seen?.segment ?? r.segment) as Segment);
          // the highest segment wins; between equals, the smallest account id (any page order)
          if (
            rank(plan.segment) > seenRank ||
            (seen !== undefined && rank(plan.segment) === seenRank && r.account_id < seen.accountId)
          )
            escalated.set(key, {
              segment: plan.segment,
              accountId: r.account_id,
              reason: plan.segmentReason,
              line:
                `${key}\t${plan.segment}\t${copyText(plan.segmentReason.rule)}\t` +
                `${copyText(JSON.stringify(plan.segmentReason.facts))}\n`,
            });
        }
      }
      return () =>
        Promise.all(
          (
            [
              [copyActionStagingSql, actionLines],
              [copyPositionStagingSql, positionLines],
              [copySupersededStagingSql, supersededLines],
              [copyExitStagingSql, exitLines],
            ] as const
          )
            .filter(([, lines]) => lines.length > 0)
            .map(([sql, lines]) => tx.copyFrom(sql, lines.text())),
        );
    },
    // the page's actions and positions go in while the next page is computed
    after: () => tx.exec(movePageSql),
  });
  await tx.exec(closePlanCursorSql);
  if (escalated.size > 0) {
    await tx.copyFrom(
      copyEscalationStagingSql,
      [...escalated.values()].map((e) => e.line).join(''),
    );
    await tx.execute(applyEscalatedSegmentsSql);
  }
  await tx.exec('ANALYZE superseded_staging; ANALYZE exit_staging');
  await tx.execute(cancelSupersededSql);
  await tx.execute(insertExitsSql, [asOf]);
  await tx.execute(cancelCuredSql);
  await tx.execute(deleteExitedPositionsSql);
  await tx.exec(dropPlanStagingSql);

  const byUnit = Object.fromEntries(units.map((u) => [u, 0])) as Record<Unit, number>;
  let planned = 0;
  let escalations = 0;
  for (const c of await tx.query<{ unit: Unit; kind: string; n: number }>(plannedCountsSql, [
    asOf,
  ])) {
    byUnit[c.unit] += c.n;
    planned += c.n;
    if (c.kind === 'escalation') escalations += c.n;
  }
  return { actions_planned: planned, actions_by_unit: byUnit, escalations };
}
