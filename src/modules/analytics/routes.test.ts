import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccounts, seedPortfolio } from '../../../test/support/accounts.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { buildServer } from '../../server.js';
import { runDailyCycle } from '../cycle/index.js';
import { signedFetch } from '../../../test/support/auth.js';

describe.each(engines)('GET /api/v1/briefing over HTTP on %s', (engine) => {
  let f: FreshDatabase;
  let app: FastifyInstance;
  // every request signed in (test/support/auth.ts)
  let fetch: typeof globalThis.fetch;
  let base: string;

  beforeAll(async () => {
    f = await freshDatabase(engine);
    const p = await seedPortfolio(f.db);
    await insertAccounts(f.db, p, [
      {
        accountId: 'A1',
        overdueMinor: 4_200n,
        oldestUnpaidDueDate: '2026-11-24',
        nextDueDate: null,
      },
    ]);
    await runDailyCycle({ db: f.db, asOf: '2026-11-24' });
    await runDailyCycle({ db: f.db, asOf: '2026-11-25' });
    app = await buildServer({ db: f.db, timeZone: 'Asia/Shanghai' });
    fetch = signedFetch(f.db);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await f.drop();
  });

  it('answers JSON by default, for the latest cycle', async () => {
    const res = await fetch(`${base}/api/v1/briefing`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      as_of: string;
      new_delinquencies: { overdue: unknown };
    };
    expect(body.as_of).toBe('2026-11-25');
    expect(body.new_delinquencies.overdue).toEqual([{ currency: 'CNY', minor: '4200' }]);
  });

  it('exports CSV and PDF as attachments', async () => {
    const csv = await fetch(`${base}/api/v1/briefing?as_of=2026-11-25&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('briefing-2026-11-25.csv');
    expect(await csv.text()).toContain('new_delinquencies,accounts,1,CNY,42.00,,\r\n');
    const pdf = await fetch(`${base}/api/v1/briefing?format=pdf&portfolio=t`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('answers bad input with the standard error shape', async () => {
    for (const [url, status, code] of [
      ['/api/v1/briefing?format=xls', 400, 'validation_failed'],
      ['/api/v1/briefing?as_of=2026-13-01', 400, 'validation_failed'],
      ['/api/v1/briefing?portfolio=nope', 404, 'not_found'],
    ] as const) {
      const res = await fetch(base + url);
      expect(res.status, url).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).not.toMatch(/at .*\.ts/);
    }
  });
});
