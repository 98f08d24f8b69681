/**
 * Issue 5's ledger invariant: any sequence of charges, payments, reversals, installment plans
 * (with waivers) and settlements keeps every posting and the ledger summing to zero, and the
 * balance equal to charges minus credits (payments net of reversals, and write-offs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocatePayment,
  applyAllocation,
  chargeComponents,
  chargePosting,
  openChargesFromLedger,
  paymentPosting,
  reversalPosting,
  summarizeLedger,
  writeOffPosting,
  type OpenCharge,
  type Posting,
} from '../../payments/domain/index.js';
import { balanceStructureOf, buildInstallmentPlan, planWaiverLines } from './installment-plan.js';
import { makeSettlementOffer, settlementWriteOffLines } from './settlement.js';

type Op =
  | { kind: 'charge'; component: OpenCharge['component']; amount: bigint }
  | { kind: 'pay'; amount: bigint }
  | { kind: 'reverse'; pick: number }
  | { kind: 'plan'; count: number; waivePenalty: boolean; waiveFees: boolean }
  | { kind: 'settle'; bps: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('charge' as const),
      component: fc.constantFrom(...chargeComponents),
      amount: fc.bigInt({ min: 1n, max: 500_000n }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      amount: fc.bigInt({ min: 1n, max: 600_000n }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('plan' as const),
      count: fc.integer({ min: 1, max: 60 }),
      waivePenalty: fc.boolean(),
      waiveFees: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      bps: fc.integer({ min: 1, max: 9_999 }),
    }),
  },
);

describe('ledger invariants across payments, reversals, plans and settlements', () => {
  it('every posting and the ledger sum to zero; balance = charges - credits', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const postings: Posting[] = [];
        const meta: Omit<OpenCharge, 'outstandingMinor'>[] = [];
        const reversed = new Set<string>();
        let charged = 0n;
        let credited = 0n;
        const post = (p: Posting) => {
          expect(p.entries.reduce((s, e) => s + e.amountMinor, 0n)).toBe(0n);
          for (const e of p.entries)
            if (e.ledgerAccount === 'receivable' && p.kind !== 'charge') credited -= e.amountMinor;
          postings.push(p);
        };
        ops.forEach((op, i) => {
          const open = openChargesFromLedger(postings, meta);
          const balance = open.reduce((s, c) => s + c.outstandingMinor, 0n);
          if (op.kind === 'charge') {
            const c = {
              chargeId: `c${i}`,
              component: op.component,
              dueDate: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
            };
            meta.push(c);
            postings.push(chargePosting(`p${i}`, 'CNY', { ...c, outstandingMinor: op.amount }));
            charged += op.amount;
          } else if (op.kind === 'pay') {
            post(
              paymentPosting(
                `p${i}`,
                allocatePayment({
                  amountMinor: op.amount,
                  currency: 'CNY',
                  accountCurrency: 'CNY',
                  charges: open,
                }),
              ),
            );
          } else if (op.kind === 'reverse') {
            const live = postings.filter((p) => p.kind === 'payment' && !reversed.has(p.postingId));
            const target = live[op.pick % Math.max(1, live.length)];
            if (!target) return;
            reversed.add(target.postingId);
            post(reversalPosting(`p${i}`, target));
          } else if (op.kind === 'plan') {
            const structure = balanceStructureOf(open);
            let plan;
            try {
              plan = buildInstallmentPlan({
                currency: 'CNY',
                balance: structure,
                agreedOn: '2026-02-01',
                installmentCount: op.count,
                firstDueDate: '2026-03-01',
                penaltyInterest: op.waivePenalty ? 'waive' : 'freeze',
                fees: op.waiveFees ? 'waive' : 'freeze',
              });
            } catch {
              return; // refused plans (nothing owed, too small to split) post nothing
            }
            expect(plan.schedule.reduce((s, x) => s + x.amountMinor, 0n)).toBe(plan.totalMinor);
            const lines = planWaiverLines(plan, open);
            expect(lines.reduce((s, l) => s + l.amountMinor, 0n)).toBe(
              plan.waivedMinor.fee + plan.waivedMinor.penaltyInterest,
            );
            if (lines.length > 0) post(writeOffPosting(`p${i}`, 'CNY', lines));
          } else {
            if (balance <= 0n || (balance * BigInt(op.bps)) / 10_000n === 0n) return;
            const offer = makeSettlementOffer({
              currency: 'CNY',
              balanceMinor: balance,
              discountBps: op.bps,
              offeredOn: '2026-03-01',
              expiresOn: '2026-03-31',
            });
            const alloc = allocatePayment({
              amountMinor: offer.amountMinor,
              currency: 'CNY',
              accountCurrency: 'CNY',
              charges: open,
            });
            expect(alloc.unappliedMinor).toBe(0n);
            post(paymentPosting(`p${i}-pay`, alloc));
            const lines = settlementWriteOffLines(offer, applyAllocation(open, alloc));
            expect(lines.reduce((s, l) => s + l.amountMinor, 0n)).toBe(offer.forgivenMinor);
            post(writeOffPosting(`p${i}-wo`, 'CNY', lines));
            expect(summarizeLedger(postings).balanceMinor).toBe(0n);
          }
        });
        const s = summarizeLedger(postings);
        expect(s.netMinor).toBe(0n);
        expect(s.chargedMinor).toBe(charged);
        expect(s.balanceMinor).toBe(charged - credited);
        expect(
          openChargesFromLedger(postings, meta).reduce((t, c) => t + c.outstandingMinor, 0n),
        ).toBe(s.balanceMinor);
      }),
    );
  });
});
