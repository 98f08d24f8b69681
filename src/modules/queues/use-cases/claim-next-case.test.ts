import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { placeAccounts, recallAccounts } from '../../people/index.js';
import { insertActions, insertCollector, seedWorkPortfolio } from '../testing.js';
import { claimNextCase } from './claim-next-case.js';
import { completeTask } from './complete-task.js';
import { getQueueLoad } from './get-queue-load.js';
import { listHeldCases } from './list-held-cases.js';
import { releaseCase } from './release-case.js';

const today = '2026-11-25';

describe.each(engines)('claiming cases on %s', (engine) => {
  let f: FreshDatabase;
  beforeEach(async () => {
    f = await freshDatabase(engine);
  });
  afterEach(() => f.drop());

  const claim = (
    collectorId: string,
    unit: 'phone' | 'field' | 'legal' | 'analysts' = 'phone',
    claimMinutes?: number,
  ) =>
    claimNextCase({
      db: f.db,
      collectorId,
      unit,
      today,
      ...(claimMinutes === undefined ? {} : { claimMinutes }),
    });

  it('never hands one case to two collectors under concurrency', async () => {
    const debtors = Array.from({ length: 12 }, (_, i) => ({
      debtorId: `D${i}`,
      accounts: { [`A${i}a`]: BigInt(1000 + i), [`A${i}b`]: 5n },
    }));
    const p = await seedWorkPortfolio(f.db, 'p', debtors);
    await insertActions(
      f.db,
      p,
      debtors.flatMap((d, i) => [
        { accountId: `A${i}a`, debtorId: d.debtorId, dueOn: '2026-11-24' },
        { accountId: `A${i}b`, debtorId: d.debtorId, dueOn: today },
        { accountId: `A${i}a`, debtorId: d.debtorId, dueOn: today, channel: 'sms' },
      ]),
    );
    const collectors = Array.from({ length: 40 }, (_, i) => `C${i}`);
    for (const id of collectors) await insertCollector(f.db, { id, capacity: 1 });
    const cases = await Promise.all(collectors.map((id) => claim(id)));
    const got = cases.filter((c) => c !== null);
    expect(got).toHaveLength(12);
    expect(new Set(got.map((c) => c.debtorId)).size).toBe(12);
    for (const c of got) expect(c.actions).toHaveLength(3);
    const rows = await f.db.query<{ debtor_id: string; holders: number; claimed: number }>(
      `SELECT debtor_id, count(DISTINCT claimed_by)::int AS holders, count(*)::int AS claimed
       FROM actions WHERE status = 'claimed' GROUP BY debtor_id`,
    );
    expect(rows).toHaveLength(12);
    for (const r of rows) expect([r.holders, r.claimed]).toEqual([1, 3]);
  });

  it('never lets one collector pass their capacity with claims at the same moment', async () => {
    const debtors = Array.from({ length: 8 }, (_, i) => ({
      debtorId: `D${i}`,
      accounts: { [`A${i}`]: BigInt(100 + i) },
    }));
    const p = await seedWorkPortfolio(f.db, 'p', debtors);
    await insertActions(
      f.db,
      p,
      debtors.map((d, i) => ({ accountId: `A${i}`, debtorId: d.debtorId, dueOn: today })),
    );
    await insertCollector(f.db, { id: 'C1', capacity: 2 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => claim('C1')));
    const got = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
    expect(got).toHaveLength(2);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
    expect(await listHeldCases({ db: f.db, collectorId: 'C1' })).toHaveLength(2);
  });

  it('never shares a case between collectors with other skills under concurrency', async () => {
    // each case: a call anyone may make, and a cash-flow check only some may do
    const debtors = Array.from({ length: 10 }, (_, i) => ({
      debtorId: `D${i}`,
      accounts: { [`A${i}`]: BigInt(1000 + i) },
    }));
    const p = await seedWorkPortfolio(f.db, 'p', debtors);
    await insertActions(
      f.db,
      p,
      debtors.flatMap((d, i) => [
        { accountId: `A${i}`, debtorId: d.debtorId, dueOn: '2026-11-24' },
        { accountId: `A${i}`, debtorId: d.debtorId, dueOn: today, kind: 'cash_flow_check' },
      ]),
    );
    const collectors = Array.from({ length: 30 }, (_, i) => `C${i}`);
    for (const [i, id] of collectors.entries())
      await insertCollector(f.db, {
        id,
        capacity: 1,
        skills: i % 2 === 0 ? ['cash_flow_analysis'] : [],
      });
    const cases = await Promise.all(collectors.map((id) => claim(id)));
    const got = cases.filter((c) => c !== null);
    expect(new Set(got.map((c) => c.debtorId)).size).toBe(got.length);
    expect(got).toHaveLength(10);
    const rows = await f.db.query<{ debtor_id: string; holders: number }>(
      `SELECT debtor_id, count(DISTINCT claimed_by)::int AS holders
       FROM actions WHERE status = 'claimed' GROUP BY debtor_id`,
    );
    expect(rows).toHaveLength(10);
    for (const r of rows) expect(r.holders).toBe(1);
  });

  it('hands out the oldest due first, then the highest balance, and only work due by today', async () => {
    const p = await seedWorkPortfolio(f.db, 'p', [
      { debtorId: 'small-old', accounts: { S: 100n } },
      { debtorId: 'big-new', accounts: { B: 9_000_000n } },
      { debtorId: 'mid-new', accounts: { M: 500_000n } },
      { debtorId: 'future', accounts: { F: 99_000_000n } },
    ]);
    await insertActions(f.db, p, [
      { accountId: 'M', debtorId: 'mid-new', dueOn: today },
      { accountId: 'B', debtorId: 'big-new', dueOn: today },
      { accountId: 'S', debtorId: 'small-old', dueOn: '2026-11-20' },
      { accountId: 'F', debtorId: 'future', dueOn: '2026-11-26' },
    ]);
    await insertCollector(f.db, { id: 'C1' });
    await f.db.execute(
      `INSERT INTO debtor_segments (portfolio_id, debtor_id, segment, rule, facts, as_of)
       VALUES ($1, 'small-old', 'red', 'red.test', '{"dpd": 95}', '2026-11-24')`,
      [p],
    );
    const cases = [];
    for (let i = 0; i < 4; i++) cases.push(await claim('C1'));
    expect(cases.map((c) => c?.debtorId ?? null)).toEqual([
      'small-old',
      'big-new',
      'mid-new',
      null,
    ]);
    // the case comes loaded: its segment, accounts and actions
    expect(cases[0]).toMatchObject({
      segment: { segment: 'red', rule: 'red.test', facts: { dpd: 95 }, as_of: '2026-11-24' },
      accounts: [{ account_id: 'S', balance_minor: 100n, dpd: 55, bucket: 'M2' }],
      actions: [{ account_id: 'S', due_on: '2026-11-20', status: 'claimed', claimed_by: 'C1' }],
      language: 'zh-CN',
      portfolio: 'p',
    });
    expect(cases[1]?.segment).toBeNull();
  });

  it('lets the next collector take a case whose claim lapsed', async () => {
    const p = await seedWorkPortfolio(f.db, 'p', [{ debtorId: 'D', accounts: { A: 1n } }]);
    await insertActions(f.db, p, [{ accountId: 'A', debtorId: 'D', dueOn: today }]);
    await insertCollector(f.db, { id: 'C1' });
    await insertCollector(f.db, { id: 'C2' });
    const first = await claim('C1', 'phone', 30);
    expect(first?.claimExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(await claim('C2')).toBeNull();
    await f.db.execute("UPDATE actions SET claim_expires_at = now() - interval '1 second'");
    const second = await claim('C2');
    expect(second?.caseId).toBe(first?.caseId);
    expect(await listHeldCases({ db: f.db, collectorId: 'C1' })).toEqual([]);
    expect((await listHeldCases({ db: f.db, collectorId: 'C2' })).map((h) => h.debtor_id)).toEqual([
      'D',
    ]);
    // a claim of 0 minutes lapses at once
    await insertCollector(f.db, { id: 'C3' });
    await f.db.execute("UPDATE actions SET claim_expires_at = now() - interval '1 second'");
    expect((await claim('C3', 'phone', 0))?.debtorId).toBe('D');
    expect((await claim('C1'))?.debtorId).toBe('D');
  });

  it('respects unit, language, skills and capacity', async () => {
    const p = await seedWorkPortfolio(f.db, 'p', [
      { debtorId: 'zh1', language: 'zh-CN', accounts: { Z1: 10n } },
      { debtorId: 'zh2', language: 'zh-CN', accounts: { Z2: 9n } },
      { debtorId: 'en1', language: 'en', accounts: { E1: 8n } },
      { debtorId: 'lg', language: 'en', accounts: { L1: 7n } },
      { debtorId: 'fv', language: 'zh-CN', accounts: { F1: 6n } },
    ]);
    await insertActions(f.db, p, [
      { accountId: 'Z1', debtorId: 'zh1', dueOn: today },
      { accountId: 'Z2', debtorId: 'zh2', dueOn: today },
      { accountId: 'E1', debtorId: 'en1', dueOn: today },
      { accountId: 'L1', debtorId: 'lg', dueOn: today, unit: 'legal', channel: 'legal_review' },
      { accountId: 'F1', debtorId: 'fv', dueOn: today, unit: 'field', channel: 'field_visit' },
    ]);
    await insertCollector(f.db, { id: 'EN', languages: ['en'], capacity: 5 });
    await insertCollector(f.db, { id: 'ZH', languages: ['zh-CN'], capacity: 1 });
    await insertCollector(f.db, { id: 'LG-NOSKILL', unit: 'legal', skills: [] });
    await insertCollector(f.db, { id: 'LG', unit: 'legal', skills: ['legal'] });
    await insertCollector(f.db, { id: 'FD', unit: 'field', skills: ['field'] });
    expect((await claim('EN'))?.debtorId).toBe('en1');
    expect(await claim('EN')).toBeNull();
    expect((await claim('ZH'))?.debtorId).toBe('zh1');
    await expect(claim('ZH')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/at capacity \(1 of 1 cases held\)/),
      details: { reason: 'at_capacity', held: 1, capacity: 1 },
    });
    await expect(claim('EN', 'legal')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/works in the phone unit, not legal/),
      details: { reason: 'wrong_unit', unit: 'phone' },
    });
    expect(await claim('LG-NOSKILL', 'legal')).toBeNull();
    expect((await claim('LG', 'legal'))?.actions.map((a) => a.channel)).toEqual(['legal_review']);
    expect((await claim('FD', 'field'))?.debtorId).toBe('fv');
    await expect(claim('NOBODY')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps placed accounts for their agency, and a recall takes them away at once', async () => {
    const p = await seedWorkPortfolio(f.db, 'p', [
      { debtorId: 'placed', accounts: { P1: 10n } },
      { debtorId: 'home', accounts: { H1: 1n } },
    ]);
    await insertActions(f.db, p, [
      { accountId: 'P1', debtorId: 'placed', dueOn: today },
      { accountId: 'H1', debtorId: 'home', dueOn: today },
    ]);
    await f.db.execute(
      "INSERT INTO agencies (agency_id, name) VALUES ('AG', 'Agency'), ('AG2', 'Other')",
    );
    await insertCollector(f.db, { id: 'IN' });
    await insertCollector(f.db, { id: 'AGC', agencyId: 'AG' });
    await insertCollector(f.db, { id: 'AG2C', agencyId: 'AG2' });
    await placeAccounts({
      db: f.db,
      portfolio: 'p',
      agencyId: 'AG',
      accountIds: ['P1'],
      placedOn: today,
    });
    expect(await claim('AG2C')).toBeNull();
    const agencyCase = await claim('AGC');
    expect(agencyCase?.debtorId).toBe('placed');
    expect(agencyCase?.accounts.map((a) => a.agency_id)).toEqual(['AG']);
    expect(await claim('AGC')).toBeNull();
    expect((await claim('IN'))?.debtorId).toBe('home');
    expect(await claim('IN')).toBeNull();
    await releaseCase({ db: f.db, collectorId: 'AGC', caseId: agencyCase!.caseId });
    await recallAccounts({ db: f.db, portfolio: 'p', accountIds: ['P1'], recalledOn: today });
    expect(await claim('AGC')).toBeNull();
    expect((await claim('IN'))?.debtorId).toBe('placed');
  });

  it('releases a held case, reports queue load, completes tasks only for the holder', async () => {
    const p = await seedWorkPortfolio(f.db, 'p', [
      { debtorId: 'D1', accounts: { A1: 10n } },
      { debtorId: 'D2', accounts: { A2: 5n } },
    ]);
    const [call1, visit] = await insertActions(f.db, p, [
      { accountId: 'A1', debtorId: 'D1', dueOn: '2026-11-20' },
      { accountId: 'A2', debtorId: 'D2', dueOn: today, unit: 'field', channel: 'field_visit' },
    ]);
    await insertCollector(f.db, { id: 'C1' });
    await insertCollector(f.db, { id: 'C2' });
    await insertCollector(f.db, { id: 'F1', unit: 'field', skills: ['field'] });
    await insertCollector(f.db, { id: 'F2', unit: 'field', skills: ['field'] });
    const c = await claim('C1');
    const load = await getQueueLoad({ db: f.db, today });
    expect(
      load.map((l) => [
        l.unit,
        l.agency_id,
        l.open_cases,
        l.claimed_cases,
        l.overdue_cases,
        l.oldest_due_on,
      ]),
    ).toEqual([
      ['field', null, 1, 0, 0, today],
      ['phone', null, 0, 1, 0, null],
    ]);
    await expect(
      releaseCase({ db: f.db, collectorId: 'C2', caseId: c!.caseId }),
    ).rejects.toMatchObject({
      code: 'conflict',
      details: { held_by: ['C1'], reason: 'held_by_other' },
    });
    expect(await releaseCase({ db: f.db, collectorId: 'C1', caseId: c!.caseId })).toEqual({
      released: 1,
    });
    await expect(
      releaseCase({ db: f.db, collectorId: 'C1', caseId: c!.caseId }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await getQueueLoad({ db: f.db, today })).find((l) => l.unit === 'phone')).toMatchObject(
      { open_cases: 1, overdue_cases: 1, oldest_due_on: '2026-11-20' },
    );
    // tasks
    await expect(
      completeTask({ db: f.db, collectorId: 'F1', actionId: visit!, note: 'visited' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/claim the case/),
      details: { reason: 'not_claimed' },
    });
    expect((await claim('F1', 'field'))?.debtorId).toBe('D2');
    await expect(
      completeTask({ db: f.db, collectorId: 'F2', actionId: visit!, note: 'x' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      details: { held_by: 'F1', reason: 'held_by_other' },
    });
    await expect(
      completeTask({ db: f.db, collectorId: 'C1', actionId: call1!, note: 'x' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/record the attempt's outcome/),
      details: { reason: 'record_outcome_instead' },
    });
    const done = await completeTask({
      db: f.db,
      collectorId: 'F1',
      actionId: visit!,
      note: 'met the debtor at home',
    });
    expect(done.actionId).toBe(visit);
    const [row] = await f.db.query<{ status: string; note: string }>(
      'SELECT a.status, r.note FROM actions a JOIN task_reports r USING (portfolio_id, action_id) WHERE a.action_id = $1',
      [visit],
    );
    expect(row).toEqual({ status: 'done', note: 'met the debtor at home' });
    expect(await listHeldCases({ db: f.db, collectorId: 'F1' })).toEqual([]);
    await expect(
      completeTask({ db: f.db, collectorId: 'F1', actionId: 999999n, note: 'x' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
