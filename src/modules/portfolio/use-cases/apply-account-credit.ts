/**
 * The one way another module changes an account's outstanding amounts (payments, reversals,
 * write-offs): lock the account, let the caller decide from its current amounts, apply the credit.
 *
 * A credit reduces the outstanding principal, interest and fees by the given amounts (negative
 * amounts restore them: a reversal) and the overdue amount by `overdueMinor`. When the overdue
 * amount reaches zero the account has no oldest unpaid due date any more (the next cycle cures
 * it: DPD 0, bucket current); when a restore makes it positive again, the oldest unpaid due date
 * becomes the earlier of the current one and `restoreOldestUnpaidDueDate`.
 *
 * An account that owes nothing after the credit is closed (when the credit says how: paid off on
 * the payment's day, settled, written off), and stays closed from its first closing day; an
 * account that owes again (a reversal) is open again.
 */
import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';

export type AccountBalances = {
  portfolioId: bigint;
  accountId: string;
  debtorId: string;
  product: string;
  currency: string;
  principalMinor: bigint;
  interestMinor: bigint;
  feesMinor: bigint;
  overdueMinor: bigint;
  oldestUnpaidDueDate: CalendarDate | null;
  nextDueDate: CalendarDate | null;
  nextDueAmountMinor: bigint | null;
};

export type AccountCredit = {
  principalMinor: bigint;
  interestMinor: bigint;
  feesMinor: bigint;
  overdueMinor: bigint;
  /** Used when a restore (negative overdueMinor) makes the account overdue again. */
  restoreOldestUnpaidDueDate?: CalendarDate | null;
  /** How and on which day the account is closed if the credit leaves nothing owed. */
  closure?: { on: CalendarDate; closure: AccountClosure };
};

/** How an account came to owe nothing (accounts.closure). */
export const accountClosures = ['paid_off', 'settled', 'written_off'] as const;
export type AccountClosure = (typeof accountClosures)[number];

export type ApplyAccountCreditOptions<T> = {
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  /** Decides the credit from the locked account; may do its own writes in the same tx. */
  decide: (account: AccountBalances) => Promise<{ credit: AccountCredit | null; result: T }>;
};

type Row = {
  portfolio_id: bigint;
  account_id: string;
  debtor_id: string;
  product: string;
  currency: string;
  principal_outstanding_minor: bigint;
  interest_outstanding_minor: bigint;
  fees_outstanding_minor: bigint;
  overdue_amount_minor: bigint;
  oldest_unpaid_due_date: CalendarDate | null;
  next_due_date: CalendarDate | null;
  next_due_amount_minor: bigint | null;
};

const columns = `portfolio_id, account_id, debtor_id, product, currency,
  principal_outstanding_minor, interest_outstanding_minor, fees_outstanding_minor,
  overdue_amount_minor, oldest_unpaid_due_date, next_due_date, next_due_amount_minor`;

function balancesOf(r: Row): AccountBalances {
  return {
    portfolioId: r.portfolio_id,
    accountId: r.account_id,
    debtorId: r.debtor_id,
    product: r.product,
    currency: r.currency,
    principalMinor: r.principal_outstanding_minor,
    interestMinor: r.interest_outstanding_minor,
    feesMinor: r.fees_outstanding_minor,
    overdueMinor: r.overdue_amount_minor,
    oldestUnpaidDueDate: r.oldest_unpaid_due_date,
    nextDueDate: r.next_due_date,
    nextDueAmountMinor: r.next_due_amount_minor,
  };
}

export async function applyAccountCredit<T>(
  opts: ApplyAccountCreditOptions<T>,
): Promise<{ before: AccountBalances; after: AccountBalances; result: T }> {
  const { tx, portfolioId, accountId } = opts;
  const [row] = await tx.query<Row>(
    `SELECT ${columns} FROM accounts WHERE portfolio_id = $1 AND account_id = $2 FOR UPDATE`,
    [portfolioId, accountId],
  );
  if (!row)
    throw new AppError('not_found', `no account "${accountId}" in portfolio ${portfolioId}`, {
      field: 'account_id',
      account_id: accountId,
      portfolio_id: Number(portfolioId),
    });
  const before = balancesOf(row);
  const { credit, result } = await opts.decide(before);
  if (credit === null) return { before, after: before, result };
  const next = {
    principal: before.principalMinor - credit.principalMinor,
    interest: before.interestMinor - credit.interestMinor,
    fees: before.feesMinor - credit.feesMinor,
    overdue: before.overdueMinor - credit.overdueMinor,
  };
  for (const [name, v] of Object.entries(next))
    if (v < 0n) throw new Error(`account credit would make ${name} negative (${v})`);
  const restore = credit.restoreOldestUnpaidDueDate ?? null;
  const [updated] = await tx.query<Row>(
    `UPDATE accounts SET
       principal_outstanding_minor = $3, interest_outstanding_minor = $4,
       fees_outstanding_minor = $5, overdue_amount_minor = $6,
       oldest_unpaid_due_date = CASE
         WHEN $6::int8 = 0 THEN NULL
         WHEN oldest_unpaid_due_date IS NULL THEN coalesce($7::date, $8::date)
         WHEN $7::date IS NULL THEN oldest_unpaid_due_date
         ELSE least(oldest_unpaid_due_date, $7::date) END,
       closed_on = CASE WHEN $3::int8 + $4::int8 + $5::int8 + $6::int8 > 0 THEN NULL
         WHEN closed_on IS NOT NULL THEN closed_on ELSE $9::date END,
       closure = CASE WHEN $3::int8 + $4::int8 + $5::int8 + $6::int8 > 0 THEN NULL
         WHEN closed_on IS NOT NULL THEN closure ELSE $10::text END,
       updated_at = now()
     WHERE portfolio_id = $1 AND account_id = $2
     RETURNING ${columns}`,
    [
      portfolioId,
      accountId,
      next.principal,
      next.interest,
      next.fees,
      next.overdue,
      restore,
      before.nextDueDate,
      credit.closure?.on ?? null,
      credit.closure?.closure ?? null,
    ],
  );
  return { before, after: balancesOf(updated as Row), result };
}
