import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { fromHex } from '../domain/bytes.js';
import { verifyConsistency } from '../domain/merkle-verify.js';
import { asTableOwner, proofVerifies, resetEvidenceLog, sampleEntry } from '../testing.js';
import { appendEvidence } from './append-evidence.js';
import { createCheckpoint } from './create-checkpoint.js';
import { exportCheckpoints } from './export-checkpoints.js';
import { proveInclusion } from './prove-inclusion.js';

/** who exports the checkpoints here, and when */
const stamp = { actor: 'cli:test', at: new Date('2026-11-25T02:00:00Z') };

describe.each(engines)('checkpoints and inclusion proofs on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(() => resetEvidenceLog(f.db));

  const append = (from: number, count: number) =>
    appendEvidence({
      db: f.db,
      entries: Array.from({ length: count }, (_, i) => sampleEntry(from + i)),
    });

  it('refuses a checkpoint of the empty log, and repeats none', async () => {
    await expect(createCheckpoint({ db: f.db })).rejects.toThrow(/empty/);
    await append(1, 3);
    const a = await createCheckpoint({ db: f.db, publishedRef: 'https://example.org/heads/1' });
    const b = await createCheckpoint({ db: f.db });
    expect(a).toMatchObject({
      created: true,
      tree_size: 3,
      published_ref: 'https://example.org/heads/1',
    });
    expect(b).toEqual({ ...a, created: false });
    expect(a.root_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('proves an entry against the latest checkpoint that covers it, else the tree head', async () => {
    await append(1, 10);
    const cp = await createCheckpoint({ db: f.db });
    await append(11, 3);
    const p5 = await proveInclusion({ db: f.db, seq: 5n });
    expect(p5).toMatchObject({
      entry: { seq: 5, kind: 'gate_decision', payload: { attempt: 5, amount_minor: '5000' } },
      leaf_index: 4,
      tree_size: 10,
      root_hash: cp.root_hash,
      checkpoint: { checkpoint_id: cp.checkpoint_id },
    });
    expect(p5.audit_path).toHaveLength(4);
    expect(proofVerifies(p5)).toBe(true);

    const p12 = await proveInclusion({ db: f.db, seq: 12n });
    expect(p12).toMatchObject({ leaf_index: 11, tree_size: 13, checkpoint: null });
    expect(proofVerifies(p12)).toBe(true);
    const head5 = await proveInclusion({ db: f.db, seq: 5n, against: 'head' });
    expect(head5).toMatchObject({ tree_size: 13, root_hash: p12.root_hash, checkpoint: null });
    expect(proofVerifies(head5)).toBe(true);
    // every entry, against the head
    for (let s = 1n; s <= 13n; s++)
      expect(proofVerifies(await proveInclusion({ db: f.db, seq: s, against: 'head' }))).toBe(true);
  });

  it('refuses an unknown entry and a log that no longer matches', async () => {
    await append(1, 4);
    await createCheckpoint({ db: f.db });
    await expect(proveInclusion({ db: f.db, seq: 99n })).rejects.toMatchObject({
      code: 'not_found',
      message: 'there is no evidence entry 99',
    });
    await asTableOwner(f.db, "UPDATE evidence_entries SET actor = 'x' WHERE seq = 2");
    await expect(proveInclusion({ db: f.db, seq: 2n })).rejects.toMatchObject({ code: 'conflict' });
    await asTableOwner(
      f.db,
      "UPDATE evidence_entries SET entry_hash = decode(repeat('01', 32), 'hex') WHERE seq = 3",
    );
    await expect(proveInclusion({ db: f.db, seq: 1n })).rejects.toThrow(/audit verify/);
  });

  it('exports the checkpoints with consistency proofs that verify', async () => {
    for (const n of [1, 2, 4, 3, 7]) {
      const [{ seq }] = (await f.db.query<{ seq: bigint }>(
        'SELECT count(*)::bigint AS seq FROM evidence_entries',
      )) as [{ seq: bigint }];
      await append(Number(seq) + 1, n);
      await createCheckpoint({ db: f.db });
    }
    const plain = await exportCheckpoints({ db: f.db, audit: stamp });
    expect(plain.checkpoints.map((c) => c.tree_size)).toEqual([1, 3, 7, 10, 17]);
    expect(plain.checkpoints[1]).not.toHaveProperty('consistency_proof');
    const e = await exportCheckpoints({ db: f.db, withConsistencyProofs: true, audit: stamp });
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    for (let i = 1; i < e.checkpoints.length; i++) {
      const [a, b] = [e.checkpoints[i - 1]!, e.checkpoints[i]!];
      expect(
        verifyConsistency(
          a.tree_size,
          b.tree_size,
          b.consistency_proof!.map(fromHex),
          fromHex(a.root_hash),
          fromHex(b.root_hash),
        ),
      ).toBe(true);
    }
  });
});
