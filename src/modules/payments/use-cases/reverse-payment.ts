import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PaymentRefusal } from '../domain/refusals.js';
import { takeBackPromiseCredits } from '../../arrangements/index.js';
import { applyAccountCredit, type AccountBalances } from '../../portfolio/index.js';
import { receivableCredit } from '../account-ledger.js';
import { reversalPosting } from '../domain/index.js';
import { invalid, requireDate } from '../domain/money-checks.js';
import {
  findPayment,
  insertPosting,
  loadPosting,
  markPaymentReversed,
  type PaymentRow,
} from '../store.js';
import { promiseCreditRef } from './post-payment.js';

export type ReversePaymentOptions = {
  tx: Queryable;
  paymentId: bigint;
  reversedOn: CalendarDate;
  reason?: string | null;
};

export type ReversedPayment = {
  payment: PaymentRow;
  account: AccountBalances;
  /** What the payment had credited to promises to pay, taken back (a kept one is reopened). */
  promisesTakenBack: { promiseId: bigint; amountMinor: bigint; reopened: boolean }[];
};

/**
 * Reverses a posted payment (a bounced payment): posts the mirror of its posting, so every charge
 * gets back exactly what the payment took off it, and restores the account's outstanding and
 * overdue amounts (and its oldest unpaid due date) by exactly what the payment reduced, and takes
 * back what the payment credited to promises to pay (arrangements' takeBackPromiseCredits), all
 * in the caller's transaction. A payment is reversed at most once (409 conflict the second time).
 */
export async function reversePayment(opts: ReversePaymentOptions): Promise<ReversedPayment> {
  const { tx, paymentId } = opts;
  requireDate('reversed_on', opts.reversedOn);
  const found = await findPayment(tx, paymentId);
  if (!found)
    throw new AppError('not_found', `no payment ${paymentId}`, { payment_id: String(paymentId) });
  const { after, result } = await applyAccountCredit({
    tx,
    portfolioId: found.portfolio_id,
    accountId: found.account_id,
    decide: async () => {
      const payment = (await findPayment(tx, paymentId, true)) as PaymentRow;
      if (payment.status === 'reversed')
        throw new AppError('conflict', `payment ${paymentId} is already reversed`, {
          payment_id: String(paymentId),
          reversed_on: payment.reversed_on,
          reason: 'already_reversed' satisfies PaymentRefusal,
        });
      if (opts.reversedOn < payment.paid_on)
        throw invalid('reversed_on', `is before the payment's paid_on ${payment.paid_on}`);
      const original = await loadPosting(tx, payment.portfolio_id, payment.posting_id);
      const posting = reversalPosting('reversal', original);
      const reversalPostingId = await insertPosting(tx, {
        portfolioId: payment.portfolio_id,
        accountId: payment.account_id,
        postedOn: opts.reversedOn,
        memo: `reversal of payment ${paymentId}`,
        posting,
        reversesPostingId: payment.posting_id,
      });
      const reversed = await markPaymentReversed(tx, {
        portfolioId: payment.portfolio_id,
        paymentId,
        reversalPostingId,
        reversedOn: opts.reversedOn,
        reason: opts.reason ?? null,
      });
      const c = receivableCredit(posting);
      return {
        credit: {
          principalMinor: c.principalMinor,
          interestMinor: c.interestMinor,
          feesMinor: c.feesMinor,
          overdueMinor: -payment.overdue_reduced_minor,
          restoreOldestUnpaidDueDate: payment.prior_oldest_unpaid_due_date,
        },
        result: reversed,
      };
    },
  });
  const { takenBack } = await takeBackPromiseCredits({
    tx,
    portfolioId: result.portfolio_id,
    accountId: result.account_id,
    paymentRef: promiseCreditRef(paymentId),
    reversedOn: opts.reversedOn,
  });
  return { payment: result, account: after, promisesTakenBack: takenBack };
}
