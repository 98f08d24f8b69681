import type { Db, Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { toHex } from '../domain/bytes.js';
import { canonicalJson, type JsonObject } from '../domain/canonical-json.js';
import {
  entryHash,
  isEvidenceKind,
  evidenceKinds,
  type EvidenceKind,
} from '../domain/evidence-entry.js';
import { appendLeaf, decodeFrontier, encodeFrontier } from '../domain/merkle-frontier.js';
import { leafHash } from '../domain/merkle-hash.js';
import { insertEntries, lockChainHead, moveChainHead, type NewEvidenceRow } from '../store.js';

export type EvidenceInput = {
  kind: EvidenceKind;
  portfolioId: bigint;
  debtorId: string;
  accountId?: string | null;
  /** Who did it: e.g. "collector:c-17", "agency:a-3", "system:cycle". */
  actor: string;
  occurredAt: Date;
  payload: JsonObject;
};

export type AppendedEvidence = { seq: bigint; entryHash: string; recordedAt: Date };

export type AppendEvidenceOptions = {
  /**
   * The caller's transaction, so that evidence commits (or rolls back) with what it records.
   * Given a Db instead, the append runs in a transaction of its own.
   */
  db: Queryable | Db;
  entries: readonly EvidenceInput[];
};

function isDb(q: Queryable | Db): q is Db {
  return typeof (q as Partial<Db>).transaction === 'function';
}

function validate(e: EvidenceInput, i: number): void {
  const bad = (why: string): never => {
    throw new AppError('validation_failed', `evidence entry ${i + 1}: ${why}`, { index: i });
  };
  if (!isEvidenceKind(e.kind)) bad(`kind must be one of ${evidenceKinds.join(', ')}`);
  if (typeof e.portfolioId !== 'bigint' || e.portfolioId < 1n) bad('portfolio id must be positive');
  if (!e.debtorId || e.debtorId.length > 64) bad('debtor id must be 1-64 characters');
  if (e.accountId != null && (e.accountId.length < 1 || e.accountId.length > 64))
    bad('account id must be 1-64 characters');
  if (!e.actor || e.actor.length > 200) bad('actor must be 1-200 characters');
  if (!(e.occurredAt instanceof Date) || Number.isNaN(e.occurredAt.getTime()))
    bad('occurred_at must be a valid instant');
  if (!e.payload || typeof e.payload !== 'object' || Array.isArray(e.payload))
    bad('payload must be a JSON object');
}

/**
 * Appends entries to the evidence log, in order, inside the caller's transaction. The chain head
 * is locked until that transaction ends, so concurrent appends queue (keep the append near the
 * end of the transaction) and can never share a seq number or fork the chain.
 */
export async function appendEvidence(opts: AppendEvidenceOptions): Promise<AppendedEvidence[]> {
  const { db, entries } = opts;
  if (isDb(db)) return db.transaction((tx) => appendEvidence({ db: tx, entries }));
  entries.forEach(validate);
  if (entries.length === 0) return [];
  const head = await lockChainHead(db);
  let frontier = decodeFrontier(Number(head.last_seq), head.frontier);
  let prev: Uint8Array = head.last_hash;
  let seq = head.last_seq;
  const rows: NewEvidenceRow[] = entries.map((e) => {
    seq += 1n;
    // Whole milliseconds: timestamptz keeps them exactly, so the hash recomputes on read.
    const content = {
      seq,
      kind: e.kind,
      portfolioId: e.portfolioId,
      debtorId: e.debtorId,
      accountId: e.accountId ?? null,
      actor: e.actor,
      occurredAt: e.occurredAt,
      recordedAt: head.now,
      payload: e.payload,
    };
    const hash = entryHash(prev, content);
    const row: NewEvidenceRow = {
      seq,
      kind: e.kind,
      portfolio_id: e.portfolioId,
      debtor_id: e.debtorId,
      account_id: content.accountId,
      actor: e.actor,
      occurred_at: e.occurredAt,
      recorded_at: head.now,
      payload_json: canonicalJson(e.payload),
      prev_hash: prev,
      entry_hash: hash,
    };
    frontier = appendLeaf(frontier, leafHash(hash));
    prev = hash;
    return row;
  });
  await insertEntries(db, rows);
  await moveChainHead(db, { lastSeq: seq, lastHash: prev, frontier: encodeFrontier(frontier) });
  return rows.map((r) => ({
    seq: r.seq,
    entryHash: toHex(r.entry_hash),
    recordedAt: r.recorded_at,
  }));
}
