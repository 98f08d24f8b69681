import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bucketCounts,
  fixtureApp,
  piiMarker,
  type FixtureApp,
} from '../../../test/support/api-fixture.js';
import { engines } from '../../../test/support/databases.js';

const bulk = 150;

type Account = Record<string, unknown> & { account_id: string; portfolio: string };
type Page = { items: Account[]; next_cursor: string | null };
type ErrorBody = { error: { code: string; message: string; details: unknown } };

const accountKeys = [
  'account_id',
  'portfolio',
  'debtor_id',
  'debtor_name',
  'product',
  'currency',
  'principal_outstanding',
  'interest_outstanding',
  'fees_outstanding',
  'overdue_amount',
  'next_due_amount',
  'credit_limit',
  'oldest_unpaid_due_date',
  'next_due_date',
  'origination_date',
  'branch',
  'region',
  'timezone',
  'dpd',
  'bucket',
  'pre_due',
  'risk_class',
  'aged_as_of',
];

const keyOf = (a: Account) => `${a.portfolio}/${a.account_id}`;

describe.each(engines)('portfolio routes on %s', (engine) => {
  let f: FixtureApp;
  beforeAll(async () => {
    f = await fixtureApp(engine, { bulk });
  });
  afterAll(() => f.close());

  async function get<T>(url: string, status = 200): Promise<T> {
    const res = await f.app.inject({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json<T>();
  }

  async function walk(query: string, limit: number): Promise<{ keys: string[]; pages: number }> {
    const keys: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: Page = await get<Page>(`/api/v1/accounts?${query}&limit=${limit}${after}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      keys.push(...page.items.map(keyOf));
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null);
    return { keys, pages };
  }

  it('lists portfolios with their account counts', async () => {
    const body = await get<{ items: Record<string, unknown>[] }>('/api/v1/portfolios');
    expect(body.items.map((p) => [p.name, p.account_count])).toEqual([
      ['alpha', 14],
      ['beta', 2],
      ['gamma', bulk],
    ]);
    expect(body.items[0]).toEqual({
      portfolio_id: expect.any(Number),
      name: 'alpha',
      account_count: 14,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
  });

  it('shapes accounts in snake_case, amounts at the precision of their currency', async () => {
    const { items } = await get<Page>('/api/v1/accounts?portfolio=alpha');
    expect(items.map((a) => a.account_id)).toEqual(
      Array.from({ length: 14 }, (_, i) => `A-${String(i + 1).padStart(3, '0')}`),
    );
    for (const a of items) expect(Object.keys(a)).toEqual(accountKeys);
    const byId = new Map(items.map((a) => [a.account_id, a]));
    expect(byId.get('A-004')).toEqual({
      account_id: 'A-004',
      portfolio: 'alpha',
      debtor_id: 'D-A-004',
      debtor_name: 'Debtor 4 债务人',
      product: 'consumer_loan',
      currency: 'CNY',
      principal_outstanding: '1234.50',
      interest_outstanding: '10.00',
      fees_outstanding: '0.50',
      overdue_amount: '123.45',
      next_due_amount: '999.99',
      credit_limit: null,
      oldest_unpaid_due_date: '2026-11-20',
      next_due_date: '2027-01-04',
      origination_date: '2024-01-15',
      branch: 'Pudong',
      region: 'Shanghai',
      timezone: 'Asia/Shanghai',
      dpd: 5,
      bucket: 'M1',
      pre_due: false,
      risk_class: 'special_mention',
      aged_as_of: '2026-11-25',
    });
    expect(byId.get('A-007')).toMatchObject({ currency: 'JPY', overdue_amount: '75000' });
    expect(byId.get('A-013')).toMatchObject({ currency: 'KWD', overdue_amount: '1234.567' });
    expect(byId.get('A-014')).toMatchObject({ dpd: null, bucket: null, risk_class: null });
  });

  it.each([
    ['bucket=M7%2B', ['alpha/A-011', 'alpha/A-012', 'alpha/A-013']],
    ['bucket=M1', ['alpha/A-004', 'alpha/A-005', 'beta/A-001']],
    ['portfolio=beta&bucket=M1', ['beta/A-001']],
    ['risk_class=substandard', ['alpha/A-008', 'alpha/A-009', 'alpha/A-010', 'alpha/A-011']],
    ['risk_class=loss', ['alpha/A-013']],
    ['dpd_min=100&dpd_max=200', ['alpha/A-008', 'alpha/A-009', 'alpha/A-010', 'alpha/A-011']],
    ['dpd_min=361', ['alpha/A-013']],
    ['dpd_max=0&portfolio=alpha', ['alpha/A-001', 'alpha/A-002', 'alpha/A-003']],
    ['pre_due=true', ['alpha/A-001', 'beta/B-001']],
    ['bucket=current&pre_due=false', ['alpha/A-002', 'alpha/A-003']],
    ['bucket=M5&risk_class=normal', []],
  ])('filters accounts: %s', async (query, expected) => {
    const { items, next_cursor } = await get<Page>(`/api/v1/accounts?${query}`);
    expect(items.map(keyOf)).toEqual(expected);
    expect(next_cursor).toBeNull();
  });

  it('walks every account once with the cursor, in (portfolio, account id) order', async () => {
    const all = (await get<Page>('/api/v1/accounts?limit=1000')).items.map(keyOf);
    expect(all).toHaveLength(14 + 2 + bulk);
    for (const limit of [1, 7, 50, all.length, all.length + 1]) {
      const { keys, pages } = await walk('', limit);
      expect(keys).toEqual(all);
      expect(new Set(keys).size).toBe(all.length);
      expect(pages).toBe(Math.max(1, Math.ceil(all.length / limit)));
    }
  });

  it('walks a filtered list with the cursor', async () => {
    const { keys, pages } = await walk('portfolio=gamma', 13);
    expect(new Set(keys).size).toBe(bulk);
    expect(keys.every((k) => k.startsWith('gamma/'))).toBe(true);
    expect(pages).toBe(Math.ceil(bulk / 13));
  });

  it('defaults to pages of 100', async () => {
    const page = await get<Page>('/api/v1/accounts');
    expect(page.items).toHaveLength(100);
    expect(page.next_cursor).toEqual(expect.any(String));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=', 'limit'],
    ['bucket=M9', 'bucket'],
    ['bucket=M7+', 'bucket'],
    ['risk_class=bad', 'risk_class'],
    ['dpd_min=-1', 'dpd_min'],
    ['dpd_min=5&dpd_max=1', 'dpd_min'],
    ['pre_due=yes', 'pre_due'],
    ['bukcet=M1', 'bukcet'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('["x","y"]').toString('base64url')}`, 'cursor'],
    ['limit=5&limit=6', 'limit'],
  ])('answers 400 validation_failed naming the field: %s', async (query, field) => {
    const body = await get<ErrorBody>(`/api/v1/accounts?${query}`, 400);
    expect(body).toEqual({
      error: { code: 'validation_failed', message: expect.any(String), details: expect.any(Array) },
    });
    expect(body.error.details).toContainEqual({ field, message: expect.any(String) });
  });

  it.each([
    '/api/v1/accounts?portfolio=nope',
    '/api/v1/portfolio-summary?portfolio=nope',
    '/api/v1/accounts/NOPE',
    '/api/v1/accounts/A-002?portfolio=beta',
    '/api/v1/accounts/A-001?portfolio=nope',
  ])('answers 404 not_found: %s', async (url) => {
    const body = await get<ErrorBody>(url, 404);
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toEqual(expect.any(String));
  });

  it('answers 409 when an account id is in several portfolios and none is named', async () => {
    const body = await get<ErrorBody>('/api/v1/accounts/A-001', 409);
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/\?portfolio=/);
    expect(body.error.details).toEqual({
      account_id: 'A-001',
      portfolios: ['alpha', 'beta'],
      reason: 'ambiguous_account',
    });
    const beta = await get<Account>('/api/v1/accounts/A-001?portfolio=beta');
    expect(beta).toMatchObject({ portfolio: 'beta', bucket: 'M1', overdue_amount: '88.00' });
  });

  it('shows one account with its bucket history and month-end snapshots', async () => {
    const body = await get<Account>('/api/v1/accounts/A-008');
    expect(Object.keys(body)).toEqual([
      ...accountKeys,
      'bucket_events',
      'month_end_snapshots',
      'segment',
    ]);
    expect(body).toMatchObject({ account_id: 'A-008', portfolio: 'alpha', bucket: 'M4' });
    expect(body.bucket_events).toEqual([
      { as_of: '2026-10-01', from_bucket: null, to_bucket: 'M3' },
      { as_of: '2026-10-20', from_bucket: 'M3', to_bucket: 'M4' },
    ]);
    expect(body.month_end_snapshots).toEqual([
      {
        month_end: '2026-09-30',
        currency: 'CNY',
        dpd: 44,
        bucket: 'M2',
        risk_class: 'special_mention',
        overdue_amount: '2000.00',
        balance: '25010.50',
      },
      expect.objectContaining({ month_end: '2026-10-31', overdue_amount: '2500.00' }),
    ]);
    const plain = await get<Account>('/api/v1/accounts/A-002?portfolio=alpha');
    expect(plain).toMatchObject({ bucket_events: [], month_end_snapshots: [] });
  });

  it('summarizes by bucket, pre-due and risk class, per currency', async () => {
    type Tally = { accounts: number; overdue: { currency: string; amount: string }[] };
    type Summary = {
      aged_as_of: string | null;
      total: Tally;
      not_aged: Tally;
      pre_due: Tally;
      non_performing: Tally;
      by_bucket: (Tally & { bucket: string })[];
      by_risk_class: (Tally & { risk_class: string })[];
    };
    const all = await get<Summary>('/api/v1/portfolio-summary');
    expect(all.aged_as_of).toBe('2026-11-25');
    expect(all.total.accounts).toBe(14 + 2 + bulk);
    expect(all.not_aged.accounts).toBe(1 + bulk);
    expect(all.by_bucket.map((b) => b.bucket)).toEqual([
      'current',
      ...['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'],
    ]);
    expect(Object.fromEntries(all.by_bucket.map((b) => [b.bucket, b.accounts]))).toEqual(
      bucketCounts(),
    );
    expect(all.by_bucket.find((b) => b.bucket === 'M7+')?.overdue).toEqual([
      { currency: 'CNY', amount: '5000.00' },
      { currency: 'KWD', amount: '1234.567' },
      { currency: 'USD', amount: '6000.00' },
    ]);
    expect(all.pre_due.accounts).toBe(2);
    expect(all.non_performing.accounts).toBe(6);
    expect(all.by_risk_class.map((c) => [c.risk_class, c.accounts])).toEqual([
      ['normal', 4],
      ['special_mention', 5],
      ['substandard', 4],
      ['doubtful', 1],
      ['loss', 1],
    ]);
    const beta = await get<Summary & { portfolio: string }>(
      '/api/v1/portfolio-summary?portfolio=beta',
    );
    expect(beta.portfolio).toBe('beta');
    expect(Object.fromEntries(beta.by_bucket.map((b) => [b.bucket, b.accounts]))).toMatchObject(
      bucketCounts('beta'),
    );
    expect(beta.total.overdue).toEqual([{ currency: 'CNY', amount: '88.00' }]);
  });

  it('never shows personal information', async () => {
    const urls = [
      '/api/v1/portfolios',
      '/api/v1/accounts?limit=1000',
      '/api/v1/accounts/A-008',
      '/api/v1/accounts/A-001?portfolio=beta',
      '/api/v1/accounts/A-001',
      '/api/v1/portfolio-summary',
    ];
    for (const url of urls) {
      const res = await f.app.inject({ method: 'GET', url });
      expect(res.body).not.toContain(piiMarker);
      expect(res.body).not.toMatch(/pii|national_id|phone|wechat|email|address/i);
    }
  });
});
