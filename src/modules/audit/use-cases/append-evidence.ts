import { isDb } from '../../../shared/db/in-transaction.js';
import type { Db, Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { canonicalJson, type JsonObject } from '../domain/canonical-json.js';
import { isAdministrationKind } from '../domain/administration.js';
import { isEvidenceKind, evidenceKinds, type EvidenceKind } from '../domain/evidence-entry.js';
import {
  insertEntries,
  insertEntryCarrying,
  type CarriedInsert,
  type NewEvidenceRow,
} from '../store.js';
import { linkEvidence } from './link-evidence.js';

export type EvidenceInput = {
  kind: EvidenceKind;
  /** null only for administration entries (admin_* kinds) that concern no portfolio */
  portfolioId: bigint | null;
  /** null only for administration entries that concern no debtor */
  debtorId: string | null;
  accountId?: string | null;
  /** Who did it: e.g. "collector:c-17", "agency:a-3", "system:cycle". */
  actor: string;
  occurredAt: Date;
  payload: JsonObject;
};

/**
 * An appended entry: its seq (its id in the log, for proofs) and when it was recorded. Its hash
 * is known once the linker has chained it.
 */
export type AppendedEvidence = { seq: bigint; recordedAt: Date };

export type AppendEvidenceOptions = {
  /**
   * The caller's transaction, so that evidence commits (or rolls back) with what it records.
   * Given a Db instead, the append runs in a transaction of its own.
   */
  db: Queryable | Db;
  entries: readonly EvidenceInput[];
};

function validate(e: EvidenceInput, i: number): void {
  const bad = (why: string): never => {
    throw new AppError('validation_failed', `evidence entry ${i + 1}: ${why}`, { index: i });
  };
  if (!isEvidenceKind(e.kind)) bad(`kind must be one of ${evidenceKinds.join(', ')}`);
  const administration = isAdministrationKind(e.kind);
  if (e.portfolioId === null) {
    if (!administration) bad('portfolio id is required (only administration entries may omit it)');
  } else if (typeof e.portfolioId !== 'bigint' || e.portfolioId < 1n)
    bad('portfolio id must be positive');
  if (e.debtorId === null) {
    if (!administration) bad('debtor id is required (only administration entries may omit it)');
  } else if (!e.debtorId || e.debtorId.length > 64) bad('debtor id must be 1-64 characters');
  if (e.debtorId !== null && e.portfolioId === null) bad('a debtor is named within its portfolio');
  if (e.accountId != null && (e.accountId.length < 1 || e.accountId.length > 64))
    bad('account id must be 1-64 characters');
  if (e.accountId != null && e.debtorId === null) bad('an account is named with its debtor');
  if (!e.actor || e.actor.length > 200) bad('actor must be 1-200 characters');
  if (!(e.occurredAt instanceof Date) || Number.isNaN(e.occurredAt.getTime()))
    bad('occurred_at must be a valid instant');
  if (!e.payload || typeof e.payload !== 'object' || Array.isArray(e.payload))
    bad('payload must be a JSON object');
}

/**
 * Appends entries to the evidence log, in order, inside the caller's transaction: one INSERT that
 * takes no lock (each entry gets the next seq of a sequence), so concurrent appends never wait on
 * each other. The entries are chained (hashed into the log and its Merkle tree) by the linker
 * once they have committed (see linkEvidence). A seq rolled back with its transaction becomes a
 * void in the chain.
 *
 * Given a Db instead of a transaction, the append commits on its own and the linker runs right
 * after it (without waiting for other transactions), so the entries are chained on return unless
 * another transaction's seq is still pending before them.
 */
export async function appendEvidence(opts: AppendEvidenceOptions): Promise<AppendedEvidence[]> {
  const { db, entries } = opts;
  if (isDb(db)) {
    const appended = await db.transaction((tx) => appendEvidence({ db: tx, entries }));
    if (appended.length > 0) await linkEvidence({ db, settleMs: 0 });
    return appended;
  }
  entries.forEach(validate);
  if (entries.length === 0) return [];
  const rows = await insertEntries(db, entries.map(newRow));
  return rows.map((r) => ({ seq: r.seq, recordedAt: r.recorded_at }));
}

function newRow(e: EvidenceInput): NewEvidenceRow {
  return {
    kind: e.kind,
    portfolio_id: e.portfolioId,
    debtor_id: e.debtorId,
    account_id: e.accountId ?? null,
    actor: e.actor,
    occurred_at: e.occurredAt,
    payload_json: canonicalJson(e.payload),
  };
}

export type { CarriedInsert };

export type AppendEvidenceCarryingOptions = {
  /** The caller's transaction. */
  db: Queryable;
  entry: EvidenceInput;
  /** The INSERT that produces the id the entry's payload records (e.g. an attempt's). */
  carried: CarriedInsert;
};

/**
 * Appends one entry as appendEvidence does, in the same statement (one round trip) as another
 * INSERT whose row the entry records: the row's id goes into the payload member named. Both
 * commit or roll back together with the caller's transaction.
 */
export async function appendEvidenceCarrying(
  opts: AppendEvidenceCarryingOptions,
): Promise<AppendedEvidence & { carriedId: bigint }> {
  validate(opts.entry, 0);
  const r = await insertEntryCarrying(opts.db, newRow(opts.entry), opts.carried);
  return { seq: r.seq, recordedAt: r.recorded_at, carriedId: r.carried_id };
}
