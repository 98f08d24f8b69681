/**
 * The ledger's invariants through the real store (Blnk-style fuzz): any sequence of payments,
 * overpayments, reversals and refused operations keeps every posting balanced, the whole ledger
 * summing to zero, and every account's outstanding amounts equal to its charges minus credits.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { seedPortfolio } from '../../../../test/support/accounts.js';
import { isAppError } from '../../../shared/errors.js';
import { checkLedger, insertBalances } from '../testing.js';
import { getAccountLedger } from './get-account-ledger.js';
import { postPayment } from './post-payment.js';
import { reversePayment } from './reverse-payment.js';

type Op =
  | { kind: 'pay'; account: number; amount: bigint; day: number }
  | { kind: 'reverse'; pick: number; day: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      account: fc.integer({ min: 0, max: 2 }),
      amount: fc.oneof(fc.bigInt({ min: 1n, max: 5_000n }), fc.bigInt({ min: 1n, max: 200_000n })),
      day: fc.integer({ min: 1, max: 28 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reverse' as const),
      pick: fc.nat(),
      day: fc.integer({ min: 1, max: 28 }),
    }),
  },
);

describe.each(engines)('ledger invariants on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());

  it('any sequence of payments and reversals keeps the ledger at zero and balances derivable', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        run += 1;
        const pid = await seedPortfolio(f.db, `p${run}`);
        const ids = ['X0', 'X1', 'X2'];
        await insertBalances(f.db, pid, [
          {
            accountId: 'X0',
            principalMinor: 50_000n,
            interestMinor: 3_000n,
            feesMinor: 700n,
            overdueMinor: 9_000n,
            oldestUnpaidDueDate: '2026-08-01',
          },
          {
            accountId: 'X1',
            principalMinor: 1n,
            overdueMinor: 1n,
            oldestUnpaidDueDate: '2026-10-01',
          },
          { accountId: 'X2', principalMinor: 120_000n, feesMinor: 10n },
        ]);
        const initial = await f.db.query(
          `SELECT account_id, principal_outstanding_minor, interest_outstanding_minor,
             fees_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date
           FROM accounts WHERE portfolio_id = $1 ORDER BY account_id`,
          [pid],
        );
        const posted: bigint[] = [];
        for (const o of ops) {
          const day = `2026-11-${String(o.day).padStart(2, '0')}`;
          if (o.kind === 'pay') {
            const r = await f.db.transaction((tx) =>
              postPayment({
                tx,
                portfolioId: pid,
                accountId: ids[o.account] as string,
                amountMinor: o.amount,
                currency: 'CNY',
                paidOn: day,
                source: 'api',
              }),
            );
            posted.push(r.payment.payment_id);
          } else if (posted.length > 0) {
            const id = posted[o.pick % posted.length] as bigint;
            try {
              await f.db.transaction((tx) =>
                reversePayment({ tx, paymentId: id, reversedOn: day }),
              );
            } catch (e) {
              // already reversed, or reversed before it was paid: refused, nothing changes
              if (!isAppError(e)) throw e;
            }
          }
        }
        expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
        for (const accountId of ids) {
          const l = await getAccountLedger({ db: f.db, portfolioId: pid, accountId });
          expect(l.summary.netMinor).toBe(0n);
          const [a] = await f.db.query<{ balance: bigint; overdue: bigint }>(
            `SELECT principal_outstanding_minor + interest_outstanding_minor
               + fees_outstanding_minor AS balance, overdue_amount_minor AS overdue
             FROM accounts WHERE portfolio_id = $1 AND account_id = $2`,
            [pid, accountId],
          );
          if (l.postings.length > 0) expect(a!.balance).toBe(l.summary.balanceMinor);
          expect(a!.overdue <= a!.balance).toBe(true);
        }
        // reversing every payment still posted restores every account exactly
        for (const id of posted) {
          const [p] = await f.db.query<{ status: string; paid_on: string }>(
            'SELECT status, paid_on FROM payments WHERE payment_id = $1',
            [id],
          );
          if (p!.status === 'posted')
            await f.db.transaction((tx) =>
              reversePayment({ tx, paymentId: id, reversedOn: '2026-11-30' }),
            );
        }
        const restored = await f.db.query(
          `SELECT account_id, principal_outstanding_minor, interest_outstanding_minor,
             fees_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date
           FROM accounts WHERE portfolio_id = $1 ORDER BY account_id`,
          [pid],
        );
        expect(restored).toEqual(initial);
      }),
      { numRuns: engine === 'pglite' ? 40 : 25 },
    );
  });
});
