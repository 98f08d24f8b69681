import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import {
  allocatePayment,
  applyAllocation,
  chargeComponents,
  reverseAllocation,
  type AllocationPolicy,
  type OpenCharge,
} from './allocation.js';

const charges: OpenCharge[] = [
  { chargeId: 'p1', component: 'principal', dueDate: '2026-01-10', outstandingMinor: 10_000n },
  { chargeId: 'i2', component: 'interest', dueDate: '2026-02-10', outstandingMinor: 300n },
  { chargeId: 'f2', component: 'fee', dueDate: '2026-02-10', outstandingMinor: 50n },
  { chargeId: 'i1', component: 'interest', dueDate: '2026-01-10', outstandingMinor: 200n },
  { chargeId: 'f1', component: 'fee', dueDate: '2026-01-10', outstandingMinor: 40n },
  { chargeId: 'x1', component: 'penalty_interest', dueDate: '2026-01-10', outstandingMinor: 7n },
  { chargeId: 'p2', component: 'principal', dueDate: '2026-02-10', outstandingMinor: 10_000n },
];
const pay = (amountMinor: bigint, policy?: AllocationPolicy) =>
  allocatePayment({ amountMinor, currency: 'CNY', accountCurrency: 'CNY', charges, policy });
const ids = (a: ReturnType<typeof pay>) => a.lines.map((l) => `${l.chargeId}:${l.amountMinor}`);

describe('allocatePayment: the default waterfall (fees, interest, principal; oldest first)', () => {
  it.each([
    [1n, ['f1:1']],
    [40n, ['f1:40']],
    [90n, ['f1:40', 'f2:50']],
    [100n, ['f1:40', 'f2:50', 'x1:7', 'i1:3']],
    [600n, ['f1:40', 'f2:50', 'x1:7', 'i1:200', 'i2:300', 'p1:3']],
    [20_597n, ['f1:40', 'f2:50', 'x1:7', 'i1:200', 'i2:300', 'p1:10000', 'p2:10000']],
  ])('pays %s as %j', (amount, expected) => {
    const a = pay(amount);
    expect(ids(a)).toEqual(expected);
    expect(a.unappliedMinor).toBe(0n);
  });

  it('keeps an overpayment as the unapplied remainder', () => {
    const a = pay(25_000n);
    expect(a.appliedMinor).toBe(20_597n);
    expect(a.unappliedMinor).toBe(4_403n);
  });

  it('due_date_first pays the oldest due date whole before the next', () => {
    const a = pay(20_300n, {
      componentOrder: ['fee', 'penalty_interest', 'interest', 'principal'],
      sequence: 'due_date_first',
    });
    expect(ids(a)).toEqual(['f1:40', 'x1:7', 'i1:200', 'p1:10000', 'f2:50', 'i2:300', 'p2:9703']);
  });

  it('a product may put principal first', () => {
    const a = pay(10_001n, {
      componentOrder: ['principal', 'interest', 'penalty_interest', 'fee'],
      sequence: 'component_first',
    });
    expect(ids(a)).toEqual(['p1:10000', 'p2:1']);
  });

  it('equal rank keeps the input order; paid-off charges are skipped', () => {
    const a = allocatePayment({
      amountMinor: 5n,
      currency: 'CNY',
      accountCurrency: 'CNY',
      charges: [
        { chargeId: 'b', component: 'fee', dueDate: '2026-01-01', outstandingMinor: 0n },
        { chargeId: 'c', component: 'fee', dueDate: '2026-01-01', outstandingMinor: 3n },
        { chargeId: 'a', component: 'fee', dueDate: '2026-01-01', outstandingMinor: 3n },
      ],
    });
    expect(ids(a)).toEqual(['c:3', 'a:2']);
  });
});

