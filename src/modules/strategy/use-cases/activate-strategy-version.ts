import type { Db } from '../../../shared/db/types.js';
import { activateStrategy } from '../domain/index.js';
import { activateVersion, lockStrategyVersions, retireVersion } from '../store.js';
import { recordStrategyChange, type StrategyAudit } from '../strategy-audit.js';
import {
  notFound,
  strategyOfRow,
  versionJson,
  type StrategyVersionJson,
} from './strategy-version-json.js';

export type ActivateStrategyVersionOptions = {
  db: Db;
  strategyId: string;
  version: number;
  /** who activates it and when, for the evidence log */
  audit: StrategyAudit;
};

/**
 * Activates a draft and retires the version it replaces, in one transaction with one evidence
 * entry (admin_strategy_activated, naming the retired version); conflict when the version is not
 * a draft or is older than the active one.
 */
export async function activateStrategyVersion({
  db,
  strategyId,
  version,
  audit,
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
    await recordStrategyChange(tx, audit, 'admin_strategy_activated', {
      strategy: strategyId,
      version,
      retired_version: retired === null ? null : retired.version,
    });
    return versionJson(after!);
  });
}
