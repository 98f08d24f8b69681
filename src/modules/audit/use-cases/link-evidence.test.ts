import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { asTableOwner, resetEvidenceLog, sampleEntry } from '../testing.js';
import { appendEvidence } from './append-evidence.js';
import { createCheckpoint } from './create-checkpoint.js';
import { linkEvidence } from './link-evidence.js';
import { proveInclusion } from './prove-inclusion.js';
import { verifyEvidence } from './verify-evidence.js';

describe.each(engines)('linkEvidence on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(() => resetEvidenceLog(f.db));
  const link = () => linkEvidence({ db: f.db, settleMs: 30_000 });
  const inTx = (from: number, n: number, rollBack = false) =>
    f.db
      .transaction(async (tx) => {
        const r = await appendEvidence({
          db: tx,
          entries: Array.from({ length: n }, (_, i) => sampleEntry(from + i)),
        });
        await tx.query('SELECT pg_sleep(0.002)');
        if (rollBack) throw new Error('rolled back');
        return r;
      })
      .catch((e: Error) => (e.message === 'rolled back' ? [] : Promise.reject(e)));

  it('chains concurrent appends, some rolled back, while it runs; the log verifies', async () => {
    let linking = true;
    const runs: unknown[] = [];
    const linker = (async () => {
      while (linking) runs.push(await linkEvidence({ db: f.db, settleMs: 50, batchSize: 7 }));
    })();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, w) => inTx(w * 10, 1 + (w % 3), w % 4 === 3)),
    );
    linking = false;
    await linker;
    await link();
    const committed = results.flat().map((r) => r.seq);
    const [{ n }] = (await f.db.query<{ n: bigint }>(
      'SELECT count(*) AS n FROM evidence_entries WHERE entry_hash IS NOT NULL',
    )) as [{ n: bigint }];
    expect(Number(n)).toBe(committed.length);
    const [{ voids }] = (await f.db.query<{ voids: bigint }>(
      'SELECT count(*) AS voids FROM evidence_voids',
    )) as [{ voids: bigint }];
    // every seq taken is an entry or a void: 8 writers (w % 4 = 3) rolled back
    const taken = Array.from({ length: 30 }, (_, w) => 1 + (w % 3)).reduce((a, b) => a + b, 0);
    expect(committed.length + Number(voids)).toBe(taken);
    expect(await verifyEvidence({ db: f.db, pageSize: 5 })).toMatchObject({
      ok: true,
      entries_checked: taken,
      unlinked: 0,
    });
    // a proof of the last committed entry, against the head
    const last = committed.sort((a, b) => (a < b ? 1 : -1))[0]!;
    expect(await proveInclusion({ db: f.db, seq: last })).toMatchObject({
      entry: { seq: Number(last) },
    });
  });

  it('links nothing twice and leaves a pending seq for the next run', async () => {
    await appendEvidence({ db: f.db, entries: [sampleEntry(1)] });
    expect(await link()).toEqual({ linked: 0, voids: 0, lastSeq: 1n });
    // seq 2 held by a transaction that has not committed: 3 waits behind it
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = f.db.transaction(async (tx) => {
      await appendEvidence({ db: tx, entries: [sampleEntry(2)] });
      await held;
    });
    if (engine === 'postgres') {
      await new Promise((r) => setTimeout(r, 50));
      await appendEvidence({ db: f.db, entries: [sampleEntry(3)] });
      expect(await linkEvidence({ db: f.db, settleMs: 100 })).toEqual({
        linked: 0,
        voids: 0,
        lastSeq: 1n,
      });
      expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true, entries_checked: 1 });
      await expect(proveInclusion({ db: f.db, seq: 3n })).rejects.toThrow(/not linked/);
    }
    release();
    await slow;
    expect((await link()).lastSeq).toBe(engine === 'postgres' ? 3n : 2n);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true, unlinked: 0 });
  });

  it('refuses to prove a void, and names it', async () => {
    await appendEvidence({ db: f.db, entries: [sampleEntry(1)] });
    await inTx(2, 1, true);
    await appendEvidence({ db: f.db, entries: [sampleEntry(3)] });
    await link();
    await expect(proveInclusion({ db: f.db, seq: 2n })).rejects.toThrow(
      /no evidence entry 2: its number was taken by a transaction that did not commit/,
    );
    const p = await proveInclusion({ db: f.db, seq: 3n });
    expect(p).toMatchObject({ leaf_index: 2, tree_size: 3 });
  });

  describe('tampering with the new shape', () => {
    beforeEach(async () => {
      // 1..4 entries, 5 a void, 6..8 entries, a checkpoint at 8, then 9 appended unlinked
      await appendEvidence({
        db: f.db,
        entries: Array.from({ length: 4 }, (_, i) => sampleEntry(i + 1)),
      });
      await inTx(5, 1, true);
      await appendEvidence({
        db: f.db,
        entries: Array.from({ length: 3 }, (_, i) => sampleEntry(i + 6)),
      });
      await link();
      await createCheckpoint({ db: f.db });
      await inTx(9, 1);
    });
    const verify = () => verifyEvidence({ db: f.db, pageSize: 3 });

    it('is intact, the unlinked entry chained in memory', async () => {
      expect(await verify()).toMatchObject({
        ok: true,
        entries_checked: 9,
        unlinked: 1,
        checkpoints_checked: 1,
      });
    });

    it('names a deleted void', async () => {
      await asTableOwner(f.db, 'DELETE FROM evidence_voids WHERE seq = 5');
      expect((await verify()).first_bad).toMatchObject({
        reason: 'deleted',
        seq: 5,
        message: 'entry 5 is missing',
      });
    });

    it('names an entry put in place of a void (a void deleted, an entry inserted)', async () => {
      await asTableOwner(f.db, 'DELETE FROM evidence_voids WHERE seq = 5');
      await asTableOwner(
        f.db,
        `INSERT INTO evidence_entries (seq, kind, portfolio_id, debtor_id, actor, occurred_at,
           recorded_at, payload, prev_hash, entry_hash)
         SELECT 5, 'gate_decision', 1, 'D1', 'forger', now(), now(), '{}', prev_hash, entry_hash
         FROM evidence_entries WHERE seq = 6`,
      );
      expect((await verify()).first_bad).toMatchObject({ reason: 'altered', seq: 5 });
    });

    it('names an entry that also holds a void', async () => {
      await asTableOwner(
        f.db,
        `INSERT INTO evidence_voids (seq, recorded_at, prev_hash, entry_hash)
         SELECT 3, now(), prev_hash, entry_hash FROM evidence_voids WHERE seq = 5`,
      );
      expect((await verify()).first_bad).toMatchObject({ reason: 'altered', seq: 3 });
    });

    it('names a linked entry whose hashes were removed', async () => {
      await asTableOwner(
        f.db,
        'UPDATE evidence_entries SET prev_hash = NULL, entry_hash = NULL WHERE seq = 7',
      );
      expect((await verify()).first_bad).toMatchObject({
        reason: 'altered',
        seq: 7,
        message: 'entry 7 was altered: its hashes are gone',
      });
    });

    it('names an unlinked entry deleted with the rest of the tail, by the checkpoint', async () => {
      await asTableOwner(f.db, 'DELETE FROM evidence_entries WHERE seq >= 7');
      expect((await verify()).first_bad).toMatchObject({ reason: 'deleted', seq: 7 });
    });

    it('refuses in the database any change to an entry but its linking', async () => {
      await expect(
        f.db.execute(
          "UPDATE evidence_entries SET actor = 'x', prev_hash = decode(repeat('00', 32), 'hex'), entry_hash = decode(repeat('00', 32), 'hex') WHERE seq = 9",
        ),
      ).rejects.toThrow(/append-only/);
      await expect(f.db.execute('DELETE FROM evidence_voids')).rejects.toThrow(/append-only/);
      expect(await verify()).toMatchObject({ ok: true });
    });
  });
});
