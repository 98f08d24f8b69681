/**
 * SQL for the audit module's own tables: evidence_chain_head (one row), evidence_entries and
 * evidence_checkpoints. Hashes go in as hex (decode(..., 'hex'), the same on both engines) and
 * come back as bytes (a Buffer from pg, a Uint8Array from PGlite: both are Uint8Array).
 */
import type { Queryable } from '../../shared/db/types.js';
import { toHex } from './domain/bytes.js';
import type { JsonObject } from './domain/canonical-json.js';

export type ChainHeadRow = {
  last_seq: bigint;
  last_hash: Uint8Array;
  frontier: Uint8Array;
};

export type EvidenceRow = {
  seq: bigint;
  kind: string;
  portfolio_id: bigint;
  debtor_id: string;
  account_id: string | null;
  actor: string;
  occurred_at: Date;
  recorded_at: Date;
  payload: JsonObject;
  prev_hash: Uint8Array;
  entry_hash: Uint8Array;
};

export type CheckpointRow = {
  checkpoint_id: bigint;
  tree_size: bigint;
  root_hash: Uint8Array;
  created_at: Date;
  published_ref: string | null;
};

/** An entry to insert: its payload already as canonical JSON text. */
export type NewEvidenceRow = Omit<EvidenceRow, 'payload'> & { payload_json: string };

const entryColumns = `seq, kind, portfolio_id, debtor_id, account_id, actor, occurred_at,
  recorded_at, payload, prev_hash, entry_hash`;
const checkpointColumns = 'checkpoint_id, tree_size, root_hash, created_at, published_ref';

// the chain head

/**
 * Locks the chain head until the caller's transaction ends (every append waits here, so seq
 * numbers are dense and the chain never forks) and reads the instant to record entries at, in
 * milliseconds so that it reads back exactly as it was hashed.
 */
export async function lockChainHead(tx: Queryable): Promise<ChainHeadRow & { now: Date }> {
  const [row] = await tx.query<ChainHeadRow & { now: Date }>(
    `SELECT last_seq, last_hash, frontier, date_trunc('milliseconds', clock_timestamp()) AS now
     FROM evidence_chain_head WHERE singleton FOR UPDATE`,
  );
  return row!;
}

export async function readChainHead(db: Queryable): Promise<ChainHeadRow> {
  const [row] = await db.query<ChainHeadRow>(
    'SELECT last_seq, last_hash, frontier FROM evidence_chain_head WHERE singleton',
  );
  return row!;
}

export async function moveChainHead(
  tx: Queryable,
  head: { lastSeq: bigint; lastHash: Uint8Array; frontier: Uint8Array },
): Promise<void> {
  await tx.execute(
    `UPDATE evidence_chain_head
     SET last_seq = $1, last_hash = decode($2, 'hex'), frontier = decode($3, 'hex'), updated_at = now()
     WHERE singleton`,
    [head.lastSeq, toHex(head.lastHash), toHex(head.frontier)],
  );
}

// entries

/** Inserts entries in one statement (arrays unnested, the same on both engines). */
export async function insertEntries(tx: Queryable, rows: readonly NewEvidenceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(
    `INSERT INTO evidence_entries (${entryColumns})
     SELECT seq, kind, portfolio_id, debtor_id, account_id, actor, occurred_at, recorded_at,
            payload::jsonb, decode(prev_hash, 'hex'), decode(entry_hash, 'hex')
     FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                 $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[], $11::text[])
       AS t (seq, kind, portfolio_id, debtor_id, account_id, actor, occurred_at, recorded_at,
             payload, prev_hash, entry_hash)`,
    [
      rows.map((r) => r.seq.toString()),
      rows.map((r) => r.kind),
      rows.map((r) => r.portfolio_id.toString()),
      rows.map((r) => r.debtor_id),
      rows.map((r) => r.account_id),
      rows.map((r) => r.actor),
      rows.map((r) => r.occurred_at.toISOString()),
      rows.map((r) => r.recorded_at.toISOString()),
      rows.map((r) => r.payload_json),
      rows.map((r) => toHex(r.prev_hash)),
      rows.map((r) => toHex(r.entry_hash)),
    ],
  );
}

