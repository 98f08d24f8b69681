import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PiiCipher } from '../../../shared/pii-cipher.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { row, source, tapeCsv } from '../../../../test/support/tape.js';
import {
  importPortfolio,
  ImportRejected,
  type ImportPortfolioOptions,
} from './import-portfolio.js';

const cipher = new PiiCipher(randomBytes(32));

describe.each(engines)('importPortfolio on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec(
      'DELETE FROM month_end_snapshots; DELETE FROM bucket_events; DELETE FROM accounts; ' +
        'DELETE FROM debtors; DELETE FROM import_runs; DELETE FROM portfolios;',
    );
  });

  const run = (text: string | Buffer, extra: Partial<ImportPortfolioOptions> = {}) =>
    importPortfolio({
      db: f.db,
      cipher,
      portfolio: 'p1',
      source: source(text),
      sourceName: 't.csv',
      ...extra,
    });

  const refused = async (text: string | Buffer): Promise<ImportRejected> => {
    const e = await run(text).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportRejected);
    return e as ImportRejected;
  };

  const count = async (table: string) =>
    Number((await f.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);

  it('imports, then re-imports the same file with nothing changed', async () => {
    const tape = tapeCsv([
      row({}),
      row({
        account_id: 'A2',
        product: 'consumer_loan',
        overdue_amount: '0',
        oldest_unpaid_due_date: '',
      }),
      row({
        account_id: 'A3',
        debtor_id: 'D2',
        debtor_name: 'John Smith',
        national_id: '',
        currency: 'USD',
        country: 'US',
        phone: '+12025550143',
        timezone: 'America/New_York',
        language: 'en',
      }),
    ]);
    expect(await run(tape)).toEqual({ imported: 3, updated: 0, unchanged: 0 });
    const before = await f.db.query('SELECT * FROM accounts ORDER BY account_id');
    expect(await run(tape)).toEqual({ imported: 0, updated: 0, unchanged: 3 });
    const after = await f.db.query('SELECT * FROM accounts ORDER BY account_id');
    expect(after).toEqual(before);
    expect(await count('debtors')).toBe(2);
    expect(await count('import_runs')).toBe(2);
  });

  it('updates changed rows by account_id, counting new, updated and unchanged', async () => {
    await run(tapeCsv([row({}), row({ account_id: 'A2' })]));
    const r = await run(
      tapeCsv([
        row({ overdue_amount: '900.00' }),
        row({ account_id: 'A2' }),
        row({ account_id: 'A3' }),
      ]),
    );
    expect(r).toEqual({ imported: 1, updated: 1, unchanged: 1 });
    const [a1] = await f.db.query<{ overdue_amount_minor: bigint }>(
      "SELECT overdue_amount_minor FROM accounts WHERE account_id = 'A1'",
    );
    expect(a1!.overdue_amount_minor).toBe(90000n);
  });

  it('counts a change of personal data alone as an update', async () => {
    await run(tapeCsv([row({})]));
    expect(await run(tapeCsv([row({ phone: '+8613900139000' })]))).toEqual({
      imported: 0,
      updated: 1,
      unchanged: 0,
    });
  });

  it('stores amounts in minor units at the currency precision', async () => {
    await run(
      tapeCsv([
        row({
          account_id: 'J',
          currency: 'JPY',
          principal_outstanding: '1200000',
          interest_outstanding: '0',
          fees_outstanding: '0',
          overdue_amount: '5000',
        }),
        row({
          account_id: 'K',
          currency: 'KWD',
          principal_outstanding: '10.125',
          interest_outstanding: '0.001',
          fees_outstanding: '0',
          overdue_amount: '0.5',
        }),
        row({
          account_id: 'C',
          principal_outstanding: '0.01',
          interest_outstanding: '',
          fees_outstanding: '',
          overdue_amount: '0.01',
        }),
      ]),
    );
    const rows = await f.db.query<Record<string, bigint | string>>(
      'SELECT account_id, principal_outstanding_minor AS p, interest_outstanding_minor AS i, fees_outstanding_minor AS fe, overdue_amount_minor AS o FROM accounts ORDER BY account_id',
    );
    expect(rows).toEqual([
      { account_id: 'C', p: 1n, i: 0n, fe: 0n, o: 1n },
      { account_id: 'J', p: 1200000n, i: 0n, fe: 0n, o: 5000n },
      { account_id: 'K', p: 10125n, i: 1n, fe: 0n, o: 500n },
    ]);
  });

  it('encrypts personal data at rest: no plaintext anywhere in the rows', async () => {
    await run(tapeCsv([row({})]));
    const dump = JSON.stringify(
      [
        ...(await f.db.query('SELECT * FROM accounts')),
        ...(await f.db.query('SELECT * FROM debtors')),
      ],
      (_k, v: unknown) =>
        typeof v === 'bigint'
          ? v.toString()
          : v instanceof Uint8Array
            ? Buffer.from(v).toString('latin1')
            : v,
    );
    for (const secret of [
      '110101199003074518',
      '13800138000',
      'zhang.wei@example.com',
      'wx_zhangwei',
      '建国路',
    ])
      expect(dump).not.toContain(secret);
    const [a] = await f.db.query<{ pii_sealed: Uint8Array }>('SELECT pii_sealed FROM accounts');
    expect(JSON.parse(cipher.decrypt(a!.pii_sealed))).toEqual({
      national_id: '110101199003074518',
      phone: '+8613800138000',
      email: 'zhang.wei@example.com',
      wechat_id: 'wx_zhangwei',
      address: '北京市朝阳区建国路88号',
    });
  });

  it('normalises national-format phones to E.164 in the country of the row', async () => {
    await run(tapeCsv([row({ phone: '138 0013 8000' })]));
    const [a] = await f.db.query<{ pii_sealed: Uint8Array }>('SELECT pii_sealed FROM accounts');
    expect(JSON.parse(cipher.decrypt(a!.pii_sealed)).phone).toBe('+8613800138000');
  });

  it('refuses the whole file when one row is invalid, naming line and field', async () => {
    const e = await refused(
      tapeCsv([
        row({}),
        row({ account_id: 'A2', principal_outstanding: '1.2E+05' }),
        row({ account_id: 'A3', oldest_unpaid_due_date: '2023-02-29' }),
        row({
          account_id: 'A4',
          currency: 'JPY',
          principal_outstanding: '12000',
          interest_outstanding: '150',
          overdue_amount: '10.5',
        }),
        row({ account_id: 'A5', product: 'payday', phone: '12345' }),
        row({ account_id: 'A6', overdue_amount: '10', oldest_unpaid_due_date: '' }),
        row({ account_id: '', debtor_name: '' }),
      ]),
    );
    expect(e.errors.map((x) => [x.line, x.field])).toEqual([
      [3, 'principal_outstanding'],
      [4, 'oldest_unpaid_due_date'],
      [5, 'overdue_amount'],
      [6, 'product'],
      [6, 'phone'],
      [7, 'oldest_unpaid_due_date'],
      [8, 'account_id'],
      [8, 'debtor_name'],
    ]);
    expect(e.errors[0]!.message).toMatch(/scientific notation/);
    expect(e.errors[2]!.message).toMatch(/fraction digits/);
    expect(await count('accounts')).toBe(0);
    expect(await count('portfolios')).toBe(0);
  });

  it('leaves existing data untouched when a re-import is refused', async () => {
    await run(tapeCsv([row({})]));
    const before = await f.db.query('SELECT * FROM accounts');
    await refused(
      tapeCsv([row({ overdue_amount: '1.00' }), row({ account_id: 'A2', currency: 'XXY' })]),
    );
    expect(await f.db.query('SELECT * FROM accounts')).toEqual(before);
  });

  it('refuses duplicate account ids and debtors whose rows disagree', async () => {
    const e = await refused(
      tapeCsv([
        row({}),
        row({ account_id: 'A2' }),
        row({}),
        row({ account_id: 'A3', debtor_name: '李娜' }),
      ]),
    );
    expect(e.errors).toEqual([
      { line: 4, field: 'account_id', message: 'account_id "A1" is already on line 2' },
      {
        line: 5,
        field: 'debtor_id',
        message: expect.stringMatching(
          /debtor "D1" has a different debtor_name or national_id on line 2/,
        ),
      },
    ]);
  });

  it.each([
    [
      'an unknown column',
      'account_id,debtor_id,debtor_name,product,currency,principal_outstanding,overdue_amount,colour\n',
      'colour',
    ],
    ['a missing required column', 'account_id,debtor_id\n', 'debtor_name'],
    [
      'a duplicated column',
      'account_id,account_id,debtor_id,debtor_name,product,currency,principal_outstanding,overdue_amount\n',
      'account_id',
    ],
  ])('refuses a header with %s', async (_name, text, field) => {
    const e = await refused(text + 'x\n');
    expect(e.errors.some((x) => x.line === 1 && x.field === field)).toBe(true);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a header only', tapeCsv([]), /no data rows/],
    ['a semicolon file', 'account_id;debtor_id\n1;2\n', /separated by ";"/],
    ['a tab file', 'account_id\tdebtor_id\n1\t2\n', /separated by tab/],
    ['an unclosed quote', tapeCsv([row({})]) + '"A9,D1\n', /not valid CSV/],
  ])('refuses %s with one clear message', async (_name, text, message) => {
    const e = await refused(text);
    expect(e.errors).toHaveLength(1);
    expect(e.errors[0]!.message).toMatch(message);
  });

  it('refuses a file that is not UTF-8, naming the line', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(tapeCsv([row({})]), 'utf8'),
      Buffer.from('A2,D9,Jos\xe9,,other,CNY,1,0\n', 'latin1'),
    ]);
    const e = await refused(latin1);
    expect(e.errors[0]!.message).toBe('the file is not UTF-8 text (an invalid byte on line 3)');
  });

  it('tolerates a BOM, CRLF line ends, blank lines and quoted fields with new lines', async () => {
    const text =
      '\ufeff' +
      tapeCsv([row({}), row({ account_id: 'A2', address: '上海市\n浦东新区, 1号' })]).replace(
        /\n(?=[A-Z])/g,
        '\r\n',
      ) +
      '\n\n';
    expect(await run(text)).toEqual({ imported: 2, updated: 0, unchanged: 0 });
    const e = await refused(
      tapeCsv([row({ address: 'line one\nline two' }), row({ account_id: 'A2', currency: 'US' })]),
    );
    expect(e.errors[0]!.line).toBe(4);
  });

  it('imports across many COPY batches and reports progress', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => row({ account_id: `B${i}` }));
    const progress: number[] = [];
    const r = await run(tapeCsv(rows), { batchRows: 40, onProgress: (p) => progress.push(p.rows) });
    expect(r.imported).toBe(250);
    expect(progress.at(-1)).toBe(250);
    expect(progress.length).toBeGreaterThan(5);
  });

  it('caps the reported errors but counts them all', async () => {
    const rows = Array.from({ length: 1100 }, (_, i) =>
      row({ account_id: `E${i}`, currency: 'ZZZ' }),
    );
    const e = await refused(tapeCsv(rows));
    expect(e.errors).toHaveLength(1000);
    expect(e.total).toBe(1100);
  });
});
