import type { Queryable } from '../../../shared/db/types.js';
import { sha256 } from '../domain/secrets.js';
import { revokeSession } from '../store.js';

export type SignOutOptions = { db: Queryable; token: string; now: Date };

/** Ends a session: its cookie is worthless from now on, even if kept. */
export async function signOut(o: SignOutOptions): Promise<void> {
  await revokeSession(o.db, sha256(o.token), o.now);
}
