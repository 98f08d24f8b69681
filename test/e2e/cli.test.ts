/**
 * The CLI contract, run as a user runs it: the real `recourse` command in a child process, on
 * PGlite in a data directory and, when TEST_DATABASE_URL is set, on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/shared/db/pglite.js';
import { runCli, type CliResult } from '../support/cli.js';
import { createPostgresDatabase, engines, pgliteTemplate } from '../support/databases.js';
import { row, tapeCsv } from '../support/tape.js';

const noStackTrace = (r: CliResult) =>
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe.each(engines)('recourse CLI on %s', (engine) => {
  let dir: string;
  let env: Record<string, string>;
  let drop = async (): Promise<void> => undefined;
  const file = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-cli-'));
    if (engine === 'pglite') {
      const db = await openPglite(path.join(dir, 'pglite'), pgliteTemplate());
      await db.close();
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: '' };
    } else {
      const pg = await createPostgresDatabase();
      drop = pg.drop;
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: pg.url };
    }
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const good = tapeCsv([
    row({}),
    row({
      account_id: 'A2',
      overdue_amount: '0',
      oldest_unpaid_due_date: '',
      next_due_date: '2026-12-10',
    }),
    row({
      account_id: 'A3',
      debtor_id: 'D2',
      debtor_name: 'John Smith',
      national_id: '',
      currency: 'USD',
      overdue_amount: '100.5',
      oldest_unpaid_due_date: '2026-08-01',
      country: 'US',
      phone: '',
      timezone: 'America/New_York',
      language: 'en',
    }),
  ]);

  it('refuses an invalid file whole, with line and field, as JSON', async () => {
    const bad = file(
      'bad.csv',
      tapeCsv([row({}), row({ account_id: 'A2', principal_outstanding: '1,234.00' })]),
    );
    const r = await cli('import', 'portfolio', bad, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      errors: [
        {
          line: 3,
          field: 'principal_outstanding',
          message: expect.stringMatching(/thousands separators/),
        },
      ],
    });
    noStackTrace(r);
    const list = await cli('accounts', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('imports with --json, then re-imports with nothing changed', async () => {
    const tape = file('tape.csv', good);
    const first = await cli('import', 'portfolio', tape, '--portfolio', 'retail', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ imported: 3, updated: 0, unchanged: 0 });
    const again = await cli('import', 'portfolio', tape, '--portfolio', 'retail', '--json');
    expect(JSON.parse(again.stdout)).toEqual({ imported: 0, updated: 0, unchanged: 3 });
  });

  it('runs the cycle and prints counts by bucket and risk class', async () => {
    const r = await cli('cycle', '--as-of', '2026-11-25', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.by_bucket).toEqual({ current: 1, M1: 0, M2: 1, M3: 0, M4: 1, M5: 0, M6: 0, 'M7+': 0 });
    expect(s.by_risk_class).toEqual({
      normal: 1,
      special_mention: 1,
      substandard: 1,
      doubtful: 0,
      loss: 0,
    });
    expect(s.by_segment).toEqual({ green: 0, yellow: 1, red: 1 });
    const human = await cli('cycle', '--as-of', '2026-11-25');
    expect(human.stdout).toMatch(/Cycle 2026-11-25: 3 accounts aged, 0 changed/);
  });

  it('prints the war-room briefing as text, JSON, CSV and PDF', async () => {
    const json = await cli('briefing', '--as-of', '2026-11-25', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const b = JSON.parse(json.stdout) as {
      as_of: string;
      segments: { by_segment: { segment: string; debtors: number }[] };
    };
    expect(b.as_of).toBe('2026-11-25');
    expect(b.segments.by_segment.map((s) => s.debtors)).toEqual([0, 1, 1]);
    const text = await cli('briefing');
    expect(text.stdout).toMatch(/^War-room briefing 2026-11-25 \(all portfolios\)/);
    const csv = await cli('briefing', '--format', 'csv', '--portfolio', 'retail');
    expect(csv.stdout.split('\r\n')[0]).toBe('section,item,count,currency,amount,share_pct,detail');
    const out = path.join(dir, 'briefing.pdf');
    const pdf = await cli('briefing', '--format', 'pdf', '--out', out);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const piped = await cli('briefing', '--format', 'pdf');
    expect(piped.stdout.startsWith('%PDF-')).toBe(true);
    const bad = await cli('briefing', '--format', 'xls');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Allowed choices are text, json, csv, pdf/);
    const unknown = await cli('briefing', '--portfolio', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('recourse: no portfolio named "nope"\n');
    // seven commands, each a new process that starts Node and opens the database
  }, 180_000);

  it('records each briefing handed out in the administration trail, and none refused', async () => {
    const log = await cli(
      'audit',
      'admin-log',
      '--kind',
      'admin_briefing_exported',
      '--format',
      'json',
    );
    expect(log.code, log.stderr).toBe(0);
    const entries = JSON.parse(log.stdout) as { actor: string; payload: Record<string, unknown> }[];
    expect(entries.map((e) => e.payload)).toEqual(
      [
        [null, 'json'],
        [null, 'text'],
        ['retail', 'csv'],
        [null, 'pdf'],
        [null, 'pdf'],
      ]
        .reverse()
        .map(([portfolio, format]) => ({ as_of: '2026-11-25', portfolio, format, via: 'cli' })),
    );
    expect(new Set(entries.map((e) => e.actor)).size).toBe(1);
    expect(entries[0]!.actor).toMatch(/^cli:./);
  });

  it('lists every account with its aging and overdue amount as a decimal string', async () => {
    const r = await cli('accounts', 'list', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        account_id: 'A1',
        portfolio: 'retail',
        dpd: 55,
        bucket: 'M2',
        risk_class: 'special_mention',
        pre_due: false,
        currency: 'CNY',
        overdue_amount: '800.00',
      },
      {
        account_id: 'A2',
        portfolio: 'retail',
        dpd: 0,
        bucket: 'current',
        risk_class: 'normal',
        pre_due: true,
        currency: 'CNY',
        overdue_amount: '0.00',
      },
      {
        account_id: 'A3',
        portfolio: 'retail',
        dpd: 116,
        bucket: 'M4',
        risk_class: 'substandard',
        pre_due: false,
        currency: 'USD',
        overdue_amount: '100.50',
      },
    ]);
  });

  it.each([
    ['a missing file', () => path.join(dir, 'nope.csv'), /no such file/],
    ['an empty file', () => file('empty.csv', ''), /the file is empty/],
    ['a header only', () => file('header.csv', tapeCsv([])), /header but no data rows/],
    [
      'a non-UTF-8 file',
      () => file('latin1.csv', Buffer.from('account_id,debtor_id\nA,Jos\xe9\n', 'latin1')),
      /not UTF-8 text/,
    ],
    [
      'a wrong delimiter',
      () => file('semi.csv', 'account_id;debtor_id\nA;B\n'),
      /separated by ";"/,
    ],
  ])('refuses %s with one clear line', async (_name, make, message) => {
    const r = await cli('import', 'portfolio', make());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    noStackTrace(r);
  });

  it('never prints personal data, even about invalid rows', async () => {
    const pii = {
      national_id: '310101198807074512',
      phone: '+86 139 0000 bad',
      email: 'li.na@example',
      wechat_id: 'wx_secret_lina',
      address: '上海市秘密路1号',
    };
    const bad = file('pii.csv', tapeCsv([row({ ...pii, account_id: 'P1', currency: 'usd' })]));
    for (const args of [['--json'], []]) {
      const r = await cli('import', 'portfolio', bad, ...args);
      expect(r.code).toBe(1);
      for (const v of Object.values(pii)) expect(r.stdout + r.stderr).not.toContain(v);
    }
  });

  it('refuses a bad --as-of with a clear message', async () => {
    const r = await cli('cycle', '--as-of', '2026-02-30');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/YYYY-MM-DD/);
    noStackTrace(r);
  });
});
