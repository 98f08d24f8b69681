import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { engines } from '../../../test/support/databases.js';
import { insertCollector } from '../queues/testing.js';

type Plan = { plan_id: number; status: string; account_id: string; schedule: unknown[] };
type Settlement = { settlement_id: number; status: string; account_id: string };

describe.each(engines)('GET installment plans and settlements on %s', (engine) => {
  let f: FixtureApp;
  let alpha: number;
  beforeAll(async () => {
    f = await fixtureApp(engine);
    const [p] = await f.db.query<{ portfolio_id: bigint }>(
      `SELECT portfolio_id FROM portfolios WHERE name = 'alpha'`,
    );
    alpha = Number(p!.portfolio_id);
    for (const id of ['C-1', 'S-1']) await insertCollector(f.db, { id });
    const maker = { 'x-collector-id': 'C-1' };
    for (const account_id of ['A-006', 'A-009']) {
      const r = await f.app.inject({
        method: 'POST',
        url: '/api/v1/installment-plans',
        headers: maker,
        payload: {
          portfolio_id: alpha,
          account_id,
          agreed_on: '2026-11-25',
          installment_count: 3,
          first_due_on: '2026-12-25',
        },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const s = await f.app.inject({
      method: 'POST',
      url: '/api/v1/settlements',
      headers: maker,
      payload: {
        portfolio_id: alpha,
        account_id: 'A-008',
        offered_on: '2026-11-25',
        expires_on: '2026-12-25',
        discount_bps: 1000,
      },
    });
    expect(s.statusCode, s.body).toBe(201);
  });
  afterAll(() => f.close());

  const get = <T>(url: string) => f.app.inject(url).then((r) => ({ r, body: r.json<T>() }));

  it('lists plans waiting for a decision with their schedules, and drops them once decided', async () => {
    const { r, body } = await get<{ items: Plan[] }>('/api/v1/installment-plans?status=proposed');
    expect(r.statusCode, r.body).toBe(200);
    expect(body.items.map((p) => p.account_id)).toEqual(['A-006', 'A-009']);
    expect(body.items[0]!.schedule).toHaveLength(3);
    const decided = await f.app.inject({
      method: 'POST',
      url: `/api/v1/installment-plans/${body.items[0]!.plan_id}/decision`,
      headers: { 'x-collector-id': 'S-1', 'x-collector-role': 'supervisor' },
      payload: { decision: 'approve', decided_on: '2026-11-25' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const after = await get<{ items: Plan[] }>('/api/v1/installment-plans?status=proposed');
    expect(after.body.items.map((p) => p.account_id)).toEqual(['A-009']);
    const account = await get<{ items: Plan[] }>(
      `/api/v1/installment-plans?portfolio_id=${alpha}&account_id=A-006`,
    );
    expect(account.body.items.map((p) => p.status)).toEqual(['active']);
    expect(
      (await get<{ items: Plan[] }>('/api/v1/installment-plans?limit=1')).body.items,
    ).toHaveLength(1);
  });

  it('lists settlements by status and account', async () => {
    const { r, body } = await get<{ items: Settlement[] }>('/api/v1/settlements?status=proposed');
    expect(r.statusCode, r.body).toBe(200);
    expect(body.items).toMatchObject([{ account_id: 'A-008', status: 'proposed' }]);
    const none = await get<{ items: Settlement[] }>(
      `/api/v1/settlements?portfolio_id=${alpha}&account_id=A-001`,
    );
    expect(none.body.items).toEqual([]);
  });

  it('refuses bad filters with the standard error shape', async () => {
    for (const url of [
      '/api/v1/installment-plans?limit=0',
      '/api/v1/settlements?portfolio_id=x',
      '/api/v1/settlements?status=Proposed!',
      '/api/v1/installment-plans?colour=red',
    ]) {
      const r = await f.app.inject(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    }
  });
});
