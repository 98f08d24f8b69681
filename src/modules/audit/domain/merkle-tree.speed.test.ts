import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { hashSize } from './merkle-hash.js';
import { buildMerkleTree, inclusionProof, leafAt, treeRoot } from './merkle-tree.js';
import { verifyInclusion } from './merkle-verify.js';

// Prints measured figures; asserts correctness only (timing depends on the machine).
it('proves inclusion in a 1M-entry tree in well under a millisecond once it is built', () => {
  const n = 1_000_000;
  const data = new Uint8Array(n * hashSize);
  for (let i = 0; i < n; i++)
    data.set(createHash('sha256').update(`entry ${i}`).digest(), i * hashSize);
  const t0 = performance.now();
  const tree = buildMerkleTree(data);
  const buildMs = performance.now() - t0;
  const root = treeRoot(tree);
  const rounds = 10_000;
  let ok = 0;
  const t1 = performance.now();
  for (let r = 0; r < rounds; r++) {
    const m = (r * 7919) % n;
    ok += inclusionProof(tree, m).length > 0 ? 1 : 0;
  }
  const proofUs = ((performance.now() - t1) / rounds) * 1000;
  const t2 = performance.now();
  for (let r = 0; r < 1000; r++) {
    const m = (r * 104729) % n;
    expect(verifyInclusion(leafAt(tree, m), m, n, inclusionProof(tree, m), root)).toBe(true);
  }
  const verifyUs = performance.now() - t2; // 1000 rounds: ms total = µs each
  console.log(
    JSON.stringify({
      entries: n,
      tree_build_ms: Math.round(buildMs),
      inclusion_proof_us: Number(proofUs.toFixed(2)),
      inclusion_proof_and_verify_us: Number(verifyUs.toFixed(2)),
    }),
  );
  expect(ok).toBe(rounds);
});
