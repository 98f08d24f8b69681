import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.js';
import { appendLeaf, emptyFrontier, frontierRoot } from './merkle-frontier.js';
import { emptyRoot, leafHash, nodeHash, sha256, splitPoint } from './merkle-hash.js';
import {
  buildFromLeafHashes,
  buildMerkleTree,
  consistencyProof,
  inclusionProof,
  leafAt,
  treeRoot,
} from './merkle-tree.js';
import { verifyConsistency, verifyInclusion } from './merkle-verify.js';

// RFC 9162 2.1.1-2.1.4 written as the RFC writes them: recursive, over the leaf data.
const mth = (d: Uint8Array[]): Uint8Array => {
  if (d.length === 0) return sha256();
  if (d.length === 1) return leafHash(d[0]!);
  const k = splitPoint(d.length);
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
};
const refPath = (m: number, d: Uint8Array[]): Uint8Array[] => {
  if (d.length <= 1) return [];
  const k = splitPoint(d.length);
  return m < k
    ? [...refPath(m, d.slice(0, k)), mth(d.slice(k))]
    : [...refPath(m - k, d.slice(k)), mth(d.slice(0, k))];
};
const refSubproof = (m: number, d: Uint8Array[], b: boolean): Uint8Array[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = splitPoint(d.length);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
};

const hex = (xs: Uint8Array[]) => xs.map(toHex);
const entryHashes = (n: number): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => sha256(new TextEncoder().encode(`entry ${i}`)));
const concat = (xs: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(xs.length * 32);
  xs.forEach((x, i) => out.set(x, i * 32));
  return out;
};
const treeOf = (xs: Uint8Array[]) => buildMerkleTree(concat(xs));

// The test vectors of the Certificate Transparency reference implementations (leaf data of
// varying length, so the tree is built from leaf hashes here).
const ctLeaves = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex);
const ctRoots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 9162 Merkle tree', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes; the empty tree is SHA-256()', () => {
    expect(toHex(emptyRoot)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(leafHash(new Uint8Array()))).toBe(ctRoots[0]);
    expect(toHex(nodeHash(new Uint8Array(32), new Uint8Array(32)))).toBe(
      toHex(sha256(new Uint8Array(65).fill(0, 0).map((_, i) => (i === 0 ? 1 : 0)))),
    );
  });

  it.each(ctRoots.map((root, i) => [i + 1, root] as const))(
    'has the reference root for the first %i test leaves',
    (n, root) => {
      const tree = buildFromLeafHashes(concat(ctLeaves.map(leafHash)));
      expect(toHex(treeRoot(tree, n))).toBe(root);
      expect(toHex(mth(ctLeaves.slice(0, n)))).toBe(root);
      const small = buildFromLeafHashes(concat(ctLeaves.slice(0, n).map(leafHash)));
      expect(toHex(treeRoot(small))).toBe(root);
    },
  );

  it('splits at the largest power of two below n', () => {
    expect([2, 3, 4, 5, 8, 9, 1000].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 512]);
  });

  const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  it.each(sizes)('gives the RFC root and audit path for every leaf of a tree of %i', (n) => {
    const data = entryHashes(n);
    const tree = treeOf(data);
    expect(toHex(treeRoot(tree))).toBe(toHex(mth(data)));
    for (let m = 0; m < n; m++) {
      const path = inclusionProof(tree, m);
      expect(hex(path)).toEqual(hex(refPath(m, data)));
      expect(verifyInclusion(leafAt(tree, m), m, n, path, treeRoot(tree))).toBe(true);
    }
  });

  it('answers every smaller tree size from one built tree (sizes 1..9 inside 9 and 13)', () => {
    for (const built of [9, 13]) {
      const data = entryHashes(built);
      const tree = treeOf(data);
      for (let n = 1; n <= 9; n++) {
        expect(toHex(treeRoot(tree, n))).toBe(toHex(mth(data.slice(0, n))));
        for (let m = 0; m < n; m++) {
          const path = inclusionProof(tree, m, n);
          expect(hex(path)).toEqual(hex(refPath(m, data.slice(0, n))));
          expect(verifyInclusion(leafAt(tree, m), m, n, path, treeRoot(tree, n))).toBe(true);
        }
        for (let m = 1; m <= n; m++) {
          const proof = consistencyProof(tree, m, n);
          expect(hex(proof)).toEqual(hex(refSubproof(m, data.slice(0, n), true)));
          expect(verifyConsistency(m, n, proof, treeRoot(tree, m), treeRoot(tree, n))).toBe(true);
        }
      }
    }
  });

  it('keeps the root current with a compact frontier, one leaf at a time', () => {
    const data = entryHashes(40);
    let f = emptyFrontier;
    expect(toHex(frontierRoot(f))).toBe(toHex(emptyRoot));
    data.forEach((d, i) => {
      f = appendLeaf(f, leafHash(d));
      expect(toHex(frontierRoot(f))).toBe(toHex(mth(data.slice(0, i + 1))));
      expect(f.hashes).toHaveLength([...(i + 1).toString(2)].filter((b) => b === '1').length);
    });
  });

  it('refuses a leaf index or tree size outside the tree', () => {
    const tree = treeOf(entryHashes(5));
    expect(() => inclusionProof(tree, 5)).toThrow(/outside/);
    expect(() => inclusionProof(tree, 0, 6)).toThrow(/outside/);
    expect(() => consistencyProof(tree, 0, 5)).toThrow(/between/);
    expect(verifyInclusion(leafAt(tree, 0), 5, 5, [], treeRoot(tree))).toBe(false);
  });
});

