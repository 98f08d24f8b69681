import { recordAdministration, type JsonObject } from '../../audit/index.js';
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { findPortfolio } from '../../portfolio/index.js';
import { resolvePack } from '../domain/pack-config.js';
import { currentSettingsRow, insertSettingsRow, lockKey } from '../store.js';
import { getComplianceSettings, type ComplianceSettings } from './get-compliance-settings.js';

export type UpdateComplianceSettingsOptions = {
  db: Db;
  portfolioId: bigint;
  /** cn, us or uk. */
  packId: string;
  /** Tightening overrides (pack-config.ts); {} for the pack as shipped. */
  config: Record<string, unknown>;
  /** Who changes it: collector:<id>, user:<id> ... */
  actor: string;
  reason?: string | undefined;
  at: Date;
};

/**
 * Sets a portfolio's rule pack and overrides as a new version. A configuration that would
 * loosen the pack is refused (validation_failed naming the setting and the rule's source); an
 * accepted change is appended to the evidence log in the same transaction
 * (admin_rule_pack_changed, with the pack and overrides before and after). Attempts decided
 * after the commit use the new version.
 */
export async function updateComplianceSettings(
  o: UpdateComplianceSettingsOptions,
): Promise<ComplianceSettings> {
  // Validates (unknown pack, malformed or loosening configuration) before touching anything.
  const pack = resolvePack(o.packId, o.config);
  return o.db.transaction(async (tx) => {
    if (!(await findPortfolio({ db: tx, portfolioId: o.portfolioId })))
      throw new AppError('not_found', `no portfolio ${o.portfolioId}`, {
        portfolio_id: String(o.portfolioId),
      });
    await lockKey(tx, `compliance-settings:${o.portfolioId}`);
    const current = await currentSettingsRow(tx, o.portfolioId);
    const version = (current?.version ?? 0) + 1;
    const entry = await recordAdministration({
      db: tx,
      entry: {
        kind: 'admin_rule_pack_changed',
        // the whole portfolio, not one debtor
        portfolioId: o.portfolioId,
        actor: o.actor,
        occurredAt: o.at,
        payload: {
          version,
          previous_version: current?.version ?? 0,
          pack_version: pack.version,
          reason: o.reason ?? null,
          before: { pack: current?.pack_id ?? 'cn', config: (current?.config ?? {}) as JsonObject },
          after: { pack: pack.id, config: o.config as JsonObject },
        },
      },
    });
    await insertSettingsRow(tx, {
      portfolio_id: o.portfolioId,
      version,
      pack_id: pack.id,
      config: o.config,
      changed_by: o.actor,
      reason: o.reason ?? null,
      changed_at: o.at,
      evidence_seq: entry.seq,
    });
    return getComplianceSettings({ db: tx, portfolioId: o.portfolioId });
  });
}
