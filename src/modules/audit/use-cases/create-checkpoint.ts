import { isDb } from '../../../shared/db/in-transaction.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { decodeFrontier, frontierRoot } from '../domain/merkle-frontier.js';
import { insertCheckpoint, readChainHead } from '../store.js';
import { checkpointJson, type CheckpointJson } from '../checkpoint-json.js';
import { linkEvidence } from './link-evidence.js';

export type CreateCheckpointOptions = {
  /** Given a Db, every committed entry is linked first (see linkEvidence). */
  db: Queryable | Db;
  /** Where the tree head is (or will be) published, when known now. */
  publishedRef?: string | null;
};

export type CreatedCheckpoint = CheckpointJson & { created: boolean };

/**
 * Takes a checkpoint: the RFC 9162 tree head (size and root) of the linked log, read from the
 * Merkle frontier kept beside the chain head (O(log n), no scan). Taking one when
 * nothing was appended since the last returns that one (created: false).
 */
export async function createCheckpoint(opts: CreateCheckpointOptions): Promise<CreatedCheckpoint> {
  if (isDb(opts.db)) await linkEvidence({ db: opts.db });
  const head = await readChainHead(opts.db);
  if (head.last_seq === 0n)
    throw new AppError('conflict', 'the evidence log is empty: there is nothing to checkpoint', {
      reason: 'nothing_to_checkpoint',
    });
  const root = frontierRoot(decodeFrontier(Number(head.last_seq), head.frontier));
  const { row, created } = await insertCheckpoint(opts.db, {
    treeSize: head.last_seq,
    rootHash: root,
    publishedRef: opts.publishedRef ?? null,
  });
  return { ...checkpointJson(row), created };
}
