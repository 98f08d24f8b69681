/**
 * Work written straight into the store for tests and the benchmark: a portfolio of debtors with
 * accounts, and planned actions on them (what the strategy's planner would insert), and contact
 * attempts (what the compliance gate would insert).
 */
import type { Queryable } from '../../shared/db/types.js';

export type WorkDebtor = {
  debtorId: string;
  language?: 'zh-CN' | 'en';
  /** account id -> balance in minor units (principal) */
  accounts: Record<string, bigint>;
};

export type WorkAction = {
  accountId: string;
  debtorId: string;
  unit?: 'phone' | 'field' | 'legal' | 'analysts';
  channel?: string;
  kind?: string;
  dueOn: string;
};

/** Creates a portfolio with the debtors and their accounts; returns the portfolio id. */
export async function seedWorkPortfolio(
  db: Queryable,
  name: string,
  debtors: readonly WorkDebtor[],
): Promise<bigint> {
  const [p] = await db.query<{ portfolio_id: bigint }>(
    'INSERT INTO portfolios (name) VALUES ($1) RETURNING portfolio_id',
    [name],
  );
  const portfolioId = p!.portfolio_id;
  for (const d of debtors) {
    await db.execute(
      `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone,
         identity_digest)
       VALUES ($1, $2, 'Sealed Name 秘密', 'CN', $3, 'Asia/Shanghai', '\\x00')`,
      [portfolioId, d.debtorId, d.language ?? 'zh-CN'],
    );
    for (const [accountId, balance] of Object.entries(d.accounts))
      await db.execute(
        `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
           principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, timezone,
           dpd, bucket, risk_class, aged_as_of, row_digest)
         VALUES ($1, $2, $3, 'consumer_loan', 'CNY', $4::int8, $4::int8 / 10, DATE '2026-10-01',
           'Asia/Shanghai', 55, 'M2', 'special_mention', DATE '2026-11-25', '\\x00')`,
        [portfolioId, accountId, d.debtorId, balance],
      );
  }
  return portfolioId;
}

/**
 * Inserts open planned actions, each ranked in the queues' order by its account's balance as the
 * daily cycle ranks what it plans; returns their ids in order.
 */
export async function insertActions(
  db: Queryable,
  portfolioId: bigint,
  actions: readonly WorkAction[],
): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (const a of actions) {
    const [row] = await db.query<{ action_id: bigint }>(
      `INSERT INTO actions (portfolio_id, action_key, account_id, debtor_id, kind, channel, unit,
         strategy_id, strategy_version, arm, due_on, planned_on, reason, queue_balance_minor)
       SELECT $1, $2 || ':' || gen_random_uuid()::text, $2, $3, $4, $5, $6, 'test', 1,
         'champion', $7::date, $7::date, '{"rule":"test","facts":{}}',
         (SELECT principal_outstanding_minor + interest_outstanding_minor + fees_outstanding_minor
          FROM accounts WHERE portfolio_id = $1 AND account_id = $2)
       RETURNING action_id`,
      [
        portfolioId,
        a.accountId,
        a.debtorId,
        a.kind ?? 'treatment',
        a.channel ?? 'call',
        a.unit ?? 'phone',
        a.dueOn,
      ],
    );
    ids.push(row!.action_id);
  }
  return ids;
}

/** Inserts a contact attempt that passed the gate (as the compliance gate would). */
export async function insertAttempt(
  db: Queryable,
  portfolioId: bigint,
  a: {
    accountId: string;
    debtorId: string;
    actionId?: bigint;
    collectorId?: string;
    localDate: string;
  },
): Promise<bigint> {
  const [row] = await db.query<{ attempt_id: bigint }>(
    `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, action_id, collector_id,
       channel, attempted_at, local_date)
     VALUES ($1, $2, $3, $4, $5, 'call', now(), $6::date) RETURNING attempt_id`,
    [portfolioId, a.accountId, a.debtorId, a.actionId ?? null, a.collectorId ?? null, a.localDate],
  );
  return row!.attempt_id;
}

/** Adds a collector with sensible defaults. */
export async function insertCollector(
  db: Queryable,
  c: {
    id: string;
    unit?: string;
    role?: string;
    agencyId?: string | null;
    languages?: string[];
    skills?: string[];
    capacity?: number;
    targetMinor?: bigint;
    bonusBaseMinor?: bigint;
  },
): Promise<void> {
  const unit = c.unit ?? 'phone';
  const role =
    c.role ??
    (
      {
        phone: 'phone_collector',
        field: 'field_collector',
        legal: 'legal_coordinator',
        analysts: 'data_analyst',
      } as Record<string, string>
    )[unit];
  await db.execute(
    `INSERT INTO collectors (collector_id, display_name, role, unit, agency_id, languages, skills,
       capacity, currency, monthly_target_minor, monthly_bonus_base_minor)
     VALUES ($1, $1, $2, $3, $4, $5::text[], $6::text[], $7, 'CNY', $8, $9)`,
    [
      c.id,
      role,
      unit,
      c.agencyId ?? null,
      c.languages ?? ['zh-CN', 'en'],
      c.skills ?? [],
      c.capacity ?? 10,
      c.targetMinor ?? 0n,
      c.bonusBaseMinor ?? 0n,
    ],
  );
}
