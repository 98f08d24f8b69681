import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { engines } from '../../../test/support/databases.js';

type CycleRun = Record<string, unknown> & { as_of: string };

describe.each(engines)('cycle routes on %s', (engine) => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await fixtureApp(engine);
  });
  afterAll(() => f.close());

  async function get<T>(url: string, status = 200): Promise<T> {
    const res = await f.app.inject({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json<T>();
  }

  it('lists the runs newest first', async () => {
    const { items } = await get<{ items: CycleRun[] }>('/api/v1/cycle-runs');
    expect(items.map((r) => r.as_of)).toEqual(['2026-11-25', '2026-11-24']);
    expect(items[0]).toEqual({
      run_id: 'cycle:2026-11-25',
      as_of: '2026-11-25',
      status: 'completed',
      accounts_aged: 15,
      accounts_changed: 3,
      bucket_changes: 2,
      summary: { pre_due: 2 },
      started_at: '2026-11-25T01:00:00.000Z',
      finished_at: '2026-11-25T01:00:01.000Z',
    });
  });

  it('limits the list', async () => {
    const { items } = await get<{ items: CycleRun[] }>('/api/v1/cycle-runs?limit=1');
    expect(items.map((r) => r.as_of)).toEqual(['2026-11-25']);
  });

  it('shows one run by its as-of date', async () => {
    const run = await get<CycleRun>('/api/v1/cycle-runs/2026-11-24');
    expect(run).toMatchObject({ run_id: 'cycle:2026-11-24', summary: { pre_due: 1 } });
  });

  it('answers 404 for a date the cycle has not run for', async () => {
    const body = await get<{ error: { code: string } }>('/api/v1/cycle-runs/2026-11-23', 404);
    expect(body.error.code).toBe('not_found');
  });

  it.each([
    ['/api/v1/cycle-runs/2026-02-30', 'asOf'],
    ['/api/v1/cycle-runs/yesterday', 'asOf'],
    ['/api/v1/cycle-runs?limit=0', 'limit'],
    ['/api/v1/cycle-runs?since=2026-01-01', 'since'],
  ])('answers 400 validation_failed: %s', async (url, field) => {
    const body = await get<{ error: { code: string; details: unknown } }>(url, 400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toContainEqual({ field, message: expect.any(String) });
  });
});
