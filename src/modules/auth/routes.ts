/**
 * The auth module's HTTP edge: sign-in, the session, sign-out, and the administration of users,
 * roles and API tokens.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, instant } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import { csrfToken } from './domain/secrets.js';
import { principal } from './access-control.js';
import { approvalAuthorities, permissions } from './domain/permissions.js';
import type { AuthRefusal } from './domain/refusals.js';
import { adminActorOf, type Principal } from './principal.js';
import {
  clearSessionCookie,
  endBroughtSession,
  setSessionCookie,
  type SecureCookies,
} from './session-cookie.js';
import {
  findUserByName,
  selectApiTokens,
  selectRolePermissions,
  selectUsers,
  type ApiTokenRow,
  type UserRow,
} from './store.js';
import { createApiToken } from './use-cases/create-api-token.js';
import { createUser } from './use-cases/create-user.js';
import { revokeApiToken } from './use-cases/revoke-api-token.js';
import { signIn, type SessionPolicy } from './use-cases/sign-in.js';
import { signOut } from './use-cases/sign-out.js';
import { updateUser } from './use-cases/update-user.js';

export type AuthRoutesOptions = {
  db: Db;
  now: () => Date;
  /** Secure cookies: always, never, or 'auto' (when the request came over HTTPS). */
  secureCookies: SecureCookies;
  sessionPolicy?: SessionPolicy;
  /** sign-in attempts per minute and client address */
  signInRateLimit?: number;
};

const userName = z.string().min(1).max(64);
const permissionName = z.enum(permissions);

const sessionUserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    display_name: z.string(),
    role: z.string(),
    collector_id: z.string().nullable(),
    agency_id: z.string().nullable(),
    approval_authority: z.enum(approvalAuthorities).nullable(),
    permissions: z.array(permissionName),
  })
  .meta({ id: 'SessionUser' });

const sessionSchema = z
  .object({ user: sessionUserSchema, csrf_token: z.string().nullable() })
  .meta({ id: 'Session' });

const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    display_name: z.string(),
    role: z.string(),
    collector_id: z.string().nullable(),
    agency_id: z.string().nullable(),
    approval_authority: z.string().nullable(),
    oidc_subject: z.string().nullable(),
    active: z.boolean(),
    created_at: instant,
    updated_at: instant,
  })
  .meta({ id: 'User' });

const tokenSchema = z
  .object({
    token_id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    created_at: instant,
    expires_at: instant,
    revoked_at: instant.nullable(),
    last_used_at: instant.nullable(),
  })
  .meta({ id: 'ApiToken' });

function sessionUserJson(p: Principal): z.output<typeof sessionUserSchema> {
  return {
    id: p.userId.toString(),
    username: p.username,
    display_name: p.displayName,
    role: p.role,
    collector_id: p.collectorId,
    agency_id: p.agencyId,
    approval_authority: p.approvalAuthority,
    permissions: [...p.permissions].sort(),
  };
}

function userJson(u: UserRow): z.output<typeof userSchema> {
  return {
    id: u.user_id.toString(),
    username: u.username,
    display_name: u.display_name,
    role: u.role,
    collector_id: u.collector_id,
    agency_id: u.agency_id,
    approval_authority: u.approval_authority,
    oidc_subject: u.oidc_subject,
    active: u.active,
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString(),
  };
}

function tokenJson(t: ApiTokenRow): z.output<typeof tokenSchema> {
  return {
    token_id: t.token_id,
    name: t.name,
    scopes: t.scopes,
    created_at: t.created_at.toISOString(),
    expires_at: t.expires_at.toISOString(),
    revoked_at: t.revoked_at?.toISOString() ?? null,
    last_used_at: t.last_used_at?.toISOString() ?? null,
  };
}

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

const userBody = z.strictObject({
  username: userName,
  display_name: z.string().min(1).max(200),
  role: z.string().min(1).max(40),
  collector_id: z.string().min(1).max(64).nullable().optional(),
  agency_id: z.string().min(1).max(64).nullable().optional(),
  approval_authority: z.enum(approvalAuthorities).nullable().optional(),
  password: z.string().max(1024).optional(),
});

const userPatchBody = z.strictObject({
  display_name: z.string().min(1).max(200).optional(),
  role: z.string().min(1).max(40).optional(),
  collector_id: z.string().min(1).max(64).nullable().optional(),
  agency_id: z.string().min(1).max(64).nullable().optional(),
  approval_authority: z.enum(approvalAuthorities).nullable().optional(),
  active: z.boolean().optional(),
  password: z.string().max(1024).optional(),
  /** the identity provider's subject the user signs in as (null: unlinked) */
  oidc_subject: z.string().min(1).max(255).nullable().optional(),
});

