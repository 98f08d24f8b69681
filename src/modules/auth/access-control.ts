/**
 * Access control, in one place for every route: each route declares what it needs in its options
 * (`config: { permission }`: a permission, 'authenticated' or 'public'); a route that declares
 * nothing cannot be registered. Before any parsing, every non-public request is authenticated (an
 * API token in `Authorization: Bearer`, or the session cookie, whose unsafe requests must carry the
 * session's CSRF token in `x-csrf-token`) and its permission checked.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import { isPermission, type Permission, type RouteAccess } from './domain/permissions.js';
import { csrfToken, sameSecret } from './domain/secrets.js';
import type { Principal } from './principal.js';
import { resolveApiToken } from './use-cases/resolve-api-token.js';
import { resolveSession } from './use-cases/resolve-session.js';
import type { SessionPolicy } from './use-cases/sign-in.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs: a permission, any signed-in user, or nobody ('public'). */
    permission?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who is acting (null on public routes). */
    principal: Principal | null;
    /** The session token the request came with (sign-out ends it). */
    sessionToken: string | null;
  }
}

export const sessionCookie = 'recourse_session';
export const csrfHeader = 'x-csrf-token';

export type AccessControlOptions = {
  db: Queryable;
  now: () => Date;
  sessionPolicy?: SessionPolicy;
};

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function declaredAccess(access: unknown, where: string): RouteAccess {
  if (access === 'public' || access === 'authenticated') return access;
  if (typeof access === 'string' && isPermission(access)) return access;
  throw new Error(
    access === undefined
      ? `route ${where} declares no permission (config.permission): every route must`
      : `route ${where} declares an unknown permission "${String(access)}"`,
  );
}

async function authenticate(request: FastifyRequest, o: AccessControlOptions): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const m = /^Bearer ([\x21-\x7e]{1,200})$/.exec(authorization);
    const p = m ? await resolveApiToken({ db: o.db, token: m[1]!, now: o.now() }) : null;
    if (!p) throw new AppError('unauthenticated', 'the API token is malformed, unknown or expired');
    return p;
  }
  const token = request.cookies[sessionCookie];
  if (!token) throw new AppError('unauthenticated', 'sign in first');
  const p = await resolveSession({
    db: o.db,
    token,
    now: o.now(),
    ...(o.sessionPolicy ? { policy: o.sessionPolicy } : {}),
  });
  if (!p) throw new AppError('unauthenticated', 'the session has ended: sign in again');
  if (!safeMethods.has(request.method)) {
    const sent = request.headers[csrfHeader];
    if (typeof sent !== 'string' || !sameSecret(sent, csrfToken(token)))
      throw new AppError('forbidden', `the ${csrfHeader} header is missing or wrong`, {
        reason: 'csrf',
      });
  }
  request.sessionToken = token;
  return p;
}

export type RouteAccessEntry = { method: string; url: string; access: RouteAccess };

const accessTables = new WeakMap<FastifyInstance, RouteAccessEntry[]>();

/** Every route of an app with what it requires, in registration order (for the matrix test). */
export function routeAccessTable(app: FastifyInstance): readonly RouteAccessEntry[] {
  return accessTables.get(app) ?? [];
}

export function registerAccessControl(app: FastifyInstance, o: AccessControlOptions): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  const table: RouteAccessEntry[] = [];
  accessTables.set(app, table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = declaredAccess(route.config?.permission, `${methods.join(',')} ${route.url}`);
    for (const method of methods)
      if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });
  app.addHook('onRequest', async (request) => {
    // the not-found handler has no route config: it answers 404 and reveals nothing
    const access = request.routeOptions.config?.permission;
    if (access === undefined || access === 'public') return;
    const principal = await authenticate(request, o);
    request.principal = principal;
    if (access !== 'authenticated' && !principal.permissions.has(access))
      throw new AppError('forbidden', `your role (${principal.role}) may not do this`, {
        permission: access,
      });
  });
}

/** The acting principal of a request on a non-public route. */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'sign in first');
  return request.principal;
}

/** Whether the acting principal holds a permission (for what a route shows, not whether it runs). */
export function holds(request: FastifyRequest, permission: Permission): boolean {
  return request.principal?.permissions.has(permission) ?? false;
}
