/**
 * SQL for the audit module's own tables: evidence_chain_head (one row, moved by the linker only),
 * evidence_entries, evidence_voids and evidence_checkpoints. Hashes go in as hex (decode(...,
 * 'hex'), the same on both engines) and come back as bytes (a Buffer from pg, a Uint8Array from
 * PGlite: both are Uint8Array).
 */
import { preparedNameOf } from '../../shared/db/prepared.js';
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
  /** null only for administration entries (admin_* kinds) */
  portfolio_id: bigint | null;
  debtor_id: string | null;
  account_id: string | null;
  actor: string;
  occurred_at: Date;
  recorded_at: Date;
  payload: JsonObject;
  /** null until the linker chains the entry */
  prev_hash: Uint8Array | null;
  entry_hash: Uint8Array | null;
};

/** A seq that holds no entry (its transaction rolled back), chained like an entry. */
export type VoidRow = {
  seq: bigint;
  recorded_at: Date;
  prev_hash: Uint8Array;
  entry_hash: Uint8Array;
};

/** One position of the chain: an entry, or a void. */
export type ChainRow = (EvidenceRow & { is_void: false }) | (VoidRow & { is_void: true });

export type CheckpointRow = {
  checkpoint_id: bigint;
  tree_size: bigint;
  root_hash: Uint8Array;
  created_at: Date;
  published_ref: string | null;
};

/** An entry to append: its payload already as canonical JSON text. */
export type NewEvidenceRow = Pick<
  EvidenceRow,
  'kind' | 'portfolio_id' | 'debtor_id' | 'account_id' | 'actor' | 'occurred_at'
> & { payload_json: string };

/** A link the linker writes: an entry's place in the chain. */
export type EntryLink = { seq: bigint; prev_hash: Uint8Array; entry_hash: Uint8Array };

const entryColumns = `seq, kind, portfolio_id, debtor_id, account_id, actor, occurred_at,
  recorded_at, payload, prev_hash, entry_hash`;
const checkpointColumns = 'checkpoint_id, tree_size, root_hash, created_at, published_ref';

// the chain head (the linker's)

/**
 * Locks the chain head until the caller's transaction ends (only linkers take it: appends do not)
 * and reads the instant to record voids at, in milliseconds so that it reads back exactly.
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

// appending

/**
 * Appends entries in one statement, in order, taking no lock: each gets the next seq of the
 * sequence and the clock's instant (in milliseconds, so that it reads back exactly as hashed).
 * The transaction's id is taken first (the MATERIALIZED CTE is evaluated before any row is
 * formed), so a seq is only ever held by a transaction the linker can see running: see
 * `runningTransactions`.
 */
export async function insertEntries(
  tx: Queryable,
  rows: readonly NewEvidenceRow[],
): Promise<Array<{ seq: bigint; recorded_at: Date }>> {
  if (rows.length === 0) return [];
  return tx.query(
    `WITH x AS MATERIALIZED (SELECT pg_current_xact_id() AS xid)
     INSERT INTO evidence_entries (seq, kind, portfolio_id, debtor_id, account_id, actor,
       occurred_at, recorded_at, payload)
     SELECT nextval('evidence_entries_seq'), t.kind, t.portfolio_id, t.debtor_id, t.account_id,
       t.actor, t.occurred_at, date_trunc('milliseconds', clock_timestamp()), t.payload::jsonb
     FROM x, unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                    $6::timestamptz[], $7::text[]) WITH ORDINALITY
       AS t (kind, portfolio_id, debtor_id, account_id, actor, occurred_at, payload, i)
     ORDER BY t.i
     RETURNING seq, recorded_at`,
    [
      rows.map((r) => r.kind),
      rows.map((r) => (r.portfolio_id === null ? null : r.portfolio_id.toString())),
      rows.map((r) => r.debtor_id),
      rows.map((r) => r.account_id),
      rows.map((r) => r.actor),
      rows.map((r) => r.occurred_at.toISOString()),
      rows.map((r) => r.payload_json),
    ],
  );
}

/**
 * Another module's INSERT run in the same statement as a one-entry append (fewer round trips on
 * the contact path): its SQL (parameters $1..$n, `RETURNING` one row with the id column named),
 * and the payload member the id is written into (a decimal string, as canonical JSON writes a
 * bigint; it replaces any value the payload gave the member).
 */
