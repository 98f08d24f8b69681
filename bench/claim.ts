/**
 * Claiming the next case over HTTP: a real server on PostgreSQL (DATABASE_URL: the bench makes a
 * scratch database on that server and drops it) or PGlite in memory, many open cases, and 200
 * concurrent collectors each claiming a case and releasing it again, driven by autocannon. A bare
 * Fastify handler is measured in the same run with the same load: the throughput ratio (target
 * >= 0.25) and the p99 latency (target < 25 ms) are printed as JSON.
 *
 *   npx tsx bench/claim.ts [--cases N] [--collectors N] [--seconds N]
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { createApiToken, createUser } from '../src/modules/auth/index.js';
import { buildServer } from '../src/server.js';
import { openPglite } from '../src/shared/db/pglite.js';
import { openPostgres } from '../src/shared/db/postgres.js';
import { migrate } from '../src/shared/db/migrate.js';
import type { Db } from '../src/shared/db/types.js';
import { scratchPostgres } from './scratch-postgres.js';

type Client = { setHeaders(h: Record<string, string>): void };
type Request = {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: Request, context: Record<string, unknown>) => Request | null;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
};
type Result = {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  requests?: Request[];
  setupClient?: (client: Client) => void;
}) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    collectors: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
  },
});
const cases = Number(values.cases);
const collectors = Number(values.collectors);
const seconds = Number(values.seconds);

/**
 * n debtors with one account and one or two open phone actions each, due yesterday or today,
 * ranked by the account's balance as the daily cycle ranks what it plans.
 */
async function seed(db: Db): Promise<void> {
  await db.exec(`
    INSERT INTO portfolios (name) VALUES ('bench');
    INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone, identity_digest)
    SELECT 1, 'D' || i, 'Bench debtor', 'CN', CASE WHEN i % 5 = 0 THEN 'en' ELSE 'zh-CN' END,
      'Asia/Shanghai', '\\x00'
    FROM generate_series(1, ${cases}) AS i;
    INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
      principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, timezone, dpd,
      bucket, row_digest)
    SELECT 1, 'A' || i, 'D' || i, 'credit_card', 'CNY', (i * 7919) % 10000000, 1000,
      current_date - 40, 'Asia/Shanghai', 40, 'M2', '\\x00'
    FROM generate_series(1, ${cases}) AS i;
    INSERT INTO actions (portfolio_id, action_key, account_id, debtor_id, kind, channel, unit,
      strategy_id, strategy_version, arm, due_on, planned_on, reason, queue_balance_minor)
    SELECT 1, 'bench:' || i || ':' || k, 'A' || i, 'D' || i, 'treatment',
      CASE WHEN k = 1 THEN 'call' ELSE 'sms' END, 'phone', 'bench', 1, 'champion',
      current_date - (i % 2), current_date - 1, '{}', (i * 7919) % 10000000
    FROM generate_series(1, ${cases}) AS i, generate_series(1, 1 + (i % 2)) AS k;
    INSERT INTO collectors (collector_id, display_name, role, unit, languages, capacity, currency)
    SELECT 'B' || i, 'Bench ' || i, 'phone_collector', 'phone', ARRAY['zh-CN', 'en'], 100, 'CNY'
    FROM generate_series(1, ${collectors}) AS i;
    ANALYZE;`);
}

/** A signed-in phone collector per bench collector: an API token for B1..Bn, as an integration. */
async function collectorTokens(db: Db): Promise<string[]> {
  const now = new Date();
  const [role] = await db.query<{ permissions: string[] }>(
    "SELECT array_agg(permission) AS permissions FROM role_permissions WHERE role = 'collector'",
  );
  const tokens: string[] = [];
  for (let i = 1; i <= collectors; i++) {
    const username = `bench-b${i}`;
    await createUser({
      db,
      actor: 'system:bench',
      now,
      username,
      displayName: username,
      role: 'collector',
      collectorId: `B${i}`,
    });
    const t = await createApiToken({
      db,
      actor: 'system:bench',
      username,
      name: 'bench',
      scopes: role!.permissions,
      days: 1,
      now,
    });
    tokens.push(t.token);
  }
  return tokens;
}

