/**
 * Delivery retries: exponential backoff (base, doubled per try, capped) and a maximum number of
 * tries after which a message is failed for good. A permanent refusal (an invalid number, a
 * rejected address) fails at once.
 */
export type RetryPolicy = { baseMs: number; maxDelayMs: number; maxTries: number };

export const defaultRetryPolicy: RetryPolicy = {
  baseMs: 30_000,
  maxDelayMs: 3_600_000,
  maxTries: 6,
};

export type RetryDecision = { kind: 'retry'; delayMs: number } | { kind: 'fail' };

/** What to do after the `tries`-th try (1 = the first) failed. */
export function afterFailure(
  tries: number,
  permanent: boolean,
  policy: RetryPolicy,
): RetryDecision {
  if (permanent || tries >= policy.maxTries) return { kind: 'fail' };
  const exponent = Math.min(Math.max(tries - 1, 0), 40);
  return { kind: 'retry', delayMs: Math.min(policy.baseMs * 2 ** exponent, policy.maxDelayMs) };
}
