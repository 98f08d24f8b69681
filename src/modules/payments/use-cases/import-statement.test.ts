import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../test/support/cli.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { seedPortfolio } from '../../../../test/support/accounts.js';
import { statementCsvColumns } from '../domain/index.js';
import { camt053Xml, checkLedger, insertBalances } from '../testing.js';
import { importStatement } from './import-statement.js';
import { listReviewEntries } from './list-review-entries.js';
import { resolveReviewEntry } from './resolve-review-entry.js';

const samples = path.resolve(repoRoot, '../shared/data/camt053');

const statement = camt053Xml('STMT-2026-11-25', [
  // 1: reference = account id
  {
    ref: 'E1',
    amount: '100.00',
    currency: 'CNY',
    bookingDate: '2026-11-25',
    remittance: 'LOAN0001',
  },
  // 2: account id inside remittance text
  {
    ref: 'E2',
    amount: '50.00',
    currency: 'CNY',
    bookingDate: '2026-11-25',
    remittance: 'repayment for LOAN0002 November',
  },
  // 3: only the debtor's name: review with a suggestion
  { ref: 'E3', amount: '7.00', currency: 'CNY', bookingDate: '2026-11-25', debtorName: 'Li Na' },
  // 4: a debit quoting nothing we posted (bank charges): not a payment, ignored
  { ref: 'E4', amount: '9.00', currency: 'CNY', bookingDate: '2026-11-25', direction: 'DBIT' },
  // 5: nothing fits
  { ref: 'E5', amount: '1.00', currency: 'CNY', bookingDate: '2026-11-25', remittance: 'gift' },
  // 6: pending, not booked
  {
    ref: 'E6',
    amount: '2.00',
    currency: 'CNY',
    bookingDate: '2026-11-25',
    status: 'PDNG',
    remittance: 'LOAN0001',
  },
]);

