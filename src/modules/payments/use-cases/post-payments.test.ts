/**
 * Posting many payments at once (statement reconciliation) must end exactly where posting them
 * one by one ends: the same accounts, payments, allocations, ledger balances and promise credits.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { seedPortfolio } from '../../../../test/support/accounts.js';
import { makePromise } from '../../arrangements/index.js';
import { checkLedger, insertBalances } from '../testing.js';
import { getAccountLedger } from './get-account-ledger.js';
import { postPayment } from './post-payment.js';
import { postPayments, type PaymentToPost } from './post-payments.js';

const ids = ['Y0', 'Y1', 'Y2'];
const payment = fc.record({
  account: fc.integer({ min: 0, max: 2 }),
  amount: fc.oneof(fc.bigInt({ min: 1n, max: 3_000n }), fc.bigInt({ min: 1n, max: 90_000n })),
  day: fc.integer({ min: 10, max: 20 }),
  currency: fc.oneof(
    { weight: 9, arbitrary: fc.constant('CNY') },
    { weight: 1, arbitrary: fc.constant('USD') },
  ),
});

describe.each(engines)('postPayments on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());

  async function portfolio(name: string): Promise<bigint> {
    const pid = await seedPortfolio(f.db, name);
    await insertBalances(f.db, pid, [
      {
        accountId: 'Y0',
        principalMinor: 50_000n,
        interestMinor: 3_000n,
        feesMinor: 700n,
        overdueMinor: 9_000n,
        oldestUnpaidDueDate: '2026-08-01',
      },
      { accountId: 'Y1', principalMinor: 0n },
      {
        accountId: 'Y2',
        principalMinor: 20_000n,
        feesMinor: 10n,
        overdueMinor: 20_010n,
        oldestUnpaidDueDate: '2026-10-01',
      },
    ]);
    await f.db.transaction((tx) =>
      makePromise({
        tx,
        portfolioId: pid,
        accountId: 'Y0',
        amountMinor: 4_000n,
        currency: 'CNY',
        madeOn: '2026-11-01',
        promisedOn: '2026-11-15',
      }),
    );
    return pid;
  }

  const state = async (pid: bigint) => ({
    accounts: await f.db.query(
      `SELECT account_id, principal_outstanding_minor, interest_outstanding_minor,
         fees_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date
       FROM accounts WHERE portfolio_id = $1 ORDER BY account_id`,
      [pid],
    ),
    payments: await f.db.query(
      `SELECT account_id, amount_minor, applied_minor, unapplied_minor, paid_on, reference,
         overdue_reduced_minor, prior_oldest_unpaid_due_date
       FROM payments WHERE portfolio_id = $1 ORDER BY payment_id`,
      [pid],
    ),
    promises: await f.db.query(
      `SELECT p.paid_minor, array_agg(pp.amount_minor ORDER BY pp.paid_on, pp.amount_minor) AS credits
       FROM promises p LEFT JOIN promise_payments pp USING (portfolio_id, promise_id)
       WHERE p.portfolio_id = $1 GROUP BY p.promise_id, p.paid_minor`,
      [pid],
    ),
    ledgers: await Promise.all(
      ids.map(async (accountId) => {
        const l = await getAccountLedger({ db: f.db, portfolioId: pid, accountId });
        return [
          l.summary,
          l.postings.map((p) => [
            p.kind,
            p.posted_on,
            p.memo,
            p.entries.map((e) => [e.line, e.ledger_account, e.charge_id, e.amount_minor]),
          ]),
        ];
      }),
    ),
  });

  it('ends exactly where posting one by one ends; a refused payment is refused alone', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(payment, { minLength: 1, maxLength: 10 }), async (list) => {
        run += 1;
        const bulk = await portfolio(`bulk${run}`);
        const single = await portfolio(`single${run}`);
        const input = (pid: bigint): PaymentToPost[] =>
          list.map((p, i) => ({
            portfolioId: pid,
            accountId: ids[p.account] as string,
            amountMinor: p.amount,
            currency: p.currency,
            paidOn: `2026-11-${p.day}`,
            reference: `R${i}`,
          }));
        const results = await f.db.transaction((tx) =>
          postPayments({ tx, payments: input(bulk), source: 'statement' }),
        );
        const one: (string | null)[] = [];
        for (const p of input(single)) {
          try {
            await f.db.transaction((tx) => postPayment({ tx, ...p, source: 'statement' }));
            one.push(null);
          } catch (e) {
            one.push((e as Error).message);
          }
        }
        expect(results.map((r) => (r.ok ? null : r.error.message))).toEqual(one);
        expect(await state(bulk)).toEqual(await state(single));
        expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
      }),
      { numRuns: engine === 'pglite' ? 15 : 10 },
    );
  });
});
