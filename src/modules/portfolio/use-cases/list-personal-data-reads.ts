import type { Queryable } from '../../../shared/db/types.js';
import { listPersonalDataReadRows, type PersonalDataReadRow } from '../store.js';

export type ListPersonalDataReadsOptions = { db: Queryable; portfolioId: bigint; debtorId: string };

export type PersonalDataRead = PersonalDataReadRow;

/** Every unmasked read of a debtor's personal data (reveals and exports), oldest first. */
export async function listPersonalDataReads(
  o: ListPersonalDataReadsOptions,
): Promise<PersonalDataRead[]> {
  return listPersonalDataReadRows(o.db, o.portfolioId, o.debtorId);
}
