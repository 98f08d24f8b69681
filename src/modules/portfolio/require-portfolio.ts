import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import { portfolioExists } from './store.js';

/** Throws not_found when a portfolio is named and does not exist. */
export async function requirePortfolio(db: Queryable, name: string | undefined): Promise<void> {
  if (name !== undefined && !(await portfolioExists(db, name)))
    throw new AppError('not_found', `no portfolio named "${name}"`, { portfolio: name });
}
