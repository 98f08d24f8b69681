/** Inserting accounts straight into the store, for tests of what reads them. */
import type { Queryable } from '../../src/shared/db/types.js';

export type AccountSeed = {
  accountId: string;
  overdueMinor: bigint;
  oldestUnpaidDueDate: string | null;
  nextDueDate: string | null;
  currency?: string;
};

/** Creates portfolio "t" (id returned) with one debtor "D". */
export async function seedPortfolio(db: Queryable, name = 't'): Promise<bigint> {
  const [p] = await db.query<{ portfolio_id: bigint }>(
    'INSERT INTO portfolios (name) VALUES ($1) RETURNING portfolio_id',
    [name],
  );
  await db.execute(
    `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone, identity_digest)
     VALUES ($1, 'D', 'Test Debtor', 'CN', 'zh-CN', 'Asia/Shanghai', '\\x00')`,
    [p!.portfolio_id],
  );
  return p!.portfolio_id;
}

export async function insertAccounts(
  db: Queryable,
  portfolioId: bigint,
  accounts: AccountSeed[],
): Promise<void> {
  for (const a of accounts)
    await db.execute(
      `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
         principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, next_due_date,
         timezone, row_digest)
       VALUES ($1, $2, 'D', 'consumer_loan', $3, 100000, $4, $5, $6, 'Asia/Shanghai', '\\x00')`,
      [
        portfolioId,
        a.accountId,
        a.currency ?? 'CNY',
        a.overdueMinor,
        a.oldestUnpaidDueDate,
        a.nextDueDate,
      ],
    );
}

/** Inserts n accounts with generate_series: DPD spread over 0..(spread-1) as of asOf. */
export async function insertManyAccounts(
  db: Queryable,
  portfolioId: bigint,
  n: number,
  asOf: string,
  spread = 800,
): Promise<void> {
  await db.execute(
    `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
       principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, next_due_date,
       timezone, row_digest)
     SELECT $1, 'N' || lpad(i::text, 8, '0'), 'D', 'credit_card', 'CNY', 500000 + i,
       CASE WHEN i % 5 = 0 THEN 0 ELSE 1000 + i END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE $3::date - (i * 7919 % $4) END,
       $3::date + (i % 45), 'Asia/Shanghai', '\\x00'
     FROM generate_series(1, $2::int) AS i`,
    [portfolioId, n, asOf, spread],
  );
}
