import type { Queryable } from '../../../shared/db/types.js';
import { sha256 } from '../domain/secrets.js';
import { principalOf, type Principal } from '../principal.js';
import { findSession, touchSession } from '../store.js';
import { defaultSessionPolicy, type SessionPolicy } from './sign-in.js';

export type ResolveSessionOptions = {
  db: Queryable;
  token: string;
  now: Date;
  policy?: SessionPolicy;
};

/** Last use is written at most once a minute per session, not on every request. */
const touchEveryMs = 60_000;

/**
 * The principal of a session token, or null when the session is unknown, revoked, expired, idle
 * for too long, or its user was deactivated.
 */
export async function resolveSession(o: ResolveSessionOptions): Promise<Principal | null> {
  if (o.token.length < 20 || o.token.length > 200) return null;
  const tokenHash = sha256(o.token);
  const s = await findSession(o.db, tokenHash);
  if (!s || s.revoked_at || !s.active) return null;
  const now = o.now.getTime();
  const idleMs = (o.policy ?? defaultSessionPolicy).idleMinutes * 60_000;
  if (s.expires_at.getTime() <= now || now - s.last_seen_at.getTime() >= idleMs) return null;
  if (now - s.last_seen_at.getTime() >= touchEveryMs) await touchSession(o.db, tokenHash, o.now);
  return principalOf(s, 'session');
}
