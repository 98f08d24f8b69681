import type { Queryable } from '../../../shared/db/types.js';
import type { Unit } from '../domain/people.js';
import { selectCollectors, type CollectorRow } from '../store.js';

export type ListCollectorsOptions = {
  db: Queryable;
  unit?: Unit | undefined;
  agencyId?: string | undefined;
};

/** Collectors in id order, optionally of one unit or agency. */
export function listCollectors({
  db,
  unit,
  agencyId,
}: ListCollectorsOptions): Promise<CollectorRow[]> {
  return selectCollectors(db, { unit, agencyId });
}
