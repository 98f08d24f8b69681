import { describe, expect, it } from 'vitest';
import { historyPayment, pastMonthEnds, paymentDay, random } from './history.js';

describe('pastMonthEnds', () => {
  it.each([
    ['2026-11-24', 3, ['2026-08-31', '2026-09-30', '2026-10-31']],
    ['2026-03-01', 2, ['2026-01-31', '2026-02-28']],
    ['2024-03-15', 1, ['2024-02-29']],
    ['2026-01-31', 2, ['2025-11-30', '2025-12-31']],
    ['2026-05-01', 0, []],
  ])('before %s, %i: %j', (before, count, ends) => {
    expect(pastMonthEnds(before, count)).toEqual(ends);
  });
});

describe('historyPayment', () => {
  it.each([
    [0, 1000n, 1000n],
    [0.059, 1000n, 1000n],
    [0.06, 1000n, 500n],
    [0.159, 1001n, 500n],
    [0.1, 1n, 1n],
    [0.16, 1000n, 0n],
    [0.99, 1000n, 0n],
    [0, 0n, 0n],
  ])('draw %d on %d overdue pays %d', (draw, overdue, paid) => {
    expect(historyPayment(draw, overdue)).toBe(paid);
  });
});

describe('paymentDay', () => {
  it.each([
    ['2026-09-30', '2026-11-24', '2026-10-10'],
    ['2026-10-31', '2026-11-05', '2026-11-04'],
    ['2026-10-31', '2026-11-01', null],
    ['2026-10-31', '2026-11-02', '2026-11-01'],
  ])('after %s, before %s: %s', (monthEnd, before, day) => {
    expect(paymentDay(monthEnd, before)).toBe(day);
  });
});

describe('random', () => {
  it('is deterministic for a seed and within [0, 1)', () => {
    const a = random(7);
    const b = random(7);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
  });
});
