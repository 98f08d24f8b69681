import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/calendar.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import {
  insertAccounts,
  seedPortfolio,
  type AccountSeed,
} from '../../../../test/support/accounts.js';
import { age } from '../domain/aging.js';
import { runDailyCycle } from './run-daily-cycle.js';

type Derived = {
  account_id: string;
  dpd: number;
  bucket: string;
  pre_due: boolean;
  risk_class: string;
};

describe.each(engines)('runDailyCycle on %s', (engine) => {
  let f: FreshDatabase;
  let portfolioId: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await f.db.exec(
      'DELETE FROM cycle_runs; DELETE FROM month_end_snapshots; DELETE FROM bucket_events; ' +
        'DELETE FROM accounts; DELETE FROM debtors; DELETE FROM portfolios;',
    );
    portfolioId = await seedPortfolio(f.db);
  });

  const derived = () =>
    f.db.query<Derived>(
      'SELECT account_id, dpd, bucket, pre_due, risk_class FROM accounts ORDER BY account_id',
    );
  const everything = async () => ({
    accounts: await f.db.query('SELECT * FROM accounts ORDER BY account_id'),
    events: await f.db.query('SELECT * FROM bucket_events ORDER BY account_id, as_of'),
    snapshots: await f.db.query('SELECT * FROM month_end_snapshots ORDER BY account_id, month_end'),
    runs: await f.db.query('SELECT * FROM cycle_runs ORDER BY as_of'),
  });

  it('ages exactly as the domain rules say, at every boundary', async () => {
    const asOf = '2024-03-01'; // just after a leap day
    const dpds = [
      0, 1, 2, 30, 31, 60, 61, 90, 91, 120, 121, 150, 151, 180, 181, 270, 271, 360, 361, 3000,
    ];
    const seeds: AccountSeed[] = dpds.map((d) => ({
      accountId: `A${String(d).padStart(4, '0')}`,
      overdueMinor: 1n,
      oldestUnpaidDueDate: addDays(asOf, -d),
      nextDueDate: null,
    }));
    await insertAccounts(f.db, portfolioId, seeds);
    await runDailyCycle({ db: f.db, asOf });
    const rows = await derived();
    expect(rows.map((r) => [r.dpd, r.bucket, r.risk_class])).toEqual(
      seeds.map((s) => {
        const a = age(s, asOf);
        return [a.dpd, a.bucket, a.riskClass];
      }),
    );
    expect(rows.find((r) => r.dpd === 2)).toBeDefined(); // 2024-02-28 -> 2024-03-01 spans the leap day
  });

  it('agrees with the domain rules for any accounts (property)', async () => {
    const date = fc.integer({ min: -400, max: 400 });
    const account = fc.record({
      overdue: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 12n })),
      oldest: fc.option(date, { nil: null }),
      next: fc.option(date, { nil: null }),
    });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(account, { minLength: 1, maxLength: 30 }),
        date,
        async (accts, shift) => {
          round++;
          const asOf = addDays('2026-11-25', shift);
          const seeds = accts.map((a, i) => ({
            accountId: `P${round}-${i}`,
            overdueMinor: a.overdue,
            oldestUnpaidDueDate:
              a.overdue > 0n || a.oldest !== null ? addDays(asOf, a.oldest ?? -1) : null,
            nextDueDate: a.next === null ? null : addDays(asOf, a.next),
          }));
          await f.db.exec(
            'DELETE FROM month_end_snapshots; DELETE FROM bucket_events; DELETE FROM accounts; DELETE FROM cycle_runs',
          );
          await insertAccounts(f.db, portfolioId, seeds);
          await runDailyCycle({ db: f.db, asOf });
          const rows = await derived();
          const byId = new Map(rows.map((r) => [r.account_id, r]));
          for (const s of seeds) {
            const a = age(s, asOf);
            expect(byId.get(s.accountId)).toEqual({
              account_id: s.accountId,
              dpd: a.dpd,
              bucket: a.bucket,
              pre_due: a.preDue,
              risk_class: a.riskClass,
            });
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('records each bucket change, and a second run for the same date changes nothing', async () => {
    await insertAccounts(f.db, portfolioId, [
      { accountId: 'A', overdueMinor: 1n, oldestUnpaidDueDate: '2026-10-31', nextDueDate: null },
      { accountId: 'B', overdueMinor: 0n, oldestUnpaidDueDate: null, nextDueDate: '2026-12-20' },
    ]);
    const first = await runDailyCycle({ db: f.db, asOf: '2026-11-29' }); // A: DPD 29, M1
    expect(first).toMatchObject({
      accounts_aged: 2,
      accounts_changed: 2,
      bucket_changes: 2,
      pre_due: 1,
    });
    const second = await runDailyCycle({ db: f.db, asOf: '2026-12-01' }); // A: DPD 31, M2
    expect(second).toMatchObject({ accounts_changed: 2, bucket_changes: 1 });
    const state = await everything();
    const again = await runDailyCycle({ db: f.db, asOf: '2026-12-01' });
    expect(again).toMatchObject({
      accounts_changed: 0,
      bucket_changes: 0,
      by_bucket: second.by_bucket,
    });
    expect(await everything()).toEqual(state);
    expect(
      await f.db.query(
        'SELECT account_id, as_of, from_bucket, to_bucket FROM bucket_events ORDER BY as_of, account_id',
      ),
    ).toEqual([
      { account_id: 'A', as_of: '2026-11-29', from_bucket: null, to_bucket: 'M1' },
      { account_id: 'B', as_of: '2026-11-29', from_bucket: null, to_bucket: 'current' },
      { account_id: 'A', as_of: '2026-12-01', from_bucket: 'M1', to_bucket: 'M2' },
    ]);
    expect(await f.db.query('SELECT run_id, as_of FROM cycle_runs ORDER BY as_of')).toEqual([
      { run_id: 'cycle:2026-11-29', as_of: '2026-11-29' },
      { run_id: 'cycle:2026-12-01', as_of: '2026-12-01' },
    ]);
  });

  it('writes the month-end snapshot on the last day of a month only', async () => {
    await insertAccounts(f.db, portfolioId, [
      { accountId: 'A', overdueMinor: 250n, oldestUnpaidDueDate: '2024-01-31', nextDueDate: null },
    ]);
    expect((await runDailyCycle({ db: f.db, asOf: '2024-02-28' })).month_end_snapshot).toBe(false);
    expect((await runDailyCycle({ db: f.db, asOf: '2024-02-29' })).month_end_snapshot).toBe(true);
    expect(
      await f.db.query(
        'SELECT account_id, month_end, dpd, bucket, risk_class, overdue_amount_minor FROM month_end_snapshots',
      ),
    ).toEqual([
      {
        account_id: 'A',
        month_end: '2024-02-29',
        dpd: 29,
        bucket: 'M1',
        risk_class: 'special_mention',
        overdue_amount_minor: 250n,
      },
    ]);
  });

  it('cures an account once it has nothing overdue', async () => {
    await insertAccounts(f.db, portfolioId, [
      { accountId: 'A', overdueMinor: 500n, oldestUnpaidDueDate: '2026-08-01', nextDueDate: null },
    ]);
    await runDailyCycle({ db: f.db, asOf: '2026-11-25' });
    await f.db.execute("UPDATE accounts SET overdue_amount_minor = 0 WHERE account_id = 'A'");
    const s = await runDailyCycle({ db: f.db, asOf: '2026-11-26' });
    expect(s.by_bucket.current).toBe(1);
    expect((await derived())[0]).toMatchObject({ dpd: 0, bucket: 'current', risk_class: 'normal' });
    const [e] = await f.db.query(
      "SELECT from_bucket, to_bucket FROM bucket_events WHERE as_of = '2026-11-26'",
    );
    expect(e).toEqual({ from_bucket: 'M4', to_bucket: 'current' });
  });

  it('refuses an as-of that is not a calendar date', async () => {
    await expect(runDailyCycle({ db: f.db, asOf: '2026-02-30' })).rejects.toThrow(
      /not a YYYY-MM-DD calendar date/,
    );
  });
});
