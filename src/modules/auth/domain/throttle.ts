/**
 * The sign-in throttle: after `maxFailures` failed sign-ins in a row for one user name, the name
 * is locked for `lockMinutes`. A failure older than `lockMinutes` starts the count again. Pure: the
 * instant is an argument.
 */
export type ThrottlePolicy = { maxFailures: number; lockMinutes: number };

export const defaultThrottlePolicy: ThrottlePolicy = { maxFailures: 5, lockMinutes: 15 };

export type ThrottleState = { failures: number; lastFailureAt: Date; lockedUntil: Date | null };

/** When the name is locked at `now`, the instant the lock lifts; otherwise null. */
export function lockedUntil(state: ThrottleState | null, now: Date): Date | null {
  if (!state?.lockedUntil) return null;
  return state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : null;
}

/** The state after one more failed sign-in at `now`. */
export function afterFailure(
  state: ThrottleState | null,
  now: Date,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): ThrottleState {
  const windowMs = policy.lockMinutes * 60_000;
  const stale = !state || now.getTime() - state.lastFailureAt.getTime() >= windowMs;
  const expiredLock = state?.lockedUntil && state.lockedUntil.getTime() <= now.getTime();
  const failures = stale || expiredLock ? 1 : state.failures + 1;
  return {
    failures,
    lastFailureAt: now,
    lockedUntil: failures >= policy.maxFailures ? new Date(now.getTime() + windowMs) : null,
  };
}
