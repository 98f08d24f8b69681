import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { checkpointJson, type CheckpointJson } from '../checkpoint-json.js';
import { bytesEqual, toHex } from '../domain/bytes.js';
import type { JsonObject } from '../domain/canonical-json.js';
import { entryHash } from '../domain/evidence-entry.js';
import { contentOf } from '../evidence-content.js';
import { decodeFrontier, frontierRoot } from '../domain/merkle-frontier.js';
import { inclusionProof, leafAt, treeRoot } from '../domain/merkle-tree.js';
import { verifyInclusion } from '../domain/merkle-verify.js';
import { loadEvidenceTree } from '../load-evidence-tree.js';
import { findEntry, findVoid, latestCheckpoint, readChainHead } from '../store.js';

export type ProveInclusionOptions = {
  db: Queryable;
  seq: bigint;
  /** Prove against the latest checkpoint when it covers the entry (default), or the head. */
  against?: 'checkpoint' | 'head';
};

/** An RFC 9162 inclusion proof of one entry, as printed and handed to a regulator or a court. */
export type InclusionProofJson = {
  entry: {
    seq: number;
    kind: string;
    /** null for administration entries that concern no portfolio (or debtor) */
    portfolio_id: string | null;
    debtor_id: string | null;
    account_id: string | null;
    actor: string;
    occurred_at: string;
    recorded_at: string;
    payload: JsonObject;
    prev_hash: string;
    entry_hash: string;
  };
  leaf_index: number;
  leaf_hash: string;
  tree_size: number;
  root_hash: string;
  /** The checkpoint whose root this is; null for the current tree head (not yet published). */
  checkpoint: CheckpointJson | null;
  audit_path: string[];
  algorithm: 'RFC 9162 Merkle tree, SHA-256; leaf data = entry_hash';
};

/**
 * Proves that an entry is in the log: the audit path from its leaf to the root of the latest
 * checkpoint (or of the current tree head when no checkpoint covers it yet). The entry's hash
 * and the root are recomputed from the stored log first; a log that does not match is refused.
 */
export async function proveInclusion(opts: ProveInclusionOptions): Promise<InclusionProofJson> {
  const { db, seq } = opts;
  const row = await findEntry(db, seq);
  if (!row) {
    if (await findVoid(db, seq))
      throw new AppError(
        'not_found',
        `there is no evidence entry ${seq}: its number was taken by a transaction that did not commit`,
        { seq: Number(seq) },
      );
    throw new AppError('not_found', `there is no evidence entry ${seq}`, { seq: Number(seq) });
  }
  if (row.prev_hash === null || row.entry_hash === null)
    throw new AppError(
      'conflict',
      `evidence entry ${seq} is not linked into the log yet: run "recourse audit checkpoint"`,
      { seq: Number(seq) },
    );
  if (!bytesEqual(entryHash(row.prev_hash, contentOf(row)), row.entry_hash))
    throw new AppError(
      'conflict',
      `evidence entry ${seq} does not match its hash: run "recourse audit verify"`,
    );
  const [prev, hash] = [row.prev_hash, row.entry_hash];
  const latest = opts.against === 'head' ? undefined : await latestCheckpoint(db);
  let size: bigint;
  let expected: Uint8Array;
  let checkpoint: CheckpointJson | null = null;
  if (latest && latest.tree_size >= seq) {
    size = latest.tree_size;
    expected = latest.root_hash;
    checkpoint = checkpointJson(latest);
  } else {
    const head = await readChainHead(db);
    size = head.last_seq;
    expected = frontierRoot(decodeFrontier(Number(head.last_seq), head.frontier));
  }
  const tree = await loadEvidenceTree(db, size);
  const root = treeRoot(tree);
  if (!bytesEqual(root, expected))
    throw new AppError(
      'conflict',
      `the evidence log does not give the root of ${checkpoint ? `checkpoint ${checkpoint.checkpoint_id}` : 'the chain head'}: run "recourse audit verify"`,
    );
  const index = Number(seq) - 1;
  const path = inclusionProof(tree, index);
  if (!verifyInclusion(leafAt(tree, index), index, tree.size, path, root))
    throw new AppError('internal', `the inclusion proof of entry ${seq} does not verify`);
  return {
    entry: {
      seq: Number(row.seq),
      kind: row.kind,
      portfolio_id: row.portfolio_id === null ? null : row.portfolio_id.toString(),
      debtor_id: row.debtor_id,
      account_id: row.account_id,
      actor: row.actor,
      occurred_at: row.occurred_at.toISOString(),
      recorded_at: row.recorded_at.toISOString(),
      payload: row.payload,
      prev_hash: toHex(prev),
      entry_hash: toHex(hash),
    },
    leaf_index: index,
    leaf_hash: toHex(leafAt(tree, index)),
    tree_size: tree.size,
    root_hash: toHex(root),
    checkpoint,
    audit_path: path.map(toHex),
    algorithm: 'RFC 9162 Merkle tree, SHA-256; leaf data = entry_hash',
  };
}
