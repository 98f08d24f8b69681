import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import {
  buildInstallmentPlan,
  evaluateInstallmentPlan,
  splitWithRemainderLast,
  type PlanTerms,
} from './installment-plan.js';

const terms: PlanTerms = {
  currency: 'CNY',
  balance: {
    principalMinor: 1_000_000n,
    interestMinor: 50_000n,
    penaltyInterestMinor: 20_000n,
    feeMinor: 3_001n,
  },
  agreedOn: '2026-01-15',
  installmentCount: 12,
  firstDueDate: '2026-01-31',
  penaltyInterest: 'freeze',
  fees: 'freeze',
};

describe('buildInstallmentPlan: schedule', () => {
  it('splits evenly with the remainder on the last installment, dates clamped to month end', () => {
    const plan = buildInstallmentPlan(terms);
    expect(plan.totalMinor).toBe(1_073_001n);
    expect(plan.installments.map((i) => i.amountMinor)).toEqual([
      ...Array<bigint>(11).fill(89_416n),
      89_425n,
    ]);
    expect(plan.installments.slice(0, 3).map((i) => i.dueDate)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
    expect(plan.installments[11]?.dueDate).toBe('2026-12-31');
  });

  it.each([
    ['freeze both', 'freeze', 'freeze', 1_073_001n, 0n, 0n],
    ['accrue both', 'accrue', 'accrue', 1_073_001n, 0n, 0n],
    ['waive penalty interest', 'waive', 'freeze', 1_053_001n, 20_000n, 0n],
    ['waive fees', 'freeze', 'waive', 1_070_000n, 0n, 3_001n],
    ['waive both', 'waive', 'waive', 1_050_000n, 20_000n, 3_001n],
  ] as const)('%s', (_name, penaltyInterest, fees, total, waivedPenalty, waivedFee) => {
    const plan = buildInstallmentPlan({ ...terms, penaltyInterest, fees });
    expect(plan.totalMinor).toBe(total);
    expect(plan.waivedMinor).toEqual({ penaltyInterest: waivedPenalty, fee: waivedFee });
  });

  it('a down payment comes first and the rest is split', () => {
    const plan = buildInstallmentPlan({
      ...terms,
      installmentCount: 3,
      downPaymentMinor: 73_001n,
      downPaymentDueDate: '2026-01-20',
    });
    expect(plan.schedule.map((i) => [i.number, i.dueDate, i.amountMinor])).toEqual([
      [0, '2026-01-20', 73_001n],
      [1, '2026-01-31', 333_333n],
      [2, '2026-02-28', 333_333n],
      [3, '2026-03-31', 333_334n],
    ]);
  });

  it('60 installments is the cap (credit card business measures, Art. 70)', () => {
    expect(buildInstallmentPlan({ ...terms, installmentCount: 60 }).installments).toHaveLength(60);
  });

  it.each([
    ['61 installments', { installmentCount: 61 }, 'installmentCount', 'Art. 70'],
    ['0 installments', { installmentCount: 0 }, 'installmentCount', '1..60'],
    ['a fractional count', { installmentCount: 2.5 }, 'installmentCount', '1..60'],
    [
      'above a bank cap',
      { installmentCount: 25, maxInstallments: 24 },
      'installmentCount',
      '1..24',
    ],
    ['a cap above 60', { maxInstallments: 72 }, 'maxInstallments', '1..60'],
    [
      'a zero total',
      {
        balance: { principalMinor: 0n, interestMinor: 0n, penaltyInterestMinor: 0n, feeMinor: 0n },
      },
      'balance',
      'must be > 0',
    ],
    [
      'a total that is only waived',
      {
        balance: { principalMinor: 0n, interestMinor: 0n, penaltyInterestMinor: 5n, feeMinor: 0n },
        penaltyInterest: 'waive',
      },
      'balance',
      'must be > 0',
    ],
    [
      'a negative component',
      { balance: { ...terms.balance, feeMinor: -1n } },
      'balance.feeMinor',
      '>= 0',
    ],
    [
      'a down payment equal to the total',
      { downPaymentMinor: 1_073_001n, downPaymentDueDate: '2026-01-20' },
      'downPaymentMinor',
      'less than',
    ],
    ['a negative down payment', { downPaymentMinor: -1n }, 'downPaymentMinor', '>= 0'],
    ['a down payment without a date', { downPaymentMinor: 1n }, 'downPaymentDueDate', 'required'],
    [
      'a down payment after the first due date',
      { downPaymentMinor: 1n, downPaymentDueDate: '2026-02-01' },
      'downPaymentDueDate',
      'between',
    ],
    [
      'zero-sized installments',
      {
        balance: { principalMinor: 11n, interestMinor: 0n, penaltyInterestMinor: 0n, feeMinor: 0n },
      },
      'installmentCount',
      'zero installments',
    ],
    [
      'first due before the agreement',
      { firstDueDate: '2026-01-14' },
      'firstDueDate',
      'before agreedOn',
    ],
    [
      'a term beyond 5 years',
      { installmentCount: 60, firstDueDate: '2026-03-15' },
      'firstDueDate',
      'more than 5 years',
    ],
    ['an unknown currency', { currency: 'XXY' }, 'currency', 'unknown'],
    ['a bad date', { agreedOn: '2026-02-30' }, 'agreedOn', 'not a calendar date'],
    ['an unknown treatment', { fees: 'forgive' }, 'fees', 'accrue, freeze or waive'],
  ])('refuses %s', (_name, over, field, message) => {
    try {
      buildInstallmentPlan({ ...terms, ...over } as PlanTerms);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('validation_failed');
      expect((e as AppError).details).toEqual({ field });
      expect((e as AppError).message).toContain(message);
    }
  });
});

describe('schedule properties', () => {
  it('always sums to the plan total, remainder last, for any total, count 1..60 and down payment', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 60 }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (total, count, downRaw) => {
          const down = downRaw % total;
          const t: PlanTerms = {
            ...terms,
            balance: {
              principalMinor: total,
              interestMinor: 0n,
              penaltyInterestMinor: 0n,
              feeMinor: 0n,
            },
            installmentCount: count,
            downPaymentMinor: down,
            downPaymentDueDate: '2026-01-20',
          };
          if (total - down < BigInt(count)) {
            expect(() => buildInstallmentPlan(t)).toThrow(/zero installments/);
            return;
          }
          const plan = buildInstallmentPlan(t);
          expect(plan.schedule.reduce((s, i) => s + i.amountMinor, 0n)).toBe(total);
          expect(plan.installments).toHaveLength(count);
          const first = plan.installments[0]?.amountMinor ?? 0n;
          for (const i of plan.installments.slice(0, -1)) expect(i.amountMinor).toBe(first);
          const last = plan.installments[count - 1]?.amountMinor ?? 0n;
          expect(last - first).toBeGreaterThanOrEqual(0n);
          expect(last - first).toBeLessThan(BigInt(count));
          expect(first).toBeGreaterThan(0n);
        },
      ),
    );
  });

  it('splitWithRemainderLast sums exactly', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.integer({ min: 1, max: 60 }),
        (a, n) => {
          expect(splitWithRemainderLast(a, n).reduce((s, x) => s + x, 0n)).toBe(a);
        },
      ),
    );
  });
});

