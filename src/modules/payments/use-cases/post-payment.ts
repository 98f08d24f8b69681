import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { creditPromises } from '../../arrangements/index.js';
import { applyAccountCredit, type AccountBalances } from '../../portfolio/index.js';
import { allocationPolicyOf, openChargesOf, reducingCredit } from '../account-ledger.js';
import {
  allocatePayment,
  paymentPosting,
  type AllocationLine,
  type AllocationPolicy,
} from '../domain/index.js';
import {
  requireCurrency,
  requireDate,
  requirePositive,
  requireSameCurrency,
} from '../domain/money-checks.js';
import { insertPayment, insertPosting, type PaymentRow, type PaymentSource } from '../store.js';

export type PostPaymentOptions = {
  /** A transaction: the whole posting happens in it (callers add idempotency around it). */
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  amountMinor: bigint;
  currency: string;
  paidOn: CalendarDate;
  reference?: string | null;
  channel?: string | null;
  source: PaymentSource;
  /** Allocation policies already read in this transaction, by product (bulk posting reuses it). */
  policies?: Map<string, AllocationPolicy>;
};

export type PostedPayment = {
  payment: PaymentRow;
  allocation: readonly AllocationLine[];
  account: AccountBalances;
  /** The open promises to pay this payment counts toward (arrangements module). */
  promisesCredited: { promiseId: bigint; amountMinor: bigint }[];
};

/** The reference a posted payment credits promises to pay under (and a reversal takes back). */
export const promiseCreditRef = (paymentId: bigint): string => `payment:${paymentId}`;

/**
 * Posts a payment: refuses a non-positive amount, a currency other than the account's and an
 * unknown account (naming the field); opens the ledger from the imported balances on the first
 * posting; allocates by the product's waterfall; writes the balanced payment posting (cash
 * debited, receivables credited per charge, any overpayment held as unapplied); and reduces the
 * account's outstanding and overdue amounts through the portfolio module (an account paid up has
 * no overdue amount and no oldest unpaid due date: the next cycle cures it); and credits the
 * account's open promises to pay (arrangements' creditPromises, by payment id).
 */
export async function postPayment(opts: PostPaymentOptions): Promise<PostedPayment> {
  const { tx, portfolioId, accountId } = opts;
  const policyOf = async (product: string) => {
    const cached = opts.policies?.get(product);
    if (cached !== undefined) return cached;
    const policy = await allocationPolicyOf(tx, product);
    opts.policies?.set(product, policy);
    return policy;
  };
  requirePositive('amount_minor', opts.amountMinor);
  requireCurrency('currency', opts.currency);
  requireDate('paid_on', opts.paidOn);
  const { after, result } = await applyAccountCredit({
    tx,
    portfolioId,
    accountId,
    decide: async (account) => {
      requireSameCurrency('currency', opts.currency, account.currency);
      const charges = await openChargesOf(tx, account, opts.paidOn);
      const allocation = allocatePayment({
        amountMinor: opts.amountMinor,
        currency: opts.currency,
        accountCurrency: account.currency,
        charges,
        policy: await policyOf(account.product),
      });
      const posting = paymentPosting('payment', allocation);
      const credit = reducingCredit(account, posting);
      const postingId = await insertPosting(tx, {
        portfolioId,
        accountId,
        postedOn: opts.paidOn,
        memo: `payment${opts.reference ? ` ref ${opts.reference}` : ''}`,
        posting,
      });
      const payment = await insertPayment(tx, {
        portfolio_id: portfolioId,
        account_id: accountId,
        currency: opts.currency,
        amount_minor: opts.amountMinor,
        applied_minor: allocation.appliedMinor,
        unapplied_minor: allocation.unappliedMinor,
        paid_on: opts.paidOn,
        reference: opts.reference ?? null,
        channel: opts.channel ?? null,
        source: opts.source,
        posting_id: postingId,
        overdue_reduced_minor: credit.overdueMinor,
        prior_oldest_unpaid_due_date: account.oldestUnpaidDueDate,
      });
      return { credit, result: { payment, allocation: allocation.lines } };
    },
  });
  const { credited } = await creditPromises({
    tx,
    portfolioId,
    accountId,
    currency: opts.currency,
    amountMinor: opts.amountMinor,
    paidOn: opts.paidOn,
    paymentRef: promiseCreditRef(result.payment.payment_id),
  });
  return { ...result, account: after, promisesCredited: credited };
}
