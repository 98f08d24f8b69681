import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PeopleRefusal } from '../domain/refusals.js';
import { checkCollector } from './collector-rules.js';
import { findAgency, insertCollector, type CollectorRow, type NewCollector } from '../store.js';

export type CreateCollectorOptions = { db: Db; collector: NewCollector };

/** Adds a collector; conflict when the id is taken, not_found for an unknown agency. */
export async function createCollector({
  db,
  collector,
}: CreateCollectorOptions): Promise<CollectorRow> {
  checkCollector(collector);
  return db.transaction(async (tx) => {
    if (collector.agency_id !== null && !(await findAgency(tx, collector.agency_id)))
      throw new AppError('not_found', `no agency "${collector.agency_id}"`, {
        agency_id: collector.agency_id,
      });
    const row = await insertCollector(tx, collector);
    if (!row)
      throw new AppError('conflict', `collector "${collector.collector_id}" already exists`, {
        collector_id: collector.collector_id,
        reason: 'collector_exists' satisfies PeopleRefusal,
      });
    return row;
  });
}
