/**
 * `recourse payments post` and `recourse statements import` as a user runs them: the real
 * command in a child process, on PGlite in a data directory and on PostgreSQL when
 * TEST_DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/shared/db/pglite.js';
import { runCli } from '../support/cli.js';
import { createPostgresDatabase, engines, pgliteTemplate } from '../support/databases.js';
import { row, tapeCsv } from '../support/tape.js';
import { statementCsvColumns } from '../../src/modules/payments/index.js';

describe.each(engines)('payments CLI on %s', (engine) => {
  let dir: string;
  let env: Record<string, string>;
  let drop = async (): Promise<void> => undefined;
  const cli = (...args: string[]) => runCli(args, env);
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-pay-'));
    if (engine === 'pglite') {
      const db = await openPglite(path.join(dir, 'pglite'), pgliteTemplate());
      await db.close();
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: '' };
    } else {
      const pg = await createPostgresDatabase();
      drop = pg.drop;
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: pg.url };
    }
    const tape = file(
      'tape.csv',
      tapeCsv([
        row({}),
        row({ account_id: 'A2', debtor_id: 'D2', debtor_name: 'John Smith', national_id: '' }),
      ]),
    );
    const r = await cli('import', 'portfolio', tape, '--portfolio', 'retail', '--json');
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('posts a payment once per idempotency key', async () => {
    const args = [
      'payments',
      'post',
      '--account',
      'A1',
      '--amount',
      '123.45',
      '--currency',
      'CNY',
      '--paid-on',
      '2026-11-20',
      '--idempotency-key',
      'cli-1',
      '--json',
    ];
    const first = await cli(...args);
    expect(first.code, first.stderr).toBe(0);
    const p = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(p).toMatchObject({ amount_minor: '12345', replayed: false, source: 'cli' });
    const again = await cli(...args);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ ...p, replayed: true });
    const text = await cli(...args.slice(0, -1));
    expect(text.stdout).toMatch(
      /^Payment \d+ already posted \(same key\): CNY 123\.45 to account A1/,
    );
    const other = await cli(...args.slice(0, 5), '124', ...args.slice(6));
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/already used with a different request/);
  });

  it('refuses a bad amount or currency with the option named', async () => {
    const base = ['payments', 'post', '--account', 'A1', '--paid-on', '2026-11-20'];
    const bad = await cli(
      ...base,
      '--amount',
      '1.234',
      '--currency',
      'CNY',
      '--idempotency-key',
      'x1',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--amount: "1\.234" has 3 fraction digits/);
    const cur = await cli(...base, '--amount', '1', '--currency', 'USD', '--idempotency-key', 'x2');
    expect(cur.code).toBe(1);
    expect(cur.stderr).toMatch(/currency USD differs from the account currency CNY/);
  });

  it('imports a statement once and refuses a malformed one whole', async () => {
    const csv = file(
      'statement.csv',
      [
        statementCsvColumns.join(','),
        'S1,BANK,R1,2026-11-25,,10.00,CNY,credit,,,A2,',
        'S1,BANK,R2,2026-11-25,,3.00,CNY,credit,Nobody,,,',
      ].join('\n'),
    );
    const first = await cli('statements', 'import', csv, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ format: 'csv', posted: 1, review: 1 });
    const again = await cli('statements', 'import', csv);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/2 entries, 0 posted, 0 to review, 0 ignored, 2 already imported/);
    const bad = file(
      'bad.csv',
      statementCsvColumns.join(',') + '\nS1,BANK,R9,2026-11-25,,1.001,CNY,credit,,,A2,\n',
    );
    const refused = await cli('statements', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line 2, amount/);
  });
});
