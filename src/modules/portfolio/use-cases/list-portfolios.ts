import type { Queryable } from '../../../shared/db/types.js';
import { listPortfolios as selectPortfolios, type PortfolioRow } from '../store.js';

export type ListPortfoliosOptions = { db: Queryable };

/** Every portfolio with its account count, by name. */
export async function listPortfolios({ db }: ListPortfoliosOptions): Promise<PortfolioRow[]> {
  return selectPortfolios(db);
}
