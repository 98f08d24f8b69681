import type { Queryable } from '../../../shared/db/types.js';
import { bytesEqual, toHex } from '../domain/bytes.js';
import { entryHash, genesisHash } from '../domain/evidence-entry.js';
import { contentOf } from '../evidence-content.js';
import {
  appendLeaf,
  decodeFrontier,
  emptyFrontier,
  frontierRoot,
  type MerkleFrontier,
} from '../domain/merkle-frontier.js';
import { leafHash } from '../domain/merkle-hash.js';
import {
  listCheckpoints,
  pageEntries,
  readChainHead,
  seqsWithHash,
  type CheckpointRow,
  type EvidenceRow,
} from '../store.js';

/** Why verification stopped: what happened to the first bad entry (or checkpoint). */
export type EvidenceProblemReason = 'altered' | 'deleted' | 'reordered' | 'checkpoint_mismatch';

export type EvidenceProblem = {
  reason: EvidenceProblemReason;
  /** The first bad entry's seq (null when only a checkpoint or the chain head disagrees). */
  seq: number | null;
  checkpoint_id: string | null;
  message: string;
};

export type EvidenceVerification = {
  ok: boolean;
  /** Entries recomputed before the first problem (all of them when ok). */
  entries_checked: number;
  checkpoints_checked: number;
  /** The tree head recomputed from the entries checked. */
  tree_size: number;
  root_hash: string;
  first_bad: EvidenceProblem | null;
};

export type VerifyEvidenceOptions = {
  db: Queryable;
  /** Entries read per query; memory is bounded by one page. */
  pageSize?: number;
};

/** When an entry's hash fails at its seq: the seq it was recorded at, if it moved. */
async function recordedSeq(db: Queryable, row: EvidenceRow): Promise<bigint | null> {
  const candidates = bytesEqual(row.prev_hash, genesisHash)
    ? [1n]
    : (await seqsWithHash(db, row.prev_hash)).map((s) => s + 1n);
  for (const seq of candidates)
    if (
      seq !== row.seq &&
      bytesEqual(entryHash(row.prev_hash, contentOf(row, seq)), row.entry_hash)
    )
      return seq;
  return null;
}

/**
 * Recomputes the whole evidence log: every entry's hash, every link of the chain, the Merkle
 * root at every checkpoint and at the chain head. Streams the entries in pages (memory is one
 * page plus an O(log n) Merkle frontier) and stops at the first bad entry: altered (its hash no
 * longer matches its content), deleted (a seq is missing, or the log ends before the chain head
 * or a checkpoint says it should), reordered (an entry sits at a seq other than the one it was
 * recorded at) — or a checkpoint whose root the entries do not give.
 *
 * Reads only entries up to the chain head as first read, so appends running meanwhile are not
 * in the way; they are checked by the next run.
 */
export async function verifyEvidence(opts: VerifyEvidenceOptions): Promise<EvidenceVerification> {
  const { db } = opts;
  const pageSize = opts.pageSize ?? 5000;
  const head = await readChainHead(db);
  const checkpoints = await listCheckpoints(db);
  const within = checkpoints.filter((c) => c.tree_size <= head.last_seq);
  const beyond = checkpoints.filter((c) => c.tree_size > head.last_seq);

  let frontier: MerkleFrontier = emptyFrontier;
  let prev = genesisHash;
  let expected = 1n;
  let nextCheckpoint = 0;
  let checkpointsChecked = 0;
  const result = (first_bad: EvidenceProblem | null): EvidenceVerification => ({
    ok: first_bad === null,
    entries_checked: frontier.size,
    checkpoints_checked: checkpointsChecked,
    tree_size: frontier.size,
    root_hash: toHex(frontierRoot(frontier)),
    first_bad,
  });
  const bad = (
    reason: EvidenceProblemReason,
    seq: bigint | null,
    message: string,
    checkpoint?: CheckpointRow,
  ): EvidenceVerification =>
    result({
      reason,
      seq: seq === null ? null : Number(seq),
      checkpoint_id: checkpoint ? checkpoint.checkpoint_id.toString() : null,
      message,
    });
  const checkpointProblem = (c: CheckpointRow): EvidenceVerification | null => {
    checkpointsChecked++;
    const root = frontierRoot(frontier);
    if (bytesEqual(root, c.root_hash)) return null;
    return bad(
      'checkpoint_mismatch',
      null,
      `checkpoint ${c.checkpoint_id} (tree size ${c.tree_size}) has root ${toHex(c.root_hash)}, ` +
        `but the entries give ${toHex(root)}`,
      c,
    );
  };

  for (;;) {
    const page = await pageEntries(db, expected - 1n, head.last_seq, pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      if (row.seq !== expected)
        return bad(
          'deleted',
          expected,
          row.seq === expected + 1n
            ? `entry ${expected} is missing`
            : `entries ${expected} to ${row.seq - 1n} are missing`,
        );
      if (!bytesEqual(entryHash(row.prev_hash, contentOf(row)), row.entry_hash)) {
        const was = await recordedSeq(db, row);
        return was === null
          ? bad(
              'altered',
              row.seq,
              `entry ${row.seq} was altered: its content does not match its hash`,
            )
          : bad('reordered', row.seq, `entry ${row.seq} holds the entry recorded as ${was}`);
      }
      if (!bytesEqual(row.prev_hash, prev))
        return bad(
          'altered',
          row.seq - 1n,
          `entry ${row.seq - 1n} was rewritten: its hash is not the one entry ${row.seq} was chained to`,
        );
      frontier = appendLeaf(frontier, leafHash(row.entry_hash));
      prev = row.entry_hash;
      expected++;
      while (nextCheckpoint < within.length && within[nextCheckpoint]!.tree_size === row.seq) {
        const problem = checkpointProblem(within[nextCheckpoint++]!);
        if (problem) return problem;
      }
    }
  }

  const last = expected - 1n;
  if (last < head.last_seq)
    return bad(
      'deleted',
      expected,
      last + 1n === head.last_seq
        ? `entry ${expected} is missing (the chain head is at ${head.last_seq})`
        : `entries ${expected} to ${head.last_seq} are missing (the chain head is at ${head.last_seq})`,
    );
  if (!bytesEqual(prev, head.last_hash))
    return bad('altered', last, `entry ${last} was rewritten: its hash is not the chain head's`);
  let headRoot: Uint8Array | null = null;
  try {
    headRoot = frontierRoot(decodeFrontier(Number(head.last_seq), head.frontier));
  } catch {
    // a frontier of the wrong length: reported below as a mismatch
  }
  if (!headRoot || !bytesEqual(headRoot, frontierRoot(frontier)))
    return bad(
      'checkpoint_mismatch',
      null,
      'the Merkle frontier of the chain head does not match the entries',
    );
  if (beyond.length > 0) {
    // Checkpoints beyond the head as first read: the head has moved on, or entries are gone.
    const now = await readChainHead(db);
    const lost = beyond.find((c) => c.tree_size > now.last_seq);
    if (lost)
      return bad(
        'deleted',
        now.last_seq + 1n,
        `checkpoint ${lost.checkpoint_id} covers ${lost.tree_size} entries, but the log ends at ${now.last_seq}`,
        lost,
      );
  }
  return result(null);
}