describe('allocatePayment: refusals name the field', () => {
  const base = { amountMinor: 100n, currency: 'CNY', accountCurrency: 'CNY', charges };
  it.each([
    ['zero', { amountMinor: 0n }, 'amountMinor'],
    ['negative', { amountMinor: -5n }, 'amountMinor'],
    ['wrong currency', { currency: 'USD' }, 'currency'],
    ['unknown currency', { currency: 'XYZ' }, 'currency'],
    ['unknown account currency', { accountCurrency: 'cny' }, 'accountCurrency'],
    [
      'a policy missing a component',
      { policy: { componentOrder: ['fee', 'interest', 'principal'], sequence: 'component_first' } },
      'policy.componentOrder',
    ],
    [
      'a negative charge',
      {
        charges: [
          { chargeId: 'a', component: 'fee', dueDate: '2026-01-01', outstandingMinor: -1n },
        ],
      },
      'charges[0].outstandingMinor',
    ],
    ['a duplicate charge id', { charges: [charges[0], charges[0]] }, 'charges[1].chargeId'],
  ] as const)('%s', (_name, patch, field) => {
    try {
      allocatePayment({ ...base, ...patch } as Parameters<typeof allocatePayment>[0]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('validation_failed');
      expect((e as AppError).details).toMatchObject({ field });
      expect((e as AppError).message).toContain(field);
    }
  });
});

const openChargesArb = fc.uniqueArray(
  fc.record({
    chargeId: fc.string({ minLength: 1, maxLength: 4 }),
    component: fc.constantFrom(...chargeComponents),
    dueDate: fc
      .integer({ min: 0, max: 800 })
      .map((d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10)),
    outstandingMinor: fc.bigInt({ min: 0n, max: 1_000_000n }),
  }),
  { selector: (c) => c.chargeId, maxLength: 15 },
);
const policyArb = fc.record({
  componentOrder: fc.shuffledSubarray([...chargeComponents], {
    minLength: chargeComponents.length,
  }),
  sequence: fc.constantFrom('component_first' as const, 'due_date_first' as const),
});

describe('allocatePayment: properties', () => {
  it('never creates or loses a cent', () => {
    fc.assert(
      fc.property(
        openChargesArb,
        fc.bigInt({ min: 1n, max: 20_000_000n }),
        policyArb,
        (cs, amount, policy) => {
          const a = allocatePayment({
            amountMinor: amount,
            currency: 'EUR',
            accountCurrency: 'EUR',
            charges: cs,
            policy,
          });
          const total = cs.reduce((s, c) => s + c.outstandingMinor, 0n);
          const lines = a.lines.reduce((s, l) => s + l.amountMinor, 0n);
          expect(lines + a.unappliedMinor).toBe(amount);
          expect(a.appliedMinor).toBe(amount < total ? amount : total);
          for (const l of a.lines) {
            expect(l.amountMinor).toBeGreaterThan(0n);
            const c = cs.find((x) => x.chargeId === l.chargeId);
            expect(l.amountMinor).toBeLessThanOrEqual(c?.outstandingMinor ?? -1n);
          }
          const after = applyAllocation(cs, a);
          const left = after.reduce((s, c) => s + c.outstandingMinor, 0n);
          expect(total - left).toBe(a.appliedMinor);
        },
      ),
    );
  });

  it('a reversal restores exactly what the payment reduced', () => {
    fc.assert(
      fc.property(
        openChargesArb,
        fc.bigInt({ min: 1n, max: 5_000_000n }),
        policyArb,
        (cs, amount, policy) => {
          const a = allocatePayment({
            amountMinor: amount,
            currency: 'EUR',
            accountCurrency: 'EUR',
            charges: cs,
            policy,
          });
          expect(reverseAllocation(applyAllocation(cs, a), a)).toEqual(cs);
        },
      ),
    );
  });

  it('at most one charge is paid partly, and it is the last line', () => {
    fc.assert(
      fc.property(openChargesArb, fc.bigInt({ min: 1n, max: 5_000_000n }), (cs, amount) => {
        const a = allocatePayment({
          amountMinor: amount,
          currency: 'EUR',
          accountCurrency: 'EUR',
          charges: cs,
        });
        a.lines.slice(0, -1).forEach((l) => {
          expect(l.amountMinor).toBe(cs.find((c) => c.chargeId === l.chargeId)?.outstandingMinor);
        });
      }),
    );
  });
});