function loadOptions(url: string, tokens: string[]) {
  let next = 0;
  return {
    url,
    connections: collectors,
    duration: seconds,
    setupClient: (client: Client) => {
      const token = tokens[next % tokens.length] as string;
      next += 1;
      client.setHeaders({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    },
  };
}

function figures(r: Result) {
  return {
    requests_per_second: Math.round(r.requests.average),
    requests: r.requests.total,
    latency_ms: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    non_2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  const scratch = base ? await scratchPostgres(base, 'recourse_bench_claim') : undefined;
  const db = scratch ? await openPostgres(scratch.url) : await openPglite(undefined);
  try {
    await migrate(db);
    const seedStart = process.hrtime.bigint();
    await seed(db);
    const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;
    const tokens = await collectorTokens(db);
    const auth = { authorization: `Bearer ${tokens[0]}` };

    const bare = Fastify({ logger: false });
    bare.post('/bare', async () => ({ case: null }));
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const app = await buildServer({ db, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (s: typeof app.server) => {
      const a = s.address();
      return typeof a === 'object' && a ? a.port : 0;
    };

    // warm-up: one claim and release before measuring
    const warm = await fetch(`http://127.0.0.1:${port(app.server)}/api/v1/queues/phone/claim`, {
      method: 'POST',
      headers: auth,
    });
    if (!warm.ok) throw new Error(`warm-up claim answered ${warm.status}: ${await warm.text()}`);
    const warmCase = ((await warm.json()) as { case: { case_id: string } | null }).case;
    if (warmCase)
      await fetch(`http://127.0.0.1:${port(app.server)}/api/v1/cases/release`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ case_id: warmCase.case_id }),
      });

    const bareResult = await autocannon({
      ...loadOptions(`http://127.0.0.1:${port(bare.server)}`, tokens),
      requests: [{ method: 'POST', path: '/bare', body: '{}' }],
    });
    let claimed = 0;
    let empty = 0;
    const claimResult = await autocannon({
      ...loadOptions(`http://127.0.0.1:${port(app.server)}`, tokens),
      requests: [
        {
          method: 'POST',
          path: '/api/v1/queues/phone/claim',
          body: '{}',
          onResponse: (status, body, context) => {
            const c =
              status === 200
                ? (JSON.parse(body) as { case: { case_id: string } | null }).case
                : null;
            context.caseId = c?.case_id;
            if (c) claimed += 1;
            else empty += 1;
          },
        },
        {
          method: 'POST',
          path: '/api/v1/cases/release',
          setupRequest: (req, context) =>
            typeof context.caseId === 'string'
              ? { ...req, body: JSON.stringify({ case_id: context.caseId }) }
              : null,
        },
      ],
    });
    // every case held at most once at the end, and none left held
    const [check] = await db.query<{ held: number; double: number }>(
      `SELECT count(*) FILTER (WHERE status = 'claimed' AND claim_expires_at > now())::int AS held,
         (SELECT count(*)::int FROM (SELECT debtor_id FROM actions WHERE status = 'claimed'
            GROUP BY debtor_id HAVING count(DISTINCT claimed_by) > 1) d) AS double
       FROM actions`,
    );
    await app.close();
    await bare.close();
    const ratio = claimResult.requests.average / bareResult.requests.average;
    console.log(
      JSON.stringify(
        {
          benchmark: 'claim-next-case',
          engine: db.engine,
          cases,
          collectors,
          seconds,
          seed_seconds: Number(seedSeconds.toFixed(2)),
          bare_fastify: figures(bareResult),
          claim_and_release: {
            ...figures(claimResult),
            cases_claimed: claimed,
            empty_claims: empty,
          },
          throughput_ratio: Number(ratio.toFixed(3)),
          targets: {
            throughput_ratio_min: 0.25,
            p99_ms_max: 25,
            // every request answered 2xx: a refused claim is no claim
            met:
              ratio >= 0.25 &&
              claimResult.latency.p99 < 25 &&
              claimResult.non2xx === 0 &&
              claimResult.errors + claimResult.timeouts === 0,
          },
          cases_held_after: check?.held ?? null,
          cases_held_by_two: check?.double ?? null,
        },
        null,
        2,
      ),
    );
  } finally {
    await db.close();
    await scratch?.drop();
  }
}

await main();
