import type { Db, Queryable } from '../../../shared/db/types.js';
import { recordAdministration } from '../../audit/index.js';
import { AppError } from '../../../shared/errors.js';
import {
  afterFailure,
  lockedUntil,
  type ThrottlePolicy,
  type ThrottleState,
} from '../domain/throttle.js';
import { principalOf, type Principal } from '../principal.js';
import {
  clearThrottle,
  findThrottle,
  findUserForSignIn,
  saveThrottle,
  type ThrottleRow,
} from '../store.js';
import { checkPassword } from './hash-password.js';
import { startSession, type SessionPolicy } from './start-session.js';

export { defaultSessionPolicy, type SessionPolicy } from './start-session.js';

export type SignInOptions = {
  db: Db;
  username: string;
  password: string;
  now: Date;
  /** The client's address as the server sees it (recorded with the attempt). */
  clientAddress: string;
  sessionPolicy?: SessionPolicy;
  throttlePolicy?: ThrottlePolicy;
};

export type SignedIn = { sessionToken: string; csrfToken: string; principal: Principal };

const refused = (): AppError =>
  new AppError('unauthenticated', 'the user name or the password is wrong');

const throttleState = (r: ThrottleRow): ThrottleState => ({
  failures: r.failures,
  lastFailureAt: r.last_failure_at,
  lockedUntil: r.locked_until,
});

type FailureReason = 'locked' | 'unknown_user' | 'wrong_password' | 'inactive';

/** A failed sign-in in the evidence log: the user name as typed and the address, no password. */
async function recordFailure(
  tx: Queryable,
  o: SignInOptions,
  reason: FailureReason,
): Promise<void> {
  await recordAdministration({
    db: tx,
    entry: {
      kind: 'admin_sign_in_failed',
      actor: 'anonymous',
      occurredAt: o.now,
      payload: { username: o.username.slice(0, 200), client_address: o.clientAddress, reason },
    },
  });
}

/**
 * Signs a user in with a password: a new session (never one the browser brought along, so a
 * planted session id is useless), or unauthenticated with the same words whether the name exists
 * or not. Too many failures in a row lock the name for a while (rate_limited, with the instant).
 */
export async function signIn(o: SignInOptions): Promise<SignedIn> {
  const username = o.username.trim().toLowerCase();
  const key = username.slice(0, 200) || '-';
  const throttle = await findThrottle(o.db, key);
  const until = lockedUntil(throttle ? throttleState(throttle) : null, o.now);
  if (until) {
    await o.db.transaction((tx) => recordFailure(tx, o, 'locked'));
    throw new AppError('rate_limited', 'too many failed sign-ins: try again later', {
      retry_after: until.toISOString(),
    });
  }
  const user = await findUserForSignIn(o.db, username);
  const ok = await checkPassword(user?.password_hash ?? null, o.password);
  if (!ok || !user || !user.active) {
    await o.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sign-in:${key}`]);
      const current = await findThrottle(tx, key);
      const next = afterFailure(current ? throttleState(current) : null, o.now, o.throttlePolicy);
      await saveThrottle(tx, key, next);
      await recordFailure(
        tx,
        o,
        !user ? 'unknown_user' : !user.active && ok ? 'inactive' : 'wrong_password',
      );
      // this failure locked the name (it was not locked a moment ago)
      if (next.lockedUntil && !lockedUntil(current ? throttleState(current) : null, o.now))
        await recordAdministration({
          db: tx,
          entry: {
            kind: 'admin_account_locked',
            actor: 'system:sign-in',
            occurredAt: o.now,
            payload: {
              username: key,
              failures: next.failures,
              locked_until: next.lockedUntil.toISOString(),
              client_address: o.clientAddress,
            },
          },
        });
    });
    throw refused();
  }
  const session = await o.db.transaction(async (tx) => {
    const started = await startSession({
      db: tx,
      userId: user.user_id,
      now: o.now,
      ...(o.sessionPolicy ? { policy: o.sessionPolicy } : {}),
    });
    if (throttle) await clearThrottle(tx, key);
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_sign_in',
        actor: `user:${user.username}`,
        occurredAt: o.now,
        payload: { method: 'password', client_address: o.clientAddress },
      },
    });
    return started;
  });
  return { ...session, principal: principalOf(user, 'session') };
}
