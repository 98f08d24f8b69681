import type { Db } from '../../../shared/db/types.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { importPortfolio, type ImportProgress, type ImportResult } from './import-portfolio.js';
import { syntheticTapeStream } from './synthetic-tape-stream.js';

export const demoPortfolioName = 'demo';
export const demoSeed = 20261125;

export type SeedDemoPortfolioOptions = {
  db: Db;
  cipher: PiiCipher;
  accounts: number;
  asOf: string;
  onProgress?: (p: ImportProgress) => void;
};

/**
 * Loads the deterministic demo portfolio (a synthetic tape as of asOf) into an empty database.
 * Returns null, and touches nothing, when the database already holds a portfolio.
 */
export async function seedDemoPortfolio(o: SeedDemoPortfolioOptions): Promise<ImportResult | null> {
  const [row] = await o.db.query<{ n: number }>('SELECT count(*)::int AS n FROM portfolios');
  if ((row?.n ?? 0) > 0) return null;
  return importPortfolio({
    db: o.db,
    cipher: o.cipher,
    portfolio: demoPortfolioName,
    source: syntheticTapeStream({ seed: demoSeed, count: o.accounts, asOf: o.asOf }),
    sourceName: `synthetic demo tape (seed ${demoSeed}, ${o.accounts} accounts, as of ${o.asOf})`,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
}
