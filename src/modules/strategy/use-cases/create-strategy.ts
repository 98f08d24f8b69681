import { AppError } from '../../../shared/errors.js';
import type { Db } from '../../../shared/db/types.js';
import { defaultEscalations, parseStrategy } from '../domain/index.js';
import { definitionOf } from '../domain/default-strategy.js';
import { insertStrategyDraft, lockStrategyVersions } from '../store.js';
import { definitionJson, recordStrategyChange, type StrategyAudit } from '../strategy-audit.js';
import { versionJson, type StrategyVersionJson } from './strategy-version-json.js';

export type CreateStrategyOptions = {
  db: Db;
  /** who creates it and when, for the evidence log */
  audit: StrategyAudit;
  /** id, name, rules, escalations (default: the default escalations) and preDue. */
  input: Record<string, unknown>;
};

/** A new strategy as draft version 1 (in the evidence log); conflict when the id is taken. */
export async function createStrategy({
  db,
  input,
  audit,
}: CreateStrategyOptions): Promise<StrategyVersionJson> {
  const strategy = parseStrategy({
    escalations: defaultEscalations,
    ...input,
    version: 1,
    status: 'draft',
  });
  return db.transaction(async (tx) => {
    const existing = await lockStrategyVersions(tx, strategy.id);
    if (
      existing.length > 0 ||
      !(await insertStrategyDraft(tx, strategy.id, 1, definitionOf(strategy)))
    )
      throw new AppError('conflict', `strategy "${strategy.id}" exists already`, {
        strategy: strategy.id,
        reason: 'strategy_exists',
      });
    const [row] = await lockStrategyVersions(tx, strategy.id);
    await recordStrategyChange(tx, audit, 'admin_strategy_created', {
      strategy: strategy.id,
      version: 1,
      after: definitionJson(row!.definition),
    });
    return versionJson(row!);
  });
}