describe('evaluateInstallmentPlan', () => {
  const plan = buildInstallmentPlan({
    ...terms,
    balance: { principalMinor: 30_000n, interestMinor: 0n, penaltyInterestMinor: 0n, feeMinor: 0n },
    installmentCount: 3,
    downPaymentMinor: 6_000n,
    downPaymentDueDate: '2026-01-20',
  }); // 6000 on 01-20, then 8000 on 01-31, 02-28, 03-31
  const pay = (amountMinor: bigint, paidOn: string) => ({ amountMinor, currency: 'CNY', paidOn });
  const grace = { graceDays: 5 };

  it.each([
    ['before anything is due', [], '2026-01-18', 'kept', null, null],
    ['down payment due today, unpaid', [], '2026-01-20', 'kept', null, null],
    ['down payment unpaid, within grace', [], '2026-01-21', 'missed', '2026-01-25', null],
    ['down payment unpaid, last day of grace', [], '2026-01-25', 'missed', '2026-01-25', null],
    ['down payment unpaid after grace', [], '2026-01-26', 'broken', null, '2026-01-26'],
    ['paid late within grace', [pay(6_000n, '2026-01-24')], '2026-01-30', 'kept', null, null],
    [
      'one cent short after grace',
      [pay(5_999n, '2026-01-20')],
      '2026-01-26',
      'broken',
      null,
      '2026-01-26',
    ],
    [
      'paid ahead covers later installments',
      [pay(22_000n, '2026-01-16')],
      '2026-03-01',
      'kept',
      null,
      null,
    ],
    [
      'second installment missed',
      [pay(14_000n, '2026-01-20')],
      '2026-03-02',
      'missed',
      '2026-03-05',
      null,
    ],
    [
      'second installment broken',
      [pay(14_000n, '2026-01-20')],
      '2026-03-06',
      'broken',
      null,
      '2026-03-06',
    ],
    [
      'late cure after the break does not unbreak',
      [pay(14_000n, '2026-01-20'), pay(8_000n, '2026-03-07')],
      '2026-03-08',
      'broken',
      null,
      '2026-03-06',
    ],
    ['completed', [pay(30_000n, '2026-01-20')], '2026-01-21', 'completed', null, null],
    [
      'a payment before the agreement does not count',
      [pay(30_000n, '2026-01-10')],
      '2026-01-21',
      'missed',
      '2026-01-25',
      null,
    ],
  ] as const)('%s', (_name, payments, asOf, status, graceEndsOn, brokenOn) => {
    const e = evaluateInstallmentPlan(plan, payments, asOf, grace);
    expect(e).toMatchObject({ status, graceEndsOn, brokenOn });
    expect(e.arrangementActive).toBe(status === 'kept' || status === 'missed');
  });

  it('reports arrears and remaining', () => {
    const e = evaluateInstallmentPlan(plan, [pay(10_000n, '2026-01-20')], '2026-02-01', grace);
    expect(e).toMatchObject({
      paidMinor: 10_000n,
      dueToDateMinor: 14_000n,
      arrearsMinor: 4_000n,
      remainingMinor: 20_000n,
      firstUnpaidInstallment: 1,
    });
  });

  it('refuses a payment in another currency and a negative grace', () => {
    expect(() =>
      evaluateInstallmentPlan(
        plan,
        [{ ...pay(1n, '2026-01-20'), currency: 'USD' }],
        '2026-02-01',
        grace,
      ),
    ).toThrow('payments[0].currency');
    expect(() => evaluateInstallmentPlan(plan, [], '2026-02-01', { graceDays: -1 })).toThrow(
      'graceDays',
    );
  });
});
