/**
 * The hashes of an RFC 6962 / RFC 9162 Merkle tree with SHA-256: a leaf is SHA-256(0x00 || data),
 * an interior node SHA-256(0x01 || left || right), the empty tree SHA-256 of nothing.
 */
import { createHash } from 'node:crypto';

export const hashSize = 32;

const leafPrefix = new Uint8Array([0]);
const nodePrefix = new Uint8Array([1]);

export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function leafHash(data: Uint8Array): Uint8Array {
  return sha256(leafPrefix, data);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(nodePrefix, left, right);
}

/** MTH({}): the root of the empty tree. */
export const emptyRoot: Uint8Array = sha256();

/** The RFC's split point: the largest power of two smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
