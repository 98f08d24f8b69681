import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findCollector, type CollectorRow } from '../store.js';

export type GetCollectorOptions = {
  db: Queryable;
  collectorId: string;
  /** lock the collector's row until the transaction ends (serialises one collector's claims) */
  lock?: boolean;
};

/** The collector, or not_found. */
export async function getCollector({
  db,
  collectorId,
  lock = false,
}: GetCollectorOptions): Promise<CollectorRow> {
  const c = await findCollector(db, collectorId, lock);
  if (!c)
    throw new AppError('not_found', `no collector "${collectorId}"`, { collector_id: collectorId });
  return c;
}
