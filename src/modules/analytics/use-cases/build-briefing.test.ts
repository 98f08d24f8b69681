import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { insertAccounts, seedPortfolio } from '../../../../test/support/accounts.js';
import { runDailyCycle } from '../../cycle/index.js';
import { makePromise, resolvePromises } from '../../arrangements/index.js';
import { briefingCsv } from '../briefing-csv.js';
import { briefingPdf } from '../briefing-pdf.js';
import { briefingJson, type Briefing } from '../domain/briefing.js';
import { buildBriefing } from './build-briefing.js';

const day = '2026-11-25';
const yesterday = '2026-11-24';

async function action(
  db: FreshDatabase['db'],
  portfolio: bigint,
  key: string,
  fields: { kind: string; channel: string; unit: string; plannedOn: string; rule: string },
  done?: string,
) {
  await db.execute(
    `INSERT INTO actions (portfolio_id, action_key, account_id, debtor_id, kind, channel, unit,
       strategy_id, strategy_version, arm, due_on, planned_on, reason, status, done_at)
     VALUES ($1, $2, 'NEW1', 'D', $3, $4, $5, 'default', 1, 'champion', $6, $6,
       jsonb_build_object('rule', $7::text, 'facts', '{}'::jsonb), $8, $9)`,
    [
      portfolio,
      key,
      fields.kind,
      fields.channel,
      fields.unit,
      fields.plannedOn,
      fields.rule,
      done ? 'done' : 'open',
      done ?? null,
    ],
  );
}

