import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { afterFailure, lockedUntil, type ThrottlePolicy } from '../domain/throttle.js';
import { principalOf, type Principal } from '../principal.js';
import { clearThrottle, findThrottle, findUserForSignIn, saveThrottle } from '../store.js';
import { checkPassword } from './hash-password.js';
import { startSession, type SessionPolicy } from './start-session.js';

export { defaultSessionPolicy, type SessionPolicy } from './start-session.js';

export type SignInOptions = {
  db: Db;
  username: string;
  password: string;
  now: Date;
  sessionPolicy?: SessionPolicy;
  throttlePolicy?: ThrottlePolicy;
};

export type SignedIn = { sessionToken: string; csrfToken: string; principal: Principal };

const refused = (): AppError =>
  new AppError('unauthenticated', 'the user name or the password is wrong');

/**
 * Signs a user in with a password: a new session (never one the browser brought along, so a
 * planted session id is useless), or unauthenticated with the same words whether the name exists
 * or not. Too many failures in a row lock the name for a while (rate_limited, with the instant).
 */
export async function signIn(o: SignInOptions): Promise<SignedIn> {
  const username = o.username.trim().toLowerCase();
  const key = username.slice(0, 200) || '-';
  const throttle = await findThrottle(o.db, key);
  const state = throttle && {
    failures: throttle.failures,
    lastFailureAt: throttle.last_failure_at,
    lockedUntil: throttle.locked_until,
  };
  const until = lockedUntil(state ?? null, o.now);
  if (until)
    throw new AppError('rate_limited', 'too many failed sign-ins: try again later', {
      retry_after: until.toISOString(),
    });
  const user = await findUserForSignIn(o.db, username);
  const ok = await checkPassword(user?.password_hash ?? null, o.password);
  if (!ok || !user || !user.active) {
    await o.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sign-in:${key}`]);
      const current = await findThrottle(tx, key);
      const next = afterFailure(
        current
          ? {
              failures: current.failures,
              lastFailureAt: current.last_failure_at,
              lockedUntil: current.locked_until,
            }
          : null,
        o.now,
        o.throttlePolicy,
      );
      await saveThrottle(tx, key, next);
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
    return started;
  });
  return { ...session, principal: principalOf(user, 'session') };
}
