/**
 * What a reader can tell about one stored entry without recomputing the whole log (the debtor's
 * evidence and the administration trail show it beside each entry).
 */
import { bytesEqual } from './domain/bytes.js';
import { entryHash, genesisHash } from './domain/evidence-entry.js';
import { contentOf } from './evidence-content.js';
import type { EvidenceWithPrior } from './evidence-read-sql.js';
import type { CheckpointRow } from './store.js';

/**
 * altered (its hash does not match its content), unlinked (the position before it is not the one
 * it was chained to), intact (hash and link hold; no checkpoint covers it yet) or checkpointed
 * (intact, and inside a published tree head); pending while the linker has not chained it yet
 * (about a second). `recourse audit verify` recomputes every root.
 */
export const entryVerifications = [
  'pending',
  'altered',
  'unlinked',
  'intact',
  'checkpointed',
] as const;
export type EntryVerification = (typeof entryVerifications)[number];

/** The verification of an entry, and the first checkpoint whose tree holds it. */
export function verificationOf(
  row: EvidenceWithPrior,
  checkpoints: readonly CheckpointRow[],
): { verification: EntryVerification; checkpoint: CheckpointRow | null } {
  const prior = row.seq === 1n ? genesisHash : row.prior_hash;
  const checkpoint = checkpoints.find((c) => c.tree_size >= row.seq) ?? null;
  const verification: EntryVerification =
    row.prev_hash === null || row.entry_hash === null
      ? 'pending'
      : !bytesEqual(entryHash(row.prev_hash, contentOf(row)), row.entry_hash)
        ? 'altered'
        : prior === null || !bytesEqual(prior, row.prev_hash)
          ? 'unlinked'
          : checkpoint
            ? 'checkpointed'
            : 'intact';
  return { verification, checkpoint };
}
