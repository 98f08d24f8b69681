import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import { evaluatePromise, toleranceAllowance, type PromiseToPay } from './promise.js';

const promise: PromiseToPay = {
  amountMinor: 100_000n,
  currency: 'CNY',
  promisedOn: '2026-11-20',
  dueDate: '2026-11-30',
};
const paid = (amountMinor: bigint, paidOn: string) => ({ amountMinor, currency: 'CNY', paidOn });

describe('evaluatePromise: status', () => {
  it.each([
    ['nothing paid before the date', [], '2026-11-25', 'pending', false],
    ['nothing paid on the date', [], '2026-11-30', 'pending', false],
    ['nothing paid the day after', [], '2026-12-01', 'broken', false],
    ['paid in full early', [paid(100_000n, '2026-11-21')], '2026-11-22', 'kept', false],
    ['paid in full on the date', [paid(100_000n, '2026-11-30')], '2026-12-05', 'kept', false],
    [
      'paid in two parts',
      [paid(40_000n, '2026-11-21'), paid(60_000n, '2026-11-29')],
      '2026-12-05',
      'kept',
      false,
    ],
    ['partial, before the date', [paid(40_000n, '2026-11-21')], '2026-11-25', 'pending', true],
    ['partial, after the date', [paid(40_000n, '2026-11-21')], '2026-12-01', 'broken', true],
    ['paid late', [paid(100_000n, '2026-12-01')], '2026-12-02', 'broken', false],
    [
      'paid before the promise was made',
      [paid(100_000n, '2026-11-19')],
      '2026-12-02',
      'broken',
      false,
    ],
    [
      'a payment after asOf is not seen',
      [paid(100_000n, '2026-11-28')],
      '2026-11-27',
      'pending',
      false,
    ],
    ['overpaid', [paid(150_000n, '2026-11-28')], '2026-12-27', 'kept', false],
  ] as const)('%s -> %s', (_name, payments, asOf, status, partial) => {
    const e = evaluatePromise(promise, payments, asOf);
    expect(e.status).toBe(status);
    expect(e.partial).toBe(partial);
    expect(e.brokenOn).toBe(status === 'broken' ? '2026-12-01' : null);
  });

  it('reports what was paid in time and late, and the shortfall', () => {
    const e = evaluatePromise(
      promise,
      [paid(30_000n, '2026-11-22'), paid(20_000n, '2026-12-03')],
      '2026-12-10',
    );
    expect(e).toMatchObject({
      status: 'broken',
      paidInTimeMinor: 30_000n,
      paidLateMinor: 20_000n,
      shortfallMinor: 70_000n,
      keptOn: null,
    });
  });

  it('keptOn is the day the payments first covered the promise', () => {
    const e = evaluatePromise(
      promise,
      [paid(60_000n, '2026-11-25'), paid(60_000n, '2026-11-22')],
      '2026-12-10',
    );
    expect(e.keptOn).toBe('2026-11-25');
  });
});

describe('evaluatePromise: tolerance boundaries', () => {
  it.each([
    // [tolerance, paid, status]
    [{ minor: 100n }, 99_900n, 'kept'],
    [{ minor: 100n }, 99_899n, 'broken'],
    [{ basisPoints: 50 }, 99_500n, 'kept'], // 0.5% of 100000 = 500
    [{ basisPoints: 50 }, 99_499n, 'broken'],
    [{ minor: 100n, basisPoints: 50 }, 99_500n, 'kept'], // the larger allowance applies
    [{ minor: 800n, basisPoints: 50 }, 99_200n, 'kept'],
    [{ minor: 800n, basisPoints: 50 }, 99_199n, 'broken'],
    [{}, 99_999n, 'broken'],
    [{ basisPoints: 10_000 }, 1n, 'kept'], // at least one minor unit must be paid
  ] as const)('tolerance %o, paid %s -> %s', (tolerance, amount, status) => {
    expect(
      evaluatePromise(promise, [paid(amount, '2026-11-30')], '2026-12-01', tolerance).status,
    ).toBe(status);
  });

  it('basis points round down: 33 bps of 1001 allows 3, not 3.3', () => {
    expect(toleranceAllowance(1001n, { basisPoints: 33 })).toBe(3n);
  });

  it.each([
    [{ minor: -1n }, 'tolerance.minor'],
    [{ basisPoints: 1.5 }, 'tolerance.basisPoints'],
    [{ basisPoints: 10_001 }, 'tolerance.basisPoints'],
  ])('refuses tolerance %o', (tolerance, field) => {
    expect(() => evaluatePromise(promise, [], '2026-12-01', tolerance)).toThrow(field);
  });

  it.each([
    [
      'a wrong-currency payment',
      { ...promise },
      [{ amountMinor: 1n, currency: 'USD', paidOn: '2026-11-21' }],
      'payments[0].currency',
    ],
    ['a zero payment', { ...promise }, [paid(0n, '2026-11-21')], 'payments[0].amountMinor'],
    ['a zero promise', { ...promise, amountMinor: 0n }, [], 'promise.amountMinor'],
    ['a due date before the promise', { ...promise, dueDate: '2026-11-19' }, [], 'promise.dueDate'],
  ])('refuses %s', (_name, p, payments, field) => {
    expect(() => evaluatePromise(p, payments, '2026-12-01')).toThrow(field);
  });
});

describe('evaluatePromise: properties', () => {
  it('kept exactly when the in-time sum reaches amount - allowance; broken only after the date', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.array(
          fc.record({
            amount: fc.bigInt({ min: 1n, max: 5_000_000n }),
            day: fc.integer({ min: -3, max: 15 }),
          }),
          { maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 20 }),
        fc.record({
          minor: fc.bigInt({ min: 0n, max: 10_000n }),
          basisPoints: fc.integer({ min: 0, max: 10_000 }),
        }),
        (amount, ps, asOfDay, tolerance) => {
          const p = {
            ...promise,
            amountMinor: amount,
            promisedOn: '2026-11-20',
            dueDate: '2026-11-30',
          };
          const asOf = addDays('2026-11-20', asOfDay);
          const payments = ps.map((x) => paid(x.amount, addDays('2026-11-20', x.day)));
          const e = evaluatePromise(p, payments, asOf, tolerance);
          const inTime = payments
            .filter((x) => x.paidOn >= '2026-11-20' && x.paidOn <= '2026-11-30' && x.paidOn <= asOf)
            .reduce((s, x) => s + x.amountMinor, 0n);
          const allowance = toleranceAllowance(amount, tolerance);
          expect(allowance).toBeLessThan(amount);
          expect(e.paidInTimeMinor).toBe(inTime);
          expect(e.status === 'kept').toBe(inTime >= amount - allowance);
          if (e.status === 'broken') expect(asOf > '2026-11-30').toBe(true);
          if (e.status === 'pending') expect(asOf <= '2026-11-30').toBe(true);
        },
      ),
    );
  });
});
