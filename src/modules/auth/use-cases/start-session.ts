import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../../shared/db/types.js';
import { csrfToken, sessionToken, sha256 } from '../domain/secrets.js';
import { insertSession } from '../store.js';

export type SessionPolicy = { idleMinutes: number; absoluteHours: number };

export const defaultSessionPolicy: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

export type StartSessionOptions = {
  db: Queryable;
  userId: bigint;
  now: Date;
  policy?: SessionPolicy;
};

export type StartedSession = { sessionToken: string; csrfToken: string };

/**
 * A new session for a user whose identity was just proven (by password or by the identity
 * provider): a fresh random token, never one the browser brought along, so a planted session id
 * is useless. It ends after the policy's idle time or absolute hours, or when revoked.
 */
export async function startSession(o: StartSessionOptions): Promise<StartedSession> {
  const policy = o.policy ?? defaultSessionPolicy;
  const token = sessionToken(randomBytes(32));
  await insertSession(o.db, {
    tokenHash: sha256(token),
    userId: o.userId,
    now: o.now,
    expiresAt: new Date(o.now.getTime() + policy.absoluteHours * 3_600_000),
  });
  return { sessionToken: token, csrfToken: csrfToken(token) };
}
