/**
 * Shared steps of every use case that posts to an account's ledger (payments, reversals,
 * write-offs): the opening balance on the first posting, the allocation policy of the product,
 * and the credit a posting makes to the account's outstanding columns.
 */
import type { CalendarDate } from '../../shared/calendar.js';
import type { Queryable } from '../../shared/db/types.js';
import type { AccountBalances, AccountCredit } from '../portfolio/index.js';
import {
  chargePosting,
  defaultAllocationPolicy,
  validatePolicy,
  type AllocationPolicy,
  type OpenCharge,
  type Posting,
} from './domain/index.js';
import { findPolicySetting, insertCharges, insertPosting, listOpenCharges } from './store.js';

/**
 * The opening of an account's ledger from its imported balances: one charge per component, due on
 * the oldest unpaid due date, else the next due date, else the posting day, and the posting that
 * charges them. Null when the account owes nothing.
 */
export function openingOf(
  account: AccountBalances,
  postedOn: CalendarDate,
): { charges: OpenCharge[]; posting: Posting } | null {
  const due = account.oldestUnpaidDueDate ?? account.nextDueDate ?? postedOn;
  const charges: OpenCharge[] = [
    {
      chargeId: 'opening:fee',
      component: 'fee',
      dueDate: due,
      outstandingMinor: account.feesMinor,
    },
    {
      chargeId: 'opening:interest',
      component: 'interest',
      dueDate: due,
      outstandingMinor: account.interestMinor,
    },
    {
      chargeId: 'opening:principal',
      component: 'principal',
      dueDate: due,
      outstandingMinor: account.principalMinor,
    },
  ].filter((c): c is OpenCharge => c.outstandingMinor > 0n);
  if (charges.length === 0) return null;
  return {
    charges,
    posting: {
      postingId: 'opening',
      kind: 'charge',
      currency: account.currency,
      reversesPostingId: null,
      entries: charges.flatMap((c) => chargePosting('opening', account.currency, c).entries),
    },
  };
}

export const openingMemo = 'opening balance';

/**
 * The account's open charges as the ledger proves them. On the account's first posting the
 * ledger is opened from the imported balances (openingOf), so that from then on every
 * outstanding amount is charges - credits.
 */
export async function openChargesOf(
  tx: Queryable,
  account: AccountBalances,
  postedOn: CalendarDate,
): Promise<OpenCharge[]> {
  const existing = await listOpenCharges(tx, account.portfolioId, account.accountId);
  if (existing.length > 0) return existing;
  const opening = openingOf(account, postedOn);
  if (opening === null) return [];
  await insertCharges(
    tx,
    account.portfolioId,
    account.accountId,
    account.currency,
    opening.charges,
  );
  await insertPosting(tx, {
    portfolioId: account.portfolioId,
    accountId: account.accountId,
    postedOn,
    memo: openingMemo,
    posting: opening.posting,
  });
  return opening.charges;
}

/** The product's allocation policy: settings key allocation_policy:<product>, else the default. */
export async function allocationPolicyOf(
  tx: Queryable,
  product: string,
): Promise<AllocationPolicy> {
  const text = await findPolicySetting(tx, product);
  if (text === null) return defaultAllocationPolicy;
  const policy = JSON.parse(text) as AllocationPolicy;
  validatePolicy(policy);
  return policy;
}

/** What a posting's receivable entries take off (> 0) or put back on (< 0) each component. */
export function receivableCredit(posting: Posting): {
  principalMinor: bigint;
  interestMinor: bigint;
  feesMinor: bigint;
  totalMinor: bigint;
} {
  let principalMinor = 0n;
  let interestMinor = 0n;
  let feesMinor = 0n;
  for (const e of posting.entries) {
    if (e.ledgerAccount !== 'receivable') continue;
    if (e.component === 'principal') principalMinor -= e.amountMinor;
    else if (e.component === 'fee') feesMinor -= e.amountMinor;
    else interestMinor -= e.amountMinor;
  }
  return {
    principalMinor,
    interestMinor,
    feesMinor,
    totalMinor: principalMinor + interestMinor + feesMinor,
  };
}

/**
 * The account credit of a posting that reduces the balance: the overdue amount goes down by what
 * was taken off (never below zero), and never stays above the balance left.
 */
export function reducingCredit(account: AccountBalances, posting: Posting): AccountCredit {
  const c = receivableCredit(posting);
  const balanceAfter =
    account.principalMinor + account.interestMinor + account.feesMinor - c.totalMinor;
  let overdueAfter = account.overdueMinor - c.totalMinor;
  if (overdueAfter < 0n) overdueAfter = 0n;
  if (overdueAfter > balanceAfter) overdueAfter = balanceAfter < 0n ? 0n : balanceAfter;
  return {
    principalMinor: c.principalMinor,
    interestMinor: c.interestMinor,
    feesMinor: c.feesMinor,
    overdueMinor: account.overdueMinor - overdueAfter,
  };
}
