/** A portfolio's champion/challenger splits and which arm runs what, as the API shows them. */
import { AppError } from '../../../shared/errors.js';
import type { Queryable } from '../../../shared/db/types.js';
import { findPortfolioId, type StrategySplitRow } from '../store.js';

export type StrategySplitJson = {
  effective_from: string;
  experiment: string;
  champion: { id: string; version: number };
  challengers: { strategy: { id: string; version: number }; shareBps: number }[];
  created_at: string;
};

export function splitJson(row: StrategySplitRow): StrategySplitJson {
  const s = row.split as Omit<StrategySplitJson, 'effective_from' | 'created_at'>;
  return {
    effective_from: row.effective_from,
    experiment: s.experiment,
    champion: s.champion,
    challengers: s.challengers,
    created_at: row.created_at.toISOString(),
  };
}

export async function requirePortfolioId(db: Queryable, name: string): Promise<bigint> {
  const id = await findPortfolioId(db, name);
  if (id === undefined)
    throw new AppError('not_found', `no portfolio named "${name}"`, { portfolio: name });
  return id;
}
