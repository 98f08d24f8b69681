import type { Db } from '../../../shared/db/types.js';
import { activateStrategy } from '../domain/index.js';
import { activateVersion, lockStrategyVersions, retireVersion } from '../store.js';
import {
  notFound,
  strategyOfRow,
  versionJson,
  type StrategyVersionJson,
} from './strategy-version-json.js';

export type ActivateStrategyVersionOptions = { db: Db; strategyId: string; version: number };

/**
 * Activates a draft and retires the version it replaces, in one transaction; conflict when the
 * version is not a draft or is older than the active one.
 */
export async function activateStrategyVersion({
  db,
  strategyId,
  version,
}: ActivateStrategyVersionOptions): Promise<StrategyVersionJson> {
  return db.transaction(async (tx) => {
    const rows = await lockStrategyVersions(tx, strategyId);
    const row = rows.find((r) => r.version === version);
    if (row === undefined) throw notFound(strategyId, rows.length === 0 ? undefined : version);
    const current = rows.find((r) => r.status === 'active');
    const { retired } = activateStrategy(
      strategyOfRow(row),
      current === undefined ? null : strategyOfRow(current),
    );
    if (retired !== null) await retireVersion(tx, strategyId, retired.version);
    await activateVersion(tx, strategyId, version);
    const after = (await lockStrategyVersions(tx, strategyId)).find((r) => r.version === version);
    return versionJson(after!);
  });
}
