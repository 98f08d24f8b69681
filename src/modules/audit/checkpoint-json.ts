import { toHex } from './domain/bytes.js';
import type { CheckpointRow } from './store.js';

/** A checkpoint as printed, exported and published (hashes in hex, sizes as numbers). */
export type CheckpointJson = {
  checkpoint_id: string;
  tree_size: number;
  root_hash: string;
  created_at: string;
  published_ref: string | null;
};

export function checkpointJson(c: CheckpointRow): CheckpointJson {
  return {
    checkpoint_id: c.checkpoint_id.toString(),
    tree_size: Number(c.tree_size),
    root_hash: toHex(c.root_hash),
    created_at: c.created_at.toISOString(),
    published_ref: c.published_ref,
  };
}
