import type { Queryable } from '../../../shared/db/types.js';
import { expireLapsedClaims } from '../store.js';

export type ExpireClaimsOptions = { tx: Queryable };

/**
 * Puts lapsed claims back to open (a lapsed claim is claimable anyway; this tidies the table, e.g.
 * from the daily cycle). Returns the number of actions reopened.
 */
export async function expireClaims({ tx }: ExpireClaimsOptions): Promise<{ reopened: number }> {
  return { reopened: await expireLapsedClaims(tx) };
}
