import { describe, expect, it } from 'vitest';
import { creditToPromises, type CreditablePromise } from './promise-credit.js';

const promise = (
  promiseId: bigint,
  amountMinor: bigint,
  madeOn: string,
  promisedOn: string,
  paidMinor = 0n,
  currency = 'CNY',
): CreditablePromise => ({ promiseId, currency, madeOn, promisedOn, amountMinor, paidMinor });

describe('creditToPromises', () => {
  it.each([
    [
      'one promise, paid in full',
      [promise(1n, 500n, '2026-11-01', '2026-11-10')],
      500n,
      [[1n, 500n]],
    ],
    [
      'overpayment: the rest credits nothing',
      [promise(1n, 500n, '2026-11-01', '2026-11-10')],
      800n,
      [[1n, 500n]],
    ],
    ['partial', [promise(1n, 500n, '2026-11-01', '2026-11-10', 100n)], 300n, [[1n, 300n]]],
    [
      'oldest due first, then by id',
      [
        promise(3n, 200n, '2026-11-01', '2026-11-20'),
        promise(2n, 200n, '2026-11-01', '2026-11-10'),
        promise(1n, 200n, '2026-11-01', '2026-11-20'),
      ],
      500n,
      [
        [2n, 200n],
        [1n, 200n],
        [3n, 100n],
      ],
    ],
    [
      'made after the payment: not credited',
      [promise(1n, 500n, '2026-11-06', '2026-11-10')],
      500n,
      [],
    ],
    [
      'due before the payment: not credited',
      [promise(1n, 500n, '2026-10-01', '2026-11-04')],
      500n,
      [],
    ],
    [
      'another currency: not credited',
      [promise(1n, 500n, '2026-11-01', '2026-11-10', 0n, 'USD')],
      500n,
      [],
    ],
    ['already paid up: skipped', [promise(1n, 500n, '2026-11-01', '2026-11-10', 500n)], 500n, []],
  ])('%s', (_name, open, amountMinor, expected) => {
    const credits = creditToPromises(open, { amountMinor, currency: 'CNY', paidOn: '2026-11-05' });
    expect(credits.map((c) => [c.promiseId, c.amountMinor])).toEqual(expected);
  });

  it('payments credited in turn see what the earlier ones paid', () => {
    const open = [promise(1n, 500n, '2026-11-01', '2026-11-10')];
    const pay = (amountMinor: bigint) =>
      creditToPromises(open, { amountMinor, currency: 'CNY', paidOn: '2026-11-05' });
    expect(pay(300n)).toEqual([{ promiseId: 1n, amountMinor: 300n }]);
    expect(pay(300n)).toEqual([{ promiseId: 1n, amountMinor: 200n }]);
    expect(pay(300n)).toEqual([]);
    expect(open[0]?.paidMinor).toBe(500n);
  });
});
