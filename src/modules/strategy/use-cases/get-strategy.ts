import type { Queryable } from '../../../shared/db/types.js';
import { selectStrategyVersions } from '../store.js';
import { notFound, versionJson, type StrategyVersionJson } from './strategy-version-json.js';

export type GetStrategyOptions = { db: Queryable; strategyId: string };

/** A strategy's versions, oldest first; not_found when it has none. */
export async function getStrategy({
  db,
  strategyId,
}: GetStrategyOptions): Promise<{ id: string; versions: StrategyVersionJson[] }> {
  const rows = await selectStrategyVersions(db, strategyId);
  if (rows.length === 0) throw notFound(strategyId);
  return { id: strategyId, versions: rows.map(versionJson) };
}
