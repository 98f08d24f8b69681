/**
 * The compact frontier of an append-only Merkle tree: the roots of its whole subtrees, one per
 * set bit of the size, largest first. Appending a leaf and taking the root cost O(log n) time
 * and the frontier is O(log n) space, so the log's tree head is kept current on every append and
 * verification streams the whole log in bounded memory.
 */
import { AppError } from '../../../shared/errors.js';
import { emptyRoot, hashSize, nodeHash } from './merkle-hash.js';

export type MerkleFrontier = {
  readonly size: number;
  /** Whole-subtree roots, largest (leftmost) first: one per set bit of size. */
  readonly hashes: readonly Uint8Array[];
};

export const emptyFrontier: MerkleFrontier = { size: 0, hashes: [] };

function bitCount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

/** The frontier with one more leaf (its leaf hash). */
export function appendLeaf(f: MerkleFrontier, leaf: Uint8Array): MerkleFrontier {
  const hashes = [...f.hashes];
  let h = leaf;
  // Each trailing set bit of the old size is a whole subtree of the same width: merge it.
  for (let s = f.size; s % 2 === 1; s = Math.floor(s / 2)) h = nodeHash(hashes.pop()!, h);
  hashes.push(h);
  return { size: f.size + 1, hashes };
}

/** The tree head hash: the whole subtrees folded from the right. */
export function frontierRoot(f: MerkleFrontier): Uint8Array {
  if (f.size === 0) return emptyRoot;
  let r = f.hashes[f.hashes.length - 1]!;
  for (let i = f.hashes.length - 2; i >= 0; i--) r = nodeHash(f.hashes[i]!, r);
  return r;
}

/** The hashes as one byte string (as stored beside the chain head). */
export function encodeFrontier(f: MerkleFrontier): Uint8Array {
  const out = new Uint8Array(f.hashes.length * hashSize);
  f.hashes.forEach((h, i) => out.set(h, i * hashSize));
  return out;
}

export function decodeFrontier(size: number, bytes: Uint8Array): MerkleFrontier {
  const count = bitCount(size);
  if (bytes.byteLength !== count * hashSize)
    throw new AppError(
      'internal',
      `the stored Merkle frontier has ${bytes.byteLength} bytes; a tree of ${size} needs ${count * hashSize}`,
    );
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < count; i++) hashes.push(bytes.slice(i * hashSize, (i + 1) * hashSize));
  return { size, hashes };
}