describe.each(engines)('the war-room briefing on %s', (engine) => {
  let f: FreshDatabase;
  let briefing: Briefing;

  beforeAll(async () => {
    f = await freshDatabase(engine);
    const db = f.db;
    const p = await seedPortfolio(db);
    await insertAccounts(db, p, [
      // current yesterday, 1 DPD today: a new delinquency
      {
        accountId: 'NEW1',
        overdueMinor: 12_345n,
        oldestUnpaidDueDate: yesterday,
        nextDueDate: null,
      },
      { accountId: 'NEW2', overdueMinor: 500n, oldestUnpaidDueDate: yesterday, nextDueDate: null },
      // long overdue: red
      {
        accountId: 'OLD1',
        overdueMinor: 90_000n,
        oldestUnpaidDueDate: '2026-05-01',
        nextDueDate: null,
      },
      { accountId: 'OK1', overdueMinor: 0n, oldestUnpaidDueDate: null, nextDueDate: '2026-12-20' },
    ]);
    await runDailyCycle({ db, asOf: yesterday });
    await runDailyCycle({ db, asOf: day });
    await action(db, p, 'k1', {
      kind: 'escalation',
      channel: 'legal_review',
      unit: 'legal',
      plannedOn: day,
      rule: 'escalation.dpd_over_90_legal_review',
    });
    await action(db, p, 'k2', {
      kind: 'treatment',
      channel: 'call',
      unit: 'phone',
      plannedOn: day,
      rule: 'm1.call',
    });
    // done yesterday at 10:00 Shanghai time (02:00 UTC)
    await action(
      db,
      p,
      'k3',
      { kind: 'treatment', channel: 'call', unit: 'phone', plannedOn: '2026-11-20', rule: 'm1' },
      '2026-11-24T02:00:00Z',
    );
    for (const [outcome, localDate] of [
      ['no_answer', yesterday],
      ['no_answer', yesterday],
      ['promise_to_pay', yesterday],
      [null, yesterday],
      ['refuses', '2026-11-23'],
    ] as const)
      await db.execute(
        `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, attempted_at,
           local_date, outcome)
         VALUES ($1, 'OLD1', 'D', 'call', $2::date + time '10:00', $2, $3)`,
        [p, localDate, outcome],
      );
    await db.transaction(async (tx) => {
      const base = { tx, portfolioId: p, accountId: 'OLD1', currency: 'CNY' };
      await makePromise({ ...base, amountMinor: 30_000n, madeOn: '2026-11-20', promisedOn: day });
      await makePromise({
        ...base,
        amountMinor: 7_000n,
        madeOn: '2026-11-20',
        promisedOn: yesterday,
      });
      await resolvePromises({ tx, asOf: day });
    });
    briefing = await buildBriefing({ db, timeZone: 'Asia/Shanghai' });
  });
  afterAll(async () => {
    await f.drop();
  });

  it('defaults to the latest cycle and counts new delinquencies from current into M1', () => {
    expect(briefing.as_of).toBe(day);
    expect(briefing.new_delinquencies).toEqual({
      accounts: 2,
      overdue: [{ currency: 'CNY', minor: 12_845n }],
      largest: [
        expect.objectContaining({
          account_id: 'NEW1',
          bucket: 'M1',
          dpd: 1,
          amount_minor: 12_345n,
        }),
        expect.objectContaining({ account_id: 'NEW2', amount_minor: 500n }),
      ],
    });
  });

  it("reports yesterday's actions done and attempts by outcome", () => {
    expect(briefing.yesterday).toEqual({
      date: yesterday,
      actions_done: [{ key: 'phone:call', count: 1 }],
      attempts: 4,
      outcomes: [
        { key: 'no_answer', count: 2 },
        { key: 'pending', count: 1 },
        { key: 'promise_to_pay', count: 1 },
      ],
    });
  });

  it('lists promises due today and promises broken today', () => {
    expect(briefing.promises_due_today).toMatchObject({
      count: 1,
      amount: [{ currency: 'CNY', minor: 30_000n }],
      paid: [{ currency: 'CNY', minor: 0n }],
    });
    expect(briefing.broken_promises).toMatchObject({
      count: 1,
      amount: [{ currency: 'CNY', minor: 7_000n }],
      items: [expect.objectContaining({ account_id: 'OLD1', promised_on: yesterday })],
    });
  });

  it('counts escalations by rule, planned actions by unit and segments with shares', () => {
    expect(briefing.escalations).toEqual({
      count: 1,
      by_rule: [{ key: 'escalation.dpd_over_90_legal_review', count: 1 }],
    });
    // the two inserted above, and the cycle's own plan for the new delinquencies NEW1 and NEW2
    // (an SMS each; OLD1's actions were planned yesterday)
    expect(briefing.actions_planned).toEqual({
      count: 4,
      by_unit: [
        { key: 'legal', count: 1 },
        { key: 'phone', count: 3 },
      ],
    });
    expect(briefing.segments.debtors).toBe(1);
    // one debtor, 208 DPD on its oldest account: red; equal balances list by account id
    expect(briefing.segments.by_segment.find((s) => s.segment === 'red')?.debtors).toBe(1);
    expect(briefing.top_red_accounts.map((a) => a.account_id)).toEqual(['NEW1', 'NEW2', 'OLD1']);
  });

  it('exports JSON with money as strings, CSV rows and a readable PDF', async () => {
    const json = briefingJson(briefing);
    expect(json.new_delinquencies.overdue).toEqual([{ currency: 'CNY', minor: '12845' }]);
    const rows = parse(briefingCsv(briefing)) as string[][];
    expect(rows[0]).toEqual([
      'section',
      'item',
      'count',
      'currency',
      'amount',
      'share_pct',
      'detail',
    ]);
    expect(rows).toContainEqual(['new_delinquencies', 'accounts', '2', 'CNY', '128.45', '', '']);
    expect(rows).toContainEqual(['broken_promises', 'promised', '1', 'CNY', '70.00', '', '']);
    const pdf = await briefingPdf(briefing);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(os.tmpdir(), `briefing-${process.pid}-${engine}.pdf`);
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    fs.rmSync(file);
    expect(text).toContain('War-room briefing');
    expect(text).toContain('晨会简报');
    expect(text).toContain('128.45 CNY');
  });

  it('refuses a bad date and an unknown portfolio, and says when no cycle ran', async () => {
    await expect(buildBriefing({ db: f.db, timeZone: 'UTC', asOf: '2026-02-30' })).rejects.toThrow(
      /as_of/,
    );
    await expect(
      buildBriefing({ db: f.db, timeZone: 'UTC', portfolio: 'nope' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const empty = await freshDatabase(engine);
    try {
      await expect(buildBriefing({ db: empty.db, timeZone: 'UTC' })).rejects.toThrow(
        /no daily cycle has run yet/,
      );
    } finally {
      await empty.drop();
    }
  });
});