describe.each(engines)('importStatement on %s', (engine) => {
  let f: FreshDatabase;
  let pid: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec(
      `TRUNCATE statement_entries, statement_imports, promise_payments, promises, ledger_entries,
         ledger_postings, ledger_charges, payments, accounts, debtors, portfolios CASCADE`,
    );
    pid = await seedPortfolio(f.db);
    await f.db.execute(
      `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone, identity_digest)
       VALUES ($1, 'D2', 'Li Na', 'CN', 'zh-CN', 'Asia/Shanghai', '\\x00')`,
      [pid],
    );
    await insertBalances(f.db, pid, [
      {
        accountId: 'LOAN0001',
        principalMinor: 50_000n,
        overdueMinor: 10_000n,
        oldestUnpaidDueDate: '2026-10-01',
      },
      { accountId: 'LOAN0002', principalMinor: 50_000n },
      { accountId: 'LOAN0003', principalMinor: 50_000n, debtorId: 'D2' },
    ]);
  });

  const run = (text: string, format?: 'camt053' | 'csv') =>
    f.db.transaction((tx) => importStatement({ tx, text, format, sourceName: 'test' }));
  const count = async (sql: string) =>
    Number((await f.db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${sql}`))[0]!.n);

  it('posts matched entries, queues the rest for review with suggestions, ignores non-payments', async () => {
    const r = await run(statement);
    expect(r).toMatchObject({
      format: 'camt053',
      entries: 6,
      posted: 2,
      review: 2,
      ignored: 2,
      duplicates: 0,
    });
    const payments = await f.db.query<{ account_id: string; amount_minor: bigint; source: string }>(
      'SELECT account_id, amount_minor, source FROM payments ORDER BY account_id',
    );
    expect(payments).toEqual([
      { account_id: 'LOAN0001', amount_minor: 10_000n, source: 'statement' },
      { account_id: 'LOAN0002', amount_minor: 5_000n, source: 'statement' },
    ]);
    const review = await listReviewEntries({ db: f.db, limit: 10 });
    expect(review.items.map((e) => e.entry_reference)).toEqual(['E3', 'E5']);
    expect(review.items[0]!.candidates).toEqual([
      expect.objectContaining({
        account_id: 'LOAN0003',
        rule: 'name_only',
        portfolio_id: Number(pid),
      }),
    ]);
    expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
  });

  it('importing the same statement twice posts nothing the second time', async () => {
    await run(statement);
    const again = await run(statement);
    expect(again).toMatchObject({ entries: 6, posted: 0, review: 0, ignored: 0, duplicates: 6 });
    expect(await count('payments')).toBe(2);
    expect(await count('statement_entries')).toBe(6);
  });

  it('debits are not payments: a returned payment reverses the payment it returns, other debits are ignored', async () => {
    const credit = {
      ref: 'C1',
      amount: '100.00',
      currency: 'CNY',
      bookingDate: '2026-11-25',
      remittance: 'LOAN0001',
      endToEndId: 'E2E-77',
    };
    const returned = {
      ref: 'R1',
      amount: '100.00',
      currency: 'CNY',
      bookingDate: '2026-11-27',
      direction: 'DBIT' as const,
      endToEndId: 'E2E-77',
    };
    const first = await run(camt053Xml('S1', [credit]));
    expect(first).toMatchObject({ posted: 1, reversed: 0 });
    const second = await run(
      camt053Xml('S2', [
        returned,
        // the same end-to-end id but another amount: not the return of that payment
        { ...returned, ref: 'R2', amount: '99.00' },
        // a bank charge
        {
          ref: 'R3',
          amount: '1.50',
          currency: 'CNY',
          bookingDate: '2026-11-27',
          direction: 'DBIT',
        },
        // a debit reversed (RvslInd on a credit line is read as a plain credit: here a zero line)
        {
          ref: 'R4',
          amount: '0.00',
          currency: 'CNY',
          bookingDate: '2026-11-27',
          direction: 'DBIT',
        },
      ]),
    );
    expect(second).toMatchObject({ entries: 4, posted: 0, review: 0, ignored: 3, reversed: 1 });
    const [payment] = await f.db.query<{ payment_id: bigint; status: string; reversed_on: string }>(
      'SELECT payment_id, status, reversed_on FROM payments',
    );
    expect(payment).toMatchObject({ status: 'reversed', reversed_on: '2026-11-27' });
    expect(
      await f.db.query(
        `SELECT entry_reference, status, reason, payment_id FROM statement_entries
         WHERE statement_id = 'S2' ORDER BY entry_index`,
      ),
    ).toEqual([
      {
        entry_reference: 'R1',
        status: 'reversed',
        reason: `returned payment: payment ${payment!.payment_id} reversed`,
        payment_id: payment!.payment_id,
      },
      {
        entry_reference: 'R2',
        status: 'ignored',
        reason: 'a debit: not a payment by a debtor (bank charges, a transfer out)',
        payment_id: null,
      },
      {
        entry_reference: 'R3',
        status: 'ignored',
        reason: 'a debit: not a payment by a debtor (bank charges, a transfer out)',
        payment_id: null,
      },
      {
        entry_reference: 'R4',
        status: 'ignored',
        reason: 'not a payment (zero)',
        payment_id: null,
      },
    ]);
    // the account is back where it was, and importing the return again reverses nothing
    const [a] = await f.db.query<{ p: bigint; o: bigint }>(
      `SELECT principal_outstanding_minor AS p, overdue_amount_minor AS o FROM accounts
       WHERE account_id = 'LOAN0001'`,
    );
    expect(a).toEqual({ p: 50_000n, o: 10_000n });
    expect(await run(camt053Xml('S2', [returned]))).toMatchObject({ reversed: 0, duplicates: 1 });
    // a credit and its return in one statement: posted, then reversed
    const both = await run(
      camt053Xml('S3', [
        { ...credit, ref: 'C9', endToEndId: 'E2E-99' },
        { ...returned, ref: 'R9', endToEndId: 'E2E-99' },
      ]),
    );
    expect(both).toMatchObject({ posted: 1, reversed: 1 });
    expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
  });

  it('a reviewed entry is posted to the chosen account once, or dismissed', async () => {
    await run(statement);
    const [e3, e5] = (await listReviewEntries({ db: f.db, limit: 10 })).items;
    const resolved = await f.db.transaction((tx) =>
      resolveReviewEntry({
        tx,
        entryId: e3!.entry_id,
        resolvedBy: 'C1',
        action: 'post',
        portfolioId: pid,
        accountId: 'LOAN0003',
      }),
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      account_id: 'LOAN0003',
      resolved_by: 'C1',
    });
    await expect(
      f.db.transaction((tx) =>
        resolveReviewEntry({
          tx,
          entryId: e3!.entry_id,
          resolvedBy: 'C1',
          action: 'dismiss',
          reason: 'x',
        }),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    await f.db.transaction((tx) =>
      resolveReviewEntry({
        tx,
        entryId: e5!.entry_id,
        resolvedBy: 'C1',
        action: 'dismiss',
        reason: 'not ours',
      }),
    );
    expect((await listReviewEntries({ db: f.db, limit: 10 })).items).toEqual([]);
    expect(await count(`payments WHERE source = 'review'`)).toBe(1);
  });

  it('reads the statement CSV the same way', async () => {
    const csv = [
      statementCsvColumns.join(','),
      'S1,BANK,R1,2026-11-25,,100.00,CNY,credit,,,LOAN0001,',
      'S1,BANK,R2,2026-11-25,,3.00,CNY,credit,Li Na,,,',
    ].join('\n');
    expect(await run(csv)).toMatchObject({ format: 'csv', posted: 1, review: 1 });
    expect(await run(csv)).toMatchObject({ posted: 0, duplicates: 2 });
  });

  it('refuses a malformed camt.053 or CSV whole, naming the element or line', async () => {
    const wrong = fs.readFileSync(path.join(samples, 'camt053.v2.wrong.xml'), 'utf8');
    await expect(run(wrong)).rejects.toMatchObject({ code: 'invalid_file' });
    const decimals = statement.replace('<Amt Ccy="CNY">50.00</Amt>', '<Amt Ccy="CNY">50.001</Amt>');
    await expect(run(decimals)).rejects.toMatchObject({
      code: 'invalid_file',
      details: { element: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt' },
    });
    const badCurrency = statement.replace('<Amt Ccy="CNY">7.00</Amt>', '<Amt Ccy="XXQ">7.00</Amt>');
    await expect(run(badCurrency)).rejects.toMatchObject({ code: 'invalid_file' });
    const csv = [
      statementCsvColumns.join(','),
      'S1,BANK,R1,2026-11-25,,100.00,CNY,credit,,,LOAN0001,',
      'S1,BANK,R2,2026-11-31,,3.00,CNY,credit,Li Na,,,',
    ].join('\n');
    await expect(run(csv)).rejects.toMatchObject({
      code: 'invalid_file',
      details: { problems: [{ line: 3, field: 'booking_date' }] },
    });
    expect(await count('statement_entries')).toBe(0);
    expect(await count('payments')).toBe(0);
  });

  it('imports a real-world sample (EUR entries, no EUR accounts): nothing posted, all recorded', async () => {
    const sample = fs.readFileSync(path.join(samples, 'camt053.v2.minimal.xml'), 'utf8');
    const r = await run(sample);
    expect(r.posted).toBe(0);
    expect(r.review + r.ignored).toBe(r.entries);
    expect(r.entries).toBeGreaterThan(0);
  });
});
