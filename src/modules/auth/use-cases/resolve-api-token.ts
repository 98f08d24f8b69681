import type { Queryable } from '../../../shared/db/types.js';
import { apiTokenId, sameSecret, sha256 } from '../domain/secrets.js';
import { principalOf, type Principal } from '../principal.js';
import { findApiToken, touchApiToken } from '../store.js';

export type ResolveApiTokenOptions = { db: Queryable; token: string; now: Date };

/** The principal of a bearer token, or null when malformed, unknown, revoked or expired. */
export async function resolveApiToken(o: ResolveApiTokenOptions): Promise<Principal | null> {
  const tokenId = apiTokenId(o.token);
  if (!tokenId) return null;
  const t = await findApiToken(o.db, tokenId);
  if (!t || t.revoked_at || !t.active || t.expires_at.getTime() <= o.now.getTime()) return null;
  if (!sameSecret(sha256(o.token).toString('hex'), Buffer.from(t.token_hash).toString('hex')))
    return null;
  if (!t.last_used_at || o.now.getTime() - t.last_used_at.getTime() >= 60_000)
    await touchApiToken(o.db, tokenId, o.now);
  return principalOf(t, 'token', t.scopes);
}
