/**
 * Payments benchmark (issue 5). Prints JSON.
 *
 *   npx tsx bench/payments.ts [--engine pglite|postgres] [--accounts N] [--entries N] [--seconds S]
 *     [--only posting|reconciliation]
 *
 * 1. Posting throughput over HTTP (autocannon, 10 connections, a fresh Idempotency-Key per
 *    request): POST /api/v1/payments with the idempotency claim, against the same endpoint and
 *    use case without the claim, in the same run, alternating rounds; ratio = with / without
 *    (target >= 0.85).
 * 2. Reconciliation of a generated camt.053 statement of N entries (default 100,000), every one
 *    matched by reference and posted: rows/s for parse + match + post, in one transaction.
 *
 * PostgreSQL when DATABASE_URL is set (a scratch database, dropped afterwards), else PGlite in
 * memory.
 */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerErrorHandling } from '../src/http/error-handler.js';
import { importStatement, paymentRoutes } from '../src/modules/payments/index.js';
import { camt053Xml, checkLedger, type GeneratedEntry } from '../src/modules/payments/testing.js';
import { migrate } from '../src/shared/db/migrate.js';
import { openPglite } from '../src/shared/db/pglite.js';
import { openPostgres } from '../src/shared/db/postgres.js';
import type { Db } from '../src/shared/db/types.js';
import { scratchPostgres } from './scratch-postgres.js';

type CannonRequest = { method?: string; headers?: Record<string, string>; body?: string };
type CannonResult = {
  non2xx: number;
  requests: { total: number; average: number };
  latency: { p99: number };
};
// autocannon ships no type declarations: the two shapes used here, typed locally.
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: string; setupRequest: (req: CannonRequest) => CannonRequest }[];
}) => Promise<CannonResult>;

