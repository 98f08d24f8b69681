import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { buildServer } from '../../server.js';
import { createCollector } from '../people/index.js';
import { seedDebtors, testCipher } from './testing.js';
import { anonymous, signedFetch } from '../../../test/support/auth.js';

type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };

describe.each(engines)('compliance routes over HTTP on %s', (engine) => {
  let f: FreshDatabase;
  let app: FastifyInstance;
  // every request signed in (test/support/auth.ts)
  let fetch: typeof globalThis.fetch;
  let base: string;
  let p: string;
  let clock = new Date('2026-11-25T02:00:00Z'); // 10:00 in Shanghai
  const number = '+8613712345678';

  beforeAll(async () => {
    f = await freshDatabase(engine);
    p = String(
      await seedDebtors(f.db, 'book', [
        { debtorId: 'D1', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['A1'] },
        { debtorId: 'D2', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['A2'] },
        { debtorId: 'D3', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['A3'] },
      ]),
    );
    for (const id of ['c-9', 'c-off'])
      await createCollector({
        db: f.db,
        collector: {
          collector_id: id,
          display_name: 'Phone collector',
          role: 'phone_collector',
          unit: 'phone',
          agency_id: null,
          languages: ['zh-CN'],
          skills: [],
          capacity: 3,
          currency: 'CNY',
          monthly_target_minor: 0n,
          monthly_bonus_base_minor: 0n,
          active: id === 'c-9',
        },
      });
    app = await buildServer({ db: f.db, cipher: testCipher, now: () => clock });
    fetch = signedFetch(f.db);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await f.drop();
  });

  async function call<T>(
    method: string,
    path: string,
    status: number,
    body?: unknown,
    collector: string | null | typeof anonymous = 'c-9',
  ): Promise<T> {
    const headers: Record<string, string> = collector === anonymous ? { ...anonymous } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (typeof collector === 'string') headers['x-collector-id'] = collector;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(text).not.toContain('12345678'); // the number never comes back
    expect(text).not.toMatch(/\bat [\w.]+ \(|node_modules/); // no stack trace
    return JSON.parse(text) as T;
  }

  const attempt = (over: Record<string, unknown> = {}) => ({
    portfolio_id: Number(p),
    account_id: 'A1',
    debtor_id: 'D1',
    channel: 'call',
    number,
    identity_disclosed: true,
    ...over,
  });

  it('GET and PUT a portfolio pack: tighten accepted, loosening refused naming the rule', async () => {
    const before = await call<Record<string, unknown>>(
      'GET',
      `/api/v1/portfolios/${p}/compliance`,
      200,
    );
    expect(before).toMatchObject({
      portfolio_id: p,
      version: 0,
      pack: 'cn',
      config: {},
      history: [],
    });
    expect(before.effective).toMatchObject({
      id: 'cn',
      version: '2026.1',
      rules: { hours: { start: '08:00', end: '22:00' } },
    });
    const put = await call<Record<string, unknown>>(
      'PUT',
      `/api/v1/portfolios/${p}/compliance`,
      200,
      {
        pack: 'cn',
        config: { hours: { end: '21:00' } },
        reason: 'tighter evening',
      },
    );
    expect(put).toMatchObject({
      version: 1,
      config: { hours: { end: '21:00' } },
      history: [{ version: 1, pack: 'cn', changed_by: 'collector:c-9', reason: 'tighter evening' }],
    });
    const refused = await call<ErrorBody>('PUT', `/api/v1/portfolios/${p}/compliance`, 400, {
      pack: 'cn',
      config: { unansweredCallsPerNumberDay: { max: 10 } },
    });
    expect(refused.error.code).toBe('validation_failed');
    expect(refused.error.message).toMatch(
      /unansweredCallsPerNumberDay\.max 10 is above the pack's 6 \(CBA 2026/,
    );
    expect(refused.error.details).toEqual({
      pack: 'cn',
      setting: 'unansweredCallsPerNumberDay.max',
      reason: 'loosens_law',
      version: expect.any(String),
      source: expect.stringMatching(/^CBA 2026/),
      value: 10,
      limit: 6,
    });
    const unknown = await call<ErrorBody>('PUT', `/api/v1/portfolios/${p}/compliance`, 400, {
      pack: 'xx',
    });
    expect(unknown.error.message).toBe('unknown rule pack "xx" (known: cn, us, uk)');
    expect(unknown.error.details).toMatchObject({ reason: 'unknown_pack', pack: 'xx' });
    await call<ErrorBody>('GET', '/api/v1/portfolios/987654/compliance', 404);
    await call<ErrorBody>(
      'PUT',
      `/api/v1/portfolios/${p}/compliance`,
      401,
      { pack: 'cn' },
      anonymous,
    );
  });

  it('POST /contact-attempts: 201 when allowed, 422 compliance_blocked with every rule and source', async () => {
    clock = new Date('2026-11-25T02:00:00Z');
    const ok = await call<Record<string, unknown>>(
      'POST',
      '/api/v1/contact-attempts',
      201,
      attempt(),
    );
    expect(ok).toMatchObject({
      allowed: true,
      attempted_at: '2026-11-25T02:00:00.000Z',
      local_date: '2026-11-25',
      pack: { id: 'cn', version: '2026.1', settings_version: 1 },
    });
    expect(ok.attempt_id).toMatch(/^\d+$/);
    clock = new Date('2026-11-25T13:30:00Z'); // 21:30 in Shanghai: after the tightened 21:00
    const blocked = await call<ErrorBody>(
      'POST',
      '/api/v1/contact-attempts',
      422,
      attempt({ recipient: 'unrelated_third_party' }),
    );
    expect(blocked.error.code).toBe('compliance_blocked');
    const rules = blocked.error.details.rules as {
      code: string;
      source: string;
      message: string;
    }[];
    expect(rules.map((r) => r.code)).toEqual(['hours', 'third_party']);
    // a third party is never allowed, so no time lifts the block: no "until"
    expect(rules[0]!.message).toBe('outside contact hours (08:00-21:00 debtor time)');
    expect(rules[1]!.source).toMatch(/CBRC 2011/);
    expect(blocked.error.details.next_allowed_at).toBeNull();
    expect(blocked.error.details.evidence_seq).toMatch(/^\d+$/);
    const [n] = await f.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM contact_attempts WHERE debtor_id = 'D1'",
    );
    expect(n!.n).toBe(1n);
  });

  it('POST /contact-attempts with an Idempotency-Key answers a retry once, refuses a reused key', async () => {
    clock = new Date('2026-11-25T03:00:00Z');
    const send = async (key: string, body: unknown, status: number) => {
      const res = await fetch(`${base}/api/v1/contact-attempts`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-collector-id': 'c-9',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(status);
      return (await res.json()) as Record<string, unknown> & ErrorBody;
    };
    const body = attempt({
      debtor_id: 'D2',
      account_id: 'A2',
      channel: 'letter',
      number: undefined,
    });
    const first = await send('k-1', body, 201);
    clock = new Date('2026-11-25T03:05:00Z');
    const retry = await send('k-1', body, 201);
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ ...first, replayed: true });
    const reused = await send('k-1', { ...body, channel: 'visit' }, 409);
    expect(reused.error).toMatchObject({
      code: 'conflict',
      details: { field: 'idempotency-key', reason: 'idempotency_key_reused' },
    });
    const [n] = await f.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM contact_attempts WHERE debtor_id = 'D2'",
    );
    expect(n!.n).toBe(1n);
  });

  it('POST /contact-attempts: 403 for a user who is no collector, 409 inactive, 400 bad input, 404 unknown debtor', async () => {
    clock = new Date('2026-11-25T02:00:00Z');
    // signed in, but not working as a collector: no anonymous collection
    const missing = await call<ErrorBody>('POST', '/api/v1/contact-attempts', 403, attempt(), null);
    expect(missing.error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'not_a_collector' },
    });
    const inactive = await call<ErrorBody>(
      'POST',
      '/api/v1/contact-attempts',
      409,
      attempt(),
      'c-off',
    );
    expect(inactive.error).toMatchObject({
      code: 'conflict',
      details: { reason: 'collector_inactive', collector_id: 'c-off' },
    });
    const bad = await call<ErrorBody>(
      'POST',
      '/api/v1/contact-attempts',
      400,
      attempt({ number: '0137 1234 5678', channel: 'fax' }),
    );
    expect(bad.error.code).toBe('validation_failed');
    expect(bad.error.message).not.toContain('0137');
    await call<ErrorBody>('POST', '/api/v1/contact-attempts', 404, attempt({ debtor_id: 'ZZ' }));
  });

  it('GET contact-check explains in words and gives the next allowed instant', async () => {
    const evidence = async (): Promise<bigint> => {
      const [r] = await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM evidence_entries');
      return r!.n;
    };
    const entriesBefore = await evidence();
    clock = new Date('2026-11-25T23:00:00Z'); // 07:00 on the 26th in Shanghai
    const early = await call<Record<string, unknown>>(
      'GET',
      `/api/v1/portfolios/${p}/debtors/D2/contact-check?channel=call&recipient=debtor`,
      200,
    );
    expect(early).toEqual({
      allowed: false,
      rules: [
        {
          code: 'hours',
          source: expect.stringMatching(/GB\/T 45251-2025/),
          message: 'outside contact hours (08:00-21:00 debtor time) until 08:00 debtor time',
        },
      ],
      next_allowed_at: '2026-11-26T00:00:00.000Z',
      next_allowed_local: '2026-11-26 08:00',
      local_date: '2026-11-26',
      pack: { id: 'cn', version: '2026.1', settings_version: 1 },
    });
    clock = new Date('2026-11-26T02:00:00Z');
    const now = await call<Record<string, unknown>>(
      'GET',
      `/api/v1/portfolios/${p}/debtors/D2/contact-check?channel=sms`,
      200,
    );
    expect(now).toMatchObject({
      allowed: false,
      rules: [{ code: 'template' }],
      next_allowed_at: null,
    });
    const ok = await call<Record<string, unknown>>(
      'GET',
      `/api/v1/portfolios/${p}/debtors/D2/contact-check?channel=sms&template_id=reminder-1`,
      200,
    );
    expect(ok).toMatchObject({ allowed: true, rules: [], next_allowed_at: null });
    expect(await evidence()).toBe(entriesBefore); // a dry run writes nothing
    await call<ErrorBody>(
      'GET',
      `/api/v1/portfolios/${p}/debtors/D2/contact-check?channel=pigeon`,
      400,
    );
    await call<ErrorBody>(
      'GET',
      `/api/v1/portfolios/${p}/debtors/NOPE/contact-check?channel=call`,
      404,
    );
  });

  it('POST flags: cease_contact, deceased and arrangement_active block, in the evidence log', async () => {
    clock = new Date('2026-11-26T02:00:00Z');
    for (const flag of ['cease_contact', 'deceased', 'arrangement_active'] as const) {
      const set = await call<Record<string, unknown>>(
        'POST',
        `/api/v1/portfolios/${p}/debtors/D3/flags`,
        201,
        { flag, reason: 'reported by the debtor' },
      );
      expect(set).toMatchObject({ flag, value: true, at: '2026-11-26T02:00:00.000Z' });
    }
    clock = new Date('2026-11-26T03:00:00Z');
    const blocked = await call<ErrorBody>(
      'POST',
      '/api/v1/contact-attempts',
      422,
      attempt({ debtor_id: 'D3', account_id: 'A3', channel: 'letter', number: undefined }),
    );
    expect((blocked.error.details.rules as { code: string }[]).map((r) => r.code)).toEqual([
      'cease_contact',
      'arrangement_active',
      'deceased',
    ]);
    const check = await call<{ rules: { message: string }[] }>(
      'GET',
      `/api/v1/portfolios/${p}/debtors/D3/contact-check?channel=call`,
      200,
    );
    expect(check.rules.map((r) => r.message)).toEqual([
      'the debtor asked for no more contact',
      'an installment arrangement is signed and being kept: collection is paused',
      'the debtor is deceased: the estate process takes over',
    ]);
    const kinds = await f.db.query<{ kind: string; n: bigint }>(
      `SELECT kind, count(*) AS n FROM evidence_entries WHERE debtor_id = 'D3'
       GROUP BY kind ORDER BY kind`,
    );
    expect(kinds).toEqual([
      { kind: 'debtor_flag', n: 3n },
      { kind: 'gate_decision', n: 1n },
    ]);
    await call<ErrorBody>('POST', `/api/v1/portfolios/${p}/debtors/D3/flags`, 400, {
      flag: 'vip',
      reason: 'x',
    });
    await call<ErrorBody>('POST', `/api/v1/portfolios/${p}/debtors/ZZ/flags`, 404, {
      flag: 'dispute',
      reason: 'x',
    });
  });

  it('lists the routes in the OpenAPI document', async () => {
    const doc = await call<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json', 200);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/portfolios/{portfolioId}/compliance',
        '/api/v1/contact-attempts',
        '/api/v1/portfolios/{portfolioId}/debtors/{debtorId}/contact-check',
        '/api/v1/portfolios/{portfolioId}/debtors/{debtorId}/flags',
      ]),
    );
  });
});
