/**
 * `recourse outbox dispatch` as a user runs it: messages queued in the database are delivered by
 * the real command, through the adapters its configuration names (here: letters as PDF).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage, seedDemoTemplates } from '../../src/modules/channels/index.js';
import { loadConfig } from '../../src/shared/config.js';
import { openContext } from '../../src/shared/context.js';
import { openPglite } from '../../src/shared/db/pglite.js';
import { runCli } from '../support/cli.js';
import { createPostgresDatabase, engines, pgliteTemplate } from '../support/databases.js';

describe.each(engines)('recourse outbox dispatch on %s', (engine) => {
  let dir: string;
  let env: Record<string, string>;
  let drop = async (): Promise<void> => undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-outbox-cli-'));
    if (engine === 'pglite') {
      await (await openPglite(path.join(dir, 'pglite'), pgliteTemplate())).close();
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: '' };
    } else {
      const pg = await createPostgresDatabase();
      drop = pg.drop;
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: pg.url };
    }
    env.RECOURSE_LETTER_DIR = path.join(dir, 'letters');
    const ctx = await openContext(loadConfig(env));
    try {
      await ctx.db.transaction(async (tx) => {
        await seedDemoTemplates({ tx });
        const [p] = await tx.query<{ portfolio_id: bigint }>(
          `INSERT INTO portfolios (name) VALUES ('retail') RETURNING portfolio_id`,
        );
        const [a] = await tx.query<{ attempt_id: bigint }>(
          `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, template_id,
             attempted_at, local_date)
           VALUES ($1, 'A-1', 'D-1', 'letter', 'installment-offer-letter-en', now(), current_date)
           RETURNING attempt_id`,
          [p!.portfolio_id],
        );
        await enqueueMessage({
          tx,
          cipher: ctx.cipher,
          attemptId: a!.attempt_id,
          templateId: 'installment-offer-letter-en',
          version: 1,
          to: 'Ann Lee\n1 High Street\nLondon',
          variables: {
            debtor_name: 'Ann Lee',
            account_ref: '4321',
            amount_due: { minor: 240_000n, currency: 'GBP' },
            installment_count: 12,
            installment_amount: { minor: 20_000n, currency: 'GBP' },
            offer_expires_on: '2026-12-31',
            bank_hotline: '0800 000 000',
            bank_name: 'Example Bank',
            collector_id: 'c-17',
          },
        });
      });
    } finally {
      await ctx.close();
    }
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers the due letter', async () => {
    const first = await runCli(['outbox', 'dispatch', '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    const files = fs.readdirSync(env.RECOURSE_LETTER_DIR!);
    expect(files).toEqual([expect.stringMatching(/^recourse-1-\d+\.pdf$/)]);
    const text = execFileSync('pdftotext', [path.join(env.RECOURSE_LETTER_DIR!, files[0]!), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('12 monthly installments of £200.00');
  }, 180_000);

  it('finds nothing due the second time', async () => {
    const second = await runCli(['outbox', 'dispatch'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('Outbox: 0 due, 0 sent, 0 to retry, 0 failed.\n');
  }, 180_000);

  it("writes the debtor's defence pack, and refuses a debtor with nothing recorded", async () => {
    // the attempt, the letter sent and its evidence with a proof: the attempt, the letter sent and its evidence with a proof
    const out = path.join(dir, 'pack');
    const pack = await runCli(
      ['audit', 'defence-pack', '--portfolio', 'retail', '--debtor', 'D-1', '--out', out],
      env,
    );
    expect(pack.stderr).toBe('');
    expect(pack.code).toBe(0);
    const [jsonFile, pdfFile] = pack.stdout.trim().split('\n');
    const json = JSON.parse(fs.readFileSync(jsonFile!, 'utf8'));
    expect(json.attempts).toHaveLength(1);
    expect(json.attempts[0].message).toMatchObject({
      status: 'sent',
      template_id: 'installment-offer-letter-en',
    });
    expect(json.evidence.map((e: { entry: { kind: string } }) => e.entry.kind)).toEqual([
      'message_sent',
    ]);
    expect(json.evidence[0].audit_path).toEqual([]);
    const info = execFileSync('pdfinfo', [pdfFile!], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+[1-9]/);
    const missing = await runCli(
      ['audit', 'defence-pack', '--portfolio', 'retail', '--debtor', 'D-404', '--out', out],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nothing recorded for debtor D-404/);
  }, 180_000);
});

describe.each(engines)('recourse outbox send-due on %s', (engine) => {
  let dir: string;
  let env: Record<string, string>;
  let drop = async (): Promise<void> => undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-send-due-cli-'));
    if (engine === 'pglite') {
      await (await openPglite(path.join(dir, 'pglite'), pgliteTemplate())).close();
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: '' };
    } else {
      const pg = await createPostgresDatabase();
      drop = pg.drop;
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: pg.url };
    }
    env.RECOURSE_LETTER_DIR = path.join(dir, 'letters');
    env.RECOURSE_BANK_NAME = 'Example Bank';
    const ctx = await openContext(loadConfig(env));
    try {
      await ctx.db.transaction(async (tx) => {
        // an approved letter template (maker and checker differ, no lint findings)
        await tx.exec(`
          INSERT INTO message_templates (template_id, locale, channel, created_by)
            VALUES ('overdue-letter-en', 'en', 'letter', 'maker');
          INSERT INTO message_template_versions (template_id, version, subject, body, status,
              created_by, submitted_at, decided_by, decided_at)
            VALUES ('overdue-letter-en', 1, 'Your account ending {{account_ref}}',
              'Dear {{debtor_name}}, {{amount_due}} has been overdue since {{due_date}}. {{bank_name}}',
              'approved', 'maker', now(), 'checker', now())`);
        const [p] = await tx.query<{ portfolio_id: bigint }>(
          `INSERT INTO portfolios (name) VALUES ('retail') RETURNING portfolio_id`,
        );
        const id = p!.portfolio_id;
        await tx.execute(
          `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone,
             identity_digest) VALUES ($1, 'D-1', 'Ann Lee', 'GB', 'en', 'Europe/London', '\\x00')`,
          [id],
        );
        await tx.execute(
          `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
             principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, timezone,
             row_digest, pii_sealed)
           VALUES ($1, 'ACC-9876', 'D-1', 'consumer_loan', 'GBP', 500000, 24000,
             DATE '2026-10-01', 'Europe/London', '\\x00', $2)`,
          [id, ctx.cipher.encrypt(JSON.stringify({ address: 'Ann Lee\n1 High Street\nLondon' }))],
        );
        await tx.execute(
          `INSERT INTO actions (portfolio_id, action_key, account_id, debtor_id, kind, channel,
             unit, strategy_id, strategy_version, arm, template_id, due_on, planned_on, reason)
           VALUES ($1, 'ACC-9876:treatment:default@1:mid:1:2026-11-22', 'ACC-9876', 'D-1',
             'treatment', 'letter', 'phone', 'default', 1, 'champion', 'overdue-letter-en',
             '2026-11-25', '2026-11-22', '{"rule":"mid","facts":{}}')`,
          [id],
        );
      });
    } finally {
      await ctx.close();
    }
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes the due letter through the gate into the outbox once; dispatch prints it', async () => {
    const args = ['outbox', 'send-due', '--as-of', '2026-11-25', '--at', '2026-11-25T11:00:00Z'];
    const first = await runCli([...args, '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      run_id: 'send-due:2026-11-25:2026-11-25T11:00Z',
      replayed: false,
      considered: 1,
      queued: 1,
    });
    const again = await runCli(args, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already run: nothing done now\): 1 due, 1 queued/);
    const sent = await runCli(['outbox', 'dispatch', '--json'], env);
    expect(JSON.parse(sent.stdout)).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    const files = fs.readdirSync(env.RECOURSE_LETTER_DIR!);
    expect(files).toHaveLength(1);
    const text = execFileSync('pdftotext', [path.join(env.RECOURSE_LETTER_DIR!, files[0]!), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('Dear Ann Lee, £240.00 has been overdue since October 1, 2026');
    const verify = await runCli(['audit', 'verify', '--json'], env);
    expect(verify.code).toBe(0);
    // the gate's decision and the letter sent, both chained
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, entries_checked: 2, unlinked: 0 });
    const bad = await runCli(['outbox', 'send-due', '--at', 'yesterday'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/expected an instant/);
  }, 300_000);
});
