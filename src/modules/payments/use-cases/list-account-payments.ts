import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';
import { listPostedPayments, type PaymentRow } from '../store.js';

export type ListAccountPaymentsOptions = {
  tx: Queryable;
  portfolioId: bigint;
  accountId: string;
  /** Payments paid on or after this day. */
  from: CalendarDate;
};

/** An account's posted (not reversed) payments from a day on, oldest first. */
export async function listAccountPayments(opts: ListAccountPaymentsOptions): Promise<PaymentRow[]> {
  return listPostedPayments(opts.tx, opts.portfolioId, opts.accountId, opts.from);
}