export type CarriedInsert = {
  sql: string;
  params: readonly unknown[];
  idColumn: string;
  member: string;
};

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Appends one entry in the statement that runs a carried INSERT, as insertEntries does (no lock;
 * the transaction's id taken before the seq), the entry's payload completed with the carried
 * row's id. Returns the entry's seq and instant, and the carried id.
 */
export async function insertEntryCarrying(
  tx: Queryable,
  row: NewEvidenceRow,
  carried: CarriedInsert,
): Promise<{ seq: bigint; recorded_at: Date; carried_id: bigint }> {
  if (!identifier.test(carried.idColumn)) throw new Error(`not a column name: ${carried.idColumn}`);
  const n = carried.params.length;
  const p = (i: number) => `$${n + i}`;
  const sql = `WITH x AS MATERIALIZED (SELECT pg_current_xact_id() AS xid),
       c AS (${carried.sql})
     INSERT INTO evidence_entries (seq, kind, portfolio_id, debtor_id, account_id, actor,
       occurred_at, recorded_at, payload)
     SELECT nextval('evidence_entries_seq'), ${p(1)}, ${p(2)}::bigint, ${p(3)}, ${p(4)}, ${p(5)},
       ${p(6)}::timestamptz, date_trunc('milliseconds', clock_timestamp()),
       ${p(7)}::jsonb || jsonb_build_object(${p(8)}::text, c.${carried.idColumn}::text)
     FROM x, c
     RETURNING seq, recorded_at, payload ->> ${p(8)}::text AS carried_id`;
  const [out] = await tx.query<{ seq: bigint; recorded_at: Date; carried_id: string }>(
    sql,
    [
      ...carried.params,
      row.kind,
      row.portfolio_id === null ? null : row.portfolio_id.toString(),
      row.debtor_id,
      row.account_id,
      row.actor,
      row.occurred_at.toISOString(),
      row.payload_json,
      carried.member,
    ],
    // the carried INSERTs are constants: a few texts, each prepared once per connection
    { prepared: preparedNameOf('evidence_append', sql) },
  );
  if (!out) throw new Error('the carried INSERT returned no row');
  return { seq: out.seq, recorded_at: out.recorded_at, carried_id: BigInt(out.carried_id) };
}

// linking

/** The last seq the sequence handed out (0 when none yet). */
export async function lastTakenSeq(db: Queryable): Promise<bigint> {
  const [row] = await db.query<{ last: bigint }>(
    'SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS last FROM evidence_entries_seq',
  );
  return row!.last;
}

/**
 * The transactions of this database that hold a transaction id now, as "pid:xid". A transaction
 * takes its id before it takes a seq, so every seq handed out before this call is held by one of
 * these or by none. (Other databases on the server are not waited for.)
 */
export async function runningTransactions(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ t: string }>(
    `SELECT pid || ':' || backend_xid AS t FROM pg_stat_activity
     WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.t);
}

/** Those of the given transactions ("pid:xid") still running. */
export async function stillRunning(db: Queryable, running: readonly string[]): Promise<string[]> {
  if (running.length === 0) return [];
  const now = new Set(await runningTransactions(db));
  return running.filter((t) => now.has(t));
}

/** Up to `limit` entries after `afterSeq` the linker has not chained, in seq order. */
export async function unlinkedEntries(
  tx: Queryable,
  afterSeq: bigint,
  limit: number,
): Promise<EvidenceRow[]> {
  return tx.query<EvidenceRow>(
    `SELECT ${entryColumns} FROM evidence_entries
     WHERE seq > $1 AND entry_hash IS NULL ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
}

/** Fills the hashes of entries (once: a linked entry is left as it is). */
export async function linkEntries(tx: Queryable, links: readonly EntryLink[]): Promise<number> {
  if (links.length === 0) return 0;
  return tx.execute(
    `UPDATE evidence_entries e SET prev_hash = decode(l.prev_hash, 'hex'),
       entry_hash = decode(l.entry_hash, 'hex')
     FROM unnest($1::bigint[], $2::text[], $3::text[]) AS l (seq, prev_hash, entry_hash)
     WHERE e.seq = l.seq AND e.entry_hash IS NULL`,
    [
      links.map((l) => l.seq.toString()),
      links.map((l) => toHex(l.prev_hash)),
      links.map((l) => toHex(l.entry_hash)),
    ],
  );
}

export async function insertVoids(tx: Queryable, voids: readonly VoidRow[]): Promise<void> {
  if (voids.length === 0) return;
  await tx.execute(
    `INSERT INTO evidence_voids (seq, recorded_at, prev_hash, entry_hash)
     SELECT seq, recorded_at, decode(prev_hash, 'hex'), decode(entry_hash, 'hex')
     FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[])
       AS t (seq, recorded_at, prev_hash, entry_hash)`,
    [
      voids.map((v) => v.seq.toString()),
      voids.map((v) => v.recorded_at.toISOString()),
      voids.map((v) => toHex(v.prev_hash)),
      voids.map((v) => toHex(v.entry_hash)),
    ],
  );
}

// reading the chain

/**
 * Up to `limit` positions of the chain after `afterSeq` (entries, linked or not, and voids), in
 * seq order. A seq held by both an entry and a void (only tampering does that) may come twice:
 * see `firstSeqInBoth`.
 */
export async function pageChain(
  db: Queryable,
  afterSeq: bigint,
  limit: number,
): Promise<ChainRow[]> {
  return db.query<ChainRow>(
    `SELECT * FROM (
       SELECT false AS is_void, ${entryColumns} FROM evidence_entries WHERE seq > $1
       UNION ALL
       SELECT true, seq, NULL, NULL, NULL, NULL, NULL, NULL, recorded_at, NULL, prev_hash,
         entry_hash
       FROM evidence_voids WHERE seq > $1
     ) c ORDER BY seq, is_void LIMIT $2`,
    [afterSeq, limit],
  );
}

/** The first seq held by both an entry and a void (only tampering does that), if any. */
export async function firstSeqInBoth(db: Queryable): Promise<bigint | null> {
  const [row] = await db.query<{ seq: bigint | null }>(
    'SELECT min(v.seq) AS seq FROM evidence_voids v JOIN evidence_entries e ON e.seq = v.seq',
  );
  return row?.seq ?? null;
}

/** The entry hashes of the chain at seq afterSeq+1 .. up to maxSeq, at most `limit`, in order. */
export async function pageEntryHashes(
  db: Queryable,
  afterSeq: bigint,
  maxSeq: bigint,
  limit: number,
): Promise<{ seq: bigint; entry_hash: Uint8Array | null }[]> {
  return db.query(
    `SELECT seq, entry_hash FROM (
       SELECT seq, entry_hash FROM evidence_entries WHERE seq > $1 AND seq <= $2
       UNION ALL
       SELECT seq, entry_hash FROM evidence_voids WHERE seq > $1 AND seq <= $2
     ) c ORDER BY seq LIMIT $3`,
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

export async function findVoid(db: Queryable, seq: bigint): Promise<VoidRow | undefined> {
  const [row] = await db.query<VoidRow>(
    'SELECT seq, recorded_at, prev_hash, entry_hash FROM evidence_voids WHERE seq = $1',
    [seq],
  );
  return row;
}

/**
 * The seq numbers of the positions stored with this entry hash (a scan: only a failed
 * verification asks).
 */
export async function seqsWithHash(db: Queryable, hash: Uint8Array): Promise<bigint[]> {
  const rows = await db.query<{ seq: bigint }>(
    `SELECT seq FROM evidence_entries WHERE entry_hash = decode($1, 'hex')
     UNION SELECT seq FROM evidence_voids WHERE entry_hash = decode($1, 'hex') ORDER BY seq`,
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

/**
 * The seq numbers of one debtor's entries up to the chain head (the linked ones), in order (a
 * complaint defence pack reads these).
 */
export async function debtorEntrySeqs(
  db: Queryable,
  portfolioId: bigint,
  debtorId: string,
): Promise<bigint[]> {
  const rows = await db.query<{ seq: bigint }>(
    `SELECT seq FROM evidence_entries
     WHERE portfolio_id = $1 AND debtor_id = $2
       AND seq <= (SELECT last_seq FROM evidence_chain_head WHERE singleton)
     ORDER BY seq`,
    [portfolioId, debtorId],
  );
  return rows.map((r) => r.seq);
}
