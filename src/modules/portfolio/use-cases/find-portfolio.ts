import type { Queryable } from '../../../shared/db/types.js';
import { findPortfolioRow } from '../store.js';

export type FindPortfolioOptions = { db: Queryable; portfolioId: bigint };

export type PortfolioRef = { portfolioId: bigint; name: string };

/** A portfolio by its id (for other modules' routes keyed by portfolio id), or null. */
export async function findPortfolio(o: FindPortfolioOptions): Promise<PortfolioRef | null> {
  const row = await findPortfolioRow(o.db, o.portfolioId);
  return row ? { portfolioId: row.portfolio_id, name: row.name } : null;
}
