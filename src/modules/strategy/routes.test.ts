import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOf, fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { engines } from '../../../test/support/databases.js';
import { runDailyCycle } from '../cycle/index.js';

type ErrorBody = { error: { code: string; message: string; details: unknown } };
type Counts = {
  portfolio: string | null;
  as_of: string | null;
  debtors: number;
  by_segment: { segment: string; debtors: number; share_bps: number }[];
};

describe.each(engines)('segments in the API on %s', (engine) => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await fixtureApp(engine);
  });
  afterAll(() => f.close());

  async function get<T>(url: string, status = 200): Promise<T> {
    const res = await f.app.inject({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json<T>();
  }

  it('counts nothing before a cycle has segmented anyone', async () => {
    expect(await get<Counts>('/api/v1/segments')).toEqual({
      portfolio: null,
      as_of: null,
      debtors: 0,
      by_segment: [
        { segment: 'green', debtors: 0, share_bps: 0 },
        { segment: 'yellow', debtors: 0, share_bps: 0 },
        { segment: 'red', debtors: 0, share_bps: 0 },
      ],
    });
    const account = await get<Record<string, unknown>>('/api/v1/accounts/A-008');
    expect(account.segment).toBeNull();
  });

  it('counts debtors per segment with their shares, over all or one portfolio', async () => {
    // one debtor per account in the fixture: alpha has 3 green (DPD 3, 5, 30), 2 yellow
    // (45, 75) and 6 red (M4+); beta has 1 green (DPD 10)
    await runDailyCycle({ db: f.db, asOf });
    expect(await get<Counts>('/api/v1/segments')).toEqual({
      portfolio: null,
      as_of: asOf,
      debtors: 12,
      by_segment: [
        { segment: 'green', debtors: 4, share_bps: 3333 },
        { segment: 'yellow', debtors: 2, share_bps: 1666 },
        { segment: 'red', debtors: 6, share_bps: 5000 },
      ],
    });
    const beta = await get<Counts>('/api/v1/segments?portfolio=beta');
    expect(beta).toMatchObject({ portfolio: 'beta', as_of: asOf, debtors: 1 });
    expect(beta.by_segment.map((s) => [s.segment, s.debtors, s.share_bps])).toEqual([
      ['green', 1, 10000],
      ['yellow', 0, 0],
      ['red', 0, 0],
    ]);
  });

  it('shows the debtor’s segment with its reason on the account', async () => {
    const red = await get<Record<string, unknown>>('/api/v1/accounts/A-008');
    expect(Object.keys(red).slice(-3)).toEqual(['bucket_events', 'month_end_snapshots', 'segment']);
    expect(red.segment).toEqual({
      segment: 'red',
      rule: 'red.m4_plus',
      facts: { bucket: 'M4', dpd: 100 },
      as_of: asOf,
    });
    const green = await get<Record<string, unknown>>('/api/v1/accounts/A-001?portfolio=beta');
    expect(green.segment).toEqual({
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
    });
    const current = await get<Record<string, unknown>>('/api/v1/accounts/A-001?portfolio=alpha');
    expect(current.segment).toBeNull();
  });

  it('answers 404 for an unknown portfolio and 400 for an unknown parameter', async () => {
    const missing = await get<ErrorBody>('/api/v1/segments?portfolio=nope', 404);
    expect(missing.error).toMatchObject({ code: 'not_found', details: { portfolio: 'nope' } });
    const bad = await get<ErrorBody>('/api/v1/segments?segment=red', 400);
    expect(bad.error.code).toBe('validation_failed');
  });
});
