/** For the compliance tests: portfolios and debtors written straight into the store. */
import type { Queryable } from '../../shared/db/types.js';
import { PiiCipher } from '../../shared/pii-cipher.js';

/** A cipher with a fixed test key. */
export const testCipher = new PiiCipher(Buffer.alloc(32, 7));

export type DebtorSeed = {
  debtorId: string;
  timeZone: string;
  country: string;
  accounts: string[];
};

/** A portfolio with debtors and their accounts; returns its id. */
export async function seedDebtors(
  db: Queryable,
  portfolio: string,
  debtors: DebtorSeed[],
): Promise<bigint> {
  const [p] = await db.query<{ portfolio_id: bigint }>(
    'INSERT INTO portfolios (name) VALUES ($1) RETURNING portfolio_id',
    [portfolio],
  );
  const id = (p as { portfolio_id: bigint }).portfolio_id;
  for (const d of debtors) {
    await db.execute(
      `INSERT INTO debtors (portfolio_id, debtor_id, name, country, language, timezone,
         identity_digest)
       VALUES ($1, $2, 'Test Debtor', $3, 'en', $4, '\\x00')`,
      [id, d.debtorId, d.country, d.timeZone],
    );
    for (const a of d.accounts)
      await db.execute(
        `INSERT INTO accounts (portfolio_id, account_id, debtor_id, product, currency,
           principal_outstanding_minor, overdue_amount_minor, oldest_unpaid_due_date, timezone,
           row_digest)
         VALUES ($1, $2, $3, 'consumer_loan', 'CNY', 100000, 5000, DATE '2026-10-01', $4, '\\x00')`,
        [id, a, d.debtorId, d.timeZone],
      );
  }
  return id;
}