/** Registers /api/v1/auth/* (sign-in, session, sign-out), users, roles and API tokens. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, o) => {
  const { db, now } = o;

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        permission: 'public',
        rateLimit: { max: o.signInRateLimit ?? 20, timeWindow: 60_000 },
      },
      schema: {
        summary: 'Sign in with a user name and password: a new session cookie and its CSRF token',
        tags: ['auth'],
        body: z.strictObject({
          username: z.string().min(1).max(200),
          password: z.string().max(1024),
        }),
        response: {
          200: sessionSchema,
          400: errorResponse,
          401: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (request, reply) => {
      await endBroughtSession(request, db, now());
      const s = await signIn({
        db,
        username: request.body.username,
        password: request.body.password,
        now: now(),
        clientAddress: request.ip,
        ...(o.sessionPolicy ? { sessionPolicy: o.sessionPolicy } : {}),
      });
      setSessionCookie(reply, s.sessionToken, o.secureCookies);
      return { user: sessionUserJson(s.principal), csrf_token: s.csrfToken };
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Who is signed in, with their permissions (and the CSRF token of a session)',
        tags: ['auth'],
        response: { 200: sessionSchema, 401: errorResponse },
      },
    },
    async (request) => ({
      user: sessionUserJson(principal(request)),
      csrf_token: request.sessionToken ? csrfToken(request.sessionToken) : null,
    }),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Sign out: the session ends',
        tags: ['auth'],
        response: { 204: z.null(), 401: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      if (request.sessionToken)
        await signOut({
          db,
          token: request.sessionToken,
          now: now(),
          clientAddress: request.ip,
          reason: 'sign_out',
        });
      clearSessionCookie(reply, o.secureCookies);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'users.manage' },
      schema: {
        summary: 'Roles and the permissions each holds',
        tags: ['auth'],
        response: {
          200: z.object({
            items: z.array(
              z.object({
                role: z.string(),
                description: z.string(),
                permissions: z.array(z.string()),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: await selectRolePermissions(db) }),
  );

  app.get(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        summary: 'Users',
        tags: ['auth'],
        response: { 200: z.object({ items: z.array(userSchema) }), ...errors },
      },
    },
    async () => ({ items: (await selectUsers(db)).map(userJson) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        summary: 'Add a user (a password of 12 or more characters, or none for sign-in by token)',
        tags: ['auth'],
        body: userBody,
        response: { 201: userSchema, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const row = await createUser({
        db,
        actor: adminActorOf(principal(request)),
        now: now(),
        username: b.username,
        displayName: b.display_name,
        role: b.role,
        collectorId: b.collector_id ?? null,
        agencyId: b.agency_id ?? null,
        approvalAuthority: b.approval_authority ?? null,
        ...(b.password !== undefined ? { password: b.password } : {}),
      });
      return reply.code(201).send(userJson(row));
    },
  );

  app.patch(
    '/api/v1/users/:username',
    {
      config: { permission: 'users.manage' },
      schema: {
        summary:
          "Change a user: a change of role, scope, password or identity-provider subject ends the user's sessions",
        tags: ['auth'],
        params: z.strictObject({ username: userName }),
        body: userPatchBody,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => {
      const b = request.body;
      const acting = principal(request);
      if (request.params.username.toLowerCase() === acting.username && b.role !== undefined)
        throw new AppError('conflict', 'you cannot change your own role', {
          reason: 'own_role' satisfies AuthRefusal,
        });
      const { user } = await updateUser({
        db,
        username: request.params.username,
        now: now(),
        actor: adminActorOf(acting),
        change: {
          ...(b.display_name !== undefined ? { displayName: b.display_name } : {}),
          ...(b.role !== undefined ? { role: b.role } : {}),
          ...(b.collector_id !== undefined ? { collectorId: b.collector_id } : {}),
          ...(b.agency_id !== undefined ? { agencyId: b.agency_id } : {}),
          ...(b.approval_authority !== undefined
            ? { approvalAuthority: b.approval_authority }
            : {}),
          ...(b.active !== undefined ? { active: b.active } : {}),
          ...(b.password !== undefined ? { password: b.password } : {}),
          ...(b.oidc_subject !== undefined ? { oidcSubject: b.oidc_subject } : {}),
        },
      });
      return userJson(user);
    },
  );

  app.get(
    '/api/v1/users/:username/tokens',
    {
      config: { permission: 'users.manage' },
      schema: {
        summary: "A user's API tokens (never their secrets)",
        tags: ['auth'],
        params: z.strictObject({ username: userName }),
        response: { 200: z.object({ items: z.array(tokenSchema) }), ...errors },
      },
    },
    async (request) => {
      const u = await findUserByName(db, request.params.username.toLowerCase());
      if (!u) throw new AppError('not_found', `no user "${request.params.username}"`);
      return { items: (await selectApiTokens(db, u.user_id)).map(tokenJson) };
    },
  );

  app.post(
    '/api/v1/users/:username/tokens',
    {
      config: { permission: 'users.manage' },
      schema: {
        summary: 'Issue an API token for a system integration (the secret is shown only here)',
        tags: ['auth'],
        params: z.strictObject({ username: userName }),
        body: z.strictObject({
          name: z.string().min(1).max(200),
          scopes: z.array(permissionName).min(1).max(permissions.length),
          days: z.number().int().min(1).max(366).default(90),
        }),
        response: { 201: tokenSchema.extend({ token: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const { token, row } = await createApiToken({
        db,
        actor: adminActorOf(principal(request)),
        username: request.params.username,
        name: request.body.name,
        scopes: request.body.scopes,
        days: request.body.days,
        now: now(),
      });
      return reply.code(201).send({ ...tokenJson(row), token });
    },
  );

  app.delete(
    '/api/v1/api-tokens/:tokenId',
    {
      config: { permission: 'users.manage' },
      schema: {
        summary: 'Revoke an API token',
        tags: ['auth'],
        params: z.strictObject({ tokenId: z.string().regex(/^[a-z0-9]{12}$/) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await revokeApiToken({
        db,
        tokenId: request.params.tokenId,
        actor: adminActorOf(principal(request)),
        now: now(),
      });
      return reply.code(204).send(null);
    },
  );
};
