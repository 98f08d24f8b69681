import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatePayment, chargeComponents, type OpenCharge } from './allocation.js';
import {
  chargePosting,
  openChargesFromLedger,
  paymentPosting,
  reversalPosting,
  summarizeLedger,
  writeOffPosting,
  type Posting,
} from './ledger.js';

const fee: OpenCharge = {
  chargeId: 'f1',
  component: 'fee',
  dueDate: '2026-01-10',
  outstandingMinor: 500n,
};
const principal: OpenCharge = {
  chargeId: 'p1',
  component: 'principal',
  dueDate: '2026-01-10',
  outstandingMinor: 10_000n,
};
const net = (p: Posting) => p.entries.reduce((s, e) => s + e.amountMinor, 0n);

describe('postings', () => {
  const c1 = chargePosting('c1', 'CNY', fee);
  const c2 = chargePosting('c2', 'CNY', principal);
  const alloc = allocatePayment({
    amountMinor: 12_000n,
    currency: 'CNY',
    accountCurrency: 'CNY',
    charges: [fee, principal],
  });
  const pay = paymentPosting('pay1', alloc);
  const rev = reversalPosting('rev1', pay);

  it.each([
    [
      'charge',
      c1,
      [
        ['receivable', 500n],
        ['origination', -500n],
      ],
    ],
    [
      'payment',
      pay,
      [
        ['cash', 12_000n],
        ['receivable', -500n],
        ['receivable', -10_000n],
        ['unapplied', -1_500n],
      ],
    ],
    [
      'reversal',
      rev,
      [
        ['cash', -12_000n],
        ['receivable', 500n],
        ['receivable', 10_000n],
        ['unapplied', 1_500n],
      ],
    ],
  ] as const)('%s entries', (_kind, p, expected) => {
    expect(p.entries.map((e) => [e.ledgerAccount, e.amountMinor])).toEqual(expected);
    expect(net(p)).toBe(0n);
  });

  it('a reversal points at the payment and only a payment can be reversed', () => {
    expect(rev.reversesPostingId).toBe('pay1');
    expect(() => reversalPosting('x', c1)).toThrow(/only a payment/);
  });

  it('a write-off debits write_off and credits each charge', () => {
    const w = writeOffPosting('w1', 'CNY', [{ ...fee, amountMinor: 200n }]);
    expect(w.entries.map((e) => [e.ledgerAccount, e.amountMinor])).toEqual([
      ['write_off', 200n],
      ['receivable', -200n],
    ]);
    expect(() => writeOffPosting('w2', 'CNY', [])).toThrow(/lines/);
  });

  it('summary: balance = charges - payments - write-offs, reversals undo payments', () => {
    const w = writeOffPosting('w1', 'CNY', [{ ...fee, amountMinor: 100n }]);
    const partial = paymentPosting(
      'pay2',
      allocatePayment({
        amountMinor: 3_000n,
        currency: 'CNY',
        accountCurrency: 'CNY',
        charges: [{ ...fee, outstandingMinor: 400n }, principal],
      }),
    );
    const s = summarizeLedger([c1, c2, w, pay, rev, partial]);
    expect(s).toEqual({
      netMinor: 0n,
      chargedMinor: 10_500n,
      paidMinor: 3_000n,
      writtenOffMinor: 100n,
      adjustedMinor: 0n,
      unappliedMinor: 0n,
      balanceMinor: 7_400n,
    });
    expect(
      openChargesFromLedger([c1, c2, w, pay, rev, partial], [fee, principal]).map(
        (c) => c.outstandingMinor,
      ),
    ).toEqual([0n, 7_400n]);
  });

  it.each([
    ['a tape that says more is owed', 700n, 0n, 11_200n],
    ['a tape that says less is owed', 0n, 300n, 10_200n],
    ['both, on two components', 700n, 300n, 10_900n],
  ])('summary with a re-import adjustment: %s', (_name, up, down, balance) => {
    const adjustment: Posting = {
      postingId: 'adj1',
      kind: 'adjustment',
      currency: 'CNY',
      reversesPostingId: null,
      entries: [
        { ledgerAccount: 'receivable', amountMinor: up, chargeId: 'adj:fee', component: 'fee' },
        { ledgerAccount: 'receivable', amountMinor: -down, chargeId: 'p1', component: 'principal' },
        { ledgerAccount: 'adjustment', amountMinor: down - up, chargeId: null, component: null },
      ].filter((e) => e.amountMinor !== 0n) as Posting['entries'],
    };
    expect(summarizeLedger([c1, c2, adjustment])).toMatchObject({
      netMinor: 0n,
      chargedMinor: 10_500n,
      adjustedMinor: up - down,
      balanceMinor: balance,
    });
  });
});

