import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PaymentRefusal } from '../domain/refusals.js';
import { findStatementEntry, resolveStatementEntry, type StatementEntryRow } from '../store.js';
import { postPayment } from './post-payment.js';

export type ResolveReviewEntryOptions = {
  tx: Queryable;
  entryId: bigint;
  /** The person resolving it (recorded). */
  resolvedBy: string;
} & (
  { action: 'post'; portfolioId: bigint; accountId: string } | { action: 'dismiss'; reason: string }
);

/**
 * Resolves a statement entry in the review queue: posts it as a payment to the account a person
 * chose (any account in the entry's currency, not only a suggested one), or dismisses it (not a
 * payment of ours) with a reason. An entry is resolved once (409 the second time).
 */
export async function resolveReviewEntry(
  opts: ResolveReviewEntryOptions,
): Promise<StatementEntryRow> {
  const { tx, entryId } = opts;
  const entry = await findStatementEntry(tx, entryId);
  if (!entry)
    throw new AppError('not_found', `no statement entry ${entryId}`, {
      entry_id: String(entryId),
    });
  if (entry.status !== 'review')
    throw new AppError(
      'conflict',
      `statement entry ${entryId} is not in review (${entry.status})`,
      {
        entry_id: String(entryId),
        status: entry.status,
        reason: 'not_in_review' satisfies PaymentRefusal,
      },
    );
  if (opts.action === 'dismiss')
    return resolveStatementEntry(tx, {
      entryId,
      status: 'dismissed',
      portfolioId: null,
      accountId: null,
      paymentId: null,
      resolvedBy: opts.resolvedBy,
      reason: opts.reason,
    });
  const paidOn = entry.booking_date ?? entry.value_date;
  if (paidOn === null)
    throw new AppError('validation_failed', 'the entry has no booking or value date to post on', {
      field: 'booking_date',
    });
  const posted = await postPayment({
    tx,
    portfolioId: opts.portfolioId,
    accountId: opts.accountId,
    amountMinor: entry.amount_minor,
    currency: entry.currency,
    paidOn,
    reference: entry.entry_reference,
    channel: 'bank_transfer',
    source: 'review',
  });
  return resolveStatementEntry(tx, {
    entryId,
    status: 'resolved',
    portfolioId: opts.portfolioId,
    accountId: opts.accountId,
    paymentId: posted.payment.payment_id,
    resolvedBy: opts.resolvedBy,
    reason: null,
  });
}