/** Up to `limit` entries after `afterSeq` (up to `maxSeq`), in seq order. */
export async function pageEntries(
  db: Queryable,
  afterSeq: bigint,
  maxSeq: bigint,
  limit: number,
): Promise<EvidenceRow[]> {
  return db.query<EvidenceRow>(
    `SELECT ${entryColumns} FROM evidence_entries
     WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
    [afterSeq, maxSeq, limit],
  );
}

/** The entry hashes of seq afterSeq+1 .. up to maxSeq, at most `limit`, in seq order. */
export async function pageEntryHashes(
  db: Queryable,
  afterSeq: bigint,
  maxSeq: bigint,
  limit: number,
): Promise<{ seq: bigint; entry_hash: Uint8Array }[]> {
  return db.query(
    `SELECT seq, entry_hash FROM evidence_entries
     WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
    [afterSeq, maxSeq, limit],
  );
}

export async function findEntry(db: Queryable, seq: bigint): Promise<EvidenceRow | undefined> {
  const [row] = await db.query<EvidenceRow>(
    `SELECT ${entryColumns} FROM evidence_entries WHERE seq = $1`,
    [seq],
  );
  return row;
}

/** The seq numbers of the entries stored with this entry hash. */
export async function seqsWithHash(db: Queryable, hash: Uint8Array): Promise<bigint[]> {
  const rows = await db.query<{ seq: bigint }>(
    "SELECT seq FROM evidence_entries WHERE entry_hash = decode($1, 'hex') ORDER BY seq",
    [toHex(hash)],
  );
  return rows.map((r) => r.seq);
}

// checkpoints

/** Inserts a checkpoint, or returns the one already taken at that tree size. */
export async function insertCheckpoint(
  tx: Queryable,
  c: { treeSize: bigint; rootHash: Uint8Array; publishedRef: string | null },
): Promise<{ row: CheckpointRow; created: boolean }> {
  const [row] = await tx.query<CheckpointRow>(
    `INSERT INTO evidence_checkpoints (tree_size, root_hash, published_ref)
     VALUES ($1, decode($2, 'hex'), $3)
     ON CONFLICT (tree_size) DO NOTHING
     RETURNING ${checkpointColumns}`,
    [c.treeSize, toHex(c.rootHash), c.publishedRef],
  );
  if (row) return { row, created: true };
  const [existing] = await tx.query<CheckpointRow>(
    `SELECT ${checkpointColumns} FROM evidence_checkpoints WHERE tree_size = $1`,
    [c.treeSize],
  );
  return { row: existing!, created: false };
}

/** Every checkpoint up to a tree size, smallest first. */
export async function listCheckpoints(
  db: Queryable,
  maxTreeSize?: bigint,
): Promise<CheckpointRow[]> {
  return db.query<CheckpointRow>(
    `SELECT ${checkpointColumns} FROM evidence_checkpoints
     WHERE $1::bigint IS NULL OR tree_size <= $1 ORDER BY tree_size, checkpoint_id`,
    [maxTreeSize ?? null],
  );
}

export async function latestCheckpoint(db: Queryable): Promise<CheckpointRow | undefined> {
  const [row] = await db.query<CheckpointRow>(
    `SELECT ${checkpointColumns} FROM evidence_checkpoints ORDER BY tree_size DESC LIMIT 1`,
  );
  return row;
}

/** The seq numbers of one debtor's entries, in order (a complaint defence pack reads these). */
export async function debtorEntrySeqs(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<bigint[]> {
  const rows = await db.query<{ seq: bigint }>(
    `SELECT seq FROM evidence_entries WHERE portfolio_id = $1 AND debtor_id = $2 ORDER BY seq`,
    [portfolioId, debtorId],
  );
  return rows.map((r) => r.seq);
}
