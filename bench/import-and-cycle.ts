/**
 * `npm run bench`: generates N synthetic accounts, imports them through the real import, runs the
 * daily cycle (first aging, then the next day; each run ages, segments every delinquent debtor
 * and plans the next actions of every delinquent or pre-due account), and measures the I/O floor in the same run: a
 * COPY of the same rows out of the accounts table and back into a copy of it. Beside it, the
 * first cycle's own writes copied the same way (every table it wrote). Prints JSON.
 *
 *   npm run bench -- [--accounts N] [--engine pglite|postgres]
 *
 * PostgreSQL is used when DATABASE_URL (or --engine postgres with DATABASE_URL) is set: the bench
 * makes a scratch database on that server and drops it afterwards. Defaults: 1,000,000 accounts
 * on PostgreSQL, 100,000 on PGlite.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { addDays } from '../src/shared/calendar.js';
import { openDatabase } from '../src/shared/db/open.js';
import type { Db } from '../src/shared/db/types.js';
import { PiiCipher } from '../src/shared/pii-cipher.js';
import { runDailyCycle } from '../src/modules/cycle/use-cases/run-daily-cycle.js';
import { importPortfolio } from '../src/modules/portfolio/use-cases/import-portfolio.js';
import { syntheticTapeStream } from '../src/modules/portfolio/use-cases/synthetic-tape-stream.js';
import { scratchPostgres } from './scratch-postgres.js';

const asOf = '2026-11-25';

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Seconds to COPY `source` (a table, or a query in parentheses) out and into an empty copy of
 * `table` (same indexes): on PostgreSQL two connections streaming into each other, on PGlite
 * through memory.
 */
async function copySeconds(
  db: Db,
  url: string | undefined,
  table: string,
  source: string,
): Promise<number> {
  await db.exec(`CREATE TABLE bench_copy (LIKE ${table} INCLUDING ALL)`);
  const start = process.hrtime.bigint();
  if (url) {
    const out = new pg.Client({ connectionString: url });
    const into = new pg.Client({ connectionString: url });
    await out.connect();
    await into.connect();
    await pipeline(
      out.query(copyStreams.to(`COPY ${source} TO STDOUT`)),
      into.query(copyStreams.from('COPY bench_copy FROM STDIN')),
    );
    await out.end();
    await into.end();
  } else {
    const text = await db.copyTo(`COPY ${source} TO STDOUT`);
    await db.copyFrom('COPY bench_copy FROM STDIN', text);
  }
  const s = seconds(start);
  await db.exec('DROP TABLE bench_copy');
  return s;
}

/** COPY accounts out and into an empty copy of the table: the I/O floor for these rows. */
function ioFloorSeconds(db: Db, url: string | undefined): Promise<number> {
  return copySeconds(db, url, 'accounts', 'accounts');
}

/**
 * The rows the first cycle wrote (as of `asOf`), each table's COPY out and into an empty copy of
 * it (same indexes), one after another: the I/O floor of that cycle's own writes, a figure beside
 * the target's floor (which copies the accounts only).
 */
