import type { Queryable } from '../../../shared/db/types.js';
import { eraseTaskNoteRows } from '../privacy-sql.js';

export type EraseTaskNotesOptions = {
  /** the caller's transaction */
  tx: Queryable;
  portfolioId: bigint;
  debtorIds: readonly string[];
};

/** The queues' part of anonymising people: their task reports' notes are erased. */
export async function eraseTaskNotes(o: EraseTaskNotesOptions): Promise<number> {
  if (o.debtorIds.length === 0) return 0;
  return eraseTaskNoteRows(o.tx, o.portfolioId, o.debtorIds);
}
