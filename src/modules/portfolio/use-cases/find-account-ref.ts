import type { Queryable } from '../../../shared/db/types.js';

export type AccountRef = {
  readonly portfolioId: bigint;
  readonly accountId: string;
  readonly debtorId: string;
  readonly currency: string;
  readonly timezone: string;
};

export type FindAccountRefOptions = { tx: Queryable; portfolioId: bigint; accountId: string };

/** Who owns an account, its currency and zone; null when there is no such account. */
export async function findAccountRef({
  tx,
  portfolioId,
  accountId,
}: FindAccountRefOptions): Promise<AccountRef | null> {
  const [row] = await tx.query<{ debtor_id: string; currency: string; timezone: string }>(
    `SELECT debtor_id, currency, timezone FROM accounts
      WHERE portfolio_id = $1 AND account_id = $2`,
    [portfolioId, accountId],
  );
  if (row === undefined) return null;
  return {
    portfolioId,
    accountId,
    debtorId: row.debtor_id,
    currency: row.currency,
    timezone: row.timezone,
  };
}
