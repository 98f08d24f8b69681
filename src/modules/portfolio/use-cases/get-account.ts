import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PortfolioRefusal } from '../domain/refusals.js';
import type { DataScope } from '../../auth/index.js';
import { getDebtorSegment, type DebtorSegment } from '../../strategy/index.js';
import {
  findAccounts,
  listBucketEvents,
  listMonthEndSnapshots,
  type AccountRow,
  type BucketEventRow,
  type MonthEndSnapshotRow,
} from '../store.js';

export type GetAccountOptions = {
  db: Queryable;
  accountId: string;
  portfolio?: string;
  /** the rows the acting user may see: out of scope reads as not found */
  scope?: DataScope;
};

export type AccountDetail = {
  account: AccountRow;
  bucketEvents: BucketEventRow[];
  monthEndSnapshots: MonthEndSnapshotRow[];
  /** the account's debtor's current segment; null when the debtor is not delinquent */
  segment: DebtorSegment | null;
};

/**
 * One account with its bucket history, month-end snapshots and its debtor's segment. An account id is the bank's own
 * and unique only within a portfolio: when several portfolios hold it, the portfolio must be
 * named (conflict otherwise).
 */
export async function getAccount({
  db,
  accountId,
  portfolio,
  scope,
}: GetAccountOptions): Promise<AccountDetail> {
  // pseudonymised users know no real account ids
  const found =
    scope?.kind === 'pseudonymised' ? [] : await findAccounts(db, accountId, portfolio, scope);
  const [account] = found;
  if (!account) {
    const where = portfolio === undefined ? '' : ` in portfolio "${portfolio}"`;
    throw new AppError('not_found', `no account "${accountId}"${where}`, {
      account_id: accountId,
      portfolio: portfolio ?? null,
    });
  }
  if (found.length > 1)
    throw new AppError(
      'conflict',
      `account "${accountId}" is in several portfolios; name one with ?portfolio=`,
      {
        account_id: accountId,
        portfolios: found.map((a) => a.portfolio),
        reason: 'ambiguous_account' satisfies PortfolioRefusal,
      },
    );
  const [bucketEvents, monthEndSnapshots, segment] = await Promise.all([
    listBucketEvents(db, account.portfolio_id, accountId),
    listMonthEndSnapshots(db, account.portfolio_id, accountId),
    getDebtorSegment({ db, portfolioId: account.portfolio_id, debtorId: account.debtor_id }),
  ]);
  return { account, bucketEvents, monthEndSnapshots, segment };
}
