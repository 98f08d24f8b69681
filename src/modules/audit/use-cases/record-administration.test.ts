import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase, type FreshDatabase } from '../../../../test/support/databases.js';
import { asTableOwner, proofVerifies, resetEvidenceLog, sampleEntry } from '../testing.js';
import { appendEvidence } from './append-evidence.js';
import { createCheckpoint } from './create-checkpoint.js';
import { exportCheckpoints } from './export-checkpoints.js';
import { linkEvidence } from './link-evidence.js';
import { proveInclusion } from './prove-inclusion.js';
import { recordAdministration, type AdministrationInput } from './record-administration.js';
import { verifyEvidence } from './verify-evidence.js';

const signIn: AdministrationInput = {
  kind: 'admin_sign_in',
  actor: 'user:admin',
  occurredAt: new Date('2026-11-25T01:00:00.000Z'),
  payload: { method: 'password', client_address: '10.0.0.7' },
};

describe.each(engines)('recordAdministration on %s', (engine) => {
  let f: FreshDatabase;
  beforeAll(async () => {
    f = await freshDatabase(engine);
  });
  afterAll(() => f.drop());
  beforeEach(() => resetEvidenceLog(f.db));

  it('chains entries about no debtor between entries about debtors; verify, proof and export hold', async () => {
    await appendEvidence({ db: f.db, entries: [sampleEntry(1), sampleEntry(2)] });
    const { seq } = await recordAdministration({ db: f.db, entry: signIn });
    await recordAdministration({
      db: f.db,
      entry: {
        kind: 'admin_rule_pack_changed',
        actor: 'user:officer',
        occurredAt: new Date('2026-11-25T01:05:00Z'),
        portfolioId: 1n,
        payload: { before: { pack: 'cn' }, after: { pack: 'uk' } },
      },
    });
    await appendEvidence({ db: f.db, entries: [sampleEntry(5)] });
    expect(seq).toBe(3n);
    const rows = await f.db.query<{
      seq: bigint;
      portfolio_id: bigint | null;
      debtor_id: string | null;
    }>(
      'SELECT seq, portfolio_id, debtor_id FROM evidence_entries WHERE seq IN (3, 4) ORDER BY seq',
    );
    expect(rows).toEqual([
      { seq: 3n, portfolio_id: null, debtor_id: null },
      { seq: 4n, portfolio_id: 1n, debtor_id: null },
    ]);
    await createCheckpoint({ db: f.db });
    expect(await verifyEvidence({ db: f.db })).toMatchObject({
      ok: true,
      entries_checked: 5,
      checkpoints_checked: 1,
    });
    const p = await proveInclusion({ db: f.db, seq: 3n });
    expect(p.entry).toMatchObject({
      seq: 3,
      kind: 'admin_sign_in',
      portfolio_id: null,
      debtor_id: null,
      actor: 'user:admin',
      payload: signIn.payload,
    });
    expect(proofVerifies(p)).toBe(true);
    const e = await exportCheckpoints({
      db: f.db,
      audit: { actor: 'cli:ops', at: new Date('2026-11-25T02:00:00Z') },
    });
    expect(e.checkpoints.map((c) => c.tree_size)).toEqual([5]);
    // the export is itself recorded (and linked: it was given the database)
    const [exported] = await f.db.query<{ kind: string; actor: string; linked: boolean }>(
      'SELECT kind, actor, entry_hash IS NOT NULL AS linked FROM evidence_entries WHERE seq = 6',
    );
    expect(exported).toEqual({
      kind: 'admin_checkpoints_exported',
      actor: 'cli:ops',
      linked: true,
    });
  });

  it('commits and rolls back with the change it records', async () => {
    await expect(
      f.db.transaction(async (tx) => {
        await recordAdministration({ db: tx, entry: signIn });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow(/change fails/);
    await recordAdministration({ db: f.db, entry: signIn });
    await linkEvidence({ db: f.db, settleMs: 0 });
    const [n] = await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM evidence_entries');
    expect(n!.n).toBe(1n);
    expect(await verifyEvidence({ db: f.db })).toMatchObject({ ok: true, entries_checked: 2 });
  });

  it('refuses another kind, a secret in the payload, and a debtor without its portfolio', async () => {
    await expect(
      recordAdministration({
        db: f.db,
        entry: { ...signIn, kind: 'gate_decision' as AdministrationInput['kind'] },
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      recordAdministration({
        db: f.db,
        entry: { ...signIn, payload: { after: { password: 'hunter2-hunter2' } } },
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'an administration entry never carries a secret: payload member after.password',
    });
    await expect(
      recordAdministration({ db: f.db, entry: { ...signIn, debtorId: 'D1' } }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    // an entry about a debtor still names it: in the application and in the database
    await expect(
      appendEvidence({ db: f.db, entries: [sampleEntry(1, { debtorId: null })] }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      f.db.query(
        `INSERT INTO evidence_entries (seq, kind, portfolio_id, debtor_id, actor, occurred_at,
           recorded_at, payload)
         VALUES (nextval('evidence_entries_seq'), 'gate_decision', 1, NULL, 'x', now(), now(), '{}')`,
      ),
    ).rejects.toThrow(/evidence_entries_subject_by_kind/);
    await expect(
      f.db.query(
        `INSERT INTO evidence_entries (seq, kind, portfolio_id, debtor_id, actor, occurred_at,
           recorded_at, payload)
         VALUES (nextval('evidence_entries_seq'), 'admin_x', NULL, 'D1', 'x', now(), now(), '{}')`,
      ),
    ).rejects.toThrow(/evidence_entries_debtor_in_portfolio/);
  });

  it('detects an altered administration entry: verify names it, a proof is refused', async () => {
    await appendEvidence({ db: f.db, entries: [sampleEntry(1)] });
    await recordAdministration({
      db: f.db,
      entry: {
        kind: 'admin_user_changed',
        actor: 'user:admin',
        occurredAt: new Date('2026-11-25T01:00:00Z'),
        payload: { user: 'ma', changes: { role: { before: 'collector', after: 'supervisor' } } },
      },
    });
    await appendEvidence({ db: f.db, entries: [sampleEntry(3)] });
    await createCheckpoint({ db: f.db });
    expect((await verifyEvidence({ db: f.db })).ok).toBe(true);
    for (const [tamper, reason] of [
      [`UPDATE evidence_entries SET actor = 'user:someone-else' WHERE seq = 2`, 'altered'],
      [`UPDATE evidence_entries SET portfolio_id = 1, debtor_id = 'D1' WHERE seq = 2`, 'altered'],
      [
        `UPDATE evidence_entries SET payload = jsonb_set(payload, '{changes,role,after}', '"admin"')
         WHERE seq = 2`,
        'altered',
      ],
    ] as const) {
      await asTableOwner(f.db, tamper);
      expect(await verifyEvidence({ db: f.db })).toMatchObject({
        ok: false,
        first_bad: { reason, seq: 2 },
      });
      await expect(proveInclusion({ db: f.db, seq: 2n })).rejects.toMatchObject({
        code: 'conflict',
      });
      // put it back as it was recorded: the log verifies again
      await asTableOwner(
        f.db,
        `UPDATE evidence_entries SET actor = 'user:admin', portfolio_id = NULL, debtor_id = NULL,
           payload = '{"user": "ma", "changes": {"role": {"after": "supervisor", "before": "collector"}}}'
         WHERE seq = 2`,
      );
      expect((await verifyEvidence({ db: f.db })).ok).toBe(true);
    }
  });
});
