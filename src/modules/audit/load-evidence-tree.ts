/**
 * The Merkle tree of the first n positions (entries and voids), built in memory from their
 * stored entry hashes
 * (streamed in pages; 32 bytes a leaf, ~64 MB for the whole tree at 1M entries). Building costs
 * two SHA-256 per entry; after that a proof is O(log n).
 */
import type { Queryable } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import { hashSize, leafHash } from './domain/merkle-hash.js';
import { buildFromLeafHashes, type MerkleTree } from './domain/merkle-tree.js';
import { pageEntryHashes } from './store.js';

export async function loadEvidenceTree(
  db: Queryable,
  size: bigint,
  pageSize = 50_000,
): Promise<MerkleTree> {
  const n = Number(size);
  const leaves = new Uint8Array(n * hashSize);
  let seq = 0n;
  while (seq < size) {
    const page = await pageEntryHashes(db, seq, size, pageSize);
    if (page.length === 0) break;
    for (const r of page) {
      if (r.seq !== seq + 1n || r.entry_hash === null)
        throw new AppError(
          'conflict',
          `the evidence log is damaged (entry ${seq + 1n} is missing or unlinked): run "recourse audit verify"`,
        );
      leaves.set(leafHash(r.entry_hash), Number(seq) * hashSize);
      seq = r.seq;
    }
  }
  if (seq !== size)
    throw new AppError(
      'conflict',
      `the evidence log is damaged (it ends at entry ${seq}, not ${size}): run "recourse audit verify"`,
    );
  return buildFromLeafHashes(leaves);
}
