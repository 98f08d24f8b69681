/**
 * Sign-in, sessions, CSRF, the throttle and API tokens over the real server and database.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordUser, tokenFor } from '../../../test/support/auth.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { buildServer } from '../../server.js';

type Session = {
  user: { username: string; role: string; permissions: string[] };
  csrf_token: string;
};

function cookieOf(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const line = (Array.isArray(set) ? set : [set ?? '']).find((c) =>
    c.startsWith('recourse_session='),
  );
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(set)}`);
  return line.split(';')[0]!;
}

describe.each(engines)('sign-in and sessions on %s', (engine) => {
  let f: FreshDatabase;
  let app: FastifyInstance;
  let clock = new Date('2026-12-02T08:00:00Z');
  let supervisorPw: string;
  let adminPw: string;

  beforeAll(async () => {
    f = await freshDatabase(engine);
    await f.db.exec(`INSERT INTO portfolios (name) VALUES ('p')`);
    supervisorPw = await passwordUser(f.db, { username: 'sup', role: 'supervisor' });
    adminPw = await passwordUser(f.db, { username: 'adm', role: 'admin' });
    app = await buildServer({
      db: f.db,
      now: () => clock,
      security: { sessionPolicy: { idleMinutes: 30, absoluteHours: 12 }, signInsPerMinute: 1000 },
    });
  });
  afterAll(async () => {
    await app.close();
    await f.drop();
  });

  const login = (username: string, password: string, cookie?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      ...(cookie ? { headers: { cookie } } : {}),
    });

  it('signs in with a password into an HttpOnly, SameSite=Strict cookie, never a stack trace', async () => {
    const res = await login('SUP ', supervisorPw);
    expect(res.statusCode, res.body).toBe(200);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toMatch(/Secure/); // plain HTTP here; 'auto' makes it Secure over HTTPS
    const body = res.json<Session>();
    expect(body.user).toMatchObject({ username: 'sup', role: 'supervisor' });
    expect(body.user.permissions).toContain('arrangements.approve');
    const me = await app.inject({
      url: '/api/v1/auth/session',
      headers: { cookie: cookieOf(res) },
    });
    expect(me.json<Session>().csrf_token).toBe(body.csrf_token);
  });

  it('answers a wrong password and an unknown name alike', async () => {
    const a = await login('sup', 'wrong-password-1');
    const b = await login('nobody-here', 'wrong-password-1');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
    expect(a.headers['set-cookie']).toBeUndefined();
  });

  it('locks a name after 5 failures in a row for 15 minutes, even for the right password', async () => {
    await passwordUser(f.db, { username: 'victim', role: 'collector' });
    for (let i = 0; i < 5; i++)
      expect((await login('victim', `bad-${i}-password`)).statusCode).toBe(401);
    const locked = await login('victim', 'pw-victim-0123456789');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({
      error: { code: 'rate_limited', details: { retry_after: '2026-12-02T08:15:00.000Z' } },
    });
    // unknown names lock the same way: the answer never tells which names exist
    for (let i = 0; i < 5; i++) await login('ghost', `bad-${i}-password`);
    expect((await login('ghost', 'anything-at-all')).statusCode).toBe(429);
    clock = new Date('2026-12-02T08:15:00Z');
    expect((await login('victim', 'pw-victim-0123456789')).statusCode).toBe(200);
  });

  it('never keeps a session the browser brought along (session fixation)', async () => {
    const first = cookieOf(await login('sup', supervisorPw));
    const second = await login('sup', supervisorPw, first);
    expect(cookieOf(second)).not.toBe(first);
    const old = await app.inject({ url: '/api/v1/auth/session', headers: { cookie: first } });
    expect(old.statusCode).toBe(401);
    // a made-up session id is worth nothing
    const planted = await app.inject({
      url: '/api/v1/auth/session',
      headers: { cookie: 'recourse_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(planted.statusCode).toBe(401);
  });

  it('refuses a change without the CSRF token, or with another session’s', async () => {
    const a = await login('sup', supervisorPw);
    const b = await login('sup', supervisorPw);
    const cookie = cookieOf(a);
    const change = (csrf?: string) =>
      app.inject({
        method: 'PUT',
        url: '/api/v1/unit-targets/phone',
        headers: { cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        payload: { currency: 'CNY', monthly_target_minor: '1000' },
      });
    const none = await change();
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'csrf' } },
    });
    expect((await change(b.json<Session>().csrf_token)).statusCode).toBe(403);
    // the supervisor may not manage people at all: the permission check answers
    const right = await change(a.json<Session>().csrf_token);
    expect(right.json()).toMatchObject({
      error: { code: 'forbidden', details: { permission: 'people.manage' } },
    });
    const adm = await login('adm', adminPw);
    const ok = await app.inject({
      method: 'PUT',
      url: '/api/v1/unit-targets/phone',
      headers: { cookie: cookieOf(adm), 'x-csrf-token': adm.json<Session>().csrf_token },
      payload: { currency: 'CNY', monthly_target_minor: '1000' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('ends a session on sign-out, after 30 idle minutes, and on a change of role', async () => {
    const s = await login('sup', supervisorPw);
    const cookie = cookieOf(s);
    const me = () => app.inject({ url: '/api/v1/auth/session', headers: { cookie } });
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await me()).statusCode).toBe(200); // used: the idle time starts again
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await me()).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 30 * 60_000);
    const idle = await me();
    expect(idle.statusCode).toBe(401);
    expect(idle.json()).toMatchObject({ error: { code: 'unauthenticated' } });

    const again = await login('sup', supervisorPw);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: cookieOf(again), 'x-csrf-token': again.json<Session>().csrf_token },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/recourse_session=;/);
    const after = await app.inject({
      url: '/api/v1/auth/session',
      headers: { cookie: cookieOf(again) },
    });
    expect(after.statusCode).toBe(401);

    const held = cookieOf(await login('sup', supervisorPw));
    const adm = await login('adm', adminPw);
    const demote = await app.inject({
      method: 'PATCH',
      url: '/api/v1/users/sup',
      headers: { cookie: cookieOf(adm), 'x-csrf-token': adm.json<Session>().csrf_token },
      payload: { role: 'analyst' },
    });
    expect(demote.statusCode, demote.body).toBe(200);
    const gone = await app.inject({ url: '/api/v1/auth/session', headers: { cookie: held } });
    expect(gone.statusCode).toBe(401);
    const relogin = await login('sup', supervisorPw);
    expect(relogin.json<Session>().user.role).toBe('analyst');
  });

  it('issues scoped, expiring API tokens kept only as digests', async () => {
    const adm = await login('adm', adminPw);
    const headers = { cookie: cookieOf(adm), 'x-csrf-token': adm.json<Session>().csrf_token };
    await passwordUser(f.db, { username: 'ledger-feed', role: 'supervisor' });
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/users/ledger-feed/tokens',
      headers,
      payload: { name: 'core banking', scopes: ['payments.read'], days: 1 },
    });
    expect(made.statusCode, made.body).toBe(201);
    const { token } = made.json<{ token: string }>();
    expect(token).toMatch(/^rct_[a-z0-9]{12}_/);
    const stored = await f.db.query<{ t: string }>('SELECT api_tokens::text AS t FROM api_tokens');
    for (const r of stored) expect(r.t).not.toContain(token.slice(17));
    const bearer = { authorization: `Bearer ${token}` };
    // within scope: the route runs (404: no such account); outside: 403 naming the permission
    const inScope = await app.inject({
      url: '/api/v1/portfolios/1/accounts/none/ledger',
      headers: bearer,
    });
    expect(inScope.statusCode).not.toBe(403);
    const outside = await app.inject({ url: '/api/v1/accounts', headers: bearer });
    expect(outside.json()).toMatchObject({
      error: { code: 'forbidden', details: { permission: 'portfolio.read' } },
    });
    // tokens do not need CSRF: they are not sent by browsers on their own
    const tooWide = await app.inject({
      method: 'POST',
      url: '/api/v1/users/ledger-feed/tokens',
      headers,
      payload: { name: 'x', scopes: ['users.manage'] },
    });
    expect(tooWide.statusCode).toBe(400);
    clock = new Date(clock.getTime() + 86_400_000);
    expect(
      (await app.inject({ url: '/api/v1/portfolios/1/accounts/none/ledger', headers: bearer }))
        .statusCode,
    ).toBe(401);
    const fresh = await tokenFor(f.db, { role: 'auditor' });
    const auditor = { authorization: `Bearer ${fresh}` };
    expect((await app.inject({ url: '/api/v1/accounts', headers: auditor })).statusCode).toBe(200);
    const admin = await login('adm', adminPw);
    const revoke = (csrf: Record<string, string>) =>
      app.inject({
        method: 'DELETE',
        url: `/api/v1/api-tokens/${fresh.slice(4, 16)}`,
        headers: { cookie: cookieOf(admin), ...csrf },
      });
    expect((await revoke({})).statusCode).toBe(403); // a cookie without its CSRF token
    expect((await revoke({ 'x-csrf-token': admin.json<Session>().csrf_token })).statusCode).toBe(
      204,
    );
    expect((await app.inject({ url: '/api/v1/accounts', headers: auditor })).statusCode).toBe(401);
  });

  it.each([
    ['a malformed token', { authorization: 'Bearer not-a-token' }],
    ['a well-formed unknown token', { authorization: `Bearer rct_abcdefghijkl_${'x'.repeat(43)}` }],
    ['another scheme', { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' }],
    ['a garbage cookie', { cookie: 'recourse_session=%%%' }],
    ['nothing', {}],
  ])('answers %s with 401 in the error shape', async (_name, headers) => {
    const res = await app.inject({ url: '/api/v1/accounts', headers });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('refuses oversized bodies (413) and unknown fields (400) in the error shape, with security headers', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'sup', password: 'x'.repeat(1_100_000) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'sup', password: supervisorPw, remember: true },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect(unknown.headers['x-content-type-options']).toBe('nosniff');
    expect(unknown.headers['x-frame-options']).toBe('DENY');
    expect(unknown.headers['content-security-policy']).toContain("script-src 'self'");
    expect(unknown.headers['x-powered-by']).toBeUndefined();
  });
});

describe('sign-in rate limit per address', () => {
  it('answers 429 after the limit, in the error shape', async () => {
    const f = await freshDatabase('pglite');
    const app = await buildServer({ db: f.db, security: { signInsPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `u${i}`, password: 'wrong-password-x' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429)
          expect(res.json()).toMatchObject({ error: { code: 'rate_limited' } });
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await app.close();
      await f.drop();
    }
  });
});
