import type { Queryable } from '../../../shared/db/types.js';
import type { AllocationPolicy } from '../domain/index.js';
import type { PaymentSource } from '../store.js';
import { postPayments, type PaymentToPost, type PostedPayment } from './post-payments.js';

export { promiseCreditRef, type PostedPayment } from './post-payments.js';

export type PostPaymentOptions = PaymentToPost & {
  /** A transaction: the whole posting happens in it (callers add idempotency around it). */
  tx: Queryable;
  source: PaymentSource;
  /** Allocation policies already read in this transaction, by product (bulk posting reuses it). */
  policies?: Map<string, AllocationPolicy>;
};

/**
 * Posts one payment (postPayments with one): refuses a non-positive amount, a currency other than
 * the account's and an unknown account (naming the field); opens the ledger from the imported
 * balances on the first posting; allocates by the product's waterfall; writes the balanced
 * payment posting (cash debited, receivables credited per charge, any overpayment held as
 * unapplied); reduces the account's outstanding and overdue amounts through the portfolio module
 * (an account paid up has no overdue amount and no oldest unpaid due date: the next cycle cures
 * it); and credits the account's open promises to pay (by payment id).
 */
export async function postPayment(opts: PostPaymentOptions): Promise<PostedPayment> {
  const { tx, source, policies, ...payment } = opts;
  const [r] = await postPayments({ tx, source, policies, payments: [payment] });
  if (r === undefined) throw new Error('postPayments returned no result');
  if (!r.ok) throw r.error;
  return r.posted;
}
