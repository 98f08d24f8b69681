import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { tokenFor } from '../../../test/support/auth.js';
import { engines } from '../../../test/support/databases.js';
import { seedDemoPeople } from './index.js';

type ErrorBody = { error: { code: string; message: string; details: unknown } };

describe.each(engines)('people in the API on %s', (engine) => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await fixtureApp(engine);
  });
  afterAll(() => f.close());

  async function call<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    status: number,
    payload?: unknown,
  ) {
    const res = await f.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json<T>();
  }

  it('adds agencies and collectors, and refuses duplicates and bad input naming the field', async () => {
    await call('POST', '/api/v1/agencies', 201, { agency_id: 'AG1', name: 'Agency One' });
    const dup = await call<ErrorBody>('POST', '/api/v1/agencies', 409, {
      agency_id: 'AG1',
      name: 'x',
    });
    expect(dup.error.code).toBe('conflict');
    const c = await call<Record<string, unknown>>('POST', '/api/v1/collectors', 201, {
      collector_id: 'P1',
      display_name: 'Phone one',
      role: 'phone_collector',
      unit: 'phone',
      languages: ['zh-CN'],
      capacity: 3,
      currency: 'CNY',
      monthly_target_minor: '1000000',
    });
    expect(c).toMatchObject({
      collector_id: 'P1',
      agency_id: null,
      skills: [],
      monthly_target_minor: '1000000',
      monthly_bonus_base_minor: '0',
      active: true,
    });
    await call('POST', '/api/v1/collectors', 201, {
      collector_id: 'AG1-P',
      display_name: 'Agency phone',
      role: 'phone_collector',
      unit: 'phone',
      agency_id: 'AG1',
      languages: ['zh-CN', 'en'],
      skills: ['negotiation'],
      capacity: 5,
      currency: 'CNY',
    });
    const bad = await call<ErrorBody>('POST', '/api/v1/collectors', 400, {
      collector_id: 'P2',
      display_name: 'x',
      role: 'phone_collector',
      unit: 'phone',
      languages: ['fr'],
      capacity: 3,
      currency: 'CNY',
    });
    expect(bad.error.message).toContain('languages');
    const noAgency = await call<ErrorBody>('POST', '/api/v1/collectors', 404, {
      collector_id: 'P3',
      display_name: 'x',
      role: 'phone_collector',
      unit: 'phone',
      agency_id: 'NOPE',
      languages: ['en'],
      capacity: 3,
      currency: 'CNY',
    });
    expect(noAgency.error.details).toEqual({ agency_id: 'NOPE' });
    const analyst = await call<ErrorBody>('POST', '/api/v1/collectors', 400, {
      collector_id: 'A1',
      display_name: 'x',
      role: 'data_analyst',
      unit: 'phone',
      languages: ['en'],
      capacity: 3,
      currency: 'CNY',
    });
    expect(analyst.error.message).toMatch(/analysts/);
    await call('POST', '/api/v1/collectors', 409, {
      ...c,
      created_at: undefined,
      updated_at: undefined,
      collector_id: 'P1',
      monthly_target_minor: '1',
      monthly_bonus_base_minor: '1',
    });
  });

  it('lists and patches collectors', async () => {
    const list = await call<{ items: { collector_id: string }[] }>(
      'GET',
      '/api/v1/collectors?unit=phone',
      200,
    );
    expect(list.items.map((c) => c.collector_id)).toEqual(['AG1-P', 'P1']);
    const byAgency = await call<{ items: { collector_id: string }[] }>(
      'GET',
      '/api/v1/collectors?agency_id=AG1',
      200,
    );
    expect(byAgency.items.map((c) => c.collector_id)).toEqual(['AG1-P']);
    const patched = await call<Record<string, unknown>>('PATCH', '/api/v1/collectors/P1', 200, {
      capacity: 7,
      languages: ['zh-CN', 'en'],
    });
    expect(patched).toMatchObject({
      capacity: 7,
      languages: ['zh-CN', 'en'],
      display_name: 'Phone one',
    });
    await call('PATCH', '/api/v1/collectors/NOBODY', 404, { capacity: 1 });
    const unknownField = await call<ErrorBody>('PATCH', '/api/v1/collectors/P1', 400, {
      colour: 'red',
    });
    expect(unknownField.error.code).toBe('validation_failed');
  });

  it('places accounts with an agency, refuses another agency, recalls them', async () => {
    await call('POST', '/api/v1/agencies', 201, { agency_id: 'AG2', name: 'Agency Two' });
    const placed = await call('POST', '/api/v1/placements', 200, {
      portfolio: 'alpha',
      agency_id: 'AG1',
      account_ids: ['A-008', 'A-009', 'A-008'],
      placed_on: '2026-11-25',
    });
    expect(placed).toEqual({ placed: 2, already_placed: 0 });
    expect(
      await call('POST', '/api/v1/placements', 200, {
        portfolio: 'alpha',
        agency_id: 'AG1',
        account_ids: ['A-008'],
        placed_on: '2026-11-25',
      }),
    ).toEqual({ placed: 0, already_placed: 1 });
    const elsewhere = await call<ErrorBody>('POST', '/api/v1/placements', 409, {
      portfolio: 'alpha',
      agency_id: 'AG2',
      account_ids: ['A-008', 'A-010'],
      placed_on: '2026-11-25',
    });
    expect(elsewhere.error.message).toMatch(/recall them first/);
    const missing = await call<ErrorBody>('POST', '/api/v1/placements', 404, {
      portfolio: 'alpha',
      agency_id: 'AG2',
      account_ids: ['NOPE'],
      placed_on: '2026-11-25',
    });
    expect(missing.error.details).toEqual({ account_ids: ['NOPE'] });
    const agencies = await call<{
      items: { agency_id: string; placed_accounts: number; collectors: number }[];
    }>('GET', '/api/v1/agencies', 200);
    expect(agencies.items.map((a) => [a.agency_id, a.collectors, a.placed_accounts])).toEqual([
      ['AG1', 1, 2],
      ['AG2', 0, 0],
    ]);
    expect(
      await call('POST', '/api/v1/placements/recall', 200, {
        portfolio: 'alpha',
        account_ids: ['A-008'],
        recalled_on: '2026-11-26',
      }),
    ).toEqual({ recalled: 1 });
    // now it can go to the other agency
    expect(
      await call('POST', '/api/v1/placements', 200, {
        portfolio: 'alpha',
        agency_id: 'AG2',
        account_ids: ['A-008'],
        placed_on: '2026-11-26',
      }),
    ).toEqual({ placed: 1, already_placed: 0 });
  });

  it('keeps bonus rules and unit targets as settings', async () => {
    expect(await call('GET', '/api/v1/settings/bonus-rules', 200)).toEqual({
      tiers: [{ atLeastBps: 9000, bonusBps: 2000 }],
    });
    const bad = await call<ErrorBody>('PUT', '/api/v1/settings/bonus-rules', 400, {
      tiers: [
        { atLeastBps: 9000, bonusBps: 2000 },
        { atLeastBps: 8000, bonusBps: 3000 },
      ],
    });
    expect(bad.error.details).toMatchObject({ path: ['tiers', 1, 'atLeastBps'] });
    const rules = {
      tiers: [
        { atLeastBps: 8000, bonusBps: 1000 },
        { atLeastBps: 10000, bonusBps: 2500 },
      ],
    };
    expect(await call('PUT', '/api/v1/settings/bonus-rules', 200, rules)).toEqual(rules);
    expect(await call('GET', '/api/v1/settings/bonus-rules', 200)).toEqual(rules);
    await call('PUT', '/api/v1/unit-targets/phone', 200, {
      currency: 'CNY',
      monthly_target_minor: '5000000',
    });
    expect(await call('GET', '/api/v1/unit-targets', 200)).toEqual({
      items: [{ unit: 'phone', currency: 'CNY', monthly_target_minor: '5000000' }],
    });
  });

  it('seeds the demo team once', async () => {
    const first = await f.db.transaction((tx) => seedDemoPeople({ tx }));
    const again = await f.db.transaction((tx) => seedDemoPeople({ tx }));
    expect(first.collectors).toBeGreaterThanOrEqual(8);
    expect(again.collectors).toBe(0);
    const units = await f.db.query<{ unit: string; n: number }>(
      "SELECT unit, count(*)::int AS n FROM collectors WHERE collector_id LIKE 'C-%' GROUP BY unit ORDER BY unit",
    );
    expect(units.map((u) => u.unit)).toEqual(['analysts', 'field', 'legal', 'phone']);
  });

  it('tells a signed-in collector their unit and agency, and others that they are none', async () => {
    await call('POST', '/api/v1/agencies', 201, { agency_id: 'AG-ME', name: 'Agency me' });
    await call('POST', '/api/v1/collectors', 201, {
      collector_id: 'ME-F',
      display_name: 'Field me',
      role: 'field_collector',
      unit: 'field',
      agency_id: 'AG-ME',
      languages: ['en'],
      capacity: 3,
      currency: 'CNY',
    });
    const me = async (token: string | null) => {
      const res = await f.app.inject({
        url: '/api/v1/me/collector',
        headers: { authorization: token ? `Bearer ${token}` : 'none' },
      });
      return { status: res.statusCode, body: res.json<{ collector: unknown }>() };
    };
    const collector = await tokenFor(f.db, {
      role: 'agency_collector',
      collectorId: 'ME-F',
      agencyId: 'AG-ME',
    });
    expect(await me(collector)).toMatchObject({
      status: 200,
      body: { collector: { collector_id: 'ME-F', unit: 'field', agency_id: 'AG-ME' } },
    });
    expect(await me(await tokenFor(f.db, { role: 'auditor' }))).toEqual({
      status: 200,
      body: { collector: null },
    });
    expect((await me(null)).status).toBe(401);
  });
});
