import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import type { Queryable } from '../../../shared/db/types.js';
import { PiiCipher } from '../../../shared/pii-cipher.js';
import { verifyEvidence } from '../../audit/index.js';
import { DeliveryError, type ChannelAdapter, type OutboundMessage } from '../adapter.js';
import { claimDueMessages } from '../store.js';
import { dispatchOutbox } from './dispatch-outbox.js';
import { enqueueMessage } from './enqueue-message.js';
import { recordDeliveryReceipt } from './record-delivery-receipt.js';
import { seedDemoTemplates } from './seed-demo-templates.js';

const cipher = new PiiCipher(randomBytes(32));
const t0 = new Date('2026-11-25T02:00:00Z');
const smsZh = 'pre-due-reminder-sms-zh';
const vars = {
  bank_name: '示例银行',
  debtor_name: '张三',
  account_ref: '1234',
  amount_due: { minor: 123456n, currency: 'CNY' },
  due_date: '2026-12-01',
  bank_hotline: '95555',
  opt_out: '回复TD退订',
};

/** An allowed attempt as the compliance gate records it. */
async function allowedAttempt(
  tx: Queryable,
  o: { channel?: string; templateId?: string | null; recipient?: string } = {},
): Promise<bigint> {
  const [row] = await tx.query<{ attempt_id: bigint }>(
    `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, recipient,
       template_id, attempted_at, local_date, gate)
     VALUES (1, 'A-1', 'D-1', $1, $2, $3, $4, '2026-11-25', '{"pack":"cn","version":1}')
     RETURNING attempt_id`,
    [
      o.channel ?? 'sms',
      o.recipient ?? 'debtor',
      o.templateId === undefined ? smsZh : o.templateId,
      t0,
    ],
  );
  return row!.attempt_id;
}

/** An in-process provider that remembers what it received, keyed by idempotency key. */
class RecordingProvider implements ChannelAdapter {
  received: OutboundMessage[] = [];
  failuresLeft: number;
  permanent: boolean;
  constructor(failures = 0, permanent = false) {
    this.failuresLeft = failures;
    this.permanent = permanent;
  }
  async send(m: OutboundMessage) {
    await new Promise((r) => setTimeout(r, 1));
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new DeliveryError(`provider unavailable for ${m.to}`, this.permanent);
    }
    this.received.push(m);
    return { providerMessageId: `p-${m.messageId}` };
  }
}

