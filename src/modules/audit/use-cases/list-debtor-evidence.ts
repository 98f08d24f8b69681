import type { Queryable } from '../../../shared/db/types.js';
import { toHex } from '../domain/bytes.js';
import type { JsonObject } from '../domain/canonical-json.js';
import { verificationOf, type EntryVerification } from '../entry-verification.js';
import { selectDebtorEntries } from '../evidence-read-sql.js';
import { listCheckpoints } from '../store.js';

export type { EntryVerification } from '../entry-verification.js';

export type ListDebtorEvidenceOptions = {
  db: Queryable;
  portfolioId: bigint;
  debtorId: string;
  /** Entries before this seq (a page's next_before); the newest when absent. */
  before?: bigint | undefined;
  limit: number;
};

export type DebtorEvidenceEntry = {
  seq: number;
  kind: string;
  account_id: string | null;
  actor: string;
  occurred_at: string;
  recorded_at: string;
  payload: JsonObject;
  entry_hash: string | null;
  verification: EntryVerification;
  /** The first checkpoint whose tree holds the entry. */
  checkpoint_id: string | null;
};

/** One debtor's evidence entries, newest first, each with what its hash and link show. */
export async function listDebtorEvidence(
  opts: ListDebtorEvidenceOptions,
): Promise<{ items: DebtorEvidenceEntry[]; next_before: number | null }> {
  const rows = await selectDebtorEntries(opts.db, {
    portfolioId: opts.portfolioId,
    debtorId: opts.debtorId,
    before: opts.before ?? null,
    limit: opts.limit,
  });
  const checkpoints = await listCheckpoints(opts.db);
  const items = rows.map((row): DebtorEvidenceEntry => {
    const { verification, checkpoint: covering } = verificationOf(row, checkpoints);
    return {
      seq: Number(row.seq),
      kind: row.kind,
      account_id: row.account_id,
      actor: row.actor,
      occurred_at: row.occurred_at.toISOString(),
      recorded_at: row.recorded_at.toISOString(),
      payload: row.payload,
      entry_hash: row.entry_hash === null ? null : toHex(row.entry_hash),
      verification,
      checkpoint_id: covering ? covering.checkpoint_id.toString() : null,
    };
  });
  const last = rows[rows.length - 1];
  return {
    items,
    next_before: rows.length === opts.limit && last ? Number(last.seq) : null,
  };
}
