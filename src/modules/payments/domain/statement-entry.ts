/**
 * One booked line of a bank statement, whatever file it came from (camt.053 or the statement
 * CSV): the shape reconciliation matches against accounts.
 */
import type { CalendarDate } from '../../../shared/calendar.js';

export type Direction = 'credit' | 'debit';

export type StatementEntry = {
  /** The statement's id in the file (camt.053 Stmt/Id, CSV statement_id). */
  readonly statementId: string;
  /** The bank account the statement is for (IBAN or other id). */
  readonly bankAccount: string;
  /** 0-based position of the entry in its statement. */
  readonly index: number;
  /** Always > 0 for a payment line (zero only where the bank booked zero); direction says which way. */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly direction: Direction;
  readonly reversal: boolean;
  readonly bookingDate: CalendarDate | null;
  readonly valueDate: CalendarDate | null;
  /** The bank's entry reference (camt.053 NtryRef). */
  readonly entryReference: string | null;
  /** The account servicer's reference (camt.053 AcctSvcrRef). */
  readonly accountServicerReference: string | null;
  /**
   * References the payer supplied (end-to-end ids, structured creditor references): what a debtor
   * quotes when told to pay with a reference.
   */
  readonly payerReferences: readonly string[];
  /** Unstructured remittance lines and structured reference texts, in file order. */
  readonly remittance: readonly string[];
  readonly debtorName: string | null;
  readonly debtorAccount: string | null;
};

/** A stable key for "the same entry" across imports of one statement (idempotent posting). */
export function entryKey(e: StatementEntry): string {
  const ref = e.accountServicerReference ?? e.entryReference;
  return ref !== null
    ? `${e.bankAccount}|ref|${ref}`
    : `${e.bankAccount}|${e.statementId}|${e.index}`;
}
