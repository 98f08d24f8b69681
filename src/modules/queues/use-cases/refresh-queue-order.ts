import type { Queryable } from '../../../shared/db/types.js';
import { refreshQueueBalances } from '../store.js';

export type RefreshQueueOrderOptions = { tx: Queryable };

/**
 * Re-ranks the open and claimed work by its account's balance now (the queues' order: oldest due
 * first, then the highest balance), so a payment since the last cycle moves its work down the
 * queue. Set-based, for the daily cycle; returns the number of actions re-ranked.
 */
export async function refreshQueueOrder({
  tx,
}: RefreshQueueOrderOptions): Promise<{ reranked: number }> {
  return { reranked: await refreshQueueBalances(tx) };
}
