import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findAgency, updateCollectorRow, type CollectorRow, type NewCollector } from '../store.js';
import { checkCollector } from './collector-rules.js';
import { getCollector } from './get-collector.js';

export type CollectorPatch = Partial<Omit<NewCollector, 'collector_id'>>;

export type UpdateCollectorOptions = { db: Db; collectorId: string; patch: CollectorPatch };

/** Changes some of a collector's fields; not_found for an unknown collector or agency. */
export async function updateCollector({
  db,
  collectorId,
  patch,
}: UpdateCollectorOptions): Promise<CollectorRow> {
  return db.transaction(async (tx) => {
    const current = await getCollector({ db: tx, collectorId, lock: true });
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: NewCollector = { ...current, ...defined, collector_id: collectorId };
    checkCollector(next);
    if (next.agency_id !== null && !(await findAgency(tx, next.agency_id)))
      throw new AppError('not_found', `no agency "${next.agency_id}"`, {
        agency_id: next.agency_id,
      });
    return updateCollectorRow(tx, next);
  });
}
