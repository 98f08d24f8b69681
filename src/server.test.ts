import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, piiMarker, type FixtureApp } from '../test/support/api-fixture.js';
import { engines } from '../test/support/databases.js';
import { buildServer } from './server.js';
import type { Db } from './shared/db/types.js';
import { AppError } from './shared/errors.js';
import { createLogger } from './shared/log.js';

const documentedPaths = [
  '/healthz',
  '/api/v1/auth/login',
  '/api/v1/auth/session',
  '/api/v1/auth/logout',
  '/api/v1/auth/providers',
  '/api/v1/auth/oidc/start',
  '/api/v1/auth/oidc/callback',
  '/api/v1/roles',
  '/api/v1/users',
  '/api/v1/users/{username}',
  '/api/v1/users/{username}/tokens',
  '/api/v1/api-tokens/{tokenId}',
  '/api/v1/audit/administration',
  '/api/v1/portfolios',
  '/api/v1/accounts',
  '/api/v1/accounts/{accountId}',
  '/api/v1/portfolio-summary',
  '/api/v1/portfolios/{portfolioId}/compliance',
  '/api/v1/contact-attempts',
  '/api/v1/portfolios/{portfolioId}/debtors/{debtorId}/contact-check',
  '/api/v1/portfolios/{portfolioId}/debtors/{debtorId}/flags',
  '/api/v1/portfolios/{portfolioId}/debtors/{debtorId}/evidence',
  '/api/v1/portfolios/{portfolioId}/debtors/{debtorId}/documents',
  '/api/v1/portfolios/{portfolioId}/debtors/{debtorId}/documents/{documentId}/content',
  '/api/v1/compliance/blocked-attempts',
  '/api/v1/portfolios/{portfolioId}/accounts/{accountId}/personal-data',
  '/api/v1/portfolios/{portfolioId}/accounts/{accountId}/personal-data/reveal',
  '/api/v1/portfolios/{portfolioId}/debtors/{debtorId}/personal-data/export',
  '/api/v1/portfolios/{portfolioId}/retention',
  '/api/v1/portfolios/{portfolioId}/retention/runs',
  '/api/v1/cycle-runs',
  '/api/v1/cycle-runs/{asOf}',
  '/api/v1/segments',
  '/api/v1/briefing',
  '/api/v1/analytics/trends',
  '/api/v1/strategies',
  '/api/v1/strategies/{id}',
  '/api/v1/strategies/{id}/versions',
  '/api/v1/strategies/{id}/versions/{version}',
  '/api/v1/strategies/{id}/versions/{version}/activate',
  '/api/v1/portfolios/{id}/strategy-split',
  '/api/v1/strategy-results',
  '/api/v1/actions/{id}/complete',
  '/api/v1/agencies',
  '/api/v1/cases/release',
  '/api/v1/collectors',
  '/api/v1/collectors/{id}',
  '/api/v1/collectors/{id}/cases',
  '/api/v1/me/collector',
  '/api/v1/contact-attempts/{id}/outcome',
  '/api/v1/kpis',
  '/api/v1/payments',
  '/api/v1/payments/{paymentId}/reversal',
  '/api/v1/placements',
  '/api/v1/placements/recall',
  '/api/v1/portfolios/{portfolioId}/accounts/{accountId}/ledger',
  '/api/v1/promises/{id}/payments',
  '/api/v1/queues',
  '/api/v1/queues/{unit}/claim',
  '/api/v1/reconciliation/review',
  '/api/v1/reconciliation/review/{entryId}/resolve',
  '/api/v1/settings/bonus-rules',
  '/api/v1/statements',
  '/api/v1/templates',
  '/api/v1/templates/fallback-locale',
  '/api/v1/templates/lint',
  '/api/v1/templates/{templateId}/versions/{version}/{action}',
  '/api/v1/unit-targets',
  '/api/v1/unit-targets/{unit}',
  '/api/v1/installment-plans',
  '/api/v1/installment-plans/preview',
  '/api/v1/installment-plans/{planId}/decision',
  '/api/v1/settlements',
  '/api/v1/settlements/{settlementId}/decision',
];

type Operation = {
  parameters?: { in: string; name: string; required?: boolean }[];
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
};
type OpenApi = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [v] : refsIn(v),
  );
}

