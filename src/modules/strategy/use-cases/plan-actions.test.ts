/**
 * Action planning in the daily cycle, end to end: real cycles over a real database, with contact
 * attempts and promises inserted as rows. Each trigger, the pre-due intervention, positions that
 * move when their action is done, cures, reruns and the champion/challenger split.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { creditPromises, makePromise } from '../../arrangements/index.js';
import { runDailyCycle } from '../../cycle/index.js';
import { armOf, parseSplit } from '../domain/index.js';
import { createStrategy } from './create-strategy.js';
import { activateStrategyVersion } from './activate-strategy-version.js';
import { setStrategySplit } from './set-strategy-split.js';
import { getStrategyResults } from './get-strategy-results.js';
import { defaultStrategyInput } from '../domain/default-strategy.js';

const asOf = '2026-11-25';
/** who changes the strategies here (the evidence log's administration trail) */
const audit = { actor: 'user:strategist', at: new Date('2026-11-25T01:00:00Z') };

type Seed = {
  account: string;
  debtor?: string;
  dpd: number;
  product?: string;
  currency?: string;
  principalMinor?: bigint;
  nextDue?: string | null;
};

type ActionRow = {
  account_id: string;
  action_key: string;
  kind: string;
  channel: string;
  unit: string;
  due_on: string;
  planned_on: string;
  status: string;
  cancel_reason: string | null;
  arm: string;
  strategy_id: string;
  strategy_version: number;
  reason: { rule: string; facts: Record<string, unknown> };
};

async function addAccounts(db: Queryable, portfolioId: bigint, seeds: Seed[]): Promise<void> {
  for (const s of seeds) {
    const debtor = s.debtor ?? `D-${s.account}`;
    await db.execute(
      `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone, identity_digest)
       VALUES ($1, $2, 'Test Debtor', 'CN', 'zh-CN', 'Asia/Shanghai', '\\x00') ON CONFLICT DO NOTHING`,
      [portfolioId, debtor],
    );
    await db.execute(
      `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
         principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, next_due_date,
         timezone, row_digest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Asia/Shanghai', '\\x00')`,
      [
        portfolioId,
        s.account,
        debtor,
        s.product ?? 'consumer_loan',
        s.currency ?? 'CNY',
        s.principalMinor ?? 100_000n,
        s.dpd > 0 ? 1000n : 0n,
        s.dpd > 0 ? addDays(asOf, -s.dpd) : null,
        s.nextDue === undefined ? addDays(asOf, 40) : s.nextDue,
      ],
    );
  }
}

