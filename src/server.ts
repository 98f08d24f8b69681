/**
 * Builds the HTTP app from the modules: the zod type provider, the OpenAPI document, health,
 * metrics, one error shape, the web page and each module's routes.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { handleError, registerErrorHandling } from './http/error-handler.js';
import { registerMetrics } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { contentSecurityPolicy, registerWebAssets } from './http/web-assets.js';
import {
  authRoutes,
  oidcClient,
  oidcRoutes,
  registerAccessControl,
  type SessionPolicy,
} from './modules/auth/index.js';
import { analyticsRoutes } from './modules/analytics/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { complianceRoutes } from './modules/compliance/index.js';
import { templateRoutes } from './modules/channels/index.js';
import { arrangementRoutes } from './modules/arrangements/index.js';
import { cycleRoutes } from './modules/cycle/index.js';
import { documentRoutes } from './modules/documents/index.js';
import { peopleRoutes } from './modules/people/index.js';
import { paymentRoutes } from './modules/payments/index.js';
import { personalDataRoutes, portfolioRoutes } from './modules/portfolio/index.js';
import { privacyRoutes } from './modules/privacy/index.js';
import { kpisByUnit, queueRoutes } from './modules/queues/index.js';
import { segmentRoutes } from './modules/strategy/index.js';
import { strategyRoutes } from './modules/strategy/index.js';
import type { OidcConfig } from './shared/config.js';
import type { Db } from './shared/db/types.js';
import type { Logger } from './shared/log.js';
import type { PiiCipher } from './shared/pii-cipher.js';

export type BuildServerOptions = {
  db: Db;
  /** A pino logger for requests and internal errors; none when absent or false. */
  logger?: Logger | false;
  /** the bank's business zone (RECOURSE_TIMEZONE); default Asia/Shanghai */
  timeZone?: string;
  /** The PII cipher: the compliance routes (which digest phone numbers) need it. */
  cipher?: PiiCipher;
  /** The clock of routes that stamp instants (tests fix it); the system clock by default. */
  now?: () => Date;
  /** Sign-in and request limits; the defaults suit a bank's intranet behind HTTPS. */
  security?: SecurityOptions;
  /** Single sign-on through the bank's OpenID Connect provider; off when absent. */
  oidc?: OidcConfig;
};

export type SecurityOptions = {
  /** Secure session cookies: always, never, or when the request came over HTTPS (default). */
  secureCookies?: boolean | 'auto';
  /** Trust the reverse proxy's X-Forwarded-* headers (default false). */
  trustProxy?: boolean;
  sessionPolicy?: SessionPolicy;
  /** requests per minute per signed-in user (or per address when not signed in); default 1200 */
  requestsPerMinute?: number;
  /** sign-in attempts per minute per address; default 20 */
  signInsPerMinute?: number;
};

export async function buildServer(opts: BuildServerOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger | undefined = opts.logger || undefined;
  // Errors Fastify raises before routing (a malformed URL) take the one error shape too.
  const frameworkErrors = handleError;
  // 1 MiB bodies at most, except where a route says otherwise (bank statements)
  const bodyLimit = 1_048_576;
  const security = opts.security ?? {};
  const trustProxy = security.trustProxy ?? false;
  const app = logger
    ? Fastify({ loggerInstance: logger, frameworkErrors, bodyLimit, trustProxy })
    : Fastify({ logger: false, frameworkErrors, bodyLimit, trustProxy });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  const now = opts.now ?? (() => new Date());
  // Cookies are parsed first; then access control, before any route: every route registered after
  // it must declare its permission.
  await app.register(fastifyCookie);
  registerAccessControl(app, {
    db: opts.db,
    now,
    ...(security.sessionPolicy ? { sessionPolicy: security.sessionPolicy } : {}),
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // the app is served over whatever the bank's proxy terminates; HSTS belongs there
    strictTransportSecurity: false,
  });
  await app.register(fastifyRateLimit, {
    global: true,
    // after authentication (onRequest), so that a signed-in user is counted as themselves
    hook: 'preHandler',
    max: security.requestsPerMinute ?? 1200,
    timeWindow: 60_000,
    keyGenerator: (request) =>
      request.principal ? `user:${request.principal.userId}` : `ip:${request.ip}`,
  });
  await registerOpenApi(app);
  registerHealth(app, opts.db);
  registerMetrics(app);
  registerWebAssets(app);
  const signIn = {
    db: opts.db,
    now,
    secureCookies: security.secureCookies ?? 'auto',
    ...(security.sessionPolicy ? { sessionPolicy: security.sessionPolicy } : {}),
    ...(security.signInsPerMinute ? { signInRateLimit: security.signInsPerMinute } : {}),
  };
  await app.register(authRoutes, signIn);
  await app.register(oidcRoutes, { ...signIn, client: opts.oidc ? oidcClient(opts.oidc) : null });
  await app.register(portfolioRoutes, { db: opts.db });
  if (opts.cipher) {
    await app.register(personalDataRoutes, { db: opts.db, cipher: opts.cipher, now });
    await app.register(privacyRoutes, { db: opts.db, cipher: opts.cipher, now });
    await app.register(documentRoutes, { db: opts.db, cipher: opts.cipher, now });
  }
  await app.register(cycleRoutes, { db: opts.db });
  await app.register(segmentRoutes, { db: opts.db });
  await app.register(strategyRoutes, { db: opts.db, now });
  await app.register(analyticsRoutes, {
    db: opts.db,
    timeZone: opts.timeZone ?? 'Asia/Shanghai',
    kpisByUnit,
    now,
  });
  if (opts.cipher)
    await app.register(complianceRoutes, { db: opts.db, cipher: opts.cipher, now: opts.now });
  await app.register(templateRoutes, { db: opts.db, now });
  await app.register(peopleRoutes, { db: opts.db });
  await app.register(queueRoutes, { db: opts.db, timeZone: opts.timeZone ?? 'Asia/Shanghai' });
  await app.register(paymentRoutes, { db: opts.db });
  await app.register(arrangementRoutes, { db: opts.db });
  await app.register(auditRoutes, { db: opts.db, timeZone: opts.timeZone ?? 'Asia/Shanghai' });
  return app;
}

function registerHealth(app: FastifyInstance, db: Db): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/healthz',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Liveness and database check',
        tags: ['system'],
        response: {
          200: z.object({ status: z.literal('ok') }),
          503: z.object({ status: z.literal('unavailable') }),
        },
      },
    },
    async (request, reply) => {
      try {
        await db.query('SELECT 1');
        return { status: 'ok' as const };
      } catch (err) {
        request.log.error({ err }, 'health check: database unavailable');
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );
}
