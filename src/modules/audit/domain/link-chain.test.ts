import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { entryHash, genesisHash, voidHash, type EvidenceContent } from './evidence-entry.js';
import { linkChain, type LinkHead } from './link-chain.js';
import { emptyFrontier, frontierRoot } from './merkle-frontier.js';
import { buildFromLeafHashes, treeRoot } from './merkle-tree.js';
import { hashSize, leafHash } from './merkle-hash.js';

const content = (seq: number): EvidenceContent => ({
  seq: BigInt(seq),
  kind: 'gate_decision',
  portfolioId: 1n,
  debtorId: `D${seq % 3}`,
  accountId: null,
  actor: 'system:test',
  occurredAt: new Date(Date.UTC(2026, 10, 25, 1, 0, seq)),
  recordedAt: new Date(Date.UTC(2026, 10, 25, 1, 0, seq, 5)),
  payload: { n: seq },
});

const start: LinkHead = { lastSeq: 0n, lastHash: genesisHash, frontier: emptyFrontier };

/** What each position becomes: e (entry), v (void), in seq order from 1. */
function shape(present: number[], settledUpTo: number | null, complete: boolean): string {
  const r = linkChain(
    start,
    present.map(content),
    settledUpTo === null ? null : BigInt(settledUpTo),
    complete,
  );
  const kinds = new Map<bigint, string>();
  for (const l of r.links) kinds.set(l.seq, 'e');
  for (const v of r.voids) kinds.set(v.seq, 'v');
  return Array.from({ length: Number(r.head.lastSeq) }, (_, i) => kinds.get(BigInt(i + 1))).join(
    '',
  );
}

describe('linkChain', () => {
  it.each<[string, number[], number | null, boolean, string]>([
    ['contiguous entries', [1, 2, 3], null, true, 'eee'],
    ['stops at a gap not settled', [1, 2, 4], 2, true, 'ee'],
    ['a settled gap between entries', [1, 2, 4], 3, false, 'eeve'],
    ['stops at a gap when nothing is settled', [1, 3], null, true, 'e'],
    ['a settled gap is a void', [1, 3], 2, true, 'eve'],
    ['settled seqs after the last entry are voids when complete', [1, 2], 4, true, 'eevv'],
    ['but not when more entries may follow (one page of many)', [1, 2], 4, false, 'ee'],
    ['only up to the settled seq', [1, 5], 3, true, 'evv'],
    ['nothing to link', [], null, true, ''],
  ])('%s', (_name, present, settled, complete, expected) => {
    expect(shape(present, settled, complete)).toBe(expected);
  });

  it('chains each position to the one before and keeps the Merkle frontier', () => {
    const r = linkChain(start, [1, 3].map(content), 3n, true);
    const [e1, e3] = r.links;
    const [v2] = r.voids;
    expect(e1!.prev_hash).toEqual(genesisHash);
    expect(e1!.entry_hash).toEqual(entryHash(genesisHash, content(1)));
    expect(v2).toEqual({
      seq: 2n,
      prev_hash: e1!.entry_hash,
      entry_hash: voidHash(e1!.entry_hash, 2n),
    });
    expect(e3!.prev_hash).toEqual(v2!.entry_hash);
    expect(r.head.lastHash).toEqual(e3!.entry_hash);
    const leaves = new Uint8Array(3 * hashSize);
    [e1!, v2!, e3!].forEach((p, i) => leaves.set(leafHash(p.entry_hash), i * hashSize));
    expect(toHex(frontierRoot(r.head.frontier))).toBe(toHex(treeRoot(buildFromLeafHashes(leaves))));
    // going on from that head gives the same chain as linking all at once
    const more = linkChain(r.head, [4, 5].map(content), null, true);
    const all = linkChain(start, [1, 3, 4, 5].map(content), 3n, true);
    expect(more.head).toEqual(all.head);
  });
});
