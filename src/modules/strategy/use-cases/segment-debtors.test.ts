import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { seedPortfolio } from '../../../../test/support/accounts.js';
import { runDailyCycle } from '../../cycle/index.js';
import { defaultSegmentationRules } from '../domain/index.js';
import { debtorAgingPageSql, firstDebtorKey } from '../store.js';
import { createHistoryTablesSql } from '../plan-sql.js';
import { segmentDebtors } from './segment-debtors.js';

const asOf = '2026-11-25';

type Seed = { debtor: string; account: string; dpd: number; currency?: string };

async function addDebtor(db: Queryable, portfolioId: bigint, debtorId: string): Promise<void> {
  await db.execute(
    `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone, identity_digest)
     VALUES ($1, $2, 'Test Debtor', 'CN', 'zh-CN', 'Asia/Shanghai', '\\x00')
     ON CONFLICT DO NOTHING`,
    [portfolioId, debtorId],
  );
}

/** Accounts whose DPD as of `asOf` is `dpd` (0: nothing overdue). */
async function addAccounts(db: Queryable, portfolioId: bigint, seeds: Seed[]): Promise<void> {
  for (const s of seeds) {
    await addDebtor(db, portfolioId, s.debtor);
    await db.execute(
      `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
         principal_outstanding_minor, interest_outstanding_minor, overdue_amount_minor,
         oldest_unpaid_due_date, next_due_date, timezone, row_digest)
       VALUES ($1, $2, $3, 'consumer_loan', $4, 100000, 5, $5, $6, NULL, 'Asia/Shanghai', '\\x00')`,
      [
        portfolioId,
        s.account,
        s.debtor,
        s.currency ?? 'CNY',
        s.dpd > 0 ? 1000n : 0n,
        s.dpd > 0 ? addDays(asOf, -s.dpd) : null,
      ],
    );
  }
}

const tab = 'T\\ab\tc'; // a debtor id with a backslash and a tab: COPY must escape both

const seeds: Seed[] = [
  { debtor: 'G', account: 'G1', dpd: 10 },
  { debtor: 'Y', account: 'Y1', dpd: 45 },
  { debtor: 'R', account: 'R1', dpd: 100 },
  { debtor: 'R', account: 'R2', dpd: 5 },
  { debtor: 'R', account: 'R3', dpd: 0 },
  { debtor: 'C', account: 'C1', dpd: 0 },
  { debtor: 'M', account: 'M1', dpd: 40, currency: 'CNY' },
  { debtor: 'M', account: 'M2', dpd: 0, currency: 'USD' },
  { debtor: tab, account: 'T1', dpd: 20 },
];

