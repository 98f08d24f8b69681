/**
 * The authorization matrix, generated: every route of the real server x every role (with all of
 * its permissions, as an API token) and anonymous, over HTTP against a real database. A role is
 * refused (403 naming the route's permission) exactly when the role_permissions table does not
 * give it the route's permission; anonymous is refused (401) on every route that is not public.
 * Bodies and parameters are placeholders: an allowed request may still fail validation or find
 * nothing, which is not a leak; no answer may carry personal data or a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, piiMarker, type FixtureApp } from '../../../test/support/api-fixture.js';
import { tokenFor } from '../../../test/support/auth.js';
import { engines } from '../../../test/support/databases.js';
import { routeAccessTable, userRoles, type RouteAccessEntry } from './index.js';

type Cell = { route: string; who: string; status: number; body: string };

function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_m, name: string) =>
    /id$|Id$|version|asOf/.test(name) ? (name === 'asOf' ? '2026-11-25' : '1') : 'x',
  );
}

describe.each(engines)('authorization matrix on %s', (engine) => {
  let f: FixtureApp;
  let routes: RouteAccessEntry[];
  const granted = new Map<string, Set<string>>();
  const cells: Cell[] = [];

  beforeAll(async () => {
    f = await fixtureApp(engine);
    await f.db.query("INSERT INTO agencies (agency_id, name) VALUES ('AG-M', 'Matrix agency')");
    routes = routeAccessTable(f.app).filter((r) => r.url.startsWith('/api/v1/'));
    const rows = await f.db.query<{ role: string; permission: string }>(
      'SELECT role, permission FROM role_permissions',
    );
    for (const r of rows) {
      if (!granted.has(r.role)) granted.set(r.role, new Set());
      granted.get(r.role)!.add(r.permission);
    }
    const tokens: [string, string | null][] = [['anonymous', null]];
    for (const role of userRoles)
      tokens.push([
        role,
        await tokenFor(f.db, {
          role,
          ...(role.startsWith('agency_') ? { agencyId: 'AG-M' } : {}),
        }),
      ]);
    for (const route of routes) {
      if (route.access === 'public') continue;
      for (const [who, token] of tokens) {
        const res = await f.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers: {
            // no token: the test wrapper must not sign this request in
            authorization: token ? `Bearer ${token}` : 'none',
            'idempotency-key': 'matrix',
            'content-type': 'application/json',
          },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
        });
        cells.push({
          route: `${route.method} ${route.url}`,
          who,
          status: res.statusCode,
          body: res.body,
        });
      }
    }
  }, 300_000);
  afterAll(() => f.close());

  it('covers every API route, each declaring what it needs', () => {
    expect(routes.length).toBeGreaterThan(50);
    for (const r of routes) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
    // retention and access requests: exports for admin and compliance officer, retention admin only
    const access = (method: string, url: string) =>
      routes.find((r) => r.method === method && r.url === url)?.access;
    expect(
      access('GET', '/api/v1/portfolios/:portfolioId/debtors/:debtorId/personal-data/export'),
    ).toBe('personal_data.export');
    expect(access('PUT', '/api/v1/portfolios/:portfolioId/retention')).toBe('retention.manage');
    expect(access('POST', '/api/v1/portfolios/:portfolioId/retention/runs')).toBe(
      'retention.manage',
    );
    const holders = (permission: string) =>
      [...granted]
        .filter(([, p]) => p.has(permission))
        .map(([role]) => role)
        .sort();
    expect(holders('personal_data.export')).toEqual(['admin', 'compliance_officer']);
    expect(holders('retention.manage')).toEqual(['admin']);
  });

  it('has the administration trail, for admin, compliance officer and auditor only', () => {
    expect(routes).toContainEqual({
      method: 'GET',
      url: '/api/v1/audit/administration',
      access: 'audit.administration',
    });
    const readers = [...granted].filter(([, p]) => p.has('audit.administration')).map(([r]) => r);
    expect(readers.filter((r) => r !== 'test_all').sort()).toEqual([
      'admin',
      'auditor',
      'compliance_officer',
    ]);
    const cellsOf = cells.filter((c) => c.route === 'GET /api/v1/audit/administration');
    expect(
      cellsOf
        .filter((c) => c.status === 200)
        .map((c) => c.who)
        .sort(),
    ).toEqual(['admin', 'auditor', 'compliance_officer']);
  });

  it('refuses a role exactly where it lacks the permission, and anonymous everywhere', () => {
    const wrong: string[] = [];
    for (const c of cells) {
      const route = routes.find((r) => `${r.method} ${r.url}` === c.route)!;
      const denied =
        c.status === 403 &&
        (JSON.parse(c.body) as { error: { details: { permission?: string } | null } }).error.details
          ?.permission === route.access;
      if (c.who === 'anonymous') {
        if (c.status !== 401) wrong.push(`${c.route} anonymous: ${c.status}`);
        continue;
      }
      const allowed =
        route.access === 'authenticated' || (granted.get(c.who)?.has(route.access) ?? false);
      if (allowed === denied)
        wrong.push(`${c.route} ${c.who}: ${c.status} ${c.body.slice(0, 120)}`);
      if (c.status === 401) wrong.push(`${c.route} ${c.who}: 401 with a valid token`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers every cell in the error shape or with data, never a 500, stack trace or personal data', () => {
    for (const c of cells) {
      expect(c.status, `${c.route} ${c.who}: ${c.body}`).toBeLessThan(500);
      expect(c.body).not.toContain(piiMarker);
      expect(c.body).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
    }
  });
});
