/**
 * The demo as `npm start` loads it (the portfolio, a day of work, the message library and the
 * default strategy's version 2), then `recourse outbox send-due` and `recourse outbox dispatch`
 * as a user runs them, with SMS going to a real SMPP peer on this machine and letters to PDF: the
 * strategy's template families become real messages, each in the debtor's language.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTemplates } from '../../src/modules/channels/index.js';
import { seedDemoDay } from '../../src/modules/demo/index.js';
import { seedDemoPortfolio } from '../../src/modules/portfolio/index.js';
import { loadConfig } from '../../src/shared/config.js';
import { openContext } from '../../src/shared/context.js';
import { openPglite } from '../../src/shared/db/pglite.js';
import { runCli } from '../support/cli.js';
import { createPostgresDatabase, engines, pgliteTemplate } from '../support/databases.js';

/** The bytes of a PDU field: the smpp library gives short_message as { message }. */
function bytesOf(field: unknown): Buffer | string {
  const m =
    field && typeof field === 'object' && !Buffer.isBuffer(field)
      ? (field as { message?: unknown }).message
      : field;
  return Buffer.isBuffer(m) || typeof m === 'string' ? m : Buffer.alloc(0);
}

/** The text of a submit_sm: UCS2 (data_coding 8) or ASCII, in short_message or message_payload. */
function smsText(pdu: PDU): string {
  const short = bytesOf(pdu.short_message);
  const m = short.length > 0 ? short : bytesOf(pdu.message_payload);
  if (typeof m === 'string') return m;
  if (pdu.data_coding !== 8) return m.toString('latin1');
  const le = Buffer.alloc(m.length);
  for (let i = 0; i + 1 < m.length; i += 2) {
    le[i] = m[i + 1]!;
    le[i + 1] = m[i]!;
  }
  return le.toString('utf16le');
}

describe.each(engines)('send-due over the demo on %s', (engine) => {
  const today = '2026-11-25';
  let dir: string;
  let env: Record<string, string>;
  let drop = async (): Promise<void> => undefined;
  let server: Server;
  const sessions: Session[] = [];
  const submits: PDU[] = [];

  beforeAll(async () => {
    server = smpp.createServer((session: Session) => {
      sessions.push(session);
      session.on('error', () => undefined);
      session.on('bind_transceiver', (pdu: PDU) => session.send(pdu.response()));
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => session.send(pdu.response()));
      session.on('submit_sm', (pdu: PDU) => {
        submits.push(pdu);
        session.send(pdu.response({ message_id: `smsc-${submits.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-send-due-demo-'));
    if (engine === 'pglite') {
      await (await openPglite(path.join(dir, 'pglite'), pgliteTemplate())).close();
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: '' };
    } else {
      const pg = await createPostgresDatabase();
      drop = pg.drop;
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: pg.url };
    }
    Object.assign(env, {
      RECOURSE_SMPP_URL: `smpp://127.0.0.1:${port}`,
      RECOURSE_SMPP_SYSTEM_ID: 'bank',
      RECOURSE_SMPP_SOURCE_ADDR: '95555',
      RECOURSE_LETTER_DIR: path.join(dir, 'letters'),
      RECOURSE_BANK_NAME: 'Example Bank',
      RECOURSE_BANK_HOTLINE: '95555',
      RECOURSE_OPT_OUT_TEXT: 'Reply TD to opt out',
      RECOURSE_TIMEZONE: 'Asia/Shanghai',
    });
    // what `recourse serve --demo` loads on a first start
    const ctx = await openContext(loadConfig(env));
    try {
      await seedDemoPortfolio({ db: ctx.db, cipher: ctx.cipher, accounts: 300, asOf: today });
      await seedDemoDay({ db: ctx.db, cipher: ctx.cipher, today, casesPerCollector: 3 });
      await ctx.db.transaction((tx) => seedDemoTemplates({ tx }));
    } finally {
      await ctx.close();
    }
  }, 600_000);
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the due SMS of the default strategy in the debtor’s language to the SMPP peer', async () => {
    // 10:30 in Shanghai
    const args = ['outbox', 'send-due', '--as-of', today, '--at', `${today}T02:30:00Z`, '--json'];
    const run = await runCli(args, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      considered: number;
      queued: number;
      closed_by_reason: Record<string, number>;
      failed: unknown[];
    };
    expect(summary.failed).toEqual([]);
    expect(summary.queued).toBeGreaterThan(0);
    // every due message action names an approved family member in its debtor's language
    expect(Object.keys(summary.closed_by_reason)).not.toContain('no_approved_template');
    expect(Object.keys(summary.closed_by_reason)).not.toContain('no_approved_template_for_locale');

    const sent = await runCli(['outbox', 'dispatch', '--json'], env);
    expect(sent.stderr).toBe('');
    const dispatched = JSON.parse(sent.stdout) as { sent: number; failed: number };
    expect(dispatched).toMatchObject({ sent: summary.queued, failed: 0 });
    const texts = submits.map(smsText);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length).toBe(
      summary.queued -
        (fs.existsSync(env.RECOURSE_LETTER_DIR!)
          ? fs.readdirSync(env.RECOURSE_LETTER_DIR!).length
          : 0),
    );
    // each text is one of the default strategy's families, in the language of its debtor
    const ctx = await openContext(loadConfig(env));
    try {
      const rows = await ctx.db.query<{ template_id: string; language: string; body: string }>(
        `SELECT m.template_id, d.language, m.body FROM message_outbox m
         JOIN debtors d ON d.portfolio_id = m.portfolio_id AND d.debtor_id = m.debtor_id
         WHERE m.channel = 'sms' ORDER BY m.message_id`,
      );
      expect(rows.length).toBe(texts.length);
      for (const r of rows) {
        expect(r.template_id).toMatch(/^(pre-due-reminder|overdue-reminder)-sms-(zh|en)$/);
        expect(r.template_id.endsWith(r.language === 'en' ? '-en' : '-zh')).toBe(true);
        // the peer's library reads ASCII (data_coding 1) as GSM 03.38, where 0x24 is '¤'
        const ascii = /^[\x20-\x7e\r\n]*$/.test(r.body);
        expect(texts).toContain(ascii ? r.body.replace(/\$/g, '¤') : r.body);
      }
      expect(texts.some((t) => t.startsWith('【Example Bank】'))).toBe(true);
      expect(texts.some((t) => t.startsWith('Example Bank: Dear '))).toBe(true);
    } finally {
      await ctx.close();
    }
  }, 600_000);
});
