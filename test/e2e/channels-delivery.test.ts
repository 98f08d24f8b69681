/**
 * From the gate's allowed attempt to the handset and the mailbox: messages are queued in the
 * attempt's transaction, dispatched through the adapters the configuration builds, delivered to
 * real local SMTP and SMPP peers, marked sent with the provider's id, receipted, and evidenced.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildChannelAdapters,
  dispatchOutbox,
  enqueueMessage,
  recordDeliveryReceipt,
  seedDemoTemplates,
} from '../../src/modules/channels/index.js';
import { verifyEvidence } from '../../src/modules/audit/index.js';
import { loadConfig } from '../../src/shared/config.js';
import type { Queryable } from '../../src/shared/db/types.js';
import { PiiCipher } from '../../src/shared/pii-cipher.js';
import { engines, freshDatabase, type FreshDatabase } from '../support/databases.js';

const cipher = new PiiCipher(randomBytes(32));
const mails: string[] = [];
const submits: PDU[] = [];
let smtp: SMTPServer;
let smsc: Server;
const sessions: Session[] = [];
let env: Record<string, string>;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('latin1'));
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  let n = 0;
  smsc = smpp.createServer((session: Session) => {
    sessions.push(session);
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => session.send(pdu.response()));
    session.on('submit_sm', (pdu: PDU) => {
      submits.push(pdu);
      const id = `smsc-${++n}`;
      session.send(pdu.response({ message_id: id }));
      session.deliver_sm({
        source_addr: String(pdu.destination_addr),
        destination_addr: String(pdu.source_addr),
        esm_class: 0x04,
        short_message: `id:${id} sub:001 dlvrd:001 submit date:2611251000 done date:2611251000 stat:DELIVRD err:000 text:`,
      });
    });
  });
  await new Promise<void>((r) => smsc.listen(0, '127.0.0.1', () => r()));
  env = {
    RECOURSE_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    RECOURSE_MAIL_FROM: 'collections@bank.example',
    RECOURSE_SMPP_URL: `smpp://127.0.0.1:${(smsc.address() as AddressInfo).port}`,
    RECOURSE_SMPP_SYSTEM_ID: 'bank',
    RECOURSE_SMPP_SOURCE_ADDR: '95555',
  };
});
afterAll(async () => {
  for (const s of sessions) s.destroy();
  await new Promise<void>((r) => smsc.close(() => r()));
  await new Promise<void>((r) => smtp.close(() => r()));
});

async function allowedAttempt(tx: Queryable, channel: string, templateId: string): Promise<bigint> {
  const [row] = await tx.query<{ attempt_id: bigint }>(
    `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, template_id,
       attempted_at, local_date)
     VALUES (1, 'A-9', 'D-9', $1, $2, now(), current_date) RETURNING attempt_id`,
    [channel, templateId],
  );
  return row!.attempt_id;
}

describe.each(engines)('message delivery on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
    await f.db.transaction((tx) => seedDemoTemplates({ tx }));
  });
  afterAll(() => f.drop());

  it('delivers an SMS and an email queued with their attempts, receipts and evidence included', async () => {
    await f.db.transaction(async (tx) => {
      await enqueueMessage({
        tx,
        cipher,
        attemptId: await allowedAttempt(tx, 'sms', 'payment-confirmation-sms-zh'),
        templateId: 'payment-confirmation-sms-zh',
        version: 1,
        to: '+8613800138000',
        variables: {
          bank_name: '示例银行',
          debtor_name: '李四',
          paid_on: '2026-11-20',
          account_ref: '8888',
          amount_paid: { minor: 50_000n, currency: 'CNY' },
          bank_hotline: '95555',
        },
      });
      await enqueueMessage({
        tx,
        cipher,
        attemptId: await allowedAttempt(tx, 'email', 'payment-confirmation-email-en'),
        templateId: 'payment-confirmation-email-en',
        version: 1,
        to: 'ann.lee@example.com',
        variables: {
          bank_name: 'Example Bank',
          debtor_name: 'Ann Lee',
          paid_on: '2026-11-20',
          account_ref: '4321',
          amount_paid: { minor: 12_050n, currency: 'USD' },
          bank_hotline: '+1 800 555 0100',
        },
      });
    });
    // receipts are held until the batch is recorded as sent, as the dispatch command does
    const held: Array<{ providerMessageId: string; status: string }> = [];
    const built = buildChannelAdapters(loadConfig(env).channels, {
      onSmsReceipt: (r) => held.push(r),
    });
    try {
      expect(await dispatchOutbox({ db: f.db, adapters: built.adapters, cipher })).toEqual({
        claimed: 2,
        sent: 2,
        retried: 0,
        failed: 0,
      });
      await expect.poll(() => held.length).toBe(1);
      for (const r of held)
        expect(await recordDeliveryReceipt({ db: f.db, ...r, at: new Date() })).toBe(true);
    } finally {
      await built.close();
    }
    const rows = await f.db.query<{
      channel: string;
      status: string;
      provider_message_id: string;
      delivery_status: string | null;
    }>(
      'SELECT channel, status, provider_message_id, delivery_status FROM message_outbox ORDER BY channel',
    );
    expect(rows).toEqual([
      {
        channel: 'email',
        status: 'sent',
        provider_message_id: expect.stringMatching(/^<recourse-1-\d+@recourse\.local>$/),
        delivery_status: null,
      },
      {
        channel: 'sms',
        status: 'sent',
        provider_message_id: expect.stringMatching(/^smsc-\d+$/),
        delivery_status: 'DELIVRD',
      },
    ]);
    const sms = submits.at(-1)!;
    expect(sms.destination_addr).toBe('8613800138000');
    expect(sms.data_coding).toBe(8);
    expect(mails.at(-1)).toContain('ann.lee@example.com');
    expect(mails.at(-1)).toContain('payment of $120.50');
    const evidence = await f.db.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM evidence_entries WHERE kind = 'message_sent'`,
    );
    expect(evidence[0]!.n).toBe(2n);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true });
  });
});
