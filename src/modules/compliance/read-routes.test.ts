import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInInjections } from '../../../test/support/auth.js';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { buildServer } from '../../server.js';
import { createCheckpoint } from '../audit/index.js';
import { asTableOwner } from '../audit/testing.js';
import { createCollector } from '../people/index.js';
import { seedDebtors, testCipher } from './testing.js';

type Summary = {
  decisions: number;
  blocked: number;
  by_rule: { code: string; source: string; blocked: number }[];
  by_day: { day: string; decisions: number; blocked: number; by_rule: Record<string, number> }[];
};
type Evidence = {
  items: { seq: number; kind: string; verification: string; checkpoint_id: string | null }[];
  next_before: number | null;
};

describe.each(engines)('compliance read routes on %s', (engine) => {
  let f: FreshDatabase;
  let app: FastifyInstance;
  let p: string;
  let clock = new Date('2026-11-25T02:00:00Z'); // 10:00 in Shanghai

  beforeAll(async () => {
    f = await freshDatabase(engine);
    p = String(
      await seedDebtors(f.db, 'book', [
        { debtorId: 'D1', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['A1'] },
        { debtorId: 'D2', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['A2'] },
      ]),
    );
    await createCollector({
      db: f.db,
      collector: {
        collector_id: 'c-9',
        display_name: 'Phone collector',
        role: 'phone_collector',
        unit: 'phone',
        agency_id: null,
        languages: ['zh-CN'],
        skills: [],
        capacity: 3,
        currency: 'CNY',
        monthly_target_minor: 0n,
        monthly_bonus_base_minor: 0n,
        active: true,
      },
    });
    app = await buildServer({ db: f.db, cipher: testCipher, now: () => clock });
    await signInInjections(app, f.db);
    const attempt = async (at: string, debtor: string, recipient: string, status: number) => {
      clock = new Date(at);
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/contact-attempts',
        headers: { 'x-collector-id': 'c-9' },
        payload: {
          portfolio_id: Number(p),
          account_id: debtor === 'D1' ? 'A1' : 'A2',
          debtor_id: debtor,
          channel: 'call',
          recipient,
          identity_disclosed: true,
        },
      });
      expect(r.statusCode, r.body).toBe(status);
    };
    await attempt('2026-11-24T02:00:00Z', 'D1', 'debtor', 201); // Nov 24, allowed
    await attempt('2026-11-24T15:00:00Z', 'D1', 'debtor', 422); // 23:00: hours
    await attempt('2026-11-25T02:00:00Z', 'D2', 'unrelated_third_party', 422); // third party
    await attempt('2026-11-25T14:30:00Z', 'D2', 'unrelated_third_party', 422); // both
  });
  afterAll(async () => {
    await app.close();
    await f.drop();
  });

  it('counts blocked attempts by rule and by debtor-local day from the evidence log', async () => {
    const r = await app.inject(
      `/api/v1/compliance/blocked-attempts?from=2026-11-24&to=2026-11-25&portfolio_id=${p}`,
    );
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json<Summary>();
    expect(s).toMatchObject({ decisions: 4, blocked: 3 });
    expect(s.by_rule.map((x) => [x.code, x.blocked])).toEqual([
      ['hours', 2],
      ['third_party', 2],
    ]);
    expect(s.by_rule[1]!.source).toMatch(/CBRC 2011/);
    expect(s.by_day).toEqual([
      { day: '2026-11-24', decisions: 2, blocked: 1, by_rule: { hours: 1 } },
      { day: '2026-11-25', decisions: 2, blocked: 2, by_rule: { hours: 1, third_party: 2 } },
    ]);
    const one = await app.inject(
      '/api/v1/compliance/blocked-attempts?from=2026-11-25&to=2026-11-25',
    );
    expect(one.json<Summary>()).toMatchObject({ decisions: 2, blocked: 2 });
    for (const q of [
      'from=2026-11-26&to=2026-11-25',
      'from=2025-01-01&to=2026-11-25',
      'from=x&to=2026-11-25',
    ])
      expect((await app.inject(`/api/v1/compliance/blocked-attempts?${q}`)).statusCode, q).toBe(
        400,
      );
  });

  it("lists a debtor's evidence newest first with what each entry's hash and link show", async () => {
    const url = `/api/v1/portfolios/${p}/debtors/D1/evidence`;
    const before = (await app.inject(url)).json<Evidence>();
    expect(before.items.map((e) => [e.kind, e.verification])).toEqual([
      ['gate_decision', 'intact'],
      ['gate_decision', 'intact'],
    ]);
    const cp = await createCheckpoint({ db: f.db });
    const after = (await app.inject(url)).json<Evidence>();
    expect(after.items.every((e) => e.verification === 'checkpointed')).toBe(true);
    expect(after.items[0]!.checkpoint_id).toBe(cp.checkpoint_id);
    // a table owner rewrites the first entry: it no longer matches its hash
    const first = after.items[1]!.seq;
    await asTableOwner(
      f.db,
      `UPDATE evidence_entries SET payload = payload || '{"allowed": false}' WHERE seq = $1`,
      [first],
    );
    const altered = (await app.inject(url)).json<Evidence>();
    expect(altered.items.map((e) => e.verification)).toEqual(['checkpointed', 'altered']);
    const page = (await app.inject(`${url}?limit=1`)).json<Evidence>();
    expect(page.items).toHaveLength(1);
    const next = (await app.inject(`${url}?limit=1&before=${page.next_before}`)).json<Evidence>();
    expect(next.items.map((e) => e.seq)).toEqual([first]);
    expect((await app.inject(`/api/v1/portfolios/${p}/debtors/D9/evidence`)).json()).toEqual({
      items: [],
      next_before: null,
    });
    expect((await app.inject(`${url}?limit=501`)).statusCode).toBe(400);
  });
});
