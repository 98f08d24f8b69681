import type { Queryable } from '../../../shared/db/types.js';
import { listCycleRuns as selectCycleRuns, type CycleRunRow } from '../store.js';

export type ListCycleRunsOptions = { db: Queryable; limit: number };

/** The daily cycle runs, newest first. */
export async function listCycleRuns({ db, limit }: ListCycleRunsOptions): Promise<CycleRunRow[]> {
  return selectCycleRuns(db, limit);
}
