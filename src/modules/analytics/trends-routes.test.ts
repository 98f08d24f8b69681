import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { engines } from '../../../test/support/databases.js';

type Trends = {
  as_of: string;
  months: string[];
  roll_rates: Record<string, unknown>[];
  recovery: Record<string, unknown>[];
};

describe.each(engines)('GET /api/v1/analytics/trends on %s', (engine) => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await fixtureApp(engine);
    // alpha/A-008 is M2 on Sep 30 and M3 on Oct 31 in the fixture; three more accounts
    await f.db.exec(`
      INSERT INTO month_end_snapshots (portfolio_id, account_id, month_end, currency, dpd, bucket,
        risk_class, overdue_amount_minor, balance_minor)
      SELECT p.portfolio_id, v.account_id, v.month_end::date, 'CNY', 10, v.bucket, 'normal',
        v.overdue, 100000
      FROM portfolios p,
        (VALUES ('A-004', '2026-09-30', 'M1', 1000), ('A-004', '2026-10-31', 'current', 0),
                ('A-006', '2026-09-30', 'M2', 2000), ('A-006', '2026-10-31', 'M2', 3000),
                ('A-009', '2026-09-30', 'M2', 4000)) AS v (account_id, month_end, bucket, overdue)
      WHERE p.name = 'alpha'`);
    const [alpha] = await f.db.query<{ portfolio_id: bigint }>(
      "SELECT portfolio_id FROM portfolios WHERE name = 'alpha'",
    );
    for (const [key, paid_on, amount] of [
      ['k1', '2026-11-03', '50000'],
      ['k2', '2026-11-20', '12500'],
      ['k3', '2026-10-15', '700'],
    ] as const) {
      const r = await f.app.inject({
        method: 'POST',
        url: '/api/v1/payments',
        headers: { 'idempotency-key': key },
        payload: {
          portfolio_id: Number(alpha!.portfolio_id),
          account_id: 'A-006',
          amount_minor: amount,
          currency: 'CNY',
          paid_on,
        },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
  });
  afterAll(() => f.close());

  it('computes roll rates between month ends and recovery against the overdue at the month end before', async () => {
    const r = await f.app.inject('/api/v1/analytics/trends?months=3');
    expect(r.statusCode, r.body).toBe(200);
    const t = r.json<Trends>();
    expect(t.as_of).toBe('2026-11-25');
    expect(t.months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(t.roll_rates).toEqual([
      {
        month: '2026-10',
        bucket: 'M1',
        accounts: 1,
        rolled_forward: 0,
        stayed: 0,
        cured: 1,
        exited: 0,
        roll_rate_bps: 0,
        cure_rate_bps: 10000,
      },
      {
        month: '2026-10',
        bucket: 'M2',
        accounts: 3,
        rolled_forward: 1,
        stayed: 1,
        cured: 0,
        exited: 1,
        roll_rate_bps: 3333,
        cure_rate_bps: 0,
      },
    ]);
    expect(t.recovery).toEqual([
      {
        month: '2026-09',
        currency: 'CNY',
        recovered_minor: '0',
        overdue_at_start_minor: null,
        recovery_rate_bps: null,
      },
      {
        month: '2026-10',
        currency: 'CNY',
        recovered_minor: '700',
        overdue_at_start_minor: '207000',
        recovery_rate_bps: 33,
      },
      {
        month: '2026-11',
        currency: 'CNY',
        recovered_minor: '62500',
        overdue_at_start_minor: '253000',
        recovery_rate_bps: 2470,
      },
    ]);
  });

  it('reads one portfolio, another as-of date, and refuses bad input', async () => {
    const beta = (await f.app.inject('/api/v1/analytics/trends?portfolio=beta')).json<Trends>();
    expect(beta.roll_rates).toEqual([]);
    expect(beta.recovery).toEqual([]);
    const oct = (
      await f.app.inject('/api/v1/analytics/trends?as_of=2026-10-31&months=1')
    ).json<Trends>();
    expect(oct.months).toEqual(['2026-10']);
    expect(oct.roll_rates).toHaveLength(2);
    for (const [q, status] of [
      ['months=0', 400],
      ['months=25', 400],
      ['as_of=2026-02-30', 400],
      ['portfolio=nope', 404],
    ] as const) {
      const res = await f.app.inject(`/api/v1/analytics/trends?${q}`);
      expect(res.statusCode, q).toBe(status);
    }
  });
});
