import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { openPostgres } from '../../../shared/db/postgres.js';
import type { Db } from '../../../shared/db/types.js';
import { verifyEvidence } from '../../audit/index.js';
import { seedDebtors, testCipher } from '../testing.js';
import { attemptContact, type AttemptContactOptions } from './attempt-contact.js';
import { setDebtorFlag } from './set-debtor-flag.js';
import { updateComplianceSettings } from './update-compliance-settings.js';

describe.each(engines)('attemptContact on %s', (engine) => {
  let f: FreshDatabase;
  let cn: bigint;
  let us: bigint;
  beforeAll(async () => {
    f = await freshDatabase(engine);
    cn = await seedDebtors(f.db, 'cn-book', [
      { debtorId: 'C1', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['CA1'] },
      { debtorId: 'C2', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['CA2'] },
      { debtorId: 'C3', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['CA3'] },
      { debtorId: 'C4', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['CA4'] },
      { debtorId: 'C5', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['CA5'] },
      { debtorId: 'C6', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['CA6'] },
      { debtorId: 'S1', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['SA1'] },
      { debtorId: 'S2', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['SA2'] },
      { debtorId: 'S3', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['SA3'] },
      { debtorId: 'S4', timeZone: 'Asia/Shanghai', country: 'CN', accounts: ['SA4'] },
    ]);
    us = await seedDebtors(f.db, 'us-book', [
      { debtorId: 'U1', timeZone: 'America/New_York', country: 'US', accounts: ['UA1'] },
      { debtorId: 'U2', timeZone: 'America/New_York', country: 'US', accounts: ['UA2'] },
      { debtorId: 'U3', timeZone: 'America/Chicago', country: 'US', accounts: ['UA3'] },
    ]);
    await updateComplianceSettings({
      db: f.db,
      portfolioId: us,
      packId: 'us',
      config: {},
      actor: 'user:test',
      at: new Date('2026-11-01T00:00:00Z'),
    });
  });
  afterAll(() => f.drop());

  const call = (
    portfolioId: bigint,
    debtorId: string,
    accountId: string,
    at: string,
    over: Partial<AttemptContactOptions> = {},
  ): Promise<Awaited<ReturnType<typeof attemptContact>>> =>
    attemptContact({
      db: f.db,
      cipher: testCipher,
      portfolioId,
      debtorId,
      accountId,
      channel: 'call',
      recipient: 'debtor',
      // one number per debtor (per-number caps count across debtors)
      number: `+86139${debtorId.charCodeAt(0)}${debtorId.slice(1).padStart(4, '0')}`,
      collectorId: 'c-7',
      identityDisclosed: true,
      at: new Date(at),
      ...over,
    });

  const stored = async (portfolioId: bigint, debtorId: string): Promise<number> => {
    const [r] = await f.db.query<{ n: bigint }>(
      'SELECT count(*) AS n FROM contact_attempts WHERE portfolio_id = $1 AND debtor_id = $2',
      [portfolioId, debtorId],
    );
    return Number(r!.n);
  };

  it('cn: allows 08:00 and 21:59 local, blocks 07:59 and 22:00, naming the rule and source', async () => {
    const ok = await call(cn, 'C1', 'CA1', '2026-11-25T08:00:00+08:00');
    expect(ok).toMatchObject({ allowed: true, rules: [], localDate: '2026-11-25' });
    expect(ok.pack).toEqual({ id: 'cn', version: '2026.1', settingsVersion: 0 });
    expect(ok.attemptId).not.toBeNull();
    const late = await call(cn, 'C1', 'CA1', '2026-11-25T22:00:00+08:00');
    expect(late.allowed).toBe(false);
    expect(late.rules.map((r) => r.code)).toEqual(['hours']);
    expect(late.rules[0]!.source).toMatch(/GB\/T 45251-2025/);
    expect(late.rules[0]!.message).toBe(
      'outside contact hours (08:00-22:00 debtor time) until 08:00 debtor time on 2026-11-26',
    );
    expect(late.nextAllowedAt?.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect((await call(cn, 'C1', 'CA1', '2026-11-26T07:59:00+08:00')).allowed).toBe(false);
    expect((await call(cn, 'C1', 'CA1', '2026-11-25T21:59:00+08:00')).allowed).toBe(true);
  });

  it('records every decision in the evidence log and only allowed attempts in contact_attempts', async () => {
    const before = await stored(cn, 'C2');
    const blocked = await call(cn, 'C2', 'CA2', '2026-11-25T23:30:00+08:00');
    const allowed = await call(cn, 'C2', 'CA2', '2026-11-25T10:00:00+08:00');
    expect(await stored(cn, 'C2')).toBe(before + 1);
    const rows = await f.db.query<{ seq: bigint; kind: string; actor: string; payload: never }>(
      'SELECT seq, kind, actor, payload FROM evidence_entries WHERE seq = ANY($1::int8[]) ORDER BY seq',
      [[blocked.evidenceSeq, allowed.evidenceSeq]],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      kind: 'gate_decision',
      actor: 'collector:c-7',
      payload: {
        allowed: false,
        attempt_id: null,
        pack: 'cn',
        pack_version: '2026.1',
        settings_version: 0,
        rules: [{ code: 'hours' }],
      },
    });
    expect(rows[1]!.payload).toMatchObject({
      allowed: true,
      attempt_id: String(allowed.attemptId),
      rules: [],
    });
    // the number is stored only as a keyed digest
    const text = JSON.stringify(rows.map((r) => r.payload));
    expect(text).not.toContain('670002');
    const [a] = await f.db.query<{ digest: string }>(
      `SELECT encode(number_digest, 'hex') AS digest FROM contact_attempts
       WHERE portfolio_id = $1 AND attempt_id = $2`,
      [cn, allowed.attemptId],
    );
    expect(a!.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true });
  });

  it('cn: at most 3 calls a local day per debtor while their answers are unknown', async () => {
    const results = [];
    for (const t of ['09:00', '09:10', '09:20', '09:30'])
      results.push(await call(cn, 'C3', 'CA3', `2026-11-25T${t}:00+08:00`));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.rules.map((r) => r.code)).toEqual(['frequency']);
    expect(results[3]!.rules[0]!.message).toBe(
      'call limit reached: 3 answered calls a day to this debtor have been made today until 08:00 debtor time on 2026-11-26',
    );
    // the next local day starts afresh
    expect((await call(cn, 'C3', 'CA3', '2026-11-26T08:00:00+08:00')).allowed).toBe(true);
  });

  it('cn: at most 6 unanswered calls a day to one number, whichever debtor it is called for', async () => {
    const shared = { number: '+8613911112222' };
    const made = [];
    for (const [i, d] of ['S1', 'S1', 'S2', 'S2', 'S3', 'S3'].entries())
      made.push(await call(cn, d, `SA${d.slice(1)}`, `2026-11-25T1${i}:00:00+08:00`, shared));
    expect(made.every((r) => r.allowed)).toBe(true);
    const seventh = await call(cn, 'S4', 'SA4', '2026-11-25T17:00:00+08:00', shared);
    expect(seventh.rules.map((r) => r.message)).toEqual([
      'call limit reached: 6 unanswered calls a day to this number have been made today until 08:00 debtor time on 2026-11-26',
    ]);
    // another number for the same debtor is fine
    expect((await call(cn, 'S4', 'SA4', '2026-11-25T17:00:00+08:00')).allowed).toBe(true);
  });

  it('us: 7 calls within 7 days per account, across days, and 08:00-21:00 New York time', async () => {
    const days = ['20', '21', '22', '23', '24', '25', '26'];
    for (const d of days)
      expect((await call(us, 'U1', 'UA1', `2026-11-${d}T10:00:00-05:00`)).allowed).toBe(true);
    const eighth = await call(us, 'U1', 'UA1', '2026-11-26T11:00:00-05:00');
    expect(eighth.rules.map((r) => r.code)).toEqual(['frequency']);
    expect(eighth.pack).toMatchObject({ id: 'us', settingsVersion: 1 });
    // day 8 after the first call: the window has moved past it
    expect((await call(us, 'U1', 'UA1', '2026-11-27T10:00:00-05:00')).allowed).toBe(true);
    const late = await call(us, 'U2', 'UA2', '2026-11-25T21:00:00-05:00');
    expect(late.rules.map((r) => r.code)).toEqual(['hours']);
    expect((await call(us, 'U2', 'UA2', '2026-11-25T20:59:00-05:00')).allowed).toBe(true);
  });

  it('flags block: cease_contact, deceased, arrangement_active; clearing lifts them', async () => {
    const flag = (
      flagName: 'cease_contact' | 'deceased' | 'arrangement_active',
      value: boolean,
      at: string,
    ) =>
      setDebtorFlag({
        db: f.db,
        portfolioId: cn,
        debtorId: 'C4',
        flag: flagName,
        value,
        at: new Date(at),
        source: 'api',
        reason: 'test',
        actor: 'collector:c-7',
      });
    await flag('cease_contact', true, '2026-11-25T09:00:00+08:00');
    const ceased = await call(cn, 'C4', 'CA4', '2026-11-25T10:00:00+08:00', { channel: 'letter' });
    expect(ceased.rules.map((r) => r.code)).toEqual(['cease_contact']);
    expect(ceased.rules[0]!.message).toBe('the debtor asked for no more contact');
    expect(ceased.nextAllowedAt).toBeNull();
    // before the flag took effect the same contact was allowed
    expect(
      (await call(cn, 'C4', 'CA4', '2026-11-25T08:30:00+08:00', { channel: 'letter' })).allowed,
    ).toBe(true);
    await flag('cease_contact', false, '2026-11-25T11:00:00+08:00');
    await flag('deceased', true, '2026-11-25T11:00:00+08:00');
    await flag('arrangement_active', true, '2026-11-25T11:00:00+08:00');
    const r = await call(cn, 'C4', 'CA4', '2026-11-25T12:00:00+08:00');
    expect(r.rules.map((x) => x.code)).toEqual(['arrangement_active', 'deceased']);
    expect(await stored(cn, 'C4')).toBe(1);
    const flags = await f.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM evidence_entries WHERE kind = 'debtor_flag' AND debtor_id = 'C4'",
    );
    expect(flags[0]!.n).toBe(4n);
  });

  it('refuses a malformed number, an unknown debtor and an account of another debtor', async () => {
    await expect(
      call(cn, 'C5', 'CA5', '2026-11-25T10:00:00+08:00', { number: '138' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      call(cn, 'NOPE', 'CA5', '2026-11-25T10:00:00+08:00', { number: '+8613900000000' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(call(cn, 'C5', 'CA1', '2026-11-25T10:00:00+08:00')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('under concurrency exactly the allowed number of simultaneous attempts pass', async () => {
    // Separate connections on PostgreSQL (one pool each); concurrent transactions on PGlite.
    const n = 8;
    const dbs: Db[] =
      engine === 'postgres' && f.url
        ? await Promise.all(Array.from({ length: n }, () => openPostgres(f.url as string)))
        : Array.from({ length: n }, () => f.db);
    try {
      const fire = (portfolioId: bigint, debtorId: string, accountId: string, at: string) =>
        Promise.all(
          dbs.map((db, i) =>
            attemptContact({
              db,
              cipher: testCipher,
              portfolioId,
              debtorId,
              accountId,
              channel: 'call',
              recipient: 'debtor',
              number: `+86138001380${String(i).padStart(2, '0')}`,
              collectorId: `c-${i}`,
              identityDisclosed: true,
              at: new Date(at),
            }),
          ),
        );
      // cn: 3 calls per debtor per local day
      const cnRuns = await fire(cn, 'C6', 'CA6', '2026-11-25T15:00:00+08:00');
      expect(cnRuns.filter((r) => r.allowed)).toHaveLength(3);
      expect(await stored(cn, 'C6')).toBe(3);
      // us: 7 calls per account within 7 days
      await call(us, 'U3', 'UA3', '2026-11-25T10:00:00-06:00');
      const usRuns = await fire(us, 'U3', 'UA3', '2026-11-20T15:00:00-06:00');
      expect(usRuns.filter((r) => r.allowed)).toHaveLength(6); // one call already on 11-25
      expect(await stored(us, 'U3')).toBe(7);
      // every decision is in the log, in a chain that verifies
      const seqs = [...cnRuns, ...usRuns].map((r) => r.evidenceSeq);
      expect(new Set(seqs).size).toBe(2 * n);
      expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true });
    } finally {
      if (engine === 'postgres') await Promise.all(dbs.map((db) => db.close()));
    }
  });
});