describe.each(engines)('segmentation in the daily cycle on %s', (engine) => {
  let f: FreshDatabase;
  let p: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec(
      'DELETE FROM installment_plans; DELETE FROM segment_events; DELETE FROM debtor_segments; DELETE FROM cycle_runs; ' +
        'DELETE FROM month_end_snapshots; DELETE FROM bucket_events; DELETE FROM accounts; ' +
        'DELETE FROM debtors; DELETE FROM portfolios;',
    );
    p = await seedPortfolio(f.db);
  });

  const current = () =>
    f.db.query(
      'SELECT debtor_id, segment, rule, facts, as_of FROM debtor_segments ORDER BY debtor_id',
    );
  const events = () =>
    f.db.query(
      `SELECT debtor_id, as_of, from_segment, to_segment, rule, facts FROM segment_events
       ORDER BY as_of, debtor_id`,
    );
  const everything = async () => ({
    segments: await f.db.query('SELECT * FROM debtor_segments ORDER BY portfolio_id, debtor_id'),
    events: await f.db.query(
      'SELECT * FROM segment_events ORDER BY portfolio_id, debtor_id, as_of',
    ),
    accounts: await f.db.query('SELECT * FROM accounts ORDER BY account_id'),
    bucketEvents: await f.db.query('SELECT * FROM bucket_events ORDER BY account_id, as_of'),
    runs: await f.db.query('SELECT * FROM cycle_runs ORDER BY as_of'),
  });
  const setDpd = (account: string, dpd: number) =>
    f.db.execute(
      `UPDATE accounts SET overdue_amount_minor = $2, oldest_unpaid_due_date = $3
       WHERE account_id = $1`,
      [account, dpd > 0 ? 1000n : 0n, dpd > 0 ? addDays(asOf, -dpd) : null],
    );

  it('segments every delinquent debtor with the rule and the facts that fired it', async () => {
    await addAccounts(f.db, p, seeds);
    const summary = await runDailyCycle({ db: f.db, asOf });
    expect(await current()).toEqual([
      {
        debtor_id: 'G',
        segment: 'green',
        rule: 'green.first_early',
        facts: {
          bucket: 'M1',
          dpd: 10,
          previousDelinquencies: 0,
          brokenPromises: 0,
          dispute: false,
        },
        as_of: asOf,
      },
      {
        debtor_id: 'M',
        segment: 'yellow',
        rule: 'yellow.default',
        facts: { bucket: 'M2', dpd: 40 },
        as_of: asOf,
      },
      {
        debtor_id: 'R',
        segment: 'red',
        rule: 'red.m4_plus',
        facts: { bucket: 'M4', dpd: 100 },
        as_of: asOf,
      },
      expect.objectContaining({ debtor_id: tab, segment: 'green', rule: 'green.first_early' }),
      {
        debtor_id: 'Y',
        segment: 'yellow',
        rule: 'yellow.default',
        facts: { bucket: 'M2', dpd: 45 },
        as_of: asOf,
      },
    ]);
    expect(summary.by_segment).toEqual({ green: 2, yellow: 2, red: 1 });
    const [run] = await f.db.query<{ summary: Record<string, unknown> }>(
      'SELECT summary FROM cycle_runs',
    );
    expect(run?.summary.by_segment).toEqual({ green: 2, yellow: 2, red: 1 });
    // every debtor enters its first segment from none
    expect((await events()).map((e) => [e.debtor_id, e.from_segment, e.to_segment])).toEqual([
      ['G', null, 'green'],
      ['M', null, 'yellow'],
      ['R', null, 'red'],
      [tab, null, 'green'],
      ['Y', null, 'yellow'],
    ]);
  });

  it('reads each debtor as one aggregate, with balances per currency', async () => {
    await addAccounts(f.db, p, seeds);
    await runDailyCycle({ db: f.db, asOf });
    const rows = await f.db.transaction(async (tx) => {
      await tx.exec(createHistoryTablesSql);
      return tx.query(debtorAgingPageSql, [
        firstDebtorKey.portfolioId,
        firstDebtorKey.debtorId,
        100,
      ]);
    });
    expect(rows.find((r) => r.debtor_id === 'R')).toEqual({
      portfolio_id: p,
      debtor_id: 'R',
      delinquent_accounts: 2,
      worst_dpd: 100,
      bucket_rank: 5, // M4
      risk_rank: 3, // substandard
      currency: 'CNY',
      balance_minor: 300_015n,
      balances: null,
      unanswered: null,
      unanswered_since: null,
      last_reached_on: null,
      dispute: null,
      broken: null,
      kept: null,
      previous: null,
      arrangement_broken: null,
    });
    expect(rows.find((r) => r.debtor_id === 'M')).toMatchObject({
      currency: 'CNY',
      balances: 'CNY:100005,USD:100005',
    });
    expect(rows.map((r) => r.debtor_id)).not.toContain('C');
  });

  it('changes nothing when run twice for the same date', async () => {
    await addAccounts(f.db, p, seeds);
    await runDailyCycle({ db: f.db, asOf });
    await setDpd('Y1', 0);
    await setDpd('G1', 35);
    const first = await runDailyCycle({ db: f.db, asOf: addDays(asOf, 1) });
    const state = await everything();
    const again = await runDailyCycle({ db: f.db, asOf: addDays(asOf, 1) });
    expect(again).toEqual({ ...first, accounts_changed: 0, bucket_changes: 0 });
    expect(await everything()).toEqual(state);
  });

  it('writes the same whatever the page size', async () => {
    await addAccounts(f.db, p, seeds);
    await runDailyCycle({ db: f.db, asOf });
    const state = await everything();
    for (const pageSize of [1, 2, 3])
      await f.db.transaction(async (tx) => {
        await tx.exec('DELETE FROM debtor_segments; DELETE FROM segment_events');
        const r = await segmentDebtors({ tx, asOf, pageSize });
        expect(r).toEqual({
          debtors: 5,
          by_segment: { green: 2, yellow: 2, red: 1 },
          segment_changes: 5,
          planning: null,
        });
      });
    expect(await everything()).toEqual(state);
  });

  it('records a move between segments with the rule that moved the debtor', async () => {
    await addAccounts(f.db, p, [{ debtor: 'G', account: 'G1', dpd: 25 }]);
    await runDailyCycle({ db: f.db, asOf });
    const later = addDays(asOf, 10); // DPD 35: M2
    const s = await runDailyCycle({ db: f.db, asOf: later });
    expect(s.by_segment).toEqual({ green: 0, yellow: 1, red: 0 });
    expect(await events()).toEqual([
      expect.objectContaining({ as_of: asOf, from_segment: null, to_segment: 'green' }),
      {
        debtor_id: 'G',
        as_of: later,
        from_segment: 'green',
        to_segment: 'yellow',
        rule: 'yellow.default',
        facts: { bucket: 'M2', dpd: 35 },
      },
    ]);
    // a day with no move writes no event, but the current facts follow the date
    await runDailyCycle({ db: f.db, asOf: addDays(later, 1) });
    expect(await events()).toHaveLength(2);
    expect(await current()).toEqual([
      {
        debtor_id: 'G',
        segment: 'yellow',
        rule: 'yellow.default',
        facts: { bucket: 'M2', dpd: 36 },
        as_of: addDays(later, 1),
      },
    ]);
  });

  it('removes the segment of a cured debtor and records the cure', async () => {
    await addAccounts(f.db, p, seeds);
    await runDailyCycle({ db: f.db, asOf });
    await setDpd('Y1', 0);
    const next = addDays(asOf, 1);
    const s = await runDailyCycle({ db: f.db, asOf: next });
    expect(s.by_segment).toEqual({ green: 2, yellow: 1, red: 1 });
    expect((await current()).map((r) => r.debtor_id)).not.toContain('Y');
    expect((await events()).filter((e) => e.as_of === next)).toEqual([
      {
        debtor_id: 'Y',
        as_of: next,
        from_segment: 'yellow',
        to_segment: null,
        rule: 'cured',
        facts: { delinquentAccounts: 0 },
      },
    ]);
    // delinquent again later: a new entry from none, and no longer a first delinquency
    await setDpd('Y1', 3);
    await runDailyCycle({ db: f.db, asOf: addDays(next, 1) });
    expect(await events()).toContainEqual(
      expect.objectContaining({ debtor_id: 'Y', from_segment: null, to_segment: 'yellow' }),
    );
  });

  it('corrects the day’s event when the same date is rerun on changed data', async () => {
    await addAccounts(f.db, p, [{ debtor: 'G', account: 'G1', dpd: 10 }]);
    await runDailyCycle({ db: f.db, asOf });
    const next = addDays(asOf, 1);
    await setDpd('G1', 100); // red by the next day
    await runDailyCycle({ db: f.db, asOf: next });
    await setDpd('G1', 50); // a correction the same day: yellow, still from green
    await runDailyCycle({ db: f.db, asOf: next });
    expect((await events()).filter((e) => e.as_of === next)).toEqual([
      expect.objectContaining({ from_segment: 'green', to_segment: 'yellow' }),
    ]);
    await setDpd('G1', 10); // back where the day began: no change at all
    await runDailyCycle({ db: f.db, asOf: next });
    expect((await events()).filter((e) => e.as_of === next)).toEqual([]);
    // segmented and cured on the same date: no trace of it
    await addAccounts(f.db, p, [{ debtor: 'N', account: 'N1', dpd: 5 }]);
    await runDailyCycle({ db: f.db, asOf: next });
    expect((await current()).map((r) => r.debtor_id)).toEqual(['G', 'N']);
    await setDpd('N1', 0);
    await runDailyCycle({ db: f.db, asOf: next });
    expect((await current()).map((r) => r.debtor_id)).toEqual(['G']);
    expect((await events()).filter((e) => e.as_of === next)).toEqual([]);
  });

  it('reads contact history: tried and not reached for 30 days is red, never tried is not', async () => {
    await addAccounts(f.db, p, [
      { debtor: 'Y', account: 'Y1', dpd: 45 },
      { debtor: 'U', account: 'U1', dpd: 45 },
    ]);
    for (const [day, answered] of [
      [-40, true],
      [-31, false],
      [-20, false],
    ] as const)
      await f.db.execute(
        `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, attempted_at,
           local_date, answered, outcome)
         VALUES ($1, 'U1', 'U', 'call', $2::date + time '09:30', $2::date, $3, $4)`,
        [p, addDays(asOf, day), answered, answered ? null : 'no_answer'],
      );
    const r = await runDailyCycle({ db: f.db, asOf });
    expect(r.by_segment).toEqual({ green: 0, yellow: 1, red: 1 });
    expect(await current()).toEqual([
      expect.objectContaining({
        debtor_id: 'U',
        rule: 'red.unreachable',
        facts: { bucket: 'M2', dpd: 45, daysUnreached: 31 },
      }),
      expect.objectContaining({ debtor_id: 'Y', rule: 'yellow.default' }),
    ]);
    // other rules can be passed in
    const lenient = await f.db.transaction((tx) =>
      segmentDebtors({
        tx,
        asOf,
        rules: defaultSegmentationRules().filter((x) => x.id !== 'red.unreachable'),
      }),
    );
    expect(lenient.by_segment).toEqual({ green: 0, yellow: 2, red: 0 });
  });

  it('reads arrangements: a debtor whose latest agreed plan broke is red until a new plan', async () => {
    await addAccounts(f.db, p, [
      { debtor: 'B', account: 'B1', dpd: 45 },
      { debtor: 'K', account: 'K1', dpd: 45 },
      { debtor: 'L', account: 'L1', dpd: 45 },
    ]);
    const plan = (debtor: string, status: string, agreed: number, ended: number | null) =>
      f.db.execute(
        `INSERT INTO installment_plans (portfolio_id, account_id, debtor_id, currency, status,
           agreed_on, installment_count, first_due_on, penalty_interest, fees, grace_days,
           balance, total_minor, waived_minor, proposed_by, ended_on)
         VALUES ($1, $2, $3, 'CNY', $4, $5, 6, $7, 'freeze', 'freeze', 5,
           '{"principalMinor": "1000"}', 1000, 0, 'user:test', $6)`,
        [
          p,
          `${debtor}1`,
          debtor,
          status,
          addDays(asOf, agreed),
          ended === null ? null : addDays(asOf, ended),
          addDays(asOf, 10),
        ],
      );
    await plan('B', 'broken', -60, -10); // broke ten days ago
    await plan('K', 'broken', -60, -30); // broke, then a new plan was agreed
    await plan('K', 'active', -20, null);
    await plan('L', 'broken', -60, 3); // breaks after the as-of date: not yet
    await plan('L', 'rejected', -5, null); // a rejected proposal is no agreement
    const r = await runDailyCycle({ db: f.db, asOf });
    expect(r.by_segment).toEqual({ green: 0, yellow: 2, red: 1 });
    expect(await current()).toEqual([
      expect.objectContaining({
        debtor_id: 'B',
        rule: 'red.arrangement_broken',
        facts: { bucket: 'M2', dpd: 45, arrangementBroken: true },
      }),
      expect.objectContaining({ debtor_id: 'K', rule: 'yellow.default' }),
      expect.objectContaining({ debtor_id: 'L', rule: 'yellow.default' }),
    ]);
  });

  it('segments no one when no account is delinquent', async () => {
    await addAccounts(f.db, p, [{ debtor: 'C', account: 'C1', dpd: 0 }]);
    const s = await runDailyCycle({ db: f.db, asOf });
    expect(s.by_segment).toEqual({ green: 0, yellow: 0, red: 0 });
    expect(await current()).toEqual([]);
  });
});
