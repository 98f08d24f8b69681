import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findPortfolio } from '../../portfolio/index.js';
import { resolvePack } from '../domain/pack-config.js';
import type { RulePack } from '../domain/rule-packs.js';
import type { PackId } from '../domain/vocabulary.js';
import { settingsHistoryRows } from '../store.js';

export type GetComplianceSettingsOptions = { db: Queryable; portfolioId: bigint };

export type SettingsVersion = {
  version: number;
  packId: PackId;
  config: Record<string, unknown>;
  changedBy: string;
  reason: string | null;
  changedAt: Date;
  evidenceSeq: bigint;
};

export type ComplianceSettings = {
  portfolioId: bigint;
  /** 0 while the portfolio has never been configured (the cn pack as shipped). */
  version: number;
  packId: PackId;
  config: Record<string, unknown>;
  /** The pack in force: the shipped pack with the configuration applied. */
  pack: RulePack;
  /** Every version, newest first. */
  history: SettingsVersion[];
};

/** A portfolio's rule pack settings, the effective pack and the history of changes. */
export async function getComplianceSettings(
  o: GetComplianceSettingsOptions,
): Promise<ComplianceSettings> {
  if (!(await findPortfolio({ db: o.db, portfolioId: o.portfolioId })))
    throw new AppError('not_found', `no portfolio ${o.portfolioId}`, {
      portfolio_id: String(o.portfolioId),
    });
  const rows = await settingsHistoryRows(o.db, o.portfolioId);
  const history = rows.map((r) => ({
    version: r.version,
    packId: r.pack_id,
    config: r.config,
    changedBy: r.changed_by,
    reason: r.reason,
    changedAt: r.changed_at,
    evidenceSeq: r.evidence_seq,
  }));
  const current = history[0];
  const packId = current?.packId ?? 'cn';
  const config = current?.config ?? {};
  return {
    portfolioId: o.portfolioId,
    version: current?.version ?? 0,
    packId,
    config,
    pack: resolvePack(packId, config),
    history,
  };
}
