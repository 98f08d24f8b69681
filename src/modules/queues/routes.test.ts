import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { buildServer } from '../../server.js';
import { insertActions, insertAttempt, insertCollector, seedWorkPortfolio } from './testing.js';
import { bearerFor } from '../../../test/support/auth.js';
import { testCipher } from '../compliance/testing.js';

type ErrorBody = { error: { code: string; message: string; details: unknown } };
type CaseBody = {
  case: null | {
    case_id: string;
    debtor_id: string;
    language: string;
    accounts: { account_id: string; balance_minor: string }[];
    actions: { action_id: string; channel: string }[];
  };
};

const due = '2026-11-01';
const local = '2026-11-25';

describe.each(engines)('queues and outcomes over HTTP on %s', (engine) => {
  let f: FreshDatabase;
  let app: FastifyInstance;
  let base: string;
  let portfolioId: bigint;
  let bearer: ReturnType<typeof bearerFor>;
  const debtors = [
    'D1',
    'D2',
    'D3',
    'D4',
    'D5',
    'D6',
    'D7',
    'D8',
    'D9',
    'D10',
    'D11',
    'D12',
    'D13',
    'D14',
  ];
  const actionOf = new Map<string, bigint>();

  beforeAll(async () => {
    f = await freshDatabase(engine);
    portfolioId = await seedWorkPortfolio(
      f.db,
      'p',
      debtors.map((d, i) => ({ debtorId: d, accounts: { [`A-${d}`]: BigInt(1_000_000 - i) } })),
    );
    const ids = await insertActions(
      f.db,
      portfolioId,
      debtors.map((d) => ({ accountId: `A-${d}`, debtorId: d, dueOn: due })),
    );
    debtors.forEach((d, i) => actionOf.set(d, ids[i]!));
    await insertCollector(f.db, { id: 'C1', capacity: 20 });
    await insertCollector(f.db, { id: 'C2', capacity: 20 });
    app = await buildServer({ db: f.db, logger: false, cipher: testCipher });
    bearer = bearerFor(f.db);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await app.close();
    await f.drop();
  });

  async function http<T>(
    method: string,
    path: string,
    status: number,
    body?: unknown,
    headers: Record<string, string> | Promise<Record<string, string>> = {},
  ) {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        // signed in as a user with no collector unless the test says who acts, or anonymous
        ...(headers === anonymous ? {} : await bearer(null)),
        ...(await headers),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBe(status);
    return JSON.parse(text) as T;
  }
  const as = (id: string | null) => bearer(id);
  const anonymous: Record<string, string> = {};

  it('needs a signed-in user who works as a collector', async () => {
    const missing = await http<ErrorBody>(
      'POST',
      '/api/v1/queues/phone/claim',
      401,
      undefined,
      anonymous,
    );
    expect(missing.error).toMatchObject({ code: 'unauthenticated' });
    const noCollector = await http<ErrorBody>(
      'POST',
      '/api/v1/queues/phone/claim',
      403,
      undefined,
      as(null),
    );
    expect(noCollector.error).toMatchObject({ code: 'forbidden' });
    const unit = await http<ErrorBody>(
      'POST',
      '/api/v1/queues/desk/claim',
      400,
      undefined,
      as('C1'),
    );
    expect(unit.error.message).toContain('unit');
  });

  it('claims cases with no personal data, in balance order, and lists them', async () => {
    const res = await fetch(`${base}/api/v1/queues/phone/claim`, {
      method: 'POST',
      headers: await as('C1'),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('Sealed Name');
    expect(text).not.toContain('秘密');
    const body = JSON.parse(text) as CaseBody;
    expect(body.case).toMatchObject({
      case_id: `phone:${portfolioId}:D1`,
      debtor_id: 'D1',
      language: 'zh-CN',
    });
    expect(body.case!.accounts).toMatchObject([{ account_id: 'A-D1', balance_minor: '1000000' }]);
    expect(body.case!.actions.map((a) => a.action_id)).toEqual([String(actionOf.get('D1'))]);
    const held = await http<{ items: { case_id: string }[] }>(
      'GET',
      '/api/v1/collectors/C1/cases',
      200,
    );
    expect(held.items.map((h) => h.case_id)).toEqual([`phone:${portfolioId}:D1`]);
    const load = await http<{
      items: { unit: string; open_cases: number; claimed_cases: number }[];
    }>('GET', '/api/v1/queues', 200);
    expect(load.items).toMatchObject([
      { unit: 'phone', agency_id: null, open_cases: 13, claimed_cases: 1 },
    ]);
  });

  it('never gives the same case to two of 30 concurrent claims over HTTP', async () => {
    for (let i = 0; i < 30; i++) await insertCollector(f.db, { id: `R${i}`, capacity: 1 });
    const bodies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        http<CaseBody>('POST', '/api/v1/queues/phone/claim', 200, undefined, as(`R${i}`)),
      ),
    );
    const got = bodies.map((b) => b.case?.debtor_id).filter((d) => d !== undefined);
    expect(got).toHaveLength(13);
    expect(new Set(got).size).toBe(13);
    // give them back
    for (const [i, b] of bodies.entries())
      if (b.case)
        await http('POST', '/api/v1/cases/release', 200, { case_id: b.case.case_id }, as(`R${i}`));
  });

  /** Claims the debtor's case for C1 (releasing others first is not needed: cases are by balance). */
  async function attemptOn(debtor: string, collector = 'C1'): Promise<bigint> {
    return insertAttempt(f.db, portfolioId, {
      accountId: `A-${debtor}`,
      debtorId: debtor,
      actionId: actionOf.get(debtor)!,
      collectorId: collector,
      localDate: local,
    });
  }

  it('refuses an outcome on a case someone else holds, naming only the holder', async () => {
    const attempt = await attemptOn('D1', 'C2');
    const refused = await http<ErrorBody>(
      'POST',
      `/api/v1/contact-attempts/${attempt}/outcome`,
      409,
      { outcome: 'no_answer' },
      as('C2'),
    );
    expect(refused.error.message).toMatch(/held by C1/);
    expect(refused.error.details).toMatchObject({ held_by: ['C1'], reason: 'held_by_other' });
    expect(JSON.stringify(refused)).not.toContain('Sealed');
    await http(
      'POST',
      '/api/v1/contact-attempts/99999999/outcome',
      404,
      { outcome: 'no_answer' },
      as('C1'),
    );
    const bad = await http<ErrorBody>(
      'POST',
      `/api/v1/contact-attempts/${attempt}/outcome`,
      400,
      { outcome: 'promise_to_pay', amount_minor: '-5', currency: 'CNY', promised_on: '2026-12-01' },
      as('C2'),
    );
    expect(bad.error.message).toContain('amount_minor');
    const unknown = await http<ErrorBody>(
      'POST',
      `/api/v1/contact-attempts/${attempt}/outcome`,
      400,
      { outcome: 'abducted' },
      as('C2'),
    );
    expect(unknown.error.message).toContain('outcome');
  });

  async function claimUntil(debtor: string): Promise<void> {
    const c = await http<CaseBody>('POST', '/api/v1/queues/phone/claim', 200, undefined, as('C1'));
    expect(c.case?.debtor_id).toBe(debtor);
  }

  async function record(debtor: string, body: object) {
    await claimUntil(debtor);
    const attempt = await attemptOn(debtor);
    const r = await http<Record<string, unknown>>(
      'POST',
      `/api/v1/contact-attempts/${attempt}/outcome`,
      200,
      body,
      as('C1'),
    );
    const [row] = await f.db.query<{
      answered: boolean;
      conversation: boolean;
      outcome: string;
      outcome_details: unknown;
    }>(
      'SELECT answered, conversation, outcome, outcome_details FROM contact_attempts WHERE attempt_id = $1',
      [attempt],
    );
    const flags = await f.db.query<{ flag: string; value: boolean; source: string }>(
      'SELECT flag, value, source FROM debtor_flags WHERE debtor_id = $1 ORDER BY flag',
      [debtor],
    );
    const [action] = await f.db.query<{ status: string }>(
      'SELECT status FROM actions WHERE action_id = $1',
      [actionOf.get(debtor)],
    );
    return { r, row: row!, flags, action: action!.status, attempt };
  }

  it('records each outcome with its effects', async () => {
    const a = await record('D2', { outcome: 'no_answer' });
    expect(a.row).toMatchObject({ answered: false, conversation: false, outcome: 'no_answer' });
    expect(a.flags).toEqual([]);
    expect(a.action).toBe('done');
    expect(a.r).toMatchObject({
      flags: [],
      promise_id: null,
      action_done: String(actionOf.get('D2')),
    });

    const wrong = await record('D3', { outcome: 'wrong_number' });
    expect(wrong.row).toMatchObject({ answered: true, conversation: false });

    const ptp = await record('D4', {
      outcome: 'promise_to_pay',
      amount_minor: '50000',
      currency: 'CNY',
      promised_on: '2026-12-05',
    });
    expect(ptp.row).toMatchObject({
      answered: true,
      conversation: true,
      outcome_details: { amount_minor: '50000', currency: 'CNY', promised_on: '2026-12-05' },
    });
    const [promise] = await f.db.query<{
      promise_id: bigint;
      amount_minor: bigint;
      collector_id: string;
      made_on: string;
      attempt_id: bigint;
    }>('SELECT promise_id, amount_minor, collector_id, made_on, attempt_id FROM promises');
    expect(promise).toMatchObject({
      amount_minor: 50000n,
      collector_id: 'C1',
      made_on: local,
      attempt_id: ptp.attempt,
    });
    expect(ptp.r.promise_id).toBe(String(promise!.promise_id));

    // a payment toward it, idempotent by key
    const pay = { amount_minor: '20000', paid_on: '2026-11-26' };
    const paid = await http('POST', `/api/v1/promises/${promise!.promise_id}/payments`, 200, pay, {
      'idempotency-key': 'k1',
    });
    expect(paid).toEqual({
      currency: 'CNY',
      credited: [{ promise_id: String(promise!.promise_id), amount_minor: '20000' }],
    });
    await http('POST', `/api/v1/promises/${promise!.promise_id}/payments`, 200, pay, {
      'idempotency-key': 'k1',
    });
    const [after] = await f.db.query<{ paid_minor: bigint }>('SELECT paid_minor FROM promises');
    expect(after!.paid_minor).toBe(20000n);
    await http('POST', `/api/v1/promises/${promise!.promise_id}/payments`, 400, pay);
    await http('POST', '/api/v1/promises/999999/payments', 404, pay, { 'idempotency-key': 'k2' });

    const dispute = await record('D5', { outcome: 'dispute', reason: 'not my loan' });
    expect(dispute.flags).toEqual([
      { flag: 'dispute', value: true, source: `attempt:${dispute.attempt}` },
    ]);

    const rep = await record('D6', {
      outcome: 'represented',
      agent_name: 'Agent',
      power_of_attorney_ref: 'POA-1',
    });
    expect(rep.flags.map((x) => x.flag)).toEqual(['represented']);

    const dead = await record('D7', { outcome: 'deceased' });
    expect(dead.flags.map((x) => x.flag)).toEqual(['deceased']);

    const refuses = await record('D8', { outcome: 'refuses', cease_contact_requested: true });
    expect(refuses.flags.map((x) => x.flag)).toEqual(['cease_contact']);

    const complaint = await record('D9', { outcome: 'complaint', summary: 'rude' });
    expect(complaint.flags).toEqual([]);
    expect(complaint.row.conversation).toBe(true);

    // a hardship claim names documents uploaded first, by id and hash
    const payslip = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 7)]);
    const upload = await fetch(
      `${base}/api/v1/portfolios/${portfolioId}/debtors/D10/documents?file_name=payslip.pdf`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', ...(await as('C1')) },
        body: payslip,
      },
    );
    expect(upload.status).toBe(201);
    const doc = (await upload.json()) as { document_id: string; sha256: string };
    const otherDebtors = await fetch(
      `${base}/api/v1/portfolios/${portfolioId}/debtors/D9/documents?file_name=other.pdf`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', ...(await as(null)) },
        body: payslip,
      },
    );
    const other = (await otherDebtors.json()) as { document_id: string; sha256: string };
    for (const [documents, why] of [
      [[{ document_id: doc.document_id, sha256: 'a'.repeat(64) }], /another SHA-256/],
      [[{ document_id: other.document_id, sha256: other.sha256 }], /no document .* of debtor D10/],
    ] as const) {
      const refused = await http<ErrorBody>(
        'POST',
        `/api/v1/contact-attempts/${await attemptOn('D10')}/outcome`,
        400,
        { outcome: 'hardship_claimed', documents },
        as('C1'),
      );
      expect(refused.error.message).toMatch(why);
      expect(refused.error.details).toEqual([
        { field: 'documents.0', message: expect.any(String) },
      ]);
    }
    const hardship = await record('D10', {
      outcome: 'hardship_claimed',
      documents: [{ document_id: doc.document_id, sha256: doc.sha256 }],
    });
    expect(hardship.row.outcome_details).toEqual({
      documents: [
        {
          document_id: doc.document_id,
          sha256: createHash('sha256').update(payslip).digest('hex'),
          file_name: 'payslip.pdf',
          media_type: 'application/pdf',
          size_bytes: payslip.length,
        },
      ],
    });

    const cb = await record('D11', {
      outcome: 'callback_requested',
      callback_at: '2026-11-26T02:00:00Z',
    });
    expect(cb.row.outcome).toBe('callback_requested');
    const inc = await record('D12', { outcome: 'incapacitated' });
    expect(inc.flags).toEqual([]);
    const p = await record('D13', {
      outcome: 'paid',
      amount_minor: '100',
      currency: 'CNY',
      paid_on: '2026-11-24',
    });
    expect(p.row).toMatchObject({ answered: true, conversation: true, outcome: 'paid' });

    // twice: refused
    const again = await http<ErrorBody>(
      'POST',
      `/api/v1/contact-attempts/${p.attempt}/outcome`,
      409,
      { outcome: 'no_answer' },
      as('C1'),
    );
    expect(again.error.message).toMatch(/already has an outcome/);
    expect(again.error.details).toMatchObject({ reason: 'outcome_recorded', outcome: 'paid' });
  });

  it('refuses an outcome once the account left the collector’s queue (placed with an agency)', async () => {
    await claimUntil('D14');
    const attempt = await attemptOn('D14');
    await http('POST', '/api/v1/agencies', 201, { agency_id: 'AGX', name: 'X' });
    await http('POST', '/api/v1/placements', 200, {
      portfolio: 'p',
      agency_id: 'AGX',
      account_ids: ['A-D14'],
      placed_on: local,
    });
    const r = await http<ErrorBody>(
      'POST',
      `/api/v1/contact-attempts/${attempt}/outcome`,
      409,
      { outcome: 'no_answer' },
      as('C1'),
    );
    expect(r.error.message).toMatch(/placed with an agency/);
    expect(r.error.details).toMatchObject({ reason: 'not_in_queue', account_id: 'A-D14' });
  });
});
