/**
 * For tests only: emptying the evidence log and tampering with it as a table owner would, by
 * disabling the append-only triggers for one transaction (ALTER TABLE ... DISABLE TRIGGER USER
 * works the same on PostgreSQL and PGlite; session_replication_role would need a superuser).
 */
import type { Db } from '../../shared/db/types.js';
import { fromHex, toHex } from './domain/bytes.js';
import { appendLeaf, emptyFrontier, encodeFrontier } from './domain/merkle-frontier.js';
import { leafHash } from './domain/merkle-hash.js';
import { verifyInclusion } from './domain/merkle-verify.js';
import type { InclusionProofJson } from './use-cases/prove-inclusion.js';
import type { EvidenceInput } from './use-cases/append-evidence.js';

const tables = [
  'evidence_entries',
  'evidence_voids',
  'evidence_checkpoints',
  'evidence_chain_head',
];

export async function asTableOwner(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return db.transaction(async (tx) => {
    for (const t of tables) await tx.exec(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    const n = await tx.execute(sql, params);
    for (const t of tables) await tx.exec(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    return n;
  });
}

export async function resetEvidenceLog(db: Db): Promise<void> {
  await asTableOwner(db, 'TRUNCATE evidence_entries, evidence_voids, evidence_checkpoints');
  await db.query("SELECT setval('evidence_entries_seq', 1, false)");
  await asTableOwner(
    db,
    `UPDATE evidence_chain_head SET last_seq = 0, last_hash = decode(repeat('00', 32), 'hex'),
     frontier = ''::bytea`,
  );
}

/** A varied, deterministic entry. */
export const sampleEntry = (i: number, over: Partial<EvidenceInput> = {}): EvidenceInput => ({
  kind: 'gate_decision',
  portfolioId: 1n,
  debtorId: `D${i % 7}`,
  accountId: i % 3 === 0 ? null : `A${i}`,
  actor: 'system:test',
  occurredAt: new Date(Date.UTC(2026, 10, 25, 1, 30, 0, i)),
  payload: {
    attempt: i,
    allowed: i % 2 === 0,
    violations: i % 2 ? ['hours'] : [],
    amount_minor: 1000n * BigInt(i),
  },
  ...over,
});

/**
 * Moves the chain head and the sequence back to seq (as an owner covering up deleted entries
 * would, so that new appends follow on at seq + 1).
 */
export async function rollBackHead(db: Db, seq: number): Promise<void> {
  const rows = await db.query<{ entry_hash: Uint8Array }>(
    `SELECT seq, entry_hash FROM evidence_entries WHERE seq <= $1
     UNION ALL SELECT seq, entry_hash FROM evidence_voids WHERE seq <= $1 ORDER BY seq`,
    [seq],
  );
  let f = emptyFrontier;
  for (const r of rows) f = appendLeaf(f, leafHash(r.entry_hash));
  await asTableOwner(
    db,
    `UPDATE evidence_chain_head SET last_seq = $1, last_hash = decode($2, 'hex'),
       frontier = decode($3, 'hex')`,
    [seq, toHex(rows[rows.length - 1]?.entry_hash ?? new Uint8Array(32)), toHex(encodeFrontier(f))],
  );
  await db.query("SELECT setval('evidence_entries_seq', greatest($1::bigint, 1), $1::bigint > 0)", [
    seq,
  ]);
}

/** Whether a printed inclusion proof verifies against its own root (as an outside reader checks). */
export const proofVerifies = (p: InclusionProofJson): boolean =>
  verifyInclusion(
    fromHex(p.leaf_hash),
    p.leaf_index,
    p.tree_size,
    p.audit_path.map(fromHex),
    fromHex(p.root_hash),
  );
