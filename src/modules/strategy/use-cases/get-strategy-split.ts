import type { Queryable } from '../../../shared/db/types.js';
import { defaultStrategyId } from '../domain/default-strategy.js';
import { selectStrategySplits } from '../store.js';
import { requirePortfolioId, splitJson, type StrategySplitJson } from './strategy-split-json.js';

export type GetStrategySplitOptions = { db: Queryable; portfolio: string };

export type StrategySplitView = {
  portfolio: string;
  /** The strategy a portfolio without a split runs (its active version). */
  default_strategy: string;
  /** Newest first; the cycle uses the newest effective on its as-of date. */
  splits: StrategySplitJson[];
};

export async function getStrategySplit({
  db,
  portfolio,
}: GetStrategySplitOptions): Promise<StrategySplitView> {
  const id = await requirePortfolioId(db, portfolio);
  const rows = await selectStrategySplits(db, id);
  return { portfolio, default_strategy: defaultStrategyId, splits: rows.map(splitJson) };
}
