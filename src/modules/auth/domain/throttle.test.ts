import { describe, expect, it } from 'vitest';
import { afterFailure, lockedUntil, type ThrottleState } from './throttle.js';

const t0 = new Date('2026-12-02T08:00:00Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);

function failAt(minutes: number[]): ThrottleState | null {
  let s: ThrottleState | null = null;
  for (const m of minutes) s = afterFailure(s, at(m));
  return s;
}

describe('sign-in throttle', () => {
  it.each([
    ['no failure', [], 0, null],
    ['four failures', [0, 1, 2, 3], 4, null],
    ['the fifth failure locks for 15 minutes', [0, 1, 2, 3, 4], 5, at(19)],
    ['failures 15 minutes apart never add up', [0, 15, 30, 45, 60], 1, null],
    ['a failure just inside the window counts', [0, 14.99, 29.98, 44.97, 59.96], 5, at(74.96)],
  ] as const)('%s', (_name, minutes, failures, until) => {
    const s = failAt([...minutes]);
    expect(s?.failures ?? 0).toBe(failures);
    expect(s?.lockedUntil ?? null).toEqual(until);
  });

  it('is locked until the instant the lock lifts, and not after', () => {
    const s = failAt([0, 1, 2, 3, 4]);
    expect(lockedUntil(s, at(18.99))).toEqual(at(19));
    expect(lockedUntil(s, at(19))).toBeNull();
    expect(lockedUntil(null, at(0))).toBeNull();
  });

  it('a failure after the lock lifted starts the count again', () => {
    const s = afterFailure(failAt([0, 1, 2, 3, 4]), at(20));
    expect(s.failures).toBe(1);
    expect(s.lockedUntil).toBeNull();
  });
});
