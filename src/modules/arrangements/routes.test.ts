import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { anonymous } from '../../../test/support/auth.js';
import { engines } from '../../../test/support/databases.js';
import { insertCollector } from '../queues/testing.js';

type ErrorBody = { error: { code: string; message: string; details: unknown } };

describe.each(engines)('arrangement routes on %s', (engine) => {
  let f: FixtureApp;
  let alpha: number;
  beforeAll(async () => {
    f = await fixtureApp(engine);
    const [p] = await f.db.query<{ portfolio_id: bigint }>(
      `SELECT portfolio_id FROM portfolios WHERE name = 'alpha'`,
    );
    alpha = Number(p!.portfolio_id);
    for (const id of ['C-1', 'S-1', 'X-9']) await insertCollector(f.db, { id });
  });
  afterAll(() => f.close());

  const post = (url: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    f.app.inject({ method: 'POST', url, headers, payload });

  it('a collector proposes a plan, a supervisor approves it, the maker cannot', async () => {
    const plan = {
      portfolio_id: alpha,
      account_id: 'A-006',
      agreed_on: '2026-11-25',
      installment_count: 7,
      first_due_on: '2026-12-25',
      fees: 'waive',
      hardship: { kind: 'illness', documents: ['doc-1'] },
    };
    expect((await post('/api/v1/installment-plans', anonymous, plan)).statusCode).toBe(401);
    // the preview shows the schedule the proposal makes, and records nothing
    const preview = await post(
      '/api/v1/installment-plans/preview',
      { 'x-collector-id': 'C-1' },
      plan,
    );
    expect(preview.statusCode, preview.body).toBe(200);
    const shown = preview.json<{
      total_minor: string;
      required_role: string | null;
      schedule: { number: number; due_on: string; amount_minor: string }[];
    }>();
    expect(shown.schedule.map((i) => i.due_on)).toEqual([
      '2026-12-25',
      '2027-01-25',
      '2027-02-25',
      '2027-03-25',
      '2027-04-25',
      '2027-05-25',
      '2027-06-25',
    ]);
    const [none] = await f.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM installment_plans',
    );
    expect(none!.n).toBe(0);
    const r = await post('/api/v1/installment-plans', { 'x-collector-id': 'C-1' }, plan);
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json<{
      plan_id: number;
      total_minor: string;
      schedule: { amount_minor: string }[];
    }>();
    expect(p.schedule).toEqual(shown.schedule);
    expect(p).toMatchObject({ total_minor: shown.total_minor, required_role: shown.required_role });
    expect(p.schedule.reduce((s, i) => s + BigInt(i.amount_minor), 0n)).toBe(BigInt(p.total_minor));
    const decide = (id: string, role: string) =>
      post(
        `/api/v1/installment-plans/${p.plan_id}/decision`,
        { 'x-collector-id': id, 'x-collector-role': role },
        { decision: 'approve', decided_on: '2026-11-25' },
      );
    const self = await decide('C-1', 'supervisor');
    expect(self.statusCode).toBe(409);
    expect(self.json<ErrorBody>().error).toMatchObject({
      message: expect.stringMatching(/different people/),
      details: { reason: 'maker_is_checker' },
    });
    const ok = await decide('S-1', 'supervisor');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'active', decided_by: 'S-1' });
    const again = await decide('S-1', 'supervisor');
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error.details).toMatchObject({
      reason: 'already_decided',
      status: 'active',
    });
    const sixtyOne = await post(
      '/api/v1/installment-plans',
      { 'x-collector-id': 'C-1' },
      { ...plan, installment_count: 61 },
    );
    expect(sixtyOne.statusCode).toBe(400);
    expect(sixtyOne.json<ErrorBody>().error.details).toMatchObject({ field: 'installmentCount' });
    const early = await post(
      '/api/v1/installment-plans/preview',
      { 'x-collector-id': 'C-1' },
      { ...plan, first_due_on: '2026-11-01' },
    );
    expect(early.statusCode).toBe(400);
    expect(early.json<ErrorBody>().error.details).toMatchObject({ field: 'firstDueDate' });
  });

  it('a settlement above the supervisor limit needs a manager', async () => {
    const r = await post(
      '/api/v1/settlements',
      { 'x-collector-id': 'C-1' },
      {
        portfolio_id: alpha,
        account_id: 'A-008',
        offered_on: '2026-11-25',
        expires_on: '2026-12-25',
        discount_bps: 2500,
      },
    );
    expect(r.statusCode, r.body).toBe(201);
    const s = r.json<{ settlement_id: number; required_role: string }>();
    expect(s.required_role).toBe('manager');
    const decide = (role: string) =>
      post(
        `/api/v1/settlements/${s.settlement_id}/decision`,
        { 'x-collector-id': 'X-9', 'x-collector-role': role },
        { decision: 'approve', decided_on: '2026-11-25' },
      );
    const below = await decide('supervisor');
    expect(below.statusCode).toBe(409);
    expect(below.json<ErrorBody>().error.details).toMatchObject({
      reason: 'above_authority',
      required_role: 'manager',
      checker_role: 'supervisor',
      currency: 'CNY',
      forgiven_minor: expect.stringMatching(/^[1-9]\d*$/),
    });
    expect((await decide('manager')).json()).toMatchObject({ status: 'approved' });
  });

  it('a plan’s hardship claim names an uploaded document of the debtor by id and hash', async () => {
    const [account] = await f.db.query<{ debtor_id: string }>(
      `SELECT debtor_id FROM accounts WHERE account_id = 'A-009' AND portfolio_id = $1`,
      [alpha],
    );
    const upload = await f.app.inject({
      method: 'POST',
      url: `/api/v1/portfolios/${alpha}/debtors/${account!.debtor_id}/documents?file_name=payslip.pdf`,
      headers: { 'x-collector-id': 'C-1', 'content-type': 'application/pdf' },
      payload: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 7)]),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const doc = upload.json<{ document_id: string; sha256: string }>();
    const plan = (documents: unknown[]) => ({
      portfolio_id: alpha,
      account_id: 'A-009',
      agreed_on: '2026-11-25',
      installment_count: 6,
      first_due_on: '2026-12-25',
      hardship: { kind: 'unemployment', documents },
    });
    const changed = await post(
      '/api/v1/installment-plans',
      { 'x-collector-id': 'C-1' },
      plan([{ document_id: doc.document_id, sha256: '0'.repeat(64) }]),
    );
    expect(changed.statusCode).toBe(400);
    expect(changed.json<ErrorBody>().error.details).toEqual([
      { field: 'documents.0', message: expect.stringMatching(/another SHA-256/) },
    ]);
    const r = await post(
      '/api/v1/installment-plans',
      { 'x-collector-id': 'C-1' },
      plan([{ document_id: doc.document_id, sha256: doc.sha256 }, 'paper file 12']),
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json<{ hardship: unknown }>().hardship).toEqual({
      kind: 'unemployment',
      documents: [
        {
          document_id: doc.document_id,
          sha256: doc.sha256,
          file_name: 'payslip.pdf',
          media_type: 'application/pdf',
          size_bytes: 509,
        },
        'paper file 12',
      ],
    });
  });
});
