/**
 * Double-entry postings of an account's money. Each posting's entries sum to zero (debits
 * positive, credits negative), so the whole ledger does too. The account's balance is the sum of
 * its receivable entries, which equals charges - credits (payments net of reversals, and
 * write-offs): nothing about a balance is stored that the entries do not prove.
 *
 * Ledger accounts:
 *   receivable   what the debtor owes, per charge (debit raises it)
 *   origination  the other side of a charge (principal lent, interest and fees earned)
 *   cash         money received (the bank's clearing account)
 *   unapplied    an overpayment held for the debtor (a liability)
 *   write_off    forgiven amounts (settlement discounts, waived penalty interest and fees)
 *   adjustment   the other side of a balance change a loan tape re-import brought (the bank's
 *                books said the account owes more or less than its ledger proved)
 */
import type { Allocation, AllocationLine, ChargeComponent, OpenCharge } from './allocation.js';
import { invalid, requireCurrency, requirePositive, sumMinor } from './money-checks.js';

export type LedgerAccount =
  'receivable' | 'origination' | 'cash' | 'unapplied' | 'write_off' | 'adjustment';
export type PostingKind = 'charge' | 'payment' | 'reversal' | 'write_off' | 'adjustment';

export type LedgerEntry = {
  readonly ledgerAccount: LedgerAccount;
  /** Debit > 0, credit < 0. */
  readonly amountMinor: bigint;
  readonly chargeId: string | null;
  readonly component: ChargeComponent | null;
};

export type Posting = {
  readonly postingId: string;
  readonly kind: PostingKind;
  readonly currency: string;
  /** For a reversal, the posting it reverses. */
  readonly reversesPostingId: string | null;
  readonly entries: readonly LedgerEntry[];
};

function posting(
  postingId: string,
  kind: PostingKind,
  currency: string,
  entries: LedgerEntry[],
  reversesPostingId: string | null = null,
): Posting {
  const p: Posting = {
    postingId,
    kind,
    currency,
    reversesPostingId,
    entries: entries.filter((e) => e.amountMinor !== 0n),
  };
  assertBalanced(p);
  return p;
}

/** Throws when a posting's entries do not sum to zero (a programming error, never user input). */
export function assertBalanced(p: Posting): void {
  const total = sumMinor(p.entries.map((e) => e.amountMinor));
  if (total !== 0n) throw new Error(`posting ${p.postingId} is unbalanced by ${total}`);
}

/** A new charge on the account: Dr receivable, Cr origination. */
export function chargePosting(postingId: string, currency: string, charge: OpenCharge): Posting {
  requireCurrency('currency', currency);
  requirePositive('charge.outstandingMinor', charge.outstandingMinor);
  const { chargeId, component } = charge;
  return posting(postingId, 'charge', currency, [
    { ledgerAccount: 'receivable', amountMinor: charge.outstandingMinor, chargeId, component },
    { ledgerAccount: 'origination', amountMinor: -charge.outstandingMinor, chargeId, component },
  ]);
}

/** A payment as allocated: Dr cash, Cr receivable per line, Cr unapplied for the overpayment. */
export function paymentPosting(postingId: string, allocation: Allocation): Posting {
  requireCurrency('allocation.currency', allocation.currency);
  const lines = sumMinor(allocation.lines.map((l) => l.amountMinor));
  if (lines + allocation.unappliedMinor !== allocation.paymentMinor)
    throw invalid('allocation', 'lines and unapplied remainder do not add up to the payment');
  return posting(postingId, 'payment', allocation.currency, [
    {
      ledgerAccount: 'cash',
      amountMinor: allocation.paymentMinor,
      chargeId: null,
      component: null,
    },
    ...allocation.lines.map((l): LedgerEntry => ({
      ledgerAccount: 'receivable',
      amountMinor: -l.amountMinor,
      chargeId: l.chargeId,
      component: l.component,
    })),
    {
      ledgerAccount: 'unapplied',
      amountMinor: -allocation.unappliedMinor,
      chargeId: null,
      component: null,
    },
  ]);
}

