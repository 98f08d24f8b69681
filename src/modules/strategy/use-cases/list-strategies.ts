import type { Queryable } from '../../../shared/db/types.js';
import { selectStrategyVersions } from '../store.js';
import { versionJson, type StrategyVersionJson } from './strategy-version-json.js';

export type ListStrategiesOptions = { db: Queryable };

export type StrategySummary = {
  id: string;
  name: string;
  active_version: number | null;
  latest_version: number;
  versions: { version: number; status: string }[];
  active: StrategyVersionJson | null;
};

/** Every strategy with its versions' statuses and its active version. */
export async function listStrategies({ db }: ListStrategiesOptions): Promise<StrategySummary[]> {
  const rows = await selectStrategyVersions(db);
  const out = new Map<string, StrategySummary>();
  for (const r of rows) {
    let s = out.get(r.strategy_id);
    if (s === undefined) {
      s = {
        id: r.strategy_id,
        name: '',
        active_version: null,
        latest_version: 0,
        versions: [],
        active: null,
      };
      out.set(r.strategy_id, s);
    }
    s.versions.push({ version: r.version, status: r.status });
    s.latest_version = r.version;
    s.name = String(r.definition.name ?? '');
    if (r.status === 'active') {
      s.active_version = r.version;
      s.active = versionJson(r);
    }
  }
  return [...out.values()];
}
