/**
 * A small portfolio written with plain SQL, for route and browser tests: two portfolios (one
 * account id in both), every bucket and risk class, four currencies of 0, 2 and 3 digits, one
 * account not aged yet, bucket history, month-end snapshots and two cycle runs. Every account
 * carries sealed personal information containing `piiMarker`, which no response may show.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server.js';
import type { Db, Engine, Queryable } from '../../src/shared/db/types.js';
import type { Logger } from '../../src/shared/log.js';
import { testCipher } from '../../src/modules/compliance/testing.js';
import { signInInjections } from './auth.js';
import { freshDatabase } from './databases.js';

export const piiMarker = 'PII-13800138000-110101199001011234';
export const asOf = '2026-11-25';

export type FixtureAccount = {
  portfolio: 'alpha' | 'beta';
  accountId: string;
  currency: string;
  overdueMinor: bigint;
  dpd: number | null;
  bucket: string | null;
  preDue: boolean | null;
  riskClass: string | null;
};

type Row = [string, string, string, bigint, number | null, string | null, string | null];

// portfolio, account id, currency, overdue minor, dpd, bucket, risk class
const rows: Row[] = [
  ['alpha', 'A-001', 'CNY', 0n, 0, 'current', 'normal'],
  ['alpha', 'A-002', 'CNY', 0n, 0, 'current', 'normal'],
  ['alpha', 'A-003', 'USD', 0n, 0, 'current', 'normal'],
  ['alpha', 'A-004', 'CNY', 12_345n, 5, 'M1', 'special_mention'],
  ['alpha', 'A-005', 'USD', 50_000n, 30, 'M1', 'special_mention'],
  ['alpha', 'A-006', 'CNY', 100_000n, 45, 'M2', 'special_mention'],
  ['alpha', 'A-007', 'JPY', 75_000n, 75, 'M3', 'special_mention'],
  ['alpha', 'A-008', 'CNY', 250_000n, 100, 'M4', 'substandard'],
  ['alpha', 'A-009', 'CNY', 300_001n, 130, 'M5', 'substandard'],
  ['alpha', 'A-010', 'CNY', 410_000n, 160, 'M6', 'substandard'],
  ['alpha', 'A-011', 'CNY', 500_000n, 200, 'M7+', 'substandard'],
  ['alpha', 'A-012', 'USD', 600_000n, 300, 'M7+', 'doubtful'],
  ['alpha', 'A-013', 'KWD', 1_234_567n, 400, 'M7+', 'loss'],
  ['alpha', 'A-014', 'CNY', 9_900n, null, null, null],
  ['beta', 'A-001', 'CNY', 8_800n, 10, 'M1', 'special_mention'],
  ['beta', 'B-001', 'CNY', 0n, 0, 'current', 'normal'],
];

const preDueIds = new Set(['alpha/A-001', 'beta/B-001']);

export const fixtureAccounts: FixtureAccount[] = rows.map(
  ([portfolio, accountId, currency, overdueMinor, dpd, bucket, riskClass]) => ({
    portfolio: portfolio as FixtureAccount['portfolio'],
    accountId,
    currency,
    overdueMinor,
    dpd,
    bucket,
    preDue: dpd === null ? null : preDueIds.has(`${portfolio}/${accountId}`),
    riskClass,
  }),
);

/** Accounts per bucket over the whole fixture (or one portfolio). */
export function bucketCounts(portfolio?: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of fixtureAccounts)
    if (a.bucket !== null && (portfolio === undefined || a.portfolio === portfolio))
      counts[a.bucket] = (counts[a.bucket] ?? 0) + 1;
  return counts;
}

async function insertPortfolios(db: Queryable): Promise<void> {
  await db.exec(`
    INSERT INTO portfolios (name) VALUES ('alpha'), ('beta');
    INSERT INTO cycle_runs (run_id, as_of, status, accounts_aged, accounts_changed,
      bucket_changes, summary, started_at, finished_at)
    VALUES
      ('cycle:2026-11-24', '2026-11-24', 'completed', 15, 15, 15, '{"pre_due": 1}',
       '2026-11-24T01:00:00Z', '2026-11-24T01:00:02Z'),
      ('cycle:2026-11-25', '2026-11-25', 'completed', 15, 3, 2, '{"pre_due": 2}',
       '2026-11-25T01:00:00Z', '2026-11-25T01:00:01Z');`);
}

