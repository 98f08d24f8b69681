/**
 * Strategy changes in the evidence log's administration trail, each in the transaction of the
 * change: who, when, which strategy version, and the definition before and after.
 */
import type { Queryable } from '../../shared/db/types.js';
import {
  recordAdministration,
  type AdministrationKind,
  type AuditStamp,
  type JsonObject,
} from '../audit/index.js';

/** Who changes a strategy and when (the acting user, `user:<name>`). */
export type StrategyAudit = AuditStamp;

export async function recordStrategyChange(
  tx: Queryable,
  audit: StrategyAudit,
  kind: AdministrationKind,
  payload: JsonObject,
  portfolioId: bigint | null = null,
): Promise<void> {
  await recordAdministration({
    db: tx,
    entry: { kind, actor: audit.actor, occurredAt: audit.at, portfolioId, payload },
  });
}

/** A stored definition (jsonb) as a payload member. */
export const definitionJson = (d: Record<string, unknown>): JsonObject => d as JsonObject;
