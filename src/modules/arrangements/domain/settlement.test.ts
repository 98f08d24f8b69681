import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/errors.js';
import type { OpenCharge } from '../../payments/domain/index.js';
import {
  discountOf,
  discountWithin,
  evaluateSettlement,
  makeSettlementOffer,
  settlementWriteOffLines,
} from './settlement.js';

const base = {
  currency: 'CNY',
  balanceMinor: 1_000_000n,
  offeredOn: '2026-11-25',
  expiresOn: '2026-12-10',
};

describe('makeSettlementOffer', () => {
  it.each([
    [{ amountMinor: 700_000n }, 700_000n, 300_000n, 3_000, 3_000, true],
    [{ discountBps: 2_500 }, 750_000n, 250_000n, 2_500, 2_500, true],
    [{ amountMinor: 799_999n }, 799_999n, 200_001n, 2_001, 2_000, false],
  ] as const)('%o', (over, amount, forgiven, ceil, floor, exact) => {
    const o = makeSettlementOffer({ ...base, ...over });
    expect(o.amountMinor).toBe(amount);
    expect(o.forgivenMinor).toBe(forgiven);
    expect(o.discount).toMatchObject({ bpsCeil: ceil, bpsFloor: floor, exact });
  });

  it('a discount in basis points never forgives more than asked (rounds the forgiven amount down)', () => {
    const o = makeSettlementOffer({ ...base, balanceMinor: 333n, discountBps: 3_333 });
    expect(o.forgivenMinor).toBe(110n); // 333 * 0.3333 = 110.99
    expect(discountWithin(o.discount, 3_333)).toBe(true);
  });

  it.each([
    [{ amountMinor: 0n }, 'amountMinor'],
    [{ amountMinor: 1_000_000n }, 'amountMinor'],
    [{ discountBps: 0 }, 'discountBps'],
    [{ discountBps: 10_000 }, 'discountBps'],
    [{ discountBps: 12.5 }, 'discountBps'],
    [{ balanceMinor: 0n, amountMinor: 1n }, 'balanceMinor'],
    [{ balanceMinor: 5n, discountBps: 1 }, 'discountBps'],
    [{ expiresOn: '2026-11-24', amountMinor: 1n }, 'expiresOn'],
    [{ currency: 'ABC', amountMinor: 1n }, 'currency'],
  ])('refuses %o', (over, field) => {
    try {
      makeSettlementOffer({ ...base, ...over } as Parameters<typeof makeSettlementOffer>[0]);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).details).toEqual({ field });
    }
  });
});

describe('discount exactness', () => {
  it('20.004% does not pass a 20% limit; 20% exactly does', () => {
    expect(discountWithin(discountOf(200_040n, 1_000_000n), 2_000)).toBe(false);
    expect(discountWithin(discountOf(200_000n, 1_000_000n), 2_000)).toBe(true);
  });

  it('bps floor <= exact discount <= bps ceil, and within(bps) agrees with the exact fraction', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 10_000 }),
        (balance, f, bps) => {
          const forgiven = f % (balance + 1n);
          const d = discountOf(forgiven, balance);
          expect(BigInt(d.bpsFloor) * balance <= forgiven * 10_000n).toBe(true);
          expect(forgiven * 10_000n <= BigInt(d.bpsCeil) * balance).toBe(true);
          expect(d.bpsCeil - d.bpsFloor).toBe(d.exact ? 0 : 1);
          expect(discountWithin(d, bps)).toBe(bps >= d.bpsCeil);
        },
      ),
    );
  });

  it('amount + forgiven = balance, and the offer made from bps is within bps', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 2n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 9_999 }),
        (balance, bps) => {
          let o;
          try {
            o = makeSettlementOffer({ ...base, balanceMinor: balance, discountBps: bps });
          } catch {
            expect((balance * BigInt(bps)) / 10_000n).toBe(0n);
            return;
          }
          expect(o.amountMinor + o.forgivenMinor).toBe(balance);
          expect(discountWithin(o.discount, bps)).toBe(true);
          expect(discountWithin(discountOf(o.forgivenMinor + 1n, balance), bps)).toBe(false);
        },
      ),
    );
  });
});

describe('evaluateSettlement and the write-off', () => {
  const offer = makeSettlementOffer({ ...base, amountMinor: 700_000n });
  const pay = (amountMinor: bigint, paidOn: string) => ({ amountMinor, currency: 'CNY', paidOn });
  it.each([
    [[], '2026-12-10', 'open', null],
    [[], '2026-12-11', 'expired', null],
    [
      [pay(300_000n, '2026-11-26'), pay(400_000n, '2026-12-10')],
      '2026-12-20',
      'settled',
      '2026-12-10',
    ],
    [[pay(700_000n, '2026-12-11')], '2026-12-20', 'expired', null],
    [[pay(699_999n, '2026-12-01')], '2026-12-20', 'expired', null],
  ] as const)('%#: -> %s', (payments, asOf, status, settledOn) => {
    expect(evaluateSettlement(offer, payments, asOf)).toMatchObject({ status, settledOn });
  });

  it('writes off what remains open, refusing more than the offer forgave', () => {
    const after: OpenCharge[] = [
      { chargeId: 'p', component: 'principal', dueDate: '2026-01-01', outstandingMinor: 250_000n },
      { chargeId: 'f', component: 'fee', dueDate: '2026-02-01', outstandingMinor: 50_000n },
      { chargeId: 'z', component: 'interest', dueDate: '2026-02-01', outstandingMinor: 0n },
    ];
    expect(settlementWriteOffLines(offer, after).map((l) => [l.chargeId, l.amountMinor])).toEqual([
      ['f', 50_000n],
      ['p', 250_000n],
    ]);
    const more = [
      ...after,
      {
        chargeId: 'i',
        component: 'interest' as const,
        dueDate: '2026-12-01',
        outstandingMinor: 1n,
      },
    ];
    expect(() => settlementWriteOffLines(offer, more)).toThrow(/more than the 300000/);
  });
});
