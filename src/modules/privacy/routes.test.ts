/**
 * Retention and access requests over HTTP: a person's export holds every category of their data
 * and is logged; it is refused without the permission or a purpose; the retention period is set
 * and validated; a run is previewed and applied; an anonymised person's export says so.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../../test/support/auth.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { buildServer } from '../../server.js';
import { testCipher } from '../compliance/testing.js';
import { identifiers, importPeople, payOff, person, recordWork } from './testing.js';

const gone = person(1);
const kept = person(2);

type Export = Record<string, unknown> & {
  identity: { name: string };
  accounts: { personal: Record<string, string> }[];
  anonymised: { at: string; statement: string } | null;
  personal_data_reads: { kind: string; purpose: string; username: string; fields: string[] }[];
  read_id: string;
};

describe.each(engines)('privacy routes on %s', (engine) => {
  let f: FreshDatabase;
  let app: FastifyInstance;
  let pid: bigint;
  const token = new Map<string, string>();
  const as = (role: string) => ({ authorization: `Bearer ${token.get(role)}` });

  beforeAll(async () => {
    f = await freshDatabase(engine);
    pid = await importPeople(f.db, 'retail', [gone, kept]);
    await payOff(f.db, pid, gone, '2020-06-30');
    await recordWork(f.db, pid, gone);
    await f.db.query(
      `INSERT INTO promises (portfolio_id, account_id, debtor_id, currency, amount_minor, made_on,
         promised_on, paid_minor, status, resolved_on)
       VALUES ($1, $2, $3, 'CNY', 1218075, '2020-06-01', '2020-06-30', 1218075, 'kept',
         '2020-06-30')`,
      [pid, gone.accountId, gone.debtorId],
    );
    app = await buildServer({ db: f.db, logger: false, cipher: testCipher });
    for (const role of ['admin', 'compliance_officer', 'collector', 'auditor'])
      token.set(role, await tokenFor(f.db, { role, username: role.replace('_', '-') }));
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await f.drop();
  });

  const exportUrl = (debtorId: string, query = 'purpose=data_subject_request') =>
    `/api/v1/portfolios/${pid}/debtors/${debtorId}/personal-data/export?${query}`;
  const exportReads = async () =>
    (
      await f.db.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM personal_data_reads WHERE kind = 'export'",
      )
    )[0]!.n;

  it("exports every category of a person's data, logged before it leaves", async () => {
    const res = await app.inject({
      url: exportUrl(gone.debtorId, 'purpose=data_subject_request&note=letter%20of%202026-11-20'),
      headers: as('compliance_officer'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json<Export>();
    expect(doc.identity.name).toBe(gone.name);
    expect(doc.anonymised).toBeNull();
    expect(doc.accounts[0]!.personal).toEqual({
      national_id: gone.nationalId,
      phone: gone.phone,
      email: gone.email,
      wechat_id: gone.wechatId,
      address: gone.address,
    });
    for (const category of [
      'accounts',
      'ledgers',
      'payments',
      'promises',
      'installment_plans',
      'contact_attempts',
      'flags',
      'actions',
      'evidence',
      'personal_data_reads',
    ])
      expect((doc[category] as unknown[]).length, category).toBeGreaterThan(0);
    expect(doc.settlements).toEqual([]);
    const text = res.body;
    expect(text).toContain(gone.secret); // outcome details, notes, hardship, flags' reasons
    expect(text).toContain(`${gone.name}您好`); // the message sent
    expect(text).toContain('"kind":"debtor_flag"');
    expect(doc.personal_data_reads).toEqual([
      expect.objectContaining({
        kind: 'export',
        purpose: 'data_subject_request',
        username: 'compliance-officer',
        note: 'letter of 2026-11-20',
        fields: ['name', 'national_id', 'phone', 'email', 'wechat_id', 'address'],
        read_id: doc.read_id,
      }),
    ]);
    // and in the administration trail: who, why and which fields, never the data or the note
    const trail = await f.db.query<{ actor: string; debtor_id: string; payload: unknown }>(
      "SELECT actor, debtor_id, payload FROM evidence_entries WHERE kind = 'admin_personal_data_exported'",
    );
    expect(trail).toEqual([
      {
        actor: 'user:compliance-officer',
        debtor_id: gone.debtorId,
        payload: {
          read_id: doc.read_id,
          purpose: 'data_subject_request',
          fields: ['name', 'national_id', 'phone', 'email', 'wechat_id', 'address'],
        },
      },
    ]);
  });

  it('refuses the export without the permission, or without a stated purpose, logging nothing', async () => {
    const before = await exportReads();
    for (const role of ['collector', 'auditor']) {
      const res = await app.inject({ url: exportUrl(gone.debtorId), headers: as(role) });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        error: { code: 'forbidden', details: { permission: 'personal_data.export' } },
      });
    }
    for (const query of ['', 'purpose=curiosity']) {
      const res = await app.inject({ url: exportUrl(gone.debtorId, query), headers: as('admin') });
      expect(res.statusCode, query).toBe(400);
      expect(res.body).not.toContain(gone.phone);
    }
    const missing = await app.inject({ url: exportUrl('NOPE'), headers: as('admin') });
    expect(missing.statusCode).toBe(404);
    expect(await exportReads()).toBe(before);
  });

  it("sets a portfolio's retention period as versioned data, validated, by an admin only", async () => {
    const url = `/api/v1/portfolios/${pid}/retention`;
    const initial = await app.inject({ url, headers: as('admin') });
    expect(initial.json()).toEqual({
      portfolio_id: pid.toString(),
      retention_months: 60,
      version: 0,
      history: [],
    });
    for (const months of [6, 601, 24.5]) {
      const bad = await app.inject({
        method: 'PUT',
        url,
        headers: as('admin'),
        payload: { retention_months: months },
      });
      expect(bad.statusCode, String(months)).toBe(400);
    }
    const refused = await app.inject({
      method: 'PUT',
      url,
      headers: as('compliance_officer'),
      payload: { retention_months: 24 },
    });
    expect(refused.statusCode).toBe(403);
    const set = await app.inject({
      method: 'PUT',
      url,
      headers: as('admin'),
      payload: { retention_months: 24, reason: 'card portfolio: bank policy 2026-07' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      retention_months: 24,
      version: 1,
      history: [{ version: 1, retention_months: 24, changed_by: 'user:admin' }],
    });
  });

  it('previews, then applies, a retention run; the export then says the person was anonymised', async () => {
    const url = `/api/v1/portfolios/${pid}/retention/runs`;
    const preview = await app.inject({
      method: 'POST',
      url,
      headers: as('admin'),
      payload: { as_of: '2026-11-25', dry_run: true },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      dry_run: true,
      portfolios: [{ portfolio: 'retail', retention_months: 24 }],
      counts: { eligible: 1, anonymised: 0 },
      debtors: [
        {
          debtor_id: 'D1',
          status: 'eligible',
          closed_since: '2020-06-30',
          retained_until: '2022-06-30',
        },
      ],
    });
    const applied = await app.inject({
      method: 'POST',
      url,
      headers: as('admin'),
      payload: { as_of: '2026-11-25', dry_run: false },
    });
    expect(applied.json()).toMatchObject({ counts: { anonymised: 1 } });
    const res = await app.inject({ url: exportUrl(gone.debtorId), headers: as('admin') });
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json<Export>();
    expect(doc.anonymised?.statement).toMatch(/anonymised under the retention rules/);
    expect(doc.identity.name).toMatch(/^anonymised-/);
    for (const v of identifiers(gone)) expect(res.body).not.toContain(v);
    const [entry] = await f.db.query<{ actor: string }>(
      "SELECT actor FROM evidence_entries WHERE kind = 'debtor_anonymised'",
    );
    expect(entry!.actor).toBe('user:admin');
    const runs = await f.db.query<{ actor: string; payload: unknown }>(
      "SELECT actor, payload FROM evidence_entries WHERE kind = 'admin_retention_applied'",
    );
    expect(runs).toEqual([
      {
        actor: 'user:admin',
        payload: { as_of: '2026-11-25', retention_months: 24, anonymised: 1 },
      },
    ]);
  });

  it('refuses a retention run to anyone but an admin, and a run without its date', async () => {
    const url = `/api/v1/portfolios/${pid}/retention/runs`;
    const refused = await app.inject({
      method: 'POST',
      url,
      headers: as('compliance_officer'),
      payload: { as_of: '2026-11-25', dry_run: true },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await app.inject({
      method: 'POST',
      url,
      headers: as('admin'),
      payload: { dry_run: true },
    });
    expect(bad.statusCode).toBe(400);
  });
});
