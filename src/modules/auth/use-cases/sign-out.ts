import type { Db } from '../../../shared/db/types.js';
import { recordAdministration } from '../../audit/index.js';
import { sha256 } from '../domain/secrets.js';
import { revokeSession } from '../store.js';

export type SignOutOptions = {
  db: Db;
  token: string;
  now: Date;
  /** The client's address as the server sees it. */
  clientAddress: string;
  /** Why the session ends: the user signed out, or signed in again in the same browser. */
  reason: 'sign_out' | 'new_sign_in';
};

/**
 * Ends a session: its cookie is worthless from now on, even if kept. A session that was still
 * open is recorded in the evidence log as its user's sign-out, in the same transaction.
 */
export async function signOut(o: SignOutOptions): Promise<void> {
  await o.db.transaction(async (tx) => {
    const username = await revokeSession(tx, sha256(o.token), o.now);
    if (username === undefined) return;
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_sign_out',
        actor: `user:${username}`,
        occurredAt: o.now,
        payload: { client_address: o.clientAddress, reason: o.reason },
      },
    });
  });
}
