import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { linkEvidence, verifyEvidence } from '../../audit/index.js';
import { setDebtorFlag } from '../../compliance/index.js';
import { seedDebtors, testCipher } from '../../compliance/testing.js';
import { insertActions } from '../../queues/testing.js';
import { seedDemoTemplates } from './seed-demo-templates.js';
import { sendDueActions, type SendDueActionsOptions } from './send-due-actions.js';

const shanghai = 'Asia/Shanghai';
const sender = { bankName: 'Example Bank', bankHotline: '95555', optOut: 'Reply STOP to opt out' };

describe.each(engines)('sendDueActions on %s', (engine) => {
  let f: FreshDatabase;
  let portfolioId: bigint;
  const ids: Record<string, bigint> = {};
  const run = (o: Partial<SendDueActionsOptions> & { at: Date; asOf: string }) =>
    sendDueActions({
      db: f.db,
      cipher: testCipher,
      channels: ['sms', 'letter'],
      sender,
      timeZone: shanghai,
      ...o,
    });
  const action = async (id: bigint) => {
    const [a] = await f.db.query<{ status: string; cancel_reason: string | null; due_on: string }>(
      'SELECT status, cancel_reason, due_on FROM actions WHERE action_id = $1',
      [id],
    );
    return a!;
  };

  beforeAll(async () => {
    f = await freshDatabase(engine);
    await f.db.transaction((tx) => seedDemoTemplates({ tx }));
    const debtors = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7'];
    portfolioId = await seedDebtors(
      f.db,
      'retail',
      debtors.map((d) => ({
        debtorId: d,
        timeZone: shanghai,
        country: 'CN',
        accounts: [`A${d.slice(1)}`],
      })),
    );
    for (const d of debtors) {
      const phone = `+861380013800${d.slice(1)}`;
      const personal =
        d === 'D4' ? { address: 'x' } : d === 'D2' ? { phone, address: 'Road 1' } : { phone };
      await f.db.execute(
        'UPDATE accounts SET pii_sealed = $3 WHERE portfolio_id = $1 AND account_id = $2',
        [portfolioId, `A${d.slice(1)}`, testCipher.encrypt(JSON.stringify(personal))],
      );
    }
    const due = '2026-11-25';
    const planned = await insertActions(f.db, portfolioId, [
      { accountId: 'A1', debtorId: 'D1', channel: 'sms', dueOn: due },
      { accountId: 'A2', debtorId: 'D2', channel: 'letter', dueOn: due },
      { accountId: 'A3', debtorId: 'D3', channel: 'sms', dueOn: due },
      { accountId: 'A4', debtorId: 'D4', channel: 'sms', dueOn: due },
      { accountId: 'A5', debtorId: 'D5', channel: 'email', dueOn: due },
      { accountId: 'A6', debtorId: 'D6', channel: 'call', dueOn: due },
      { accountId: 'A7', debtorId: 'D7', channel: 'sms', dueOn: '2026-11-26' },
      { accountId: 'A1', debtorId: 'D1', channel: 'sms', dueOn: due },
    ]);
    ['sms', 'letter', 'blocked', 'nophone', 'email', 'call', 'night', 'notemplate'].forEach(
      (k, i) => (ids[k] = planned[i]!),
    );
    // the template each action's strategy names (the planner copies it; "test" names none)
    await f.db.execute(
      `UPDATE actions SET template_id = CASE channel WHEN 'letter'
         THEN 'installment-offer-letter-en' ELSE 'pre-due-reminder-sms-en' END
       WHERE portfolio_id = $1 AND action_id <> $2`,
      [portfolioId, ids.notemplate],
    );
    await setDebtorFlag({
      db: f.db,
      portfolioId,
      debtorId: 'D3',
      flag: 'cease_contact',
      value: true,
      at: new Date('2026-11-01T00:00:00Z'),
      source: 'api',
      actor: 'collector:c-1',
    });
  });
  afterAll(() => f.drop());

  it('queues the allowed, closes the blocked with their reason, leaves other channels', async () => {
    const at = new Date('2026-11-25T02:00:00Z'); // 10:00 in Shanghai
    const s = await run({ asOf: '2026-11-25', at });
    expect(s).toMatchObject({
      run_id: 'send-due:2026-11-25:2026-11-25T02:00Z',
      replayed: false,
      considered: 5,
      queued: 1,
      deferred: 0,
      closed: 4,
      closed_by_reason: {
        'cannot_fill:installment_count,installment_amount,offer_expires_on,collector_id': 1,
        'compliance_blocked:cease_contact': 1,
        no_sms_destination: 1,
        no_approved_template: 1,
      },
    });
    expect(await action(ids.sms!)).toMatchObject({ status: 'done' });
    expect(await action(ids.blocked!)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'compliance_blocked:cease_contact',
    });
    expect(await action(ids.email!)).toMatchObject({ status: 'open' });
    expect(await action(ids.call!)).toMatchObject({ status: 'open' });
    expect(await action(ids.night!)).toMatchObject({ status: 'open' });
    const messages = await f.db.query<{ body: string; channel: string; status: string }>(
      'SELECT body, channel, status FROM message_outbox',
    );
    expect(messages).toEqual([
      {
        channel: 'sms',
        status: 'pending',
        body: expect.stringContaining('Dear Test Debtor, CN¥50.00 is due on October 1, 2026'),
      },
    ]);
    // the gate's decisions, allowed and blocked, are in the evidence log with their rules
    await linkEvidence({ db: f.db });
    const decisions = await f.db.query<{ debtor_id: string; allowed: boolean; rules: unknown[] }>(
      `SELECT debtor_id, (payload->>'allowed')::boolean AS allowed, payload->'rules' AS rules
       FROM evidence_entries WHERE kind = 'gate_decision' AND actor = 'system:send-due'
       ORDER BY debtor_id`,
    );
    expect(decisions).toEqual([
      { debtor_id: 'D1', allowed: true, rules: [] },
      {
        debtor_id: 'D3',
        allowed: false,
        rules: [expect.objectContaining({ code: 'cease_contact' })],
      },
    ]);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true });
  });

  it('is a no-op when rerun with the same id, and never sends twice', async () => {
    const at = new Date('2026-11-25T02:00:00Z');
    expect(await run({ asOf: '2026-11-25', at })).toMatchObject({ replayed: true, queued: 1 });
    const later = await run({ asOf: '2026-11-25', at: new Date('2026-11-25T03:00:00Z') });
    expect(later).toMatchObject({ replayed: false, considered: 0, queued: 0 });
    const [{ n }] = (await f.db.query<{ n: bigint }>(
      'SELECT count(*) AS n FROM message_outbox',
    )) as [{ n: bigint }];
    expect(n).toBe(1n);
  });

  it('defers an action blocked by the hour to the next allowed instant, then sends it', async () => {
    const night = new Date('2026-11-26T15:00:00Z'); // 23:00 in Shanghai
    expect(await run({ asOf: '2026-11-26', at: night })).toMatchObject({
      considered: 1,
      deferred: 1,
    });
    const [deferred] = await f.db.query<{ next_at: Date; reason: string }>(
      'SELECT next_at, reason FROM automated_sends WHERE action_id = $1',
      [ids.night],
    );
    expect(deferred).toEqual({
      next_at: new Date('2026-11-27T00:00:00Z'),
      reason: 'deferred:hours',
    });
    // its due date moved to the day it may be sent; before then no run takes it
    expect(await action(ids.night!)).toMatchObject({ status: 'open', due_on: '2026-11-27' });
    expect(await run({ asOf: '2026-11-27', at: new Date('2026-11-26T23:30:00Z') })).toMatchObject({
      considered: 0,
    });
    expect(await run({ asOf: '2026-11-27', at: new Date('2026-11-27T01:00:00Z') })).toMatchObject({
      considered: 1,
      queued: 1,
    });
    expect(await action(ids.night!)).toMatchObject({ status: 'done' });
    const [row] = await f.db.query<{ status: string; tries: number }>(
      'SELECT status, tries FROM automated_sends WHERE action_id = $1',
      [ids.night],
    );
    expect(row).toEqual({ status: 'queued', tries: 2 });
  });

  it('goes on past an action that fails, which stays open for the next run', async () => {
    const [bad] = await insertActions(f.db, portfolioId, [
      { accountId: 'A1', debtorId: 'D-404', channel: 'sms', dueOn: '2026-11-28' },
    ]);
    const [good] = await insertActions(f.db, portfolioId, [
      { accountId: 'A1', debtorId: 'D1', channel: 'sms', dueOn: '2026-11-28' },
    ]);
    await f.db.execute(
      `UPDATE actions SET template_id = 'pre-due-reminder-sms-en' WHERE action_id = ANY($1::int8[])`,
      [[String(bad), String(good)]],
    );
    const s = await run({ asOf: '2026-11-28', at: new Date('2026-11-28T02:00:00Z') });
    expect(s).toMatchObject({
      considered: 2,
      queued: 1,
      failed: [{ action_id: String(bad), error: expect.stringMatching(/no debtor D-404/) }],
    });
    expect(await action(bad!)).toMatchObject({ status: 'open' });
    expect(await action(good!)).toMatchObject({ status: 'done' });
  });

  it('sends nothing when no channel has an adapter', async () => {
    const s = await sendDueActions({
      db: f.db,
      cipher: testCipher,
      channels: [],
      sender,
      timeZone: shanghai,
      asOf: '2026-11-30',
      at: new Date('2026-11-30T02:00:00Z'),
    });
    expect(s).toMatchObject({ considered: 0 });
    expect(await action(ids.email!)).toMatchObject({ status: 'open' });
  });
});
