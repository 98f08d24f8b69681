import type { Queryable } from '../../../shared/db/types.js';
import { defaultRetentionMonths } from '../domain/retention.js';
import { retentionSettingRows, type RetentionSettingRow } from '../store.js';

export type GetRetentionPeriodOptions = { db: Queryable; portfolioId: bigint };

export type RetentionPeriod = {
  retentionMonths: number;
  /** 0: the default, never set for this portfolio */
  version: number;
  history: RetentionSettingRow[];
};

/** A portfolio's retention period (the default of 60 months when never set) and its history. */
export async function getRetentionPeriod(o: GetRetentionPeriodOptions): Promise<RetentionPeriod> {
  const history = await retentionSettingRows(o.db, o.portfolioId);
  const current = history[0];
  return {
    retentionMonths: current?.retention_months ?? defaultRetentionMonths,
    version: current?.version ?? 0,
    history,
  };
}