describe.each(engines)('action planning in the daily cycle on %s', (engine) => {
  let f: FreshDatabase;
  let portfolioId: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec(
      `DELETE FROM cycle_runs; DELETE FROM bucket_events; DELETE FROM month_end_snapshots;
       DELETE FROM debtor_segments; DELETE FROM segment_events; DELETE FROM actions;
       DELETE FROM treatment_positions; DELETE FROM treatment_exits; DELETE FROM strategy_splits;
       DELETE FROM contact_attempts; DELETE FROM promises; DELETE FROM debtor_flags;
       DELETE FROM accounts; DELETE FROM debtors; DELETE FROM portfolios;
       DELETE FROM strategy_versions WHERE status = 'draft';`,
    );
    const [p] = await f.db.query<{ portfolio_id: bigint }>(
      "INSERT INTO portfolios (name) VALUES ('t') RETURNING portfolio_id",
    );
    portfolioId = p!.portfolio_id;
  });

  const actions = (account?: string) =>
    f.db.query<ActionRow>(
      `SELECT account_id, action_key, kind, channel, unit, due_on, planned_on, status,
         cancel_reason, arm, strategy_id, strategy_version, reason
       FROM actions ${account ? 'WHERE account_id = $1' : ''} ORDER BY account_id, action_key`,
      account ? [account] : [],
    );
  const position = async (account: string) =>
    (
      await f.db.query<{ rule_id: string; step: number; entered_on: string; due_on: string }>(
        'SELECT rule_id, step, entered_on, due_on FROM treatment_positions WHERE account_id = $1',
        [account],
      )
    )[0];
  const segmentOf = async (debtor: string) =>
    (
      await f.db.query<{ segment: string; rule: string }>(
        'SELECT segment, rule FROM debtor_segments WHERE debtor_id = $1',
        [debtor],
      )
    )[0];

  it('plans the first treatment step under the default strategy, and nothing new on a rerun', async () => {
    await addAccounts(f.db, portfolioId, [
      { account: 'E1', dpd: 10 },
      { account: 'M2', dpd: 45 },
      { account: 'L4', dpd: 100 },
      { account: 'C0', dpd: 0 },
    ]);
    const first = await runDailyCycle({ db: f.db, asOf });
    const rows = await actions();
    expect(rows.map((a) => [a.account_id, a.kind, a.channel, a.unit, a.due_on])).toEqual([
      ['E1', 'treatment', 'sms', 'phone', asOf],
      ['L4', 'escalation', 'legal_review', 'legal', asOf],
      ['L4', 'treatment', 'field_visit', 'field', asOf],
      ['M2', 'treatment', 'call', 'phone', asOf],
    ]);
    expect(
      rows.every(
        (a) => a.strategy_id === 'default' && a.strategy_version === 2 && a.arm === 'champion',
      ),
    ).toBe(true);
    // version 2 names the family of its SMS; tasks name none
    const templates = await f.db.query<{ account_id: string; template_id: string | null }>(
      'SELECT account_id, template_id FROM actions ORDER BY account_id, action_key',
    );
    expect(templates.map((t) => t.template_id)).toEqual(['overdue-reminder-sms', null, null, null]);
    expect(rows.find((a) => a.account_id === 'E1')?.reason).toEqual({
      rule: 'early.m1',
      facts: { bucket: 'M1', dpd: 10 },
    });
    expect(first).toMatchObject({
      actions_planned: 4,
      actions_by_unit: { phone: 2, field: 1, legal: 1, analysts: 0 },
      escalations: 1,
    });
    expect(await position('E1')).toEqual({
      rule_id: 'early.m1',
      step: 0,
      entered_on: asOf,
      due_on: asOf,
    });

    const before = await f.db.query('SELECT * FROM actions ORDER BY action_id');
    const positions = await f.db.query('SELECT * FROM treatment_positions ORDER BY account_id');
    const again = await runDailyCycle({ db: f.db, asOf });
    expect(again).toEqual({ ...first, accounts_changed: 0, bucket_changes: 0 });
    expect(await f.db.query('SELECT * FROM actions ORDER BY action_id')).toEqual(before);
    expect(await f.db.query('SELECT * FROM treatment_positions ORDER BY account_id')).toEqual(
      positions,
    );
  });

  it('ranks planned work by its account’s balance, and re-ranks it after a payment', async () => {
    await addAccounts(f.db, portfolioId, [{ account: 'E1', dpd: 10, principalMinor: 100_000n }]);
    await runDailyCycle({ db: f.db, asOf });
    const balances = () =>
      f.db.query<{ q: bigint }>(
        "SELECT queue_balance_minor AS q FROM actions WHERE account_id = 'E1' ORDER BY action_id",
      );
    expect(await balances()).toEqual([{ q: 100_000n }]);
    await f.db.execute(
      "UPDATE accounts SET principal_outstanding_minor = 40000 WHERE account_id = 'E1'",
    );
    await runDailyCycle({ db: f.db, asOf: addDays(asOf, 1) });
    expect(await balances()).toEqual([{ q: 40_000n }]);
  });

  it('moves to the next step when the step’s action is done, waits counted from then', async () => {
    await addAccounts(f.db, portfolioId, [{ account: 'E1', dpd: 10 }]);
    await runDailyCycle({ db: f.db, asOf });
    // the next day, nothing done yet: same step, nothing new
    const next = addDays(asOf, 1);
    await runDailyCycle({ db: f.db, asOf: next });
    expect((await actions('E1')).length).toBe(1);
    await f.db.execute(
      "UPDATE actions SET status = 'done', done_at = '2026-11-26T03:00:00Z' WHERE account_id = 'E1'",
    );
    const later = addDays(asOf, 2);
    await runDailyCycle({ db: f.db, asOf: later });
    expect(await position('E1')).toEqual({
      rule_id: 'early.m1',
      step: 1,
      entered_on: next,
      due_on: addDays(next, 2),
    });
    const rows = await actions('E1');
    expect(rows.map((a) => [a.channel, a.status, a.due_on, a.planned_on])).toEqual([
      ['sms', 'done', asOf, asOf],
      ['call', 'open', addDays(next, 2), later],
    ]);
  });

  it('3 consecutive unanswered calls -> a field visit task; an answered call resets the streak', async () => {
    await addAccounts(f.db, portfolioId, [
      { account: 'U1', dpd: 20 },
      { account: 'U2', dpd: 20 },
    ]);
    const call = (debtor: string, day: string, answered: boolean) =>
      f.db.execute(
        `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, attempted_at,
           local_date, answered, outcome)
         VALUES ($1, $2, $3, 'call', $4::date + time '10:00', $4::date, $5, $6)`,
        [
          portfolioId,
          debtor.replace('D-', ''),
          debtor,
          day,
          answered,
          answered ? null : 'no_answer',
        ],
      );
    for (const d of [-5, -4, -3]) await call('D-U1', addDays(asOf, d), false);
    for (const d of [-5, -4]) await call('D-U2', addDays(asOf, d), false);
    await call('D-U2', addDays(asOf, -3), true);
    await call('D-U2', addDays(asOf, -2), false);
    await runDailyCycle({ db: f.db, asOf });
    const u1 = await actions('U1');
    const visit = u1.find((a) => a.kind === 'escalation');
    expect(visit).toMatchObject({ channel: 'field_visit', unit: 'field', due_on: asOf });
    expect(visit?.reason).toEqual({
      rule: 'escalation.unanswered_calls_field_visit',
      facts: { consecutiveUnansweredCalls: 3, count: 3, unansweredSince: addDays(asOf, -5) },
    });
    expect((await actions('U2')).some((a) => a.kind === 'escalation')).toBe(false);
  });

  it('a broken promise moves the treatment to its next step', async () => {
    await addAccounts(f.db, portfolioId, [{ account: 'P1', dpd: 45 }]);
    await runDailyCycle({ db: f.db, asOf });
    expect((await position('P1'))?.step).toBe(0);
    const day = addDays(asOf, 1);
    await f.db.execute(
      `INSERT INTO promises (portfolio_id, account_id, debtor_id, currency, amount_minor, made_on,
         promised_on, status, resolved_on)
       VALUES ($1, 'P1', 'D-P1', 'CNY', 50000, $2, $3, 'broken', $4)`,
      [portfolioId, addDays(asOf, -10), asOf, day],
    );
    await runDailyCycle({ db: f.db, asOf: day });
    expect(await position('P1')).toMatchObject({ rule_id: 'mid.m2_m3', step: 1, entered_on: day });
    const rows = await actions('P1');
    expect(rows.map((a) => [a.channel, a.status, a.cancel_reason])).toEqual([
      ['call', 'cancelled', 'superseded'],
      ['letter', 'open', null],
    ]);
    // the same broken promise does not move it again
    await runDailyCycle({ db: f.db, asOf: addDays(day, 1) });
    expect((await position('P1'))?.step).toBe(1);
  });

  it('the cycle resolves promises first: an unpaid promise breaks and moves the treatment', async () => {
    await addAccounts(f.db, portfolioId, [
      { account: 'Q1', dpd: 45 },
      { account: 'Q2', dpd: 45 },
    ]);
    await runDailyCycle({ db: f.db, asOf });
    await f.db.transaction(async (tx) => {
      for (const accountId of ['Q1', 'Q2'])
        await makePromise({
          tx,
          portfolioId,
          accountId,
          amountMinor: 500n,
          currency: 'CNY',
          madeOn: asOf,
          promisedOn: addDays(asOf, 2),
        });
      await creditPromises({
        tx,
        portfolioId,
        accountId: 'Q2',
        currency: 'CNY',
        amountMinor: 500n,
        paidOn: addDays(asOf, 1),
        paymentRef: 'pay-1',
      });
    });
    const day = addDays(asOf, 3);
    const summary = await runDailyCycle({ db: f.db, asOf: day });
    expect(summary).toMatchObject({ promises_kept: 1, promises_broken: 1 });
    expect(await position('Q1')).toMatchObject({ step: 1, entered_on: day });
    expect(await position('Q2')).toMatchObject({ step: 0, entered_on: asOf });
    // a rerun resolves nothing more and reports the same
    expect(await runDailyCycle({ db: f.db, asOf: day })).toMatchObject({
      promises_kept: 1,
      promises_broken: 1,
    });
    const results = await getStrategyResults({ db: f.db, from: asOf, to: day });
    expect(results.results).toEqual([
      expect.objectContaining({
        accounts: 2,
        promises_made: 2,
        promises_kept: 1,
        promises_broken: 1,
      }),
    ]);
  });

  it('DPD crossing 90 -> red and a legal review, once', async () => {
    await addAccounts(f.db, portfolioId, [{ account: 'X1', dpd: 89 }]);
    await runDailyCycle({ db: f.db, asOf });
    expect((await segmentOf('D-X1'))?.segment).toBe('yellow');
    expect((await actions('X1')).some((a) => a.kind === 'escalation')).toBe(false);
    await runDailyCycle({ db: f.db, asOf: addDays(asOf, 1) }); // DPD 90: not over 90
    expect((await actions('X1')).some((a) => a.kind === 'escalation')).toBe(false);
    await runDailyCycle({ db: f.db, asOf: addDays(asOf, 2) }); // DPD 91
    expect((await segmentOf('D-X1'))?.segment).toBe('red');
    await runDailyCycle({ db: f.db, asOf: addDays(asOf, 3) }); // DPD 92: no second review
    const reviews = (await actions('X1')).filter((a) => a.kind === 'escalation');
    expect(reviews.map((a) => [a.channel, a.unit, a.planned_on])).toEqual([
      ['legal_review', 'legal', addDays(asOf, 2)],
    ]);
    expect(reviews[0]?.reason.facts).toEqual({ dpd: 91, over: 90, crossedOn: addDays(asOf, 2) });
  });

  it('an escalation that sets the segment is what the segment says', async () => {
    const strict = defaultStrategyInput();
    strict.id = 'strict';
    strict.escalations = [
      {
        id: 'dpd_over_60_red',
        kind: 'dpd_crossing',
        dpd: 60,
        segment: 'red',
        action: { channel: 'legal_review', unit: 'legal', waitDays: 0 },
      },
    ];
    delete strict.version;
    delete strict.status;
    await createStrategy({ db: f.db, input: strict, audit });
    await activateStrategyVersion({ db: f.db, strategyId: 'strict', version: 1, audit });
    await setStrategySplit({
      db: f.db,
      portfolio: 't',
      effectiveFrom: asOf,
      split: { experiment: 'e', champion: { id: 'strict', version: 1 }, challengers: [] },
      audit,
    });
    await addAccounts(f.db, portfolioId, [{ account: 'S1', dpd: 70 }]);
    await runDailyCycle({ db: f.db, asOf });
    expect(await segmentOf('D-S1')).toEqual({
      segment: 'red',
      rule: 'escalation.dpd_over_60_red',
    });
    const [event] = await f.db.query<{ to_segment: string; rule: string }>(
      "SELECT to_segment, rule FROM segment_events WHERE debtor_id = 'D-S1'",
    );
    expect(event).toEqual({ to_segment: 'red', rule: 'escalation.dpd_over_60_red' });
    // a rerun agrees with itself
    await runDailyCycle({ db: f.db, asOf });
    expect((await segmentOf('D-S1'))?.segment).toBe('red');
    await f.db.execute('DELETE FROM strategy_splits');
  });

  it('plans pre-due reminders 30/15/7 days before, the SME cash-flow check and face-to-face above the threshold', async () => {
    await addAccounts(f.db, portfolioId, [
      { account: 'R30', dpd: 0, nextDue: addDays(asOf, 30) },
      { account: 'R15', dpd: 0, nextDue: addDays(asOf, 15) },
      { account: 'R07', dpd: 0, nextDue: addDays(asOf, 7) },
      { account: 'R20', dpd: 0, nextDue: addDays(asOf, 20) },
      { account: 'SME', dpd: 0, nextDue: addDays(asOf, 15), product: 'sme_loan' },
      { account: 'BIG', dpd: 0, nextDue: addDays(asOf, 7), principalMinor: 350_000_001n },
      { account: 'EXA', dpd: 0, nextDue: addDays(asOf, 7), principalMinor: 350_000_000n },
      {
        account: 'USD',
        dpd: 0,
        nextDue: addDays(asOf, 7),
        currency: 'USD',
        principalMinor: 60_000_000n,
      },
    ]);
    const summary = await runDailyCycle({ db: f.db, asOf });
    const rows = await actions();
    expect(rows.map((a) => [a.account_id, a.kind, a.channel, a.unit, a.reason.rule])).toEqual([
      ['BIG', 'face_to_face_meeting', 'field_visit', 'field', 'pre_due.face_to_face_7'],
      ['BIG', 'pre_due_reminder', 'call', 'phone', 'pre_due.reminder_7'],
      ['EXA', 'pre_due_reminder', 'call', 'phone', 'pre_due.reminder_7'],
      ['R07', 'pre_due_reminder', 'call', 'phone', 'pre_due.reminder_7'],
      ['R15', 'pre_due_reminder', 'sms', 'phone', 'pre_due.reminder_15'],
      ['R30', 'pre_due_reminder', 'sms', 'phone', 'pre_due.reminder_30'],
      ['SME', 'cash_flow_check', 'field_visit', 'analysts', 'pre_due.cash_flow_check_15'],
      ['SME', 'pre_due_reminder', 'sms', 'phone', 'pre_due.reminder_15'],
      ['USD', 'face_to_face_meeting', 'field_visit', 'field', 'pre_due.face_to_face_7'],
      ['USD', 'pre_due_reminder', 'call', 'phone', 'pre_due.reminder_7'],
    ]);
    expect(summary.actions_by_unit).toEqual({ phone: 7, field: 2, legal: 0, analysts: 1 });
    // the default strategy (version 2) names the template family of each message it sends
    const named = await f.db.query<{ account_id: string; channel: string; template_id: string }>(
      `SELECT account_id, channel, template_id FROM actions
       WHERE template_id IS NOT NULL OR channel IN ('sms', 'letter') ORDER BY account_id`,
    );
    expect(named).toEqual(
      ['R15', 'R30', 'SME'].map((a) => ({
        account_id: a,
        channel: 'sms',
        template_id: 'pre-due-reminder-sms',
      })),
    );
    // within the grace days the next cycle plans nothing new
    await runDailyCycle({ db: f.db, asOf: addDays(asOf, 1) });
    expect((await actions()).length).toBe(rows.length);
  });

  it('cancels a cured account’s open actions and counts the cure for its arm', async () => {
    await addAccounts(f.db, portfolioId, [{ account: 'K1', dpd: 100 }]);
    await runDailyCycle({ db: f.db, asOf });
    await f.db.execute(
      "UPDATE actions SET status = 'claimed', claimed_by = 'c1', claim_expires_at = now() WHERE kind = 'escalation'",
    );
    await f.db.execute(
      "UPDATE accounts SET overdue_amount_minor = 0, oldest_unpaid_due_date = NULL WHERE account_id = 'K1'",
    );
    const day = addDays(asOf, 1);
    await runDailyCycle({ db: f.db, asOf: day });
    const rows = await actions('K1');
    expect(rows.map((a) => [a.kind, a.status, a.cancel_reason])).toEqual([
      ['escalation', 'claimed', null],
      ['treatment', 'cancelled', 'cured'],
    ]);
    expect(await position('K1')).toBeUndefined();
    const results = await getStrategyResults({ db: f.db, from: asOf, to: day });
    expect(results.results).toEqual([
      {
        strategy_id: 'default',
        strategy_version: 2,
        arm: 'champion',
        accounts: 1,
        actions_planned: 2,
        actions_done: 0,
        promises_made: 0,
        promises_kept: 0,
        promises_broken: 0,
        accounts_cured: 1,
      },
    ]);
  });

  it('splits accounts between champion and challenger by the account id, the same every day', async () => {
    const challenger = defaultStrategyInput();
    challenger.id = 'challenger';
    delete challenger.version;
    delete challenger.status;
    await createStrategy({ db: f.db, input: challenger, audit });
    await activateStrategyVersion({ db: f.db, strategyId: 'challenger', version: 1, audit });
    const split = {
      experiment: 'ab-2026',
      champion: { id: 'default', version: 2 },
      challengers: [{ strategy: { id: 'challenger', version: 1 }, shareBps: 3000 }],
    };
    await setStrategySplit({ db: f.db, portfolio: 't', effectiveFrom: asOf, split, audit });
    const n = 2000;
    await f.db.execute(
      `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone, identity_digest)
       VALUES ($1, 'D', 'Test Debtor', 'CN', 'zh-CN', 'Asia/Shanghai', '\\x00')`,
      [portfolioId],
    );
    await f.db.execute(
      `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
         principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, timezone,
         row_digest)
       SELECT $1, 'A' || i, 'D', 'credit_card', 'CNY', 1000, 10, $2::date - 20, 'Asia/Shanghai',
         '\\x00'
       FROM generate_series(1, $3::int) i`,
      [portfolioId, asOf, n],
    );
    await runDailyCycle({ db: f.db, asOf });
    const arms = async (day: string) =>
      new Map(
        (
          await f.db.query<{ account_id: string; arm: string; strategy_id: string }>(
            'SELECT account_id, arm, strategy_id FROM actions WHERE planned_on = $1',
            [day],
          )
        ).map((r) => [r.account_id, `${r.arm}:${r.strategy_id}`]),
      );
    const day1 = await arms(asOf);
    expect(day1.size).toBe(n);
    const parsed = parseSplit(split);
    for (const [account, arm] of day1) {
      const expected = armOf(parsed, account);
      expect(arm).toBe(`${expected.arm}:${expected.strategy.id}`);
    }
    const challengers = [...day1.values()].filter((a) => a.startsWith('challenger')).length;
    expect(Math.abs(challengers / n - 0.3)).toBeLessThan(0.04);
    // the next treatment step lands on another day, in the same arm for every account
    await f.db.execute("UPDATE actions SET status = 'done', done_at = '2026-11-25T05:00:00Z'");
    await runDailyCycle({ db: f.db, asOf: addDays(asOf, 1) });
    const day2 = await arms(addDays(asOf, 1));
    expect(day2.size).toBe(n);
    expect(day2).toEqual(day1);
    const results = await getStrategyResults({ db: f.db, from: asOf, to: asOf });
    expect(results.results.map((r) => [r.strategy_id, r.arm, r.accounts, r.actions_done])).toEqual([
      ['challenger', 'challenger', challengers, challengers],
      ['default', 'champion', n - challengers, n - challengers],
    ]);
  }, 240_000);
});
