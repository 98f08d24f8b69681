import type { Db, Queryable } from '../../../shared/db/types.js';
import { checkpointJson, type CheckpointJson } from '../checkpoint-json.js';
import { toHex } from '../domain/bytes.js';
import { consistencyProof } from '../domain/merkle-tree.js';
import { loadEvidenceTree } from '../load-evidence-tree.js';
import { listCheckpoints } from '../store.js';
import { recordAdministration, type AuditStamp } from './record-administration.js';

export type ExportCheckpointsOptions = {
  /** Given a Db, the export's evidence entry commits (and is linked) on its own. */
  db: Queryable | Db;
  /** who exports them and when, for the administration trail */
  audit: AuditStamp;
  /** Add the RFC 9162 consistency proof from each checkpoint's predecessor (builds the tree). */
  withConsistencyProofs?: boolean;
};

export type ExportedCheckpoint = CheckpointJson & {
  /** From the previous checkpoint's tree to this one (absent for the first). */
  consistency_proof?: string[];
};

/** The checkpoints as JSON for publishing outside the database, oldest first. */
export type CheckpointsExport = {
  log: 'recourse-evidence';
  tree: 'RFC 9162 Merkle tree, SHA-256; leaf data = entry_hash';
  checkpoints: ExportedCheckpoint[];
};

/**
 * Every checkpoint, for publishing outside the database; the export itself is recorded in the
 * administration trail (admin_checkpoints_exported), after the checkpoints were read.
 */
export async function exportCheckpoints(
  opts: ExportCheckpointsOptions,
): Promise<CheckpointsExport> {
  const rows = await listCheckpoints(opts.db);
  const checkpoints: ExportedCheckpoint[] = rows.map(checkpointJson);
  const last = rows[rows.length - 1];
  if (opts.withConsistencyProofs && last) {
    const tree = await loadEvidenceTree(opts.db, last.tree_size);
    for (let i = 1; i < rows.length; i++)
      checkpoints[i]!.consistency_proof = consistencyProof(
        tree,
        Number(rows[i - 1]!.tree_size),
        Number(rows[i]!.tree_size),
      ).map(toHex);
  }
  await recordAdministration({
    db: opts.db,
    entry: {
      kind: 'admin_checkpoints_exported',
      actor: opts.audit.actor,
      occurredAt: opts.audit.at,
      payload: {
        checkpoints: rows.length,
        tree_size: last ? Number(last.tree_size) : 0,
        consistency_proofs: Boolean(opts.withConsistencyProofs),
      },
    },
  });
  return {
    log: 'recourse-evidence',
    tree: 'RFC 9162 Merkle tree, SHA-256; leaf data = entry_hash',
    checkpoints,
  };
}
