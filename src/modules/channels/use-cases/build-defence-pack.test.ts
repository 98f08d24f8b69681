import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { PiiCipher } from '../../../shared/pii-cipher.js';
import { appendEvidence, createCheckpoint } from '../../audit/index.js';
import { proofVerifies } from '../../audit/testing.js';
import { renderDefencePackPdf } from '../defence-pack-pdf.js';
import { buildDefencePack } from './build-defence-pack.js';
import { dispatchOutbox } from './dispatch-outbox.js';
import { enqueueMessage } from './enqueue-message.js';
import { seedDemoTemplates } from './seed-demo-templates.js';

const cipher = new PiiCipher(randomBytes(32));

describe.each(engines)('buildDefencePack on %s', (engine) => {
  let f: FreshDatabase;
  let portfolioId: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
    await f.db.transaction(async (tx) => {
      await seedDemoTemplates({ tx });
      const [p] = await tx.query<{ portfolio_id: bigint }>(
        `INSERT INTO portfolios (name) VALUES ('retail') RETURNING portfolio_id`,
      );
      portfolioId = p!.portfolio_id;
      // a call with its outcome, and an SMS with its message; another debtor's attempt
      await tx.query(
        `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, collector_id, channel,
           attempted_at, local_date, answered, conversation, outcome, outcome_recorded_at, gate)
         VALUES ($1, 'A-1', 'D-1', 'c-17', 'call', '2026-11-24T02:00:00Z', '2026-11-24', true, true,
           'promise_to_pay', '2026-11-24T02:05:00Z', '{"pack":"cn","version":1,"allowed":true}'),
                ($1, 'A-2', 'D-2', 'c-18', 'call', '2026-11-24T03:00:00Z', '2026-11-24', false,
           false, 'no_answer', '2026-11-24T03:01:00Z', '{"pack":"cn","version":1}')`,
        [portfolioId],
      );
      const [a] = await tx.query<{ attempt_id: bigint }>(
        `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, template_id,
           attempted_at, local_date, gate)
         VALUES ($1, 'A-1', 'D-1', 'sms', 'payment-confirmation-sms-zh', '2026-11-25T02:00:00Z',
           '2026-11-25', '{"pack":"cn","version":1,"allowed":true}')
         RETURNING attempt_id`,
        [portfolioId],
      );
      await enqueueMessage({
        tx,
        cipher,
        attemptId: a!.attempt_id,
        templateId: 'payment-confirmation-sms-zh',
        version: 1,
        to: '+8613800138000',
        variables: {
          bank_name: '示例银行',
          debtor_name: '张三',
          paid_on: '2026-11-24',
          account_ref: '1234',
          amount_paid: { minor: 50_000n, currency: 'CNY' },
          bank_hotline: '95555',
        },
      });
      await appendEvidence({
        db: tx,
        entries: [
          {
            kind: 'gate_decision',
            portfolioId,
            debtorId: 'D-1',
            accountId: 'A-1',
            actor: 'collector:c-17',
            occurredAt: new Date('2026-11-24T02:00:00Z'),
            payload: { allowed: true, pack: 'cn', violations: [] },
          },
          {
            kind: 'gate_decision',
            portfolioId,
            debtorId: 'D-2',
            accountId: 'A-2',
            actor: 'collector:c-18',
            occurredAt: new Date('2026-11-24T03:00:00Z'),
            payload: { allowed: true, pack: 'cn', violations: [] },
          },
        ],
      });
    });
    await createCheckpoint({ db: f.db });
    await dispatchOutbox({
      db: f.db,
      cipher,
      adapters: { sms: { send: async (m) => ({ providerMessageId: `smsc-${m.messageId}` }) } },
    });
  });
  afterAll(() => f.drop());

  it("holds the debtor's attempts, messages and evidence with proofs that verify", async () => {
    const pack = await buildDefencePack({
      db: f.db,
      portfolio: 'retail',
      debtorId: 'D-1',
      generatedAt: new Date('2026-11-25T08:00:00Z'),
      actor: 'cli:officer',
    });
    expect(pack).toMatchObject({
      portfolio: 'retail',
      debtor_id: 'D-1',
      format: 'recourse-defence-pack/1',
    });
    expect(pack.attempts.map((a) => [a.channel, a.outcome, a.collector_id])).toEqual([
      ['call', 'promise_to_pay', 'c-17'],
      ['sms', null, null],
    ]);
    expect(pack.attempts[0]!.gate).toEqual({ pack: 'cn', version: 1, allowed: true });
    expect(pack.attempts[1]!.message).toMatchObject({
      template_id: 'payment-confirmation-sms-zh',
      template_version: 1,
      status: 'sent',
      body: expect.stringContaining('¥500.00'),
      provider_message_id: expect.stringMatching(/^smsc-recourse-/),
    });
    // the destination never leaves the database
    expect(JSON.stringify(pack)).not.toContain('13800138000');
    // one gate decision (in the checkpoint) and one message_sent (after it), nothing of D-2
    expect(pack.evidence.map((e) => [e.entry.kind, e.entry.debtor_id])).toEqual([
      ['gate_decision', 'D-1'],
      ['message_sent', 'D-1'],
    ]);
    expect(pack.evidence[0]!.checkpoint).not.toBeNull();
    expect(pack.evidence[1]!.checkpoint).toBeNull();
    for (const p of pack.evidence) expect(proofVerifies(p)).toBe(true);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-pack-'));
    try {
      const file = path.join(dir, 'pack.pdf');
      fs.writeFileSync(file, await renderDefencePackPdf(pack));
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      for (const s of [
        'Complaint defence pack',
        'promise_to_pay',
        'payment-confirmation-sms-zh v1',
        '¥500.00',
        pack.evidence[1]!.entry.entry_hash.slice(0, 16),
      ])
        expect(text.replace(/\s+/g, ' ')).toContain(s);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // the export is in the administration trail, about the debtor, and in the next pack
    const exports = await f.db.query<{ actor: string; debtor_id: string; payload: unknown }>(
      `SELECT actor, debtor_id, payload FROM evidence_entries
       WHERE kind = 'admin_defence_pack_exported'`,
    );
    expect(exports).toEqual([
      {
        actor: 'cli:officer',
        debtor_id: 'D-1',
        payload: { portfolio: 'retail', attempts: 2, evidence_entries: 2 },
      },
    ]);
    const next = await buildDefencePack({
      db: f.db,
      portfolio: 'retail',
      debtorId: 'D-1',
      generatedAt: new Date('2026-11-25T09:00:00Z'),
      actor: 'cli:officer',
    });
    expect(next.evidence.map((e) => e.entry.kind)).toEqual([
      'gate_decision',
      'message_sent',
      'admin_defence_pack_exported',
    ]);
  });

  it('refuses an unknown portfolio or a debtor with nothing recorded, recording nothing', async () => {
    const at = new Date();
    const actor = 'cli:officer';
    await expect(
      buildDefencePack({ db: f.db, portfolio: 'nope', debtorId: 'D-1', generatedAt: at, actor }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      buildDefencePack({
        db: f.db,
        portfolio: 'retail',
        debtorId: 'D-404',
        generatedAt: at,
        actor,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const [n] = await f.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM evidence_entries WHERE kind = 'admin_defence_pack_exported'",
    );
    expect(n!.n).toBe(2n); // the two packs of the test above
  });
});
