import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import {
  listAccounts as selectAccounts,
  type AccountPage,
  type AccountPageQuery,
} from '../store.js';
import { pseudonymiser } from '../../auth/index.js';
import { requirePortfolio } from '../require-portfolio.js';

export type ListAccountsOptions = AccountPageQuery & { db: Queryable };

export const maxPageSize = 1000;

/**
 * One page of accounts matching the filters, in a stable order; next_cursor fetches the page
 * after it and is null on the last page.
 */
export async function listAccounts({ db, ...query }: ListAccountsOptions): Promise<AccountPage> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > maxPageSize)
    throw new AppError('validation_failed', `limit must be between 1 and ${maxPageSize}`, [
      { field: 'limit', message: `must be between 1 and ${maxPageSize}` },
    ]);
  if (query.dpdMin !== undefined && query.dpdMax !== undefined && query.dpdMin > query.dpdMax)
    throw new AppError('validation_failed', 'dpd_min is greater than dpd_max', [
      { field: 'dpd_min', message: 'must not be greater than dpd_max' },
    ]);
  await requirePortfolio(db, query.portfolio);
  if (query.scope?.kind !== 'pseudonymised') return selectAccounts(db, query);
  // an analyst's rows: ids under pseudonyms, no names, and a sealed cursor
  const ps = await pseudonymiser(db);
  const page = await selectAccounts(db, query, {
    seal: ps.seal,
    open: (sealed) => ps.open(sealed) ?? 'not-a-cursor',
  });
  return {
    next_cursor: page.next_cursor,
    items: page.items.map((a) => ({
      ...a,
      account_id: ps.alias('account', a.portfolio_id, a.account_id),
      debtor_id: ps.alias('debtor', a.portfolio_id, a.debtor_id),
      debtor_name: '',
    })),
  };
}
