/**
 * The demo on a fresh database, as `npm start` seeds it: the war room's trends have month-end
 * history (roll rates with cures, recovery every month), and the demo day its collection work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { signInInjections } from '../../../../test/support/auth.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { buildServer } from '../../../server.js';
import { testCipher } from '../../compliance/testing.js';
import { seedDemoPortfolio } from '../../portfolio/index.js';
import { seedDemoDay, type DemoDaySummary } from '../index.js';

type Trends = {
  months: string[];
  roll_rates: {
    month: string;
    bucket: string;
    accounts: number;
    cured: number;
    rolled_forward: number;
  }[];
  recovery: { month: string; recovered_minor: string; recovery_rate_bps: number | null }[];
};

describe.each(engines)('the demo on %s', (engine) => {
  let f: FreshDatabase;
  let app: FastifyInstance;
  let day: DemoDaySummary | null;
  const today = '2026-11-25';

  beforeAll(async () => {
    f = await freshDatabase(engine);
    await seedDemoPortfolio({ db: f.db, cipher: testCipher, accounts: 400, asOf: today });
    day = await seedDemoDay({ db: f.db, cipher: testCipher, today, casesPerCollector: 3 });
    app = await buildServer({ db: f.db, logger: false, cipher: testCipher });
    await signInInjections(app, f.db);
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await f.drop();
  });

  it('replays six past month ends with payments between them, once', async () => {
    expect(day?.history.month_ends).toEqual([
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
    ]);
    expect(day!.history.payments).toBeGreaterThan(0);
    expect(day!.attempts).toBeGreaterThan(0);
    expect(await seedDemoDay({ db: f.db, cipher: testCipher, today })).toBeNull();
  });

  it('plans no work on the past month ends: the queues hold only the demo day’s work', async () => {
    const [r] = await f.db.query<{ before: number; since: number }>(
      `SELECT count(*) FILTER (WHERE planned_on < $1::date)::int AS before,
         count(*) FILTER (WHERE planned_on >= $1::date)::int AS since FROM actions`,
      ['2026-11-24'],
    );
    expect(r).toEqual({ before: 0, since: expect.any(Number) });
    expect(r!.since).toBeGreaterThan(0);
  });

  it('gives the war room trends with data on the first start', async () => {
    const res = await app.inject('/api/v1/analytics/trends?as_of=2026-11-25');
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json<Trends>();
    // roll rates between each pair of the six month ends, with cures from the payments
    const months = [...new Set(t.roll_rates.map((r) => r.month))].sort();
    expect(months).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    for (const m of months) {
      const rows = t.roll_rates.filter((r) => r.month === m);
      expect(rows.reduce((n, r) => n + r.accounts, 0)).toBeGreaterThan(0);
      expect(
        rows.reduce((n, r) => n + r.cured, 0),
        m,
      ).toBeGreaterThan(0);
    }
    // recovered every month after the first month end, against its overdue amount
    const recovered = t.recovery.filter((r) => BigInt(r.recovered_minor) > 0n);
    expect(new Set(recovered.map((r) => r.month))).toEqual(
      new Set(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']),
    );
    expect(recovered.some((r) => (r.recovery_rate_bps ?? 0) > 0)).toBe(true);
  });
});