const flip = (b: Uint8Array, bit: number): Uint8Array => {
  const c = b.slice();
  c[Math.floor(bit / 8) % 32]! ^= 1 << (bit % 8);
  return c;
};

describe('Merkle proofs (properties)', () => {
  const treeAndLeaf = fc.integer({ min: 1, max: 200 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      built: fc.integer({ min: n, max: n + 40 }),
      m: fc.nat(n - 1),
    }),
  );

  it('every inclusion proof verifies, in every tree size', () => {
    fc.assert(
      fc.property(treeAndLeaf, ({ n, built, m }) => {
        const tree = treeOf(entryHashes(built));
        const root = treeRoot(tree, n);
        expect(verifyInclusion(leafAt(tree, m), m, n, inclusionProof(tree, m, n), root)).toBe(true);
      }),
    );
  });

  it('altering the leaf, any proof element, the index, the size or the root fails', () => {
    fc.assert(
      fc.property(treeAndLeaf, fc.nat(), fc.nat(255), ({ n, built, m }, pick, bit) => {
        const tree = treeOf(entryHashes(built));
        const root = treeRoot(tree, n);
        const leaf = leafAt(tree, m);
        const path = inclusionProof(tree, m, n);
        expect(verifyInclusion(flip(leaf, bit), m, n, path, root)).toBe(false);
        expect(verifyInclusion(leaf, m, n, path, flip(root, bit))).toBe(false);
        if (path.length > 0) {
          const i = pick % path.length;
          const bad = path.map((p, j) => (j === i ? flip(p, bit) : p));
          expect(verifyInclusion(leaf, m, n, bad, root)).toBe(false);
          expect(verifyInclusion(leaf, m, n, path.slice(0, -1), root)).toBe(false);
        }
        expect(verifyInclusion(leaf, m, n, [...path, leaf], root)).toBe(false);
        if (n > 1)
          expect(verifyInclusion(leaf, (m + 1 + (pick % (n - 1))) % n, n, path, root)).toBe(false);
      }),
    );
  });

  it('every consistency proof verifies, and any altered element fails', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 200 })
          .chain((n) => fc.record({ n: fc.constant(n), m: fc.integer({ min: 1, max: n - 1 }) })),
        fc.nat(),
        fc.nat(255),
        ({ n, m }, pick, bit) => {
          const tree = treeOf(entryHashes(n));
          const [a, b] = [treeRoot(tree, m), treeRoot(tree)];
          const proof = consistencyProof(tree, m);
          expect(verifyConsistency(m, n, proof, a, b)).toBe(true);
          const i = pick % proof.length;
          const bad = proof.map((p, j) => (j === i ? flip(p, bit) : p));
          expect(verifyConsistency(m, n, bad, a, b)).toBe(false);
          expect(verifyConsistency(m, n, proof, flip(a, bit), b)).toBe(false);
          expect(verifyConsistency(m, n, proof, a, flip(b, bit))).toBe(false);
        },
      ),
    );
  });
});
