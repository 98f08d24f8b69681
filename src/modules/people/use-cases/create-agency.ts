import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PeopleRefusal } from '../domain/refusals.js';
import { insertAgency, type AgencyRow } from '../store.js';

export type CreateAgencyOptions = { db: Db; agencyId: string; name: string };

/** Adds an external collection agency; conflict when the id is taken. */
export async function createAgency({
  db,
  agencyId,
  name,
}: CreateAgencyOptions): Promise<AgencyRow> {
  const row = await insertAgency(db, agencyId, name);
  if (!row)
    throw new AppError('conflict', `agency "${agencyId}" already exists`, {
      agency_id: agencyId,
      reason: 'agency_exists' satisfies PeopleRefusal,
    });
  return row;
}
