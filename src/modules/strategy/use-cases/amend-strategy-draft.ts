import type { Db } from '../../../shared/db/types.js';
import { amendDraft, type StrategyEdits } from '../domain/index.js';
import { definitionOf } from '../domain/default-strategy.js';
import { lockStrategyVersions, updateDraftDefinition } from '../store.js';
import { fieldChanges, type JsonObject } from '../../audit/index.js';
import { recordStrategyChange, type StrategyAudit } from '../strategy-audit.js';
import {
  notFound,
  strategyOfRow,
  versionJson,
  type StrategyVersionJson,
} from './strategy-version-json.js';

export type AmendStrategyDraftOptions = {
  db: Db;
  strategyId: string;
  version: number;
  edits: StrategyEdits;
  /** who amends it and when, for the evidence log */
  audit: StrategyAudit;
};

/**
 * Edits a draft in place, recorded in the evidence log with what changed; conflict when the
 * version is active or retired (immutable).
 */
export async function amendStrategyDraft({
  db,
  strategyId,
  version,
  edits,
  audit,
}: AmendStrategyDraftOptions): Promise<StrategyVersionJson> {
  return db.transaction(async (tx) => {
    const rows = await lockStrategyVersions(tx, strategyId);
    const row = rows.find((r) => r.version === version);
    if (row === undefined) throw notFound(strategyId, rows.length === 0 ? undefined : version);
    const amended = amendDraft(strategyOfRow(row), edits);
    await updateDraftDefinition(tx, strategyId, version, definitionOf(amended));
    const after = (await lockStrategyVersions(tx, strategyId)).find((r) => r.version === version);
    await recordStrategyChange(tx, audit, 'admin_strategy_amended', {
      strategy: strategyId,
      version,
      changes: fieldChanges(row.definition as JsonObject, after!.definition as JsonObject),
    });
    return versionJson(after!);
  });
}
