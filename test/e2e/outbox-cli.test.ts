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
