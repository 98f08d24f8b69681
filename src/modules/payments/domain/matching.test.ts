import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchEntries, normalizeName, type MatchAccount } from './matching.js';
import type { StatementEntry } from './statement-entry.js';

const entry = (over: Partial<StatementEntry> = {}): StatementEntry => ({
  statementId: 'S1',
  bankAccount: 'CN001',
  index: 0,
  amountMinor: 50_000n,
  currency: 'CNY',
  direction: 'credit',
  reversal: false,
  bookingDate: '2026-11-25',
  valueDate: null,
  entryReference: 'E1',
  accountServicerReference: null,
  payerReferences: [],
  remittance: [],
  debtorName: null,
  debtorAccount: null,
  ...over,
});
const accounts: MatchAccount[] = [
  {
    accountId: 'ACC-000123',
    currency: 'CNY',
    debtorName: '张三',
    paymentReferences: ['RF18 5390 0754 7034'],
    expectedAmountsMinor: [50_000n],
  },
  {
    accountId: 'ACC-000456',
    currency: 'CNY',
    debtorName: 'Li Si',
    paymentReferences: ['PAY-456'],
    expectedAmountsMinor: [120_000n, 10_000n],
  },
  {
    accountId: 'ACC-000789',
    currency: 'CNY',
    debtorName: 'li si',
    paymentReferences: ['PAY-789'],
    expectedAmountsMinor: [10_000n],
  },
  {
    accountId: 'ACC-USD001',
    currency: 'USD',
    debtorName: 'Wang Wu',
    paymentReferences: ['PAY-U1'],
    expectedAmountsMinor: [50_000n],
  },
  {
    accountId: 'ACC-000999',
    currency: 'CNY',
    debtorName: 'Zhao Liu',
    paymentReferences: ['PAY-456'],
    expectedAmountsMinor: [],
  },
];

function classify(e: StatementEntry, options = {}) {
  const r = matchEntries([e], accounts, options);
  if (r.matched[0]) return ['matched', r.matched[0].accountId, r.matched[0].rule];
  if (r.suggested[0])
    return [
      'suggested',
      r.suggested[0].candidates.map((c) => `${c.accountId}:${c.rule}:${c.score}`),
    ];
  return ['unmatched', r.unmatched[0]?.reason];
}

describe('matchEntries: rules in order', () => {
  it.each([
    [
      'a structured reference, spaced differently',
      entry({ payerReferences: ['rf1853900754 7034'] }),
      ['matched', 'ACC-000123', 'reference'],
    ],
    [
      'a remittance line that is a reference',
      entry({ remittance: ['PAY-789'] }),
      ['matched', 'ACC-000789', 'reference'],
    ],
    [
      'the account id inside remittance text',
      entry({ remittance: ['repayment for acc-000456, thanks'] }),
      ['matched', 'ACC-000456', 'account_id_in_remittance'],
    ],
    [
      'the account id as a payer reference token',
      entry({ payerReferences: ['INV/ACC-000789/11'] }),
      ['matched', 'ACC-000789', 'account_id_in_remittance'],
    ],
    [
      'reference wins over a conflicting account id',
      entry({ payerReferences: ['PAY-789'], remittance: ['ACC-000123'] }),
      ['matched', 'ACC-000789', 'reference'],
    ],
    [
      'a reference shared by two accounts',
      entry({ payerReferences: ['PAY-456'] }),
      ['suggested', ['ACC-000456:reference:100', 'ACC-000999:reference:100']],
    ],
    [
      'two account ids in the text',
      entry({ remittance: ['ACC-000123 and ACC-000456'] }),
      [
        'suggested',
        ['ACC-000123:account_id_in_remittance:90', 'ACC-000456:account_id_in_remittance:90'],
      ],
    ],
    [
      'name and amount: suggested by default',
      entry({ debtorName: ' 张三 ' }),
      ['suggested', ['ACC-000123:name_and_amount:70']],
    ],
    [
      'a name shared by two accounts, one with the amount',
      entry({ debtorName: 'SI, Li', amountMinor: 120_000n }),
      ['suggested', ['ACC-000456:name_and_amount:70', 'ACC-000789:name_only:40']],
    ],
    [
      'a name without the amount',
      entry({ debtorName: 'Zhao  Liu', amountMinor: 1n }),
      ['suggested', ['ACC-000999:name_only:40']],
    ],
    [
      'another currency only',
      entry({ payerReferences: ['PAY-U1'] }),
      ['unmatched', 'only accounts in another currency than CNY fit'],
    ],
    [
      'a debit entry',
      entry({ direction: 'debit', payerReferences: ['PAY-789'] }),
      ['unmatched', 'not a payment (debit or reversal entry)'],
    ],
    [
      'a reversal',
      entry({ reversal: true, payerReferences: ['PAY-789'] }),
      ['unmatched', 'not a payment (debit or reversal entry)'],
    ],
    [
      'nothing',
      entry({ remittance: ['November'] }),
      ['unmatched', 'no reference, account id or debtor name fits any account'],
    ],
  ])('%s', (_name, e, expected) => {
    expect(classify(e)).toEqual(expected);
  });

  it('name and amount match when the product allows it and exactly one account fits', () => {
    expect(classify(entry({ debtorName: '张三' }), { autoMatchNameAndAmount: true })).toEqual([
      'matched',
      'ACC-000123',
      'name_and_amount',
    ]);
    expect(
      classify(entry({ debtorName: 'li si', amountMinor: 10_000n }), {
        autoMatchNameAndAmount: true,
      })[0],
    ).toBe('suggested');
  });

  it('short account ids are not searched for in free text', () => {
    const r = matchEntries(
      [entry({ remittance: ['paid 12'] })],
      [
        {
          accountId: '12',
          currency: 'CNY',
          debtorName: null,
          paymentReferences: [],
          expectedAmountsMinor: [],
        },
      ],
    );
    expect(r.unmatched).toHaveLength(1);
  });

  it('normalizeName ignores case, accents, punctuation and order', () => {
    expect(normalizeName('José  GARCÍA-López')).toBe(normalizeName('lopez, garcia jose'));
  });
});

describe('matchEntries: properties', () => {
  it('every entry lands in exactly one outcome, in order; a quoted unique reference always matches', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 50 }), (picks) => {
        const accts: MatchAccount[] = Array.from({ length: 20 }, (_, i) => ({
          accountId: `ACCT${String(i).padStart(5, '0')}`,
          currency: 'EUR',
          debtorName: `Debtor ${i % 7}`,
          paymentReferences: [`REF${i}`],
          expectedAmountsMinor: [BigInt(i * 100)],
        }));
        const es = picks.map((p, i) =>
          entry({
            index: i,
            currency: 'EUR',
            payerReferences: [`REF${p}`],
            debtorName: `debtor ${p % 7}`,
          }),
        );
        const r = matchEntries(es, accts);
        expect(r.matched.length + r.suggested.length + r.unmatched.length).toBe(es.length);
        for (const m of r.matched)
          expect(m.accountId).toBe(
            `ACCT${String(Number(m.entry.payerReferences[0]?.slice(3))).padStart(5, '0')}`,
          );
        expect(r.matched.length).toBe(picks.filter((p) => p < 20).length);
      }),
    );
  });
});
