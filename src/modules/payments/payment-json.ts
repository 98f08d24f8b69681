/** Payments and ledgers as the API and the CLI show them: money as strings of minor units. */
import type { AccountBalances } from '../portfolio/index.js';
import type { AllocationLine } from './domain/index.js';
import type { PaymentRow, StatementEntryRow } from './store.js';
import type { StatementImportResult } from './use-cases/import-statement.js';
import type { AccountLedger } from './use-cases/get-account-ledger.js';

export function balancesJson(a: AccountBalances) {
  return {
    principal_outstanding_minor: a.principalMinor.toString(),
    interest_outstanding_minor: a.interestMinor.toString(),
    fees_outstanding_minor: a.feesMinor.toString(),
    overdue_amount_minor: a.overdueMinor.toString(),
    oldest_unpaid_due_date: a.oldestUnpaidDueDate,
  };
}

export function paymentJson(p: PaymentRow) {
  return {
    payment_id: Number(p.payment_id),
    portfolio_id: Number(p.portfolio_id),
    account_id: p.account_id,
    currency: p.currency,
    amount_minor: p.amount_minor.toString(),
    applied_minor: p.applied_minor.toString(),
    unapplied_minor: p.unapplied_minor.toString(),
    paid_on: p.paid_on,
    reference: p.reference,
    channel: p.channel,
    source: p.source,
    status: p.status,
    posting_id: Number(p.posting_id),
    reversal_posting_id: p.reversal_posting_id === null ? null : Number(p.reversal_posting_id),
    reversed_on: p.reversed_on,
  };
}

export function allocationJson(lines: readonly AllocationLine[]) {
  return lines.map((l) => ({
    charge_id: l.chargeId,
    component: l.component,
    due_date: l.dueDate,
    amount_minor: l.amountMinor.toString(),
  }));
}

export function ledgerJson(l: AccountLedger) {
  const s = l.summary;
  return {
    portfolio_id: Number(l.portfolioId),
    account_id: l.accountId,
    currency: l.currency,
    summary: {
      net_minor: s.netMinor.toString(),
      charged_minor: s.chargedMinor.toString(),
      paid_minor: s.paidMinor.toString(),
      written_off_minor: s.writtenOffMinor.toString(),
      adjusted_minor: s.adjustedMinor.toString(),
      unapplied_minor: s.unappliedMinor.toString(),
      balance_minor: s.balanceMinor.toString(),
    },
    postings: l.postings.map((p) => ({
      posting_id: Number(p.posting_id),
      kind: p.kind,
      currency: p.currency,
      posted_on: p.posted_on,
      reverses_posting_id: p.reverses_posting_id === null ? null : Number(p.reverses_posting_id),
      memo: p.memo,
      created_at: p.created_at.toISOString(),
      entries: p.entries.map((e) => ({
        line: e.line,
        ledger_account: e.ledger_account,
        charge_id: e.charge_id,
        component: e.component,
        amount_minor: e.amount_minor.toString(),
      })),
    })),
  };
}

export function statementImportJson(r: StatementImportResult) {
  return {
    import_id: Number(r.importId),
    format: r.format,
    entries: r.entries,
    posted: r.posted,
    review: r.review,
    ignored: r.ignored,
    reversed: r.reversed,
    duplicates: r.duplicates,
  };
}

type CandidateJson = {
  portfolio_id: number;
  account_id: string;
  rule: string;
  score: number;
  reasons: string[];
};

export function reviewEntryJson(e: StatementEntryRow) {
  return {
    entry_id: Number(e.entry_id),
    import_id: Number(e.import_id),
    status: e.status,
    statement_id: e.statement_id,
    bank_account: e.bank_account,
    entry_reference: e.entry_reference,
    amount_minor: e.amount_minor.toString(),
    currency: e.currency,
    direction: e.direction,
    booking_date: e.booking_date,
    value_date: e.value_date,
    details: e.details as Record<string, unknown>,
    reason: e.reason,
    candidates: e.candidates as CandidateJson[],
    portfolio_id: e.portfolio_id === null ? null : Number(e.portfolio_id),
    account_id: e.account_id,
    payment_id: e.payment_id === null ? null : Number(e.payment_id),
    resolved_by: e.resolved_by,
  };
}
