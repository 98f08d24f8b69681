import type { Queryable } from '../../../shared/db/types.js';
import { bytesEqual, toHex } from '../domain/bytes.js';
import type { JsonObject } from '../domain/canonical-json.js';
import { entryHash, genesisHash } from '../domain/evidence-entry.js';
import { contentOf } from '../evidence-content.js';
import { selectDebtorEntries } from '../evidence-read-sql.js';
import { listCheckpoints } from '../store.js';

export type ListDebtorEvidenceOptions = {
  db: Queryable;
  portfolioId: bigint;
  debtorId: string;
  /** Entries before this seq (a page's next_before); the newest when absent. */
  before?: bigint | undefined;
  limit: number;
};

/**
 * What a reader can tell about one entry without recomputing the whole log: altered (its hash
 * does not match its content), unlinked (the entry before it is not the one it was chained to),
 * intact (hash and link hold; no checkpoint covers it yet) or checkpointed (intact, and inside a
 * published tree head); pending while the linker has not chained it yet (about a second).
 * `recourse audit verify` recomputes every root.
 */
export type EntryVerification = 'pending' | 'altered' | 'unlinked' | 'intact' | 'checkpointed';

export type DebtorEvidenceEntry = {
  seq: number;
  kind: string;
  account_id: string | null;
  actor: string;
  occurred_at: string;
  recorded_at: string;
  payload: JsonObject;
  entry_hash: string | null;
  verification: EntryVerification;
  /** The first checkpoint whose tree holds the entry. */
  checkpoint_id: string | null;
};

/** One debtor's evidence entries, newest first, each with what its hash and link show. */
export async function listDebtorEvidence(
  opts: ListDebtorEvidenceOptions,
): Promise<{ items: DebtorEvidenceEntry[]; next_before: number | null }> {
  const rows = await selectDebtorEntries(opts.db, {
    portfolioId: opts.portfolioId,
    debtorId: opts.debtorId,
    before: opts.before ?? null,
    limit: opts.limit,
  });
  const checkpoints = await listCheckpoints(opts.db);
  const items = rows.map((row): DebtorEvidenceEntry => {
    const prior = row.seq === 1n ? genesisHash : row.prior_hash;
    const covering = checkpoints.find((c) => c.tree_size >= row.seq) ?? null;
    const verification: EntryVerification =
      row.prev_hash === null || row.entry_hash === null
        ? 'pending'
        : !bytesEqual(entryHash(row.prev_hash, contentOf(row)), row.entry_hash)
          ? 'altered'
          : prior === null || !bytesEqual(prior, row.prev_hash)
            ? 'unlinked'
            : covering
              ? 'checkpointed'
              : 'intact';
    return {
      seq: Number(row.seq),
      kind: row.kind,
      account_id: row.account_id,
      actor: row.actor,
      occurred_at: row.occurred_at.toISOString(),
      recorded_at: row.recorded_at.toISOString(),
      payload: row.payload,
      entry_hash: row.entry_hash === null ? null : toHex(row.entry_hash),
      verification,
      checkpoint_id: covering ? covering.checkpoint_id.toString() : null,
    };
  });
  const last = rows[rows.length - 1];
  return {
    items,
    next_before: rows.length === opts.limit && last ? Number(last.seq) : null,
  };
}
