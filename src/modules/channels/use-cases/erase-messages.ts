import type { Queryable } from '../../../shared/db/types.js';
import { eraseMessageRows } from '../privacy-sql.js';

export type EraseMessagesOptions = {
  /** the caller's transaction */
  tx: Queryable;
  portfolioId: bigint;
  debtorIds: readonly string[];
};

/** The outbox's part of anonymising people: their messages' destinations and texts are erased. */
export async function eraseMessages(o: EraseMessagesOptions): Promise<number> {
  if (o.debtorIds.length === 0) return 0;
  return eraseMessageRows(o.tx, o.portfolioId, o.debtorIds);
}
