/**
 * The HTTP edge of single sign-on through the bank's OpenID Connect provider: which sign-in
 * methods are on (for the login page), the redirect to the provider, and its callback. Both
 * redirects are top-level navigations of the browser, so they answer with 302s, never JSON: the
 * callback lands on the app (signed in) or on /login?error=sso_refused|sso_failed.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { AppError, isAppError } from '../../shared/errors.js';
import { isOidcRefusal, type OidcFailure } from './domain/oidc-link.js';
import type { OidcClient } from './oidc-client.js';
import { endBroughtSession, setSessionCookie, type SecureCookies } from './session-cookie.js';
import { beginOidcSignIn, oidcSignInMinutes } from './use-cases/begin-oidc-sign-in.js';
import { signInOidc } from './use-cases/sign-in-oidc.js';
import type { SessionPolicy } from './use-cases/start-session.js';

export type OidcRoutesOptions = {
  db: Db;
  now: () => Date;
  /** the provider; null when single sign-on is off */
  client: OidcClient | null;
  secureCookies: SecureCookies;
  sessionPolicy?: SessionPolicy;
  /** sign-in attempts per minute and client address */
  signInRateLimit?: number;
};

/**
 * The browser's sign-in in flight. SameSite=Lax, because the provider's callback is a cross-site
 * top-level navigation (a Strict cookie would not come back); only for the OIDC routes.
 */
export const oidcCookie = 'recourse_oidc';
const oidcPath = '/api/v1/auth/oidc';

const providersSchema = z
  .object({
    password: z.boolean(),
    oidc: z.object({ label: z.string(), start_url: z.string() }).nullable(),
  })
  .meta({ id: 'SignInProviders' });

/** The answers of a redirecting route: the redirect (no body), or an error in the one shape. */
const redirected = (to: string) => ({
  302: z.null().describe(to),
  404: errorResponse,
  429: errorResponse,
});

/** Where a failed single sign-on sends the browser: refused (no such user) or failed (retry). */
export function oidcErrorPath(reason: OidcFailure): string {
  return `/login?error=${isOidcRefusal(reason) ? 'sso_refused' : 'sso_failed'}`;
}

export const oidcRoutes: FastifyPluginAsyncZod<OidcRoutesOptions> = async (app, o) => {
  const { db, now, client } = o;
  const cookieOptions = {
    path: oidcPath,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: o.secureCookies,
  };
  const rateLimit = { max: o.signInRateLimit ?? 20, timeWindow: 60_000 };
  const enabled = (): OidcClient => {
    if (!client) throw new AppError('not_found', 'single sign-on is not configured');
    return client;
  };
  const redirect = (reply: FastifyReply, to: string): FastifyReply =>
    reply.header('cache-control', 'no-store').redirect(to, 302);

  app.get(
    '/api/v1/auth/providers',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The sign-in methods on: password, and single sign-on with its label',
        tags: ['auth'],
        response: { 200: providersSchema },
      },
    },
    async () => ({
      password: true,
      oidc: client ? { label: client.settings.label, start_url: `${oidcPath}/start` } : null,
    }),
  );

  app.get(
    `${oidcPath}/start`,
    {
      config: { permission: 'public', rateLimit },
      schema: {
        summary: 'Single sign-on: redirects (302) to the identity provider',
        tags: ['auth'],
        response: redirected('to the identity provider (or /login?error=sso_failed)'),
      },
    },
    async (request, reply) => {
      const c = enabled();
      try {
        const s = await beginOidcSignIn({ db, client: c, now: now() });
        void reply.setCookie(oidcCookie, s.loginId, {
          ...cookieOptions,
          maxAge: oidcSignInMinutes * 60,
        });
        return redirect(reply, s.authorizationUrl.href);
      } catch (err) {
        request.log.error(
          { err },
          'single sign-on could not start (is the identity provider reachable?)',
        );
        return redirect(reply, oidcErrorPath('provider'));
      }
    },
  );

  app.get(
    `${oidcPath}/callback`,
    {
      config: { permission: 'public', rateLimit },
      schema: {
        summary:
          'Single sign-on: the identity provider returns here; redirects (302) to the app signed in, or to /login?error=',
        tags: ['auth'],
        response: redirected('to the app, signed in; or to /login?error=sso_refused|sso_failed'),
      },
    },
    async (request, reply) => {
      const c = enabled();
      const loginId = request.cookies[oidcCookie];
      void reply.clearCookie(oidcCookie, cookieOptions);
      await endBroughtSession(request, db, now());
      const query = request.raw.url?.split('?')[1] ?? '';
      try {
        const s = await signInOidc({
          db,
          client: c,
          loginId,
          callbackQuery: query,
          now: now(),
          clientAddress: request.ip,
          ...(o.sessionPolicy ? { sessionPolicy: o.sessionPolicy } : {}),
        });
        setSessionCookie(reply, s.sessionToken, o.secureCookies);
        return redirect(reply, '/');
      } catch (err) {
        if (!isAppError(err) || err.code !== 'unauthenticated') throw err;
        const details = err.details as { reason: OidcFailure; cause?: string };
        request.log.warn(details, 'single sign-on refused');
        return redirect(reply, oidcErrorPath(details.reason));
      }
    },
  );
};
