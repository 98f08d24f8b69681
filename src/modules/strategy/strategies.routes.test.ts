import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { engines } from '../../../test/support/databases.js';
import { defaultStrategy, definitionOf } from './index.js';
import { exampleStrategyInput } from './domain/testing.js';

type ErrorBody = { error: { code: string; message: string; details: { path?: unknown } } };
type Version = {
  id: string;
  version: number;
  status: string;
  name: string;
  rules: { id: string }[];
};

describe.each(engines)('strategy versions in the API on %s', (engine) => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await fixtureApp(engine);
  });
  afterAll(() => f.close());

  async function call<T>(method: string, url: string, payload?: unknown, status = 200): Promise<T> {
    const res = await f.app.inject({
      method: method as 'GET',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json<T>();
  }

  const retail = () => {
    const input = exampleStrategyInput();
    delete input.version;
    delete input.status;
    return JSON.parse(
      JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
    ) as Record<string, unknown>;
  };

  it('has the default strategy active from the start, exactly as the code defines it', async () => {
    const list = await call<{ strategies: { id: string; active_version: number }[] }>(
      'GET',
      '/api/v1/strategies',
    );
    // version 2 (0021, naming template families) replaced version 1 (0005, naming none)
    expect(list.strategies.map((s) => [s.id, s.active_version])).toEqual([['default', 2]]);
    const rows = await f.db.query<{ version: number; status: string; definition: unknown }>(
      "SELECT version, status, definition FROM strategy_versions WHERE strategy_id = 'default' ORDER BY version",
    );
    expect(rows).toEqual([
      { version: 1, status: 'retired', definition: definitionOf(defaultStrategy(1)) },
      { version: 2, status: 'active', definition: definitionOf(defaultStrategy(2)) },
    ]);
    const messages = (
      definitionOf(defaultStrategy(2)) as {
        rules: { treatment: { actions: { channel: string; template?: string }[] } }[];
      }
    ).rules
      .flatMap((r) => r.treatment.actions)
      .filter(
        (a) => a.channel !== 'call' && a.channel !== 'field_visit' && a.channel !== 'legal_review',
      );
    expect(messages.map((a) => [a.channel, a.template])).toEqual([
      ['sms', 'overdue-reminder-sms'],
      ['letter', 'overdue-notice-letter'],
    ]);
  });

  it('creates a draft, amends it, revises, activates and refuses edits of active versions', async () => {
    const v1 = await call<Version>('POST', '/api/v1/strategies', retail(), 201);
    expect(v1).toMatchObject({ id: 'retail', version: 1, status: 'draft' });
    await call<ErrorBody>('POST', '/api/v1/strategies', retail(), 409);

    const amended = await call<Version>('PATCH', '/api/v1/strategies/retail/versions/1', {
      name: 'Retail v1 amended',
    });
    expect(amended).toMatchObject({ version: 1, status: 'draft', name: 'Retail v1 amended' });

    const active = await call<Version>('POST', '/api/v1/strategies/retail/versions/1/activate');
    expect(active.status).toBe('active');
    const refused = await call<ErrorBody>(
      'PATCH',
      '/api/v1/strategies/retail/versions/1',
      { name: 'sneaky' },
      409,
    );
    expect(refused.error.code).toBe('conflict');
    await call<ErrorBody>('POST', '/api/v1/strategies/retail/versions/1/activate', undefined, 409);

    const v2 = await call<Version>(
      'POST',
      '/api/v1/strategies/retail/versions',
      { name: 'Retail v2' },
      201,
    );
    expect(v2).toMatchObject({ version: 2, status: 'draft', name: 'Retail v2' });
    await call<Version>('POST', '/api/v1/strategies/retail/versions/2/activate');
    const all = await call<{ versions: Version[] }>('GET', '/api/v1/strategies/retail');
    expect(all.versions.map((v) => [v.version, v.status, v.name])).toEqual([
      [1, 'retired', 'Retail v1 amended'],
      [2, 'active', 'Retail v2'],
    ]);
    await call<ErrorBody>('GET', '/api/v1/strategies/nope', undefined, 404);
    await call<ErrorBody>('PATCH', '/api/v1/strategies/retail/versions/9', {}, 404);
  });

  it('the database itself refuses changes to an active or retired version', async () => {
    for (const sql of [
      "UPDATE strategy_versions SET definition = '{}' WHERE strategy_id = 'retail' AND version = 2",
      "UPDATE strategy_versions SET definition = '{}' WHERE strategy_id = 'retail' AND version = 1",
      "UPDATE strategy_versions SET status = 'active' WHERE strategy_id = 'retail' AND version = 1",
      "UPDATE strategy_versions SET status = 'draft' WHERE strategy_id = 'default'",
      "DELETE FROM strategy_versions WHERE strategy_id = 'default'",
    ])
      await expect(f.db.execute(sql), sql).rejects.toThrow(/immutable|cannot/);
    // two active versions of one strategy are impossible too
    await f.db.execute(
      "INSERT INTO strategy_versions (strategy_id, version, status, definition) VALUES ('retail', 3, 'draft', '{}')",
    );
    await expect(
      f.db.execute(
        "UPDATE strategy_versions SET status = 'active' WHERE strategy_id = 'retail' AND version = 3",
      ),
    ).rejects.toThrow(/unique|duplicate/i);
    await f.db.execute(
      "DELETE FROM strategy_versions WHERE strategy_id = 'retail' AND version = 3",
    );
  });

  it('rejects invalid definitions with the path of the offending element', async () => {
    const bad = retail();
    (bad.rules as { treatment: { actions: unknown[] } }[])[1]!.treatment.actions = [];
    const e = await call<ErrorBody>('POST', '/api/v1/strategies', { ...bad, id: 'bad' }, 400);
    expect(e.error.code).toBe('validation_failed');
    expect(e.error.details.path).toEqual(['rules', 1, 'treatment', 'actions']);
    const unknownField = await call<ErrorBody>(
      'POST',
      '/api/v1/strategies',
      { ...retail(), id: 'bad2', colour: 'red' },
      400,
    );
    expect(unknownField.error.details.path).toEqual([]);
    const unreachable = await call<ErrorBody>(
      'POST',
      '/api/v1/strategies/retail/versions',
      {
        rules: [
          ...(retail().rules as unknown[]),
          {
            id: 'late',
            when: { buckets: ['M2'] },
            treatment: { actions: [{ channel: 'call', unit: 'phone', waitDays: 0 }] },
          },
        ],
      },
      400,
    );
    expect(unreachable.error.details.path).toEqual(['rules', 4]);
  });

  it('sets a portfolio split of active versions and refuses drafts and shares over 100%', async () => {
    await call<Version>('POST', '/api/v1/strategies', { ...retail(), id: 'trial' }, 201);
    const draftArm = await call<ErrorBody>(
      'PUT',
      '/api/v1/portfolios/alpha/strategy-split',
      {
        effective_from: '2026-11-01',
        experiment: 'exp1',
        champion: { id: 'default', version: 2 },
        challengers: [{ strategy: { id: 'trial', version: 1 }, shareBps: 2000 }],
      },
      400,
    );
    expect(draftArm.error.details.path).toEqual(['challengers', 0, 'strategy']);
    const over = await call<ErrorBody>(
      'PUT',
      '/api/v1/portfolios/alpha/strategy-split',
      {
        effective_from: '2026-11-01',
        experiment: 'exp1',
        champion: { id: 'default', version: 2 },
        challengers: [
          { strategy: { id: 'retail', version: 2 }, shareBps: 6000 },
          { strategy: { id: 'trial', version: 1 }, shareBps: 5000 },
        ],
      },
      400,
    );
    expect(over.error.details.path).toEqual(['challengers', 1, 'shareBps']);
    const split = {
      effective_from: '2026-11-01',
      experiment: 'exp1',
      champion: { id: 'default', version: 2 },
      challengers: [{ strategy: { id: 'retail', version: 2 }, shareBps: 3000 }],
    };
    await call('PUT', '/api/v1/portfolios/alpha/strategy-split', split);
    const got = await call<{ splits: unknown[] }>('GET', '/api/v1/portfolios/alpha/strategy-split');
    expect(got.splits).toEqual([expect.objectContaining({ ...split })]);
    await call<ErrorBody>('GET', '/api/v1/portfolios/nope/strategy-split', undefined, 404);
  });

  it('reports results per version and arm, and checks its period', async () => {
    const r = await call<{ results: unknown[] }>(
      'GET',
      '/api/v1/strategy-results?from=2026-11-01&to=2026-11-30',
    );
    expect(r.results).toEqual([]);
    await call<ErrorBody>(
      'GET',
      '/api/v1/strategy-results?from=2026-12-01&to=2026-11-30',
      undefined,
      400,
    );
    await call<ErrorBody>(
      'GET',
      '/api/v1/strategy-results?from=2026-13-01&to=2026-11-30',
      undefined,
      400,
    );
  });
});
