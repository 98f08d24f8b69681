import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import { summarizeLedger, type LedgerSummary, type Posting } from '../domain/index.js';
import { listPostings, type EntryRow, type PostingRow } from '../store.js';

export type GetAccountLedgerOptions = { db: Queryable; portfolioId: bigint; accountId: string };

export type AccountLedger = {
  portfolioId: bigint;
  accountId: string;
  currency: string | null;
  postings: (PostingRow & { entries: EntryRow[] })[];
  /** Derived from the entries alone: balance = charged + adjusted - paid - written off. */
  summary: LedgerSummary;
};

/** An account's ledger: every posting with its entries, and the balances they prove. */
export async function getAccountLedger(opts: GetAccountLedgerOptions): Promise<AccountLedger> {
  const { db, portfolioId, accountId } = opts;
  const [exists] = await db.query(
    'SELECT 1 FROM accounts WHERE portfolio_id = $1 AND account_id = $2',
    [portfolioId, accountId],
  );
  if (!exists)
    throw new AppError('not_found', `no account "${accountId}" in portfolio ${portfolioId}`, {
      portfolio_id: Number(portfolioId),
      account_id: accountId,
    });
  const { postings, entries } = await listPostings(db, portfolioId, accountId);
  const byPosting = new Map<bigint, EntryRow[]>();
  for (const e of entries) {
    const list = byPosting.get(e.posting_id);
    if (list) list.push(e);
    else byPosting.set(e.posting_id, [e]);
  }
  const withEntries = postings.map((p) => ({ ...p, entries: byPosting.get(p.posting_id) ?? [] }));
  const domainPostings: Posting[] = withEntries.map((p) => ({
    postingId: String(p.posting_id),
    kind: p.kind,
    currency: p.currency,
    reversesPostingId: p.reverses_posting_id === null ? null : String(p.reverses_posting_id),
    entries: p.entries.map((e) => ({
      ledgerAccount: e.ledger_account,
      amountMinor: e.amount_minor,
      chargeId: e.charge_id,
      component: e.component,
    })),
  }));
  return {
    portfolioId,
    accountId,
    currency: postings[0]?.currency ?? null,
    postings: withEntries,
    summary: summarizeLedger(domainPostings),
  };
}