type Op =
  | { kind: 'charge'; component: OpenCharge['component']; amount: bigint; day: number }
  | { kind: 'pay'; amount: bigint }
  | { kind: 'reverse'; pick: number }
  | { kind: 'writeOff'; pick: number; amount: bigint };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('charge' as const),
    component: fc.constantFrom(...chargeComponents),
    amount: fc.bigInt({ min: 1n, max: 100_000n }),
    day: fc.integer({ min: 1, max: 28 }),
  }),
  fc.record({ kind: fc.constant('pay' as const), amount: fc.bigInt({ min: 1n, max: 150_000n }) }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('writeOff' as const),
    pick: fc.nat(),
    amount: fc.bigInt({ min: 1n, max: 50_000n }),
  }),
);

describe('ledger: properties over any sequence of charges, payments, reversals, write-offs', () => {
  it('sums to zero and every balance equals charges minus credits', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const postings: Posting[] = [];
        const meta: Omit<OpenCharge, 'outstandingMinor'>[] = [];
        const reversed = new Set<string>();
        let charged = 0n;
        let credited = 0n;
        let unapplied = 0n;
        ops.forEach((op, i) => {
          const open = openChargesFromLedger(postings, meta);
          if (op.kind === 'charge') {
            const c = {
              chargeId: `c${i}`,
              component: op.component,
              dueDate: `2026-01-${String(op.day).padStart(2, '0')}`,
            };
            meta.push(c);
            postings.push(chargePosting(`p${i}`, 'EUR', { ...c, outstandingMinor: op.amount }));
            charged += op.amount;
          } else if (op.kind === 'pay') {
            const a = allocatePayment({
              amountMinor: op.amount,
              currency: 'EUR',
              accountCurrency: 'EUR',
              charges: open,
            });
            postings.push(paymentPosting(`p${i}`, a));
            credited += a.appliedMinor;
            unapplied += a.unappliedMinor;
          } else if (op.kind === 'reverse') {
            const payments = postings.filter(
              (p) => p.kind === 'payment' && !reversed.has(p.postingId),
            );
            const target = payments[op.pick % Math.max(1, payments.length)];
            if (target === undefined) return;
            reversed.add(target.postingId);
            const r = reversalPosting(`p${i}`, target);
            postings.push(r);
            for (const e of r.entries) {
              if (e.ledgerAccount === 'receivable') credited -= e.amountMinor;
              if (e.ledgerAccount === 'unapplied') unapplied -= e.amountMinor;
            }
          } else {
            const withBalance = open.filter((c) => c.outstandingMinor > 0n);
            const c = withBalance[op.pick % Math.max(1, withBalance.length)];
            if (c === undefined) return;
            const amount = op.amount < c.outstandingMinor ? op.amount : c.outstandingMinor;
            postings.push(writeOffPosting(`p${i}`, 'EUR', [{ ...c, amountMinor: amount }]));
            credited += amount;
          }
          for (const p of postings) expect(net(p)).toBe(0n);
        });
        const s = summarizeLedger(postings);
        expect(s.netMinor).toBe(0n);
        expect(s.chargedMinor).toBe(charged);
        expect(s.balanceMinor).toBe(charged - credited);
        expect(s.unappliedMinor).toBe(unapplied);
        const open = openChargesFromLedger(postings, meta);
        expect(open.reduce((t, c) => t + c.outstandingMinor, 0n)).toBe(s.balanceMinor);
        // A reversal may re-open a charge a later payment also paid, never push one below zero.
        for (const c of open) expect(c.outstandingMinor).toBeGreaterThanOrEqual(0n);
      }),
    );
  });
});
