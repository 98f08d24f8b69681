/** SQL for retention over the payments' tables: what names the payer. */
import type { Queryable } from '../../shared/db/types.js';

/** The bank statement details that name or identify the payer (kept until anonymised). */
export const payerDetails = ['remittance', 'debtor_name', 'debtor_account', 'payer_references'];

/**
 * Erases what identifies the payer of the accounts' payments: the reversal reasons (free text),
 * and the matched statement entries' payer details (name, account, remittance, references) and
 * suggested matches. Amounts, dates, the transaction references (also in the append-only ledger's
 * memos: a bank's transaction id, not the person) and the ledger stay.
 */
export async function erasePaymentRows(
  db: Queryable,
  portfolioId: bigint,
  accountIds: readonly string[],
): Promise<{ payments: number; statementEntries: number }> {
  const payments = await db.execute(
    `UPDATE payments SET reversal_reason = NULL
     WHERE portfolio_id = $1 AND account_id = ANY($2::text[]) AND reversal_reason IS NOT NULL`,
    [portfolioId, accountIds],
  );
  const statementEntries = await db.execute(
    `UPDATE statement_entries SET details = details - $3::text[], candidates = '[]'::jsonb
     WHERE portfolio_id = $1 AND account_id = ANY($2::text[])
       AND (details ?| $3::text[] OR candidates <> '[]'::jsonb)`,
    [portfolioId, accountIds, payerDetails],
  );
  return { payments, statementEntries };
}
