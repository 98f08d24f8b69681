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
 * The message template (a family or an exact id) the strategy names for a treatment action: the
 * `template` of the treatment step the action is (its key ends in `:<rule>:<step>:<entered on>`);
 * null when the strategy names none, or the version or step is unknown. The planner writes what a
 * step or pre-due reminder names into the action's template_id; this reads it for actions planned
 * before it did.
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
