import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { buildServer } from '../../../server.js';
import { insertAttempt, insertCollector, seedWorkPortfolio } from '../testing.js';
import { computeKpis, kpisByUnit } from './compute-kpis.js';
import { signInInjections, tokenFor } from '../../../../test/support/auth.js';

const from = '2026-11-01';
const to = '2026-11-30';

describe.each(engines)('KPIs on %s', (engine) => {
  let f: FreshDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    f = await freshDatabase(engine);
    const p = await seedWorkPortfolio(f.db, 'p', [
      { debtorId: 'D1', accounts: { A1: 1n, A2: 1n } },
      { debtorId: 'D2', accounts: { B1: 1n } },
    ]);
    await f.db.execute("INSERT INTO agencies (agency_id, name) VALUES ('AG', 'Agency')");
    await insertCollector(f.db, { id: 'P1', targetMinor: 1_000_000n, bonusBaseMinor: 300_000n });
    await insertCollector(f.db, { id: 'P2', targetMinor: 1_000_000n, bonusBaseMinor: 300_000n });
    await insertCollector(f.db, { id: 'G1', agencyId: 'AG', targetMinor: 500_000n });
    // P1: 4 attempts in November on A1 (twice), A2, B1; conversations on A1 and B1; one complaint;
    // one in October (outside)
    const attempts: [string, string, string, string | null][] = [
      ['A1', 'D1', '2026-11-02', null],
      ['A1', 'D1', '2026-11-03', 'promise_to_pay'],
      ['A2', 'D1', '2026-11-04', 'no_answer'],
      ['B1', 'D2', '2026-11-05', 'complaint'],
      ['B1', 'D2', '2026-10-31', 'promise_to_pay'],
    ];
    for (const [accountId, debtorId, localDate, outcome] of attempts) {
      const id = await insertAttempt(f.db, p, {
        accountId,
        debtorId,
        collectorId: 'P1',
        localDate,
      });
      if (outcome)
        await f.db.execute(
          `UPDATE contact_attempts SET outcome = $2, answered = $3, conversation = $3
           WHERE attempt_id = $1`,
          [id, outcome, outcome !== 'no_answer'],
        );
    }
    // G1 (the agency's collector): one attempt, a conversation
    const g = await insertAttempt(f.db, p, {
      accountId: 'A2',
      debtorId: 'D1',
      collectorId: 'G1',
      localDate: '2026-11-11',
    });
    await f.db.execute(
      'UPDATE contact_attempts SET answered = true, conversation = true WHERE attempt_id = $1',
      [g],
    );
    // P2: one attempt, no conversation
    await insertAttempt(f.db, p, {
      accountId: 'B1',
      debtorId: 'D2',
      collectorId: 'P2',
      localDate: '2026-11-10',
    });
    // promises: P1 kept one (paid 600,000 + 350,000 in November, 50,000 in October), broke one;
    // P2 has one open (paid 10,000)
    await f.db.exec(`
      INSERT INTO promises (portfolio_id, account_id, debtor_id, collector_id, currency,
        amount_minor, made_on, promised_on, paid_minor, status, resolved_on)
      VALUES
        (${p}, 'A1', 'D1', 'P1', 'CNY', 1000000, '2026-10-30', '2026-11-20', 1000000, 'kept', '2026-11-20'),
        (${p}, 'B1', 'D2', 'P1', 'CNY', 5000, '2026-11-01', '2026-11-08', 0, 'broken', '2026-11-09'),
        (${p}, 'B1', 'D2', 'P2', 'CNY', 90000, '2026-11-10', '2026-12-10', 10000, 'open', NULL);
      INSERT INTO promise_payments (portfolio_id, promise_id, payment_ref, amount_minor, paid_on)
      SELECT ${p}, promise_id, v.ref, v.amount, v.paid_on::date
      FROM promises JOIN (VALUES
        ('P1', 'r1', 600000, '2026-11-10'), ('P1', 'r2', 350000, '2026-11-19'),
        ('P1', 'r0', 50000, '2026-10-31'), ('P2', 'r3', 10000, '2026-11-12')
      ) AS v (collector, ref, amount, paid_on) ON promises.collector_id = v.collector
        AND promises.status <> 'broken';`);
    app = await buildServer({ db: f.db, logger: false });
    await signInInjections(app, f.db);
  });
  afterAll(async () => {
    await app.close();
    await f.drop();
  });

  it('computes each collector’s KPIs on known data', async () => {
    const rows = await computeKpis({ db: f.db, from, to, by: 'collector' });
    expect(rows.map((r) => r.key)).toEqual(['G1', 'P1', 'P2']);
    const p1 = rows[1]!;
    expect(p1).toMatchObject({
      attempts: 4,
      accountsAttempted: 3,
      accountsReached: 2,
      contactRateBps: 6666,
      promisesKept: 1,
      promisesBroken: 1,
      promiseKeptRateBps: 5000,
      recovered: [{ currency: 'CNY', minor: 950_000n }],
      target: [{ currency: 'CNY', minor: 1_000_000n }],
      recoveryRateBps: 9500,
      // 95% of target >= 90%: 20% of 300,000
      bonus: [{ currency: 'CNY', minor: 60_000n }],
    });
    expect(rows[2]).toMatchObject({
      attempts: 1,
      contactRateBps: 0,
      promiseKeptRateBps: null,
      recoveryRateBps: 100,
      bonus: [{ currency: 'CNY', minor: 0n }],
    });
    expect(rows[0]).toMatchObject({ attempts: 1, contactRateBps: 10000, recovered: [] });
  });

  it('groups by unit and agency, and feeds the briefing', async () => {
    const units = await computeKpis({ db: f.db, from, to, by: 'unit' });
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({
      key: 'phone',
      collectors: 3,
      attempts: 6,
      // distinct accounts over the unit: A1, A2, B1 attempted and reached
      accountsAttempted: 3,
      accountsReached: 3,
      recovered: [{ currency: 'CNY', minor: 960_000n }],
      target: [{ currency: 'CNY', minor: 2_500_000n }],
      recoveryRateBps: 3840,
    });
    const agencies = await computeKpis({ db: f.db, from, to, by: 'agency' });
    expect(agencies.map((a) => [a.key, a.collectors])).toEqual([
      ['AG', 1],
      ['in_house', 2],
    ]);
    const briefing = await kpisByUnit({ db: f.db, from, to });
    expect(briefing[0]).toMatchObject({
      unit: 'phone',
      collectors: 3,
      attempts: 6,
      recovery_rate_bps: 3840,
    });
  });

  it('shows an agency manager their own agency’s collectors only, without in-house targets', async () => {
    const mine = await tokenFor(f.db, { role: 'agency_manager', agencyId: 'AG' });
    for (const by of ['collector', 'unit', 'agency'] as const) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/kpis?from=${from}&to=${to}&by=${by}`,
        headers: { authorization: `Bearer ${mine}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json<{ items: Record<string, unknown>[] }>().items;
      expect(items, by).toEqual([
        expect.objectContaining({
          key: { collector: 'G1', unit: 'phone', agency: 'AG' }[by],
          collectors: 1,
          attempts: 1,
          accounts_attempted: 1,
          accounts_reached: 1,
          target: [{ currency: 'CNY', amount_minor: '500000' }],
        }),
      ]);
    }
    await f.db.execute("INSERT INTO agencies (agency_id, name) VALUES ('AX', 'Other agency')");
    const other = await tokenFor(f.db, { role: 'agency_manager', agencyId: 'AX' });
    const none = await app.inject({
      method: 'GET',
      url: `/api/v1/kpis?from=${from}&to=${to}&by=collector`,
      headers: { authorization: `Bearer ${other}` },
    });
    expect(none.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('answers over HTTP with money as strings and days to judgment null', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/kpis?from=${from}&to=${to}&by=collector`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: Record<string, unknown>[] }>();
    expect(body.items[1]).toMatchObject({
      key: 'P1',
      recovered: [{ currency: 'CNY', amount_minor: '950000' }],
      bonus: [{ currency: 'CNY', amount_minor: '60000' }],
      days_to_judgment: null,
    });
    const backwards = await app.inject({
      method: 'GET',
      url: `/api/v1/kpis?from=${to}&to=${from}`,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<{ error: { details: unknown } }>().error.details).toEqual([
      { field: 'to', message: 'must be on or after from' },
    ]);
    const badBy = await app.inject({
      method: 'GET',
      url: `/api/v1/kpis?from=${from}&to=${to}&by=region`,
    });
    expect(badBy.statusCode).toBe(400);
    expect(badBy.body).toContain('by');
  });
});