async function insertAccount(db: Queryable, a: FixtureAccount, index: number): Promise<void> {
  const debtorId = `D-${a.accountId}`;
  await db.query(
    `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone,
       identity_digest)
     SELECT portfolio_id, $2, $3, 'CN', 'zh-CN', 'Asia/Shanghai', decode('00', 'hex')
     FROM portfolios WHERE name = $1`,
    [a.portfolio, debtorId, `Debtor ${index} 债务人`],
  );
  await db.query(
    `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
       principal_outstanding_minor, interest_outstanding_minor, fees_outstanding_minor,
       overdue_amount_minor, oldest_unpaid_due_date, next_due_date, next_due_amount_minor,
       credit_limit_minor, origination_date, branch, region, timezone,
       aged_as_of, dpd, bucket, pre_due, risk_class, pii_sealed, row_digest)
     SELECT portfolio_id, $2, $3, 'consumer_loan', $4, $5::int8 * 10, 1000, 50, $5::int8,
       CASE WHEN $5::int8 > 0 THEN $6::date - coalesce($7::int, 3) END,
       $6::date + CASE WHEN $8::boolean THEN 10 ELSE 40 END, 99999, NULL, DATE '2024-01-15',
       'Pudong', 'Shanghai', 'Asia/Shanghai',
       CASE WHEN $7::int IS NOT NULL THEN $6::date END, $7::int, $9, $8::boolean, $10,
       convert_to($11, 'UTF8'), decode('00', 'hex')
     FROM portfolios WHERE name = $1`,
    [
      a.portfolio,
      a.accountId,
      debtorId,
      a.currency,
      a.overdueMinor,
      asOf,
      a.dpd,
      a.preDue,
      a.bucket,
      a.riskClass,
      `{"phone":"${piiMarker}"}`,
    ],
  );
}

async function insertHistory(db: Queryable): Promise<void> {
  await db.exec(`
    INSERT INTO bucket_events (portfolio_id, account_id, as_of, from_bucket, to_bucket)
    SELECT p.portfolio_id, 'A-008', v.as_of::date, v.from_bucket, v.to_bucket
    FROM portfolios p,
      (VALUES ('2026-10-01', NULL, 'M3'), ('2026-10-20', 'M3', 'M4'))
        AS v (as_of, from_bucket, to_bucket)
    WHERE p.name = 'alpha';
    INSERT INTO month_end_snapshots (portfolio_id, account_id, month_end, currency, dpd, bucket,
      risk_class, overdue_amount_minor, balance_minor)
    SELECT p.portfolio_id, 'A-008', v.month_end::date, 'CNY', v.dpd, v.bucket,
      'special_mention', v.overdue, 2501050
    FROM portfolios p,
      (VALUES ('2026-09-30', 44, 'M2', 200000), ('2026-10-31', 75, 'M3', 250000))
        AS v (month_end, dpd, bucket, overdue)
    WHERE p.name = 'alpha';`);
}

export async function seedFixture(db: Queryable): Promise<void> {
  await insertPortfolios(db);
  for (const [i, a] of fixtureAccounts.entries()) await insertAccount(db, a, i + 1);
  await insertHistory(db);
}

/**
 * Adds portfolio "gamma" with n accounts whose ids sort differently by byte and by language
 * (upper and lower case, punctuation, CJK), for walking pages with a cursor.
 */
export async function seedBulk(db: Queryable, n: number): Promise<void> {
  await db.exec(`
    INSERT INTO portfolios (name) VALUES ('gamma');
    INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone,
      identity_digest)
    SELECT portfolio_id, 'G', 'Bulk debtor', 'CN', 'zh-CN', 'Asia/Shanghai', decode('00', 'hex')
    FROM portfolios WHERE name = 'gamma';`);
  await db.query(
    `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
       principal_outstanding_minor, overdue_amount_minor, timezone, row_digest)
     SELECT p.portfolio_id,
       (ARRAY['g', 'G', 'g-', 'G_', '账户', 'z', 'Z '])[1 + i % 7] || lpad(i::text, 4, '0'),
       'G', 'credit_card', 'CNY', i * 100, 0, 'Asia/Shanghai', decode('00', 'hex')
     FROM portfolios p, generate_series(1, $1::int) AS i
     WHERE p.name = 'gamma'`,
    [n],
  );
}

/**
 * Seals personal data (the test cipher's) onto one account of the fixture's portfolio "alpha",
 * for the reveal routes; returns alpha's portfolio id.
 */
export async function sealAlphaPersonalData(
  db: Queryable,
  accountId: string,
  data: Record<string, string>,
): Promise<bigint> {
  const [p] = await db.query<{ portfolio_id: bigint }>(
    "SELECT portfolio_id FROM portfolios WHERE name = 'alpha'",
  );
  await db.query(
    'UPDATE accounts SET pii_sealed = $3 WHERE portfolio_id = $1 AND account_id = $2',
    [p!.portfolio_id, accountId, testCipher.encrypt(JSON.stringify(data))],
  );
  return p!.portfolio_id;
}

export type FixtureApp = { app: FastifyInstance; db: Db; close: () => Promise<void> };

/** A fresh database on the engine with the fixture in it, and the app over it. */
export async function fixtureApp(
  engine: Engine,
  options: { bulk?: number; logger?: Logger } = {},
): Promise<FixtureApp> {
  const fresh = await freshDatabase(engine);
  await seedFixture(fresh.db);
  if (options.bulk) await seedBulk(fresh.db, options.bulk);
  const app = await buildServer({
    db: fresh.db,
    logger: options.logger ?? false,
    cipher: testCipher,
  });
  await signInInjections(app, fresh.db);
  return {
    app,
    db: fresh.db,
    async close() {
      await app.close();
      await fresh.drop();
    },
  };
}
