import { randomBytes } from 'node:crypto';
import { inTransaction } from '../../../shared/db/in-transaction.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import { recordAdministration } from '../../audit/index.js';
import { AppError } from '../../../shared/errors.js';
import type { AuthRefusal } from '../domain/refusals.js';
import { isPermission } from '../domain/permissions.js';
import { apiToken, sha256, tokenIdFrom } from '../domain/secrets.js';
import { findUserForSignIn, insertApiToken, type ApiTokenRow } from '../store.js';

export type CreateApiTokenOptions = {
  /** A transaction, or a database (the token and its evidence entry then commit together). */
  db: Queryable | Db;
  /** Who issues the token (`user:<name>`), for the evidence log. */
  actor: string;
  username: string;
  name: string;
  /** permissions the token may use: each must be one the user's role holds */
  scopes: readonly string[];
  /** days until it expires (1-366) */
  days: number;
  now: Date;
};

/**
 * A bearer token for a system integration, acting as `username` within `scopes`. The secret is
 * returned once and kept only as a digest. Recorded in the evidence log (admin_token_created:
 * its id, name, user, scopes and expiry; never the secret or its digest) in the same transaction.
 */
export async function createApiToken(
  o: CreateApiTokenOptions,
): Promise<{ token: string; row: ApiTokenRow }> {
  const user = await findUserForSignIn(o.db, o.username.trim().toLowerCase());
  if (!user) throw new AppError('not_found', `no user "${o.username}"`, { username: o.username });
  if (!user.active)
    throw new AppError('conflict', `user "${user.username}" is not active`, {
      username: user.username,
      reason: 'user_inactive' satisfies AuthRefusal,
    });
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > 366)
    throw new AppError('validation_failed', 'a token lives 1 to 366 days', [
      { field: 'days', message: '1-366' },
    ]);
  const scopes = [...new Set(o.scopes)].sort();
  if (scopes.length === 0)
    throw new AppError('validation_failed', 'a token needs at least one scope', [
      { field: 'scopes', message: 'required' },
    ]);
  for (const [i, s] of scopes.entries()) {
    if (!isPermission(s))
      throw new AppError('validation_failed', `unknown permission "${s}"`, [
        { field: `scopes.${i}`, message: 'unknown permission' },
      ]);
    if (!user.permissions.includes(s))
      throw new AppError('validation_failed', `role ${user.role} does not hold "${s}"`, [
        { field: `scopes.${i}`, message: `not a permission of role ${user.role}` },
      ]);
  }
  const tokenId = tokenIdFrom(randomBytes(12));
  const token = apiToken(tokenId, randomBytes(32));
  const row = await inTransaction(o.db, async (tx) => {
    const inserted = await insertApiToken(tx, {
      tokenId,
      tokenHash: sha256(token),
      userId: user.user_id,
      name: o.name,
      scopes,
      now: o.now,
      expiresAt: new Date(o.now.getTime() + o.days * 86_400_000),
    });
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_token_created',
        actor: o.actor,
        occurredAt: o.now,
        payload: {
          token_id: inserted.token_id,
          user: user.username,
          name: inserted.name,
          scopes: inserted.scopes,
          expires_at: inserted.expires_at.toISOString(),
        },
      },
    });
    return inserted;
  });
  return { token, row };
}
