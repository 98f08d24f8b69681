import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { engines } from '../../../test/support/databases.js';
import { statementCsvColumns } from './domain/index.js';
import { checkLedger } from './testing.js';
import { anonymous } from '../../../test/support/auth.js';
import { insertCollector } from '../queues/testing.js';

type ErrorBody = { error: { code: string; message: string; details: unknown } };
type Posted = {
  payment_id: number;
  amount_minor: string;
  allocation: { component: string; amount_minor: string }[];
  account: Record<string, string | null>;
};

describe.each(engines)('payment routes on %s', (engine) => {
  let f: FixtureApp;
  let alpha: number;
  beforeAll(async () => {
    f = await fixtureApp(engine);
    const [p] = await f.db.query<{ portfolio_id: bigint }>(
      `SELECT portfolio_id FROM portfolios WHERE name = 'alpha'`,
    );
    alpha = Number(p!.portfolio_id);
  });
  afterAll(() => f.close());

  const body = (o: Record<string, unknown> = {}) => ({
    portfolio_id: alpha,
    account_id: 'A-004',
    amount_minor: '1000',
    currency: 'CNY',
    paid_on: '2026-11-25',
    ...o,
  });
  const post = (key: string | null, payload: unknown) =>
    f.app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: key === null ? {} : { 'idempotency-key': key },
      payload: payload as Record<string, unknown>,
    });
  const payments = async (reference: string) =>
    Number(
      (
        await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM payments WHERE reference = $1', [
          reference,
        ])
      )[0]!.n,
    );

  it('posts a payment: 201, allocation fees first, amounts as strings of minor units', async () => {
    const r = await post('k-basic', body({ reference: 'basic' }));
    expect(r.statusCode).toBe(201);
    const p = r.json<Posted>();
    expect(p.amount_minor).toBe('1000');
    expect(p.allocation.map((l) => [l.component, l.amount_minor])).toEqual([
      ['fee', '50'],
      ['interest', '950'],
    ]);
    expect(p.account.overdue_amount_minor).toBe('11345');
    expect(r.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a retry returns the same response and posts nothing more', async () => {
    const first = await post('k-retry', body({ reference: 'retry' }));
    const again = await post('k-retry', body({ reference: 'retry' }));
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await payments('retry')).toBe(1);
  });

  it('the same key with a different body is refused with 409', async () => {
    await post('k-diff', body({ reference: 'diff' }));
    const r = await post('k-diff', body({ reference: 'diff', amount_minor: '1001' }));
    expect(r.statusCode).toBe(409);
    expect(r.json<ErrorBody>().error.code).toBe('conflict');
    expect(await payments('diff')).toBe(1);
  });

  it('2-10 concurrent retries of one key post exactly once', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 10 }), async (n) => {
        run += 1;
        const reference = `conc-${run}`;
        const results = await Promise.all(
          Array.from({ length: n }, () => post(`k-conc-${run}`, body({ reference }))),
        );
        expect(results.map((r) => r.statusCode)).toEqual(Array(n).fill(201));
        const ids = new Set(results.map((r) => r.json<Posted>().payment_id));
        expect(ids.size).toBe(1);
        expect(await payments(reference)).toBe(1);
      }),
      { numRuns: 12 },
    );
    expect(await checkLedger(f.db)).toEqual({ net: 0n, unbalanced: 0n, mismatched: [] });
  });

  it('requires the Idempotency-Key header and a well-formed one', async () => {
    const r = await post(null, body());
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorBody>().error).toMatchObject({
      code: 'validation_failed',
      details: { field: 'Idempotency-Key' },
    });
    expect((await post('has space', body())).statusCode).toBe(400);
  });

  it('refuses bad payments with the field named', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ amount_minor: '0' }, 400, 'amount_minor'],
      [{ amount_minor: '-100' }, 400, 'amount_minor'],
      [{ currency: 'USD' }, 400, 'currency'],
      [{ account_id: 'NOPE' }, 404, 'account_id'],
    ];
    for (const [o, status, field] of cases) {
      const r = await post(`k-bad-${field}-${status}-${String(Object.values(o)[0])}`, body(o));
      expect(r.statusCode, JSON.stringify(o)).toBe(status);
      expect(r.json<ErrorBody>().error.details).toMatchObject({ field });
    }
    const r = await post('k-bad-amount-format', body({ amount_minor: '10.50' }));
    expect(r.statusCode).toBe(400);
    expect(r.json<ErrorBody>().error.message).toContain('amount_minor');
  });

  it('reverses a payment idempotently and shows the ledger', async () => {
    const p = (
      await post('k-rev', body({ account_id: 'A-006', amount_minor: '5000', reference: 'rev' }))
    ).json<Posted>();
    const reverse = () =>
      f.app.inject({
        method: 'POST',
        url: `/api/v1/payments/${p.payment_id}/reversal`,
        headers: { 'idempotency-key': 'k-rev-1' },
        payload: { reversed_on: '2026-11-26', reason: 'bounced' },
      });
    const r = await reverse();
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'reversed',
      account: { overdue_amount_minor: '100000' },
    });
    expect((await reverse()).json()).toEqual(r.json());
    const again = await f.app.inject({
      method: 'POST',
      url: `/api/v1/payments/${p.payment_id}/reversal`,
      headers: { 'idempotency-key': 'k-rev-2' },
      payload: { reversed_on: '2026-11-26' },
    });
    expect(again.statusCode).toBe(409);

    const ledger = await f.app.inject({
      method: 'GET',
      url: `/api/v1/portfolios/${alpha}/accounts/A-006/ledger`,
    });
    expect(ledger.statusCode).toBe(200);
    const l = ledger.json<{ summary: Record<string, string>; postings: { kind: string }[] }>();
    expect(l.postings.map((x) => x.kind)).toEqual(['charge', 'payment', 'reversal']);
    expect(l.summary).toMatchObject({ net_minor: '0', paid_minor: '0', balance_minor: '1001050' });
    const missing = await f.app.inject({
      method: 'GET',
      url: `/api/v1/portfolios/${alpha}/accounts/NOPE/ledger`,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('imports a statement from the request body, then reviews and resolves an entry', async () => {
    const csv = [
      statementCsvColumns.join(','),
      'S9,BANK,RT1,2026-11-25,,1.00,CNY,credit,,,A-008,',
      'S9,BANK,RT2,2026-11-25,,2.00,CNY,credit,Nobody,,,',
    ].join('\n');
    const send = () =>
      f.app.inject({
        method: 'POST',
        url: '/api/v1/statements?portfolio=alpha',
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      });
    const r = await send();
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ format: 'csv', entries: 2, posted: 1, review: 1 });
    expect((await send()).json()).toMatchObject({ posted: 0, duplicates: 2 });

    const bad = await f.app.inject({
      method: 'POST',
      url: '/api/v1/statements',
      headers: { 'content-type': 'application/xml' },
      payload: '<Document><Nope/></Document>',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.code).toBe('invalid_file');

    const review = await f.app.inject({ method: 'GET', url: '/api/v1/reconciliation/review' });
    const items = review.json<{ items: { entry_id: number; entry_reference: string }[] }>().items;
    const entry = items.find((i) => i.entry_reference === 'RT2')!;
    const resolve = (headers: Record<string, string>) =>
      f.app.inject({
        method: 'POST',
        url: `/api/v1/reconciliation/review/${entry.entry_id}/resolve`,
        headers,
        payload: { action: 'post', portfolio_id: alpha, account_id: 'A-009' },
      });
    expect((await resolve({ 'idempotency-key': 'k-res', ...anonymous })).statusCode).toBe(401);
    await insertCollector(f.db, { id: 'C-1' });
    const ok = await resolve({ 'idempotency-key': 'k-res', 'x-collector-id': 'C-1' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'resolved',
      account_id: 'A-009',
      resolved_by: 'C-1',
    });
    const replay = await resolve({ 'idempotency-key': 'k-res', 'x-collector-id': 'C-1' });
    expect(replay.json()).toEqual(ok.json());
  });
});
