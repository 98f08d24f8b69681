/**
 * The bank's explicit choice of the language an automated message falls back to when a debtor's
 * own language has no approved member of the template family: per portfolio, or bank-wide
 * (portfolioId null; a portfolio's own choice wins). `locale: null` removes the choice: such
 * messages are then not sent (no_approved_template_for_locale).
 */
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findPortfolio } from '../../portfolio/index.js';
import type { TemplateLocale } from '../domain/template.js';
import { saveFallbackLocale } from '../store.js';

export type SetFallbackLocaleOptions = {
  db: Db;
  actor: string;
  portfolioId: bigint | null;
  locale: TemplateLocale | null;
};

export async function setFallbackLocale(
  opts: SetFallbackLocaleOptions,
): Promise<{ portfolio_id: string | null; locale: TemplateLocale | null }> {
  const { db, actor, portfolioId, locale } = opts;
  return db.transaction(async (tx) => {
    if (portfolioId !== null && !(await findPortfolio({ db: tx, portfolioId })))
      throw new AppError('not_found', `no portfolio ${portfolioId}`);
    await saveFallbackLocale(tx, { portfolioId, locale, actor });
    return { portfolio_id: portfolioId === null ? null : String(portfolioId), locale };
  });
}
