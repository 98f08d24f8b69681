/**
 * The administration trail over the real server and database: each audited action leaves exactly
 * one entry of its kind, with who, what, and before/after; a refused action (validation,
 * forbidden, conflict) leaves none, except failed sign-ins; no entry carries a password, a token
 * or personal data; the trail reads back by kind, actor and days, paged; and an altered
 * administration entry fails verification like any other entry.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureApp,
  piiMarker,
  sealAlphaPersonalData,
  type FixtureApp,
} from '../../../test/support/api-fixture.js';
import { anonymous, passwordUser, tokenFor } from '../../../test/support/auth.js';
import { engines } from '../../../test/support/databases.js';
import { defaultStrategyInput } from '../strategy/index.js';
import { asTableOwner } from './testing.js';
import { recordAdministration, verifyEvidence } from './index.js';

type Entry = {
  seq: bigint;
  kind: string;
  actor: string;
  portfolio_id: bigint | null;
  debtor_id: string | null;
  account_id: string | null;
  payload: Record<string, unknown>;
};

/** JSON text of test values (bigints as strings), to look for what must not be there. */
const text = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

const person = { phone: '13800138000', email: 'zhang.san@example.com' };

describe.each(engines)('the administration trail on %s', (engine) => {
  let f: FixtureApp;
  let alpha: bigint;
  const tokens = new Map<string, string>();
  const users = new Map<string, string>();
  let lastSeq = 0n;

  /** The admin_* entries recorded since the last call. */
  const recorded = async (): Promise<Entry[]> => {
    const rows = await f.db.query<Entry>(
      `SELECT seq, kind, actor, portfolio_id, debtor_id, account_id, payload
       FROM evidence_entries WHERE left(kind, 6) = 'admin_' AND seq > $1 ORDER BY seq`,
      [lastSeq],
    );
    const [max] = await f.db.query<{ seq: bigint | null }>(
      'SELECT max(seq) AS seq FROM evidence_entries',
    );
    lastSeq = max?.seq ?? lastSeq;
    return rows;
  };

  const as = (role: string) => ({ authorization: `Bearer ${tokens.get(role)}` });
  const call = (role: string, method: string, url: string, payload?: unknown) =>
    f.app.inject({
      method: method as 'GET',
      url,
      headers: as(role),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = (res: LightMyRequestResponse, status = 200) =>
    expect(res.statusCode, res.body).toBe(status);

  beforeAll(async () => {
    f = await fixtureApp(engine);
    alpha = await sealAlphaPersonalData(f.db, 'A-004', person);
    for (const role of [
      'admin',
      'supervisor',
      'compliance_officer',
      'auditor',
      'analyst',
      'collector',
    ]) {
      tokens.set(role, await tokenFor(f.db, { role }));
      const [u] = await f.db.query<{ username: string }>(
        'SELECT username FROM users WHERE role = $1 ORDER BY user_id DESC LIMIT 1',
        [role],
      );
      users.set(role, u!.username);
    }
    await recorded();
  }, 120_000);
  afterAll(() => f.close());

  const actor = (role: string) => `user:${users.get(role)}`;

  it('records sign-ins, failed ones (name as typed, address, no password), a lockout and sign-out', async () => {
    const password = await passwordUser(f.db, { username: 'signer', role: 'collector' });
    await recorded(); // the user's creation (by the test support)
    const login = (username: string, pw: string) =>
      f.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: anonymous,
        payload: { username, password: pw },
      });
    const good = await login('Signer', password);
    ok(good);
    const [signedIn, ...more] = await recorded();
    expect(more).toEqual([]);
    expect(signedIn).toMatchObject({
      kind: 'admin_sign_in',
      actor: 'user:signer',
      portfolio_id: null,
      debtor_id: null,
      payload: { method: 'password', client_address: '127.0.0.1' },
    });

    expect((await login('Signer ', 'not-the-password-1')).statusCode).toBe(401);
    expect((await login('ghost', 'not-the-password-2')).statusCode).toBe(401);
    expect(await recorded()).toEqual([
      expect.objectContaining({
        kind: 'admin_sign_in_failed',
        actor: 'anonymous',
        payload: { username: 'Signer ', client_address: '127.0.0.1', reason: 'wrong_password' },
      }),
      expect.objectContaining({
        kind: 'admin_sign_in_failed',
        payload: { username: 'ghost', client_address: '127.0.0.1', reason: 'unknown_user' },
      }),
    ]);

    // the fifth failure in a row locks the name: one lock entry with it; the next is refused
    for (let i = 2; i <= 5; i++) await login('signer', `not-the-password-${i}`);
    const five = await recorded();
    expect(five.map((e) => e.kind)).toEqual([
      'admin_sign_in_failed',
      'admin_sign_in_failed',
      'admin_sign_in_failed',
      'admin_sign_in_failed',
      'admin_account_locked',
    ]);
    expect(five[4]!.payload).toMatchObject({ username: 'signer', failures: 5 });
    const locked = await login('signer', password);
    expect(locked.statusCode).toBe(429);
    expect(await recorded()).toEqual([
      expect.objectContaining({
        kind: 'admin_sign_in_failed',
        payload: { username: 'signer', client_address: '127.0.0.1', reason: 'locked' },
      }),
    ]);
    expect(text(five)).not.toMatch(/not-the-password|pw-signer/);

    const cookie = String(good.headers['set-cookie']).split(';')[0]!;
    const { csrf_token } = good.json<{ csrf_token: string }>();
    const out = await f.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf_token },
    });
    ok(out, 204);
    expect(await recorded()).toEqual([
      expect.objectContaining({
        kind: 'admin_sign_out',
        actor: 'user:signer',
        payload: { client_address: '127.0.0.1', reason: 'sign_out' },
      }),
    ]);
    // a session already ended records no second sign-out
    await f.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf_token },
    });
    expect(await recorded()).toEqual([]);
  });

  it('records users created, changed, deactivated and reactivated, with before and after', async () => {
    const created = await call('admin', 'POST', '/api/v1/users', {
      username: 'newbie',
      display_name: 'New Colleague',
      role: 'collector',
      password: 'a-long-enough-password-1',
    });
    ok(created, 201);
    const [c, ...none] = await recorded();
    expect(none).toEqual([]);
    expect(c).toMatchObject({
      kind: 'admin_user_created',
      actor: actor('admin'),
      payload: {
        user: 'newbie',
        password_set: true,
        after: {
          role: 'collector',
          collector_id: null,
          agency_id: null,
          approval_authority: null,
          active: true,
        },
      },
    });
    expect(text(c)).not.toMatch(/a-long-enough-password|New Colleague|argon2/);

    const patch = (body: unknown, role = 'admin') =>
      call(role, 'PATCH', '/api/v1/users/newbie', body);
    ok(await patch({ role: 'supervisor', approval_authority: 'manager' }));
    ok(await patch({ active: false }));
    ok(await patch({ active: true, display_name: 'Renamed' }));
    ok(await patch({ password: 'another-long-password-2' }));
    const changes = await recorded();
    expect(changes.map((e) => [e.kind, e.actor])).toEqual([
      ['admin_user_changed', actor('admin')],
      ['admin_user_deactivated', actor('admin')],
      ['admin_user_reactivated', actor('admin')],
      ['admin_user_changed', actor('admin')],
    ]);
    expect(changes[0]!.payload).toEqual({
      user: 'newbie',
      changes: {
        role: { before: 'collector', after: 'supervisor' },
        approval_authority: { before: null, after: 'manager' },
      },
      display_name_changed: false,
      password_changed: false,
      sessions_ended: 0,
    });
    expect(changes[2]!.payload).toMatchObject({
      changes: { active: { before: false, after: true } },
      display_name_changed: true,
    });
    expect(changes[3]!.payload).toMatchObject({ changes: {}, password_changed: true });
    expect(text(changes)).not.toMatch(/another-long-password|Renamed/);

    // refused: nothing recorded
    expect((await patch({ role: 'no_such_role' })).statusCode).toBe(400);
    expect((await patch({ role: 'collector' }, 'supervisor')).statusCode).toBe(403);
    expect((await patch({})).statusCode).toBe(200); // changes nothing: records nothing
    const dup = await call('admin', 'POST', '/api/v1/users', {
      username: 'newbie',
      display_name: 'Twice',
      role: 'collector',
    });
    expect(dup.statusCode).toBe(409);
    expect(
      (
        await call('admin', 'POST', '/api/v1/users', {
          username: 'x',
          display_name: 'X',
          role: 'collector',
        })
      ).statusCode,
    ).toBe(400);
    expect(await recorded()).toEqual([]);
  });

  it('records API tokens issued and revoked, never the secret or its digest', async () => {
    const res = await call('admin', 'POST', `/api/v1/users/${users.get('auditor')}/tokens`, {
      name: 'regulator feed',
      scopes: ['audit.read'],
      days: 30,
    });
    ok(res, 201);
    const { token, token_id } = res.json<{ token: string; token_id: string }>();
    const [issued] = await recorded();
    expect(issued).toMatchObject({
      kind: 'admin_token_created',
      actor: actor('admin'),
      payload: {
        token_id,
        user: users.get('auditor'),
        name: 'regulator feed',
        scopes: ['audit.read'],
      },
    });
    const digest = createHash('sha256').update(token).digest('hex');
    const issuedText = text(issued);
    expect(issuedText).not.toContain(token);
    expect(issuedText).not.toContain(token.slice(-20));
    expect(issuedText).not.toContain(digest);

    ok(await call('admin', 'DELETE', `/api/v1/api-tokens/${token_id}`), 204);
    expect(await recorded()).toEqual([
      expect.objectContaining({
        kind: 'admin_token_revoked',
        actor: actor('admin'),
        payload: { token_id, user: users.get('auditor') },
      }),
    ]);
    expect((await call('admin', 'DELETE', `/api/v1/api-tokens/${token_id}`)).statusCode).toBe(404);
    const tooBroad = await call('admin', 'POST', `/api/v1/users/${users.get('auditor')}/tokens`, {
      name: 'too broad',
      scopes: ['payments.post'],
    });
    expect(tooBroad.statusCode).toBe(400);
    expect(await recorded()).toEqual([]);
  });

  it('records strategy versions created, revised, amended and activated, and splits', async () => {
    // as the API takes it: money as strings of minor units
    const input = JSON.parse(text(defaultStrategyInput())) as Record<string, unknown>;
    input.id = 'audited';
    delete input.version;
    delete input.status;
    ok(await call('supervisor', 'POST', '/api/v1/strategies', input), 201);
    ok(await call('supervisor', 'PATCH', '/api/v1/strategies/audited/versions/1', { name: 'A1' }));
    ok(await call('supervisor', 'POST', '/api/v1/strategies/audited/versions/1/activate'));
    ok(
      await call('supervisor', 'POST', '/api/v1/strategies/audited/versions', { name: 'A2' }),
      201,
    );
    ok(await call('supervisor', 'POST', '/api/v1/strategies/audited/versions/2/activate'));
    const split = {
      effective_from: '2026-12-01',
      experiment: 'exp-1',
      champion: { id: 'audited', version: 2 },
      challengers: [],
    };
    ok(await call('supervisor', 'PUT', '/api/v1/portfolios/alpha/strategy-split', split));
    const entries = await recorded();
    expect(entries.map((e) => [e.kind, e.actor, e.payload.version ?? null])).toEqual([
      ['admin_strategy_created', actor('supervisor'), 1],
      ['admin_strategy_amended', actor('supervisor'), 1],
      ['admin_strategy_activated', actor('supervisor'), 1],
      ['admin_strategy_version_created', actor('supervisor'), 2],
      ['admin_strategy_activated', actor('supervisor'), 2],
      ['admin_strategy_split_set', actor('supervisor'), null],
    ]);
    expect(entries[0]!.payload.after).toMatchObject({ name: 'Default collections' });
    expect(entries[1]!.payload.changes).toEqual({
      name: { before: 'Default collections', after: 'A1' },
    });
    expect(entries[2]!.payload).toMatchObject({ retired_version: null });
    expect(entries[3]!.payload).toMatchObject({
      from_version: 1,
      changes: { name: { before: 'A1', after: 'A2' } },
    });
    expect(entries[4]!.payload).toMatchObject({ retired_version: 1 });
    expect(entries[5]).toMatchObject({
      portfolio_id: alpha,
      debtor_id: null,
      payload: {
        portfolio: 'alpha',
        effective_from: '2026-12-01',
        before: null,
        after: { experiment: 'exp-1', champion: { id: 'audited', version: 2 } },
      },
    });

    // refused: invalid, immutable, not active, forbidden
    expect((await call('supervisor', 'POST', '/api/v1/strategies', { id: 'bad' })).statusCode).toBe(
      400,
    );
    expect(
      (await call('supervisor', 'PATCH', '/api/v1/strategies/audited/versions/1', { name: 'x' }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await call('supervisor', 'PUT', '/api/v1/portfolios/alpha/strategy-split', {
          ...split,
          champion: { id: 'audited', version: 1 },
        })
      ).statusCode,
    ).toBe(400);
    expect((await call('analyst', 'POST', '/api/v1/strategies', input)).statusCode).toBe(403);
    expect(await recorded()).toEqual([]);
  });

  it('records rule-pack changes per portfolio with before and after; a loosening records nothing', async () => {
    const url = `/api/v1/portfolios/${alpha}/compliance`;
    ok(
      await call('compliance_officer', 'PUT', url, {
        pack: 'cn',
        config: { hours: { end: '21:00' } },
        reason: 'board decision',
      }),
    );
    ok(await call('compliance_officer', 'PUT', url, { pack: 'uk', config: {} }));
    const [first, second, ...rest] = await recorded();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      kind: 'admin_rule_pack_changed',
      actor: actor('compliance_officer'),
      portfolio_id: alpha,
      debtor_id: null,
      payload: {
        version: 1,
        before: { pack: 'cn', config: {} },
        after: { pack: 'cn', config: { hours: { end: '21:00' } } },
        reason: 'board decision',
      },
    });
    expect(second!.payload).toMatchObject({
      version: 2,
      before: { pack: 'cn', config: { hours: { end: '21:00' } } },
      after: { pack: 'uk', config: {} },
    });
    const loosen = await call('compliance_officer', 'PUT', url, {
      pack: 'cn',
      config: { hours: { end: '23:00' } },
    });
    expect(loosen.statusCode).toBe(400);
    expect((await call('supervisor', 'PUT', url, { pack: 'cn', config: {} })).statusCode).toBe(403);
    expect(await recorded()).toEqual([]);
  });

  it('records the maker-checker steps of templates; a refused step records nothing', async () => {
    const body = {
      template_id: 'audit-sms',
      locale: 'en',
      channel: 'sms',
      subject: null,
      body: '{{bank_name}}: {{amount_due}} is due on {{due_date}}. Call {{bank_hotline}}.',
    };
    ok(await call('supervisor', 'POST', '/api/v1/templates', body), 201);
    expect(await recorded()).toEqual([]); // a draft is not an approval step
    const step = (role: string, action: string, note?: string) =>
      call(role, 'POST', `/api/v1/templates/audit-sms/versions/1/${action}`, note ? { note } : {});
    ok(await step('supervisor', 'submit'));
    expect((await step('supervisor', 'approve')).statusCode).toBe(403); // no templates.approve
    expect((await step('compliance_officer', 'retire')).statusCode).toBe(409); // not approved
    ok(await step('compliance_officer', 'approve', 'fine'));
    ok(await step('compliance_officer', 'retire'));
    const entries = await recorded();
    expect(entries.map((e) => [e.kind, e.actor, e.payload.before, e.payload.after])).toEqual([
      [
        'admin_template_submitted',
        actor('supervisor'),
        { status: 'draft' },
        { status: 'pending_approval' },
      ],
      [
        'admin_template_approved',
        actor('compliance_officer'),
        { status: 'pending_approval' },
        { status: 'approved' },
      ],
      [
        'admin_template_retired',
        actor('compliance_officer'),
        { status: 'approved' },
        { status: 'retired' },
      ],
    ]);
    expect(entries[1]!.payload).toMatchObject({
      template: 'audit-sms',
      version: 1,
      channel: 'sms',
      locale: 'en',
      maker: `user:${users.get('supervisor')}`,
      note: 'fine',
    });
  });

  it('records fallback-locale changes per portfolio and bank-wide, with before and after', async () => {
    const url = '/api/v1/templates/fallback-locale';
    const set = (role: string, portfolio: bigint | null, locale: string | null) =>
      call(role, 'PUT', url, {
        portfolio_id: portfolio === null ? null : String(portfolio),
        locale,
      });
    ok(await set('compliance_officer', alpha, 'en'));
    ok(await set('compliance_officer', alpha, 'zh-CN'));
    ok(await set('compliance_officer', null, 'en'));
    ok(await set('compliance_officer', alpha, null));
    const change = (before: string | null, after: string | null) => ({
      fallback_locale: { before, after },
    });
    expect((await recorded()).map((e) => [e.kind, e.actor, e.portfolio_id, e.payload])).toEqual([
      [
        'admin_fallback_locale_set',
        actor('compliance_officer'),
        alpha,
        { scope: 'portfolio', changes: change(null, 'en') },
      ],
      [
        'admin_fallback_locale_set',
        actor('compliance_officer'),
        alpha,
        { scope: 'portfolio', changes: change('en', 'zh-CN') },
      ],
      [
        'admin_fallback_locale_set',
        actor('compliance_officer'),
        null,
        { scope: 'bank', changes: change(null, 'en') },
      ],
      [
        'admin_fallback_locale_set',
        actor('compliance_officer'),
        alpha,
        { scope: 'portfolio', changes: change('zh-CN', null) },
      ],
    ]);
    // refused: no templates.approve, an unknown portfolio, an unknown locale
    expect((await set('supervisor', alpha, 'en')).statusCode).toBe(403);
    expect((await set('compliance_officer', 999_999n, 'en')).statusCode).toBe(404);
    expect((await set('compliance_officer', alpha, 'fr')).statusCode).toBe(400);
    expect(await recorded()).toEqual([]);

    const res = await call(
      'auditor',
      'GET',
      '/api/v1/audit/administration?kind=admin_fallback_locale_set',
    );
    ok(res);
    const items = res.json<{
      items: { actor: string; portfolio_id: string | null; payload: unknown }[];
    }>().items;
    expect(items.map((e) => [e.actor, e.portfolio_id, e.payload])).toEqual([
      [
        actor('compliance_officer'),
        String(alpha),
        { scope: 'portfolio', changes: change('zh-CN', null) },
      ],
      [actor('compliance_officer'), null, { scope: 'bank', changes: change(null, 'en') }],
      [
        actor('compliance_officer'),
        String(alpha),
        { scope: 'portfolio', changes: change('en', 'zh-CN') },
      ],
      [
        actor('compliance_officer'),
        String(alpha),
        { scope: 'portfolio', changes: change(null, 'en') },
      ],
    ]);
  });

  it('records briefing exports and personal-data reveals, never the data revealed', async () => {
    for (const format of ['json', 'csv', 'pdf'])
      ok(await call('supervisor', 'GET', `/api/v1/briefing?format=${format}&portfolio=alpha`));
    const exports = await recorded();
    expect(exports.map((e) => [e.kind, e.actor, e.payload])).toEqual(
      ['json', 'csv', 'pdf'].map((format) => [
        'admin_briefing_exported',
        actor('supervisor'),
        { as_of: '2026-11-25', portfolio: 'alpha', format, via: 'api' },
      ]),
    );
    expect((await call('supervisor', 'GET', '/api/v1/briefing?portfolio=nope')).statusCode).toBe(
      404,
    );
    expect((await call('collector', 'GET', '/api/v1/briefing')).statusCode).toBe(403);
    expect(await recorded()).toEqual([]);

    const url = `/api/v1/portfolios/${alpha}/accounts/A-004/personal-data`;
    ok(await call('supervisor', 'GET', url)); // masked: not a reveal
    const reveal = await call('supervisor', 'POST', `${url}/reveal`, {
      fields: ['phone', 'email'],
      purpose: 'complaint_handling',
      note: 'caller 13800138000 asked',
    });
    ok(reveal);
    const [r, ...more] = await recorded();
    expect(more).toEqual([]);
    expect(r).toMatchObject({
      kind: 'admin_personal_data_revealed',
      actor: actor('supervisor'),
      portfolio_id: alpha,
      debtor_id: 'D-A-004',
      account_id: 'A-004',
      payload: {
        read_id: reveal.json<{ read_id: string }>().read_id,
        fields: ['phone', 'email'],
        purpose: 'complaint_handling',
        note_given: true,
      },
    });
    expect(text(r)).not.toMatch(/13800138000|zhang\.san/);
    expect(text(r)).not.toContain(piiMarker);
    const refused = await call('supervisor', 'POST', `${url}/reveal`, {
      fields: ['national_id'],
      purpose: 'complaint_handling',
    });
    expect(refused.statusCode).toBe(404); // the account has no national id
    expect(
      (
        await call('auditor', 'POST', `${url}/reveal`, {
          fields: ['phone'],
          purpose: 'verify_identity',
        })
      ).statusCode,
    ).toBe(403);
    expect(await recorded()).toEqual([]);
  });

  it('reads the trail newest first by kind, actor and days, paged; for admin, compliance and audit only', async () => {
    const at = (d: string) => new Date(`${d}T03:00:00Z`);
    for (const [day, who] of [
      ['2026-10-01', 'user:early'],
      ['2026-10-02', 'user:early'],
      ['2026-10-03', 'user:late'],
    ] as const)
      await recordAdministration({
        db: f.db,
        entry: {
          kind: 'admin_checkpoints_exported',
          actor: who,
          occurredAt: at(day),
          payload: { day },
        },
      });
    type Page = {
      items: { seq: number; kind: string; actor: string; payload: { day?: string } }[];
      next_cursor: string | null;
    };
    const get = async (query: string, role = 'auditor') => {
      const res = await call(role, 'GET', `/api/v1/audit/administration?${query}`);
      ok(res);
      return res.json<Page>();
    };
    const all = await get('kind=admin_checkpoints_exported');
    expect(all.items.map((e) => e.payload.day)).toEqual(['2026-10-03', '2026-10-02', '2026-10-01']);
    expect((await get('actor=user:early')).items.map((e) => e.payload.day)).toEqual([
      '2026-10-02',
      '2026-10-01',
    ]);
    // days in the bank's zone (Asia/Shanghai): 03:00Z is 11:00 there
    expect(
      (await get('kind=admin_checkpoints_exported&from=2026-10-02&to=2026-10-02')).items.map(
        (e) => e.payload.day,
      ),
    ).toEqual(['2026-10-02']);

    // every entry of this suite, page by page, newest first, each once
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await get(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.next_cursor;
    } while (cursor);
    const [n] = await f.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM evidence_entries WHERE left(kind, 6) = 'admin_'",
    );
    expect(seen.length).toBe(Number(n!.n));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);

    for (const role of ['admin', 'compliance_officer']) await get('limit=1', role);
    for (const role of ['supervisor', 'collector', 'analyst'])
      expect((await call(role, 'GET', '/api/v1/audit/administration')).statusCode).toBe(403);
    for (const bad of ['kind=contact_attempt', 'from=2026-13-01', 'cursor=abc', 'limit=0'])
      expect((await call('auditor', 'GET', `/api/v1/audit/administration?${bad}`)).statusCode).toBe(
        400,
      );
    await recorded();
  });

  it('verifies with the administration entries chained in, and names an altered one', async () => {
    const before = await verifyEvidence({ db: f.db });
    expect(before.ok).toBe(true);
    const [victim] = await f.db.query<{ seq: bigint }>(
      "SELECT seq FROM evidence_entries WHERE kind = 'admin_user_created' AND payload->>'user' = 'newbie'",
    );
    await asTableOwner(
      f.db,
      `UPDATE evidence_entries SET payload = jsonb_set(payload, '{after,role}', '"admin"')
       WHERE seq = $1`,
      [victim!.seq],
    );
    const after = await verifyEvidence({ db: f.db });
    expect(after).toMatchObject({
      ok: false,
      first_bad: { reason: 'altered', seq: Number(victim!.seq) },
    });
    const res = await call(
      'auditor',
      'GET',
      '/api/v1/audit/administration?kind=admin_user_created',
    );
    const item = res
      .json<{ items: { seq: number; verification: string }[] }>()
      .items.find((e) => e.seq === Number(victim!.seq));
    expect(item?.verification).toBe('altered');
  });
});