/** A database whose every statement fails the way a lost connection does. */
function failingDb(db: Db, error: Error): Db {
  const fail = async () => {
    throw error;
  };
  return { ...db, query: fail, execute: fail };
}

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe.each(engines)('server on %s', (engine) => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await fixtureApp(engine);
  });
  afterAll(() => f.close());

  it('answers /healthz after checking the database', async () => {
    const res = await f.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /healthz with 503 when the database is down', async () => {
    const { logger, lines } = captureLog();
    const app = await buildServer({ db: failingDb(f.db, new Error('ECONNREFUSED')), logger });
    const res = await app.inject({ url: '/healthz' });
    await app.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable' });
    expect(lines.some((l) => l.level === 50)).toBe(true);
  });

  it('serves an OpenAPI 3.1 document listing every API route', async () => {
    const res = await f.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<OpenApi>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).sort()).toEqual([...documentedPaths].sort());
    for (const [path, item] of Object.entries(doc.paths)) {
      const operations = Object.entries(item);
      expect(operations.length, path).toBeGreaterThan(0);
      for (const [method, op] of operations) {
        const ok = op.responses['200'] ?? op.responses['201'];
        // operations that answer nothing (204) or redirect (302) have no JSON body to describe
        if (!op.responses['204'] && !op.responses['302'])
          expect(ok?.content?.['application/json'], `${method} ${path}`).toBeDefined();
        for (const r of Object.values(op.responses))
          expect(r.description).toEqual(expect.any(String));
        const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
        expect(declared.map((p) => [p.name, p.required])).toEqual(pathParams.map((n) => [n, true]));
      }
    }
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    for (const name of Object.keys(doc.components.schemas))
      expect(refs, `${name} is referred to`).toContain(`#/components/schemas/${name}`);
  });

  it('exposes Prometheus metrics with request durations by route', async () => {
    await f.app.inject({ url: '/healthz' });
    await f.app.inject({ url: '/no/such/thing/42' });
    const res = await f.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toContain('nodejs_heap_size_total_bytes');
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{route="\/healthz",method="GET",status_code="200"\} [1-9]/,
    );
    expect(res.body).toContain('route="unmatched",method="GET",status_code="404"');
    expect(res.body).not.toContain('/no/such/thing/42');
  });

  it('keeps one metrics registry per app', async () => {
    const other = await buildServer({ db: f.db });
    const res = await other.inject({ url: '/metrics' });
    await other.close();
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('route="/healthz"');
  });

  it('answers unknown routes with 404 not_found in the error shape', async () => {
    const res = await f.app.inject({ url: '/api/v1/nothing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'not_found', message: 'no route for GET /api/v1/nothing', details: null },
    });
  });

  it('answers a malformed URL with 400 in the error shape', async () => {
    const res = await f.app.inject({ url: '/api/v1/accounts/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'validation_failed', message: expect.any(String), details: null },
    });
  });

  it.each([
    ['an unexpected error', new Error('connect ECONNREFUSED 10.1.2.3:5432 secret=hunter2')],
    ['a server-side AppError', new AppError('config_invalid', 'key file /secret/key unreadable')],
  ])('answers %s with a bare 500 and logs it', async (_name, error) => {
    const { logger, lines } = captureLog();
    const app = await buildServer({ db: failingDb(f.db, error), logger });
    // a well-formed token, so that the failure comes from the database (looking it up)
    const authorization = `Bearer rct_abcdefghijkl_${'a'.repeat(43)}`;
    const res = await app.inject({ url: '/api/v1/portfolios', headers: { authorization } });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: { code: 'internal', message: 'internal error', details: null },
    });
    expect(res.body).not.toMatch(/secret|hunter2|10\.1\.2\.3|at /);
    const logged = lines.find((l) => l.msg === 'internal error');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain(error.message);
  });

  it('serves the built web app: hashed assets cached, index.html not, SPA fallback', async () => {
    const page = await f.app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const js = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)">/.exec(
      page.body,
    )?.[1];
    const css = /<link rel="stylesheet" crossorigin href="(\/assets\/[^"]+\.css)">/.exec(
      page.body,
    )?.[1];
    expect(js).toBeDefined();
    expect(css).toBeDefined();
    const jsRes = await f.app.inject({ url: js! });
    expect(jsRes.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(jsRes.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const cssRes = await f.app.inject({ url: css! });
    expect(cssRes.headers['content-type']).toBe('text/css; charset=utf-8');
    const deep = await f.app.inject({ url: '/accounts/alpha/A-001' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toBe(page.body);
    for (const url of ['/api/v1/nope', '/assets/missing.js', '/favicon.png', '/accounts/x']) {
      const missing = await f.app.inject({ url });
      expect(missing.statusCode, url).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
    }
    expect(page.body + jsRes.body + cssRes.body).not.toContain(piiMarker);
  });
});
