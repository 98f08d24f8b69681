/**
 * An RFC 9162 Merkle tree held in memory, level by level, for proofs in O(log n).
 *
 * Level 0 holds the leaf hashes; node i of level k is the root of leaves [i*2^k, min((i+1)*2^k,
 * size)) — a node whose range runs past the end is the root of the leaves that are there (when
 * only its left child exists, it is that child: the RFC's split at the largest power of two
 * below n gives exactly this shape). Each level is one contiguous byte array (32 bytes a node),
 * so a tree of 1M leaves is ~64 MB in 21 arrays rather than 2M small objects.
 *
 * Roots and proofs are available for every tree size up to the built size: a subtree that is
 * whole (aligned, power-of-two wide) or ends at the built size is read; any other is computed
 * from those by the RFC's definition.
 */
import { AppError } from '../../../shared/errors.js';
import { emptyRoot, hashSize, leafHash, nodeHash, splitPoint } from './merkle-hash.js';

export type MerkleTree = {
  readonly size: number;
  /** levels[k] holds ceil(size / 2^k) hashes of 32 bytes each; the last level holds the root. */
  readonly levels: readonly Uint8Array[];
};

/** Builds the tree over leaves whose data (here: entry hashes) are 32 bytes each. */
export function buildMerkleTree(leafData: Uint8Array): MerkleTree {
  if (leafData.byteLength % hashSize !== 0)
    throw new AppError('validation_failed', 'leaf data must be 32-byte hashes');
  const size = leafData.byteLength / hashSize;
  const leaves = new Uint8Array(leafData.byteLength);
  for (let i = 0; i < size; i++)
    leaves.set(leafHash(leafData.subarray(i * hashSize, (i + 1) * hashSize)), i * hashSize);
  return buildFromLeafHashes(leaves);
}

/** Builds the tree from leaf hashes (already SHA-256(0x00 || data)). */
export function buildFromLeafHashes(leaves: Uint8Array): MerkleTree {
  const size = leaves.byteLength / hashSize;
  const levels: Uint8Array[] = [leaves];
  let level = leaves;
  let width = size;
  while (width > 1) {
    const next = Math.ceil(width / 2);
    const up = new Uint8Array(next * hashSize);
    for (let i = 0; i < next; i++) {
      const l = 2 * i * hashSize;
      if (2 * i + 1 < width)
        up.set(
          nodeHash(level.subarray(l, l + hashSize), level.subarray(l + hashSize, l + 2 * hashSize)),
          i * hashSize,
        );
      else up.set(level.subarray(l, l + hashSize), i * hashSize); // promoted: no right sibling
    }
    levels.push(up);
    level = up;
    width = next;
  }
  return { size, levels };
}

function node(tree: MerkleTree, k: number, i: number): Uint8Array {
  return tree.levels[k]!.subarray(i * hashSize, (i + 1) * hashSize);
}

function checkSize(tree: MerkleTree, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > tree.size)
    throw new AppError(
      'validation_failed',
      `tree size ${n} is outside the built tree (size ${tree.size})`,
    );
}

/** MTH(D[start:end]) for an RFC subtree (start aligned to the subtree's power-of-two width). */
function subtree(tree: MerkleTree, start: number, end: number): Uint8Array {
  const n = end - start;
  let k = 0;
  while (2 ** k < n) k++;
  const width = 2 ** k;
  if (start % width === 0 && (end === start + width || end === tree.size))
    return node(tree, k, start / width);
  const split = splitPoint(n);
  return nodeHash(subtree(tree, start, start + split), subtree(tree, start + split, end));
}

/** The root (tree head hash) of the first n leaves. */
export function treeRoot(tree: MerkleTree, n: number = tree.size): Uint8Array {
  checkSize(tree, n);
  return n === 0 ? emptyRoot : subtree(tree, 0, n);
}

/** The leaf hash at index i. */
export function leafAt(tree: MerkleTree, i: number): Uint8Array {
  return node(tree, 0, i);
}

/** RFC 9162 2.1.3.1: the audit path of leaf m in the tree of the first n leaves, leaf side first. */
export function inclusionProof(tree: MerkleTree, m: number, n: number = tree.size): Uint8Array[] {
  checkSize(tree, n);
  if (!Number.isSafeInteger(m) || m < 0 || m >= n)
    throw new AppError('validation_failed', `leaf index ${m} is outside a tree of size ${n}`);
  const path: Uint8Array[] = [];
  if (n === tree.size) {
    // Fast path: every sibling is a stored node.
    let i = m;
    for (let k = 0; k < tree.levels.length - 1; k++) {
      const width = tree.levels[k]!.byteLength / hashSize;
      const sibling = i % 2 === 0 ? i + 1 : i - 1;
      if (sibling < width) path.push(node(tree, k, sibling));
      i = Math.floor(i / 2);
    }
    return path;
  }
  const walk = (start: number, end: number): void => {
    if (end - start <= 1) return;
    const k = splitPoint(end - start);
    if (m < start + k) {
      walk(start, start + k);
      path.push(subtree(tree, start + k, end));
    } else {
      walk(start + k, end);
      path.push(subtree(tree, start, start + k));
    }
  };
  walk(0, n);
  return path;
}

/** RFC 9162 2.1.4.1: the consistency proof from the tree of the first m leaves to that of n. */
export function consistencyProof(tree: MerkleTree, m: number, n: number = tree.size): Uint8Array[] {
  checkSize(tree, n);
  if (!Number.isSafeInteger(m) || m < 1 || m > n)
    throw new AppError('validation_failed', `old tree size ${m} must be between 1 and ${n}`);
  const proof: Uint8Array[] = [];
  const sub = (mm: number, start: number, end: number, whole: boolean): void => {
    const size = end - start;
    if (mm === size) {
      if (!whole) proof.push(subtree(tree, start, end));
      return;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      sub(mm, start, start + k, whole);
      proof.push(subtree(tree, start + k, end));
    } else {
      sub(mm - k, start + k, end, false);
      proof.push(subtree(tree, start, start + k));
    }
  };
  sub(m, 0, n, true);
  return proof;
}