describe.each(engines)('outbox on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
    await f.db.transaction((tx) => seedDemoTemplates({ tx }));
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec('DELETE FROM message_outbox; DELETE FROM contact_attempts;');
  });

  const enqueue = (
    tx: Queryable,
    attemptId: bigint,
    extra: Partial<Parameters<typeof enqueueMessage>[0]> = {},
  ) =>
    enqueueMessage({
      tx,
      cipher,
      attemptId,
      templateId: smsZh,
      version: 1,
      variables: vars,
      to: '+8613800138000',
      notBefore: t0,
      ...extra,
    });

  it('writes the rendered message in the caller transaction, and rolls back with it', async () => {
    await expect(
      f.db.transaction(async (tx) => {
        const id = await allowedAttempt(tx);
        await enqueue(tx, id);
        throw new Error('the attempt fails after queueing');
      }),
    ).rejects.toThrow(/attempt fails/);
    expect(await f.db.query('SELECT * FROM message_outbox')).toEqual([]);
    const queued = await f.db.transaction(async (tx) => enqueue(tx, await allowedAttempt(tx)));
    const [row] = await f.db.query<{
      body: string;
      to_sealed: Uint8Array;
      status: string;
      idempotency_key: string;
    }>('SELECT body, to_sealed, status, idempotency_key FROM message_outbox');
    expect(row!.status).toBe('pending');
    expect(row!.body).toBe(
      '【示例银行】尊敬的张三，您尾号1234的账户本期应还¥1,234.56，到期日为2026年12月1日。如已还款请忽略。咨询请致电95555。回复TD退订',
    );
    expect(row!.idempotency_key).toBe(queued.idempotencyKey);
    // the number is sealed, never stored as text
    expect(Buffer.from(row!.to_sealed).toString('latin1')).not.toContain('13800138000');
    expect(cipher.decrypt(row!.to_sealed)).toBe('+8613800138000');
  });

  it('refuses a message without an allowed attempt, or one that does not match it', async () => {
    await expect(f.db.transaction((tx) => enqueue(tx, 999_999n))).rejects.toMatchObject({
      code: 'not_found',
    });
    const cases: Array<[Parameters<typeof allowedAttempt>[1], RegExp]> = [
      [{ channel: 'email', templateId: smsZh }, /allowed for email, not sms/],
      [{ templateId: 'overdue-notice-wechat-zh' }, /another template/],
      [{ templateId: null }, /another template/],
      [{ recipient: 'unrelated_third_party' }, /debtor or their representative/],
    ];
    for (const [attempt, message] of cases)
      await expect(
        f.db.transaction(async (tx) => enqueue(tx, await allowedAttempt(tx, attempt))),
      ).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(message) });
    // one message per attempt
    await expect(
      f.db.transaction(async (tx) => {
        const id = await allowedAttempt(tx);
        await enqueue(tx, id);
        await enqueue(tx, id);
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already has a message/),
    });
    // unknown or missing variables
    await expect(
      f.db.transaction(async (tx) =>
        enqueue(tx, await allowedAttempt(tx), { variables: { ...vars, salary: 'x' } }),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await f.db.query('SELECT * FROM message_outbox')).toEqual([]);
  });

  it('refuses an unapproved template even when the attempt names it', async () => {
    await f.db.exec(`
      INSERT INTO message_templates (template_id, locale, channel, created_by)
        VALUES ('draft-sms', 'en', 'sms', 'm') ON CONFLICT DO NOTHING;
      INSERT INTO message_template_versions (template_id, version, body, created_by)
        VALUES ('draft-sms', 1, 'Hello {{debtor_name}}', 'm') ON CONFLICT DO NOTHING;`);
    await expect(
      f.db.transaction(async (tx) =>
        enqueue(tx, await allowedAttempt(tx, { templateId: 'draft-sms' }), {
          templateId: 'draft-sms',
          variables: { debtor_name: 'Ann' },
        }),
      ),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/only approved/) });
  });

  it('retries with exponential backoff, then sends once and records evidence', async () => {
    await f.db.transaction(async (tx) => enqueue(tx, await allowedAttempt(tx)));
    const sms = new RecordingProvider(2);
    const policy = { baseMs: 60_000, maxDelayMs: 3_600_000, maxTries: 5 };
    let now = t0;
    const run = () =>
      dispatchOutbox({ db: f.db, cipher, adapters: { sms }, policy, now: () => now });
    expect(await run()).toEqual({ claimed: 1, sent: 0, retried: 1, failed: 0 });
    const state = () =>
      f.db.query<{ status: string; tries: number; next_try_at: Date; last_error: string }>(
        'SELECT status, tries, next_try_at, last_error FROM message_outbox',
      );
    let [row] = await state();
    expect(row).toMatchObject({ status: 'pending', tries: 1 });
    expect(row!.next_try_at.getTime() - t0.getTime()).toBe(60_000);
    // the stored error never carries the destination
    expect(row!.last_error).toBe('provider unavailable for [destination]');
    // not due yet: nothing is claimed
    now = new Date(t0.getTime() + 59_000);
    expect((await run()).claimed).toBe(0);
    now = new Date(t0.getTime() + 60_000);
    expect(await run()).toMatchObject({ retried: 1 });
    [row] = await state();
    expect(row!.next_try_at.getTime() - now.getTime()).toBe(120_000);
    now = new Date(now.getTime() + 120_000);
    expect(await run()).toMatchObject({ sent: 1 });
    expect(await run()).toMatchObject({ claimed: 0 });
    expect(sms.received).toHaveLength(1);
    expect(sms.received[0]).toMatchObject({
      to: '+8613800138000',
      channel: 'sms',
      locale: 'zh-CN',
    });
    const [sent] = await f.db.query<{ status: string; provider_message_id: string; tries: number }>(
      'SELECT status, provider_message_id, tries FROM message_outbox',
    );
    expect(sent).toMatchObject({
      status: 'sent',
      tries: 3,
      provider_message_id: `p-${sms.received[0]!.messageId}`,
    });
    const evidence = await f.db.query<{ kind: string; payload: Record<string, unknown> }>(
      `SELECT kind, payload FROM evidence_entries WHERE kind = 'message_sent' ORDER BY seq DESC LIMIT 1`,
    );
    expect(evidence[0]!.payload).toMatchObject({ template_id: smsZh, tries: 3 });
    expect(JSON.stringify(evidence[0]!.payload)).not.toContain('13800138000');
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true });
  });

  it('fails after the last try, and at once on a permanent refusal', async () => {
    await f.db.transaction(async (tx) => {
      await enqueue(tx, await allowedAttempt(tx));
    });
    const policy = { baseMs: 1, maxDelayMs: 1, maxTries: 3 };
    let now = t0;
    const flaky = new RecordingProvider(99);
    for (let i = 0; i < 3; i++) {
      await dispatchOutbox({ db: f.db, cipher, adapters: { sms: flaky }, policy, now: () => now });
      now = new Date(now.getTime() + 10);
    }
    let rows = await f.db.query<{ status: string; tries: number }>(
      'SELECT status, tries FROM message_outbox',
    );
    expect(rows).toEqual([{ status: 'failed', tries: 3 }]);
    await f.db.exec('DELETE FROM message_outbox');
    await f.db.transaction(async (tx) => {
      await enqueue(tx, await allowedAttempt(tx));
    });
    const refusing = new RecordingProvider(1, true);
    expect(
      await dispatchOutbox({
        db: f.db,
        cipher,
        adapters: { sms: refusing },
        policy,
        now: () => now,
      }),
    ).toMatchObject({ failed: 1 });
    rows = await f.db.query('SELECT status, tries FROM message_outbox');
    expect(rows).toEqual([{ status: 'failed', tries: 1 }]);
  });

  it('two dispatchers at once never send one message twice', async () => {
    const n = 40;
    for (let i = 0; i < n; i++)
      await f.db.transaction(async (tx) => {
        await enqueue(tx, await allowedAttempt(tx));
      });
    const sms = new RecordingProvider();
    const now = () => t0;
    const results = await Promise.all(
      [0, 1, 2].map(() => dispatchOutbox({ db: f.db, cipher, adapters: { sms }, limit: 15, now })),
    );
    const again = await dispatchOutbox({ db: f.db, cipher, adapters: { sms }, limit: 100, now });
    const total = [...results, again].reduce((s, r) => s + r.sent, 0);
    expect(total).toBe(n);
    const keys = sms.received.map((m) => m.messageId);
    expect(new Set(keys).size).toBe(n);
    expect(keys).toHaveLength(n);
  });

  it('applies a delivery receipt to the sent message it names, and to nothing else', async () => {
    await f.db.transaction(async (tx) => {
      await enqueue(tx, await allowedAttempt(tx));
    });
    const sms = new RecordingProvider();
    await dispatchOutbox({ db: f.db, cipher, adapters: { sms }, now: () => t0 });
    const id = `p-${sms.received[0]!.messageId}`;
    expect(
      await recordDeliveryReceipt({
        db: f.db,
        providerMessageId: 'unknown',
        status: 'DELIVRD',
        at: t0,
      }),
    ).toBe(false);
    expect(
      await recordDeliveryReceipt({ db: f.db, providerMessageId: id, status: 'DELIVRD', at: t0 }),
    ).toBe(true);
    const rows = await f.db.query<{ delivery_status: string; delivered_at: Date }>(
      'SELECT delivery_status, delivered_at FROM message_outbox',
    );
    expect(rows).toEqual([{ delivery_status: 'DELIVRD', delivered_at: t0 }]);
  });

  it('takes over a message whose dispatcher died, with the same idempotency key', async () => {
    const queued = await f.db.transaction(async (tx) => enqueue(tx, await allowedAttempt(tx)));
    // a dispatcher claims it and dies before marking it
    const claimed = await f.db.transaction((tx) =>
      claimDueMessages(tx, t0, new Date(t0.getTime() + 300_000), 10),
    );
    expect(claimed).toHaveLength(1);
    const sms = new RecordingProvider();
    expect(
      (await dispatchOutbox({ db: f.db, cipher, adapters: { sms }, now: () => t0 })).claimed,
    ).toBe(0);
    const later = new Date(t0.getTime() + 300_000);
    expect(
      await dispatchOutbox({ db: f.db, cipher, adapters: { sms }, now: () => later }),
    ).toMatchObject({ sent: 1 });
    expect(sms.received.map((m) => m.messageId)).toEqual([queued.idempotencyKey]);
  });
});
