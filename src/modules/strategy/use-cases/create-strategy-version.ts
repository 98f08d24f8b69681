import { AppError } from '../../../shared/errors.js';
import type { Db } from '../../../shared/db/types.js';
import { reviseStrategy, type StrategyEdits } from '../domain/index.js';
import { definitionOf } from '../domain/default-strategy.js';
import { insertStrategyDraft, lockStrategyVersions } from '../store.js';
import { fieldChanges, type JsonObject } from '../../audit/index.js';
import { recordStrategyChange, type StrategyAudit } from '../strategy-audit.js';
import {
  notFound,
  strategyOfRow,
  versionJson,
  type StrategyVersionJson,
} from './strategy-version-json.js';

export type CreateStrategyVersionOptions = {
  db: Db;
  strategyId: string;
  /** The version revised (default: the newest); never changed itself. */
  from?: number;
  edits: StrategyEdits;
  /** who revises it and when, for the evidence log */
  audit: StrategyAudit;
};

/**
 * Revises a version (any status) into a new draft numbered after the newest version, recorded in
 * the evidence log with what changed from the version revised.
 */
export async function createStrategyVersion({
  db,
  strategyId,
  from,
  edits,
  audit,
}: CreateStrategyVersionOptions): Promise<StrategyVersionJson> {
  return db.transaction(async (tx) => {
    const rows = await lockStrategyVersions(tx, strategyId);
    if (rows.length === 0) throw notFound(strategyId);
    const base = from === undefined ? rows[rows.length - 1] : rows.find((r) => r.version === from);
    if (base === undefined) throw notFound(strategyId, from);
    const next = (rows[rows.length - 1]?.version ?? 0) + 1;
    const draft = reviseStrategy(strategyOfRow(base), edits, next);
    if (!(await insertStrategyDraft(tx, strategyId, next, definitionOf(draft))))
      throw new AppError('conflict', `version ${next} of "${strategyId}" exists already`, {
        strategy: strategyId,
        version: next,
        reason: 'version_exists',
      });
    const row = (await lockStrategyVersions(tx, strategyId)).find((r) => r.version === next);
    await recordStrategyChange(tx, audit, 'admin_strategy_version_created', {
      strategy: strategyId,
      version: next,
      from_version: base.version,
      changes: fieldChanges(base.definition as JsonObject, row!.definition as JsonObject),
    });
    return versionJson(row!);
  });
}
