import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { row, source, tapeCsv, type Row } from '../../../../test/support/tape.js';
import { PiiCipher } from '../../../shared/pii-cipher.js';
import { importPortfolio } from '../../portfolio/index.js';
import { checkLedger } from '../testing.js';
import { getAccountLedger } from './get-account-ledger.js';
import { postPayment } from './post-payment.js';
import { reversePayment } from './reverse-payment.js';

const cipher = new PiiCipher(randomBytes(32));
// A1: 120.00 principal, 15.00 interest, 3.00 fees; A2 never paid
const tape1: Row[] = [
  row({
    account_id: 'A1',
    principal_outstanding: '120.00',
    interest_outstanding: '15.00',
    fees_outstanding: '3.00',
    overdue_amount: '50.00',
  }),
  row({ account_id: 'A2', principal_outstanding: '80.00' }),
];

describe.each(engines)('loan tape re-imports keep the ledger the truth, on %s', (engine) => {
  let f: FreshDatabase;
  let pid: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec(
      `TRUNCATE promise_payments, promises, ledger_entries, ledger_postings, ledger_charges,
         payments, import_runs, accounts, debtors, portfolios CASCADE`,
    );
    await load(tape1);
    pid = (await f.db.query<{ portfolio_id: bigint }>('SELECT portfolio_id FROM portfolios'))[0]!
      .portfolio_id;
  });

  const load = (rows: Row[], name = 'tape.csv') =>
    importPortfolio({
      db: f.db,
      cipher,
      portfolio: 'p',
      source: source(tapeCsv(rows)),
      sourceName: name,
    });
  const pay = (amountMinor: bigint, accountId = 'A1') =>
    f.db.transaction((tx) =>
      postPayment({
        tx,
        portfolioId: pid,
        accountId,
        amountMinor,
        currency: 'CNY',
        paidOn: '2026-11-20',
        source: 'api',
      }),
    );
  const balances = async (accountId = 'A1') =>
    (
      await f.db.query<{ principal: bigint; interest: bigint; fees: bigint }>(
        `SELECT principal_outstanding_minor AS principal, interest_outstanding_minor AS interest,
           fees_outstanding_minor AS fees FROM accounts WHERE account_id = $1`,
        [accountId],
      )
    )[0];
  const adjustments = () =>
    f.db.query<{ account_id: string; memo: string; import_id: bigint; lines: string }>(
      `SELECT p.account_id, p.memo, p.import_id,
         string_agg(e.ledger_account || ':' || coalesce(e.charge_id, '-') || ':' || e.amount_minor,
           ' ' ORDER BY e.line) AS lines
       FROM ledger_postings p JOIN ledger_entries e USING (portfolio_id, posting_id)
       WHERE p.kind = 'adjustment' GROUP BY p.portfolio_id, p.posting_id ORDER BY p.posting_id`,
    );
  const lastImport = async () =>
    (
      await f.db.query<{ import_id: bigint }>('SELECT max(import_id) AS import_id FROM import_runs')
    )[0]!.import_id;
  const consistent = async () =>
    expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });

  it('a tape that still shows the paid amount: the rise is posted as an adjustment naming the import', async () => {
    await pay(2_000n); // fees 300, interest 1500, principal 200
    expect(await balances()).toEqual({ principal: 11_800n, interest: 0n, fees: 0n });
    await consistent();
    // the bank's next tape: interest accrued, fees charged; and A2 (no ledger) changes too
    const r = await load(
      [
        row({
          ...tape1[0],
          interest_outstanding: '16.00',
          fees_outstanding: '3.00',
          overdue_amount: '40.00',
        }),
        row({ account_id: 'A2', principal_outstanding: '70.00' }),
      ],
      'tape-2.csv',
    );
    expect(r).toEqual({ imported: 0, updated: 2, unchanged: 0 });
    expect(await balances()).toEqual({ principal: 12_000n, interest: 1_600n, fees: 300n });
    const id = await lastImport();
    expect(await adjustments()).toEqual([
      {
        account_id: 'A1',
        memo: `loan tape import ${id} (tape-2.csv)`,
        import_id: id,
        lines: `receivable:import:${id}:fee:300 receivable:import:${id}:interest:1600 receivable:import:${id}:principal:200 adjustment:-:-2100`,
      },
    ]);
    await consistent();
    const ledger = await getAccountLedger({ db: f.db, portfolioId: pid, accountId: 'A1' });
    expect(ledger.summary).toMatchObject({
      chargedMinor: 13_800n,
      paidMinor: 2_000n,
      adjustedMinor: 2_100n,
      balanceMinor: 13_900n,
    });
    // a payment after the adjustment allocates over the new charges as well
    await pay(2_000n);
    await consistent();
  });

  it('a tape that says less is owed: the fall is taken off the open charges, oldest due first', async () => {
    await pay(300n); // the fees
    await load([
      row({
        ...tape1[0],
        principal_outstanding: '100.00',
        interest_outstanding: '5.00',
        fees_outstanding: '0',
      }),
    ]);
    expect(await balances()).toEqual({ principal: 10_000n, interest: 500n, fees: 0n });
    const id = await lastImport();
    expect((await adjustments()).map((a) => a.lines)).toEqual([
      'receivable:opening:interest:-1000 receivable:opening:principal:-2000 adjustment:-:3000',
    ]);
    expect((await adjustments())[0]?.import_id).toBe(id);
    await consistent();
    // reversing the payment after the adjustment restores the fees it took
    const [p] = await f.db.query<{ payment_id: bigint }>('SELECT payment_id FROM payments');
    await f.db.transaction((tx) =>
      reversePayment({ tx, paymentId: p!.payment_id, reversedOn: '2026-11-21' }),
    );
    expect(await balances()).toEqual({ principal: 10_000n, interest: 500n, fees: 300n });
    await consistent();
  });

  it('the same tape again changes nothing: no adjustment undoes a payment', async () => {
    await pay(2_000n);
    expect(await load(tape1)).toEqual({ imported: 0, updated: 0, unchanged: 2 });
    expect(await adjustments()).toEqual([]);
    expect(await balances()).toEqual({ principal: 11_800n, interest: 0n, fees: 0n });
    await consistent();
  });

  it('a tape whose balances equal the ledger posts nothing', async () => {
    await pay(2_000n);
    await load([
      row({
        ...tape1[0],
        principal_outstanding: '118.00',
        interest_outstanding: '0',
        fees_outstanding: '0',
        overdue_amount: '30.00',
      }),
    ]);
    expect(await adjustments()).toEqual([]);
    await consistent();
  });

  it('a tape that moves an account with payments to another currency is refused whole', async () => {
    await pay(2_000n);
    const before = await lastImport();
    await expect(
      load([
        row({ account_id: 'A2', principal_outstanding: '1.00' }),
        row({ ...tape1[0], currency: 'USD' }),
      ]),
    ).rejects.toMatchObject({
      code: 'invalid_file',
      errors: [
        {
          line: 3,
          field: 'currency',
          message: 'account "A1" has payments posted in CNY; its currency cannot change',
        },
      ],
    });
    expect(await balances('A2')).toEqual({ principal: 8_000n, interest: 15_025n, fees: 3_000n });
    expect(await lastImport()).toBe(before);
    await consistent();
  });
});