async function firstCycleWritesFloorSeconds(db: Db, url: string | undefined): Promise<number> {
  const written: [table: string, rows: string][] = [
    ['accounts', 'SELECT * FROM accounts'],
    ['bucket_events', `SELECT * FROM bucket_events WHERE as_of = '${asOf}'`],
    ['actions', `SELECT * FROM actions WHERE planned_on = '${asOf}'`],
    ['treatment_positions', 'SELECT * FROM treatment_positions'],
    ['debtor_segments', 'SELECT * FROM debtor_segments'],
    ['segment_events', `SELECT * FROM segment_events WHERE as_of = '${asOf}'`],
  ];
  let total = 0;
  for (const [table, rows] of written) total += await copySeconds(db, url, table, `(${rows})`);
  return total;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { accounts: { type: 'string' }, engine: { type: 'string' } },
  });
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const engine = values.engine ?? (databaseUrl ? 'postgres' : 'pglite');
  if (engine === 'postgres' && !databaseUrl)
    throw new Error('--engine postgres needs DATABASE_URL (postgres://...)');
  const n = Number(values.accounts ?? (engine === 'postgres' ? 1_000_000 : 100_000));
  if (!Number.isInteger(n) || n < 1) throw new Error('--accounts must be a positive integer');

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-bench-'));
  const tape = path.join(work, 'tape.csv');
  process.stderr.write(`bench: generating ${n} accounts...\n`);
  let start = process.hrtime.bigint();
  await pipeline(syntheticTapeStream({ seed: 1, count: n, asOf }), fs.createWriteStream(tape));
  const generateS = seconds(start);

  const scratch = engine === 'postgres' ? await scratchPostgres(databaseUrl as string) : null;
  const db = await openDatabase({ databaseUrl: scratch?.url, dataDir: work });
  try {
    const cipher = new PiiCipher(randomBytes(32));
    process.stderr.write(`bench: importing on ${engine}...\n`);
    start = process.hrtime.bigint();
    const imported = await importPortfolio({
      db,
      cipher,
      portfolio: 'bench',
      source: fs.createReadStream(tape),
      sourceName: 'tape.csv',
    });
    const importS = seconds(start);
    if (imported.imported !== n) throw new Error(`imported ${imported.imported} of ${n}`);

    process.stderr.write('bench: daily cycle (first aging, then the next day)...\n');
    start = process.hrtime.bigint();
    const first = await runDailyCycle({ db, asOf });
    const cycleFirstS = seconds(start);
    start = process.hrtime.bigint();
    const next = await runDailyCycle({ db, asOf: addDays(asOf, 1) });
    const cycleNextS = seconds(start);
    const rss = peakRssMb();

    process.stderr.write('bench: I/O floor (COPY out and back in)...\n');
    const floorS = await ioFloorSeconds(db, scratch?.url);
    process.stderr.write("bench: the first cycle's writes, copied (COPY out and back in)...\n");
    const writesFloorS = await firstCycleWritesFloorSeconds(db, scratch?.url);
    const rate = (s: number) => Math.round(n / s);
    const ratio = (s: number) => Number((s / floorS).toFixed(2));
    const result = {
      engine,
      accounts: n,
      tape_mb: Math.round(fs.statSync(tape).size / 1e6),
      generate_s: Number(generateS.toFixed(2)),
      import: {
        seconds: Number(importS.toFixed(2)),
        rows_per_s: rate(importS),
        ratio_to_floor: ratio(importS),
      },
      cycle_first: {
        seconds: Number(cycleFirstS.toFixed(2)),
        rows_per_s: rate(cycleFirstS),
        ratio_to_floor: ratio(cycleFirstS),
        actions_planned: first.actions_planned,
        by_segment: first.by_segment,
        // beside the target: the COPY of the rows this cycle wrote, into copies of their tables
        writes_floor_s: Number(writesFloorS.toFixed(2)),
        ratio_to_writes_floor: Number((cycleFirstS / writesFloorS).toFixed(2)),
      },
      cycle_next_day: {
        seconds: Number(cycleNextS.toFixed(2)),
        rows_per_s: rate(cycleNextS),
        ratio_to_floor: ratio(cycleNextS),
        accounts_changed: next.accounts_changed,
        actions_planned: next.actions_planned,
      },
      io_floor: { seconds: Number(floorS.toFixed(2)), rows_per_s: rate(floorS) },
      peak_rss_mb: rss,
      targets: {
        cycle_le_3x_floor: ratio(cycleNextS) <= 3 && ratio(cycleFirstS) <= 3,
        import_ge_100k_rows_per_s: rate(importS) >= 100_000,
        peak_rss_lt_1gib: rss < 1024,
      },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await db.close();
    await scratch?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
