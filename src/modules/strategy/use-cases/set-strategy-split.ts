import { isCalendarDate, type CalendarDate } from '../../../shared/calendar.js';
import type { Db } from '../../../shared/db/types.js';
import { parseSplit, type StrategyRef } from '../domain/index.js';
import { invalid } from '../domain/validation.js';
import { selectStrategySplits, selectStrategyVersions, upsertStrategySplit } from '../store.js';
import { definitionJson, recordStrategyChange, type StrategyAudit } from '../strategy-audit.js';
import { requirePortfolioId, splitJson, type StrategySplitJson } from './strategy-split-json.js';

export type SetStrategySplitOptions = {
  db: Db;
  portfolio: string;
  effectiveFrom: CalendarDate;
  /** experiment, champion {id, version}, challengers [{strategy {id, version}, shareBps}] */
  split: unknown;
  /** who sets it and when, for the evidence log */
  audit: StrategyAudit;
};

/**
 * Sets the portfolio's split from a date on (replacing a split set for the same date). Every arm
 * must name an active strategy version: drafts are not run, retired versions no longer. Recorded
 * in the evidence log with the split that applied before.
 */
export async function setStrategySplit({
  db,
  portfolio,
  effectiveFrom,
  split,
  audit,
}: SetStrategySplitOptions): Promise<StrategySplitJson> {
  if (!isCalendarDate(effectiveFrom))
    throw invalid('champion/challenger split', ['effective_from'], 'expected YYYY-MM-DD');
  const parsed = parseSplit(split);
  return db.transaction(async (tx) => {
    const portfolioId = await requirePortfolioId(tx, portfolio);
    const active = new Set(
      (await selectStrategyVersions(tx))
        .filter((r) => r.status === 'active')
        .map((r) => `${r.strategy_id}@${r.version}`),
    );
    const check = (ref: StrategyRef, path: (string | number)[]) => {
      if (!active.has(`${ref.id}@${ref.version}`))
        throw invalid(
          'champion/challenger split',
          path,
          `${ref.id}@${ref.version} is not an active strategy version`,
        );
    };
    check(parsed.champion, ['champion']);
    parsed.challengers.forEach((c, i) => check(c.strategy, ['challengers', i, 'strategy']));
    // the split that applied from that date until now (replaced, or one set for an earlier date)
    const before = (await selectStrategySplits(tx, portfolioId)).find(
      (r) => r.effective_from <= effectiveFrom,
    );
    await upsertStrategySplit(tx, portfolioId, effectiveFrom, {
      experiment: parsed.experiment,
      champion: parsed.champion,
      challengers: parsed.challengers,
    });
    const rows = await selectStrategySplits(tx, portfolioId);
    const after = rows.find((r) => r.effective_from === effectiveFrom)!;
    await recordStrategyChange(
      tx,
      audit,
      'admin_strategy_split_set',
      {
        portfolio: portfolio,
        effective_from: effectiveFrom,
        before: before
          ? { effective_from: before.effective_from, ...definitionJson(before.split) }
          : null,
        after: definitionJson(after.split),
      },
      portfolioId,
    );
    return splitJson(after);
  });
}
