import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { asTableOwner, resetEvidenceLog, rollBackHead, sampleEntry } from '../testing.js';
import { appendEvidence } from './append-evidence.js';
import { createCheckpoint } from './create-checkpoint.js';
import { verifyEvidence } from './verify-evidence.js';

const swapColumns = `kind, portfolio_id, debtor_id, account_id, actor, occurred_at, recorded_at,
  payload, prev_hash, entry_hash`;

describe.each(engines)('verifyEvidence on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(async () => {
    await resetEvidenceLog(f.db);
    // 25 entries with checkpoints at 10 and 25, appended in batches
    for (let b = 0; b < 5; b++) {
      await appendEvidence({
        db: f.db,
        entries: Array.from({ length: 5 }, (_, i) => sampleEntry(b * 5 + i + 1)),
      });
      if (b === 1 || b === 4) await createCheckpoint({ db: f.db });
    }
  });
  const verify = () => verifyEvidence({ db: f.db, pageSize: 4 });

  it('finds an intact log intact, across pages and checkpoints', async () => {
    const v = await verify();
    expect(v).toMatchObject({
      ok: true,
      entries_checked: 25,
      checkpoints_checked: 2,
      tree_size: 25,
      first_bad: null,
    });
    const [cp] = await f.db.query<{ root: string }>(
      "SELECT encode(root_hash, 'hex') AS root FROM evidence_checkpoints WHERE tree_size = 25",
    );
    expect(v.root_hash).toBe(cp!.root);
  });

  it('finds the empty log intact', async () => {
    await resetEvidenceLog(f.db);
    expect(await verify()).toMatchObject({ ok: true, entries_checked: 0, tree_size: 0 });
  });

  it('names an entry whose payload was altered', async () => {
    await asTableOwner(
      f.db,
      `UPDATE evidence_entries SET payload = jsonb_set(payload, '{allowed}', 'true') WHERE seq = 13`,
    );
    expect(await verify()).toMatchObject({
      ok: false,
      entries_checked: 12,
      first_bad: {
        reason: 'altered',
        seq: 13,
        message: expect.stringMatching(/entry 13 was altered/),
      },
    });
  });

  it.each([
    ['actor', "actor = 'someone else'"],
    ['occurred_at', "occurred_at = occurred_at + interval '1 second'"],
    ['debtor', "debtor_id = 'D99'"],
  ])('names an entry whose %s was altered', async (_name, set) => {
    await asTableOwner(f.db, `UPDATE evidence_entries SET ${set} WHERE seq = 4`);
    expect((await verify()).first_bad).toMatchObject({ reason: 'altered', seq: 4 });
  });

  it('names an entry rewritten with a recomputed hash by the broken link after it', async () => {
    await asTableOwner(
      f.db,
      "UPDATE evidence_entries SET entry_hash = decode(repeat('ee', 32), 'hex'), actor = 'x' WHERE seq = 7",
    );
    // its own hash no longer matches: altered
    expect((await verify()).first_bad).toMatchObject({ reason: 'altered', seq: 7 });
  });

  it('names the first deleted entry', async () => {
    await asTableOwner(f.db, 'DELETE FROM evidence_entries WHERE seq IN (9, 10, 11)');
    expect(await verify()).toMatchObject({
      ok: false,
      entries_checked: 8,
      first_bad: { reason: 'deleted', seq: 9, message: 'entries 9 to 11 are missing' },
    });
  });

  it('notices entries deleted from the end of the log', async () => {
    await asTableOwner(f.db, 'DELETE FROM evidence_entries WHERE seq >= 24');
    expect((await verify()).first_bad).toMatchObject({ reason: 'deleted', seq: 24 });
  });

  it('notices the tail deleted with the chain head rolled back, by the checkpoint', async () => {
    await asTableOwner(f.db, 'DELETE FROM evidence_entries WHERE seq >= 21');
    await rollBackHead(f.db, 20);
    expect((await verify()).first_bad).toMatchObject({ reason: 'deleted', seq: 21 });
  });

  it('names reordered entries (two rows swapped their contents)', async () => {
    await asTableOwner(
      f.db,
      `UPDATE evidence_entries AS e SET (${swapColumns}) = (
         SELECT ${swapColumns} FROM evidence_entries o WHERE o.seq = CASE e.seq WHEN 5 THEN 17 ELSE 5 END
       ) WHERE e.seq IN (5, 17)`,
    );
    expect(await verify()).toMatchObject({
      ok: false,
      entries_checked: 4,
      first_bad: {
        reason: 'reordered',
        seq: 5,
        message: 'entry 5 holds the entry recorded as 17',
      },
    });
  });

  it('names an altered checkpoint', async () => {
    await asTableOwner(
      f.db,
      "UPDATE evidence_checkpoints SET root_hash = decode(repeat('ab', 32), 'hex') WHERE tree_size = 10",
    );
    const [cp] = await f.db.query<{ id: bigint }>(
      'SELECT checkpoint_id AS id FROM evidence_checkpoints WHERE tree_size = 10',
    );
    expect(await verify()).toMatchObject({
      ok: false,
      entries_checked: 10,
      first_bad: {
        reason: 'checkpoint_mismatch',
        seq: null,
        checkpoint_id: cp!.id.toString(),
        message: expect.stringMatching(/tree size 10/),
      },
    });
  });

  it('notices a consistently rewritten prefix by the checkpoint over it', async () => {
    // the attacker recomputes the chain from entry 3 on: only the checkpoint can tell
    const rows = await f.db.query<{ seq: bigint }>('SELECT seq FROM evidence_entries ORDER BY seq');
    expect(rows).toHaveLength(25);
    await asTableOwner(f.db, 'DELETE FROM evidence_entries WHERE seq >= 3');
    await rollBackHead(f.db, 2);
    await appendEvidence({
      db: f.db,
      entries: Array.from({ length: 23 }, (_, i) => sampleEntry(i + 3, { actor: 'forger' })),
    });
    expect((await verify()).first_bad).toMatchObject({ reason: 'checkpoint_mismatch', seq: null });
  });
});
