import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { seedPortfolio } from '../../../../test/support/accounts.js';
import { makePromise } from '../../arrangements/index.js';
import { runDailyCycle } from '../../cycle/index.js';
import { checkLedger, insertBalances } from '../testing.js';
import { getAccountLedger } from './get-account-ledger.js';
import { postPayment, type PostPaymentOptions } from './post-payment.js';
import { reversePayment } from './reverse-payment.js';

type AccountState = {
  principal_outstanding_minor: bigint;
  interest_outstanding_minor: bigint;
  fees_outstanding_minor: bigint;
  overdue_amount_minor: bigint;
  oldest_unpaid_due_date: string | null;
  dpd: number | null;
  bucket: string | null;
};

describe.each(engines)('postPayment and reversePayment on %s', (engine) => {
  let f: FreshDatabase;
  let pid: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec(
      `TRUNCATE promise_payments, promises, ledger_entries, ledger_postings, ledger_charges, payments, cycle_runs,
         bucket_events, month_end_snapshots, accounts, debtors, portfolios, settings CASCADE`,
    );
    pid = await seedPortfolio(f.db);
    await insertBalances(f.db, pid, [
      {
        accountId: 'A1',
        principalMinor: 100_000n,
        interestMinor: 5_000n,
        feesMinor: 1_000n,
        overdueMinor: 20_000n,
        oldestUnpaidDueDate: '2026-09-10',
        nextDueDate: '2026-12-10',
      },
    ]);
  });

  const account = async (id = 'A1') =>
    (
      await f.db.query<AccountState>(
        `SELECT principal_outstanding_minor, interest_outstanding_minor, fees_outstanding_minor,
           overdue_amount_minor, oldest_unpaid_due_date, dpd, bucket
         FROM accounts WHERE account_id = $1`,
        [id],
      )
    )[0] as AccountState;
  const pay = (o: Partial<Omit<PostPaymentOptions, 'tx'>>) =>
    f.db.transaction((tx) =>
      postPayment({
        tx,
        portfolioId: pid,
        accountId: 'A1',
        amountMinor: 3_000n,
        currency: 'CNY',
        paidOn: '2026-11-20',
        source: 'api',
        ...o,
      }),
    );

  it('allocates fees, then interest, then principal and reduces the account and its overdue', async () => {
    const r = await pay({ amountMinor: 8_000n });
    expect(r.allocation.map((l) => [l.component, l.amountMinor])).toEqual([
      ['fee', 1_000n],
      ['interest', 5_000n],
      ['principal', 2_000n],
    ]);
    expect(r.payment.applied_minor).toBe(8_000n);
    const a = await account();
    expect(a.fees_outstanding_minor).toBe(0n);
    expect(a.interest_outstanding_minor).toBe(0n);
    expect(a.principal_outstanding_minor).toBe(98_000n);
    expect(a.overdue_amount_minor).toBe(12_000n);
    expect(a.oldest_unpaid_due_date).toBe('2026-09-10');
    const ledger = await getAccountLedger({ db: f.db, portfolioId: pid, accountId: 'A1' });
    expect(ledger.postings.map((p) => p.kind)).toEqual(['charge', 'payment']);
    expect(ledger.summary.netMinor).toBe(0n);
    expect(ledger.summary.chargedMinor).toBe(106_000n);
    expect(ledger.summary.balanceMinor).toBe(98_000n);
    expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
  });

  it('follows a product policy from the settings (principal first)', async () => {
    await f.db.execute(`INSERT INTO settings (key, value) VALUES ($1, $2)`, [
      'allocation_policy:consumer_loan',
      JSON.stringify({
        componentOrder: ['principal', 'interest', 'penalty_interest', 'fee'],
        sequence: 'component_first',
      }),
    ]);
    const r = await pay({ amountMinor: 100_500n });
    expect(r.allocation.map((l) => [l.component, l.amountMinor])).toEqual([
      ['principal', 100_000n],
      ['interest', 500n],
    ]);
  });

  it('refuses zero, negative, the wrong currency and an unknown account, naming the field', async () => {
    await expect(pay({ amountMinor: 0n })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'amount_minor' },
    });
    await expect(pay({ amountMinor: -5n })).rejects.toMatchObject({
      details: { field: 'amount_minor' },
    });
    await expect(pay({ currency: 'USD' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'currency', expected: 'CNY', actual: 'USD' },
    });
    await expect(pay({ currency: 'XXQ' })).rejects.toMatchObject({
      details: { field: 'currency' },
    });
    await expect(pay({ accountId: 'NOPE' })).rejects.toMatchObject({
      code: 'not_found',
      details: { field: 'account_id' },
    });
    expect(await f.db.query('SELECT * FROM ledger_postings')).toEqual([]);
  });

  it('holds an overpayment as unapplied and pays the account up', async () => {
    const r = await pay({ amountMinor: 110_000n });
    expect(r.payment.unapplied_minor).toBe(4_000n);
    const a = await account();
    expect([
      a.principal_outstanding_minor,
      a.interest_outstanding_minor,
      a.fees_outstanding_minor,
      a.overdue_amount_minor,
      a.oldest_unpaid_due_date,
    ]).toEqual([0n, 0n, 0n, 0n, null]);
    const ledger = await getAccountLedger({ db: f.db, portfolioId: pid, accountId: 'A1' });
    expect(ledger.summary.unappliedMinor).toBe(4_000n);
    expect(ledger.summary.netMinor).toBe(0n);
  });

  it('a reversal restores exactly what the payment reduced, once', async () => {
    const before = await account();
    const first = await pay({ amountMinor: 21_000n });
    const second = await pay({ amountMinor: 2_500n, paidOn: '2026-11-21' });
    await f.db.transaction((tx) =>
      reversePayment({ tx, paymentId: first.payment.payment_id, reversedOn: '2026-11-22' }),
    );
    await f.db.transaction((tx) =>
      reversePayment({ tx, paymentId: second.payment.payment_id, reversedOn: '2026-11-22' }),
    );
    expect(await account()).toEqual(before);
    await expect(
      f.db.transaction((tx) =>
        reversePayment({ tx, paymentId: first.payment.payment_id, reversedOn: '2026-11-23' }),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      f.db.transaction((tx) => reversePayment({ tx, paymentId: 999n, reversedOn: '2026-11-23' })),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
    const ledger = await getAccountLedger({ db: f.db, portfolioId: pid, accountId: 'A1' });
    expect(ledger.summary.balanceMinor).toBe(106_000n);
  });

  it("credits the account's open promise to pay", async () => {
    const { promiseId } = await f.db.transaction((tx) =>
      makePromise({
        tx,
        portfolioId: pid,
        accountId: 'A1',
        amountMinor: 5_000n,
        currency: 'CNY',
        madeOn: '2026-11-18',
        promisedOn: '2026-11-30',
      }),
    );
    const r = await pay({ amountMinor: 3_000n });
    expect(r.promisesCredited).toEqual([{ promiseId, amountMinor: 3_000n }]);
    const [p] = await f.db.query<{ paid_minor: bigint }>('SELECT paid_minor FROM promises');
    expect(p!.paid_minor).toBe(3_000n);
  });

  it('the ledger is append-only', async () => {
    await pay({});
    await expect(f.db.execute('DELETE FROM ledger_entries')).rejects.toThrow(/append-only/);
    await expect(f.db.execute('UPDATE ledger_postings SET memo = $1', ['x'])).rejects.toThrow(
      /append-only/,
    );
  });

  it('a paid-up account cures in the next cycle: DPD 0, bucket current', async () => {
    await runDailyCycle({ db: f.db, asOf: '2026-11-19' });
    expect(await account()).toMatchObject({ dpd: 70, bucket: 'M3' });
    await pay({ amountMinor: 20_000n, paidOn: '2026-11-20' });
    await runDailyCycle({ db: f.db, asOf: '2026-11-20' });
    expect(await account()).toMatchObject({
      overdue_amount_minor: 0n,
      oldest_unpaid_due_date: null,
      dpd: 0,
      bucket: 'current',
    });
  });
});
