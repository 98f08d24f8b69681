import type { Queryable } from '../../../shared/db/types.js';
import { listReviewEntries as select, type StatementEntryRow } from '../store.js';

export type ListReviewEntriesOptions = { db: Queryable; afterId?: bigint; limit: number };

/** Statement entries waiting for a person, oldest first, with their suggested matches. */
export async function listReviewEntries(
  opts: ListReviewEntriesOptions,
): Promise<{ items: StatementEntryRow[]; nextAfter: bigint | null }> {
  const items = await select(opts.db, opts.afterId ?? 0n, opts.limit + 1);
  const more = items.length > opts.limit;
  const page = more ? items.slice(0, opts.limit) : items;
  return { items: page, nextAfter: more ? (page[page.length - 1]?.entry_id ?? null) : null };
}
