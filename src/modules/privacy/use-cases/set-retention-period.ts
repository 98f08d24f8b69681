import type { Db } from '../../../shared/db/types.js';
import { recordAdministration } from '../../audit/index.js';
import { AppError } from '../../../shared/errors.js';
import { findPortfolio } from '../../portfolio/index.js';
import { retentionMonthsProblem } from '../domain/retention.js';
import { insertRetentionSetting } from '../store.js';
import { getRetentionPeriod, type RetentionPeriod } from './get-retention-period.js';

export type SetRetentionPeriodOptions = {
  db: Db;
  portfolioId: bigint;
  months: number;
  reason: string | null;
  /** who changes it, e.g. user:admin */
  actor: string;
  at: Date;
};

/** Sets a portfolio's retention period as a new version (12-600 months). */
export async function setRetentionPeriod(o: SetRetentionPeriodOptions): Promise<RetentionPeriod> {
  const problem = retentionMonthsProblem(o.months);
  if (problem)
    throw new AppError('validation_failed', problem, [
      { field: 'retention_months', message: problem },
    ]);
  return o.db.transaction(async (tx) => {
    if (!(await findPortfolio({ db: tx, portfolioId: o.portfolioId })))
      throw new AppError('not_found', `no portfolio ${o.portfolioId}`);
    const before = await getRetentionPeriod({ db: tx, portfolioId: o.portfolioId });
    await insertRetentionSetting(tx, {
      portfolioId: o.portfolioId,
      months: o.months,
      changedBy: o.actor,
      reason: o.reason,
      at: o.at,
    });
    await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_retention_period_set',
        actor: o.actor,
        occurredAt: o.at,
        portfolioId: o.portfolioId,
        payload: {
          changes: { retention_months: { before: before.retentionMonths, after: o.months } },
          reason: o.reason,
        },
      },
    });
    return getRetentionPeriod({ db: tx, portfolioId: o.portfolioId });
  });
}
