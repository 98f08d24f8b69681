import type { Queryable } from '../../../shared/db/types.js';
import { selectAgencies, type AgencyWithCounts } from '../store.js';

export type ListAgenciesOptions = { db: Queryable };

/** Agencies with their collectors and the accounts currently placed with them. */
export function listAgencies({ db }: ListAgenciesOptions): Promise<AgencyWithCounts[]> {
  return selectAgencies(db);
}
