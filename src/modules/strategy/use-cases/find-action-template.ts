import type { Queryable } from '../../../shared/db/types.js';
import { selectStrategyVersions } from '../store.js';
import { strategyOfRow } from './strategy-version-json.js';

export type FindActionTemplateOptions = {
  db: Queryable;
  strategyId: string;
  strategyVersion: number;
  /** The planned action's kind and deterministic key (see planner.ts). */
  kind: string;
  actionKey: string;
};

/**
 * The message template the strategy names for a planned action: the `template` of the treatment
 * step the action is (its key ends in `:<rule>:<step>:<entered on>`); null when the strategy names
 * none (pre-due reminders and escalations name none), or the version or step is unknown.
 */
export async function findActionTemplate(o: FindActionTemplateOptions): Promise<string | null> {
  if (o.kind !== 'treatment') return null;
  const parts = o.actionKey.split(':');
  const [ruleId, step] = [parts[parts.length - 3], Number(parts[parts.length - 2])];
  const row = (await selectStrategyVersions(o.db, o.strategyId)).find(
    (r) => r.version === o.strategyVersion,
  );
  if (!row || ruleId === undefined || !Number.isInteger(step)) return null;
  const rule = strategyOfRow(row).rules.find((r) => r.id === ruleId);
  return rule?.treatment.actions[step]?.template ?? null;
}
