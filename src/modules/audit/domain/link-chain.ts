/**
 * The linker's step, pure: given the chain head and the unlinked entries after it (in seq order),
 * chain them: each position from the head on gets its prev_hash and entry hash, and its leaf is
 * added to the Merkle frontier. A seq with no entry becomes a void when it is settled (no
 * transaction that could still commit it is running); the chain stops at the first seq that is
 * neither present nor settled, and goes on from there on the next run.
 */
import { entryHash, voidHash, type EvidenceContent } from './evidence-entry.js';
import { appendLeaf, type MerkleFrontier } from './merkle-frontier.js';
import { leafHash } from './merkle-hash.js';

export type LinkHead = { lastSeq: bigint; lastHash: Uint8Array; frontier: MerkleFrontier };

export type LinkStep = {
  links: Array<{ seq: bigint; prev_hash: Uint8Array; entry_hash: Uint8Array }>;
  voids: Array<{ seq: bigint; prev_hash: Uint8Array; entry_hash: Uint8Array }>;
  head: LinkHead;
};

/**
 * @param entries unlinked entries after head.lastSeq, ascending
 * @param settledUpTo every seq up to this one is settled (null: none beyond the head)
 * @param complete the entries are all there are (not one page of more): seqs after the last
 *   entry up to settledUpTo are voids too
 */
export function linkChain(
  head: LinkHead,
  entries: readonly EvidenceContent[],
  settledUpTo: bigint | null,
  complete: boolean,
): LinkStep {
  const links: LinkStep['links'] = [];
  const voids: LinkStep['voids'] = [];
  let { lastSeq, lastHash, frontier } = head;
  const add = (hash: Uint8Array) => {
    frontier = appendLeaf(frontier, leafHash(hash));
    lastHash = hash;
    lastSeq += 1n;
  };
  const fillVoidsBefore = (seq: bigint): boolean => {
    while (lastSeq + 1n < seq) {
      if (settledUpTo === null || lastSeq + 1n > settledUpTo) return false;
      const hash = voidHash(lastHash, lastSeq + 1n);
      voids.push({ seq: lastSeq + 1n, prev_hash: lastHash, entry_hash: hash });
      add(hash);
    }
    return true;
  };
  for (const e of entries) {
    if (e.seq <= lastSeq) continue;
    if (!fillVoidsBefore(e.seq)) return { links, voids, head: { lastSeq, lastHash, frontier } };
    const hash = entryHash(lastHash, e);
    links.push({ seq: e.seq, prev_hash: lastHash, entry_hash: hash });
    add(hash);
  }
  if (complete && settledUpTo !== null) fillVoidsBefore(settledUpTo + 1n);
  return { links, voids, head: { lastSeq, lastHash, frontier } };
}
