/** A stored strategy version as the domain's Strategy, and as the API shows it. */
import { AppError } from '../../../shared/errors.js';
import { parseStrategy, type Strategy } from '../domain/index.js';
import { strategyJson } from '../domain/default-strategy.js';
import type { StrategyVersionRow } from '../store.js';

export function strategyOfRow(row: StrategyVersionRow): Strategy {
  return parseStrategy({
    ...row.definition,
    id: row.strategy_id,
    version: row.version,
    status: row.status,
  });
}

export type StrategyVersionJson = Record<string, unknown> & {
  id: string;
  version: number;
  status: 'draft' | 'active' | 'retired';
  name: string;
  rules: unknown[];
  escalations: unknown[];
  created_at: string;
  activated_at: string | null;
  retired_at: string | null;
};

export function versionJson(row: StrategyVersionRow): StrategyVersionJson {
  const s = strategyJson(strategyOfRow(row));
  return {
    ...s,
    name: s.name as string,
    rules: s.rules as unknown[],
    escalations: s.escalations as unknown[],
    id: row.strategy_id,
    version: row.version,
    status: row.status,
    created_at: row.created_at.toISOString(),
    activated_at: row.activated_at?.toISOString() ?? null,
    retired_at: row.retired_at?.toISOString() ?? null,
  };
}

export function notFound(strategyId: string, version?: number): AppError {
  return version === undefined
    ? new AppError('not_found', `no strategy "${strategyId}"`, { strategy: strategyId })
    : new AppError('not_found', `no version ${version} of strategy "${strategyId}"`, {
        strategy: strategyId,
        version,
      });
}
