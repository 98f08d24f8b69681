import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { DataScope } from '../../auth/index.js';
import { existsInScope } from '../store.js';

export type RequireInScopeOptions = {
  db: Queryable;
  scope: DataScope;
  portfolioId: bigint;
  /** the debtor, or the account (or both) the request is about */
  debtorId?: string;
  accountId?: string;
};

/**
 * Refuses a request about a debtor or an account outside the acting user's scope, as not found:
 * an answer must not tell whether the debtor exists. Users who see everything pass at once;
 * pseudonymised users never name a real debtor or account.
 */
export async function requireInScope(o: RequireInScopeOptions): Promise<void> {
  if (o.scope.kind === 'all') return;
  const ok = o.scope.kind !== 'pseudonymised' && (await existsInScope(o.db, o.scope, o));
  if (!ok)
    throw new AppError('not_found', 'no such debtor or account in your cases', {
      reason: 'out_of_scope',
    });
}
