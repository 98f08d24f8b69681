import type { CalendarDate } from '../../../shared/calendar.js';
import type { Queryable } from '../../../shared/db/types.js';

export type RecordAccountClosuresOptions = { tx: Queryable; asOf: CalendarDate };

export type RecordedClosures = { closed: number; reopened: number };

/**
 * Keeps accounts.closed_on true to the balances, set-based (the daily cycle runs it): an account
 * that owes nothing and is not yet closed is closed as paid off on the as-of date (a loan tape that
 * shows it paid; payments close their accounts themselves, on the day paid), and a closed account
 * that owes again (a re-import) is open again. Both statements walk partial indexes, not the table.
 */
export async function recordAccountClosures(
  o: RecordAccountClosuresOptions,
): Promise<RecordedClosures> {
  const reopened = await o.tx.execute(
    `UPDATE accounts SET closed_on = NULL, closure = NULL, updated_at = now()
     WHERE closed_on IS NOT NULL AND (principal_outstanding_minor > 0
       OR interest_outstanding_minor > 0 OR fees_outstanding_minor > 0 OR overdue_amount_minor > 0)`,
  );
  const closed = await o.tx.execute(
    `UPDATE accounts SET closed_on = $1::date, closure = 'paid_off', updated_at = now()
     WHERE closed_on IS NULL AND principal_outstanding_minor = 0
       AND interest_outstanding_minor = 0 AND fees_outstanding_minor = 0
       AND overdue_amount_minor = 0`,
    [o.asOf],
  );
  return { closed, reopened };
}