const { values } = parseArgs({
  options: {
    engine: { type: 'string' },
    accounts: { type: 'string', default: '10000' },
    entries: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const engine = values.engine ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite');
const accounts = Number(values.accounts);
const entries = Number(values.entries);
const duration = Number(values.seconds);
const rounds = Number(values.rounds);

async function seed(db: Db, n: number): Promise<bigint> {
  const [p] = await db.query<{ portfolio_id: bigint }>(
    `INSERT INTO portfolios (name) VALUES ('bench') RETURNING portfolio_id`,
  );
  const pid = p!.portfolio_id;
  await db.execute(
    `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone, identity_digest)
     SELECT $1, 'D' || i, 'Debtor ' || i, 'CN', 'zh-CN', 'Asia/Shanghai', '\\x00'
     FROM generate_series(1, $2::int) AS i`,
    [pid, n],
  );
  await db.execute(
    `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
       principal_outstanding_minor, interest_outstanding_minor, fees_outstanding_minor,
       overdue_amount_minor, oldest_unpaid_due_date, timezone, row_digest)
     SELECT $1, 'ACC' || lpad(i::text, 8, '0'), 'D' || i, 'consumer_loan', 'CNY',
       1000000000, 500000, 20000, 300000, DATE '2026-09-01', 'Asia/Shanghai', '\\x00'
     FROM generate_series(1, $2::int) AS i`,
    [pid, n],
  );
  return pid;
}

async function app(db: Db, idempotency: boolean) {
  const a = Fastify({ logger: false });
  a.setValidatorCompiler(validatorCompiler);
  a.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(a);
  await a.register(paymentRoutes, { db, idempotency });
  await a.listen({ port: 0, host: '127.0.0.1' });
  return a;
}

let counter = 0;

async function load(port: number, pid: bigint, label: string) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/payments`,
    connections: 10,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: CannonRequest) => {
          counter += 1;
          const account = `ACC${String((counter % accounts) + 1).padStart(8, '0')}`;
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              'idempotency-key': `bench-${label}-${counter}`,
            },
            body: JSON.stringify({
              portfolio_id: Number(pid),
              account_id: account,
              amount_minor: '100',
              currency: 'CNY',
              paid_on: '2026-11-25',
            }),
          };
        },
      },
    ],
  });
  if (r.non2xx > 0) throw new Error(`${label}: ${r.non2xx} non-2xx responses`);
  return { requests: r.requests.total, rps: r.requests.average, p99_ms: r.latency.p99 };
}

/** Posting over HTTP with and without the idempotency claim, in alternating rounds. */
async function postingHttp(db: Db, pid: bigint) {
  const withKey = await app(db, true);
  const without = await app(db, false);
  const port = (a: typeof withKey) => (a.server.address() as AddressInfo).port;
  await load(port(without), pid, 'warmup');
  await load(port(withKey), pid, 'warmup-on');
  const results: { with: number[]; without: number[]; p99: { with: number[]; without: number[] } } =
    { with: [], without: [], p99: { with: [], without: [] } };
  for (let i = 0; i < rounds; i++) {
    // alternate which goes first, so drift in the machine's load favours neither
    const first = i % 2 === 0;
    const b0 = first ? null : await load(port(withKey), pid, `on${i}`);
    const a = await load(port(without), pid, `off${i}`);
    const b = b0 ?? (await load(port(withKey), pid, `on${i}`));
    results.without.push(a.rps);
    results.with.push(b.rps);
    results.p99.without.push(a.p99_ms);
    results.p99.with.push(b.p99_ms);
  }
  await withKey.close();
  await without.close();
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    connections: 10,
    seconds_per_round: duration,
    rounds,
    with_idempotency_rps: Math.round(mean(results.with)),
    without_idempotency_rps: Math.round(mean(results.without)),
    ratio: Number((mean(results.with) / mean(results.without)).toFixed(3)),
    target_ratio: 0.85,
    p99_ms: results.p99,
  };
}

/** One statement of N entries, every one matched by reference and posted; then imported again. */
async function reconcile(db: Db) {
  const gen: GeneratedEntry[] = Array.from({ length: entries }, (_, i) => ({
    ref: `BENCH-${i}`,
    amount: '1.00',
    currency: 'CNY',
    bookingDate: '2026-11-26',
    remittance: `ACC${String((i % accounts) + 1).padStart(8, '0')}`,
  }));
  const xml = camt053Xml('BENCH-STMT', gen);
  const start = process.hrtime.bigint();
  const r = await db.transaction((tx) =>
    importStatement({ tx, text: xml, format: 'camt053', sourceName: 'bench' }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const startAgain = process.hrtime.bigint();
  const again = await db.transaction((tx) =>
    importStatement({ tx, text: xml, format: 'camt053', sourceName: 'bench' }),
  );
  const reimportSeconds = Number(process.hrtime.bigint() - startAgain) / 1e9;
  return {
    entries,
    statement_mb: Number((Buffer.byteLength(xml) / 1e6).toFixed(1)),
    posted: r.posted,
    review: r.review,
    seconds: Number(seconds.toFixed(2)),
    rows_per_s: Math.round(entries / seconds),
    reimport_posted: again.posted,
    reimport_seconds: Number(reimportSeconds.toFixed(2)),
  };
}

async function main() {
  let db: Db;
  let drop = async () => {};
  if (engine === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('--engine postgres needs DATABASE_URL');
    const s = await scratchPostgres(url, 'recourse_bench_pay');
    drop = s.drop;
    db = await openPostgres(s.url);
  } else db = await openPglite(undefined);
  try {
    await migrate(db);
    const pid = await seed(db, accounts);
    const posting = values.only === 'reconciliation' ? null : await postingHttp(db, pid);
    const reconciliation = values.only === 'posting' ? null : await reconcile(db);
    const ledger = await checkLedger(db);
    console.log(
      JSON.stringify(
        {
          engine,
          accounts,
          ...(posting && { posting_http: posting }),
          ...(reconciliation && { reconciliation }),
          ledger_net_minor: ledger.net.toString(),
          unbalanced_postings: ledger.unbalanced.toString(),
          accounts_off_their_ledger: ledger.mismatched.length,
        },
        null,
        2,
      ),
    );
  } finally {
    await db.close();
    await drop();
  }
}

await main();
