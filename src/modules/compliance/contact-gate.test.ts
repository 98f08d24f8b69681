import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../test/support/databases.js';
import { openPostgres } from '../../shared/db/postgres.js';
import type { Db } from '../../shared/db/types.js';
import { verifyEvidence } from '../audit/index.js';
import { createContactGate } from './contact-gate.js';
import type { AttemptInput } from './gate-attempt.js';
import { seedDebtors, testCipher } from './testing.js';

describe.each(engines)('the batched contact gate on %s', (engine) => {
  let f: FreshDatabase;
  let p: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
    p = await seedDebtors(
      f.db,
      'book',
      Array.from({ length: 10 }, (_, i) => ({
        debtorId: `D${i}`,
        timeZone: 'Asia/Shanghai',
        country: 'CN',
        accounts: [`A${i}`],
      })),
    );
  });
  afterAll(() => f.drop());

  const input = (d: number, over: Partial<AttemptInput> = {}): AttemptInput => ({
    portfolioId: p,
    debtorId: `D${d}`,
    accountId: `A${d}`,
    channel: 'call',
    recipient: 'debtor',
    number: `+861390000000${d}`,
    collectorId: 'c-1',
    identityDisclosed: true,
    at: new Date('2026-11-25T03:00:00Z'),
    ...over,
  });

  const stored = async (debtorId: string): Promise<number> => {
    const [r] = await f.db.query<{ n: bigint }>(
      'SELECT count(*) AS n FROM contact_attempts WHERE portfolio_id = $1 AND debtor_id = $2',
      [p, debtorId],
    );
    return Number(r!.n);
  };

  it('passes exactly the allowed number of simultaneous attempts, across gates and connections', async () => {
    // Two gates (two servers), each over its own connections on PostgreSQL.
    const dbs: Db[] =
      engine === 'postgres' && f.url
        ? [await openPostgres(f.url), await openPostgres(f.url)]
        : [f.db, f.db];
    const gates = dbs.map((db) => createContactGate({ db, cipher: testCipher, maxBatch: 4 }));
    try {
      const runs = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          gates[i % 2]!.attempt(input(1, { collectorId: `c-${i}` })),
        ),
      );
      expect(runs.filter((r) => r.allowed)).toHaveLength(3);
      expect(runs.filter((r) => !r.allowed).every((r) => r.rules[0]!.code === 'frequency')).toBe(
        true,
      );
      expect(await stored('D1')).toBe(3);
      expect(new Set(runs.map((r) => r.evidenceSeq)).size).toBe(12);
      expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true });
    } finally {
      await Promise.all(gates.map((g) => g.close()));
      if (engine === 'postgres') await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('fails only the bad request of a batch', async () => {
    const gate = createContactGate({ db: f.db, cipher: testCipher });
    const runs = await Promise.allSettled([
      gate.attempt(input(2)),
      gate.attempt(input(3)),
      gate.attempt(input(4, { debtorId: 'NOBODY' })),
      gate.attempt(input(5, { number: '12' })),
      gate.attempt(input(6, { at: new Date('2026-11-25T15:00:00Z') })), // 23:00 in Shanghai
    ]);
    await gate.close();
    expect(runs.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((runs[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'not_found' });
    expect((runs[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'validation_failed' });
    const last = (runs[4] as PromiseFulfilledResult<{ allowed: boolean }>).value;
    expect(last.allowed).toBe(false);
    expect([await stored('D2'), await stored('D3'), await stored('D6')]).toEqual([1, 1, 0]);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true });
  });
});
