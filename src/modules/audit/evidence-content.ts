import type { EvidenceContent } from './domain/evidence-entry.js';
import type { EvidenceRow } from './store.js';

/** A stored entry's content as the hash commits to it (at its own seq, or another). */
export function contentOf(row: EvidenceRow, seq: bigint = row.seq): EvidenceContent {
  return {
    seq,
    kind: row.kind,
    portfolioId: row.portfolio_id,
    debtorId: row.debtor_id,
    accountId: row.account_id,
    actor: row.actor,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    payload: row.payload,
  };
}