/** The mirror of a payment posting: every entry negated, so it restores exactly what it reduced. */
export function reversalPosting(postingId: string, original: Posting): Posting {
  if (original.kind !== 'payment')
    throw invalid('original.kind', `only a payment can be reversed (got ${original.kind})`);
  return posting(
    postingId,
    'reversal',
    original.currency,
    original.entries.map((e) => ({ ...e, amountMinor: -e.amountMinor })),
    original.postingId,
  );
}

/** Forgiven amounts (a settlement's remainder, waived fees): Dr write_off, Cr receivable. */
export function writeOffPosting(
  postingId: string,
  currency: string,
  lines: readonly AllocationLine[],
): Posting {
  requireCurrency('currency', currency);
  lines.forEach((l, i) => requirePositive(`lines[${i}].amountMinor`, l.amountMinor));
  const total = sumMinor(lines.map((l) => l.amountMinor));
  requirePositive('lines', total);
  return posting(postingId, 'write_off', currency, [
    { ledgerAccount: 'write_off', amountMinor: total, chargeId: null, component: null },
    ...lines.map((l): LedgerEntry => ({
      ledgerAccount: 'receivable',
      amountMinor: -l.amountMinor,
      chargeId: l.chargeId,
      component: l.component,
    })),
  ]);
}

export type LedgerSummary = {
  /** Sum of all entries of every posting: zero, always. */
  readonly netMinor: bigint;
  readonly chargedMinor: bigint;
  /** Payments applied to charges, net of reversals. */
  readonly paidMinor: bigint;
  readonly writtenOffMinor: bigint;
  /** What loan tape re-imports added (> 0) or took off (< 0) the balance. */
  readonly adjustedMinor: bigint;
  readonly unappliedMinor: bigint;
  /** charged + adjusted - paid - written off = the sum of the receivable entries. */
  readonly balanceMinor: bigint;
};

/** Balances of one account's postings (one currency), derived from the entries alone. */
export function summarizeLedger(postings: readonly Posting[]): LedgerSummary {
  let netMinor = 0n;
  let chargedMinor = 0n;
  let paidMinor = 0n;
  let writtenOffMinor = 0n;
  let adjustedMinor = 0n;
  let unappliedMinor = 0n;
  let receivable = 0n;
  for (const p of postings) {
    for (const e of p.entries) {
      netMinor += e.amountMinor;
      if (e.ledgerAccount === 'unapplied') unappliedMinor -= e.amountMinor;
      if (e.ledgerAccount !== 'receivable') continue;
      receivable += e.amountMinor;
      if (p.kind === 'charge') chargedMinor += e.amountMinor;
      else if (p.kind === 'write_off') writtenOffMinor -= e.amountMinor;
      else if (p.kind === 'adjustment') adjustedMinor += e.amountMinor;
      else paidMinor -= e.amountMinor;
    }
  }
  const balanceMinor = chargedMinor + adjustedMinor - paidMinor - writtenOffMinor;
  if (balanceMinor !== receivable) throw new Error('ledger summary does not reconcile');
  return {
    netMinor,
    chargedMinor,
    paidMinor,
    writtenOffMinor,
    adjustedMinor,
    unappliedMinor,
    balanceMinor,
  };
}

/**
 * The open charges as the ledger proves them: each charge's outstanding amount is the sum of its
 * receivable entries. `charges` gives each charge's component and due date.
 */
export function openChargesFromLedger(
  postings: readonly Posting[],
  charges: readonly Omit<OpenCharge, 'outstandingMinor'>[],
): OpenCharge[] {
  const outstanding = new Map<string, bigint>();
  for (const p of postings)
    for (const e of p.entries)
      if (e.ledgerAccount === 'receivable' && e.chargeId !== null)
        outstanding.set(e.chargeId, (outstanding.get(e.chargeId) ?? 0n) + e.amountMinor);
  return charges.map((c) => ({ ...c, outstandingMinor: outstanding.get(c.chargeId) ?? 0n }));
}
