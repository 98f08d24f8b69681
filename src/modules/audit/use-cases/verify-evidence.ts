import type { Queryable } from '../../../shared/db/types.js';
import { bytesEqual, toHex } from '../domain/bytes.js';
import { entryHash, genesisHash, voidHash } from '../domain/evidence-entry.js';
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
  firstSeqInBoth,
  pageChain,
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
  /** Positions (entries and voids) recomputed before the first problem (all of them when ok). */
  entries_checked: number;
  /** Of those, entries not chained by the linker yet (chained here in memory). */
  unlinked: number;
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
async function recordedSeq(
  db: Queryable,
  row: EvidenceRow & { prev_hash: Uint8Array; entry_hash: Uint8Array },
): Promise<bigint | null> {
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

function missing(from: bigint, to: bigint): string {
  return from === to ? `entry ${from} is missing` : `entries ${from} to ${to} are missing`;
}

/**
 * Recomputes the whole evidence log: every entry's hash, every link of the chain, the Merkle
 * root at every checkpoint and at the chain head. Streams the positions in pages (memory is one
 * page plus an O(log n) Merkle frontier) and stops at the first bad one: altered (its hash no
 * longer matches its content), deleted (a seq is missing, or the log ends before the chain head
 * or a checkpoint says it should), reordered (an entry sits at a seq other than the one it was
 * recorded at) — or a checkpoint whose root the entries do not give.
 *
 * Entries the linker has not chained yet are chained here in memory after the head (read only:
 * nothing is written), up to the first seq still pending (held by a transaction that may yet
 * commit, or not yet recorded as a void); they count in `unlinked`, and a checkpoint beyond the
 * head is checked against them.
 */
export async function verifyEvidence(opts: VerifyEvidenceOptions): Promise<EvidenceVerification> {
  const { db } = opts;
  const pageSize = opts.pageSize ?? 5000;
  const head = await readChainHead(db);
  const checkpoints = await listCheckpoints(db);
  const doubled = await firstSeqInBoth(db);

  let frontier: MerkleFrontier = emptyFrontier;
  let prev = genesisHash;
  let expected = 1n;
  let nextCheckpoint = 0;
  let checkpointsChecked = 0;
  let unlinked = 0;
  const result = (first_bad: EvidenceProblem | null): EvidenceVerification => ({
    ok: first_bad === null,
    entries_checked: frontier.size,
    unlinked,
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
  const headProblem = (): EvidenceVerification | null => {
    const last = head.last_seq;
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
    return null;
  };

  if (head.last_seq === 0n) {
    const problem = headProblem();
    if (problem) return problem;
  }
  walk: for (;;) {
    const page = await pageChain(db, expected - 1n, pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      if (row.seq === doubled || row.seq < expected)
        return bad('altered', row.seq, `seq ${row.seq} holds both an entry and a void`);
      if (row.seq !== expected) {
        if (expected > head.last_seq) break walk; // pending: linked by a later run
        return bad('deleted', expected, missing(expected, row.seq - 1n));
      }
      let hash: Uint8Array;
      if (row.prev_hash === null || row.entry_hash === null) {
        if (row.is_void || row.seq <= head.last_seq)
          return bad('altered', row.seq, `entry ${row.seq} was altered: its hashes are gone`);
        // Not linked yet: chained here, in memory.
        hash = entryHash(prev, contentOf(row));
        unlinked++;
      } else {
        const recomputed = row.is_void
          ? voidHash(row.prev_hash, row.seq)
          : entryHash(row.prev_hash, contentOf(row));
        if (!bytesEqual(recomputed, row.entry_hash)) {
          const was = row.is_void
            ? null
            : await recordedSeq(db, {
                ...row,
                prev_hash: row.prev_hash,
                entry_hash: row.entry_hash,
              });
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
        hash = row.entry_hash;
      }
      frontier = appendLeaf(frontier, leafHash(hash));
      prev = hash;
      expected++;
      if (row.seq === head.last_seq) {
        const problem = headProblem();
        if (problem) return problem;
      }
      while (
        nextCheckpoint < checkpoints.length &&
        checkpoints[nextCheckpoint]!.tree_size === row.seq
      ) {
        const problem = checkpointProblem(checkpoints[nextCheckpoint++]!);
        if (problem) return problem;
      }
    }
  }

  const last = expected - 1n;
  if (last < head.last_seq)
    return bad(
      'deleted',
      expected,
      `${missing(expected, head.last_seq)} (the chain head is at ${head.last_seq})`,
    );
  const lost = checkpoints[nextCheckpoint];
  if (lost)
    return bad(
      'deleted',
      last + 1n,
      `checkpoint ${lost.checkpoint_id} covers ${lost.tree_size} entries, but the log ends at ${last}`,
      lost,
    );
  return result(null);
}
