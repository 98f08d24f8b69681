/**
 * The bank's explicit choice of the language an automated message falls back to when a debtor's
 * own language has no approved member of the template family: per portfolio, or bank-wide
 * (portfolioId null; a portfolio's own choice wins). `locale: null` removes the choice: such
 * messages are then not sent (no_approved_template_for_locale). Each change is recorded in the
 * administration trail (admin_fallback_locale_set: who, the scope, before and after) in its
 * transaction.
 */
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { recordAdministration, type AuditStamp } from '../../audit/index.js';
import { findPortfolio } from '../../portfolio/index.js';
import type { TemplateLocale } from '../domain/template.js';
import { saveFallbackLocale } from '../store.js';

export type SetFallbackLocaleOptions = {
  db: Db;
  actor: string;
  portfolioId: bigint | null;
  locale: TemplateLocale | null;
  /** the signed-in user (`user:<name>`) and the instant, for the evidence log */
  audit: AuditStamp;
};

export async function setFallbackLocale(
  opts: SetFallbackLocaleOptions,
): Promise<{ portfolio_id: string | null; locale: TemplateLocale | null }> {
  const { db, actor, portfolioId, locale } = opts;
  return db.transaction(async (tx) => {
    if (portfolioId !== null && !(await findPortfolio({ db: tx, portfolioId })))
      throw new AppError('not_found', `no portfolio ${portfolioId}`);
    const before = await saveFallbackLocale(tx, { portfolioId, locale, actor });
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_fallback_locale_set',
        actor: opts.audit.actor,
        occurredAt: opts.audit.at,
        portfolioId,
        payload: {
          scope: portfolioId === null ? 'bank' : 'portfolio',
          changes: { fallback_locale: { before, after: locale } },
        },
      },
    });
    return { portfolio_id: portfolioId === null ? null : String(portfolioId), locale };
  });
}
