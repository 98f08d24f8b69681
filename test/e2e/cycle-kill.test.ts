/**
 * The kill-and-rerun property of the daily cycle: a run killed with SIGKILL at any point, then
 * started again, ends exactly as an uninterrupted run would. Real processes, real databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/shared/db/open.js';
import type { Db } from '../../src/shared/db/types.js';
import { insertManyAccounts, seedPortfolio } from '../support/accounts.js';
import { createPostgresDatabase, engines, pgliteTemplate } from '../support/databases.js';
import { openPglite } from '../../src/shared/db/pglite.js';
import { finished, runCli, startCli } from '../support/cli.js';

const asOf = '2026-11-30'; // a month end: the run also writes snapshots
const stateSql = `SELECT
  (SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x.account_id), ''))
     FROM (SELECT account_id, aged_as_of, dpd, bucket, pre_due, risk_class FROM accounts) x) AS accounts,
  (SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY e.account_id, e.as_of), '')) FROM bucket_events e) AS events,
  (SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY s.account_id, s.month_end), '')) FROM month_end_snapshots s) AS snapshots,
  (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r.as_of), ''))
     FROM (SELECT run_id, as_of, status, accounts_aged, bucket_changes, summary FROM cycle_runs) r) AS runs,
  (SELECT count(*)::int FROM bucket_events) AS event_count,
  (SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY a.portfolio_id, a.action_key), ''))
     FROM (SELECT portfolio_id, action_key, account_id, debtor_id, kind, channel, unit,
       strategy_id, strategy_version, arm, due_on, planned_on, reason, status, cancel_reason
       FROM actions) a) AS actions,
  (SELECT md5(coalesce(string_agg(p::text, '|' ORDER BY p.portfolio_id, p.account_id), ''))
     FROM treatment_positions p) AS positions,
  (SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY s.portfolio_id, s.debtor_id), ''))
     FROM debtor_segments s) AS segments,
  (SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY e.portfolio_id, e.debtor_id, e.as_of), ''))
     FROM segment_events e) AS segment_events,
  (SELECT count(*)::int FROM actions) AS action_count`;

type Target = {
  env: Record<string, string>;
  open: () => Promise<Db>;
  cleanup: () => Promise<void>;
};

async function makeTargets(engine: string, accounts: number): Promise<[Target, Target]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-kill-'));
  const seed = async (db: Db) => {
    const p = await seedPortfolio(db);
    await insertManyAccounts(db, p, accounts, asOf);
    // history before the run: yesterday's cycle as an earlier state
    await db.execute(
      "UPDATE accounts SET bucket = 'M1', dpd = 1, aged_as_of = '2026-11-29' WHERE account_id < 'N00001000'",
    );
  };
  if (engine === 'pglite') {
    const a = path.join(root, 'a');
    fs.mkdirSync(a);
    const db = await openPglite(path.join(a, 'pglite'), pgliteTemplate());
    await seed(db);
    await db.close();
    const b = path.join(root, 'b');
    fs.cpSync(a, b, { recursive: true });
    const target = (dir: string): Target => ({
      env: { RECOURSE_DATA_DIR: dir, DATABASE_URL: '' },
      open: () => openDatabase({ databaseUrl: undefined, dataDir: dir }),
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    });
    return [target(a), target(b)];
  }
  const make = async (): Promise<Target> => {
    const { url, drop } = await createPostgresDatabase();
    const db = await openDatabase({ databaseUrl: url, dataDir: root });
    await seed(db);
    await db.close();
    return {
      env: { RECOURSE_DATA_DIR: root, DATABASE_URL: url },
      open: () => openDatabase({ databaseUrl: url, dataDir: root }),
      cleanup: drop,
    };
  };
  return [await make(), await make()];
}

async function state(t: Target): Promise<Record<string, unknown>> {
  const db = await t.open();
  try {
    const [row] = await db.query(stateSql);
    return row as Record<string, unknown>;
  } finally {
    await db.close();
  }
}

describe.each(engines)('the daily cycle killed and rerun on %s', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('ends exactly as an uninterrupted run, whenever it is killed', async () => {
    const [reference, victim] = await makeTargets(engine, engine === 'pglite' ? 20_000 : 100_000);
    cleanups.push(reference.cleanup, victim.cleanup);

    const t0 = Date.now();
    const ref = await runCli(['cycle', '--as-of', asOf, '--json'], reference.env);
    const fullMs = Date.now() - t0;
    expect(ref.stderr).toBe('');
    expect(ref.code).toBe(0);
    const expected = await state(reference);
    expect(expected.event_count).toBeGreaterThan(0);
    expect(expected.action_count).toBeGreaterThan(0);

    // Kill at spread-out points of a run's life: starting up, migrating, mid-statement, committing.
    const killed: number[] = [];
    for (const fraction of [0.15, 0.3, 0.45, 0.6, 0.7, 0.8, 0.88, 0.95]) {
      const child = startCli(['cycle', '--as-of', asOf, '--json'], victim.env);
      const done = finished(child);
      await new Promise((r) => setTimeout(r, Math.round(fullMs * fraction)));
      child.kill('SIGKILL');
      const r = await done;
      if (r.signal === 'SIGKILL') killed.push(fraction);
    }
    // a run that finishes before its kill leaves only reruns for the later points
    expect(killed.length).toBeGreaterThanOrEqual(3);

    const rerun = await runCli(['cycle', '--as-of', asOf, '--json'], victim.env);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(await state(victim)).toEqual(expected);

    // and one more run for the same date changes nothing
    const again = await runCli(['cycle', '--as-of', asOf, '--json'], victim.env);
    expect(JSON.parse(again.stdout)).toMatchObject({
      accounts_changed: 0,
      bucket_changes: 0,
      actions_planned: expected.action_count,
    });
    expect(await state(victim)).toEqual(expected);
  }, 1_500_000);
});
