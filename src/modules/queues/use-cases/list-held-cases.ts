import type { Queryable } from '../../../shared/db/types.js';
import { getCollector } from '../../people/index.js';
import { selectHeldCases, type HeldCaseRow } from '../store.js';

export type ListHeldCasesOptions = { db: Queryable; collectorId: string };

/** The cases a collector holds now (claims not yet expired), oldest claim first. */
export async function listHeldCases({
  db,
  collectorId,
}: ListHeldCasesOptions): Promise<HeldCaseRow[]> {
  await getCollector({ db, collectorId });
  return selectHeldCases(db, collectorId);
}
