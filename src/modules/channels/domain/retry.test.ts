import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { baseMs: 1000, maxDelayMs: 10_000, maxTries: 5 };

describe('afterFailure', () => {
  it.each([
    [1, false, { kind: 'retry', delayMs: 1000 }],
    [2, false, { kind: 'retry', delayMs: 2000 }],
    [3, false, { kind: 'retry', delayMs: 4000 }],
    [4, false, { kind: 'retry', delayMs: 8000 }],
    [5, false, { kind: 'fail' }],
    [1, true, { kind: 'fail' }],
  ] as const)('try %i permanent=%s -> %j', (tries, permanent, expected) => {
    expect(afterFailure(tries, permanent, policy)).toEqual(expected);
  });

  it('delays never shrink and never exceed the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (t) => {
        const p = { ...policy, maxTries: 1000 };
        const a = afterFailure(t, false, p);
        const b = afterFailure(t + 1, false, p);
        if (a.kind !== 'retry' || b.kind !== 'retry') throw new Error('expected retries');
        expect(b.delayMs).toBeGreaterThanOrEqual(a.delayMs);
        expect(b.delayMs).toBeLessThanOrEqual(p.maxDelayMs);
      }),
    );
  });
});
