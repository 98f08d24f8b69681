import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { resetEvidenceLog, sampleEntry } from '../testing.js';
import {
  appendEvidence,
  appendEvidenceCarrying,
  type CarriedInsert,
  type EvidenceInput,
} from './append-evidence.js';
import { linkEvidence } from './link-evidence.js';
import { verifyEvidence } from './verify-evidence.js';

describe.each(engines)('appendEvidence on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(() => resetEvidenceLog(f.db));

  it('numbers entries 1, 2, 3 ... and the linker chains each to the one before', async () => {
    const first = await appendEvidence({ db: f.db, entries: [sampleEntry(1), sampleEntry(2)] });
    const more = await f.db.transaction((tx) =>
      appendEvidence({ db: tx, entries: [sampleEntry(3)] }),
    );
    expect([...first, ...more].map((e) => e.seq)).toEqual([1n, 2n, 3n]);
    // appended in a caller's transaction: not chained until the linker runs
    const [unlinked] = await f.db.query<{ hash: Uint8Array | null }>(
      'SELECT entry_hash AS hash FROM evidence_entries WHERE seq = 3',
    );
    expect(unlinked!.hash).toBeNull();
    expect(await verifyEvidence({ db: f.db })).toMatchObject({
      ok: true,
      entries_checked: 3,
      unlinked: 1,
    });
    expect(await linkEvidence({ db: f.db })).toEqual({ linked: 1, voids: 0, lastSeq: 3n });
    const rows = await f.db.query<{ seq: bigint; prev: string; hash: string; payload: unknown }>(
      `SELECT seq, encode(prev_hash, 'hex') AS prev, encode(entry_hash, 'hex') AS hash, payload
       FROM evidence_entries ORDER BY seq`,
    );
    expect(rows[0]!.prev).toBe('0'.repeat(64));
    expect(rows[1]!.prev).toBe(rows[0]!.hash);
    expect(rows[2]!.prev).toBe(rows[1]!.hash);
    expect(rows[1]!.payload).toEqual({
      attempt: 2,
      allowed: true,
      violations: [],
      amount_minor: '2000',
    });
    expect(await verifyEvidence({ db: f.db })).toMatchObject({
      ok: true,
      entries_checked: 3,
      unlinked: 0,
    });
  });

  it('rolls back with the caller transaction; the linker records its seq as a void', async () => {
    await appendEvidence({ db: f.db, entries: [sampleEntry(1)] });
    await expect(
      f.db.transaction(async (tx) => {
        await appendEvidence({ db: tx, entries: [sampleEntry(2)] });
        throw new Error('the caller fails after appending');
      }),
    ).rejects.toThrow(/caller fails/);
    const [next] = await appendEvidence({ db: f.db, entries: [sampleEntry(3)] });
    expect(next!.seq).toBe(3n);
    // settled once every transaction running anywhere on the server then has ended
    await linkEvidence({ db: f.db, settleMs: 30_000 });
    expect(await f.db.query('SELECT seq FROM evidence_entries ORDER BY seq')).toEqual([
      { seq: 1n },
      { seq: 3n },
    ]);
    expect(await f.db.query('SELECT seq FROM evidence_voids')).toEqual([{ seq: 2n }]);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true, entries_checked: 3 });
    // a seq rolled back at the end of the log is a void too, once settled
    await f.db
      .transaction(async (tx) => {
        await appendEvidence({ db: tx, entries: [sampleEntry(4), sampleEntry(5)] });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await linkEvidence({ db: f.db, settleMs: 30_000 })).toEqual({
      linked: 0,
      voids: 2,
      lastSeq: 5n,
    });
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true, entries_checked: 5 });
  });

  it('appends an entry in the statement of another INSERT, recording its id; both roll back together', async () => {
    await f.db.exec(
      'CREATE TABLE IF NOT EXISTS carried_rows (id bigint GENERATED ALWAYS AS IDENTITY, note text)',
    );
    const carried = (note: string): CarriedInsert => ({
      sql: 'INSERT INTO carried_rows (note) VALUES ($1) RETURNING id',
      params: [note],
      idColumn: 'id',
      member: 'row_id',
    });
    const entry = sampleEntry(1);
    const first = await f.db.transaction((tx) =>
      appendEvidenceCarrying({ db: tx, entry, carried: carried('kept') }),
    );
    const [row] = await f.db.query<{ id: bigint }>(
      "SELECT id FROM carried_rows WHERE note = 'kept'",
    );
    expect(first).toMatchObject({ seq: 1n, carriedId: row!.id });
    const [stored] = await f.db.query<{ payload: unknown }>(
      'SELECT payload FROM evidence_entries WHERE seq = 1',
    );
    expect(stored!.payload).toEqual({
      ...entry.payload,
      amount_minor: '1000',
      row_id: String(row!.id),
    });
    await expect(
      f.db.transaction(async (tx) => {
        await appendEvidenceCarrying({ db: tx, entry: sampleEntry(2), carried: carried('gone') });
        throw new Error('the caller fails after appending');
      }),
    ).rejects.toThrow(/caller fails/);
    expect(await f.db.query("SELECT id FROM carried_rows WHERE note = 'gone'")).toEqual([]);
    // a bad entry, or a column name that is not one, is refused before anything is written
    await expect(
      f.db.transaction((tx) =>
        appendEvidenceCarrying({ db: tx, entry: { ...entry, actor: '' }, carried: carried('bad') }),
      ),
    ).rejects.toThrow(/actor/);
    await expect(
      f.db.transaction((tx) =>
        appendEvidenceCarrying({
          db: tx,
          entry,
          carried: { ...carried('bad'), idColumn: 'id; DROP TABLE carried_rows' },
        }),
      ),
    ).rejects.toThrow(/not a column name/);
    expect(await f.db.query("SELECT id FROM carried_rows WHERE note = 'bad'")).toEqual([]);
    await appendEvidence({ db: f.db, entries: [sampleEntry(3)] });
    await linkEvidence({ db: f.db, settleMs: 30_000 });
    expect(await f.db.query('SELECT seq FROM evidence_voids')).toEqual([{ seq: 2n }]);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true, entries_checked: 3 });
  });

  it('never gives two concurrent appends the same seq nor forks the chain', async () => {
    const writers = 24;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        f.db.transaction(async (tx) => {
          // work before and after the append, inside the same transaction
          await tx.query('SELECT count(*) FROM evidence_entries');
          const r = await appendEvidence({
            db: tx,
            entries: [sampleEntry(w * 10), sampleEntry(w * 10 + 1), sampleEntry(w * 10 + 2)],
          });
          await tx.query('SELECT pg_sleep(0.005)');
          return r;
        }),
      ),
    );
    const seqs = results
      .flat()
      .map((r) => r.seq)
      .sort((a, b) => (a < b ? -1 : 1));
    expect(seqs).toEqual(Array.from({ length: writers * 3 }, (_, i) => BigInt(i + 1)));
    // each transaction's entries keep their order (another's may come between them)
    for (const r of results) expect(r[0]!.seq < r[1]!.seq && r[1]!.seq < r[2]!.seq).toBe(true);
    expect(await linkEvidence({ db: f.db })).toMatchObject({ linked: writers * 3, voids: 0 });
    const v = await verifyEvidence({ db: f.db, pageSize: 7 });
    expect(v).toMatchObject({ ok: true, entries_checked: writers * 3 });
  });

  it('serialises appends given the Db itself (each in its own transaction)', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendEvidence({ db: f.db, entries: [sampleEntry(i)] })),
    );
    expect(new Set(results.flat().map((r) => r.seq)).size).toBe(20);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true, entries_checked: 20 });
  });

  it.each<[string, Partial<EvidenceInput>, RegExp]>([
    ['an unknown kind', { kind: 'gossip' as never }, /kind must be one of/],
    ['an empty actor', { actor: '' }, /actor/],
    ['an invalid instant', { occurredAt: new Date('nope') }, /occurred_at/],
    ['a payload with NaN', { payload: { x: NaN } }, /numbers must be finite/],
    ['an array payload', { payload: [] as never }, /payload must be a JSON object/],
  ])('refuses %s and appends nothing', async (_name, change, message) => {
    await expect(
      appendEvidence({ db: f.db, entries: [sampleEntry(1), sampleEntry(2, change)] }),
    ).rejects.toThrow(message);
    expect(await f.db.query('SELECT seq FROM evidence_entries')).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries and checkpoints in the database', async () => {
    await appendEvidence({ db: f.db, entries: [sampleEntry(1), sampleEntry(2)] });
    await f.db.execute(
      "INSERT INTO evidence_checkpoints (tree_size, root_hash) VALUES (2, decode(repeat('ab', 32), 'hex'))",
    );
    for (const sql of [
      "UPDATE evidence_entries SET payload = '{}' WHERE seq = 1",
      'DELETE FROM evidence_entries WHERE seq = 2',
      'TRUNCATE evidence_entries',
      "UPDATE evidence_checkpoints SET root_hash = decode(repeat('cd', 32), 'hex')",
      'DELETE FROM evidence_checkpoints',
      'UPDATE evidence_chain_head SET last_seq = 1',
      'DELETE FROM evidence_chain_head',
      "UPDATE evidence_entries SET entry_hash = decode(repeat('cd', 32), 'hex') WHERE seq = 2",
    ])
      await expect(f.db.execute(sql), sql).rejects.toThrow(/append-only|only moves forward/);
    // a checkpoint's publication reference may be set once
    expect(
      await f.db.execute("UPDATE evidence_checkpoints SET published_ref = 'https://x/1'"),
    ).toBe(1);
    await expect(
      f.db.execute("UPDATE evidence_checkpoints SET published_ref = 'https://x/2'"),
    ).rejects.toThrow(/append-only/);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ entries_checked: 2 });
  });
});
