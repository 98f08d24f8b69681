/** SQL for the privacy module's own table: each portfolio's retention period, versioned. */
import type { Queryable } from '../../shared/db/types.js';

export type RetentionSettingRow = {
  version: number;
  retention_months: number;
  changed_by: string;
  reason: string | null;
  changed_at: Date;
};

/** Every version of a portfolio's retention period, newest first. */
export async function retentionSettingRows(
  db: Queryable,
  portfolioId: bigint,
): Promise<RetentionSettingRow[]> {
  return db.query<RetentionSettingRow>(
    `SELECT version, retention_months, changed_by, reason, changed_at FROM retention_settings
     WHERE portfolio_id = $1 ORDER BY version DESC`,
    [portfolioId],
  );
}

/** Appends the next version (two writers at once: one fails on the primary key, none is lost). */
export async function insertRetentionSetting(
  db: Queryable,
  s: { portfolioId: bigint; months: number; changedBy: string; reason: string | null; at: Date },
): Promise<number> {
  const [row] = await db.query<{ version: number }>(
    `INSERT INTO retention_settings (portfolio_id, version, retention_months, changed_by, reason,
       changed_at)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5
     FROM retention_settings WHERE portfolio_id = $1
     RETURNING version`,
    [s.portfolioId, s.months, s.changedBy, s.reason, s.at],
  );
  return row!.version;
}
