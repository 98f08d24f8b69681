/**
 * Single sign-on through OpenID Connect, end to end over real HTTP: the real server on a port of
 * 127.0.0.1 and a real OpenID provider (oidc-provider) on another, its login page driven by HTTP
 * requests with cookies, on every engine. The provider proves identity; Recourse decides who may
 * sign in.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordUser, tokenFor } from '../../../test/support/auth.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import {
  CookieJar,
  reserveAppServer,
  signInAtProvider,
  startTestProvider,
  type TestProvider,
} from '../../../test/support/oidc.js';
import { buildServer } from '../../server.js';
import { oidcCallbackPath } from '../../shared/config.js';
import { createLogger } from '../../shared/log.js';

type Session = { user: { username: string; role: string }; csrf_token: string };

const accounts = {
  'idp-alice': { preferred_username: ' Alice ', name: 'Alice A.' },
  'idp-alice-2': { preferred_username: 'alice', name: 'A new Alice at the provider' },
  'idp-bob': { preferred_username: 'bob' },
  'idp-carol': { preferred_username: 'c.someone-else' },
  'idp-dave-new': { preferred_username: 'dave' },
  'idp-stranger': { preferred_username: 'stranger' },
  'idp-noname': { name: 'No user name claim' },
  'idp-erin': { preferred_username: 'erin' },
};

const refused = '/login?error=sso_refused';
const failed = '/login?error=sso_failed';

describe.each(engines)('single sign-on (OpenID Connect) on %s', (engine) => {
  let f: FreshDatabase;
  let idp: TestProvider;
  let base: string;
  let closeApp: () => Promise<void>;
  let adminToken: string;
  let clock = new Date();
  const now = () => clock;
  // the server's warnings: why each single sign-on was refused (the browser is told less)
  const warnings: { msg: string; reason?: string; cause?: string }[] = [];
  const logger = createLogger(
    'warn',
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          warnings.push(JSON.parse(line) as (typeof warnings)[number]);
        cb();
      },
    }),
  );
  const lastRefusal = () => warnings.filter((w) => w.msg === 'single sign-on refused').at(-1);

  beforeAll(async () => {
    f = await freshDatabase(engine);
    await passwordUser(f.db, { username: 'alice', role: 'supervisor' });
    await passwordUser(f.db, { username: 'bob', role: 'collector' });
    await passwordUser(f.db, { username: 'carol', role: 'analyst' });
    await passwordUser(f.db, { username: 'dave', role: 'auditor' });
    await passwordUser(f.db, { username: 'erin', role: 'auditor' });
    await f.db.query(`UPDATE users SET active = false WHERE username = 'bob'`);
    await f.db.query(`UPDATE users SET oidc_subject = 'idp-dave-old' WHERE username = 'dave'`);
    adminToken = await tokenFor(f.db, { role: 'admin' });
    const server = await reserveAppServer();
    base = server.base;
    idp = await startTestProvider({ redirectUri: `${base}${oidcCallbackPath}`, accounts });
    const app = await buildServer({
      db: f.db,
      now,
      logger,
      security: { signInsPerMinute: 10_000 },
      oidc: idp.settings(),
    });
    await server.attach(app);
    closeApp = async () => {
      await server.close();
      await app.close();
    };
  });
  afterAll(async () => {
    await closeApp?.();
    await idp?.close();
    await f?.drop();
  });

  const get = (path: string, jar = new CookieJar()) =>
    fetch(new URL(path, base), { redirect: 'manual', headers: jar.header() }).then((r) => {
      jar.take(r);
      return r;
    });

  /** The browser presses "Sign in with ...": its jar gets the sign-in cookie. */
  async function start(jar = new CookieJar()): Promise<{ jar: CookieJar; authorization: URL }> {
    const res = await get('/api/v1/auth/oidc/start', jar);
    expect(res.status).toBe(302);
    return { jar, authorization: new URL(res.headers.get('location')!) };
  }

  /** The whole sign-in as `subject` at the provider: the app's answer to the callback. */
  async function signInAs(subject: string, jar = new CookieJar()) {
    const s = await start(jar);
    const callback = await signInAtProvider(s.authorization.href, subject);
    const res = await get(callback.href, jar);
    return { res, jar, callback, location: res.headers.get('location') };
  }

  const sessionOf = async (jar: CookieJar) => {
    const res = await get('/api/v1/auth/session', jar);
    return {
      status: res.status,
      body: res.status === 200 ? ((await res.json()) as Session) : null,
    };
  };

  const patchUser = (username: string, body: unknown) =>
    fetch(`${base}/api/v1/users/${username}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const subjectOf = async (username: string) =>
    (
      await f.db.query<{ oidc_subject: string | null }>(
        'SELECT oidc_subject FROM users WHERE username = $1',
        [username],
      )
    )[0]!.oidc_subject;

  it('tells the login page that single sign-on is on, and its label', async () => {
    const res = await get('/api/v1/auth/providers');
    expect(await res.json()).toEqual({
      password: true,
      oidc: { label: 'Test IdP', start_url: '/api/v1/auth/oidc/start' },
    });
  });

  it('starts the code flow with PKCE, state and nonce; the sign-in cookie is Lax and HttpOnly', async () => {
    const res = await get('/api/v1/auth/oidc/start');
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    const q = to.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(idp.clientId);
    expect(q.get('redirect_uri')).toBe(`${base}${oidcCallbackPath}`);
    expect(q.get('scope')).toBe('openid profile');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{43}$/);
    const set = res.headers.getSetCookie();
    expect(set).toHaveLength(1);
    expect(set[0]).toMatch(/^recourse_oidc=[\w-]{43};/);
    expect(set[0]).toMatch(/Max-Age=600/);
    expect(set[0]).toMatch(/Path=\/api\/v1\/auth\/oidc/);
    expect(set[0]).toMatch(/HttpOnly/);
    expect(set[0]).toMatch(/SameSite=Lax/);
    // only the digest of the browser's id is kept, with the flow's secrets
    const rows = await f.db.query<{ login_hash: Buffer; code_verifier: string }>(
      'SELECT login_hash, code_verifier FROM oidc_sign_ins',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.login_hash.length === 32)).toBe(true);
  });

  it('signs an existing user in by the claimed name, pins the subject, and gives the same session as a password', async () => {
    expect(await subjectOf('alice')).toBeNull();
    const { res, jar, location } = await signInAs('idp-alice');
    expect(res.status).toBe(302);
    expect(location).toBe('/');
    const set = res.headers.getSetCookie();
    const session = set.find((c) => c.startsWith('recourse_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\//);
    // the sign-in cookie is spent
    expect(set.find((c) => c.startsWith('recourse_oidc='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(jar.cookies.has('recourse_oidc')).toBe(false);
    expect(await subjectOf('alice')).toBe('idp-alice');

    // a protected route answers as alice, with her role's rights and nothing more
    const me = await sessionOf(jar);
    expect(me.status).toBe(200);
    expect(me.body!.user).toMatchObject({ username: 'alice', role: 'supervisor' });
    expect((await get('/api/v1/portfolios', jar)).status).toBe(200);
    expect((await get('/api/v1/users', jar)).status).toBe(403);
    // the session row is a password sign-in's: 12 hours from now at most
    const [row] = await f.db.query<{ expires_at: Date; created_at: Date }>(
      `SELECT s.expires_at, s.created_at FROM sessions s JOIN users u USING (user_id)
       WHERE u.username = 'alice' AND s.revoked_at IS NULL`,
    );
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBe(12 * 3_600_000);

    // a change needs the session's CSRF token
    const logout = (headers: Record<string, string>) =>
      fetch(`${base}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { ...jar.header(), ...headers },
      });
    const without = await logout({});
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ error: { details: { reason: 'csrf' } } });
    expect((await logout({ 'x-csrf-token': me.body!.csrf_token })).status).toBe(204);
    expect((await sessionOf(jar)).status).toBe(401);

    // signed in again later: by the pinned subject
    const again = await signInAs('idp-alice');
    expect(again.location).toBe('/');
    expect((await sessionOf(again.jar)).body!.user.username).toBe('alice');

    // both sign-ins are in the administration trail, as single sign-ons
    const trail = await f.db.query<{ payload: { method: string; subject_pinned: boolean } }>(
      `SELECT payload FROM evidence_entries
       WHERE kind = 'admin_sign_in' AND actor = 'user:alice' ORDER BY seq`,
    );
    expect(trail.map((t) => [t.payload.method, t.payload.subject_pinned])).toEqual([
      ['oidc', true],
      ['oidc', false],
    ]);
  });

  it('never links a name already pinned to another subject (a reused name at the provider)', async () => {
    await signInAs('idp-alice'); // pinned (whatever the order of the tests)
    const other = await signInAs('idp-alice-2');
    expect(other.location).toBe(refused);
    expect(lastRefusal()).toMatchObject({ reason: 'linked_elsewhere' });
    expect(other.res.headers.getSetCookie().some((c) => c.startsWith('recourse_session='))).toBe(
      false,
    );
    expect(await subjectOf('alice')).toBe('idp-alice');
  });

  it('refuses unknown, deactivated and otherwise-linked users alike, with no session', async () => {
    const cases = [
      ['idp-stranger', 'unknown_user'],
      ['idp-bob', 'inactive'],
      ['idp-dave-new', 'linked_elsewhere'],
      ['idp-noname', 'no_claim'],
      ['idp-carol', 'unknown_user'],
    ];
    for (const [subject, reason] of cases) {
      const { res, jar, location } = await signInAs(subject!);
      expect(res.status, subject).toBe(302);
      expect(location, subject).toBe(refused);
      expect(lastRefusal(), subject).toEqual(expect.objectContaining({ reason }));
      expect(res.headers.getSetCookie().some((c) => c.startsWith('recourse_session='))).toBe(false);
      expect((await sessionOf(jar)).status).toBe(401);
    }
    // nothing was pinned to a refused identity
    expect(await subjectOf('bob')).toBeNull();
    expect(await subjectOf('dave')).toBe('idp-dave-old');
    const [pinned] = await f.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users
       WHERE oidc_subject = ANY($1::text[])`,
      [cases.map(([subject]) => subject)],
    );
    expect(pinned!.n).toBe(0);
  });

  it('signs in a user an administrator linked to a subject, whatever the claimed name', async () => {
    expect((await signInAs('idp-carol')).location).toBe(refused);
    const linked = await patchUser('carol', { oidc_subject: 'idp-carol' });
    expect(linked.status).toBe(200);
    expect(await linked.json()).toMatchObject({ username: 'carol', oidc_subject: 'idp-carol' });
    const { location, jar } = await signInAs('idp-carol');
    expect(location).toBe('/');
    expect((await sessionOf(jar)).body!.user).toMatchObject({ username: 'carol', role: 'analyst' });
    // one subject, one user
    const taken = await patchUser('erin', { oidc_subject: 'idp-carol' });
    expect(taken.status).toBe(409);
    // unlinking ends carol's sessions and her single sign-on
    expect((await patchUser('carol', { oidc_subject: null })).status).toBe(200);
    expect((await sessionOf(jar)).status).toBe(401);
    expect((await signInAs('idp-carol')).location).toBe(refused);
  });

  it('refuses a linked user once deactivated, and ends their sessions', async () => {
    const first = await signInAs('idp-erin');
    expect(first.location).toBe('/');
    expect(await subjectOf('erin')).toBe('idp-erin');
    expect((await patchUser('erin', { active: false })).status).toBe(200);
    expect((await sessionOf(first.jar)).status).toBe(401);
    expect((await signInAs('idp-erin')).location).toBe(refused);
    expect((await patchUser('erin', { active: true })).status).toBe(200);
    expect((await signInAs('idp-erin')).location).toBe('/');
  });

  it('ends the session the browser brought and starts a new one (no fixation)', async () => {
    const first = await signInAs('idp-alice');
    const old = first.jar.cookies.get('recourse_session')!;
    const second = await signInAs('idp-alice', first.jar);
    expect(second.location).toBe('/');
    expect(second.jar.cookies.get('recourse_session')).not.toBe(old);
    const stale = new CookieJar();
    stale.cookies.set('recourse_session', old);
    expect((await sessionOf(stale)).status).toBe(401);
    expect((await sessionOf(second.jar)).status).toBe(200);
  });

  it('refuses a callback whose state does not match, and the flow is spent', async () => {
    const s = await start();
    const loginCookie = s.jar.cookies.get('recourse_oidc')!;
    const callback = await signInAtProvider(s.authorization.href, 'idp-alice');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'x'.repeat(43));
    const res = await get(forged.href, s.jar);
    expect(res.headers.get('location')).toBe(failed);
    expect(lastRefusal()).toMatchObject({
      reason: 'provider',
      cause: expect.stringMatching(/state/),
    });
    expect(res.headers.getSetCookie().some((c) => c.startsWith('recourse_session='))).toBe(false);
    // the genuine callback after it finds nothing: the sign-in in flight was taken
    const jar = new CookieJar();
    jar.cookies.set('recourse_oidc', loginCookie);
    expect((await get(callback.href, jar)).headers.get('location')).toBe(failed);
    expect(lastRefusal()).toMatchObject({ reason: 'no_sign_in' });
  });

  it("refuses a callback brought by another browser (the other's sign-in cookie)", async () => {
    const victim = await start();
    const attacker = await start();
    const callback = await signInAtProvider(attacker.authorization.href, 'idp-stranger');
    const res = await get(callback.href, victim.jar);
    expect(res.headers.get('location')).toBe(failed);
    expect(lastRefusal()).toMatchObject({
      reason: 'provider',
      cause: expect.stringMatching(/state/),
    });
    expect((await sessionOf(victim.jar)).status).toBe(401);
    // and without any sign-in cookie
    const bare = await start();
    const cb = await signInAtProvider(bare.authorization.href, 'idp-alice');
    expect((await get(cb.href)).headers.get('location')).toBe(failed);
    expect(lastRefusal()).toMatchObject({ reason: 'no_sign_in' });
  });

  it('refuses a replayed callback, even with the spent sign-in cookie kept', async () => {
    const s = await start();
    const loginCookie = s.jar.cookies.get('recourse_oidc')!;
    const callback = await signInAtProvider(s.authorization.href, 'idp-alice');
    expect((await get(callback.href, s.jar)).headers.get('location')).toBe('/');
    const replay = new CookieJar();
    replay.cookies.set('recourse_oidc', loginCookie);
    const res = await get(callback.href, replay);
    expect(res.headers.get('location')).toBe(failed);
    expect(lastRefusal()).toMatchObject({ reason: 'no_sign_in' });
    expect(replay.cookies.has('recourse_session')).toBe(false);
  });

  it('refuses an ID token whose nonce is not the one the sign-in sent', async () => {
    const s = await start();
    const tampered = new URL(s.authorization);
    tampered.searchParams.set('nonce', 'n'.repeat(43));
    const callback = await signInAtProvider(tampered.href, 'idp-alice');
    expect(callback.searchParams.get('code')).toBeTruthy();
    const res = await get(callback.href, s.jar);
    expect(res.headers.get('location')).toBe(failed);
    expect(lastRefusal()).toMatchObject({
      reason: 'provider',
      cause: expect.stringMatching(/nonce/),
    });
    expect(s.jar.cookies.has('recourse_session')).toBe(false);
  });

  it('refuses a sign-in that took longer than 10 minutes, and one cancelled at the provider', async () => {
    const s = await start();
    const callback = await signInAtProvider(s.authorization.href, 'idp-alice');
    const started = clock;
    clock = new Date(started.getTime() + 10 * 60_000);
    try {
      expect((await get(callback.href, s.jar)).headers.get('location')).toBe(failed);
      expect(lastRefusal()).toMatchObject({ reason: 'expired' });
    } finally {
      clock = started;
    }
    const c = await start();
    const cancelled = await signInAtProvider(c.authorization.href, null);
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    expect((await get(cancelled.href, c.jar)).headers.get('location')).toBe(failed);
    expect(lastRefusal()).toMatchObject({ reason: 'provider' });
  });

  it('keeps password sign-in working beside it', async () => {
    const password = await passwordUser(f.db, { username: 'frank', role: 'collector' });
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'frank', password }),
    });
    expect(res.status).toBe(200);
  });
});

describe('single sign-on off, or its provider unreachable', () => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase('pglite');
  });
  afterAll(() => f.drop());

  it('is off by default: no button, and its routes answer 404', async () => {
    const app = await buildServer({ db: f.db });
    try {
      expect((await app.inject('/api/v1/auth/providers')).json()).toEqual({
        password: true,
        oidc: null,
      });
      for (const url of ['/api/v1/auth/oidc/start', `${oidcCallbackPath}?code=x&state=y`]) {
        const res = await app.inject(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
      }
    } finally {
      await app.close();
    }
  });

  it('sends the browser back to the login page when the provider cannot be reached', async () => {
    const server = await reserveAppServer();
    const gone = await reserveAppServer(); // a port nobody answers once closed
    await gone.close();
    const app = await buildServer({
      db: f.db,
      oidc: {
        issuer: gone.base,
        clientId: 'recourse',
        clientSecret: 'secret',
        redirectUri: `${server.base}${oidcCallbackPath}`,
        label: 'Down IdP',
        userClaim: 'preferred_username',
        scope: 'openid profile',
      },
    });
    try {
      await server.attach(app);
      const res = await fetch(`${server.base}/api/v1/auth/oidc/start`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(failed);
      expect(res.headers.getSetCookie()).toEqual([]);
    } finally {
      await server.close();
      await app.close();
    }
  });
});
