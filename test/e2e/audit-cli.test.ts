/**
 * `recourse audit ...` as a user runs it: the real command in a child process, on PGlite in a
 * data directory and, when TEST_DATABASE_URL is set, on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvidence, createCheckpoint } from '../../src/modules/audit/index.js';
import { asTableOwner, proofVerifies, sampleEntry } from '../../src/modules/audit/testing.js';
import { addDays, dateInZone } from '../../src/shared/calendar.js';
import { migrate } from '../../src/shared/db/migrate.js';
import { openPglite } from '../../src/shared/db/pglite.js';
import { openPostgres } from '../../src/shared/db/postgres.js';
import type { Db } from '../../src/shared/db/types.js';
import { runCli, type CliResult } from '../support/cli.js';
import { createPostgresDatabase, engines, pgliteTemplate } from '../support/databases.js';

const noStackTrace = (r: CliResult) =>
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe.each(engines)('recourse audit on %s', (engine) => {
  let dir: string;
  let env: Record<string, string>;
  let drop = async (): Promise<void> => undefined;
  let open: () => Promise<Db>;
  const cli = (...args: string[]) => runCli(args, env);
  const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-audit-cli-'));
    if (engine === 'pglite') {
      const dataDir = path.join(dir, 'pglite');
      await (await openPglite(dataDir, pgliteTemplate())).close();
      open = () => openPglite(dataDir);
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: '' };
    } else {
      const pg = await createPostgresDatabase();
      drop = pg.drop;
      open = async () => {
        const db = await openPostgres(pg.url);
        await migrate(db);
        return db;
      };
      env = { RECOURSE_DATA_DIR: dir, DATABASE_URL: pg.url };
    }
    await withDb(async (db) => {
      await appendEvidence({
        db,
        entries: Array.from({ length: 6 }, (_, i) => sampleEntry(i + 1)),
      });
      await createCheckpoint({ db });
      await appendEvidence({ db, entries: [sampleEntry(7), sampleEntry(8)] });
    });
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an intact log: exit 0 with a summary, or JSON', async () => {
    const r = await cli('audit', 'verify');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Evidence log intact: 8 entries, 1 checkpoints verified/);
    const j = await cli('audit', 'verify', '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, entries_checked: 8, first_bad: null });
  });

  it('takes a checkpoint and prints it', async () => {
    const r = await cli('audit', 'checkpoint', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tree_size: 8, created: true });
    const again = await cli('audit', 'checkpoint');
    expect(again.stdout).toMatch(/unchanged since the last\): tree size 8, root [0-9a-f]{64}/);
  });

  it('prints an inclusion proof that verifies, and refuses an unknown entry', async () => {
    const r = await cli('audit', 'proof', '3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p).toMatchObject({ entry: { seq: 3 }, leaf_index: 2, tree_size: 8 });
    expect(p.audit_path).toHaveLength(3);
    expect(proofVerifies(p)).toBe(true);
    const unknown = await cli('audit', 'proof', '42');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('recourse: there is no evidence entry 42\n');
    const bad = await cli('audit', 'proof', 'abc');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/expected an entry id/);
    noStackTrace(bad);
  });

  it('exports the checkpoints as JSON', async () => {
    const r = await cli('audit', 'export', '--consistency');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.checkpoints.map((c: { tree_size: number }) => c.tree_size)).toEqual([6, 8]);
    expect(e.checkpoints[1].consistency_proof.length).toBeGreaterThan(0);
  });

  it('records the export in the administration trail, which admin-log prints', async () => {
    // the days around now in the bank's zone (the default, Asia/Shanghai)
    const today = dateInZone(new Date(), 'Asia/Shanghai');
    const json = await cli(
      'audit',
      'admin-log',
      '--from',
      addDays(today, -1),
      '--to',
      today,
      '--format',
      'json',
    );
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        seq: 9,
        kind: 'admin_checkpoints_exported',
        actor: expect.stringMatching(/^cli:./),
        portfolio_id: null,
        debtor_id: null,
        payload: { checkpoints: 2, tree_size: 8, consistency_proofs: true },
        verification: 'intact',
      }),
    ]);
    const text = await cli('audit', 'admin-log');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^ {5}9 {2}\S+Z {2}admin_checkpoints_exported +cli:\S+ +- {2}intact {2}\{/,
    );
    const bad = await cli('audit', 'admin-log', '--from', '2026-02-30');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/expected a calendar date/);
    noStackTrace(bad);
  }, 120_000);

  it('exits 1 naming an altered administration entry', async () => {
    await withDb((db) =>
      asTableOwner(
        db,
        `UPDATE evidence_entries SET payload = payload || '{"checkpoints": 1}' WHERE seq = 9`,
      ),
    );
    const r = await cli('audit', 'verify', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).first_bad).toMatchObject({ reason: 'altered', seq: 9 });
    await withDb((db) =>
      asTableOwner(
        db,
        `UPDATE evidence_entries SET payload = payload || '{"checkpoints": 2}' WHERE seq = 9`,
      ),
    );
    expect((await cli('audit', 'verify')).code).toBe(0);
  });

  it('exits 1 naming the first bad entry once an entry is altered', async () => {
    await withDb((db) =>
      asTableOwner(db, "UPDATE evidence_entries SET actor = 'someone else' WHERE seq = 5"),
    );
    const r = await cli('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/entry 5 was altered/);
    expect(r.stderr).toBe('recourse: evidence log tampered: entry 5 altered\n');
    noStackTrace(r);
    const j = await cli('audit', 'verify', '--json');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).first_bad).toMatchObject({ reason: 'altered', seq: 5 });
    const proof = await cli('audit', 'proof', '5');
    expect(proof.code).toBe(1);
    expect(proof.stderr).toMatch(/does not match its hash: run "recourse audit verify"/);
  });

  it('exits 1 naming the first deleted entry', async () => {
    await withDb((db) => asTableOwner(db, 'DELETE FROM evidence_entries WHERE seq = 2'));
    const r = await cli('audit', 'verify', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).first_bad).toMatchObject({ reason: 'deleted', seq: 2 });
  });
});
