/**
 * Signing test requests in. Route tests exercise business rules, not access control (that has its
 * own matrix test in src/modules/auth): `signInInjections` makes every `app.inject` of a test app
 * carry a real API token, through the real access control. The identity follows two headers that
 * the server itself never reads (they named the actor before sign-in existed, and the route tests
 * still use them to say who acts); this wrapper takes them off the request:
 *   x-collector-id: the collector the request acts as (a user working as that collector),
 *   x-collector-role: that user's approval authority (supervisor, manager, head_of_collections),
 *   neither: a user with no collector.
 * Test users hold the fixture role `test_all`, which has every permission, so that a rule's test
 * is not also a test of the role matrix. Requests that bring their own `authorization` or
 * `cookie` header are left alone.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import {
  approvalAuthorities,
  createApiToken,
  createUser,
  permissions,
} from '../../src/modules/auth/index.js';
import type { Queryable } from '../../src/shared/db/types.js';

export const testRole = 'test_all';

/** Adds the test_all role (every permission) to a database. Idempotent. */
export async function addTestRole(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO roles (role, description) VALUES ($1, 'tests: every permission')
     ON CONFLICT DO NOTHING`,
    [testRole],
  );
  await db.query(
    `INSERT INTO role_permissions (role, permission) SELECT $1, unnest($2::text[])
     ON CONFLICT DO NOTHING`,
    [testRole, [...permissions]],
  );
}

let seq = 0;

/** A user of any role with a fresh API token holding all the role's permissions. */
export async function tokenFor(
  db: Queryable,
  user: {
    role: string;
    collectorId?: string | null;
    agencyId?: string | null;
    approvalAuthority?: string | null;
    username?: string;
  },
): Promise<string> {
  const username = user.username ?? `t${++seq}-${process.pid}`;
  await createUser({
    db,
    actor: 'system:test',
    now: new Date(),
    username,
    displayName: username,
    role: user.role,
    collectorId: user.collectorId ?? null,
    agencyId: user.agencyId ?? null,
    approvalAuthority: user.approvalAuthority ?? null,
  });
  const [row] = await db.query<{ permissions: string[] }>(
    'SELECT array_agg(permission) AS permissions FROM role_permissions WHERE role = $1',
    [user.role],
  );
  const { token } = await createApiToken({
    db,
    actor: 'system:test',
    username,
    name: 'test',
    scopes: row?.permissions ?? [],
    days: 1,
    now: new Date(),
  });
  return token;
}

function header(h: unknown, name: string): string | undefined {
  const v = (h as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : undefined;
}

type Headers = Record<string, string | string[] | undefined>;

const anonymousHeader = 'x-test-anonymous';
/** Headers of a request that must reach the server signed out (no token, no cookie). */
export const anonymous: Record<string, string> = { [anonymousHeader]: '1' };

/**
 * Turns a request's headers into signed-in ones: x-collector-id and x-collector-role are taken
 * off and an API token of the identity they name is put on (one user and token per identity).
 * Headers that already carry `authorization` or `cookie` keep them.
 */
function signer(db: Queryable): (headers: Headers) => Promise<Headers> {
  // one user (and token) per collector, and one for no collector; a collector's user takes the
  // approval authority each request names (a collector is one user)
  const users = new Map<string, Promise<{ token: string; username: string }>>();
  const authorityOf = new Map<string, string | null>();
  let roleAdded: Promise<void> | undefined;
  return async (headers) => {
    const h = { ...headers };
    const anonymousRequest = h[anonymousHeader] !== undefined;
    delete h[anonymousHeader];
    if (!anonymousRequest && h.authorization === undefined && h.cookie === undefined) {
      roleAdded ??= addTestRole(db);
      await roleAdded;
      const collectorId = header(headers, 'x-collector-id') ?? null;
      const role = header(headers, 'x-collector-role');
      const authority = (approvalAuthorities as readonly string[]).includes(role ?? '')
        ? role!
        : null;
      const key = collectorId ?? '';
      let user = users.get(key);
      if (!user) {
        const username = `t${++seq}-${process.pid}`;
        user = tokenFor(db, { role: testRole, collectorId, username }).then((token) => ({
          token,
          username,
        }));
        users.set(key, user);
        authorityOf.set(key, null);
      }
      const { token, username } = await user;
      if (authorityOf.get(key) !== authority) {
        await db.query('UPDATE users SET approval_authority = $2 WHERE username = $1', [
          username,
          authority,
        ]);
        authorityOf.set(key, authority);
      }
      h.authorization = `Bearer ${token}`;
    }
    delete h['x-collector-id'];
    delete h['x-collector-role'];
    return h;
  };
}

/** Makes the app's inject sign every request in (see above). */
export async function signInInjections(app: FastifyInstance, db: Queryable): Promise<void> {
  const sign = signer(db);
  const original = app.inject.bind(app) as (
    o: InjectOptions | string,
  ) => ReturnType<FastifyInstance['inject']>;
  const signed = async (o: InjectOptions | string) => {
    const opts: InjectOptions = typeof o === 'string' ? { url: o } : { ...o };
    const headers = await sign((opts.headers ?? {}) as Headers);
    return original({ ...opts, headers: headers as InjectOptions['headers'] });
  };
  (app as { inject: unknown }).inject = (o: InjectOptions | string, cb?: unknown) => {
    if (o === undefined || cb !== undefined)
      throw new Error('signInInjections supports app.inject(options) and app.inject(url) only');
    return signed(o);
  };
}

/** The same for tests over real HTTP: a fetch that signs each request in (see above). */
export function signedFetch(db: Queryable): typeof fetch {
  const sign = signer(db);
  return async (input, init = {}) => {
    if (init.headers instanceof Headers || Array.isArray(init.headers))
      throw new Error('signedFetch takes headers as a plain object');
    const headers = await sign((init.headers ?? {}) as Headers);
    return fetch(input, { ...init, headers: headers as Record<string, string> });
  };
}

/**
 * For tests over real HTTP (fetch): the `authorization` header of a test_all user working as the
 * given collector (null: no collector), one token per collector, made on first use.
 */
export function bearerFor(
  db: Queryable,
): (collectorId: string | null) => Promise<{ authorization: string }> {
  const sign = signer(db);
  return async (collectorId) => {
    const h = await sign(collectorId === null ? {} : { 'x-collector-id': collectorId });
    return { authorization: h.authorization as string };
  };
}

/** A user who signs in with a password, for browser tests; returns the password. */
export async function passwordUser(
  db: Queryable,
  user: { username: string; role: string; collectorId?: string | null },
): Promise<string> {
  const password = `pw-${user.username}-0123456789`;
  await createUser({
    db,
    actor: 'system:test',
    now: new Date(),
    username: user.username,
    displayName: user.username,
    role: user.role,
    collectorId: user.collectorId ?? null,
    password,
  });
  return password;
}

/**
 * Signs a browser context in through the real sign-in route: its cookie jar then holds the
 * session, as after the login page.
 */
export async function signInContext(
  context: {
    request: {
      post: (url: string, o: { data: unknown }) => Promise<{ ok(): boolean; status(): number }>;
    };
  },
  base: string,
  username: string,
  password: string,
): Promise<void> {
  const res = await context.request.post(`${base}/api/v1/auth/login`, {
    data: { username, password },
  });
  if (!res.ok()) throw new Error(`sign-in of ${username} failed: ${res.status()}`);
}
